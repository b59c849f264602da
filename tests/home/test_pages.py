"""Every page type lives under its allowed parents and renders in both languages."""

import datetime

import pytest
from wagtail.models import Page

from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
    ResourcePageDocument,
    StandardPage,
)
from tests.factories import (
    DocumentFactory,
    NewsPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("child", "allowed", "refused"),
    [
        (HomePage, [Page], [NewsIndexPage, HomePage]),
        (NewsIndexPage, [HomePage], [NewsIndexPage, StandardPage]),
        (NewsPage, [NewsIndexPage], [HomePage, ResourceIndexPage]),
        (ResourceIndexPage, [HomePage], [ResourceIndexPage]),
        (ResourcePage, [ResourceIndexPage], [HomePage, NewsIndexPage]),
        (StandardPage, [HomePage, StandardPage], [NewsIndexPage, ResourceIndexPage]),
    ],
)
def test_page_types_restrict_their_parents(child, allowed, refused):
    for parent in allowed:
        assert child in parent.allowed_subpage_models()
    for parent in refused:
        assert child not in parent.allowed_subpage_models()


def test_leaf_pages_take_no_children():
    assert NewsPage.allowed_subpage_models() == []
    assert ResourcePage.allowed_subpage_models() == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_page_type_renders_in_both_languages(client, site_tree, language):
    home = site_tree.homes[language]
    news = NewsPageFactory(
        parent=site_tree.news[language],
        title=f"Workshop {language}",
        body=[("heading", "Objectives"), ("paragraph", "<p>Peer exchange.</p>")],
    )
    news.tags.add("training")
    news.save_revision().publish()
    document = DocumentFactory(title=f"Protocol {language}")
    resource = ResourcePageFactory(
        parent=site_tree.resources[language],
        title=f"Law 36 {language}",
        topic=TopicFactory(slug="smuggling"),
        publication_date=datetime.date(2013, 5, 24),
        documents=[ResourcePageDocument(document=document)],
    )
    about = StandardPageFactory(parent=home, title=f"About {language}")

    for page in (home, site_tree.news[language], news, site_tree.resources[language]):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    response = client.get(resource.url)
    assert response.status_code == 200
    assert document.url in response.content.decode()
    assert client.get(about.url).status_code == 200
    assert f'lang="{language}"' in client.get(home.url).content.decode()


def test_home_page_shows_honest_empty_states(client, site_tree):
    response = client.get("/en/")
    content = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["upcoming_trainings"]) == []
    assert "No trainings are scheduled yet" in content
    assert "No news has been published yet" in content


def test_home_page_lists_latest_news_of_its_language_only(client, site_tree):
    NewsPageFactory(parent=site_tree.news["en"], title="English story")
    NewsPageFactory(parent=site_tree.news["es"], title="Historia en español")
    content = client.get("/en/").content.decode()
    assert "English story" in content
    assert "Historia en español" not in content


def test_draft_news_is_not_shown(client, site_tree):
    NewsPageFactory(parent=site_tree.news["en"], title="Secret draft", live=False)
    assert "Secret draft" not in client.get(site_tree.news["en"].url).content.decode()
    assert "Secret draft" not in client.get("/en/").content.decode()
