"""Word handling shared by the engines: folding, a light Spanish/English stemmer,
and snippets with the matched words marked.

The stemmer only folds plurals and a final "e" so that the same word reduces to the
same form in both languages ("capacitaciones" and "capacitación", "trainings" and
"training", "leyes" and "ley"); it is applied at index and at query time alike.
"""

import functools
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


COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lowercase without accents: "Migración" → "migracion"."""
    text = text.lower()
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


def _aligned_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        folded = fold(chr(code))
        if len(folded) == 1:
            table[code] = folded
    return table


# Folds accented Latin letters one for one, so positions in the folded text are
# positions in the original: snippets mark the original words.
ALIGNED = _aligned_table()


@functools.lru_cache(maxsize=200_000)
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


def _matches(term: str, wanted: set[str]) -> bool:
    if term in wanted:
        return True
    # The PostgreSQL stemmers reduce further than ours ("capacitar", "capacitación"):
    # a shared stem of five letters or more is still worth marking.
    return any(
        len(other) >= 5
        and len(term) >= 5
        and (term.startswith(other) or other.startswith(term))
        for other in wanted
    )


def _marks(folded: str, wanted: set[str], start: int = 0, end: int | None = None):
    """Spans of the words of `folded` that match one of the stems in `wanted`."""
    if not wanted:
        return
    candidates = re.compile(
        r"\b(?:" + "|".join(re.escape(term[:5]) for term in wanted) + r")\w*"
    )
    for match in candidates.finditer(
        folded, start, len(folded) if end is None else end
    ):
        if _matches(stem(match.group()), wanted):
            yield match.span()


def highlight(text: str, query: str, *, length: int = 240) -> SafeString:
    """An escaped excerpt of `text` around the first matched word, matches in <mark>.

    Without a match the excerpt is the start of the text.
    """
    wanted = {term for term in query_terms(query) if term not in UNMARKED}
    text = " ".join(text[:200_000].split())
    folded = text.lower().translate(ALIGNED)
    if len(folded) != len(text):
        folded = text
    start = 0
    # Centre on the first mark of the longest (usually the rarest) query word.
    first = next(_marks(folded, {max(wanted, key=len)}), None) if wanted else None
    first = first or next(_marks(folded, wanted), None)
    if first is not None:
        start = max(0, first[0] - length // 3)
        space = text.rfind(" ", 0, start)
        start = space + 1 if start and space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces = ["…" if start else ""]
    cursor = start
    for mark_start, mark_end in _marks(folded, wanted, start, end):
        mark_end = min(mark_end, end)
        pieces.append(escape(text[cursor:mark_start]))
        pieces.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    # Every piece was escaped above; only our <mark> tags are markup.
    return mark_safe("".join(pieces))  # noqa: S308


def highlight_title(title: str, query: str) -> SafeString:
    return highlight(title, query, length=len(title) + 1)
