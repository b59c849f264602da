"""Fixtures of the search tests: a small corpus covering every visibility rule."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from agencies.models import Agency
from core.demo import pdf_bytes
from home.models import ResourcePageDocument, ResourceType
from tests import snapshots
from tests.factories import (
    NewsPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    TopicFactory,
)

PDF_PHRASE = "la brújula de coordinación interinstitucional orienta cada capacitación"


@dataclass
class Corpus:
    news_es: object
    news_en: object
    law: object
    about: object
    draft: object
    private_page: object
    pdf: object
    private_document: object
    agency: object


def make_document(title: str, filename: str, content: bytes, collection=None):
    Document = get_document_model()
    document = Document(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def odt_bytes(paragraphs: list[str]) -> bytes:
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for paragraph in paragraphs:
        document.text.addElement(text.P(text=paragraph))
    stream = io.BytesIO()
    document.write(stream)
    return stream.getvalue()


@pytest.fixture
def corpus(site_tree) -> Corpus:
    """Pages and documents of every kind; nothing is indexed yet (built once per
    worker, replayed per test)."""
    return snapshots.replay("search-corpus", lambda: build_corpus(site_tree))


def build_corpus(site_tree) -> Corpus:
    from search.services import document_text_refresh

    smuggling = TopicFactory(slug="migrant-smuggling")
    agency = Agency.objects.create(
        name_es="Servicio Nacional de Migración",
        name_en="National Migration Service",
        acronym="SNM",
        slug="snm",
    )
    news_es = NewsPageFactory(
        parent=site_tree.news["es"],
        title="Taller de capacitación sobre migración",
        summary="Los participantes con <script>experiencia</script> docente "
        "fueron priorizados.",
        date=datetime.date(2022, 5, 16),
    )
    news_es.agencies.add(agency)
    news_es.save_revision().publish()
    news_en = NewsPageFactory(
        parent=site_tree.news["en"],
        title="Border officers complete their training",
        summary="A training on migrant smuggling for border officers.",
        date=datetime.date(2024, 3, 1),
    )
    pdf = make_document(
        "Ley 36 (resumen)",
        "ley-36.pdf",
        pdf_bytes("Ley 36", ["Resumen no oficial.", f"Frase: {PDF_PHRASE}."]),
    )
    document_text_refresh(document=pdf)
    law = ResourcePageFactory(
        parent=site_tree.resources["es"],
        title="Ley N.º 36 de 24 de mayo de 2013",
        summary="Crea la Unidad de Asuntos de Tráfico Ilícito de Migrantes.",
        resource_type=ResourceType.LAW,
        topic=smuggling,
        publication_date=datetime.date(2013, 5, 24),
        documents=[ResourcePageDocument(document=pdf)],
    )
    about = StandardPageFactory(
        parent=site_tree.homes["en"],
        title="About the portal",
        intro="A shared calendar of joint trainings.",
    )
    draft = NewsPageFactory(
        parent=site_tree.news["es"],
        title="Borrador confidencial",
        summary="Texto borradorsecreto aún no publicado.",
        live=False,
    )
    private_page = NewsPageFactory(
        parent=site_tree.news["es"],
        title="Página privada",
        summary="Contenido privadisimo para miembros.",
    )
    PageViewRestriction.objects.create(
        page=private_page, restriction_type="password", password="secret"
    )
    private_collection = Collection.get_first_root_node().add_child(name="Interno")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type="login"
    )
    private_document = make_document(
        "Acta interna",
        "acta.txt",
        b"Acta con la palabra confidencialisima.",
        collection=private_collection,
    )
    document_text_refresh(document=private_document)
    return Corpus(
        news_es=news_es,
        news_en=news_en,
        law=law,
        about=about,
        draft=draft,
        private_page=private_page,
        pdf=pdf,
        private_document=private_document,
        agency=agency,
    )
