"""Applying for a training and cancelling: the participant's own changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import ParticipantProfile
from agencies.services import profile_update
from core import cache
from events.registration_settings import RegistrationMode
from events.selectors import event_has_started
from registrations import selectors
from registrations.models import Registration, RegistrationAnswer, RegistrationQuestion
from registrations.services.errors import RegistrationError
from registrations.services.notify import notify_status_after_commit
from registrations.services.seats import (
    capacity_shortfall,
    fill_freed_seats,
    lock_training,
)

Status = Registration.Status


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _require_open(event, now) -> None:
    if event.registration_mode == RegistrationMode.CLOSED:
        raise RegistrationError(
            _("Registration for this training is closed."), code="closed"
        )
    if event.is_cancelled:
        raise RegistrationError(_("This training has been cancelled."), code="closed")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationError(
            _("Registration opens on %(date)s.")
            % {"date": local_time(event.registration_opens_at)},
            code="not_open_yet",
        )
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise RegistrationError(
            _("Registration closed on %(date)s.")
            % {"date": local_time(event.registration_closes_at)},
            code="window_closed",
        )
    if event_has_started(event, now=now):
        raise RegistrationError(
            _("This training has already started; registration is closed."),
            code="window_closed",
        )


def _require_verified(user) -> None:
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise RegistrationError(
            _("Confirm your e-mail address before applying; check your inbox."),
            code="unverified",
        )


def _applicant_agency_ids(user) -> set[int]:
    ids = set(user.memberships.values_list("agency_id", flat=True))
    profile_agency = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("agency_id", flat=True)
        .first()
    )
    if profile_agency:
        ids.add(profile_agency)
    return ids


def _require_eligible(event, user) -> None:
    allowed = set(event.allowed_agencies.values_list("pk", flat=True))
    if allowed and not (allowed & _applicant_agency_ids(user)):
        raise RegistrationError(
            _(
                "This training is open to people from the listed organizations "
                "only. If you belong to one, choose it in your profile."
            ),
            code="not_eligible",
        )


def clean_answers(
    *, event, answers: Mapping[int, Any]
) -> dict[RegistrationQuestion, str]:
    """Check the answers against the training's questions; stored form per question.

    Multiple choices are stored one per line, yes/no as "yes" or "no".
    """
    questions = {
        question.pk: question for question in event.registration_questions.all()
    }
    unknown = set(answers) - set(questions)
    if unknown:
        raise RegistrationError(
            _("An answer was given to a question this training does not ask."),
            code="unknown_question",
        )
    cleaned: dict[RegistrationQuestion, str] = {}
    for pk, question in questions.items():
        value = answers.get(pk)
        field = f"question_{pk}"
        kind = question.kind
        if kind == RegistrationQuestion.Kind.MULTIPLE_CHOICE:
            values = [value] if isinstance(value, str) else list(value or [])
            values = [item.strip() for item in values if item and item.strip()]
        else:
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            values = [str(value).strip()] if value not in (None, "") else []
            values = [item for item in values if item]
        if kind in (
            RegistrationQuestion.Kind.SINGLE_CHOICE,
            RegistrationQuestion.Kind.MULTIPLE_CHOICE,
        ):
            allowed = {choice for choice, _label in question.choice_pairs()}
            if any(item not in allowed for item in values):
                raise RegistrationError(
                    _("Choose one of the offered answers."), code="invalid", field=field
                )
        if kind == RegistrationQuestion.Kind.YES_NO and any(
            item not in ("yes", "no") for item in values
        ):
            raise RegistrationError(_("Answer yes or no."), code="invalid", field=field)
        if question.required and not values:
            raise RegistrationError(
                _("Please answer “%(question)s”.") % {"question": question.label},
                code="missing_answer",
                field=field,
            )
        cleaned[question] = "\n".join(values)
    return cleaned


def _clean_sessions(event, session_ids: Iterable[int]) -> set[int]:
    chosen = {int(pk) for pk in session_ids}
    if not event.sessions_selectable:
        return set()
    own = set(event.sessions.values_list("pk", flat=True))
    if chosen - own:
        raise RegistrationError(
            _("Choose sessions of this training only."),
            code="invalid",
            field="sessions",
        )
    if not chosen:
        raise RegistrationError(
            _("Choose at least one session."), code="no_session", field="sessions"
        )
    return chosen


def _snapshot(user) -> dict[str, Any]:
    profile = (
        ParticipantProfile.objects.filter(user=user).select_related("agency").first()
    )
    if profile is None:
        return {
            "full_name": user.get_full_name(),
            "email": user.email,
            "agency": None,
            "organization": "",
            "position": "",
        }
    return {
        "full_name": profile.full_name or user.get_full_name(),
        "email": user.email,
        "agency": profile.agency,
        "organization": profile.organization,
        "position": profile.position,
    }


@transaction.atomic
def registration_apply(
    *,
    event,
    user,
    answers: Mapping[int, Any] | None = None,
    session_ids: Iterable[int] = (),
    profile: Mapping[str, Any] | None = None,
    now=None,
) -> Registration:
    """Register `user` for the training: confirmed, waitlisted or pending review.

    First come: confirmed while seats remain (for the training and each chosen
    session), then waitlisted if the training keeps a waiting list, else refused.
    Application: pending review (or refused when full with no waiting list).
    Nothing is stored when the request is refused. `profile`: corrections of
    the name and organization the organizers will see, saved to the person's
    profile first (agencies.services.profile_update).
    """
    now = now or timezone.now()
    event = selectors.registration_event(event=event)
    _require_verified(user)
    if profile:
        profile_update(user=user, **profile)
    _require_open(event, now)
    _require_eligible(event, user)
    cleaned = clean_answers(event=event, answers=answers or {})
    chosen = _clean_sessions(event, session_ids)

    event = lock_training(event)
    # Checked again inside the lock: an editor may have just closed registration.
    _require_open(event, now)
    previous = Registration.objects.filter(event=event, user=user).first()
    if previous is not None and previous.status != Status.CANCELLED:
        raise RegistrationError(
            _("You have already registered for this training."), code="duplicate"
        )
    full = capacity_shortfall(event, [chosen]) is not None
    if event.registration_mode == RegistrationMode.FIRST_COME and not full:
        status = Status.CONFIRMED
    elif full and not event.waitlist_enabled:
        raise RegistrationError(
            _("This training is full and keeps no waiting list."), code="full"
        )
    elif event.registration_mode == RegistrationMode.FIRST_COME:
        status = Status.WAITLISTED
    else:
        status = Status.PENDING

    fields = {
        "status": status,
        "applied_at": now,
        "decided_at": now if status == Status.CONFIRMED else None,
        "cancelled_at": None,
        "status_before_cancel": "",
        "decision_message": "",
        **_snapshot(user),
    }
    if previous is not None:
        # Someone who cancelled applies again: the one row per person is reused
        # and goes to the back of the queue like any new application.
        registration = previous
        for name, value in fields.items():
            setattr(registration, name, value)
        registration.save()
        registration.answers.all().delete()
        registration.scores.all().delete()
    else:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event, user=user, **fields
                )
        except IntegrityError as error:
            raise RegistrationError(
                _("You have already registered for this training."), code="duplicate"
            ) from error
    registration.sessions.set(chosen)
    RegistrationAnswer.objects.bulk_create(
        RegistrationAnswer(registration=registration, question=question, value=value)
        for question, value in cleaned.items()
        if value
    )
    notify_status_after_commit(registration, previous=None)
    cache.registrations_changed(training_key=event.translation_key)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> Registration:
    """The participant withdraws; a held seat goes to the waiting list at once.

    The status it had is kept (`status_before_cancel`) so that the participant
    can undo the cancellation while that is still possible
    (registration_undo_cancel)."""
    if by is None or registration.user_id != by.pk:
        raise RegistrationError(
            _("You can only cancel your own registration."), code="forbidden"
        )
    event = lock_training(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED):
        raise RegistrationError(
            _("This registration can no longer be cancelled."), code="final"
        )
    if event_has_started(event):
        raise RegistrationError(
            _("The training has started; it is too late to cancel."),
            code="started",
        )
    previous = registration.status
    registration.status = Status.CANCELLED
    registration.status_before_cancel = previous
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "status_before_cancel", "cancelled_at"])
    notify_status_after_commit(registration, previous=previous)
    if previous == Status.CONFIRMED:
        fill_freed_seats(event)
    cache.registrations_changed(training_key=event.translation_key)
    return registration
