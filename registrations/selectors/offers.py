"""Seat offers: who is next in line for a freed seat, seats held by open offers,
and a participant's open offers."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from events.registration_settings import RegistrationMode
from registrations.models import Offer, Registration
from registrations.selectors.review import rank_applicants

Status = Registration.Status


def next_in_line(training) -> list[Registration]:
    """Waitlisted registrations without an open offer, the next one first, with
    their sessions.

    The one place that orders the waiting list for freed seats (offers and
    automatic promotion): application mode by the panel's ranking
    (`rank_applicants`: the training's mean or median), first come by time of
    application. People whose earlier offer expired unanswered come after
    everyone not yet offered a seat (services.offers.offer_expire).
    """
    open_offer = Offer.objects.filter(
        registration=OuterRef("pk"), status=Offer.Status.OPEN
    )
    lapsed = Offer.objects.filter(
        registration=OuterRef("pk"), status=Offer.Status.EXPIRED
    )
    waiting = (
        Registration.objects.filter(event_id=training.pk, status=Status.WAITLISTED)
        .exclude(Exists(open_offer))
        .annotate(offer_lapsed=Exists(lapsed))
        .select_related("agency")
        .prefetch_related("sessions")
        .order_by("applied_at", "pk")
    )
    if training.registration_mode == RegistrationMode.APPLICATION:
        ordered = rank_applicants(waiting, event=training)
    else:
        ordered = list(waiting)
    return sorted(ordered, key=lambda registration: registration.offer_lapsed)


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
