"""Telling people: the participant about their registration's status, the
organizers about a freed seat, a person about a seat offered to them. Effects
run by the task worker after commit (core.effects), in the recipient's language.

The live notice to the participant goes through the `registration_status_changed`
signal (registrations.signals), which the announcements app answers.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from agencies.permissions import EDITING_ROLES
from core import effects
from core.mail import absolute_url, build_email, send_email, sender
from events.emails import training_email_context, training_ics_attachment
from events.models import EventPage
from events.selectors import event_end, event_has_ended
from registrations import selectors
from registrations.models import Decision, Offer, Registration
from registrations.signals import registration_status_changed

logger = logging.getLogger(__name__)

Status = Registration.Status


def _language_of(user) -> str:
    return selectors.person_language(user)


def notify_status_after_commit(
    registration: Registration,
    *,
    previous: str | None,
    message: str = "",
    reason_code: str = "",
    reason_text: str = "",
) -> None:
    """Queue the participant's notice of the status the registration has now.

    The status travels with the task: the worker may run it after a later change
    (applied, then approved before the worker ran), and each notice must tell
    the change it was queued for.
    """
    effects.enqueue_after_commit(
        notify_registration_status,
        registration_id=registration.pk,
        status=str(registration.status),
        previous=None if previous is None else str(previous),
        message=str(message),
        reason_code=str(reason_code),
        reason_text=str(reason_text),
    )


# The e-mail each new status sends (registrations/email/<name>.{txt,html}); a
# status without one of its own (attendance) gets the generic status e-mail.
STATUS_TEMPLATES = {
    Status.AWAITING_ENDORSEMENT: "awaiting_endorsement",
    Status.PENDING: "application_received",
    Status.CONFIRMED: "confirmed",
    Status.WAITLISTED: "waitlisted",
    Status.DECLINED: "declined",
    Status.CANCELLED: "cancelled",
}


def _status_template(status: str, previous: str | None) -> str | None:
    if status == Status.CONFIRMED and previous == Status.WAITLISTED:
        return "promoted"
    if previous == Status.AWAITING_ENDORSEMENT and status == Status.PENDING:
        return "endorsed"
    if previous == Status.AWAITING_ENDORSEMENT and status == Status.DECLINED:
        return "endorsement_declined"
    return STATUS_TEMPLATES.get(status)


@effects.effect
def notify_registration_status(
    *,
    registration_id: int,
    previous: str | None,
    message: str = "",
    status: str | None = None,
    reason_code: str = "",
    reason_text: str = "",
) -> None:
    """Tell the participant their registration's new status, in their language.

    The one place that reaches a participant about a registration: an e-mail
    (with the training's dates, place or online link, next steps, and its .ics
    when the person holds a seat), and a live announcement to that person when
    the announcements app offers one. Runs in the task worker after commit, so
    it never reports a change that was rolled back and a crash after commit
    cannot lose it (core.effects); a failed e-mail raises, so the effect is
    retried.
    """
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.user.email:
        return
    if status is not None:  # tasks queued before the status travelled: as now
        registration.status = status
    language = _language_of(registration.user)
    template = _status_template(registration.status, previous)
    if template is None:
        _send_generic_status(registration, language, previous, message)
    else:
        seated = registration.status in (Status.CONFIRMED, Status.ATTENDED)
        with translation.override(language):
            registrations_url = absolute_url(reverse("registrations:list"))
        email = build_email(
            template_base=f"registrations/email/{template}",
            context={
                **training_email_context(
                    event=registration.event, language=language, with_online_link=seated
                ),
                "registration": registration,
                "message": message,
                "reason": _reason_in(language, reason_code, reason_text),
                "position": selectors.waitlist_position(registration),
                "registrations_url": registrations_url,
            },
            language=language,
            to=[registration.user.email],
            attachments=[training_ics_attachment(registration.event)] if seated else [],
        )
        email.send()
    summaries = _status_summaries(registration)
    _tell_listeners(
        registration,
        previous=previous,
        summary=summaries[language],
        summaries=summaries,
        message=message,
    )


def _status_summaries(registration: Registration) -> dict[str, str]:
    """The live notice's line in every language ("Confirmada: …", "Confirmed:
    …"): the new status, then the training's title in that language, or the
    source title marked "(Available only in Spanish)" when the training has no
    translation. The notice is stored in both, so each reader sees their own."""
    summaries = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            summaries[language] = render_to_string(
                "registrations/email/registration_status_subject.txt",
                {
                    "event": {
                        "title": selectors.training_title(registration.event, language)
                    },
                    "status": registration.get_status_display(),
                },
            ).strip()
    return summaries


def _reason_in(language: str, reason_code: str, reason_text: str) -> str:
    """The decision's reason as the applicant reads it: the listed reason in
    their language, then what the organizers wrote."""
    if not (reason_code or reason_text):
        return ""
    with translation.override(language):
        return Decision(reason_code=reason_code, reason_text=reason_text).reason_display


def _send_generic_status(registration, language: str, previous, message: str) -> None:
    with translation.override(language):
        context = {
            "registration": registration,
            "event": registration.event,
            "status": registration.get_status_display(),
            "previous": previous,
            "message": message,
            "position": selectors.waitlist_position(registration),
            # Attendees download their certificate once the training has ended.
            "certificate_from": event_end(registration.event)
            if registration.status == Status.ATTENDED
            else None,
            "certificate_ready": registration.status == Status.ATTENDED
            and event_has_ended(registration.event),
            "url": absolute_url(reverse("registrations:list")),
        }
        subject = render_to_string(
            "registrations/email/registration_status_subject.txt", context
        ).strip()
        body = render_to_string(
            "registrations/email/registration_status_message.txt", context
        )
    send_mail(subject, body, sender(), [registration.user.email])


def _tell_listeners(
    registration: Registration,
    *,
    previous,
    summary: str,
    summaries: dict,
    message: str = "",
) -> None:
    """Send `registration_status_changed` (the announcements app turns it into a
    live message to the participant). A failing receiver is logged, never raised:
    the e-mail is already sent and a retry would send it twice."""
    responses = registration_status_changed.send_robust(
        sender=Registration,
        registration=registration,
        previous=previous,
        summary=summary,
        summaries=summaries,
        message=message,
    )
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.error(
                "%s failed for registration %s",
                getattr(receiver, "__qualname__", receiver),
                registration.pk,
                exc_info=response,
            )


def notify_schedule_changed_after_commit(event) -> int:
    """Queue the schedule-change e-mail to each confirmed and waitlisted
    registrant of the training (one task each, so a retry sends one e-mail);
    returns how many were queued."""
    ids = list(
        Registration.objects.filter(
            event=event, status__in=(Status.CONFIRMED, Status.WAITLISTED)
        ).values_list("pk", flat=True)
    )
    for registration_id in ids:
        effects.enqueue_after_commit(
            notify_schedule_changed, registration_id=registration_id
        )
    return len(ids)


@effects.effect
def notify_schedule_changed(*, registration_id: int) -> None:
    """E-mail one registrant the training's sessions as they are now, in their
    language; a confirmed seat gets the updated .ics attached."""
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.user.email:
        return
    if registration.status not in (Status.CONFIRMED, Status.WAITLISTED):
        return  # cancelled or declined since the change
    seated = registration.status == Status.CONFIRMED
    language = _language_of(registration.user)
    with translation.override(language):
        registrations_url = absolute_url(reverse("registrations:list"))
    send_email(
        template_base="registrations/email/schedule_changed",
        context={
            **training_email_context(
                event=registration.event, language=language, with_online_link=seated
            ),
            "registration": registration,
            "message": "",
            "with_calendar": seated,
            "registrations_url": registrations_url,
        },
        language=language,
        to=[registration.user.email],
        attachments=[training_ics_attachment(registration.event)] if seated else [],
    )


def notify_organizers_after_commit(event) -> None:
    effects.enqueue_after_commit(notify_organizers_seat_freed, event_id=event.pk)


@effects.effect
def notify_organizers_seat_freed(*, event_id: int) -> None:
    """E-mail the organizing agencies' editors that a confirmed seat is free."""
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        return
    User = get_user_model()
    editors = User.objects.filter(
        is_active=True,
        memberships__agency_id__in=event.organizing_agency_ids(),
        memberships__role__in=EDITING_ROLES,
    ).distinct()
    for editor in editors:
        if not editor.email:
            continue
        language = _language_of(editor)
        with translation.override(language):
            applicants_url = absolute_url(
                reverse("registrations_admin:list", args=[event.pk])
            )
        send_email(
            template_base="registrations/email/seat_freed",
            context={
                **training_email_context(
                    event=event, language=language, with_online_link=True
                ),
                "applicants_url": applicants_url,
            },
            language=language,
            to=[editor.email],
        )


def notify_offer_after_commit(offer, *, kind: str) -> None:
    """Queue the notice of a seat offer: "made" (with its deadline) or "expired"."""
    effects.enqueue_after_commit(notify_offer, offer_id=offer.pk, kind=kind)


OFFER_TEMPLATES = {"made": "offer_made", "expired": "offer_expired"}


@effects.effect
def notify_offer(*, offer_id: int, kind: str) -> None:
    """E-mail the person a seat offered to them (or its expiry), in their
    language, and tell them live through `registration_status_changed` with the
    e-mail's subject as the summary."""
    offer = (
        Offer.objects.select_related("registration__event", "registration__user")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or kind not in OFFER_TEMPLATES:
        return
    registration = offer.registration
    if not registration.user.email:
        return
    language = _language_of(registration.user)

    def offer_email(lang: str):
        with translation.override(lang):
            registrations_url = absolute_url(reverse("registrations:list"))
            deadline = date_format(
                timezone.localtime(offer.expires_at), "DATETIME_FORMAT"
            )
        return build_email(
            template_base=f"registrations/email/{OFFER_TEMPLATES[kind]}",
            context={
                **training_email_context(
                    event=registration.event, language=lang, with_online_link=False
                ),
                "registration": registration,
                "offer": offer,
                "deadline": deadline,
                "registrations_url": registrations_url,
            },
            language=lang,
            to=[registration.user.email],
        )

    email = offer_email(language)
    email.send()
    # The live notice is stored in every language (see _status_summaries), so
    # each reader sees the e-mail's subject in their own.
    summaries = {language: email.subject}
    for lang, _name in settings.LANGUAGES:
        if lang not in summaries:
            summaries[lang] = offer_email(lang).subject
    _tell_listeners(
        registration,
        previous=Status.WAITLISTED,
        summary=email.subject,
        summaries=summaries,
    )
