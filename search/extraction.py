"""Text extraction from document files (PDF, DOCX, ODT, plain text and Markdown).

Reading never raises: a file that is too large, of an unread type or unreadable
gives an `Extraction` with a status and an error, and the caller indexes the
document by its title and metadata instead. The parsers run in a child process
with memory, CPU and time limits (search.readers); a zip that would unpack to too
much is not opened at all. Either way the text is "not extracted", never a failed
upload.
"""

import io
import json
import logging
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from search import readers
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


def max_unpacked_bytes() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_UNPACKED_BYTES", 20 * 1024 * 1024)


def max_compression_ratio() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_COMPRESSION_RATIO", 100)


def max_memory_bytes() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_MEMORY_BYTES", 768 * 1024 * 1024)


def max_cpu_seconds() -> int:
    return getattr(settings, "SEARCH_EXTRACT_MAX_CPU_SECONDS", 20)


def timeout_seconds() -> float:
    return getattr(settings, "SEARCH_EXTRACT_TIMEOUT_SECONDS", 30)


# Members smaller than this may compress as they like (a page of spaces does).
RATIO_CHECKED_FROM = 1024 * 1024

ZIP_SUFFIXES = {".docx", ".odt"}
# Decoding text needs no parser: it is read here, without a child process.
PLAIN_SUFFIXES = {".txt", ".md", ".csv"}


def _over_zip_limits(content: bytes) -> str:
    """Why this zip (DOCX, ODT) is not unpacked for reading, or "" when it may be.

    A parser inflates the XML parts whole, so a small file whose parts unpack to
    tens of megabytes (a zip bomb) costs the reader hundreds of megabytes.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return ""  # not a zip at all: the reader reports it unreadable
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked_bytes():
        return f"unpacks to {unpacked} bytes, limit {max_unpacked_bytes()}"
    for member in members:
        if member.file_size < RATIO_CHECKED_FROM:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > max_compression_ratio():
            return (
                f"{member.filename} is compressed {ratio:.0f} to 1, "
                f"limit {max_compression_ratio()}"
            )
    return ""


def _read_in_child(content: bytes, suffix: str, filename: str) -> Extraction:
    """Run the parser in a child process capped in memory, CPU and wall-clock time
    (search.readers); this process only waits for its JSON answer."""
    command = [
        sys.executable,
        "-m",
        "search.readers",
        suffix,
        str(max_memory_bytes()),
        str(max_cpu_seconds()),
        str(max_pages()),
        str(max_chars()),
    ]
    try:
        child = subprocess.run(  # noqa: S603 - our interpreter, our module
            command,
            input=content,
            capture_output=True,
            timeout=timeout_seconds(),
            cwd=settings.BASE_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning(
            "Reading %s took over %s s: stopped", filename, timeout_seconds()
        )
        return Extraction(
            status=Status.NOT_EXTRACTED,
            error=f"reading took over {timeout_seconds()} s",
        )
    if child.returncode == readers.EXIT_READ:
        result = json.loads(child.stdout)
        return Extraction(
            status=result["status"], text=result["text"], pages=result.get("pages")
        )
    if child.returncode == readers.EXIT_UNREADABLE:
        logger.warning("Could not read text from %s", filename)
        error = json.loads(child.stdout or "{}").get("error", "")
        return Extraction(status=Status.FAILED, error=error or "unreadable")
    stderr = child.stderr.decode(errors="replace")
    if (
        child.returncode == readers.EXIT_OVER_LIMIT
        or child.returncode < 0  # killed: the CPU limit (SIGXCPU, SIGKILL)
        or "MemoryError" in stderr
    ):
        logger.warning(
            "Reading %s went over the memory or CPU limit (exit %s)",
            filename,
            child.returncode,
        )
        return Extraction(
            status=Status.NOT_EXTRACTED,
            error=f"over the reading limits (exit {child.returncode})",
        )
    logger.warning("The reader of %s failed: %s", filename, stderr[-2000:])
    return Extraction(status=Status.FAILED, error=stderr[-500:] or "reader failed")


READERS = readers.READERS


def extract_bytes(content: bytes, filename: str) -> Extraction:
    """Read the text of one file's content; the extension picks the reader."""
    if PurePath(filename).suffix.lower() not in READERS:
        return Extraction(status=Status.UNSUPPORTED)
    if len(content) > max_bytes():
        return Extraction(
            status=Status.TOO_LARGE,
            error=f"{len(content)} bytes, limit {max_bytes()}",
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix in ZIP_SUFFIXES and (reason := _over_zip_limits(content)):
        logger.warning("Not reading %s: %s", filename, reason)
        return Extraction(status=Status.NOT_EXTRACTED, error=reason)
    if suffix in PLAIN_SUFFIXES:
        extraction = Extraction(**readers.READERS[suffix](content))
    else:
        extraction = _read_in_child(content, suffix, filename)
    if extraction.status in (Status.FAILED, Status.NOT_EXTRACTED):
        return extraction
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
