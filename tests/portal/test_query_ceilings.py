"""Pages rendered for a signed-in person (no whole-page cache) run as many queries
with 200 trainings in the calendar as with 12: listings select and prefetch what
they show instead of asking once per training."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.cache import listings_changed
from events.models import EventIndexPage
from registrations import services
from tests.factories import AgencyFactory, NewsPageFactory, UserFactory
from tests.registrations.conftest import build_event

pytestmark = pytest.mark.django_db


def queries(client, path: str) -> int:
    listings_changed()  # render the listings, not their cached fragments
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_signed_in_pages_cost_the_same_queries_with_12_and_200_trainings(
    client, site_tree
):
    calendar = EventIndexPage(title="Calendario", slug="events")
    site_tree.homes["es"].add_child(instance=calendar)
    calendar.save_revision().publish()
    agencies = [AgencyFactory(slug=f"agencia-{n}") for n in range(3)]
    NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    person = UserFactory()
    start = timezone.now() + datetime.timedelta(days=3)

    def add_trainings(first: int, last: int) -> None:
        for number in range(first, last):
            event = build_event(
                calendar,
                agencies[number % 3],
                title=f"Taller {number}",
                start=start + datetime.timedelta(hours=number),
            )
            if number % 2:
                event.co_organizers.add(agencies[(number + 1) % 3])
                event.save()

    add_trainings(0, 12)
    training = calendar.get_children().live().first().specific
    services.registration_apply(event=training, user=person)
    client.force_login(person)
    paths = ["/es/", "/es/events/", "/es/events/?page=2", training.url]
    for path in paths:  # warm what is read once per process
        queries(client, path)
    few = {path: queries(client, path) for path in paths}

    add_trainings(12, 200)
    many = {path: queries(client, path) for path in paths}
    assert many == few
    # Once its shared parts and the chrome are cached, the training page reads
    # the session, the user, the page, the person's registration, the user
    # bar's permission and the page's translations (language switcher); since
    # issue 18: the seats per agency, the person's open offer, the registration
    # state of the card and whether the person may nominate (10).
    client.get(training.url)
    assert len(captured_sql(client, training.url)) <= 10


def test_a_training_page_reads_its_organizers_once(client, site_tree):
    from events.models import CoOrganizerInvitation

    calendar = EventIndexPage(title="Calendario", slug="events")
    site_tree.homes["es"].add_child(instance=calendar)
    calendar.save_revision().publish()
    lead, partner = AgencyFactory(slug="lider"), AgencyFactory(slug="socia")
    training = build_event(calendar, lead, title="Taller")
    training.co_organizers.add(partner)
    training.save()
    CoOrganizerInvitation.objects.create(
        page=training,
        translation_key=training.translation_key,
        agency=partner,
        status=CoOrganizerInvitation.Status.ACCEPTED,
    )
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        page = client.get(training.url).content.decode()
    assert partner.name in page
    organizer_reads = [
        query
        for query in captured.captured_queries
        if 'FROM "agencies_agency"' in query["sql"]
        or 'FROM "events_coorganizerinvitation"' in query["sql"]
    ]
    # The lead agency, the named co-organizers and their answers.
    assert len(organizer_reads) <= 3, [q["sql"][:120] for q in organizer_reads]


def test_my_registrations_cost_the_same_queries_with_2_and_12_registrations(
    client, site_tree
):
    from wagtail.models import PageViewRestriction

    calendar = EventIndexPage(title="Calendario", slug="events")
    site_tree.homes["es"].add_child(instance=calendar)
    calendar.save_revision().publish()
    agency = AgencyFactory(slug="agencia")
    person = UserFactory()
    start = timezone.now() + datetime.timedelta(days=3)

    def register(first: int, last: int) -> None:
        for number in range(first, last):
            # Full trainings: one seat, taken first, so the person waits.
            event = build_event(
                calendar,
                agency,
                title=f"Taller {number}",
                capacity=1 if number % 2 else 10,
                start=start + datetime.timedelta(hours=number),
            )
            if number % 2:
                services.registration_apply(event=event, user=UserFactory())
            if number % 3 == 0:
                PageViewRestriction.objects.create(
                    page=event, restriction_type=PageViewRestriction.LOGIN
                )
            services.registration_apply(event=event, user=person)

    register(0, 2)
    client.force_login(person)
    path = "/es/registrations/"
    queries(client, path)
    few = queries(client, path)
    register(2, 12)
    page = client.get(path).content.decode()
    assert page.count("registration--waitlisted") == 6
    assert queries(client, path) == few
    # With the chrome cached (as after any page): session, user, registrations,
    # their sessions and their trainings' sessions, waiting-list positions, the
    # person's memberships, the trainings' ancestors and view restrictions, the
    # user bar's permission (10), and since issue 18 the panel review, the open
    # offers, the endorsements and the decisions' reasons (15).
    assert len(captured_sql(client, path)) <= 15


def captured_sql(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return [query["sql"][:90] for query in captured.captured_queries]
