"""Filling seats freed by a cancellation or a decision: confirmed at once or
offered with a deadline (registrations.services.offers), as the training says."""

from __future__ import annotations

from django.utils import timezone

from events.registration_settings import RegistrationMode
from registrations import selectors
from registrations.models import Decision, Registration
from registrations.services.decisions import record_decision
from registrations.services.notify import (
    notify_organizers_after_commit,
    notify_status_after_commit,
)
from registrations.services.offers import offer_freed_seats
from registrations.services.seats import capacity_shortfall, training_full

Status = Registration.Status


def offers_freed_seats(event) -> bool:
    """Whether a freed seat is offered with a deadline rather than confirmed at
    once: application mode unless it promotes automatically, and first come
    when the training says so."""
    if event.registration_mode == RegistrationMode.APPLICATION:
        return not event.auto_promote
    return event.offers_in_first_come


def fill_freed_seats(event) -> list:
    """Give freed seats to the next people in line (`selectors.next_in_line`).

    Offers (see `offers_freed_seats`): each free seat is offered with a
    deadline; in application mode the organizers are told a seat is free as
    well. Otherwise the next people who fit are confirmed at once. Returns the
    offers made or the registrations confirmed.

    Should be called while holding the training's lock (`lock_training`).
    """
    if offers_freed_seats(event):
        if event.registration_mode == RegistrationMode.APPLICATION:
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
