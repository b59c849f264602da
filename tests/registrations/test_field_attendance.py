"""Attendance in the field (issue 19): check-ins from several phones counted once
with the first time kept, none before the session starts, "mark all present" and
its undo, the printable sign-in sheet, and the personal check-in QR code."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import Attendance, Registration
from registrations.services import CheckIn, RegistrationError
from tests.factories import UserFactory

from .conftest import start_sessions
from .test_registration_journey import _pdf_text

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def started(make_event):
    """A started one-session training with three confirmed people."""
    event = make_event()
    people = [
        services.registration_apply(
            event=event, user=UserFactory(first_name=name, last_name="Pérez")
        )
        for name in ("Ana", "Beto", "Carla")
    ]
    for registration in people:
        registration.full_name = registration.user.get_full_name()
        registration.save(update_fields=["full_name"])
    start_sessions(event)
    return event, event.sessions.get(), people


def test_check_ins_from_two_phones_count_once_and_keep_the_first_time(
    started, organizer
):
    event, session, (ana, beto, carla) = started
    token = services.registration_checkin_token(registration=ana)
    now = timezone.now()
    first = services.attendance_check_in(
        session=session,
        check_ins=[CheckIn(token=token, at=now - datetime.timedelta(minutes=5))],
        by=organizer,
    )
    assert first.recorded == [ana.pk]
    # The second phone was offline: it saw Ana earlier, and Beto by name, twice.
    second = services.attendance_check_in(
        session=session,
        check_ins=[
            CheckIn(registration_id=ana.pk, at=now - datetime.timedelta(minutes=9)),
            CheckIn(registration_id=beto.pk, at=now - datetime.timedelta(minutes=2)),
            CheckIn(registration_id=beto.pk, at=now - datetime.timedelta(minutes=1)),
            CheckIn(token="not-a-token"),
        ],
        by=organizer,
    )
    assert second.recorded == [ana.pk, beto.pk]
    assert second.unknown == ["not-a-token"]
    rows = {a.registration_id: a for a in Attendance.objects.filter(session=session)}
    assert set(rows) == {ana.pk, beto.pk}
    assert rows[ana.pk].checked_in_at == now - datetime.timedelta(minutes=9)
    assert rows[beto.pk].checked_in_at == now - datetime.timedelta(minutes=2)
    # A later resend of an old scan does not move the first time.
    services.attendance_check_in(
        session=session, check_ins=[CheckIn(token=token, at=now)], by=organizer
    )
    assert Attendance.objects.get(
        session=session, registration=ana
    ).checked_in_at == now - datetime.timedelta(minutes=9)
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        ana.pk: Status.ATTENDED,
        beto.pk: Status.ATTENDED,
        carla.pk: Status.CONFIRMED,
    }


def test_no_check_in_before_the_session_starts(make_event, organizer):
    event = make_event()
    registration = services.registration_apply(event=event, user=UserFactory())
    with pytest.raises(RegistrationError) as refused:
        services.attendance_check_in(
            session=event.sessions.get(),
            check_ins=[CheckIn(registration_id=registration.pk)],
            by=organizer,
        )
    assert refused.value.code == "not_started"
    with pytest.raises(RegistrationError):
        services.attendance_mark_all_present(session=event.sessions.get(), by=organizer)
    assert not Attendance.objects.exists()


def test_mark_all_present_then_undo_restores_the_sheet_and_emails_nobody(
    client, started, organizer, django_capture_on_commit_callbacks
):
    event, session, (ana, beto, carla) = started
    services.attendance_check_in(
        session=session, check_ins=[CheckIn(registration_id=ana.pk)], by=organizer
    )
    client.force_login(organizer)
    mail.outbox.clear()
    args = [event.pk, session.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations_admin:attendance_mark_all", args=args))
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "registration_id", flat=True
        )
    )
    assert present == {ana.pk, beto.pk, carla.pk}
    page = client.get(reverse("registrations_admin:attendance", args=args))
    assert "Deshacer «marcar a todos presentes»" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations_admin:attendance_undo_mark_all", args=args))
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "registration_id", flat=True
        )
    )
    assert present == {ana.pk}
    assert Registration.objects.get(pk=beto.pk).status == Status.CONFIRMED
    assert mail.outbox == []


def test_the_sync_endpoint_merges_and_answers_the_list(client, started, organizer):
    event, session, (ana, beto, _carla) = started
    token = services.registration_checkin_token(registration=ana)
    url = reverse("registrations_admin:checkin_sync", args=[event.pk, session.pk])
    client.force_login(UserFactory())
    assert client.post(url, "{}", content_type="application/json").status_code in (
        302,
        403,
    )
    client.force_login(organizer)
    payload = {"checkIns": [{"token": token, "at": timezone.now().isoformat()}]}
    for _phone in range(2):
        answer = client.post(url, json.dumps(payload), content_type="application/json")
        assert answer.status_code == 200
    people = {p["id"]: p for p in answer.json()["people"]}
    assert people[ana.pk]["present"] and people[ana.pk]["at"]
    assert not people[beto.pk]["present"]
    assert Attendance.objects.filter(session=session).count() == 1
    page = client.get(
        reverse("registrations_admin:checkin", args=[event.pk, session.pk])
    )
    assert page["Permissions-Policy"].startswith("camera=(self)")
    assert token in page.content.decode()


def test_the_sign_in_sheet_lists_the_sessions_people(client, started, organizer):
    event, session, people = started
    client.force_login(organizer)
    response = client.get(
        reverse("registrations_admin:signin_sheet", args=[event.pk, session.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Hoja de firmas" in text
    for registration in people:
        assert registration.full_name.encode("latin-1").decode("latin-1") in text


def test_personal_qr_code_carries_a_random_token_on_my_registrations(
    client, event, participant
):
    registration = services.registration_apply(event=event, user=participant)
    client.force_login(participant)
    page = client.get(reverse("registrations:list")).content.decode()
    registration.refresh_from_db()
    token = registration.checkin_token
    assert token and len(token) >= 24
    assert participant.email not in token and str(registration.pk) != token
    assert 'class="checkin-qr"' in page
    printable = client.get(
        reverse("registrations:checkin_code", args=[registration.pk])
    )
    assert token in printable.content.decode()
    # The token stays; another person's printable page is not theirs to see.
    assert services.registration_checkin_token(registration=registration) == token
    client.force_login(UserFactory())
    assert (
        client.get(
            reverse("registrations:checkin_code", args=[registration.pk])
        ).status_code
        == 404
    )
