"""Telling people: the participant about their registration's status, the
organizers about a freed seat. Effects run by the task worker after commit
(core.effects), in the recipient's language.

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
from django.utils import translation

from agencies.models import ParticipantProfile
from agencies.permissions import EDITING_ROLES
from core import effects
from events.models import EventPage
from events.selectors import event_end, event_has_ended
from registrations import selectors
from registrations.models import Registration
from registrations.signals import registration_status_changed

logger = logging.getLogger(__name__)

Status = Registration.Status


def _language_of(user) -> str:
    language = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def notify_status_after_commit(
    registration_id: int, *, previous: str | None, message: str = ""
) -> None:
    effects.enqueue_after_commit(
        notify_registration_status,
        registration_id=registration_id,
        previous=None if previous is None else str(previous),
        message=str(message),
    )


@effects.effect
def notify_registration_status(
    *, registration_id: int, previous: str | None, message: str = ""
) -> None:
    """Tell the participant their registration's new status, in their language.

    The one place that reaches a participant about a registration: an e-mail, and
    a live announcement to that person when the announcements app offers one.
    Runs in the task worker after commit, so it never reports a change that was
    rolled back and a crash after commit cannot lose it (core.effects); a failed
    e-mail raises, so the effect is retried.
    """
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.user.email:
        return
    language = _language_of(registration.user)
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
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("registrations:list"),
        }
        subject = render_to_string(
            "registrations/email/registration_status_subject.txt", context
        ).strip()
        body = render_to_string(
            "registrations/email/registration_status_message.txt", context
        )
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [registration.user.email],
        )
        _tell_listeners(registration, previous=previous, summary=subject)


def _tell_listeners(registration: Registration, *, previous, summary: str) -> None:
    """Send `registration_status_changed` (the announcements app turns it into a
    live message to the participant). A failing receiver is logged, never raised:
    the e-mail is already sent and a retry would send it twice."""
    responses = registration_status_changed.send_robust(
        sender=Registration,
        registration=registration,
        previous=previous,
        summary=summary,
    )
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.error(
                "%s failed for registration %s",
                getattr(receiver, "__qualname__", receiver),
                registration.pk,
                exc_info=response,
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
        with translation.override(_language_of(editor)):
            context = {
                "event": event,
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("registrations_admin:list", args=[event.pk]),
            }
            subject = render_to_string(
                "registrations/email/seat_freed_subject.txt", context
            ).strip()
            body = render_to_string(
                "registrations/email/seat_freed_message.txt", context
            )
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [editor.email],
            )
