"""What training cards and pages say about registering: seats left, closed, opens
on a date, waiting list, or how to take part without registration; read for a
whole listing at once, and fresh in cached listings after a seat is taken."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.registration_settings import Participation, RegistrationMode
from registrations import selectors, services
from registrations.models import Registration
from tests.factories import UserFactory

from .conftest import build_event

pytestmark = pytest.mark.django_db
Status = Registration.Status

OPENS = datetime.datetime(2099, 1, 10, 14, 0, tzinfo=datetime.UTC)


def _seat(event, n: int = 1, status=Status.CONFIRMED) -> None:
    for _ in range(n):
        Registration.objects.create(
            event=event, user=UserFactory(), status=status, applied_at=timezone.now()
        )


@pytest.fixture
def trainings(calendars, organizer_agency):
    """One training in each state, on the Spanish calendar."""
    past = timezone.now() - datetime.timedelta(days=1)

    def make(title, **fields):
        return build_event(calendars["es"], organizer_agency, title=title, **fields)

    built = {
        "seats": make("Taller con cupos", capacity=3),
        "waitlist": make("Taller lleno", capacity=1),
        "full": make("Taller completo", capacity=1, waitlist_enabled=False),
        "closed": make("Taller cerrado", registration_closes_at=past),
        "opens": make("Taller futuro", registration_opens_at=OPENS),
        "invitation": make("Taller por invitación", mode=RegistrationMode.CLOSED),
        "open to all": make(
            "Charla abierta",
            mode=RegistrationMode.CLOSED,
            participation=Participation.OPEN,
        ),
        "unlimited": make(
            "Taller sin límite", capacity=None, mode=RegistrationMode.APPLICATION
        ),
    }
    _seat(built["seats"])
    _seat(built["waitlist"])
    _seat(built["full"])
    return built


def _card_states(html: str) -> dict[str, str]:
    """Each card's title and its registration line, as read on the page."""
    cards = re.findall(
        r'<h3 class="card__title"><a [^>]*>([^<]+)</a></h3>.*?'
        r'<p class="registration-state[^"]*">(.*?)</p>',
        html,
        re.S,
    )
    return {title: re.sub(r"<[^>]+>", "", line) for title, line in cards}


EXPECTED = {
    "es": {
        "Taller con cupos": "2 cupos libres",
        "Taller lleno": "Lista de espera",
        "Taller completo": "Completo",
        "Taller cerrado": "Inscripción cerrada",
        "Taller futuro": "Abre el 10 de enero de 2099",
        "Taller por invitación": "Por invitación de los organizadores",
        "Charla abierta": "Abierta a todo público, sin inscripción",
        "Taller sin límite": "Solicitudes abiertas",
    },
    "en": {
        "Taller con cupos": "2 seats left",
        "Taller lleno": "Waiting list",
        "Taller completo": "Full",
        "Taller cerrado": "Registration closed",
        "Taller futuro": "Opens on Jan. 10, 2099",
        "Taller por invitación": "By invitation of the organizers",
        "Charla abierta": "Open to all, no registration needed",
        "Taller sin límite": "Applications open",
    },
}


def test_each_card_of_the_calendar_says_whether_and_how_to_register(
    client, trainings, calendars, django_assert_num_queries
):
    html = client.get(calendars["es"].url).content.decode()
    assert _card_states(html) == EXPECTED["es"]
    # One query for the whole listing, as for a single training.
    events = list(trainings.values())
    with django_assert_num_queries(1):
        states = selectors.registration_states(events)
    with django_assert_num_queries(1):
        selectors.registration_states(events[:1])
    # Read in the reader's language (the titles stay Spanish: these trainings
    # have no English page).
    for language, expected in EXPECTED.items():
        with translation.override(language):
            labels = {event.title: states[event.pk].label for event in events}
        assert labels == expected, language

    page = client.get(trainings["seats"].url).content.decode()
    register = page.index('class="button button--primary"')
    ics = page.index('calendar.ics" download')
    assert register < ics
    assert 'class="button button--secondary"' in page[ics - 200 : ics]
    assert "2 cupos libres" in page
    invitation = client.get(trainings["invitation"].url).content.decode()
    assert "Cómo participar" in invitation
    assert "Por invitación de los organizadores" in invitation
    assert "registrations/apply" not in invitation


def test_a_translation_shows_the_seats_of_its_source_page(
    calendars, organizer_agency, django_assert_num_queries
):
    source = build_event(calendars["es"], organizer_agency, capacity=5)
    english = source.copy_for_translation(calendars["en"].locale, copy_parents=False)
    english.save_revision().publish()
    _seat(source, 2)
    with django_assert_num_queries(1):
        state = selectors.registration_states([english])[english.pk]
    assert state.seats_left == 3
    with translation.override("en"):
        assert state.label == "3 seats left"


def test_cached_listings_show_the_seats_left_after_an_application(
    client, calendars, organizer_agency, site_tree
):
    training = build_event(calendars["es"], organizer_agency, capacity=2)
    agency = reverse("agencies:detail", kwargs={"slug": organizer_agency.slug})
    listings = [calendars["es"].url, site_tree.homes["es"].url, agency]
    for path in listings:
        assert "2 cupos libres" in client.get(path).content.decode(), path
        # Served from the anonymous page cache now.
        assert "2 cupos libres" in client.get(path).content.decode(), path

    person = UserFactory()
    services.registration_apply(event=training, user=person)
    for path in listings:
        assert "1 cupo libre" in client.get(path).content.decode(), path

    # Signed in: the page is rendered, its listing fragment is cached.
    client.force_login(UserFactory())
    for path in listings:
        assert "1 cupo libre" in client.get(path).content.decode(), path
    registration = Registration.objects.get(user=person)
    services.registration_cancel(registration=registration, by=person)
    for path in listings:
        assert "2 cupos libres" in client.get(path).content.decode(), path


def _search_states(html: str) -> dict[str, str]:
    """Each search result's title and its registration line."""
    hits = re.findall(
        r'<h3 class="search-hit__title"><a [^>]*>(.*?)</a></h3>\s*'
        r'<p class="registration-state[^"]*">(.*?)</p>',
        html,
        re.S,
    )
    return {
        re.sub(r"<[^>]+>", "", title): re.sub(r"<[^>]+>", "", line)
        for title, line in hits
    }


def _month_states(html: str) -> dict[str, str]:
    """Each training of the month grid (or day list) and its registration line."""
    items = re.findall(
        r'<a href="[^"]*">\d\d:\d\d ([^<]+)</a>.*?'
        r'<span class="registration-state[^"]*">([^<]+)</span>',
        html,
    )
    return dict(items)


def test_search_results_and_the_month_grid_say_whether_and_how_to_register(
    client, trainings, calendars
):
    from search.services import rebuild_index

    rebuild_index()
    search = reverse("search:search")
    html = client.get(search, {"type": "event"}).content.decode()
    assert _search_states(html) == EXPECTED["es"]
    with translation.override("en"):
        english_search = reverse("search:search")
    html = client.get(english_search, {"type": "event"}).content.decode()
    assert _search_states(html) == EXPECTED["en"]

    month = timezone.localtime(trainings["seats"].start).strftime("%Y-%m")
    html = client.get(calendars["es"].url, {"view": "month", "month": month})
    assert _month_states(html.content.decode()) == EXPECTED["es"]


def test_search_and_month_grid_read_the_states_in_constant_queries(
    client, calendars, organizer_agency
):
    """Signed in (nothing cached): the same number of queries for 2 or 6 trainings
    in the results and in the month grid."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.services import rebuild_index

    start = timezone.now() + datetime.timedelta(days=40)
    month = timezone.localtime(start).strftime("%Y-%m")
    client.force_login(UserFactory())

    def counts(n: int) -> tuple[int, int]:
        for number in range(n):
            training = build_event(
                calendars["es"],
                organizer_agency,
                title="Taller",
                capacity=5,
                start=start + datetime.timedelta(hours=number),
            )
            _seat(training)
        rebuild_index()
        measured = []
        for path, query in [
            (reverse("search:search"), {"q": "taller"}),
            (calendars["es"].url, {"view": "month", "month": month}),
        ]:
            client.get(path, query)  # the first request of a session does more
            with CaptureQueriesContext(connection) as captured:
                html = client.get(path, query).content.decode()
            assert html.count("4 cupos libres") >= n
            measured.append(len(captured))
        return tuple(measured)

    assert counts(2) == counts(4)


def test_cached_search_results_show_the_seats_left_after_an_application(
    client, calendars, organizer_agency
):
    from search.services import rebuild_index

    training = build_event(calendars["es"], organizer_agency, capacity=2)
    rebuild_index()
    search = reverse("search:search")
    month = timezone.localtime(training.start).strftime("%Y-%m")
    listings = [
        (search, {"q": "tráfico"}),
        (calendars["es"].url, {"view": "month", "month": month}),
    ]
    for path, query in listings:
        assert "2 cupos libres" in client.get(path, query).content.decode(), path
        # Served from the cache now.
        assert "2 cupos libres" in client.get(path, query).content.decode(), path

    person = UserFactory()
    services.registration_apply(event=training, user=person)
    for path, query in listings:
        assert "1 cupo libre" in client.get(path, query).content.decode(), path
