"""Endorsement: the applicant names their agency and a supervisor or its focal
points; the endorser answers from a link that needs no account (once, until it
expires); reminders after the training's number of days."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agencies.models import ParticipantProfile
from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import Decision, Endorsement, Registration
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def staff_agency(db):
    return AgencyFactory(slug="dgme", name_es="Dirección de Migración")


@pytest.fixture
def endorsed_event(make_event):
    return make_event(
        mode=RegistrationMode.APPLICATION,
        capacity=5,
        endorsement_required=True,
        endorsement_reminder_days=3,
    )


def _apply(event, agency, capture, *, email="jefa@example.org", **extra):
    user = UserFactory()
    with capture(execute=True):
        registration = services.registration_apply(
            event=event, user=user, agency=agency, endorser_email=email, **extra
        )
    return registration


def _link(message=None) -> str:
    """The endorsement link of `message`, or of the last e-mail that has one."""
    messages = [message] if message else reversed(mail.outbox)
    for candidate in messages:
        found = re.search(r"https?://\S+/endorsements/[^/\s]+/", candidate.body)
        if found:
            return found.group(0)
    raise AssertionError("no endorsement link sent")


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_application_awaits_endorsement_and_the_supervisor_gets_a_link(
    endorsed_event, staff_agency, django_capture_on_commit_callbacks
):
    registration = _apply(
        endorsed_event, staff_agency, django_capture_on_commit_callbacks
    )
    assert registration.status == Status.AWAITING_ENDORSEMENT
    assert registration.agency == staff_agency
    endorsement = Endorsement.objects.get()
    assert endorsement.endorser_email == "jefa@example.org"
    to_supervisor = [m for m in mail.outbox if m.to == ["jefa@example.org"]]
    assert len(to_supervisor) == 1
    assert "/endorsements/" in to_supervisor[0].body
    # The organizers do not see it yet.
    assert list(selectors.applicants(event=endorsed_event)) == []


def test_supervisor_endorses_once_without_an_account(
    client, endorsed_event, staff_agency, django_capture_on_commit_callbacks
):
    registration = _apply(
        endorsed_event, staff_agency, django_capture_on_commit_callbacks
    )
    link = _path(_link())
    page = client.get(link)
    assert page.status_code == 200
    assert registration.full_name in page.content.decode() or (
        registration.email in page.content.decode()
    )
    assert page["Referrer-Policy"] == "same-origin"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"decision": "endorse"})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    decision = Decision.objects.get(action=Decision.Action.ENDORSE)
    assert decision.actor is None
    assert decision.actor_email == "jefa@example.org"
    assert list(selectors.applicants(event=endorsed_event)) == [registration]
    # The link works once.
    assert client.get(link).status_code == 410
    assert client.post(link, {"decision": "decline", "reason": "x"}).status_code == 410


def test_declined_endorsement_declines_with_the_reason_the_applicant_reads(
    client, endorsed_event, staff_agency, django_capture_on_commit_callbacks
):
    registration = _apply(
        endorsed_event, staff_agency, django_capture_on_commit_callbacks
    )
    ParticipantProfile.objects.create(user=registration.user, preferred_language="en")
    link = _path(_link())
    assert client.post(link, {"decision": "decline"}).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"decision": "decline", "reason": "Needed at the border."})
    registration.refresh_from_db()
    assert registration.status == Status.DECLINED
    (message,) = mail.outbox
    assert message.to == [registration.user.email]
    assert "not endorsed" in message.subject
    assert (
        "Your organization did not endorse it — Needed at the border." in message.body
    )
    client.force_login(registration.user)
    html = client.get("/en/registrations/").content.decode()
    assert "Needed at the border." in html
    # It never reached the organizers: the review panel does not score it.
    assert not selectors.under_review(event=endorsed_event).exists()


def test_focal_points_are_asked_and_the_first_answer_closes_the_others(
    endorsed_event, staff_agency, django_capture_on_commit_callbacks
):
    first = make_member(staff_agency, role="focal_point")
    second = make_member(staff_agency, role="focal_point")
    make_member(staff_agency, role="member")  # not asked
    registration = _apply(
        endorsed_event,
        staff_agency,
        django_capture_on_commit_callbacks,
        email="",
        focal_points=True,
    )
    endorsements = list(registration.endorsements.order_by("endorser_email"))
    assert sorted(e.endorser_email for e in endorsements) == sorted(
        [first.email, second.email]
    )
    links = {m.to[0]: _link(m) for m in mail.outbox if "/endorsements/" in m.body}
    token = links[first.email].rstrip("/").rsplit("/", 1)[1]
    services.endorsement_decide(token=token, endorse=True)
    other = links[second.email].rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(services.RegistrationError) as refused:
        services.endorsement_for_token(other)
    assert refused.value.code == "link_used"


def test_an_agency_without_focal_points_asks_for_the_supervisor(
    endorsed_event, staff_agency
):
    with pytest.raises(services.RegistrationError) as refused:
        services.registration_apply(
            event=endorsed_event,
            user=UserFactory(),
            agency=staff_agency,
            focal_points=True,
        )
    assert refused.value.field == "endorser_email"
    assert not Registration.objects.exists()


def test_forged_and_expired_links_are_refused(
    client, endorsed_event, staff_agency, django_capture_on_commit_callbacks
):
    _apply(endorsed_event, staff_agency, django_capture_on_commit_callbacks)
    link = _path(_link())
    assert client.get(link[:-3] + "xx/").status_code == 404
    Endorsement.objects.update(expires_at=timezone.now())
    assert client.get(link).status_code == 410


def test_reminder_goes_out_once_after_the_days_set(
    endorsed_event, staff_agency, django_capture_on_commit_callbacks
):
    _apply(endorsed_event, staff_agency, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    now = timezone.now()
    assert services.send_due_endorsement_reminders(now=now) == []
    later = now + datetime.timedelta(days=3, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.send_due_endorsement_reminders(now=later)
    assert len(reminded) == 1
    (message,) = mail.outbox
    assert message.subject.startswith("Recordatorio")
    assert "/endorsements/" in message.body
    assert services.send_due_endorsement_reminders(now=later) == []


def test_first_come_training_confirms_once_endorsed(
    make_event, staff_agency, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, endorsement_required=True)
    registration = _apply(event, staff_agency, django_capture_on_commit_callbacks)
    token = _link().rstrip("/").rsplit("/", 1)[1]
    services.endorsement_decide(token=token, endorse=True)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert list(registration.decisions.values_list("action", flat=True)) == [
        "endorse",
        "approve",
    ]


def test_apply_form_asks_for_the_agency_and_endorser(
    client, endorsed_event, staff_agency, participant
):
    client.force_login(participant)
    url = reverse("registrations:apply", args=[endorsed_event.pk])
    page = client.get(url).content.decode()
    # One agency field: the applicant's organization is the one that endorses.
    assert page.count("<select") == 1 and 'name="applicant-agency"' in page
    assert 'name="endorser_email"' in page
    applicant = {"applicant-full_name": "Ana Pérez"}
    response = client.post(
        url,
        {**applicant, "endorser": "supervisor", "endorser_email": "jefa@example.org"},
    )
    assert response.status_code == 400
    assert response.context["applicant"].errors["agency"]
    response = client.post(
        url,
        {
            **applicant,
            "applicant-agency": staff_agency.pk,
            "endorser": "supervisor",
            "endorser_email": participant.email,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["endorser_email"]
    response = client.post(
        url,
        {
            **applicant,
            "applicant-agency": staff_agency.pk,
            "endorser": "supervisor",
            "endorser_email": "jefa@example.org",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(user=participant)
    assert registration.agency == staff_agency
    assert ParticipantProfile.objects.get(user=participant).agency == staff_agency
    page = client.get(reverse("registrations:list")).content.decode()
    assert "jefa@example.org" in page
