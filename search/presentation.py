"""How a results page reads: whole titles, snippets without the index's own text,
dates only where they mean something, and a reader's-language copy before its
translation. Presentation only: the engines and their ranking stay as they are."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.engines.base import Hit, Results
from search.registry import registry

MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
# The index repeats session dates in both written forms so that they can be
# searched; in a snippet they read as noise.
INDEX_DATES = re.compile(r"\s*\b(?:\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})\b")
SENTENCE_END = re.compile(r"[.!?;:…)»”\"]\s")
# A date is the news article's or the training's own; for other kinds it is when
# the row was indexed or published on the portal, which readers cannot use.
DATED_KINDS = {"news", "event"}


def full_title_html(hit: Hit) -> SafeString:
    """The whole title, with the words the engine marked in its fragment marked."""
    terms = {term for term in MARK.findall(hit.title_html) if term.strip()}
    title = escape(hit.title)
    if not terms:
        return mark_safe(title)  # noqa: S308 - escaped just above
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)),
        re.IGNORECASE,
    )
    return mark_safe(pattern.sub(lambda found: f"<mark>{found[0]}</mark>", title))  # noqa: S308


def clean_snippet(snippet: str) -> SafeString:
    """The snippet without index-only text: search dates, and a trailing run of
    words with no match and no sentence end (labels the index appends, such as a
    resource type, a venue or an agency's kind and country)."""
    text = INDEX_DATES.sub("", str(snippet)).strip()
    ends = [found.end() for found in SENTENCE_END.finditer(text + " ")]
    if ends:
        cut = ends[-1]
        tail = text[cut:]
        if tail.strip() and "<mark>" not in tail:
            text = text[:cut].rstrip()
    return mark_safe(text)  # noqa: S308 - the engine's escaped, marked snippet


def _translation_group(hit: Hit) -> tuple[str, str]:
    """Hits of one item in several languages share the kind and the address
    without the language prefix (the portal gives translations the same slug)."""
    path = urlsplit(hit.url).path
    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    for prefix in prefixes:
        if path.startswith(prefix):
            path = path[len(prefix) - 1 :]
            break
    return hit.kind, path


def reader_language_first(hits: list[Hit], language: str) -> list[Hit]:
    """Each item's copy in `language` where its best-ranked copy stood, the other
    languages' copies right after it; items keep their order."""
    groups: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        groups.setdefault(_translation_group(hit), []).append(hit)
    ordered = []
    for group in groups.values():
        ordered += sorted(group, key=lambda hit: hit.language != language)
    return ordered


def present(results: Results, language: str) -> Results:
    """Dress a results page for reading (in place; returned for convenience)."""
    results.hits = reader_language_first(results.hits, language)
    for hit in results.hits:
        hit.title_html = full_title_html(hit)
        hit.snippet = clean_snippet(hit.snippet)
        hit.show_date = hit.kind in DATED_KINDS and hit.date is not None
        hit.other_language = hit.language not in (language, "multi", "")
    annotate(results.hits)
    return results


def annotate(hits: list[Hit]) -> None:
    """Each kind's adapter adds what changes without reindexing (a training's
    registration state), one read per kind for the whole page."""
    by_kind: dict[str, list[Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    for kind, kind_hits in by_kind.items():
        adapter = registry.get(kind)
        if adapter is not None:
            adapter.annotate_hits(kind_hits)
