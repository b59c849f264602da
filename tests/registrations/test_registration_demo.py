"""The demo registrations: the seed workshop's selection and its open replications."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from core import demo
from events.models import EventPage
from events.registration_settings import RegistrationMode
from registrations import selectors
from registrations.models import Facilitator, Registration

pytestmark = pytest.mark.django_db
Status = Registration.Status
DEMO_DAY = datetime.datetime(2026, 12, 5, 12, tzinfo=datetime.UTC)


def test_demo_selects_by_criteria_records_attendance_and_opens_replications(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "demo-logins.txt")
    call_command("load_demo", quiet_logins=True)
    workshop = EventPage.objects.get(
        slug="taller-trafico-ilicito-migrantes-2022", locale__language_code="es"
    )
    registrations = selectors.applicants(event=workshop)
    seated = [r for r in registrations if r.status in Registration.SEATED]
    others = [r for r in registrations if r.status not in Registration.SEATED]
    assert len(seated) == workshop.capacity == 10
    # Selected by weighted score: every selected official outranks every other.
    assert min(r.total_score for r in seated) > max(r.total_score for r in others)
    assert Registration.objects.filter(event=workshop, status=Status.ATTENDED).count()
    participant = Registration.objects.get(
        event=workshop, user__email="participante@example.org"
    )
    assert participant.status == Status.ATTENDED
    colon = EventPage.objects.get(
        slug="taller-trafico-ilicito-migrantes-2027-colon", locale__language_code="es"
    )
    assert colon.registration_mode == RegistrationMode.APPLICATION
    assert selectors.registration_is_open(colon)
    # The calendar reads as a real one: every way of taking part, not all
    # "by invitation" (read on a day between the demo's dates, which are fixed).
    upcoming = EventPage.objects.filter(locale__language_code="es").exclude(
        slug=workshop.slug
    )
    states = selectors.registration_states(upcoming, now=DEMO_DAY)
    with translation.override("es"):
        labels = {event.slug: states[event.pk].label for event in upcoming}
    assert labels == {
        "taller-trafico-ilicito-migrantes-2027-colon": "25 cupos libres",
        "taller-trafico-ilicito-migrantes-2027-chiriqui": "26 cupos libres",
        "acogida-comunitaria-darien": "Inscripción cerrada",
        "identificacion-victimas-trata": "Lista de espera",
        "derechos-personas-migrantes-orientacion-juridica": (
            "Abre el 1 de febrero de 2027"
        ),
        "datos-abiertos-movilidad-humana": "Por invitación de los organizadores",
    }
    waiting = Registration.objects.get(
        user__email="participante@example.org", status=Status.WAITLISTED
    )
    assert selectors.waitlist_position(waiting) == 1

    count = Registration.objects.count()
    facilitators = Facilitator.objects.count()
    assert facilitators == 3
    call_command("load_demo", quiet_logins=True)
    assert Registration.objects.count() == count
    assert Facilitator.objects.count() == facilitators
