"""The pages a public site owes its readers (privacy, terms, accessibility), the site
map for people, and feed links on the host the reader reached."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core import demo
from home.demo import LEGAL_PAGES
from home.models import StandardPage
from tests import snapshots
from tests.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_pages(site_tree):
    """The three pages in both languages, as load_demo writes them."""
    pages = {}
    for slug, texts in LEGAL_PAGES.items():
        original = None
        for code in ("es", "en"):
            extra = {"translation_key": original.translation_key} if original else {}
            page = StandardPageFactory(
                parent=site_tree.homes[code],
                title=texts[code]["title"],
                slug=slug,
                intro=texts[code]["intro"],
                **extra,
            )
            original = original or page
            pages[slug, code] = page
    return pages


def footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1]


@pytest.mark.parametrize("language", ["es", "en"])
def test_footer_links_the_legal_pages_and_the_site_map_in_the_readers_language(
    client, legal_pages, language
):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = footer(response.content.decode())
    for slug in LEGAL_PAGES:
        page = legal_pages[slug, language]
        assert f'href="/{language}/{slug}/"' in html
        assert page.title in html
    assert f'href="/{language}/site-map/"' in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_legal_pages_read_in_both_languages(client, legal_pages, language):
    for slug in LEGAL_PAGES:
        response = client.get(f"/{language}/{slug}/")
        assert response.status_code == 200
        assert LEGAL_PAGES[slug][language]["intro"] in response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
def test_legal_page_addresses_lead_to_the_page_in_the_readers_language(
    client, legal_pages, language
):
    for slug in LEGAL_PAGES:
        with translation.override(language):
            url = reverse("legal_page", args=[slug])
        assert url == f"/{language}/legal/{slug}/"
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/{language}/{slug}/"
    assert client.get(f"/{language}/legal/unknown/").status_code == 404


def test_a_missing_legal_page_is_not_linked_and_its_address_answers_404(
    client, legal_pages
):
    legal_pages["terms", "en"].unpublish()
    html = footer(client.get("/en/").content.decode())
    assert 'href="/en/terms/"' not in html
    assert 'href="/en/privacy/"' in html
    assert client.get("/en/legal/terms/").status_code == 404


@pytest.mark.parametrize("language", ["es", "en"])
def test_sign_up_form_links_the_terms_and_the_privacy_notice(
    client, legal_pages, language
):
    response = client.get(f"/{language}/accounts/signup/")
    html = response.content.decode()
    form = html.split("<form", 1)[1].split("</form>", 1)[0]
    assert f'href="/{language}/legal/terms/"' in form
    assert f'href="/{language}/legal/privacy/"' in form
    assert client.get(f"/{language}/legal/privacy/").status_code == 302


@pytest.mark.parametrize("language", ["es", "en"])
def test_site_map_is_a_page_for_people_listing_the_sections(
    client, site_tree, legal_pages, language
):
    NewsPageFactory(parent=site_tree.news[language], title=f"Workshop {language}")
    response = client.get(f"/{language}/site-map/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert site_tree.news[language].title in main
    assert f"Workshop {language}" in main
    assert legal_pages["privacy", language].title in main
    assert f'href="/{language}/agencies/"' in main
    assert 'href="/sitemap.xml"' in main
    # The XML sitemap stays for crawlers.
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")


def test_news_feed_and_alternate_links_name_the_host_the_reader_reached(
    client, site_tree
):
    NewsPageFactory(parent=site_tree.news["en"], title="Workshop", slug="workshop")
    index_url = site_tree.news["en"].url
    html = client.get(index_url, HTTP_HOST="127.0.0.1:8005").content.decode()
    alternates = re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', html)
    assert alternates
    assert all(href.startswith("http://127.0.0.1:8005/") for href in alternates)
    feed = client.get(f"{index_url}feed/", HTTP_HOST="127.0.0.1:8005")
    body = feed.content.decode()
    assert "http://127.0.0.1:8005/en/news/workshop/" in body
    assert "//localhost/" not in body


def test_load_demo_writes_the_legal_pages_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "demo-logins.txt")
    # load_demo's rows, recorded once per worker (tests/snapshots.py).
    snapshots.replay("demo", lambda: call_command("load_demo", quiet_logins=True))
    for slug in LEGAL_PAGES:
        pages = StandardPage.objects.live().filter(slug=slug)
        assert {page.locale.language_code for page in pages} == {"es", "en"}
        assert len({page.translation_key for page in pages}) == 1
