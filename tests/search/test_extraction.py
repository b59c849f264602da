"""Text extraction on real generated files, a corrupt one and an oversized one."""

import logging

import pytest
from django.test import override_settings
from fpdf import FPDF

from core.demo import pdf_bytes
from search.extraction import extract_bytes
from search.models import DocumentText
from search.services import document_text_refresh, index_document
from tests.search.conftest import docx_bytes, make_document, odt_bytes


def test_pdf_made_with_fpdf2():
    content = pdf_bytes("Protocolo", ["La capacitación de instructores en Panamá."])
    extraction = extract_bytes(content, "protocolo.pdf")
    assert extraction.status == DocumentText.Status.OK
    assert "capacitación de instructores" in extraction.text
    assert extraction.pages == 1


def test_docx_made_with_python_docx():
    content = docx_bytes(["Guía de coordinación", "Second paragraph in English."])
    extraction = extract_bytes(content, "guia.docx")
    assert extraction.status == DocumentText.Status.OK
    assert "Guía de coordinación" in extraction.text
    assert "Second paragraph" in extraction.text


def test_odt_made_with_odfpy():
    content = odt_bytes(["Informe anual de migración"])
    extraction = extract_bytes(content, "informe.odt")
    assert extraction.status == DocumentText.Status.OK
    assert "Informe anual de migración" in extraction.text


def test_plain_text_and_markdown():
    assert "acción" in extract_bytes("# Plan de acción".encode(), "plan.md").text
    latin = extract_bytes("canción".encode("latin-1"), "old.txt")
    assert latin.text == "canción"


def test_corrupt_file_is_a_failure_not_a_crash(caplog):
    with caplog.at_level(logging.WARNING, logger="search.extraction"):
        extraction = extract_bytes(b"%PDF-1.4 this is not really a pdf", "broken.pdf")
    assert extraction.status == DocumentText.Status.FAILED
    assert extraction.error
    assert "broken.pdf" in caplog.text
    assert extract_bytes(b"PK\x03\x04garbage", "broken.docx").status == "failed"
    assert extract_bytes(b"not a zip", "broken.odt").status == "failed"


@override_settings(SEARCH_EXTRACT_MAX_BYTES=1000)
def test_oversized_file_is_not_read():
    extraction = extract_bytes(b"x" * 1001, "big.txt")
    assert extraction.status == DocumentText.Status.TOO_LARGE
    assert extraction.text == ""


@override_settings(SEARCH_EXTRACT_MAX_PAGES=2)
def test_page_limit():
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for number in range(4):
        pdf.add_page()
        pdf.cell(0, 10, f"pagina{number}")
    extraction = extract_bytes(bytes(pdf.output()), "long.pdf")
    assert extraction.status == DocumentText.Status.TRUNCATED
    assert extraction.pages == 4
    assert "pagina1" in extraction.text
    assert "pagina2" not in extraction.text


def test_unsupported_type():
    assert extract_bytes(b"\x00\x01", "sheet.xlsx").status == "unsupported"


@pytest.mark.django_db
def test_unreadable_upload_is_kept_and_indexed_by_title(site_tree):
    from search.engines.database import DatabaseEngine

    document = make_document("Informe dañado", "danado.pdf", b"%PDF-1.4 garbage")
    index_document(document_id=document.pk)
    document.refresh_from_db()
    assert document.extracted_text.status == DocumentText.Status.FAILED
    assert DatabaseEngine().search("informe dañado").total == 1


@pytest.mark.django_db
@override_settings(SEARCH_EXTRACT_MAX_BYTES=1000)
def test_oversized_upload_is_indexed_by_title(site_tree):
    from search.engines.database import DatabaseEngine

    document = make_document("Anexo enorme", "anexo.txt", b"palabra " * 500)
    index_document(document_id=document.pk)
    assert document.extracted_text.status == DocumentText.Status.TOO_LARGE
    assert DatabaseEngine().search("anexo enorme").total == 1
    assert DatabaseEngine().search("palabra").total == 0


@pytest.mark.django_db
def test_text_is_not_read_again_for_the_same_file(site_tree):
    document = make_document("Nota", "nota.txt", b"contenido")
    first = document_text_refresh(document=document)
    second = document_text_refresh(document=document)
    assert first.pk == second.pk
    assert second.extracted_at == first.extracted_at


def zip_bomb_docx() -> bytes:
    from tests.security.test_uploads import docx_zip_bomb

    return docx_zip_bomb()


def test_zip_bomb_is_not_unpacked():
    import time

    started = time.monotonic()
    extraction = extract_bytes(zip_bomb_docx(), "inflada.docx")
    assert time.monotonic() - started < 5
    assert extraction.status == DocumentText.Status.NOT_EXTRACTED
    assert "compressed" in extraction.error or "unpacks" in extraction.error


@override_settings(
    SEARCH_EXTRACT_MAX_UNPACKED_BYTES=10**12,
    SEARCH_EXTRACT_MAX_COMPRESSION_RATIO=10**6,
    SEARCH_EXTRACT_TIMEOUT_SECONDS=2,
)
def test_a_reader_past_its_time_is_stopped():
    import time

    started = time.monotonic()
    extraction = extract_bytes(zip_bomb_docx(), "inflada.docx")
    assert time.monotonic() - started < 10
    assert extraction.status == DocumentText.Status.NOT_EXTRACTED


@override_settings(
    SEARCH_EXTRACT_MAX_UNPACKED_BYTES=10**12,
    SEARCH_EXTRACT_MAX_COMPRESSION_RATIO=10**6,
    SEARCH_EXTRACT_MAX_MEMORY_BYTES=200 * 1024 * 1024,
)
def test_a_reader_past_its_memory_is_stopped():
    extraction = extract_bytes(zip_bomb_docx(), "inflada.docx")
    assert extraction.status == DocumentText.Status.NOT_EXTRACTED
    assert "limit" in extraction.error


@pytest.mark.django_db
def test_an_upload_reads_and_indexes_its_text_in_the_task_worker(
    site_tree, django_capture_on_commit_callbacks
):
    from search.engines.database import DatabaseEngine

    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        document = make_document("Guía", "guia.docx", docx_bytes(["Derivación segura"]))
        # Until the upload commits, its text is neither read nor indexed.
        assert not DocumentText.objects.filter(document_id=document.pk).exists()
    # One effect enqueued (the search cache's version bump also runs on commit).
    effects = [call for call in enqueued if call.__name__ != "index_changed"]
    assert len(effects) == 1
    document.refresh_from_db()
    assert document.extracted_text.status == DocumentText.Status.OK
    assert DatabaseEngine().search("derivación").total == 1
