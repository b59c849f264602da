"""Cached public listings: changes show at once, and nothing personal is shared."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from events.models import EventIndexPage, EventPage
from home.models import NewsPage
from registrations import services
from tests.factories import AgencyFactory, NewsPageFactory, UserFactory
from tests.registrations.conftest import build_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(site_tree) -> EventIndexPage:
    index = EventIndexPage(title="Calendario", slug="events")
    site_tree.homes["es"].add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="snm", name_es="Servicio Nacional de Migración")


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_listings_are_served_from_the_cache_until_a_page_is_published(
    client, site_tree, calendar, agency
):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Primera noticia")
    event = build_event(calendar, agency, title="Primer taller")
    for path in ("/es/", "/es/news/", "/es/events/"):
        html(client, path)
    # Renamed behind Wagtail's back (no signal): the cached listings keep the
    # old titles, which shows that they are cached.
    NewsPage.objects.filter(pk=story.pk).update(title="Renombrada en silencio")
    EventPage.objects.filter(pk=event.pk).update(title="Renombrado en silencio")
    assert "Primera noticia" in html(client, "/es/")
    assert "Primera noticia" in html(client, "/es/news/")
    assert "Primer taller" in html(client, "/es/events/")

    NewsPageFactory(parent=site_tree.news["es"], title="Noticia recién publicada")
    for path in ("/es/", "/es/news/"):
        page = html(client, path)
        assert "Noticia recién publicada" in page
        assert "Renombrada en silencio" in page
    assert "Renombrado en silencio" in html(client, "/es/events/")


def test_unpublished_and_deleted_pages_leave_the_cached_listings(
    client, site_tree, calendar, agency
):
    hidden = NewsPageFactory(parent=site_tree.news["es"], title="Noticia retirada")
    deleted = NewsPageFactory(parent=site_tree.news["es"], title="Noticia borrada")
    event = build_event(calendar, agency, title="Taller retirado")
    for path in ("/es/", "/es/news/"):
        assert "Noticia retirada" in html(client, path)
    assert "Taller retirado" in html(client, "/es/events/")

    hidden.unpublish()
    deleted.delete()
    event.unpublish()
    for path in ("/es/", "/es/news/"):
        page = html(client, path)
        assert "Noticia retirada" not in page
        assert "Noticia borrada" not in page
    assert "Taller retirado" not in html(client, "/es/events/")


def test_renaming_an_agency_refreshes_the_cached_calendar(client, calendar, agency):
    agency.acronym = ""
    agency.save()
    build_event(calendar, agency, title="Taller")
    assert "Servicio Nacional de Migración" in html(client, "/es/events/")
    agency.name_es = "Servicio Nacional de Migración y Fronteras"
    agency.save()
    assert "Migración y Fronteras" in html(client, "/es/events/")


def test_signed_in_and_anonymous_visitors_never_get_each_others_page(
    client, site_tree, calendar, agency
):
    event = build_event(
        calendar,
        agency,
        title="Taller en línea",
        modality="online",
        online_url="https://meet.example/x",
    )
    participant = UserFactory(username="participant")
    registration = services.registration_apply(event=event, user=participant)
    assert registration.holds_seat
    NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    with translation.override("es"):
        sign_in = f'href="{reverse("account_login")}"'
        my_registrations = f'href="{reverse("registrations:list")}"'
    pages = ("/es/", "/es/news/", "/es/events/", event.url)

    for path in pages:  # anonymous first: fills the cache
        page = html(client, path)
        assert sign_in in page and my_registrations not in page
    client.force_login(participant)
    for path in pages:
        page = html(client, path)
        assert my_registrations in page and sign_in not in page
    assert "https://meet.example/x" in html(client, event.url)

    client.logout()
    for path in pages:  # the participant's visit did not replace the anonymous page
        page = html(client, path)
        assert sign_in in page and my_registrations not in page
        assert "https://meet.example/x" not in page


def test_a_preview_is_never_served_from_the_cache(client, site_tree):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Antes")
    html(client, "/es/news/")
    NewsPage.objects.filter(pk=story.pk).update(title="Después")
    preview = site_tree.news["es"].make_preview_request()
    assert "Después" in preview.content.decode()
    assert "Antes" in html(client, "/es/news/")


def test_a_visitor_without_a_session_gets_the_whole_page_from_the_cache(
    client, site_tree
):
    html(client, "/es/news/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/es/news/")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]
    # The footer's site settings are read while rendering the page: not this time.
    assert not [q for q in queries.captured_queries if "portalsettings" in q["sql"]]


def test_a_pending_message_is_shown_instead_of_the_shared_page(client, site_tree):
    html(client, "/es/")
    client.force_login(UserFactory())
    client.post(reverse("account_logout"))
    # Like a browser, forget the session cookie that the sign-out expired: only
    # the message cookie tells this visitor apart.
    for name in [name for name, cookie in client.cookies.items() if not cookie.value]:
        del client.cookies[name]
    assert list(client.cookies) == ["messages"]
    assert 'class="messages"' in html(client, "/es/")


def test_changing_the_portal_settings_refreshes_the_cached_footer(client, site_tree):
    from home.models import PortalSettings

    html(client, "/es/")
    portal = PortalSettings.for_site(site_tree.homes["es"].get_site())
    portal.organisation_name = "Secretaría Técnica"
    portal.save()
    assert "Secretaría Técnica" in html(client, "/es/")


def cached_pages() -> int:
    """Whole pages stored under the current listings version."""
    from django.core.cache import cache

    from core.cache import listings_version

    current = listings_version()
    return sum(
        ":page:" in key and cache.get(key.split(":", 2)[2])["version"] == current
        for key in list(cache._cache)
    )


def test_random_query_parameters_add_no_cache_entries(client, site_tree, calendar):
    for path in ("/es/", "/es/news/", "/es/events/"):
        html(client, path)
    entries = cached_pages()
    assert entries == 3
    for number in range(20):
        for path in ("/es/", "/es/news/", "/es/events/"):
            page = html(client, f"{path}?utm_source=x{number}&_={number}")
            # The dropped parameters do not leak into the shared page's links.
            assert f"x{number}" not in page
    assert cached_pages() == entries


def test_the_query_parameters_a_listing_reads_still_select_their_page(
    client, site_tree, calendar
):
    NewsPageFactory(
        parent=site_tree.news["es"],
        title="Noticia antigua",
        date=datetime.date(2001, 5, 1),
    )
    NewsPageFactory(parent=site_tree.news["es"], title="Noticia reciente")
    html(client, "/es/news/")
    html(client, "/es/events/")
    entries = cached_pages()
    page = html(client, "/es/news/?year=2001&junk=1")
    assert "Noticia antigua" in page and "Noticia reciente" not in page
    assert 'class="month-nav"' in html(client, "/es/events/?view=month&junk=2")
    # One more entry each: the news of 2001 and the month grid.
    assert cached_pages() == entries + 2
