"""Endorsement: a supervisor or an agency's focal point vouches for an
application before the organizers see it, from a link that needs no account.

The application waits in Status.AWAITING_ENDORSEMENT; the first answer decides
(the other requests of that application close), and the organizers' rules then
apply as if the person had just applied (registrations.services.seats).
Reminders go out after the training's number of days, from the task worker.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, ParticipantProfile
from core import cache, effects
from core.mail import absolute_url, send_email
from events.emails import training_email_context
from registrations.models import Decision, Endorsement, Registration
from registrations.services.decisions import record_decision
from registrations.services.digest import schedule_digest
from registrations.services.errors import RegistrationError
from registrations.services.links import link_token, row_for_token
from registrations.services.notify import notify_status_after_commit
from registrations.services.seats import (
    admission_status,
    chosen_session_ids,
    lock_training,
)

Status = Registration.Status
# How long an endorsement link works.
ENDORSEMENT_VALIDITY = datetime.timedelta(days=21)


def focal_point_emails(agency: Agency) -> list[str]:
    """The addresses of the agency's focal points (active accounts)."""
    return sorted(
        {
            email.lower()
            for email in Membership.objects.filter(
                agency=agency,
                role=Membership.Role.FOCAL_POINT,
                user__is_active=True,
            ).values_list("user__email", flat=True)
            if email
        }
    )


def endorsement_targets(
    *, event, user, agency, endorser_email: str, focal_points: bool
) -> tuple[Agency, list[str]]:
    """The applicant's agency and the addresses asked to endorse, checked."""
    if agency is None:
        raise RegistrationError(
            _("This training requires your organization's endorsement: choose it."),
            code="no_agency",
            field="agency",
        )
    if focal_points:
        emails = focal_point_emails(agency)
        if not emails:
            raise RegistrationError(
                _(
                    "%(agency)s has no focal point on the portal yet: give your "
                    "supervisor's e-mail instead."
                )
                % {"agency": agency},
                code="no_focal_point",
                field="endorser_email",
            )
        return agency, emails
    email = (endorser_email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise RegistrationError(
            _("Give your supervisor's e-mail address, or ask your focal points."),
            code="no_endorser",
            field="endorser_email",
        ) from error
    if email == (user.email or "").lower():
        raise RegistrationError(
            _("You cannot endorse your own application: give your supervisor's."),
            code="self_endorsement",
            field="endorser_email",
        )
    return agency, [email]


def request_endorsements(registration: Registration, emails: list[str]) -> None:
    """Create the requests and e-mail their links after commit; the reminder is
    scheduled for the training's number of days (0: none)."""
    now = timezone.now()
    language = translation.get_language() or settings.LANGUAGE_CODE
    reminder_days = registration.event.endorsement_reminder_days
    for email in emails:
        endorsement = Endorsement.objects.create(
            registration=registration,
            endorser_email=email,
            expires_at=now + ENDORSEMENT_VALIDITY,
            language=_language_of_address(email, language),
        )
        effects.enqueue_after_commit(
            send_endorsement_request, endorsement_id=endorsement.pk
        )
        if reminder_days:
            effects.enqueue_after_commit(
                endorsement_remind,
                endorsement_id=endorsement.pk,
                run_after=now + datetime.timedelta(days=reminder_days),
            )


def _language_of_address(email: str, default: str) -> str:
    """An endorser with an account reads their own language; others the
    applicant's."""
    language = (
        ParticipantProfile.objects.filter(
            user__in=get_user_model().objects.filter(email__iexact=email)
        )
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language or default


def close_endorsements(registration: Registration) -> None:
    """Close the requests still open (the application was withdrawn or decided)."""
    Endorsement.objects.filter(
        registration=registration, status=Endorsement.Status.PENDING
    ).update(status=Endorsement.Status.CLOSED)


def endorsement_url(endorsement: Endorsement, language: str) -> str:
    with translation.override(language):
        return absolute_url(
            reverse("registrations:endorse", kwargs={"token": link_token(endorsement)})
        )


@effects.effect
def send_endorsement_request(*, endorsement_id: int, reminder: bool = False) -> None:
    """E-mail the endorser the application's summary and their link."""
    endorsement = (
        Endorsement.objects.select_related(
            "registration__event", "registration__agency"
        )
        .filter(pk=endorsement_id, status=Endorsement.Status.PENDING)
        .first()
    )
    if endorsement is None or endorsement.expires_at <= timezone.now():
        return
    registration = endorsement.registration
    language = endorsement.language
    send_email(
        template_base="registrations/email/endorsement_request",
        context={
            **training_email_context(
                event=registration.event, language=language, with_online_link=False
            ),
            "registration": registration,
            "endorsement": endorsement,
            "reminder": reminder,
            "url": endorsement_url(endorsement, language),
            # The endorser may have no account: the footer links to none.
            "account_url": "",
        },
        language=language,
        to=[endorsement.endorser_email],
    )


@effects.effect
def endorsement_remind(*, endorsement_id: int) -> None:
    """Remind the endorser once, if the request is still open when it falls due."""
    send_due_endorsement_reminders(endorsement_ids=[endorsement_id])


def send_due_endorsement_reminders(
    *, now: datetime.datetime | None = None, endorsement_ids=None
) -> list[int]:
    """Remind every endorser whose request has waited the training's number of
    days, each once (rows locked, marked in the transaction that queues the
    e-mail). Run by the scheduled task and by the daily sweep."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = (
            Endorsement.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Endorsement.Status.PENDING,
                reminded_at__isnull=True,
                expires_at__gt=now,
                registration__status=Status.AWAITING_ENDORSEMENT,
                registration__event__endorsement_reminder_days__gt=0,
            )
            .select_related("registration__event")
        )
        if endorsement_ids is not None:
            pending = pending.filter(pk__in=endorsement_ids)
        reminded = []
        for endorsement in pending:
            days = endorsement.registration.event.endorsement_reminder_days
            if endorsement.created_at + datetime.timedelta(days=days) > now:
                continue
            endorsement.reminded_at = now
            endorsement.save(update_fields=["reminded_at"])
            effects.enqueue_after_commit(
                send_endorsement_request, endorsement_id=endorsement.pk, reminder=True
            )
            reminded.append(endorsement.pk)
    return reminded


def endorsement_for_token(token: str) -> Endorsement:
    """The request behind a link, or RegistrationError if it cannot be used."""
    endorsement = row_for_token(Endorsement, token)
    if endorsement is None:
        raise RegistrationError(
            _("This endorsement link is not valid."), code="link_unknown"
        )
    if endorsement.status != Endorsement.Status.PENDING:
        raise RegistrationError(
            _("This application has already been answered; thank you."),
            code="link_used",
        )
    if endorsement.expires_at <= timezone.now():
        raise RegistrationError(
            _(
                "This endorsement link has expired. The applicant may apply again "
                "to send a new one."
            ),
            code="link_expired",
        )
    return endorsement


@transaction.atomic
def endorsement_decide(*, token: str, endorse: bool, reason: str = "") -> Endorsement:
    """The endorser's answer from their link, once.

    Endorsed: the application goes to the organizers (pending review; in a
    first-come training confirmed or waitlisted as seats allow). Declined: the
    application is declined and the applicant reads the endorser's reason.
    """
    endorsement = endorsement_for_token(token)
    reason = (reason or "").strip()
    if not endorse and not reason:
        raise RegistrationError(
            _("Tell the applicant why you do not endorse the application."),
            code="no_reason",
            field="reason",
        )
    event = lock_training(endorsement.registration.event)
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    registration = Registration.objects.select_for_update().get(
        pk=endorsement.registration_id
    )
    if (
        endorsement.status != Endorsement.Status.PENDING
        or registration.status != Status.AWAITING_ENDORSEMENT
    ):
        raise RegistrationError(
            _("This application has already been answered; thank you."),
            code="link_used",
        )
    now = timezone.now()
    endorsement.status = (
        Endorsement.Status.ENDORSED if endorse else Endorsement.Status.DECLINED
    )
    endorsement.decided_at = now
    endorsement.reason = reason
    endorsement.save(update_fields=["status", "decided_at", "reason"])
    close_endorsements(registration)
    record_decision(
        registration,
        Decision.Action.ENDORSE if endorse else Decision.Action.DECLINE_ENDORSEMENT,
        actor_email=endorsement.endorser_email,
        reason_code="" if endorse else Decision.Reason.NOT_ENDORSED,
        reason_text=reason,
    )
    reason_code, reason_text = "", ""
    if endorse:
        status = admission_status(event, chosen_session_ids(registration))
        if status is None:
            status = Status.DECLINED
            reason_code = Decision.Reason.NO_SEATS
            record_decision(
                registration, Decision.Action.DECLINE, reason_code=reason_code
            )
        elif status == Status.CONFIRMED:
            record_decision(registration, Decision.Action.APPROVE)
    else:
        status = Status.DECLINED
        reason_code, reason_text = Decision.Reason.NOT_ENDORSED, reason
    registration.status = status
    registration.decided_at = now if status != Status.PENDING else None
    registration.save(update_fields=["status", "decided_at"])
    notify_status_after_commit(
        registration,
        previous=Status.AWAITING_ENDORSEMENT,
        reason_code=reason_code,
        reason_text=reason_text,
    )
    if endorse:
        schedule_digest()
    cache.registrations_changed(training_key=event.translation_key)
    return endorsement
