"""Fixtures of the registration tests: a calendar, trainings with sessions, people."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventPage, EventSession
from events.registration_settings import RegistrationMode
from registrations.models import RegistrationQuestion
from tests.factories import AgencyFactory, UserFactory, make_member


@pytest.fixture
def organizer_agency(db):
    return AgencyFactory(slug="snm", name_es="Servicio Nacional de Migración")


@pytest.fixture
def organizer(organizer_agency):
    return make_member(organizer_agency, role="editor", username="organizer")


def build_event(
    calendar,
    agency,
    *,
    title: str = "Taller sobre tráfico de migrantes",
    capacity: int | None = 10,
    mode: str = RegistrationMode.FIRST_COME,
    sessions: int = 1,
    session_capacities: tuple[int | None, ...] = (),
    start: datetime.datetime | None = None,
    **fields,
) -> EventPage:
    start = start or timezone.now() + datetime.timedelta(days=7)
    event = EventPage(
        title=title,
        summary="Un taller de tres días.",
        lead_agency=agency,
        registration_mode=mode,
        capacity=capacity,
        **fields,
    )
    for day in range(sessions):
        event.sessions.add(
            EventSession(
                title=f"Día {day + 1}",
                start=start + datetime.timedelta(days=day),
                end=start + datetime.timedelta(days=day, hours=6),
                capacity=session_capacities[day]
                if day < len(session_capacities)
                else None,
            )
        )
    calendar.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def make_event(calendar, organizer_agency):
    def make(**fields) -> EventPage:
        return build_event(calendar, organizer_agency, **fields)

    return make


@pytest.fixture
def event(make_event) -> EventPage:
    return make_event()


@pytest.fixture
def participant(db):
    return UserFactory(username="participant")


def add_question(event, **fields) -> RegistrationQuestion:
    defaults = {
        "kind": RegistrationQuestion.Kind.SHORT_TEXT,
        "label": "¿Tiene experiencia docente?",
        "required": True,
    }
    return RegistrationQuestion.objects.create(page=event, **{**defaults, **fields})


def start_sessions(event, *, ago: datetime.timedelta = datetime.timedelta(hours=1)):
    """Move the training so its first session started `ago` (check-in opens then);
    the sessions keep their lengths and the days between them."""
    sessions = list(event.sessions.order_by("start"))
    shift = timezone.now() - ago - sessions[0].start
    for session in sessions:
        type(session).objects.filter(pk=session.pk).update(
            start=session.start + shift, end=session.end + shift
        )
    type(event).objects.filter(pk=event.pk).update(
        start=sessions[0].start + shift, end=max(s.end for s in sessions) + shift
    )
    event.refresh_from_db()
    return event
