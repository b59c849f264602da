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


@dataclass(frozen=True)
class AttendanceRecord:
    """How many of the sessions a registration covers the person attended."""

    attended: int
    total: int
    required: int

    @property
    def earns_certificate(self) -> bool:
        return self.total > 0 and self.attended >= self.required


def attendance_record(*, registration: Registration) -> AttendanceRecord:
    """Sessions attended out of those the registration covers (its chosen ones,
    or every session), and how many the training's certificate threshold asks."""
    event = registration.event
    covered = set(registration.sessions.values_list("pk", flat=True)) or set(
        event.sessions.values_list("pk", flat=True)
    )
    attended = Attendance.objects.filter(
        registration=registration, present=True, session_id__in=covered
    ).count()
    total = len(covered)
    # Whole sessions, rounded up: 50 % of 3 sessions asks for 2.
    required = -(-total * event.certificate_min_attendance // 100)
    return AttendanceRecord(attended=attended, total=total, required=required)


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
