"""Text extraction from document files (PDF, DOCX, ODT, plain text and Markdown).

Reading never raises: a file that is too large, of an unread type or unreadable
gives an `Extraction` with a status and an error, and the caller indexes the
document by its title and metadata instead.
"""

import io
import logging
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from search.models import DocumentText

logger = logging.getLogger(__name__)

Status = DocumentText.Status


def max_bytes() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_BYTES", 15 * 1024 * 1024)


def max_pages() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_PAGES", 300)


def max_chars() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_CHARS", 400_000)


@dataclass(frozen=True)
class Extraction:
    status: str
    text: str = ""
    pages: int | None = None
    error: str = ""


def _pdf(content: bytes) -> Extraction:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    total = len(reader.pages)
    texts = []
    for page in reader.pages[: max_pages()]:
        texts.append(page.extract_text() or "")
        if sum(len(text) for text in texts) > max_chars():
            break
    status = Status.TRUNCATED if total > max_pages() else Status.OK
    return Extraction(status=status, text="\n".join(texts), pages=total)


def _docx(content: bytes) -> Extraction:
    import docx

    document = docx.Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return Extraction(status=Status.OK, text="\n".join(texts))


def _odt(content: bytes) -> Extraction:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    document = load(io.BytesIO(content))
    texts = [
        teletype.extractText(element)
        for kind in (odf_text.H, odf_text.P)
        for element in document.getElementsByType(kind)
    ]
    return Extraction(status=Status.OK, text="\n".join(texts))


def _plain(content: bytes) -> Extraction:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    return Extraction(status=Status.OK, text=text)


READERS = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".odt": _odt,
    ".txt": _plain,
    ".md": _plain,
    ".csv": _plain,
}


def extract_bytes(content: bytes, filename: str) -> Extraction:
    """Read the text of one file's content; the extension picks the reader."""
    reader = READERS.get(PurePath(filename).suffix.lower())
    if reader is None:
        return Extraction(status=Status.UNSUPPORTED)
    if len(content) > max_bytes():
        return Extraction(
            status=Status.TOO_LARGE,
            error=f"{len(content)} bytes, limit {max_bytes()}",
        )
    try:
        extraction = reader(content)
    except Exception as error:  # any parser failure means the file is unreadable
        logger.warning("Could not read text from %s", filename, exc_info=True)
        return Extraction(status=Status.FAILED, error=repr(error)[:500])
    text = extraction.text.replace("\x00", " ")
    if len(text) > max_chars():
        return Extraction(
            status=Status.TRUNCATED, text=text[: max_chars()], pages=extraction.pages
        )
    if not text.strip():
        return Extraction(status=Status.EMPTY, pages=extraction.pages)
    return Extraction(
        status=extraction.status, text=text, pages=extraction.pages, error=""
    )


def extract_file(field_file) -> Extraction:
    """Read a stored file (a Django FieldFile) without loading an oversized one."""
    name = field_file.name or ""
    if PurePath(name).suffix.lower() not in READERS:
        return Extraction(status=Status.UNSUPPORTED)
    try:
        size = field_file.size
        if size > max_bytes():
            logger.info("Not reading %s: %s bytes is over the limit", name, size)
            return Extraction(
                status=Status.TOO_LARGE, error=f"{size} bytes, limit {max_bytes()}"
            )
        with field_file.open("rb") as stream:
            content = stream.read()
    except OSError as error:
        logger.warning("Could not open %s", name, exc_info=True)
        return Extraction(status=Status.FAILED, error=repr(error)[:500])
    return extract_bytes(content, name)
