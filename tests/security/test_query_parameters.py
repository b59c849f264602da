"""Hostile query parameters get a clear 4xx answer, never a server error: one
middleware refuses control characters in any GET parameter, and each view copes with
the rest (paths inside a code, huge numbers, overlong text, odd Unicode)."""

import datetime

import pytest
from django.contrib.admindocs.views import extract_views_from_urlpatterns
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from agencies.models import Membership
from registrations import services
from registrations.models import Registration
from tests import snapshots
from tests.events.factories import EventIndexPageFactory
from tests.factories import (
    AgencyFactory,
    NewsPageFactory,
    ResourcePageFactory,
    TopicFactory,
    UserFactory,
    make_member,
)
from tests.registrations.conftest import build_event, start_sessions

pytestmark = pytest.mark.django_db

CONTROL_VALUES = ["\x00", "a\x00b", "\x1b[31m"]
HOSTILE_VALUES = [
    *CONTROL_VALUES,
    "a/b",
    "../../etc/passwd",
    "1e20",
    "-1",
    "100000000000000000000",
    "NaN",
    "%",
    "%00",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "\u202egnp.exe",
    "🙂",
    "2024-13-45",
    "x" * 3000,
]
# Every parameter name a public view or the admin API reads.
PARAMETER_NAMES = [
    "q",
    "tag",
    "year",
    "month",
    "view",
    "when",
    "type",
    "topic",
    "language",
    "lang",
    "agency",
    "location",
    "modality",
    "audience",
    "status",
    "sort",
    "page",
    "format",
    "code",
    "next",
    "since",
    "offset",
    "limit",
    "order",
    "search",
    "fields",
    "child_of",
    "locale",
    "id",
]
ADMIN_API_ROUTES = ["/admin/api/main/pages/"]


@pytest.fixture
def world(site_tree):
    """Built once per worker and replayed in each test (tests/snapshots.py)."""
    return snapshots.replay("query-fuzz-world", lambda: build_world(site_tree))


def build_world(site_tree) -> dict:
    agency = AgencyFactory(slug="fuzz-a", name_es="Agencia F", name_en="Agency F")
    topic = TopicFactory(slug="fuzz-topic")
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"], title="Eventos")
    event = build_event(calendar, agency, title="Taller F")
    event.topics.add(topic)
    news = NewsPageFactory(parent=site_tree.news["es"], title="Noticia F")
    news.tags.add("fuzz")
    news.save_revision().publish()
    resource = ResourcePageFactory(parent=site_tree.resources["es"], title="Guía F")
    participant = UserFactory(username="fuzz-participant")
    registration = services.registration_apply(event=event, user=participant)
    organizer = make_member(agency, role=Membership.Role.COORDINATOR, username="org")
    start_sessions(event)  # check-in opens when a session starts
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    owner = Client()
    owner.force_login(participant)
    owner.get(reverse("registrations:certificate", args=[registration.pk]))
    code = Registration.objects.get(pk=registration.pk).certificate.code
    membership = Membership.objects.get(user=organizer, agency=agency)
    arguments = {
        "agencies:invitation": ["any-token"],
        "agencies:detail": [agency.slug],
        "agencies:members": [agency.slug],
        "agencies:membership_update": [agency.slug, membership.pk],
        "agencies:membership_remove": [agency.slug, membership.pk],
        "agencies:invitation_manage": [agency.slug, membership.pk],
        "registrations:apply": [event.pk],
        "registrations:cancel": [registration.pk],
        "registrations:undo_cancel": [registration.pk],
        "registrations:evaluate": [registration.pk],
        "registrations:certificate": [registration.pk],
        "registrations:checkin_code": [registration.pk],
        "registrations:verify": [code],
        "registrations:credential": [code],
        "registrations:review_grid": [event.pk],
        "registrations:review_cell": [event.pk],
        "registrations:nominate": [event.pk],
        "registrations:nomination": ["any-token"],
        "registrations:endorse": ["any-token"],
        "registrations:offer_accept": [registration.pk],
        "registrations:offer_decline": [registration.pk],
        "agencies:logo": [agency.slug],
        "account_confirm_email": ["key"],
        "account_reset_password_from_key": ["1", "key"],
        "wagtaildocs_serve": [1, "file.pdf"],
        "wagtaildocs_authenticate_with_password": [1],
        "wagtailcore_authenticate_with_password": [1, event.pk],
        "events_calendar_file": [calendar.url_path.split("/", 2)[-1], "feed"],
        "wagtail_serve": [event.url_path.split("/", 2)[-1]],
        "not_translated": [event.pk],
        "legal_page": ["privacy"],
        "api-v1:training_detail": [event.pk],
        "api-v1:news_detail": [news.pk],
        "api-v1:resource_detail": [resource.pk],
        "api-v1:agency_detail": [agency.slug],
        "api_tokens": [agency.slug],
        "api_token_revoke": [agency.slug, 1],
        "api_webhook_create": [agency.slug],
        "api_webhook_remove": [agency.slug, 1],
        "api_delivery_resend": [agency.slug, 1],
        "calendar_subscriptions": [agency.slug],
        "calendar_subscription_remove": [agency.slug, 1],
    }
    urls = set()
    for name in public_url_names():
        urls.add(reverse(name, args=arguments.get(name, [])))
    for page in (
        site_tree.homes["es"],
        site_tree.news["es"],
        site_tree.resources["es"],
        calendar,
        event,
        news,
        resource,
    ):
        urls.add(page.url)
    urls.update({"/es/news/feed/", "/es/news/feed/atom/"})
    return {
        "urls": sorted(urls),
        "users": [None, participant, organizer],
        "listing_urls": [
            calendar.url,
            site_tree.news["es"].url,
            site_tree.resources["es"].url,
        ],
        "code": code,
    }


def public_url_names() -> set[str]:
    """Every named route outside the admin, enumerated from the URLconf."""
    names = set()
    for _view, regex, namespaces, name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        if name and not str(regex).startswith(("admin/", "^admin/", "django-admin")):
            names.add(":".join([*(namespaces or []), name]))
    return names


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def server_errors(client, urls, queries) -> list:
    errors = []
    for url in urls:
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                errors.append((url, {k: v[:20] for k, v in query.items()}))
    return errors


# Pages whose views read query parameters: each parameter alone goes to these, so
# that no check of another parameter answers first and hides a crash.
LISTING_NAMES = [
    "agencies:list",
    "announcements:list",
    "search:search",
    "search_api",
    "registrations:verify_lookup",
    "registrations:list",
]
ALONE_VALUES = ["a/b", "99999999999999999999999999"]


def test_no_public_get_route_answers_500_to_hostile_query_parameters(world):
    """Every route of the URLconf outside the admin, and the pages of the tree:
    each hostile value under every parameter name at once, anonymously and
    signed in; then each parameter alone on the pages that read parameters."""
    urls = world["urls"]
    everything = [dict.fromkeys(PARAMETER_NAMES, value) for value in HOSTILE_VALUES]
    errors = server_errors(client_for(None), urls, everything)
    for user in world["users"][1:]:
        errors += server_errors(client_for(user), urls, everything[3:7])
    listings = [reverse(name) for name in LISTING_NAMES] + world["listing_urls"]
    alone = [{name: value} for name in PARAMETER_NAMES for value in ALONE_VALUES]
    errors += server_errors(client_for(world["users"][1]), listings, alone)
    assert not errors, errors[:20]


@pytest.mark.parametrize(
    "url",
    [
        "/es/events/?location=%00",
        "/es/events/?agency=%00",
        "/es/events/?topic=x%00",
        "/es/news/?tag=%00",
        "/es/resources/?topic=%00",
        "/es/agencies/?q=%00",
        "/es/search/?q=%1B",
        "/es/events/?a%00b=1",
    ],
)
def test_control_characters_in_the_query_get_a_clear_400(world, url):
    response = client_for(None).get(url)
    assert response.status_code == 400
    assert "caracteres de control" in response.content.decode()


def test_the_400_speaks_the_language_of_the_page(world):
    response = client_for(None).get("/en/news/?tag=%00")
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_certificate_lookup_with_a_slash_in_the_code_says_so(world):
    response = client_for(None).get("/es/registrations/certificates/?code=a/b")
    assert response.status_code == 400
    assert "letras, números y guiones" in response.content.decode()
    found = client_for(None).get(
        "/es/registrations/certificates/", {"code": world["code"].lower()}
    )
    assert found.status_code == 302
    assert found["Location"].endswith(f"/certificates/{world['code']}/")


def test_admin_api_never_answers_500(world):
    admin = get_user_model().objects.create_superuser(
        username="fuzz-root", email="fuzz-root@example.org", password="x"
    )
    client = client_for(admin)
    for url, query in [
        ("/admin/api/main/pages/", {"offset": "1e20"}),
        ("/admin/api/main/pages/", {"search": "\x00"}),
        ("/admin/api/main/pages/", {"offset": "\x00"}),
    ]:
        response = client.get(url, query)
        assert response.status_code == 400, (url, query, response.status_code)
    queries = [dict.fromkeys(PARAMETER_NAMES, value) for value in HOSTILE_VALUES]
    queries += [
        {name: value}
        for name in ("offset", "limit", "order", "search", "fields", "child_of", "id")
        for value in ALONE_VALUES
    ]
    errors = server_errors(client, ADMIN_API_ROUTES, queries)
    assert not errors, errors[:20]
