"""Seats held in a training and its sessions, the waiting list, and counts by
status for the organizers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from events.registration_settings import RegistrationMode
from registrations.models import Registration

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
    """1 for the next person to get a seat by time of application."""
    if registration.status != Status.WAITLISTED:
        return None
    earlier = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED
    ).filter(
        Q(applied_at__lt=registration.applied_at)
        | Q(applied_at=registration.applied_at, pk__lt=registration.pk)
    )
    return earlier.count() + 1


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
