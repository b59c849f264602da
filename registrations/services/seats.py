"""Seats of a training: the lock every seat change takes, and the checks of
capacity, session capacity and seats per agency (filling freed seats is in
registrations.services.promote).

Every function that can change how many seats are held first locks the
training's row (`lock_training`, core.locking: SELECT … FOR UPDATE on
PostgreSQL). All seat changes of one training therefore run one after another,
and counting confirmed seats inside the lock before confirming one more cannot
overbook the training or any of its sessions, whatever the number of concurrent
requests. SQLite, which has no row locks, serialises writing transactions itself.
"""

from __future__ import annotations

from django.utils.translation import ngettext_lazy

from core.locking import lock_row
from events.models import EventPage
from events.registration_settings import RegistrationMode
from registrations import selectors
from registrations.models import Registration

Status = Registration.Status


def lock_training(event) -> EventPage:
    """Lock the training's row until the transaction ends and return it fresh.

    Must be called inside transaction.atomic() (core.locking refuses otherwise);
    every function that confirms or frees seats of the training takes this lock
    first.
    """
    return lock_row(EventPage, event.pk)


def training_full(event) -> bool:
    """Every seat of the training confirmed or offered (never, without a capacity).

    Should be called while holding the training's lock."""
    if event.capacity is None:
        return False
    held = selectors.seats_taken(event_id=event.pk) + selectors.open_offers_count(
        event_id=event.pk
    )
    return held >= event.capacity


def covered_session_ids(event, registration_sessions: set[int]) -> set[int]:
    """Sessions a registration holds a seat in (an empty choice covers all)."""
    if registration_sessions:
        return registration_sessions
    return set(event.sessions.values_list("pk", flat=True))


def limited_sessions(event) -> list:
    """The training's sessions that have a capacity of their own."""
    return list(event.sessions.exclude(capacity__isnull=True))


def capacity_shortfall(
    event,
    adding: list[set[int]],
    agencies: list | None = None,
    *,
    now=None,
    sessions: list | None = None,
) -> str | None:
    """Why confirming (or offering a seat to) these registrations would overbook.

    `adding`: each registration's chosen sessions; `agencies`: each one's Agency
    (or None), checked against the seats per agency. Open seat offers hold their
    seats like confirmed registrations. Should be called while holding the
    training's lock (`lock_training`). `sessions`: `limited_sessions(event)` when
    read already (before the lock: capacities are the training's settings, which
    seat changes do not write; only the seats taken must be counted under the
    lock). Returns None when they all fit.
    """
    if not adding:
        return None
    if event.capacity is not None:
        taken = selectors.seats_taken(event_id=event.pk) + selectors.open_offers_count(
            event_id=event.pk
        )
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
    for session in limited_sessions(event) if sessions is None else sessions:
        wanted = sum(
            1 for chosen in adding if session.pk in covered_session_ids(event, chosen)
        )
        if not wanted:
            continue
        taken = selectors.session_seats_taken(
            session_id=session.pk, event_id=event.pk
        ) + selectors.open_offer_session_holders(
            event_id=event.pk, session_id=session.pk
        )
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
    return quota_shortfall(event, agencies or [None] * len(adding), now=now)


def quota_shortfall(event, agencies: list, *, now=None) -> str | None:
    """Why these applicants (their Agency or None) do not fit the seats per
    agency. Should be called while holding the training's lock."""
    book = selectors.quota_book(event=event, now=now)
    if not book.usages:
        return None
    refusal = book.shortfall(agencies)
    if refusal is None:
        return None
    label, free, wanted = refusal
    if label:
        return str(
            ngettext_lazy(
                "The seats for %(quota)s have %(free)s free seat; you tried to "
                "confirm %(wanted)s.",
                "The seats for %(quota)s have %(free)s free seats; you tried to "
                "confirm %(wanted)s.",
                "free",
            )
            % {"quota": label, "free": free, "wanted": wanted}
        )
    return str(
        ngettext_lazy(
            "Outside the seats reserved per agency, %(free)s seat is free; you "
            "tried to confirm %(wanted)s.",
            "Outside the seats reserved per agency, %(free)s seats are free; you "
            "tried to confirm %(wanted)s.",
            "free",
        )
        % {"free": free, "wanted": wanted}
    )


def admission_status(
    event, chosen: set[int], agency=None, *, now=None, sessions: list | None = None
) -> str | None:
    """The status a new (or newly endorsed) application takes, or None when the
    training is full and keeps no waiting list. `agency`: the applicant's
    Agency (or None), for the seats per agency; `sessions` as in
    `capacity_shortfall`.

    Should be called while holding the training's lock (`lock_training`).
    """
    full = bool(
        capacity_shortfall(event, [chosen], [agency], now=now, sessions=sessions)
    )
    if event.registration_mode == RegistrationMode.FIRST_COME and not full:
        return Status.CONFIRMED
    if full and not event.waitlist_enabled:
        return None
    if event.registration_mode == RegistrationMode.FIRST_COME:
        return Status.WAITLISTED
    return Status.PENDING


def chosen_session_ids(registration: Registration) -> set[int]:
    return set(registration.sessions.values_list("pk", flat=True))
