"""A published change of a training (postponed, cancelled, session moved) is
announced to its confirmed participants."""

import datetime

import pytest
from django.utils import timezone

from announcements.models import Announcement
from events.models import EventPage, EventSession, EventStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(make_training):
    start = timezone.now() + datetime.timedelta(days=30)
    page = make_training(
        title="Taller sobre tráfico ilícito de migrantes",
        sessions=[
            EventSession(
                title="Sesión 2",
                start=start,
                end=start + datetime.timedelta(hours=3),
                room="Sala A",
            )
        ],
    )
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def republish(page: EventPage) -> None:
    page.save_revision().publish()


def event_announcements():
    return Announcement.objects.filter(audience=Announcement.Audience.EVENT)


def test_the_first_publication_announces_nothing(training):
    assert not event_announcements().exists()


def test_a_postponement_is_announced_to_participants(training):
    training.status = EventStatus.POSTPONED
    training.status_reason = "Nueva fecha en junio"
    republish(training)

    announcement = event_announcements().get()
    assert announcement.event_id == training.pk
    assert announcement.agency_id == training.lead_agency_id
    assert announcement.level == Announcement.Level.IMPORTANT
    assert training.title in announcement.title
    assert announcement.body == "Nueva fecha en junio"
    assert announcement.broadcast_at is not None


def test_a_cancellation_is_urgent(training):
    training.status = EventStatus.CANCELLED
    republish(training)
    assert event_announcements().get().level == Announcement.Level.URGENT


def test_a_moved_session_is_announced_once(training):
    sessions = list(training.sessions.all())
    sessions[0].room = "Sala B"
    training.sessions = sessions
    republish(training)
    republish(EventPage.objects.get(pk=training.pk))

    announcement = event_announcements().get()
    assert "Sala B" in announcement.body
    assert "Sesión 2" in announcement.body


def test_an_unrelated_edit_announces_nothing(training):
    training.summary = "Otro resumen"
    republish(training)
    assert not event_announcements().exists()
