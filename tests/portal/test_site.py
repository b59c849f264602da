"""Site-wide behaviour: language prefixes, switcher, feeds, sitemap, headers, errors."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_unprefixed_paths_redirect_to_a_language(client, site_tree):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    response = client.get("/news/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/news/"


def test_language_prefixes_serve_each_home_page(client, site_tree):
    assert "Hero es" in client.get("/es/").content.decode()
    assert "Hero en" in client.get("/en/").content.decode()


def test_language_switcher_links_to_the_translation(client, site_tree):
    original = NewsPageFactory(
        parent=site_tree.news["es"], title="Taller", slug="taller"
    )
    NewsPageFactory(
        parent=site_tree.news["en"],
        title="Workshop",
        slug="workshop",
        translation_key=original.translation_key,
    )
    response = client.get("/es/news/taller/")
    switcher = response.content.decode().split('class="language-switcher"')[1]
    assert 'href="/en/news/workshop/"' in switcher
    translated = client.get("/en/news/workshop/")
    assert translated.status_code == 200
    assert "Workshop" in translated.content.decode()


def test_language_switcher_leads_to_a_not_translated_page_with_the_original(
    client, site_tree
):
    """Issue 16 replaces the old fallback to the other language's home page: the
    switch leads to a page saying the translation is missing, linking the
    original, in the other language (200, never a 404 or the home page)."""
    solo = NewsPageFactory(parent=site_tree.news["es"], title="Solo", slug="solo")
    switcher = client.get("/es/news/solo/").content.decode()
    link = f'href="/en/not-translated/{solo.pk}/"'
    assert link in switcher.split('class="language-switcher"')[1]
    response = client.get(f"/en/not-translated/{solo.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "This page is not translated yet" in html
    assert 'href="/es/news/solo/"' in html
    # Its own switch leads back to the original.
    assert 'href="/es/news/solo/"' in html.split('class="language-switcher"')[1]
    # Once the translation is published, the same link reaches it.
    NewsPageFactory(
        parent=site_tree.news["en"],
        title="Alone",
        slug="alone",
        translation_key=solo.translation_key,
    )
    response = client.get(f"/en/not-translated/{solo.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/en/news/alone/"


def test_not_translated_page_in_spanish(client, site_tree):
    alone = NewsPageFactory(parent=site_tree.news["en"], title="Alone", slug="alone")
    response = client.get(f"/es/not-translated/{alone.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert 'href="/en/news/alone/"' in html


def test_news_rss_and_atom_feeds_parse(client, site_tree):
    NewsPageFactory(parent=site_tree.news["en"], title="Feed story", summary="Sum")
    rss = client.get("/en/news/feed/")
    assert rss.status_code == 200
    channel = ET.fromstring(rss.content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Feed story"
    ]
    atom = client.get("/en/news/feed/atom/")
    assert atom.status_code == 200
    entries = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Feed story"]


def test_sitemap_lists_live_pages_and_parses(client, site_tree):
    story = NewsPageFactory(parent=site_tree.news["en"], title="Mapped")
    NewsPageFactory(parent=site_tree.news["en"], title="Hidden draft", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [
        loc.text for loc in ET.fromstring(response.content).iter(f"{namespace}loc")
    ]
    assert any(location.endswith(story.url) for location in locations)
    assert not any("hidden-draft" in location for location in locations)


def test_robots_txt_points_to_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_friendly_404_in_the_site_look(client, site_tree):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'class="skip-link"' in content


def test_security_headers_on_public_pages(client, site_tree):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_login_page_answers(client, site_tree):
    response = client.get("/admin/login/", follow=True)
    assert response.status_code == 200
