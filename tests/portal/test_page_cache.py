"""The anonymous page cache in front of the stack: hits cost no SQL, nobody with a
session or a message gets a shared page, and every change that shows replaces it."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from core.cache import TIMEOUT
from events.models import EventIndexPage
from home.models import PortalSettings
from portal.cache import page_key
from registrations import services
from tests.factories import (
    AgencyFactory,
    NewsPageFactory,
    ResourcePageFactory,
    UserFactory,
)
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


@pytest.fixture
def pages(site_tree, calendar, agency) -> dict[str, str]:
    """One address of each cached page type."""
    story = NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    resource = ResourcePageFactory(parent=site_tree.resources["es"], title="Guía")
    training = build_event(calendar, agency, title="Taller")
    return {
        "home": "/es/",
        "calendar": "/es/events/",
        "news index": "/es/news/",
        "resource index": "/es/resources/",
        "training": training.url,
        "news": story.url,
        "resource": resource.url,
        "agency": reverse("agencies:detail", kwargs={"slug": agency.slug}),
    }


def get(client, path: str, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response


def rendered(client, path: str) -> tuple[int, str]:
    """The queries the request ran (0 for a hit) and the page."""
    with CaptureQueriesContext(connection) as captured:
        content = get(client, path).content.decode()
    return len(captured), content


def missed(client, path: str) -> str:
    """The page, asserting that it was rendered rather than served from the cache."""
    queries, content = rendered(client, path)
    assert queries > 0, f"{path} was served from the cache"
    return content


def hit(client, path: str) -> str:
    queries, content = rendered(client, path)
    assert queries == 0, f"{path} was rendered ({queries} queries)"
    return content


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "calendar",
        "news index",
        "resource index",
        "training",
        "news",
        "resource",
        "agency",
    ],
)
def test_an_anonymous_hit_runs_no_query(client, pages, name, django_assert_num_queries):
    path = pages[name]
    first = get(client, path)
    with django_assert_num_queries(0):
        hit = get(client, path)
    assert hit.content == first.content
    for header in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options"):
        assert hit.get(header) == first.get(header), header
    assert "Cookie" in hit["Vary"]


def test_head_is_served_from_the_stored_get(client, pages, django_assert_num_queries):
    first = get(client, "/es/news/")
    with django_assert_num_queries(0):
        head = client.head("/es/news/")
    assert head.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(first.content)
    assert head["Content-Type"] == first["Content-Type"]


def test_a_head_request_alone_stores_nothing(client, pages, django_assert_num_queries):
    client.head("/es/news/")
    response = get(client, "/es/news/")
    assert response.content  # rendered, not the empty body of the HEAD


def test_a_signed_in_visitor_is_never_served_the_shared_page(client, pages):
    for path in pages.values():
        get(client, path)
    client.force_login(UserFactory())
    with translation.override("es"):
        my_registrations = f'href="{reverse("registrations:list")}"'
    for path in pages.values():
        assert my_registrations in missed(client, path), path


def test_a_session_cookie_or_a_pending_message_bypasses_the_cache(client, pages):
    get(client, "/es/news/")
    hit(client, "/es/news/")
    client.cookies["messages"] = "anything"
    missed(client, "/es/news/")
    del client.cookies["messages"]
    client.cookies["sessionid"] = "not-a-session"
    missed(client, "/es/news/")


def test_query_parameters_the_page_does_not_read_bypass_the_cache(client, pages):
    get(client, "/es/news/")
    missed(client, "/es/news/?utm_source=mail")
    missed(client, "/es/news/?utm_source=mail")
    hit(client, "/es/news/")
    # A parameter the page reads has its own entry.
    get(client, "/es/news/?year=2024")
    hit(client, "/es/news/?year=2024")


def test_a_response_that_sets_a_cookie_is_not_stored(client, site_tree):
    restricted = NewsPageFactory(parent=site_tree.news["es"], title="Reservada")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # The password form carries a CSRF token, set as a cookie for this visitor.
    response = get(client, restricted.url)
    assert response.cookies
    assert cache.get(page_key(response.wsgi_request)) is None


def test_pages_for_some_people_only_are_not_stored(client, site_tree):
    members = NewsPageFactory(parent=site_tree.news["es"], title="Para grupos")
    restriction = PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Editores del taller"))
    response = client.get(members.url)
    assert response.status_code == 302
    assert cache.get(page_key(response.wsgi_request)) is None


def test_publishing_a_news_story_reaches_the_cached_pages(client, site_tree, pages):
    for path in pages.values():
        get(client, path)
    NewsPageFactory(parent=site_tree.news["es"], title="Recién publicada")
    for path in pages.values():
        missed(client, path)
    assert "Recién publicada" in hit(client, "/es/news/")


def test_unpublishing_moving_and_deleting_replace_the_cached_pages(
    client, site_tree, pages
):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Retirada")
    assert "Retirada" in get(client, "/es/news/").content.decode()
    story.unpublish()
    assert "Retirada" not in missed(client, "/es/news/")

    moved = NewsPageFactory(parent=site_tree.news["es"], title="Mudada")
    old_url = moved.url
    get(client, old_url)
    get(client, "/es/resources/")
    moved.move(site_tree.resources["es"], pos="last-child")
    assert client.get(old_url).status_code == 301  # Wagtail leaves a redirect
    missed(client, "/es/resources/")

    gone = NewsPageFactory(parent=site_tree.news["es"], title="Borrada")
    gone_url = gone.url
    assert "Borrada" in get(client, "/es/news/").content.decode()
    get(client, gone_url)
    gone.delete()
    assert "Borrada" not in missed(client, "/es/news/")
    assert client.get(gone_url).status_code == 404


def test_agency_and_settings_changes_replace_the_cached_pages(client, site_tree, pages):
    agency_path = pages["agency"]
    get(client, agency_path)
    agency = AgencyFactory._meta.model.objects.get(slug="snm")
    agency.description_es = "Descripción nueva"
    agency.save()
    assert "Descripción nueva" in missed(client, agency_path)

    get(client, "/es/")
    portal = PortalSettings.for_site(site_tree.homes["es"].get_site())
    portal.organisation_name = "Secretaría Técnica"
    portal.save()
    assert "Secretaría Técnica" in missed(client, "/es/")


def test_a_registration_replaces_only_its_trainings_cached_pages(
    client, site_tree, calendar, agency
):
    training = build_event(calendar, agency, title="Taller")
    other = build_event(calendar, agency, title="Otro taller")
    for path in (training.url, other.url, "/es/news/"):
        get(client, path)
    services.registration_apply(event=training, user=UserFactory())
    missed(client, training.url)
    hit(client, other.url)
    hit(client, "/es/news/")


def test_a_cancellation_that_frees_a_seat_replaces_the_trainings_cached_page(
    client, site_tree, calendar, agency
):
    training = build_event(calendar, agency, title="Taller", capacity=1)
    person = UserFactory()
    registration = services.registration_apply(event=training, user=person)
    get(client, training.url)
    services.registration_cancel(registration=registration, by=person)
    missed(client, training.url)


def test_a_training_page_expires_when_its_registration_opens(
    client, site_tree, calendar, agency
):
    opens = timezone.now() + datetime.timedelta(seconds=90)
    training = build_event(
        calendar, agency, title="Taller", registration_opens_at=opens
    )
    response = get(client, training.url)
    key = page_key(response.wsgi_request)
    expiry = cache._expire_info[cache.make_and_validate_key(key)]
    assert expiry <= time.time() + 91
    # The news index keeps the full timeout.
    news = get(client, "/es/news/")
    news_expiry = cache._expire_info[
        cache.make_and_validate_key(page_key(news.wsgi_request))
    ]
    assert news_expiry > expiry + (TIMEOUT - 120)
