"""Attendance sheets and records, evaluation summaries, certificate lookup."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from registrations.models import (
    Attendance,
    Certificate,
    Evaluation,
    Registration,
    certificate_code_normalise,
)

Status = Registration.Status


def attendance_sheet(*, session) -> list[Registration]:
    """Seated registrations covering the session, each with `present` set."""
    registrations = list(
        Registration.objects.filter(
            event_id=session.page_id, status__in=Registration.SEATED
        )
        .filter(Q(sessions=session) | Q(sessions__isnull=True))
        .distinct()
        .order_by("full_name", "pk")
    )
    present = set(
        Attendance.objects.filter(
            session=session, present=True, registration__in=registrations
        ).values_list("registration_id", flat=True)
    )
    for registration in registrations:
        registration.present = registration.pk in present
    return registrations


def checked_in_times(*, session) -> dict[int, object]:
    """When each person present at the session was first checked in."""
    return dict(
        Attendance.objects.filter(
            session=session, present=True, checked_in_at__isnull=False
        ).values_list("registration_id", "checked_in_at")
    )


@dataclass(frozen=True)
class AttendanceRecord:
    """How many of the sessions a registration covers, and of their hours, the
    person attended; what the training's certificate rule asks of either."""

    attended: int
    total: int
    required: int
    hours_attended: float = 0.0
    hours_total: float = 0.0
    required_hours: float = 0.0
    basis: str = "sessions"

    @property
    def earns_certificate(self) -> bool:
        if self.total == 0:
            return False
        if self.basis == "hours":
            return self.hours_attended + 1e-9 >= self.required_hours
        return self.attended >= self.required


def _hours(sessions) -> float:
    seconds = sum((s.end - s.start).total_seconds() for s in sessions)
    return round(seconds / 3600, 1)


def attendance_record(*, registration: Registration) -> AttendanceRecord:
    """Sessions attended out of those the registration covers (its chosen ones,
    or every session), and how many the training's certificate threshold asks:
    a share of the sessions or of their hours, as the training sets."""
    event = registration.event
    chosen = list(registration.sessions.all())
    covered = {s.pk: s for s in chosen or event.sessions.all()}
    attended_ids = set(
        Attendance.objects.filter(
            registration=registration, present=True, session_id__in=covered
        ).values_list("session_id", flat=True)
    )
    total = len(covered)
    hours_total = _hours(covered.values())
    share = event.certificate_min_attendance
    return AttendanceRecord(
        attended=len(attended_ids),
        total=total,
        # Whole sessions, rounded up: 50 % of 3 sessions asks for 2.
        required=-(-total * share // 100),
        hours_attended=_hours(covered[pk] for pk in attended_ids),
        hours_total=hours_total,
        required_hours=round(hours_total * share / 100, 2),
        basis=event.certificate_attendance_basis,
    )


def certificate_candidates(*, event) -> list[Registration]:
    """Attendees who met the training's rule and hold no certificate yet."""
    candidates = (
        Registration.objects.filter(event=event, status=Status.ATTENDED)
        .filter(certificate__isnull=True)
        .select_related("event")
        .prefetch_related("sessions")
        .order_by("full_name", "pk")
    )
    return [
        registration
        for registration in candidates
        if attendance_record(registration=registration).earns_certificate
    ]


@dataclass
class EvaluationSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, int]]
    comments: list[str]
    attendees: int


def evaluation_summary(*, event) -> EvaluationSummary:
    evaluations = Evaluation.objects.filter(registration__event=event)
    stats = evaluations.aggregate(count=Count("pk"), average=Avg("rating"))
    by_rating = dict(
        evaluations.values_list("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    return EvaluationSummary(
        count=stats["count"],
        average=round(stats["average"], 2) if stats["average"] is not None else None,
        distribution=[(rating, by_rating.get(rating, 0)) for rating in range(5, 0, -1)],
        comments=[
            comment
            for comment in evaluations.order_by("-submitted_at").values_list(
                "comments", flat=True
            )
            if comment
        ],
        attendees=Registration.objects.filter(
            event=event, status=Status.ATTENDED
        ).count(),
    )


def certificate_by_code(*, code: str):
    return (
        Certificate.objects.filter(code=certificate_code_normalise(code))
        .select_related("registration__event")
        .first()
    )
