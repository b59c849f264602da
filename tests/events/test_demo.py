"""The demo calendar: the seed workshop, its replications, other agencies' trainings."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from core import demo
from events import selectors
from events.models import EventPage, EventSession
from events.selectors import other_editions
from tests import snapshots
from tests.events.factories import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "demo-logins.txt")
    snapshots.replay("demo", lambda: call_command("load_demo", quiet_logins=True))


def test_seed_workshop_is_a_past_three_day_event_in_both_languages(loaded):
    pages = EventPage.objects.filter(slug="taller-trafico-ilicito-migrantes-2022")
    assert {page.locale.language_code for page in pages} == {"es", "en"}
    assert len({page.translation_key for page in pages}) == 1
    workshop = pages.get(locale__language_code="es")
    sessions = list(workshop.sessions.order_by("start"))
    assert [(s.start, s.end) for s in sessions] == [
        (local(2022, 5, day, 9), local(2022, 5, day, 16)) for day in (12, 13, 14)
    ]
    assert {a.slug for a in workshop.organizers()} >= {"snm", "oim"}
    english = pages.get(locale__language_code="en")
    assert {s.uid for s in english.sessions.all()} == {s.uid for s in sessions}
    replications = other_editions(event=workshop)
    assert len(replications) == 2
    assert all(edition.start.year == 2027 for edition in replications)
    assert any(
        agency.kind == "civil_society"
        for edition in replications
        for agency in edition.organizers()
    )


def test_calendar_and_feed_serve_the_demo(client, loaded):
    response = client.get("/es/events/")
    assert response.status_code == 200
    assert len(response.context["events"]) >= 5
    feed = client.get("/es/events/feed.ics")
    assert feed.status_code == 200
    cal = Calendar.from_ical(feed.content)
    # The index feed reaches back a year: the 2022 workshop is in its own .ics.
    recent = EventSession.objects.filter(
        page__locale__language_code="es",
        end__gte=timezone.now() - selectors.FEED_HISTORY,
    )
    assert len(list(cal.walk("VEVENT"))) == recent.count() > 0
    workshop = EventPage.objects.get(
        slug="taller-trafico-ilicito-migrantes-2022", locale__language_code="es"
    )
    own = Calendar.from_ical(client.get(workshop.url + "calendar.ics").content)
    assert len(list(own.walk("VEVENT"))) == 3
    assert client.get("/en/events/feed.ics?agency=oim").status_code == 200
    month = client.get("/en/events/", {"view": "month", "month": "2027-03"})
    assert "Colón" in month.content.decode()


def test_loading_twice_adds_no_training(tmp_path, monkeypatch, loaded):
    before = EventPage.objects.count(), EventSession.objects.count()
    call_command("load_demo", quiet_logins=True)
    assert (EventPage.objects.count(), EventSession.objects.count()) == before
