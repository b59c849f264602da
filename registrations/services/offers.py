"""Offers of freed seats: made to the next person in line with a deadline, then
accepted, declined, withdrawn or expired; each closed offer moves the seat on.

Every function here runs under the training's lock (services.seats.lock_training),
so no seat is offered twice and no offer outlives the seats; the constraints of
models.Offer are the database's own guard. Deadlines are run by the task worker:
one deferred task per offer, and a sweep when a worker starts
(`expire_due_offers`) for deadlines that passed while none ran.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import cache, effects
from registrations import selectors
from registrations.models import Decision, Offer, Registration
from registrations.services.decisions import record_decision
from registrations.services.errors import RegistrationError
from registrations.services.notify import (
    notify_offer_after_commit,
    notify_status_after_commit,
)
from registrations.services.seats import (
    capacity_shortfall,
    chosen_session_ids,
    lock_training,
    training_full,
)

Status = Registration.Status


OFFER_ACTIONS = {
    "offer": Decision.Action.OFFER,
    "accept": Decision.Action.ACCEPT_OFFER,
    "decline": Decision.Action.DECLINE_OFFER,
    "expire": Decision.Action.EXPIRE,
    "withdraw": Decision.Action.WITHDRAW_OFFER,
}


# The reason the person reads for an offer that ended without a seat.
OFFER_REASONS = {
    "decline": Decision.Reason.OFFER_DECLINED,
    "expire": Decision.Reason.OFFER_EXPIRED,
}


def _record(registration: Registration, action: str, actor=None) -> None:
    """The audit trail of the offer decisions: "offer", "accept", "decline",
    "expire" and "withdraw" (actor None: the portal itself). Called inside the
    transaction that made the decision."""
    record_decision(
        registration,
        OFFER_ACTIONS[action],
        actor=actor,
        reason_code=OFFER_REASONS.get(action, ""),
    )


def _free_seat_number(event_id: int) -> int:
    taken = selectors.offered_seat_numbers(event_id=event_id)
    number = 1
    while number in taken:
        number += 1
    return number


def offer_freed_seats(event, *, now=None) -> list[Offer]:
    """Offer each free seat to the next person in line who fits it.

    Goes down `selectors.next_in_line`, skipping people whose sessions or
    agency quota are full, until the training has no free seat. Each offer is
    e-mailed and shown live to its person after commit, and its deadline is
    queued for the task worker.

    Should be called while holding the training's lock (`lock_training`).
    """
    now = now or timezone.now()
    offers = []
    for candidate in selectors.next_in_line(event):
        chosen = {session.pk for session in candidate.sessions.all()}
        if capacity_shortfall(event, [chosen], [candidate.agency], now=now):
            if training_full(event):
                break
            continue
        offer = Offer.objects.create(
            event=event,
            registration=candidate,
            seat=_free_seat_number(event.pk),
            offered_at=now,
            expires_at=now + datetime.timedelta(hours=event.offer_hours),
        )
        _record(candidate, "offer")
        notify_offer_after_commit(offer, kind="made")
        effects.enqueue_after_commit(
            offer_expire_when_due,
            offer_id=offer.pk,
            expires_at=offer.expires_at.isoformat(),
            run_after=offer.expires_at,
        )
        offers.append(offer)
    if offers:
        cache.registrations_changed(training_key=event.translation_key)
    return offers


def withdraw_open_offers(registrations, *, now=None) -> list[Offer]:
    """Close the open offers of these registrations (they cancelled, or the
    organizers decided on them); the caller moves the seats on.

    Should be called while holding the training's lock.
    """
    now = now or timezone.now()
    offers = list(
        Offer.objects.select_for_update(of=("self",)).filter(
            registration__in=[r.pk for r in registrations], status=Offer.Status.OPEN
        )
    )
    for offer in offers:
        _close(offer, Offer.Status.WITHDRAWN, now)
        _record(offer.registration, "withdraw")
    return offers


def _close(offer: Offer, status: str, now) -> None:
    offer.status = status
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at"])


def _locked_open_offer(offer: Offer, *, by=None) -> tuple[Offer, object]:
    """The training locked, then the offer's row fresh; refuses a closed offer
    or someone else's. Should be called inside transaction.atomic()."""
    if by is not None and offer.registration.user_id != by.pk:
        raise RegistrationError(
            _("You can only answer an offer made to you."), code="forbidden"
        )
    event = lock_training(offer.event)
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("registration__agency")
        .get(pk=offer.pk)
    )
    if not offer.is_open:
        raise RegistrationError(
            _("This offer is closed: it was answered, withdrawn or it expired."),
            code="offer_closed",
        )
    return offer, event


@transaction.atomic
def offer_accept(*, offer: Offer, by, now=None) -> Registration:
    """The person takes the offered seat before the deadline: confirmed."""
    now = now or timezone.now()
    offer, event = _locked_open_offer(offer, by=by)
    if offer.expires_at <= now:
        raise RegistrationError(
            _("The deadline to accept this seat has passed."), code="offer_expired"
        )
    registration = offer.registration
    _close(offer, Offer.Status.ACCEPTED, now)
    # The seat was held by the offer; checked again in case the organizers
    # lowered the capacity or a quota meanwhile (the whole answer rolls back).
    shortfall = capacity_shortfall(
        event, [chosen_session_ids(registration)], [registration.agency], now=now
    )
    if shortfall:
        raise RegistrationError(
            _("The seat can no longer be confirmed: %(reason)s")
            % {"reason": shortfall},
            code="full",
        )
    registration.status = Status.CONFIRMED
    registration.decided_at = now
    registration.save(update_fields=["status", "decided_at"])
    _record(registration, "accept", by)
    notify_status_after_commit(registration, previous=Status.WAITLISTED)
    cache.registrations_changed(training_key=event.translation_key)
    return registration


@transaction.atomic
def offer_decline(*, offer: Offer, by, now=None) -> Registration:
    """The person turns the seat down: the registration is cancelled (the
    reason says they declined) and the seat offered to the next one."""
    now = now or timezone.now()
    offer, event = _locked_open_offer(offer, by=by)
    registration = offer.registration
    _close(offer, Offer.Status.DECLINED, now)
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    _record(registration, "decline", by)
    notify_status_after_commit(registration, previous=Status.WAITLISTED)
    offer_freed_seats(event, now=now)
    cache.registrations_changed(training_key=event.translation_key)
    return registration


@transaction.atomic
def offer_expire(*, offer_id: int, now=None) -> bool:
    """Close an open offer whose deadline passed and offer the seat to the next
    one. Returns whether it expired the offer (False: answered already, or not
    due yet).

    The person's claim on this seat ends, not their place: they stay on the
    waiting list, behind everyone not yet offered a seat
    (`selectors.next_in_line`), and are told so by e-mail with the reason. An
    unanswered offer is most often a missed e-mail, not a refusal; declining is
    the refusal (`offer_decline` cancels).
    """
    now = now or timezone.now()
    offer = Offer.objects.select_related("event").filter(pk=offer_id).first()
    if offer is None or not offer.is_open or offer.expires_at > now:
        return False
    try:
        offer, event = _locked_open_offer(offer)
    except RegistrationError:
        return False  # answered while we waited for the lock
    _close(offer, Offer.Status.EXPIRED, now)
    _record(offer.registration, "expire")
    notify_offer_after_commit(offer, kind="expired")
    offer_freed_seats(event, now=now)
    cache.registrations_changed(training_key=event.translation_key)
    return True


@effects.effect
def offer_expire_when_due(*, offer_id: int, expires_at: str) -> None:
    """The deadline of one offer (run by the task worker at that time). The
    offer's deadline as stored decides (`offer_expire`); woken before it, the
    task waits for its time again."""
    if not offer_expire(offer_id=offer_id):
        effects.requeue_if_early(
            offer_expire_when_due,
            moment=expires_at,
            offer_id=offer_id,
            expires_at=expires_at,
        )


def expire_due_offers(*, now=None) -> int:
    """Expire every offer whose deadline passed (the sweep a worker runs when it
    starts); each in its own transaction. Returns how many expired."""
    now = now or timezone.now()
    due = list(selectors.due_offers(now=now).values_list("pk", flat=True))
    return sum(offer_expire(offer_id=pk, now=now) for pk in due)
