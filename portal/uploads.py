"""What the portal accepts as an uploaded document: an allow-list of types, each
recognised by its content (a file's extension only says which check applies)."""

import csv
import io
import os
import zipfile
import zlib
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# A document unpacks to at most this much (Office files are zip archives). The
# check below reads only small parts; reading the text for search has its own,
# lower limits (search.extraction), so a larger document is stored unread.
MAX_UNPACKED_SIZE = 200 * 1024 * 1024
# The parts the check reads ([Content_Types].xml, mimetype) are a few kilobytes;
# one that unpacks to more is a zip bomb, not an Office file.
MAX_CHECKED_PART_SIZE = 1024 * 1024

_OOXML_MAIN = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        b".main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class NotThatType(Exception):
    """The content is not what the extension promises."""


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not content.startswith(b"%PDF-"):
        raise NotThatType
    try:
        reader = PdfReader(io.BytesIO(content))
        if not reader.is_encrypted and len(reader.pages) < 1:
            raise NotThatType
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise NotThatType from error


def _open_zip(content: bytes) -> zipfile.ZipFile:
    if not content.startswith(b"PK\x03\x04"):
        raise NotThatType
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise NotThatType from error
    if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_SIZE:
        raise NotThatType
    return archive


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_CHECKED_PART_SIZE:
        raise NotThatType
    try:
        return archive.read(name)
    except (
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,  # an encrypted member
        EOFError,
        ValueError,
    ) as error:
        raise NotThatType from error


def _check_ooxml(extension: str) -> Callable[[bytes], None]:
    main_part, main_type = _OOXML_MAIN[extension]

    def check(content: bytes) -> None:
        archive = _open_zip(content)
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or main_part not in names:
            raise NotThatType
        # A macro-enabled workbook or document renamed to .docx/.xlsx declares
        # another main content type and carries a vbaProject part.
        if main_type not in _read_part(archive, "[Content_Types].xml"):
            raise NotThatType
        if any(name.endswith("vbaProject.bin") for name in names):
            raise NotThatType

    return check


def _check_odt(content: bytes) -> None:
    archive = _open_zip(content)
    names = archive.namelist()
    if not names or names[0] != "mimetype" or "content.xml" not in names:
        raise NotThatType
    if _read_part(archive, "mimetype").strip() != ODT_MIMETYPE:
        raise NotThatType


def _decode_text(content: bytes) -> str:
    if b"\x00" in content:
        raise NotThatType
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotThatType from error


def _check_text(content: bytes) -> None:
    _decode_text(content)


def _check_csv(content: bytes) -> None:
    text = _decode_text(content)
    try:
        for _row in csv.reader(io.StringIO(text, newline="")):
            pass
    except csv.Error as error:
        raise NotThatType from error


DOCUMENT_CHECKS: dict[str, Callable[[bytes], None]] = {
    "pdf": _check_pdf,
    "docx": _check_ooxml("docx"),
    "xlsx": _check_ooxml("xlsx"),
    "odt": _check_odt,
    "txt": _check_text,
    "md": _check_text,
    "csv": _check_csv,
}

DOCUMENT_KINDS = {
    "pdf": _("PDF document"),
    "docx": _("Word document (DOCX)"),
    "xlsx": _("Excel workbook (XLSX)"),
    "odt": _("OpenDocument text (ODT)"),
    "txt": _("plain text (UTF-8)"),
    "md": _("Markdown text (UTF-8)"),
    "csv": _("CSV table (UTF-8)"),
}


def validate_document_content(file) -> None:
    """Raise ValidationError unless the file's content is the type its extension names.

    The file is read whole (the size limit has been checked before) and rewound.
    """
    extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
    check = DOCUMENT_CHECKS.get(extension)
    if check is None:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted types: %(accepted)s."),
            code="document_type_not_allowed",
            params={"accepted": ", ".join(sorted(DOCUMENT_CHECKS))},
        )
    file.seek(0)
    content = file.read()
    file.seek(0)
    try:
        check(content)
    except NotThatType:
        raise ValidationError(
            _(
                "“%(name)s” is not a real %(kind)s: its content does not match its "
                ".%(extension)s extension. Nothing was saved."
            ),
            code="document_content_mismatch",
            params={
                "name": os.path.basename(file.name),
                "kind": DOCUMENT_KINDS[extension],
                "extension": extension,
            },
        ) from None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (single upload, multiple upload, chooser, edit) with
    the content check; set as WAGTAILDOCS_DOCUMENT_FORM_BASE."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document_content(file)
        return file
