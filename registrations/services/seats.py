"""Seats of a training: the lock every seat change takes, capacity checks, and
filling seats freed by a cancellation from the waiting list.

Every function that can change how many seats are held first locks the
training's row (`lock_training`, core.locking: SELECT … FOR UPDATE on
PostgreSQL). All seat changes of one training therefore run one after another,
and counting confirmed seats inside the lock before confirming one more cannot
overbook the training or any of its sessions, whatever the number of concurrent
requests. SQLite, which has no row locks, serialises writing transactions itself.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import ngettext_lazy

from core.locking import lock_row
from events.models import EventPage
from events.registration_settings import RegistrationMode
from registrations import selectors
from registrations.models import Decision, Registration
from registrations.services.decisions import record_decision
from registrations.services.notify import (
    notify_organizers_after_commit,
    notify_status_after_commit,
)

Status = Registration.Status


def lock_training(event) -> EventPage:
    """Lock the training's row until the transaction ends and return it fresh.

    Must be called inside transaction.atomic() (core.locking refuses otherwise);
    every function that confirms or frees seats of the training takes this lock
    first.
    """
    return lock_row(EventPage, event.pk)


def covered_session_ids(event, registration_sessions: set[int]) -> set[int]:
    """Sessions a registration holds a seat in (an empty choice covers all)."""
    if registration_sessions:
        return registration_sessions
    return set(event.sessions.values_list("pk", flat=True))


def capacity_shortfall(event, adding: list[set[int]]) -> str | None:
    """Why confirming these registrations (their chosen sessions) would overbook.

    Should be called while holding the training's lock (`lock_training`).
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
            1 for chosen in adding if session.pk in covered_session_ids(event, chosen)
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


def admission_status(event, chosen: set[int]) -> str | None:
    """The status a new (or newly endorsed) application takes, or None when the
    training is full and keeps no waiting list.

    Should be called while holding the training's lock (`lock_training`).
    """
    full = capacity_shortfall(event, [chosen]) is not None
    if event.registration_mode == RegistrationMode.FIRST_COME and not full:
        return Status.CONFIRMED
    if full and not event.waitlist_enabled:
        return None
    if event.registration_mode == RegistrationMode.FIRST_COME:
        return Status.WAITLISTED
    return Status.PENDING


def chosen_session_ids(registration: Registration) -> set[int]:
    return set(registration.sessions.values_list("pk", flat=True))


def fill_freed_seats(event) -> list[Registration]:
    """Confirm waitlisted people while they fit, in the training's order.

    First come: by time of application. Application mode with automatic promotion:
    by total criteria score, then time of application. Application mode without
    it: nobody is promoted and the organizers are told a seat is free.

    Should be called while holding the training's lock (`lock_training`).
    """
    if event.registration_mode == RegistrationMode.APPLICATION and not (
        event.auto_promote
    ):
        notify_organizers_after_commit(event)
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
        if capacity_shortfall(event, [chosen]) is not None:
            if (
                event.capacity is not None
                and selectors.seats_taken(event_id=event.pk) >= event.capacity
            ):
                break
            continue
        candidate.status = Status.CONFIRMED
        candidate.decided_at = now
        candidate.save(update_fields=["status", "decided_at"])
        record_decision(candidate, Decision.Action.PROMOTE)
        notify_status_after_commit(candidate, previous=Status.WAITLISTED)
        promoted.append(candidate)
    return promoted
