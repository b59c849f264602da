"""Publishing a training whose sessions moved (or whose venue changed) e-mails each
confirmed and waitlisted registrant through the task worker, in their language,
with the new dates and, for a held seat, the updated .ics; other edits send
nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from agencies.models import ParticipantProfile
from events.models import EventPage
from registrations import services
from registrations.models import Registration
from tests.core.workers import DATABASE_TASKS
from tests.factories import UserFactory

from .test_notification_tasks import _run_worker_until_idle

pytestmark = pytest.mark.django_db
Status = Registration.Status
START = datetime.datetime(2099, 3, 9, 14, 0, tzinfo=datetime.UTC)  # 09:00 Panamá


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"


@pytest.fixture
def training(make_event):
    """One seat: a confirmed participant (Spanish), a waitlisted one (English),
    one who cancelled."""
    event = make_event(capacity=1, start=START, venue_name="Hotel Central")
    confirmed = UserFactory(username="confirmada")
    waiting = UserFactory(username="waiting")
    ParticipantProfile.objects.create(user=waiting, preferred_language="en")
    gone = UserFactory(username="gone")
    services.registration_apply(event=event, user=confirmed)
    services.registration_apply(event=event, user=waiting)
    cancelled = services.registration_apply(event=event, user=gone)
    services.registration_cancel(registration=cancelled, by=gone)
    _run_worker_until_idle()
    mail.outbox.clear()
    return EventPage.objects.get(pk=event.pk)


def _move_first_session(event, *, by: datetime.timedelta) -> None:
    sessions = list(event.sessions.all())
    sessions[0].start += by
    sessions[0].end += by
    event.sessions = sessions
    event.save_revision().publish()


def test_moved_sessions_email_each_confirmed_and_waitlisted_registrant(training):
    _move_first_session(training, by=datetime.timedelta(days=1))
    assert not mail.outbox  # sent by the worker, after the commit
    _run_worker_until_idle()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["confirmada@example.org", "waiting@example.org"]
    spanish = by_address["confirmada@example.org"]
    english = by_address["waiting@example.org"]
    print(spanish.subject, spanish.body, sep="\n")  # read as the recipient would
    assert spanish.subject.startswith("Cambio de horario: ")
    assert "10 de marzo de 2099" in spanish.body  # the new date, local time
    assert "09:00" in spanish.body
    assert "Hotel Central" in spanish.body
    assert "https://portal.example.org/es/registrations/" in spanish.body
    html, mime = spanish.alternatives[0]
    assert mime == "text/html" and "10 de marzo de 2099" in html
    (name, content, kind) = spanish.attachments[0]
    assert kind.startswith("text/calendar")
    starts = [
        component.decoded("dtstart")
        for component in Calendar.from_ical(content).walk("VEVENT")
    ]
    assert starts == [START + datetime.timedelta(days=1)]

    assert english.subject.startswith("Schedule changed: ")
    assert "March 10, 2099" in english.body
    # No seat yet: the dates, but no calendar file.
    assert not english.attachments
    assert "You are still on the waiting list" in english.body


def test_a_changed_venue_is_a_schedule_change_too(training):
    training.venue_name = "Centro de Convenciones Atlapa"
    training.save_revision().publish()
    _run_worker_until_idle()
    assert len(mail.outbox) == 2
    assert "Atlapa" in mail.outbox[0].body


def test_an_edit_of_other_fields_sends_nothing(training):
    training.summary = "Otro resumen"
    training.save_revision().publish()
    _move_first_session(training, by=datetime.timedelta(0))
    _run_worker_until_idle()
    assert mail.outbox == []
    assert timezone.now() < START
