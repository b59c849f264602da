"""What readers learn before opening a document, and the laws a news article cites."""

import pytest
from django.core.files.base import ContentFile

from home.models import ContentLanguage, NewsPageRelatedResource, ResourcePageDocument
from tests.factories import DocumentFactory, NewsPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "size", "document_language"),
    [("es", "1,5\xa0KB", "Inglés"), ("en", "1.5\xa0KB", "English")],
)
def test_each_document_shows_its_type_size_and_language(
    client, site_tree, language, size, document_language
):
    document = DocumentFactory(
        title="Protocolo", file=ContentFile(b"x" * 1536, name="protocol.pdf")
    )
    resource = ResourcePageFactory(
        parent=site_tree.resources[language],
        title="Protocol",
        document_language=ContentLanguage.ENGLISH,
        documents=[ResourcePageDocument(document=document)],
    )
    html = client.get(resource.url).content.decode()
    item = html.split('class="documents"', 1)[1].split("</li>", 1)[0]
    assert 'hreflang="en"' in item
    assert '<abbr class="document-type"' in item
    assert ">PDF</abbr>" in item
    assert f'<span class="document-size">{size}</span>' in item
    assert f'<span class="document-language">{document_language}</span>' in item


@pytest.mark.parametrize("language", ["es", "en"])
def test_news_links_the_laws_it_cites(client, site_tree, language):
    law = ResourcePageFactory(parent=site_tree.resources[language], title="Ley 36")
    draft = ResourcePageFactory(
        parent=site_tree.resources[language], title="Draft plan", live=False
    )
    news = NewsPageFactory(parent=site_tree.news[language], title="Taller")
    news.related_resources = [
        NewsPageRelatedResource(resource=law),
        NewsPageRelatedResource(resource=draft),
    ]
    news.save_revision().publish()
    html = client.get(news.url).content.decode()
    section = html.split('class="related-resources"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{law.url}">Ley 36</a>' in section
    assert "Draft plan" not in section


def test_news_without_citations_shows_no_empty_section(client, site_tree):
    news = NewsPageFactory(parent=site_tree.news["en"], title="Plain")
    assert b"related-resources" not in client.get(news.url).content
