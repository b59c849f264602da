"""Participant pages: apply form, "My registrations", cancel, certificate, verify."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from registrations import services
from registrations.models import Registration, RegistrationQuestion
from tests.factories import UserFactory

from .conftest import add_question, start_sessions

pytestmark = pytest.mark.django_db
Status = Registration.Status


def apply_url(event):
    return reverse("registrations:apply", args=[event.pk])


def test_apply_requires_sign_in(client, event):
    response = client.get(apply_url(event))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_apply_form_shows_questions_in_fieldsets(client, participant, make_event):
    event = make_event(sessions=2, sessions_selectable=True)
    add_question(
        event,
        kind=RegistrationQuestion.Kind.SINGLE_CHOICE,
        choices="Sí\nNo",
    )
    client.force_login(participant)
    response = client.get(apply_url(event))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<fieldset" in html and "<legend" in html
    assert "¿Tiene experiencia docente?" in html


def test_apply_success_shows_status(client, participant, event):
    question = add_question(event)
    client.force_login(participant)
    response = client.post(
        apply_url(event), {f"question_{question.pk}": "Cinco años"}, follow=True
    )
    assert response.status_code == 200
    registration = Registration.objects.get(user=participant)
    assert registration.status == Status.CONFIRMED
    assert (
        "Confirmada" in response.content.decode()
        or "Confirmed" in response.content.decode()
    )


def test_missing_answer_is_a_field_error(client, participant, event):
    question = add_question(event)
    client.force_login(participant)
    response = client.post(apply_url(event), {f"question_{question.pk}": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"id_question_{question.pk}_error" in html
    assert 'aria-invalid="true"' in html
    assert not Registration.objects.exists()


def test_session_of_another_event_is_a_form_error(client, participant, make_event):
    event = make_event(sessions=2, sessions_selectable=True)
    other = make_event(title="Otro")
    client.force_login(participant)
    response = client.post(apply_url(event), {"sessions": [other.sessions.get().pk]})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_unverified_account_sees_reason(client, event):
    user = UserFactory(verified=False)
    client.force_login(user)
    response = client.post(apply_url(event), {})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_my_registrations_lists_status_position_and_link(client, make_event):
    event = make_event(capacity=1, online_url="https://meet.example.org/taller")
    seated = services.registration_apply(event=event, user=UserFactory())
    waiting = services.registration_apply(event=event, user=UserFactory())
    client.force_login(waiting.user)
    html = client.get(reverse("registrations:list")).content.decode()
    assert event.title in html
    assert "meet.example.org" not in html
    # The status once, then the place in line (not "waiting list" twice).
    assert "Lista de espera</span> · usted es el número\u00a01</dd>" in html
    client.force_login(seated.user)
    html = client.get(reverse("registrations:list")).content.decode()
    assert "meet.example.org" in html
    assert reverse("registrations:cancel", args=[seated.pk]) in html


def test_cancel_own_registration(client, event, participant):
    registration = services.registration_apply(event=event, user=participant)
    client.force_login(participant)
    response = client.post(reverse("registrations:cancel", args=[registration.pk]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_other_users_registration_is_404(client, event, participant):
    registration = services.registration_apply(event=event, user=participant)
    intruder = UserFactory()
    client.force_login(intruder)
    for name in ("cancel", "certificate", "evaluate"):
        url = reverse(f"registrations:{name}", args=[registration.pk])
        response = client.post(url) if name == "cancel" else client.get(url)
        assert response.status_code == 404, name
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def _attended_and_ended(event, registration, organizer):
    start_sessions(event)
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )


def test_certificate_download_and_public_verification(
    client, event, participant, organizer
):
    registration = services.registration_apply(event=event, user=participant)
    _attended_and_ended(event, registration, organizer)
    client.force_login(participant)
    response = client.get(reverse("registrations:certificate", args=[registration.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    code = Registration.objects.get(pk=registration.pk).certificate.code
    client.logout()
    page = client.get(reverse("registrations:verify", args=[code]))
    assert page.status_code == 200
    assert event.title in page.content.decode()
    assert (
        client.get(reverse("registrations:verify", args=["NOPE-NOPE-NOPE"])).status_code
        == 404
    )
    lookup = client.get(reverse("registrations:verify_lookup"), {"code": code.lower()})
    assert lookup.status_code == 302


def test_public_certificate_page_names_the_holder_but_never_shows_an_email(
    client, event, participant, organizer
):
    participant.first_name, participant.last_name = "Ana", "Pérez"
    participant.save()
    unnamed = UserFactory(first_name="", last_name="")
    named_registration = services.registration_apply(event=event, user=participant)
    unnamed_registration = services.registration_apply(event=event, user=unnamed)
    Registration.objects.filter(event=event).update(full_name="")
    assert set(Registration.objects.values_list("status", flat=True)) == {
        Status.CONFIRMED
    }
    start_sessions(event)
    services.registration_record_attendance(
        session=event.sessions.get(),
        present_ids=[named_registration.pk, unnamed_registration.pk],
        by=organizer,
    )
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    for registration, user, name in (
        (named_registration, participant, "Ana Pérez"),
        (unnamed_registration, unnamed, ""),
    ):
        registration.refresh_from_db()
        certificate = services.registration_certificate_issue(
            registration=registration, by=user
        )
        assert certificate.holder_name == name
        html = client.get(reverse("registrations:verify", args=[certificate.code]))
        assert html.status_code == 200
        assert name in html.content.decode()
        assert user.email not in html.content.decode()


def test_evaluation_form_after_the_event(client, event, participant, organizer):
    registration = services.registration_apply(event=event, user=participant)
    _attended_and_ended(event, registration, organizer)
    client.force_login(participant)
    url = reverse("registrations:evaluate", args=[registration.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"rating": "4", "comments": "Muy práctico"})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).evaluation.rating == 4


def test_registration_box_on_event_page(client, event, participant):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = participant
    html = Template("{% load registration_tags %}{% registration_box page %}").render(
        Context({"page": event, "request": request})
    )
    assert apply_url(event) in html


def test_attendee_told_certificate_comes_after_the_training(
    client, event, participant, organizer
):
    registration = services.registration_apply(event=event, user=participant)
    start_sessions(event)
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    client.force_login(participant)
    html = client.get(reverse("registrations:list")).content.decode()
    assert reverse("registrations:certificate", args=[registration.pk]) not in html
    with translation.override("es"):
        notice = gettext(
            "Your certificate of attendance and the evaluation form open here "
            "once the training ends."
        )
    assert notice in html


def test_cancelled_participant_applies_again_at_the_back_of_the_queue(
    client, make_event, participant
):
    event = make_event(capacity=1)
    first = services.registration_apply(event=event, user=participant)
    waiting = services.registration_apply(event=event, user=UserFactory())
    client.force_login(participant)
    client.post(reverse("registrations:cancel", args=[first.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED

    form = client.get(apply_url(event)).content.decode()
    assert "<form" in form and 'class="stacked-form registration-form"' in form
    response = client.post(apply_url(event))
    assert response.status_code == 302
    again = Registration.objects.get(user=participant)
    assert again.status == Status.WAITLISTED
    assert again.applied_at > waiting.applied_at


def test_personal_pages_are_marked_no_store_private(
    client, event, participant, organizer
):
    registration = services.registration_apply(event=event, user=participant)
    _attended_and_ended(event, registration, organizer)
    client.force_login(participant)
    responses = {
        "profile": client.get(reverse("accounts:profile")),
        "data download": client.post(reverse("accounts:export")),
        "my registrations": client.get(reverse("registrations:list")),
        "certificate": client.get(
            reverse("registrations:certificate", args=[registration.pk])
        ),
        "evaluation": client.get(
            reverse("registrations:evaluate", args=[registration.pk])
        ),
        "application": client.get(apply_url(event)),
    }
    assert responses["certificate"]["Content-Type"] == "application/pdf"
    for name, response in responses.items():
        assert response.status_code == 200, name
        directives = {
            part.strip() for part in response.get("Cache-Control", "").split(",")
        }
        assert {"no-store", "private"} <= directives, name
