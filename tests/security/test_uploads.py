"""Documents and images through the real admin upload URLs: only real files of an
allowed type are stored, whatever their name says."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from portal.uploads import DOCUMENT_CHECKS

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()


def pdf_bytes(text: str = "Protocolo de atención") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Guía de referencia")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Participantes"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="Ley de migración"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def png_bytes(trailer: bytes = b"") -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue() + trailer


def plain_zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(1)</script></svg>"
)

GENUINE = {
    "informe.pdf": pdf_bytes,
    "guia.docx": docx_bytes,
    "lista.xlsx": xlsx_bytes,
    "ley.odt": odt_bytes,
    "notas.txt": lambda: "Taller de tres días — instructores\n".encode(),
    "leeme.md": lambda: "# Taller\n\n* día 1\n".encode(),
    "asistentes.csv": lambda: b"nombre,entidad\nAna,SNM\n",
}

POSING = {
    "html-as.pdf": HTML,
    "program.pdf": EXE,
    "header-only.pdf": b"%PDF-1.7\n<html><script>alert(1)</script></html>",
    "zip-as.docx": plain_zip("evil.html"),
    "workbook-as.docx": None,  # filled below: a real XLSX renamed .docx
    "text-as.xlsx": b"just text",
    "docx-as.odt": None,
    "nul.txt": b"abc\x00def",
    "latin1.csv": "año,niño\n".encode("latin-1"),
    "page.md": EXE,
}


def posing_files():
    files = dict(POSING)
    files["workbook-as.docx"] = xlsx_bytes()
    files["docx-as.odt"] = docx_bytes()
    return files


def root_collection_id() -> int:
    return Collection.get_first_root_node().pk


def stored_document_files() -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "documents"
    return list(folder.rglob("*")) if folder.exists() else []


def test_allow_list_has_a_content_check_for_every_extension():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == set(DOCUMENT_CHECKS)


@pytest.mark.parametrize("name", sorted(GENUINE))
def test_genuine_documents_are_stored_from_the_add_form(admin_client, name):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "collection": root_collection_id(),
            "file": SimpleUploadedFile(name, GENUINE[name]()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.filter(title=name).exists()


def test_files_posing_as_documents_are_refused_by_the_add_form(admin_client):
    before = stored_document_files()
    for name, content in posing_files().items():
        response = admin_client.post(
            "/admin/documents/add/",
            {
                "title": name,
                "collection": root_collection_id(),
                "file": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f"“{name}” is not a real" in html, name
        assert "Nothing was saved." in html
    assert not Document.objects.exists()
    assert stored_document_files() == before


def test_files_posing_as_documents_are_refused_by_the_multiple_upload(admin_client):
    before = stored_document_files()
    for name, content in posing_files().items():
        response = admin_client.post(
            "/admin/documents/multiple/add/",
            {
                "collection": root_collection_id(),
                "files[]": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert body["success"] is False, name
        assert f"“{name}” is not a real" in body["error_message"]
    assert not Document.objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_document_files() == before


def test_stored_text_document_is_served_as_inert_text(admin_client):
    admin_client.post(
        "/admin/documents/add/",
        {
            "title": "notes",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile("notes.txt", b"<script>alert(1)</script>"),
        },
    )
    response = admin_client.get(Document.objects.get().url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Wagtail's document view sets its own, stricter policy.
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["X-Frame-Options"] == "DENY"


def test_multiple_upload_stores_a_real_pdf(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {
            "collection": root_collection_id(),
            "files[]": SimpleUploadedFile("real.pdf", pdf_bytes()),
        },
    )
    assert response.json()["success"] is True
    assert Document.objects.get().file.read().startswith(b"%PDF-")


def test_extension_outside_the_allow_list_is_refused(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {
            "collection": root_collection_id(),
            "files[]": SimpleUploadedFile("page.html", HTML),
        },
    )
    assert response.json()["success"] is False
    assert not Document.objects.exists()


def test_document_over_the_size_limit_is_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "big",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile("big.txt", b"a" * 2048),
        },
    )
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Document.objects.exists()


def test_real_image_is_stored_and_served_re_encoded(admin_client):
    payload = b"<script>alert(1)</script>"
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "foto",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile("foto.png", png_bytes(trailer=payload)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    rendition = image.get_rendition("width-20")
    rendition.file.open("rb")
    encoded = rendition.file.read()
    rendition.file.close()
    assert encoded.startswith(b"\x89PNG")
    assert payload not in encoded


IMAGE_REFUSALS = (
    "Not a supported image format",
    "Upload a valid image",
    "The extension does not match the file format",
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", SVG),
        ("drawing.png", SVG),
        ("page.jpg", HTML),
        ("program.gif", EXE),
        ("document.webp", b"%PDF-1.4 not an image"),
    ],
)
def test_files_posing_as_images_are_refused(admin_client, name, content):
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": name,
            "collection": root_collection_id(),
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert any(message in response.content.decode() for message in IMAGE_REFUSALS)
    multiple = admin_client.post(
        "/admin/images/multiple/add/",
        {
            "collection": root_collection_id(),
            "files[]": SimpleUploadedFile(name, content),
        },
    )
    assert multiple.json()["success"] is False
    assert any(
        message in multiple.json()["error_message"] for message in IMAGE_REFUSALS
    )
    assert not Image.objects.exists()
    assert not UploadedFile.objects.exists()


# --- Text extraction after an upload: limits, never a failed upload ---------------


def docx_zip_bomb(unpacked_bytes: int = 40 * 1024 * 1024) -> bytes:
    """A real DOCX (it passes the content check) whose document.xml is a short
    paragraph repeated until it unpacks to `unpacked_bytes`: ~100 KB on disk, a
    million paragraphs for the parser."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    paragraph = b"<w:p><w:r><w:t>bomba</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for member in source.infolist():
            part = source.read(member.filename)
            if member.filename == "word/document.xml":
                body = b"<w:body>" + paragraph * (unpacked_bytes // len(paragraph))
                part = part.replace(b"<w:body>", body, 1)
            bomb.writestr(member.filename, part)
    return buffer.getvalue()


def upload_document(admin_client, title: str, name: str, content: bytes):
    """The admin's add form, with the after-commit work (extraction, indexing) run
    as it runs at the end of a real request."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(
            "/admin/documents/add/",
            {
                "title": title,
                "collection": root_collection_id(),
                "file": SimpleUploadedFile(name, content),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Document.objects.select_related("extracted_text").get(title=title)


def test_docx_zip_bomb_is_stored_quickly_with_text_not_extracted(admin_client):
    import time

    from search.models import DocumentText

    bomb = docx_zip_bomb()
    assert len(bomb) < 200 * 1024

    started = time.monotonic()
    document = upload_document(admin_client, "Guía inflada", "inflada.docx", bomb)
    elapsed = time.monotonic() - started

    assert elapsed < 10
    assert document.file.size == len(bomb)
    assert document.extracted_text.status == DocumentText.Status.NOT_EXTRACTED
    assert "limit" in document.extracted_text.error
    assert document.extracted_text.text == ""
    # Staff see it in the admin, read-only.
    listing = admin_client.get("/admin/document-text/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Guía inflada" in html
    assert "Text not extracted: over the reading limits" in html
    text_pk = document.extracted_text.pk
    inspect = admin_client.get(f"/admin/document-text/inspect/{text_pk}/")
    assert inspect.status_code == 200
    assert admin_client.get("/admin/document-text/new/").status_code != 200
    assert admin_client.get(f"/admin/document-text/edit/{text_pk}/").status_code != 200


def test_agency_editors_do_not_see_the_document_text_of_every_collection(client):
    from tests.factories import AgencyFactory, make_member

    editor = make_member(AgencyFactory(slug="snm"), role="editor")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/document-text/").status_code != 200


@pytest.mark.parametrize(
    ("name", "content", "word"),
    [
        (
            "protocolo.pdf",
            lambda: pdf_bytes("Protocolo de derivaciones"),
            "derivaciones",
        ),
        ("guia.docx", docx_bytes, "referencia"),
    ],
)
def test_normal_documents_still_have_their_text_searched(
    admin_client, site_tree, name, content, word
):
    from search.engines.database import DatabaseEngine
    from search.models import DocumentText

    document = upload_document(admin_client, f"Documento {name}", name, content())

    assert document.extracted_text.status == DocumentText.Status.OK
    assert word in document.extracted_text.text.lower()
    assert DatabaseEngine().search(word).total == 1


def docx_with_content_types(content_types: bytes, *, stored: bool = False) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for member in source.infolist():
            part = source.read(member.filename)
            if member.filename == "[Content_Types].xml":
                part = content_types
            archive.writestr(member.filename, part)
    return buffer.getvalue()


def test_docx_whose_checked_part_is_a_zip_bomb_is_refused(admin_client):
    real = zipfile.ZipFile(io.BytesIO(docx_bytes())).read("[Content_Types].xml")
    bomb = docx_with_content_types(real + b" " * (5 * 1024 * 1024))
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "tipos",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile("tipos.docx", bomb),
        },
    )
    assert response.status_code == 200
    assert "“tipos.docx” is not a real" in response.content.decode()
    assert not Document.objects.exists()


def test_docx_with_a_corrupt_part_is_refused_with_a_message(admin_client):
    real = zipfile.ZipFile(io.BytesIO(docx_bytes())).read("[Content_Types].xml")
    content = docx_with_content_types(real, stored=True)
    # One byte of the stored part changed: its CRC no longer matches.
    at = content.index(b"<Types") + 1
    corrupt = content[:at] + b"X" + content[at + 1 :]
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "rota",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile("rota.docx", corrupt),
        },
    )
    assert response.status_code == 200
    assert "“rota.docx” is not a real" in response.content.decode()
    assert not Document.objects.exists()
