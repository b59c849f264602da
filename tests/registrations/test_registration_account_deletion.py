"""Deleting an account: open registrations are cancelled (the seat goes to the
waiting list as on a cancellation), past attendance stays as anonymous counts, and
no answer is turned into another one."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import (
    Certificate,
    Evaluation,
    Registration,
    RegistrationQuestion,
)
from tests.factories import UserFactory

from .conftest import add_question

pytestmark = pytest.mark.django_db
Status = Registration.Status
DELETE_URL = "/es/accounts/profile/delete/"


def delete_account(client, user, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(DELETE_URL, {"confirm": "on"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("mode", "fields"),
    [
        (RegistrationMode.FIRST_COME, {}),
        (RegistrationMode.APPLICATION, {"auto_promote": True}),
    ],
)
def test_deleted_account_frees_its_seat_for_the_first_waitlisted(
    client, make_event, django_capture_on_commit_callbacks, mode, fields
):
    event = make_event(capacity=1, mode=mode, **fields)
    leaving, first, second = (UserFactory() for _ in range(3))
    seat = services.registration_apply(event=event, user=leaving)
    Registration.objects.filter(pk=seat.pk).update(status=Status.CONFIRMED)
    for person in (first, second):
        registration = services.registration_apply(event=event, user=person)
        Registration.objects.filter(pk=registration.pk).update(status=Status.WAITLISTED)
    mail.outbox.clear()

    delete_account(client, leaving, django_capture_on_commit_callbacks)

    seat.refresh_from_db()
    assert seat.status == Status.CANCELLED
    assert (seat.full_name, seat.email) == ("", "")
    promoted = Registration.objects.get(user=first)
    assert promoted.status == Status.CONFIRMED
    assert Registration.objects.get(user=second).status == Status.WAITLISTED
    assert selectors.seats_taken(event_id=event.pk) == 1
    assert [message.to for message in mail.outbox] == [[first.email]]


def test_deleted_account_leaves_past_attendance_as_an_anonymous_count(
    client, make_event, participant, django_capture_on_commit_callbacks
):
    past = make_event(start=timezone.now() - datetime.timedelta(days=5))
    attended = Registration.objects.create(
        event=past,
        user=participant,
        status=Status.ATTENDED,
        full_name="Ana Pérez",
        email=participant.email,
        applied_at=timezone.now() - datetime.timedelta(days=9),
    )
    Certificate.objects.create(
        registration=attended, code="ABCD-EFGH-JKLM", holder_name="Ana Pérez"
    )
    Evaluation.objects.create(registration=attended, rating=4, comments="Soy Ana")

    delete_account(client, participant, django_capture_on_commit_callbacks)

    attended.refresh_from_db()
    assert attended.status == Status.ATTENDED
    assert (attended.full_name, attended.email) == ("", "")
    summary = selectors.evaluation_summary(event=past)
    assert (summary.attendees, summary.count, summary.comments) == (1, 1, [])
    verified = client.get(reverse("registrations:verify", args=["ABCD-EFGH-JKLM"]))
    assert verified.status_code == 200
    assert "Ana" not in verified.content.decode()


ANSWER_CELL = re.compile(r"<dd>(Sí|Si|Yes|No)</dd>")


def test_deleted_account_answers_are_removed_not_turned_into_no(
    client, make_event, participant, organizer, django_capture_on_commit_callbacks
):
    event = make_event(mode=RegistrationMode.APPLICATION)
    question = add_question(
        event,
        kind=RegistrationQuestion.Kind.YES_NO,
        label="¿Ha sido víctima de violencia?",
    )
    registration = services.registration_apply(
        event=event, user=participant, answers={question.pk: "yes"}
    )
    detail = reverse("registrations_admin:detail", args=[event.pk, registration.pk])
    export = reverse("registrations_admin:export_csv", args=[event.pk])
    client.force_login(organizer)
    assert ANSWER_CELL.findall(client.get(detail).content.decode()) in (
        ["Sí"],
        ["Yes"],
    )

    delete_account(client, participant, django_capture_on_commit_callbacks)

    client.force_login(organizer)
    assert ANSWER_CELL.findall(client.get(detail).content.decode()) == []
    rows = list(csv.reader(io.StringIO(client.get(export).content.decode("utf-8-sig"))))
    assert rows[1][-1] == ""
    assert not registration.answers.exists()
