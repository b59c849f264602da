"""Word handling shared by the engines: folding, a light Spanish/English stemmer,
and snippets with the matched words marked.

The stemmer only folds plurals and a final "e" so that the same word reduces to the
same form in both languages ("capacitaciones" and "capacitación", "trainings" and
"training", "leyes" and "ley"); it is applied at index and at query time alike.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
SPANISH_PLURAL_AFTER = set("dlnrjy")
KEEP_ENDINGS = ("ss", "us", "is")
# Too common to be worth marking in a snippet (they are still searched).
UNMARKED = set(
    "a al con de del el en la las lo los o para por que se su un una y "
    "an and as at by for from in is it of on or the to with".split()
)


def clean_query(raw: str) -> str:
    """User input made safe to search: no control characters, bounded length."""
    text = CONTROL.sub(" ", raw or "")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def fold(text: str) -> str:
    """Lowercase without accents: "Migración" → "migracion"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """Reduce a folded word to the form both plural and singular share."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("iones"):
        word = word[:-2]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("es") and word[-3] in SPANISH_PLURAL_AFTER:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(KEEP_ENDINGS):
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """Stemmed words of a text, in order: what the SQLite index stores."""
    return [stem(word) for word in words(text)]


def query_terms(query: str) -> list[str]:
    """Distinct stemmed words of a query, in order, at most MAX_QUERY_WORDS."""
    seen: dict[str, None] = {}
    for term in terms(query):
        seen.setdefault(term, None)
    return list(seen)[:MAX_QUERY_WORDS]


def _matches(word: str, wanted: set[str]) -> bool:
    term = stem(fold(word))
    if term in wanted:
        return True
    # The PostgreSQL stemmers reduce further than ours ("capacitar", "capacitación"):
    # a shared stem of five letters or more is still worth marking.
    return any(
        len(other) >= 5
        and len(term) >= 5
        and term[:5] == other[:5]
        and (term.startswith(other) or other.startswith(term))
        for other in wanted
    )


def highlight(text: str, query: str, *, length: int = 240) -> SafeString:
    """An escaped excerpt of `text` around the first matched word, matches in <mark>.

    Without a match the excerpt is the start of the text.
    """
    wanted = {term for term in query_terms(query) if term not in UNMARKED}
    text = " ".join(text.split())
    scan = text[:200_000]
    start = 0
    first = None
    if wanted:
        # Centre on the first mark of the longest (usually the rarest) query word.
        longest = {max(wanted, key=len)}
        first = next(
            (m for m in WORD.finditer(scan) if _matches(m.group(), longest)), None
        ) or next((m for m in WORD.finditer(scan) if _matches(m.group(), wanted)), None)
    if first is not None:
        start = max(0, first.start() - length // 3)
        space = scan.rfind(" ", 0, start)
        start = space + 1 if start and space != -1 else start
    end = min(len(scan), start + length)
    if end < len(scan):
        space = scan.rfind(" ", start, end)
        end = space if space > start else end
    pieces = ["…" if start else ""]
    cursor = start
    for match in WORD.finditer(scan, start, end):
        if wanted and _matches(match.group(), wanted):
            pieces.append(escape(scan[cursor : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            cursor = match.end()
    pieces.append(escape(scan[cursor:end]))
    if end < len(text):
        pieces.append("…")
    # Every piece was escaped above; only our <mark> tags are markup.
    return mark_safe("".join(pieces))  # noqa: S308


def highlight_title(title: str, query: str) -> SafeString:
    return highlight(title, query, length=len(title) + 1)
