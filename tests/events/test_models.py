"""Trainings: start/end derived from sessions, session validation, SEQUENCE bumps."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import EventPage, EventSession
from tests.events.factories import EventPageFactory, local

pytestmark = pytest.mark.django_db


def test_start_and_end_are_derived_from_the_sessions(calendars):
    event = EventPageFactory(
        parent=calendars["es"],
        days=[
            (local(2027, 3, 11), local(2027, 3, 11, 16)),
            (local(2027, 3, 10), local(2027, 3, 10, 16)),
            (local(2027, 3, 12), local(2027, 3, 12, 12)),
        ],
    )
    event.refresh_from_db()
    assert event.start == local(2027, 3, 10)
    assert event.end == local(2027, 3, 12, 12)


def test_publishing_new_sessions_moves_the_derived_dates(calendars):
    event = EventPageFactory(
        parent=calendars["es"], days=[(local(2027, 3, 10), local(2027, 3, 10, 16))]
    )
    event = EventPage.objects.get(pk=event.pk)
    event.sessions.add(EventSession(start=local(2027, 4, 1), end=local(2027, 4, 1, 12)))
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.start == local(2027, 3, 10)
    assert event.end == local(2027, 4, 1, 12)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (local(2027, 3, 10, 16), local(2027, 3, 10, 9), "end"),
        (local(2027, 3, 10, 9), local(2027, 3, 10, 9), "end"),
        (local(2027, 3, 1), local(2027, 3, 20), "end"),
        (local(1999, 3, 1), local(1999, 3, 1, 12), "start"),
    ],
)
def test_session_outside_a_sane_range_is_invalid(start, end, field):
    session = EventSession(start=start, end=end)
    with pytest.raises(ValidationError) as error:
        session.clean()
    assert field in error.value.message_dict


def test_sequence_grows_only_when_time_or_place_changes(calendars):
    event = EventPageFactory(
        parent=calendars["es"], days=[(local(2027, 3, 10), local(2027, 3, 10, 16))]
    )
    session = event.sessions.get()
    assert session.sequence == 0
    uid = session.uid

    event = EventPage.objects.get(pk=event.pk)
    event.summary = "A new summary"
    event.save_revision().publish()
    session = EventSession.objects.get(pk=session.pk)
    assert session.sequence == 0

    event = EventPage.objects.get(pk=event.pk)
    moved = event.sessions.get()
    moved.end = local(2027, 3, 10, 17)
    event.sessions = [moved]
    event.save_revision().publish()
    session = EventSession.objects.get(pk=session.pk)
    assert session.sequence == 1
    assert session.uid == uid

    event = EventPage.objects.get(pk=event.pk)
    event.venue_name = "Another hall"
    event.save_revision().publish()
    assert EventSession.objects.get(pk=session.pk).sequence == 2


def test_draft_revision_does_not_bump_sequence(calendars):
    event = EventPageFactory(
        parent=calendars["es"], days=[(local(2027, 3, 10), local(2027, 3, 10, 16))]
    )
    event = EventPage.objects.get(pk=event.pk)
    moved = event.sessions.get()
    moved.start += datetime.timedelta(hours=1)
    event.sessions = [moved]
    event.save_revision()
    assert EventSession.objects.get(pk=moved.pk).sequence == 0
