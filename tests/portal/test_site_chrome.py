"""The site chrome (menu, account links, footer) of pages rendered for one person
comes from the cache: no SQL on a hit, the current link still marked per page,
signed-in and anonymous links never mixed, and any page or settings change shows
at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from home.models import PortalSettings
from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def menu(page: str) -> str:
    start = page.index('<nav class="main-nav"')
    return page[start : page.index("</nav>", start)]


def current_links(page: str) -> list[str]:
    """The menu links marked as the current page, by address."""
    return [
        chunk.split('"', 1)[0]
        for chunk in menu(page).split('<a href="')[1:]
        if 'aria-current="page"' in chunk.split(">", 1)[0]
    ]


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory())
    return client


def test_a_signed_in_page_reads_no_menu_or_footer_once_cached(signed_in, site_tree):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    html(signed_in, story.url)
    with CaptureQueriesContext(connection) as captured:
        page = html(signed_in, story.url)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "home_portalsettings" not in tables
    assert "wagtailcore_site" not in tables
    # The menu still lists the sections, from the cache.
    assert site_tree.news["es"].title in menu(page)


def test_the_menu_marks_the_current_section_on_each_page_from_one_cached_copy(
    signed_in, site_tree
):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    news_index, resources = site_tree.news["es"], site_tree.resources["es"]
    home = site_tree.homes["es"]
    with translation.override("es"):
        agencies = reverse("agencies:list")
    assert current_links(html(signed_in, home.url)) == [home.url]
    assert current_links(html(signed_in, news_index.url)) == [news_index.url]
    assert current_links(html(signed_in, story.url)) == [news_index.url]
    assert current_links(html(signed_in, resources.url)) == [resources.url]
    assert current_links(html(signed_in, agencies)) == [agencies]
    # No marker is left in the page.
    assert "\x00" not in html(signed_in, story.url)


def test_signed_in_and_anonymous_visitors_get_their_own_account_links(
    client, site_tree
):
    anonymous = html(client, "/es/")
    assert reverse("account_login") in anonymous
    client.force_login(UserFactory())
    page = html(client, "/es/")
    with translation.override("es"):
        assert reverse("registrations:list") in page
    assert reverse("account_login") not in page
    client.logout()
    assert reverse("account_login") in html(client, "/es/news/")


def test_a_menu_change_or_new_settings_show_at_once_when_signed_in(
    signed_in, site_tree
):
    news_index = site_tree.news["es"]
    html(signed_in, "/es/")
    # Renamed behind Wagtail's back (no signal): the chrome is cached.
    Page.objects.filter(pk=news_index.pk).update(title="Renombrado en silencio")
    assert "Renombrado en silencio" not in menu(html(signed_in, "/es/"))
    news_index.refresh_from_db()
    news_index.title = "Actualidad"
    news_index.save_revision().publish()
    assert "Actualidad" in menu(html(signed_in, "/es/"))

    portal = PortalSettings.for_site(site_tree.homes["es"].get_site())
    portal.organisation_name = "Secretaría Técnica"
    portal.save()
    assert "Secretaría Técnica" in html(signed_in, "/es/")
