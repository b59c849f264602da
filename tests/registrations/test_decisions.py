"""The audit trail: every decision recorded with who, when and why; the
organizers' decide form (no default decision, ticks kept, a reason to decline);
the applicant reads the reason in their language; the CSV export."""

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agencies.models import ParticipantProfile
from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Decision, Registration
from registrations.services.decisions import record_decision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def application_event(make_event):
    return make_event(mode=RegistrationMode.APPLICATION, capacity=1)


def _apply(event, **user_fields):
    return services.registration_apply(event=event, user=UserFactory(**user_fields))


def test_decline_records_who_when_and_the_reason_the_applicant_reads(
    application_event, organizer, django_capture_on_commit_callbacks
):
    english = _apply(application_event, username="ann")
    spanish = _apply(application_event, username="ana")
    ParticipantProfile.objects.create(user=english.user, preferred_language="en")
    ParticipantProfile.objects.create(user=spanish.user, preferred_language="es")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_decide(
            event=application_event,
            registration_ids=[english.pk, spanish.pk],
            status=Status.DECLINED,
            reason_code=Decision.Reason.NO_SEATS,
            reason_text="Next edition in March.",
            by=organizer,
        )
    decisions = Decision.objects.filter(action=Decision.Action.DECLINE)
    assert decisions.count() == 2
    first = decisions.get(registration=english)
    assert first.actor == organizer
    assert first.actor_email == organizer.email
    assert first.created_at is not None
    assert first.reason_code == "no_seats"
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Reason: All seats are taken — Next edition in March." in (
        by_address[english.user.email].body
    )
    assert "Motivo: Todos los cupos están ocupados — Next edition in March." in (
        by_address[spanish.user.email].body
    )


def test_promotion_and_cancellation_are_recorded_by_system_and_person(
    make_event, organizer
):
    event = make_event(capacity=1)
    seated = _apply(event)
    waiting = _apply(event)
    assert waiting.status == Status.WAITLISTED
    services.registration_cancel(registration=seated, by=seated.user)
    actions = list(Decision.objects.order_by("pk").values_list("action", "actor_email"))
    assert actions == [
        (Decision.Action.CANCEL, seated.user.email),
        (Decision.Action.PROMOTE, ""),
    ]
    promotion = Decision.objects.get(action="promote")
    assert promotion.actor_label == "el portal (automático)"
    with translation.override("en"):
        assert promotion.actor_label == "the portal (automatic)"


def test_record_decision_refuses_an_unknown_reason(application_event):
    registration = _apply(application_event)
    with pytest.raises(services.RegistrationError):
        record_decision(registration, "approve", reason_code="because")
    with pytest.raises(services.RegistrationError):
        record_decision(registration, "shrug")


def test_decide_form_has_no_default_and_asks_a_reason_to_decline(
    client, application_event, organizer
):
    registration = _apply(application_event)
    client.force_login(organizer)
    url = reverse("registrations_admin:list", args=[application_event.pk])
    page = client.get(url).content.decode()
    assert len(re.findall(r'<input type="radio" name="status"', page)) == 3
    assert not re.search(r'name="status"[^>]*checked', page)
    response = client.post(
        url, {"registrations": [registration.pk], "status": Status.DECLINED}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason_code"]
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    # Without a decision nothing happens either.
    response = client.post(url, {"registrations": [registration.pk]})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_ticks_are_kept_after_an_over_capacity_error(
    client, application_event, organizer
):
    first, second = _apply(application_event), _apply(application_event)
    client.force_login(organizer)
    url = reverse("registrations_admin:list", args=[application_event.pk])
    response = client.post(
        url, {"registrations": [first.pk, second.pk], "status": Status.CONFIRMED}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["form"].non_field_errors()
    for registration in (first, second):
        assert (
            f'value="{registration.pk}" id="select-{registration.pk}" checked' in html
        )
    assert re.search(r'name="status" value="confirmed"[^>]*checked', html)


def test_applicant_reads_the_reason_on_my_registrations(
    client, application_event, organizer
):
    registration = _apply(application_event)
    services.registration_decide(
        event=application_event,
        registration_ids=[registration.pk],
        status=Status.WAITLISTED,
        reason_code=Decision.Reason.RANKED_BELOW,
        by=organizer,
    )
    client.force_login(registration.user)
    html = client.get(reverse("registrations:list")).content.decode()
    assert "Otras personas solicitantes obtuvieron un puntaje mayor" in html
    english = client.get("/en" + reverse("registrations:list")[3:]).content.decode()
    assert "Other applicants ranked higher" in english


def test_audit_trail_exports_per_training_for_organizers_only(
    client, application_event, make_event, organizer
):
    registration = _apply(application_event, username="carla")
    other = _apply(make_event(title="Otro", mode=RegistrationMode.APPLICATION))
    for reg in (registration, other):
        services.registration_decide(
            event=reg.event,
            registration_ids=[reg.pk],
            status=Status.DECLINED,
            reason_text="=cmd()",
            by=organizer,
        )
    url = reverse("registrations_admin:decisions_csv", args=[application_event.pk])
    client.force_login(registration.user)
    refused = client.get(url)
    assert refused.status_code == 302
    assert not refused.has_header("Content-Disposition")
    client.force_login(organizer)
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2  # header and this training's one decision
    assert rows[1][1:6] == [
        registration.full_name,
        registration.email,
        "Rechazada",
        organizer.email,
        "",
    ]
    assert rows[1][6] == "'=cmd()"
