"""Reads of the registration workflow: seats, queues, applicant lists, summaries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, F, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import permissions
from events.registration_models import (
    Attendance,
    Registration,
    RegistrationAnswer,
    RegistrationMode,
    SelectionScore,
)

Status = Registration.Status


def registration_event(*, event):
    """The page registrations of a training attach to: its default-language page.

    Translations of a training are separate pages; registrations, seats and
    settings all live on one of them so that the English page does not open a
    second set of seats.
    """
    from events.models import EventPage

    if event.locale.language_code == settings.LANGUAGE_CODE:
        return event
    original = (
        EventPage.objects.filter(
            translation_key=event.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .select_related("locale")
        .first()
    )
    return original or event


def user_can_manage_registrations(user, event) -> bool:
    """Editors of the organizing agencies (and superusers) see applicants."""
    return permissions.user_can_edit_for_agencies(user, event.organizing_agency_ids())


def event_start(event) -> datetime.datetime | None:
    if event.start:
        return event.start
    return event.sessions.order_by("start").values_list("start", flat=True).first()


def event_end(event) -> datetime.datetime | None:
    if event.end:
        return event.end
    return event.sessions.order_by("-end").values_list("end", flat=True).first()


def event_has_started(event, *, now: datetime.datetime | None = None) -> bool:
    start = event_start(event)
    return start is not None and start <= (now or timezone.now())


def event_has_ended(event, *, now: datetime.datetime | None = None) -> bool:
    end = event_end(event)
    return end is not None and end <= (now or timezone.now())


def registration_is_open(event, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if event.registration_mode == RegistrationMode.CLOSED or event.is_cancelled:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    if event.registration_closes_at and now >= event.registration_closes_at:
        return False
    return not event_has_started(event, now=now)


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


def user_registrations(*, user) -> list[Registration]:
    """A participant's registrations, newest training first, with positions."""
    registrations = list(
        Registration.objects.filter(user=user)
        .select_related("event", "certificate", "evaluation")
        .prefetch_related("sessions", "event__sessions")
        .order_by("-event__start", "-applied_at")
    )
    for registration in registrations:
        registration.waitlist_position = waitlist_position(registration)
    return registrations


def user_registration(*, user, event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).first()


def with_total_score(queryset):
    """Annotate `total_score`: the sum of each criterion's score times its weight."""
    return queryset.annotate(
        total_score=Coalesce(
            Sum(F("scores__value") * F("scores__criterion__weight")), 0
        )
    )


@dataclass
class ApplicantFilters:
    status: str = ""
    agency: int | None = None
    sort: str = "score"

    SORTS = {
        "score": ("-total_score", "applied_at", "pk"),
        "applied": ("applied_at", "pk"),
        "name": ("full_name", "pk"),
    }

    @classmethod
    def from_query(cls, query) -> ApplicantFilters:
        status = query.get("status", "")
        if status not in Status.values:
            status = ""
        try:
            agency = int(query.get("agency", "")) or None
        except ValueError:
            agency = None
        sort = query.get("sort", "score")
        if sort not in cls.SORTS:
            sort = "score"
        return cls(status=status, agency=agency, sort=sort)


def applicants(*, event, filters: ApplicantFilters | None = None):
    """Registrations of the training for organizers, with answers and scores."""
    filters = filters or ApplicantFilters()
    queryset = Registration.objects.filter(event=event)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.agency:
        queryset = queryset.filter(agency_id=filters.agency)
    return (
        with_total_score(queryset)
        .select_related("agency", "user")
        .prefetch_related(
            "sessions",
            Prefetch(
                "answers",
                queryset=RegistrationAnswer.objects.select_related("question").order_by(
                    "question__sort_order", "question__pk"
                ),
            ),
            Prefetch("scores", queryset=SelectionScore.objects.all()),
        )
        .order_by(*ApplicantFilters.SORTS[filters.sort])
    )


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


def applicant_agencies(*, event):
    from agencies.models import Agency

    return Agency.objects.filter(registrations__event=event).distinct()


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


@dataclass
class EvaluationSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, int]]
    comments: list[str]
    attendees: int


def evaluation_summary(*, event) -> EvaluationSummary:
    from events.registration_models import Evaluation

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
    from events.registration_models import Certificate

    return (
        Certificate.objects.filter(code=code.strip().upper())
        .select_related("registration__event")
        .first()
    )


@dataclass
class RegistrationBox:
    """What the training page shows about registering, for one visitor."""

    event: object
    page_id: int
    mode: str
    is_open: bool
    closes_at: datetime.datetime | None
    registration: Registration | None


def registration_box(*, page, user) -> RegistrationBox:
    event = registration_event(event=page)
    return RegistrationBox(
        event=event,
        page_id=page.pk,
        mode=event.registration_mode,
        is_open=registration_is_open(event),
        closes_at=event.registration_closes_at,
        registration=user_registration(user=user, event=event),
    )


def confirmed_event_ids(*, user) -> set[int]:
    """Trainings the user holds a seat in (the audience of their announcements)."""
    if not user.is_authenticated:
        return set()
    return set(
        Registration.objects.filter(
            user=user, status__in=Registration.SEATED
        ).values_list("event_id", flat=True)
    )


def user_holds_seat(*, user, event) -> bool:
    """Whether the user is confirmed for (or attended) the training or its original."""
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        user=user,
        event=registration_event(event=event),
        status__in=Registration.SEATED,
    ).exists()
