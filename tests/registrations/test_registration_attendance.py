"""Attendance and certificates through the pages people use: check-in opens when
the session starts and tells nobody, a certificate asks for the training's share
of sessions and says how many were attended."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from registrations import services
from registrations.models import Attendance, Certificate, Registration
from tests.factories import UserFactory

from .conftest import start_sessions
from .test_registration_journey import _pdf_text

pytestmark = pytest.mark.django_db
Status = Registration.Status


def attendance_url(event, session):
    return reverse("registrations_admin:attendance", args=[event.pk, session.pk])


def test_check_in_is_refused_before_the_session_starts(client, event, organizer):
    registration = services.registration_apply(event=event, user=UserFactory())
    session = event.sessions.get()
    client.force_login(organizer)
    page = client.get(attendance_url(event, session)).content.decode()
    assert f'value="{registration.pk}"' not in page
    assert "El registro de asistencia se abre cuando empieza la sesión" in page

    response = client.post(
        attendance_url(event, session), {"present": [registration.pk]}
    )
    assert response.status_code == 400
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Esta sesión aún no ha comenzado")
    assert not Attendance.objects.exists()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    start_sessions(event)
    response = client.post(
        attendance_url(event, session), {"present": [registration.pk]}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED


def test_ticking_and_unticking_attendance_sends_no_email(
    client, event, organizer, django_capture_on_commit_callbacks
):
    registration = services.registration_apply(event=event, user=UserFactory())
    session = start_sessions(event).sessions.get()
    client.force_login(organizer)
    mail.outbox.clear()
    for ticked in ([registration.pk], [], [registration.pk]):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(attendance_url(event, session), {"present": ticked})
        assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Status.ATTENDED
    assert mail.outbox == []


def attended_sessions(client, event, organizer, registration, days: int):
    """The three-day training has ended; the organizer ticked the first `days`."""
    start_sessions(event, ago=datetime.timedelta(days=4))
    client.force_login(organizer)
    for session in event.sessions.order_by("start")[:days]:
        response = client.post(
            attendance_url(event, session), {"present": [registration.pk]}
        )
        assert response.status_code == 302


@pytest.mark.parametrize(
    ("threshold", "days", "earned"),
    [(100, 3, True), (100, 1, False), (50, 1, False), (50, 2, True), (30, 1, True)],
)
def test_certificate_requires_the_trainings_share_of_sessions(
    client, make_event, participant, organizer, threshold, days, earned
):
    event = make_event(sessions=3, certificate_min_attendance=threshold)
    registration = services.registration_apply(event=event, user=participant)
    attended_sessions(client, event, organizer, registration, days)

    client.force_login(participant)
    mine = client.get(reverse("registrations:list")).content.decode()
    url = reverse("registrations:certificate", args=[registration.pk])
    response = client.get(url)
    if not earned:
        assert url not in mine
        assert f"asistió a {days} de 3 sesiones" in mine
        assert response.status_code == 302
        (message,) = [str(m) for m in get_messages(response.wsgi_request)]
        assert f"; usted asistió a {days}." in message
        assert not Certificate.objects.exists()
        return
    assert url in mine
    assert response["Content-Type"] == "application/pdf"
    with translation.override("es"):
        stated = ngettext(
            "Attended %(attended)s of %(total)s session",
            "Attended %(attended)s of %(total)s sessions",
            3,
        ) % {"attended": days, "total": 3}
    assert stated == f"Asistió a {days} de 3 sesiones"
    assert stated.encode("latin-1").decode("latin-1") in _pdf_text(response.content)
    code = Certificate.objects.get().code
    verified = client.get(reverse("registrations:verify", args=[code]))
    assert stated in verified.content.decode()
