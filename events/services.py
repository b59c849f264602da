"""Writes of the events app: derived schedule fields, new editions of a training, and
the registration workflow (apply, decide, cancel, score, attend, evaluate).

Business refusals raise EventError (calendar) or RegistrationError (registrations),
whose message the admin or the form shows to the person.

Registrations: every function validates, writes in one transaction and tells people
only after commit (`notify_registration_status`, the single place that reaches a
participant).

Seats: every function that can change how many seats are held first locks the
training's row (`_lock_event`, SELECT … FOR UPDATE on PostgreSQL). All seat changes
of one training therefore run one after another, and counting confirmed seats
inside the lock before confirming one more cannot overbook the training or any of
its sessions, whatever the number of concurrent requests. SQLite, which has no row
locks, serialises writing transactions itself.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agencies import permissions
from core import cache, effects
from events import organizers, selectors
from events.registration_models import (
    Attendance,
    Certificate,
    Evaluation,
    Registration,
    RegistrationAnswer,
    RegistrationMode,
    RegistrationQuestion,
    SelectionScore,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from events.models import EventPage

logger = logging.getLogger(__name__)

# What calendar clients show as the session's time and place: a change to any of
# these must reach subscribers, so the session's SEQUENCE grows.
PAGE_FIELDS_IN_CALENDAR = (
    "venue_name",
    "venue_address",
    "city",
    "status",
    "modality",
)
SESSION_FIELDS_IN_CALENDAR = ("start", "end", "room")


class EventError(Exception):
    """A request the calendar rules refuse; the message is shown to the person."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def event_derive_schedule(*, event: EventPage) -> None:
    """Set the event's start/end and its sessions' calendar SEQUENCE before a save.

    Called from EventPage.save() inside the caller's transaction: it changes the
    in-memory page and sessions, and the page's save writes them. Compares with
    the stored rows, so a draft revision never bumps anything; publishing it
    does. A stored session no longer among the page's is recorded as a
    CancelledSession, so the feeds tell subscribed calendars to drop it.
    """
    from events.models import EventPage, EventSession

    sessions = list(event.sessions.all())
    timed = [session for session in sessions if session.start and session.end]
    event.start = min((session.start for session in timed), default=None)
    event.end = max((session.end for session in timed), default=None)

    stored_page = None
    stored_sessions = {}
    if event.pk:
        stored_page = (
            EventPage.objects.filter(pk=event.pk)
            .values(*PAGE_FIELDS_IN_CALENDAR)
            .first()
        )
        stored_sessions = {
            session.pk: session
            for session in EventSession.objects.filter(page_id=event.pk)
        }
    page_changed = stored_page is not None and any(
        stored_page[name] != getattr(event, name) for name in PAGE_FIELDS_IN_CALENDAR
    )
    kept = {session.pk for session in sessions if session.pk}
    _record_removed_sessions(
        event, [stored_sessions[pk] for pk in stored_sessions.keys() - kept]
    )
    for session in sessions:
        before = stored_sessions.get(session.pk) if session.pk else None
        if before is None:
            continue
        session.uid = before.uid
        session.sequence = before.sequence
        if page_changed or any(
            getattr(before, name) != getattr(session, name)
            for name in SESSION_FIELDS_IN_CALENDAR
        ):
            session.sequence += 1

    # Wagtail's "Copy page" duplicates sessions with their UIDs; two trainings
    # sharing a UID would overwrite each other in calendars. Translations of one
    # training keep theirs: they describe the same sitting.
    uids = [session.uid for session in sessions]
    if uids:
        taken = EventSession.objects.filter(uid__in=uids).exclude(
            page__translation_key=event.translation_key
        )
        if event.pk:
            taken = taken.exclude(page_id=event.pk)
        taken_uids = set(taken.values_list("uid", flat=True))
        for session in sessions:
            if session.uid in taken_uids:
                session.uid = uuid.uuid4()
                session.sequence = 0
    event.sessions = sessions


def event_withdrawn_from_calendars(*, event: EventPage) -> None:
    """An unpublished training's sessions stay in the index feeds as cancelled.

    Subscribers' calendars drop them; publishing the training again brings them
    back (see event_returned_to_calendars). Recorded once the transaction
    commits: Wagtail also unpublishes a page it is about to delete, and a deleted
    training takes its rows with it.
    """
    from events.models import EventPage

    page_id = event.pk

    def record() -> None:
        stored = EventPage.objects.filter(pk=page_id, live=False).first()
        if stored is not None:
            _record_removed_sessions(stored, list(stored.sessions.all()))

    transaction.on_commit(record)


def event_returned_to_calendars(*, event: EventPage) -> None:
    """A training published again: its sessions leave the cancelled list and
    take a SEQUENCE above the cancellation's, so calendars show them again."""
    from events.models import CancelledSession, EventSession

    cancelled = dict(
        CancelledSession.objects.filter(page_id=event.pk).values_list("uid", "sequence")
    )
    if not cancelled:
        return
    for session in EventSession.objects.filter(page_id=event.pk, uid__in=cancelled):
        session.sequence = max(session.sequence, cancelled[session.uid] + 1)
        session.save(update_fields=["sequence"])
    CancelledSession.objects.filter(
        page_id=event.pk,
        uid__in=EventSession.objects.filter(page_id=event.pk).values("uid"),
    ).delete()


def _record_removed_sessions(event: EventPage, removed: list) -> None:
    from events.models import CancelledSession
    from events.selectors import CANCELLED_SESSION_RETENTION, FEED_HISTORY

    now = timezone.now()
    # Rows no feed shows any more (past the feeds' history and the retention).
    CancelledSession.objects.filter(
        end__lt=now - FEED_HISTORY,
        cancelled_at__lt=now - CANCELLED_SESSION_RETENTION,
    ).delete()
    for session in removed:
        CancelledSession.objects.update_or_create(
            page_id=event.pk,
            uid=session.uid,
            defaults={
                "sequence": session.sequence + 1,
                "title": session.title,
                "start": session.start,
                "end": session.end,
                "cancelled_at": now,
            },
        )


def event_duplicate_as_edition(
    *,
    event: EventPage,
    new_start: datetime.date,
    by: AbstractBaseUser | None,
) -> EventPage:
    """Copy a training as a new, unpublished edition starting on `new_start`.

    Content, organizers, topics, materials and sessions are copied; sessions move
    by whole days so their times of day stay; registrations are not copied (they
    are not part of the page). The edition joins the original's series. Each
    translation of the training is copied too, as the same translation of the
    edition (its sessions sharing the edition's calendar UIDs).
    """
    from events.models import EventPage

    event = EventPage.objects.get(pk=event.pk)
    if by is not None and not permissions.user_can_edit_page(by, event):
        raise EventError(
            _("You can only create editions of trainings your agency organizes."),
            code="forbidden",
        )
    if event.start is None:
        raise EventError(
            _("Add at least one session before creating a new edition."),
            code="no_sessions",
        )
    shift = new_start - timezone.localtime(event.start).date()
    if shift == datetime.timedelta(0):
        raise EventError(
            _("The new edition must start on another day than this one."),
            code="same_dates",
        )
    translations = list(
        EventPage.objects.filter(translation_key=event.translation_key).exclude(
            pk=event.pk
        )
    )
    # Old session UID → the edition's: translations describe the same sittings.
    new_uids: dict[uuid.UUID, uuid.UUID] = {}
    with transaction.atomic():
        edition = _copy_as_edition(
            event, new_start=new_start, shift=shift, by=by, new_uids=new_uids
        )
        for translation_page in translations:
            _copy_as_edition(
                translation_page,
                new_start=new_start,
                shift=shift,
                by=by,
                new_uids=new_uids,
                translation_key=edition.translation_key,
            )
        # Co-organizers that accepted the original co-organize the edition too.
        organizers.co_organizers_record_consent(
            event=edition, agency_ids=event.accepted_co_organizer_ids()
        )
        transaction.on_commit(
            lambda: logger.info(
                "Training %s duplicated as edition %s", event.pk, edition.pk
            )
        )
    return edition


def _copy_as_edition(
    source: EventPage,
    *,
    new_start: datetime.date,
    shift: datetime.timedelta,
    by,
    new_uids: dict,
    translation_key: uuid.UUID | None = None,
) -> EventPage:
    """One unpublished copy of `source`, its sessions moved by `shift`.

    Should be called inside transaction.atomic(). Sessions whose UID is already in
    `new_uids` take the mapped UID; the others get a new one, added to the map.
    """
    from events.models import EventPage, EventStatus

    parent = source.get_parent()
    slug = _free_slug(parent, f"{source.slug}-{new_start:%Y-%m-%d}")

    def shift_session(_original, _copy, _relation, child_object):
        if _relation.get_accessor_name() == "sessions":
            child_object.start += shift
            child_object.end += shift
            old_uid = child_object.uid
            child_object.uid = new_uids.setdefault(old_uid, uuid.uuid4())
            child_object.sequence = 0

    update_attrs = {
        "slug": slug,
        "status": EventStatus.SCHEDULED,
        "status_reason": "",
        "series_key": source.series_key,
        **_shifted_registration_window(source, shift),
    }
    if translation_key is not None:
        update_attrs["translation_key"] = translation_key
    copy = source.copy(
        to=parent,
        update_attrs=update_attrs,
        copy_revisions=False,
        keep_live=False,
        user=by,
        process_child_object=shift_session,
        log_action="wagtail.copy",
    )
    copy = EventPage.objects.get(pk=copy.pk)
    copy.save_revision(user=by, log_action=False)
    return copy


def _shifted_registration_window(event: EventPage, shift: datetime.timedelta) -> dict:
    """The edition's registration opens and closes as long before as the original's."""
    return {
        name: value + shift
        for name in ("registration_opens_at", "registration_closes_at")
        if (value := getattr(event, name, None)) is not None
    }


def _free_slug(parent, slug: str) -> str:
    candidate, number = slug, 2
    siblings = parent.get_children()
    while siblings.filter(slug=candidate).exists():
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


# --- Registrations -------------------------------------------------------------

Status = Registration.Status
# Characters of certificate codes: no 0/O or 1/I to misread when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class RegistrationError(Exception):
    """A registration request the rules refuse; the message is shown to the person.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


# --- Locks and seats ------------------------------------------------------------


def _lock_event(event):
    """Lock the training's row until the transaction ends and return it fresh.

    Should be called inside transaction.atomic(); every function that confirms or
    frees seats of the training takes this lock first.
    """
    from events.models import EventPage

    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _covered_session_ids(event, registration_sessions: set[int]) -> set[int]:
    """Sessions a registration holds a seat in (an empty choice covers all)."""
    if registration_sessions:
        return registration_sessions
    return set(event.sessions.values_list("pk", flat=True))


def _capacity_shortfall(event, adding: list[set[int]]) -> str | None:
    """Why confirming these registrations (their chosen sessions) would overbook.

    Should be called while holding the training's lock (`_lock_event`).
    Returns None when they all fit.
    """
    if not adding:
        return None
    if event.capacity is not None:
        taken = selectors.seats_taken(event_id=event.pk)
        if taken + len(adding) > event.capacity:
            return str(
                ngettext_lazy(
                    "Only %(free)s seat is free (%(taken)s of %(capacity)s taken); "
                    "you tried to confirm %(wanted)s.",
                    "Only %(free)s seats are free (%(taken)s of %(capacity)s taken); "
                    "you tried to confirm %(wanted)s.",
                    "free",
                )
                % {
                    "free": max(event.capacity - taken, 0),
                    "taken": taken,
                    "capacity": event.capacity,
                    "wanted": len(adding),
                }
            )
    for session in event.sessions.exclude(capacity__isnull=True):
        wanted = sum(
            1 for chosen in adding if session.pk in _covered_session_ids(event, chosen)
        )
        if not wanted:
            continue
        taken = selectors.session_seats_taken(session_id=session.pk, event_id=event.pk)
        if taken + wanted > session.capacity:
            return str(
                ngettext_lazy(
                    "The session “%(session)s” has %(free)s free seat "
                    "(%(taken)s of %(capacity)s taken); you tried to confirm "
                    "%(wanted)s.",
                    "The session “%(session)s” has %(free)s free seats "
                    "(%(taken)s of %(capacity)s taken); you tried to confirm "
                    "%(wanted)s.",
                    "free",
                )
                % {
                    "session": session,
                    "free": max(session.capacity - taken, 0),
                    "taken": taken,
                    "capacity": session.capacity,
                    "wanted": wanted,
                }
            )
    return None


def _session_ids(registration: Registration) -> set[int]:
    return set(registration.sessions.values_list("pk", flat=True))


# --- Applying -------------------------------------------------------------------


def _local_time(moment) -> str:
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
            % {"date": _local_time(event.registration_opens_at)},
            code="not_open_yet",
        )
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise RegistrationError(
            _("Registration closed on %(date)s.")
            % {"date": _local_time(event.registration_closes_at)},
            code="window_closed",
        )
    if selectors.event_has_started(event, now=now):
        raise RegistrationError(
            _("This training has already started; registration is closed."),
            code="window_closed",
        )


def _require_verified(user) -> None:
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise RegistrationError(
            _("Confirm your e-mail address before applying; check your inbox."),
            code="unverified",
        )


def _applicant_agency_ids(user) -> set[int]:
    from agencies.models import ParticipantProfile

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
    from agencies.models import ParticipantProfile

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
    now=None,
) -> Registration:
    """Register `user` for the training: confirmed, waitlisted or pending review.

    First come: confirmed while seats remain (for the training and each chosen
    session), then waitlisted if the training keeps a waiting list, else refused.
    Application: pending review (or refused when full with no waiting list).
    Nothing is stored when the request is refused.
    """
    now = now or timezone.now()
    event = selectors.registration_event(event=event)
    _require_verified(user)
    _require_open(event, now)
    _require_eligible(event, user)
    cleaned = clean_answers(event=event, answers=answers or {})
    chosen = _clean_sessions(event, session_ids)

    event = _lock_event(event)
    # Checked again inside the lock: an editor may have just closed registration.
    _require_open(event, now)
    previous = Registration.objects.filter(event=event, user=user).first()
    if previous is not None and previous.status != Status.CANCELLED:
        raise RegistrationError(
            _("You have already registered for this training."), code="duplicate"
        )
    full = _capacity_shortfall(event, [chosen]) is not None
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
    _after_commit_notify(registration.pk, previous=None)
    cache.registrations_changed(training_key=event.translation_key)
    return registration


# --- Cancelling and filling freed seats -------------------------------------------


def _fill_freed_seats(event) -> list[Registration]:
    """Confirm waitlisted people while they fit, in the training's order.

    First come: by time of application. Application mode with automatic promotion:
    by total criteria score, then time of application. Application mode without
    it: nobody is promoted and the organizers are told a seat is free.

    Should be called while holding the training's lock (`_lock_event`).
    """
    if event.registration_mode == RegistrationMode.APPLICATION and not (
        event.auto_promote
    ):
        _after_commit_notify_organizers(event)
        return []
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED)
    if event.registration_mode == RegistrationMode.APPLICATION:
        waiting = selectors.with_total_score(waiting).order_by(
            "-total_score", "applied_at", "pk"
        )
    else:
        waiting = waiting.order_by("applied_at", "pk")
    promoted = []
    now = timezone.now()
    for candidate in waiting.prefetch_related("sessions"):
        chosen = {session.pk for session in candidate.sessions.all()}
        if _capacity_shortfall(event, [chosen]) is not None:
            if (
                event.capacity is not None
                and selectors.seats_taken(event_id=event.pk) >= event.capacity
            ):
                break
            continue
        candidate.status = Status.CONFIRMED
        candidate.decided_at = now
        candidate.save(update_fields=["status", "decided_at"])
        _after_commit_notify(candidate.pk, previous=Status.WAITLISTED)
        promoted.append(candidate)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> Registration:
    """The participant withdraws; a held seat goes to the waiting list at once."""
    if by is None or registration.user_id != by.pk:
        raise RegistrationError(
            _("You can only cancel your own registration."), code="forbidden"
        )
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED):
        raise RegistrationError(
            _("This registration can no longer be cancelled."), code="final"
        )
    if selectors.event_has_started(event):
        raise RegistrationError(
            _("The training has started; it is too late to cancel."),
            code="started",
        )
    previous = registration.status
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _after_commit_notify(registration.pk, previous=previous)
    if previous == Status.CONFIRMED:
        _fill_freed_seats(event)
    cache.registrations_changed(training_key=event.translation_key)
    return registration


# --- Organizers' decisions --------------------------------------------------------


def _require_organizer(event, by) -> None:
    if not selectors.user_can_manage_registrations(by, event):
        raise RegistrationError(
            _("Only editors of the organizing agencies can manage registrations."),
            code="forbidden",
        )


DECISIONS = (Status.CONFIRMED, Status.WAITLISTED, Status.DECLINED)


@transaction.atomic
def registration_decide(
    *,
    event,
    registration_ids: Iterable[int],
    status: str,
    by,
    message: str = "",
) -> list[Registration]:
    """Approve, waitlist or decline several applicants at once, with a message.

    Approving more people than there are free seats (for the training or any
    session) is refused as a whole. Cancelled registrations stay cancelled.
    """
    _require_organizer(event, by)
    if status not in DECISIONS:
        raise RegistrationError(_("Choose a valid decision."), code="invalid")
    ids = {int(pk) for pk in registration_ids}
    if not ids:
        raise RegistrationError(_("Select at least one applicant."), code="empty")
    event = _lock_event(event)
    registrations = list(
        Registration.objects.select_for_update()
        .filter(event=event, pk__in=ids)
        .order_by("applied_at", "pk")
    )
    if len(registrations) != len(ids):
        raise RegistrationError(
            _("Some selected applicants do not belong to this training."),
            code="invalid",
        )
    if any(r.status in (Status.CANCELLED, Status.ATTENDED) for r in registrations):
        raise RegistrationError(
            _(
                "Cancelled registrations and attendees cannot be changed; "
                "unselect them."
            ),
            code="final",
        )
    changing = [r for r in registrations if r.status != status]
    if status == Status.CONFIRMED:
        shortfall = _capacity_shortfall(event, [_session_ids(r) for r in changing])
        if shortfall:
            raise RegistrationError(
                _("Not approved: %(reason)s") % {"reason": shortfall}, code="full"
            )
    now = timezone.now()
    freed = False
    for registration in changing:
        previous = registration.status
        freed = freed or previous == Status.CONFIRMED
        registration.status = status
        registration.decided_at = now
        registration.decision_message = message
        registration.save(update_fields=["status", "decided_at", "decision_message"])
        _after_commit_notify(registration.pk, previous=previous, message=message)
    if freed and event.registration_mode == RegistrationMode.FIRST_COME:
        _fill_freed_seats(event)
    cache.registrations_changed(training_key=event.translation_key)
    return changing


@transaction.atomic
def registration_score(
    *, registration: Registration, scores: Mapping[int, int | None], by
) -> list[SelectionScore]:
    """Record an organizer's scores (criterion id → score, None to clear)."""
    event = registration.event
    _require_organizer(event, by)
    criteria = {criterion.pk: criterion for criterion in event.selection_criteria.all()}
    if set(scores) - set(criteria):
        raise RegistrationError(
            _("Score the criteria of this training only."), code="invalid"
        )
    saved = []
    for pk, value in scores.items():
        criterion = criteria[pk]
        if value is None:
            SelectionScore.objects.filter(
                registration=registration, criterion=criterion
            ).delete()
            continue
        if not 0 <= value <= criterion.max_score:
            raise RegistrationError(
                _("A score for “%(criterion)s” lies between 0 and %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score},
                code="invalid",
                field=f"criterion_{pk}",
            )
        score, _created = SelectionScore.objects.update_or_create(
            registration=registration,
            criterion=criterion,
            defaults={"value": value, "scored_by": by},
        )
        saved.append(score)
    return saved


# --- Attendance, evaluation, certificates -------------------------------------------


@transaction.atomic
def registration_record_attendance(*, session, present_ids: Iterable[int], by) -> int:
    """Check in the listed registrations for the session; the rest are absent.

    Refused for a session that has not started. A seated registration present at
    any session becomes "attended"; one no longer present anywhere goes back to
    "confirmed"; nobody is notified. Returns how many are present.
    """
    _require_organizer(session.page, by)
    event = _lock_event(session.page)
    present_ids = {int(pk) for pk in present_ids}
    sheet = {
        registration.pk for registration in selectors.attendance_sheet(session=session)
    }
    if present_ids - sheet:
        raise RegistrationError(
            _("Only confirmed participants of this session can be checked in."),
            code="invalid",
        )
    # The stored start, not the caller's copy: an editor may have just moved it.
    start = type(session).objects.filter(pk=session.pk).values_list("start", flat=True)
    start = start.first()
    if start is not None and start > timezone.now():
        raise RegistrationError(
            _("This session has not started yet; check-in opens at %(time)s.")
            % {"time": _local_time(start)},
            code="not_started",
        )
    for registration_id in sheet:
        Attendance.objects.update_or_create(
            registration_id=registration_id,
            session=session,
            defaults={"present": registration_id in present_ids, "recorded_by": by},
        )
    attended = set(
        Attendance.objects.filter(registration__event=event, present=True).values_list(
            "registration_id", flat=True
        )
    )
    seated = Registration.objects.filter(event=event, status__in=Registration.SEATED)
    now_attended = list(
        seated.filter(pk__in=attended, status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    no_longer = list(
        seated.filter(status=Status.ATTENDED)
        .exclude(pk__in=attended)
        .values_list("pk", flat=True)
    )
    Registration.objects.filter(pk__in=now_attended).update(status=Status.ATTENDED)
    Registration.objects.filter(pk__in=no_longer).update(status=Status.CONFIRMED)
    # Nobody is e-mailed per tick: a check-in sheet is saved many times while
    # people arrive, and each untick would read as news. Attendees find their
    # certificate in "My registrations" once the training ends.
    return len(present_ids)


def _require_own_attended(registration: Registration, by) -> None:
    if by is None or registration.user_id != by.pk:
        raise RegistrationError(_("This is not your registration."), code="forbidden")
    if registration.status != Status.ATTENDED:
        raise RegistrationError(
            _("Only attendees can do this once their attendance is recorded."),
            code="not_attended",
        )
    if not selectors.event_has_ended(registration.event):
        raise RegistrationError(
            _("Come back once the training has ended."), code="not_ended"
        )


@transaction.atomic
def registration_evaluate(
    *, registration: Registration, by, rating: int, comments: str = ""
) -> Evaluation:
    """An attendee rates the training after it ends (again to change it)."""
    _require_own_attended(registration, by)
    if not 1 <= int(rating) <= 5:
        raise RegistrationError(
            _("Choose a rating from 1 to 5."), code="invalid", field="rating"
        )
    evaluation, _created = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={"rating": int(rating), "comments": comments.strip()},
    )
    return evaluation


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return certificate_code_normalise(raw)


def certificate_code_normalise(typed: str) -> str:
    """A certificate code as stored, from one typed by hand: spaces dropped,
    upper case, and the dashes of the XXXX-XXXX-XXXX format put back when the
    12 characters are there. Anything else comes back compacted, as typed."""
    compact = "".join(typed.split()).upper()
    bare = compact.replace("-", "")
    if len(bare) == 12 and bare.isalnum():
        return f"{bare[:4]}-{bare[4:8]}-{bare[8:]}"
    return compact


@transaction.atomic
def registration_certificate_issue(*, registration: Registration, by) -> Certificate:
    """The attendee's certificate of attendance, created on first download.

    Requires attendance of every session the registration covers, or of the
    share the training sets (`certificate_min_attendance`); checked at every
    download, so a corrected attendance sheet counts.
    """
    _require_own_attended(registration, by)
    record = selectors.attendance_record(registration=registration)
    if not record.earns_certificate:
        raise RegistrationError(
            ngettext_lazy(
                "A certificate requires attending %(required)s of %(total)s "
                "session; you attended %(attended)s.",
                "A certificate requires attending %(required)s of %(total)s "
                "sessions; you attended %(attended)s.",
                "total",
            )
            % {
                "required": record.required,
                "total": record.total,
                "attended": record.attended,
            },
            code="attendance_below_threshold",
        )
    existing = Certificate.objects.filter(registration=registration).first()
    if existing:
        return existing
    return Certificate.objects.create(
        registration=registration,
        code=_new_code(),
        # The verification page is public: a name, never the e-mail address.
        holder_name=registration.full_name or registration.user.get_full_name(),
    )


# --- Telling people ---------------------------------------------------------------


def _language_of(user) -> str:
    from agencies.models import ParticipantProfile

    language = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def _after_commit_notify(
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
            "certificate_from": selectors.event_end(registration.event)
            if registration.status == Status.ATTENDED
            else None,
            "certificate_ready": registration.status == Status.ATTENDED
            and selectors.event_has_ended(registration.event),
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("registrations:list"),
        }
        subject = render_to_string(
            "events/email/registration_status_subject.txt", context
        ).strip()
        body = render_to_string("events/email/registration_status_message.txt", context)
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [registration.user.email],
        )
        _announce_to_participant(registration, subject)


def _announce_to_participant(registration: Registration, text: str) -> None:
    """A live message to the participant through the announcements app."""
    try:
        from announcements.services import announcement_publish
    except ImportError:
        return
    try:
        announcement_publish(
            audience="user",
            title=text,
            agency=registration.event.lead_agency,
            user=registration.user,
            by=None,
        )
    except Exception:  # a live message must never undo or block the change
        logger.exception("live announcement for registration %s", registration.pk)


def _after_commit_notify_organizers(event) -> None:
    effects.enqueue_after_commit(notify_organizers_seat_freed, event_id=event.pk)


@effects.effect
def notify_organizers_seat_freed(*, event_id: int) -> None:
    """E-mail the organizing agencies' editors that a confirmed seat is free."""
    from agencies.permissions import EDITING_ROLES
    from events.models import EventPage

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
                "events/email/seat_freed_subject.txt", context
            ).strip()
            body = render_to_string("events/email/seat_freed_message.txt", context)
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [editor.email],
            )


# --- Personal data ------------------------------------------------------------------


def registration_export_user(user) -> list[dict[str, Any]]:
    """What the registrations hold on the person, for the account's data download."""
    return [
        {
            "training": registration.event.title,
            "status": registration.status,
            "applied_at": registration.applied_at.isoformat(),
            "full_name": registration.full_name,
            "organization": registration.organization,
            "position": registration.position,
            "answers": {
                answer.question.label: answer.value
                for answer in registration.answers.select_related("question")
            },
        }
        for registration in Registration.objects.filter(user=user).select_related(
            "event"
        )
    ]


OPEN_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)


def registration_anonymise_user(user) -> None:
    """Drop what registrations say about the person; statuses and counts stay.

    Called by account deletion before the account is emptied. Open registrations
    of trainings still to come are cancelled first through registration_cancel,
    so a freed seat goes to the waiting list exactly as when the person cancels.
    Answers are deleted, not blanked: an empty answer would read as another
    answer (an empty yes/no is not "no"). What stays of past trainings is the
    status (attendance counts), with no name, address or comment.
    """
    upcoming = (
        Registration.objects.filter(user=user, status__in=OPEN_STATUSES)
        .select_related("event")
        .order_by("pk")
    )
    for registration in upcoming:
        if not selectors.event_has_started(registration.event):
            registration_cancel(registration=registration, by=user)
    registrations = Registration.objects.filter(user=user)
    RegistrationAnswer.objects.filter(registration__in=registrations).delete()
    Evaluation.objects.filter(registration__in=registrations).update(comments="")
    Certificate.objects.filter(registration__in=registrations).update(holder_name="")
    registrations.update(
        full_name="", email="", organization="", position="", decision_message=""
    )
