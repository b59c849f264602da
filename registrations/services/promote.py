"""Filling seats freed by a cancellation, a decision or a quota's release date:
confirmed at once or offered with a deadline (registrations.services.offers), as
the training says."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core import effects
from events.models import EventPage
from events.registration_settings import RegistrationMode
from events.selectors import event_has_started
from registrations import selectors
from registrations.models import AgencyQuota, Decision, Registration
from registrations.services.decisions import record_decision
from registrations.services.notify import (
    notify_organizers_after_commit,
    notify_status_after_commit,
)
from registrations.services.offers import offer_freed_seats
from registrations.services.seats import (
    capacity_shortfall,
    lock_training,
    training_full,
)

Status = Registration.Status


def offers_freed_seats(event) -> bool:
    """Whether a freed seat is offered with a deadline rather than confirmed at
    once: application mode unless it promotes automatically, and first come
    when the training says so."""
    if event.registration_mode == RegistrationMode.APPLICATION:
        return not event.auto_promote
    return event.offers_in_first_come


def fill_freed_seats(event, *, tell_organizers: bool = True) -> list:
    """Give freed seats to the next people in line (`selectors.next_in_line`).

    Offers (see `offers_freed_seats`): each free seat is offered with a
    deadline; in application mode the organizers are told a seat is free as
    well (`tell_organizers`: a participant's cancellation freed it). Otherwise
    the next people who fit are confirmed at once. Returns the offers made or
    the registrations confirmed.

    Should be called while holding the training's lock (`lock_training`).
    """
    if offers_freed_seats(event):
        if tell_organizers and event.registration_mode == RegistrationMode.APPLICATION:
            notify_organizers_after_commit(event)
        return offer_freed_seats(event)
    promoted = []
    now = timezone.now()
    for candidate in selectors.next_in_line(event):
        chosen = {session.pk for session in candidate.sessions.all()}
        if capacity_shortfall(event, [chosen], [candidate.agency], now=now):
            if training_full(event):
                break
            continue
        candidate.status = Status.CONFIRMED
        candidate.decided_at = now
        candidate.save(update_fields=["status", "decided_at"])
        record_decision(candidate, Decision.Action.PROMOTE)
        notify_status_after_commit(candidate, previous=Status.WAITLISTED)
        promoted.append(candidate)
    return promoted


# Seats a quota releases ------------------------------------------------------


@transaction.atomic
def release_quota_seats(event, *, now=None) -> list:
    """A quota's release date passed: its unused seats are general now, so give
    the free seats to the next people in line who fit (`fill_freed_seats`).

    Safe to run again: seats already offered or confirmed are not free, so a
    second run finds nothing to give. Nothing once the training has started or
    while none of its quotas is released. Returns the offers made or the
    registrations confirmed.
    """
    now = now or timezone.now()
    event = lock_training(event)
    quotas = AgencyQuota.objects.filter(page_id=event.pk)
    if event_has_started(event, now=now) or not any(
        quota.is_released(now) for quota in quotas
    ):
        return []
    return fill_freed_seats(event, tell_organizers=False)


def schedule_quota_releases(event, *, now=None) -> int:
    """Queue the worker to give out each future release date's seats at that
    moment (the task backend's `run_after`); returns how many were queued.
    Called when the training is published; a date changed later is queued when
    it is published again, and the run of an old date finds nothing to do."""
    now = now or timezone.now()
    dates = sorted(
        set(
            AgencyQuota.objects.filter(
                page_id=event.pk, released_at__gt=now
            ).values_list("released_at", flat=True)
        )
    )
    for released_at in dates:
        effects.enqueue_after_commit(
            release_quota_seats_when_due,
            event_id=event.pk,
            released_at=released_at.isoformat(),
            run_after=released_at,
        )
    return len(dates)


@effects.effect
def release_quota_seats_when_due(*, event_id: int, released_at: str) -> None:
    """One release date of a training's quotas (run by the task worker at that
    moment). The quotas as they are now decide: seats released (the date
    passed, or was moved earlier) are given out; woken before any is released,
    it waits for its date again; a date moved later was queued anew when the
    training was published."""
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        return
    if not release_quota_seats(event):
        effects.requeue_if_early(
            release_quota_seats_when_due,
            moment=released_at,
            event_id=event_id,
            released_at=released_at,
        )


def release_due_quota_seats(*, now=None) -> int:
    """The sweep a worker runs when it starts: give out the seats of quotas
    released while no worker ran, in each training not started yet with people
    waiting (each in its own transaction). Returns how many seats were given."""
    now = now or timezone.now()
    event_ids = (
        AgencyQuota.objects.filter(
            released_at__lte=now,
            page__registrations__status=Status.WAITLISTED,
        )
        .exclude(page__start__lte=now)
        .values_list("page_id", flat=True)
        .distinct()
    )
    given = 0
    for event in EventPage.objects.filter(pk__in=list(event_ids)):
        given += len(release_quota_seats(event, now=now))
    return given
