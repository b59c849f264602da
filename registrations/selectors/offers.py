"""Seat offers: who is next in line for a freed seat, seats held by open offers,
and a participant's open offers."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from events.registration_settings import RegistrationMode
from registrations.models import Offer, Registration
from registrations.selectors.applicants import with_total_score

Status = Registration.Status


def next_in_line(training):
    """Waitlisted registrations without an open offer, the next one first.

    The one place that ranks the waiting list for freed seats (offers and
    automatic promotion): application mode by the weighted criteria total, then
    time of application; first come by time of application. Swap the ordering
    here to rank by panel review.
    """
    open_offer = Offer.objects.filter(
        registration=OuterRef("pk"), status=Offer.Status.OPEN
    )
    waiting = (
        Registration.objects.filter(event_id=training.pk, status=Status.WAITLISTED)
        .exclude(Exists(open_offer))
        .select_related("agency")
    )
    if training.registration_mode == RegistrationMode.APPLICATION:
        return with_total_score(waiting).order_by("-total_score", "applied_at", "pk")
    return waiting.order_by("applied_at", "pk")


def open_offers_count(*, event_id: int) -> int:
    return Offer.objects.filter(event_id=event_id, status=Offer.Status.OPEN).count()


def open_offer_session_holders(*, event_id: int, session_id: int) -> int:
    """Registrations with an open offer that would sit in this session."""
    return (
        Registration.objects.filter(event_id=event_id, offers__status=Offer.Status.OPEN)
        .filter(Q(sessions__id=session_id) | Q(sessions__isnull=True))
        .distinct()
        .count()
    )


def open_offer_of(registration: Registration) -> Offer | None:
    return registration.offers.filter(status=Offer.Status.OPEN).first()


def offered_seat_numbers(*, event_id: int) -> set[int]:
    return set(
        Offer.objects.filter(event_id=event_id, status=Offer.Status.OPEN).values_list(
            "seat", flat=True
        )
    )


def due_offers(*, now):
    """Open offers whose deadline has passed (for the worker's sweep)."""
    return Offer.objects.filter(status=Offer.Status.OPEN, expires_at__lte=now)
