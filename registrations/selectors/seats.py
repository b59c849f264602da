"""Seats held in a training and its sessions, the waiting list, and counts by
status for the organizers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from events.registration_settings import RegistrationMode
from registrations.models import Registration
from registrations.selectors.offers import next_in_line

Status = Registration.Status


def seats_taken(*, event_id: int) -> int:
    return Registration.objects.filter(
        event_id=event_id, status__in=Registration.SEATED
    ).count()


def session_seats_taken(*, session_id: int, event_id: int) -> int:
    """Seats held in a session: registrations naming it or covering every session."""
    return (
        Registration.objects.filter(event_id=event_id, status__in=Registration.SEATED)
        .filter(Q(sessions__id=session_id) | Q(sessions__isnull=True))
        .distinct()
        .count()
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat: by time of application, or in
    application mode by the order freed seats follow (`next_in_line`)."""
    if registration.status != Status.WAITLISTED:
        return None
    if registration.event.registration_mode == RegistrationMode.APPLICATION:
        return _ranked_positions([registration]).get(registration.pk)
    earlier = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED
    ).filter(
        Q(applied_at__lt=registration.applied_at)
        | Q(applied_at=registration.applied_at, pk__lt=registration.pk)
    )
    return earlier.count() + 1


def waitlist_positions(registrations) -> dict[int, int]:
    """`waitlist_position` of many registrations in one query, by their pk
    (those not waitlisted are left out)."""
    ranked = [
        r
        for r in registrations
        if r.status == Status.WAITLISTED
        and r.event.registration_mode == RegistrationMode.APPLICATION
    ]
    positions = _ranked_positions(ranked)
    waiting = [
        r.pk for r in registrations if r.status == Status.WAITLISTED and r not in ranked
    ]
    if not waiting:
        return positions
    earlier = (
        Registration.objects.filter(
            event_id=OuterRef("event_id"), status=Status.WAITLISTED
        )
        .filter(
            Q(applied_at__lt=OuterRef("applied_at"))
            | Q(applied_at=OuterRef("applied_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return positions | {
        pk: (earlier_count or 0) + 1
        for pk, earlier_count in Registration.objects.filter(pk__in=waiting)
        .annotate(earlier=Subquery(earlier))
        .values_list("pk", "earlier")
    }


def _ranked_positions(registrations) -> dict[int, int]:
    """Positions in application mode: the panel's ranking, as freed seats are
    offered (someone holding an open offer has none: the seat is theirs to
    take)."""
    positions = {}
    for event in {r.event_id: r.event for r in registrations}.values():
        for number, registration in enumerate(next_in_line(event), start=1):
            positions[registration.pk] = number
    wanted = {r.pk for r in registrations}
    return {pk: number for pk, number in positions.items() if pk in wanted}


@dataclass
class SeatCount:
    label: str
    taken: int
    capacity: int | None

    @property
    def free(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken, 0)


@dataclass
class RegistrationCounts:
    by_status: dict[str, int] = field(default_factory=dict)
    event: SeatCount | None = None
    sessions: list[SeatCount] = field(default_factory=list)

    def status_rows(self) -> list[tuple[str, str, int]]:
        return [
            (value, label, self.by_status.get(value, 0))
            for value, label in Status.choices
        ]


def registration_counts(*, event) -> RegistrationCounts:
    by_status = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = RegistrationCounts(
        by_status=by_status,
        event=SeatCount(
            label=event.title,
            taken=sum(by_status.get(status, 0) for status in Registration.SEATED),
            capacity=event.capacity,
        ),
    )
    for session in event.sessions.all():
        counts.sessions.append(
            SeatCount(
                label=str(session),
                taken=session_seats_taken(session_id=session.pk, event_id=event.pk),
                capacity=session.capacity,
            )
        )
    return counts


def cancellation_loss(registration: Registration) -> str:
    """What cancelling this registration gives up, for the confirmation page:

    "seat_to_waitlist": a confirmed seat that goes at once to the first person
    waiting; "seat_freed": a confirmed seat nobody waits for (first come);
    "place_lost": a confirmed place in a training with selection (the organizers
    decide who gets it; applying again starts over); "waitlist_position": the
    place in the queue; "application": a pending application.
    """
    event = registration.event
    if registration.status == Status.WAITLISTED:
        return "waitlist_position"
    if registration.status == Status.PENDING:
        return "application"
    if event.registration_mode == RegistrationMode.APPLICATION and not (
        event.auto_promote
    ):
        return "place_lost"
    waiting = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED
    ).exists()
    return "seat_to_waitlist" if waiting else "seat_freed"
