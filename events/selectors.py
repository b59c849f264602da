"""Reads of the events app: calendar listings, month grid, feeds, clashes, editions,
and the registration workflow: seats, queues, applicant lists, summaries."""

from __future__ import annotations

import calendar
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from wagtail.models import Locale, Page, PageViewRestriction

from agencies import permissions
from agencies.models import Agency
from events.models import (
    Audience,
    CancelledSession,
    EventPage,
    EventSession,
    EventStatus,
    Modality,
    co_organizers_prefetch,
)
from events.registration_models import (
    Attendance,
    Registration,
    RegistrationAnswer,
    RegistrationMode,
    SelectionScore,
)
from home.models import ContentLanguage, Topic

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
YEARS = (1900, 2200)


def _choice(value: str | None, choices) -> str:
    return value if value in {choice for choice, _label in choices} else ""


@dataclass(frozen=True)
class EventFilters:
    """What the calendar shows; unknown choice values are dropped.

    A malformed month or an agency/topic slug that names nothing raises
    ValueError, which the page turns into a 404: those URLs never existed.
    """

    view: str = "list"
    past: bool = False
    month: datetime.date | None = None
    agency: Agency | None = None
    topic: Topic | None = None
    modality: str = ""
    location: str = ""
    language: str = ""
    audience: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> EventFilters:
        view = "month" if query.get("view") == "month" else "list"
        month = None
        if view == "month":
            month = parse_month(query.get("month")) or timezone.localdate().replace(
                day=1
            )
        agency = topic = None
        if slug := query.get("agency", "")[:80]:
            agency = Agency.objects.filter(slug=slug, is_active=True).first()
            if agency is None:
                raise ValueError("unknown agency")
        if slug := query.get("topic", "")[:80]:
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                raise ValueError("unknown topic")
        return cls(
            view=view,
            past=query.get("when") == "past",
            month=month,
            agency=agency,
            topic=topic,
            modality=_choice(query.get("modality"), Modality.choices),
            location=query.get("location", "")[:100],
            language=_choice(query.get("language"), ContentLanguage.choices),
            audience=_choice(query.get("audience"), Audience.choices),
        )

    @property
    def is_filtered(self) -> bool:
        return any(
            (
                self.agency,
                self.topic,
                self.modality,
                self.location,
                self.language,
                self.audience,
            )
        )


def parse_month(value: str | None) -> datetime.date | None:
    """`2026-05` → 1 May 2026; empty → None; anything else raises ValueError."""
    if not value:
        return None
    match = MONTH_PATTERN.match(value)
    if not match:
        raise ValueError("malformed month")
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and YEARS[0] <= year <= YEARS[1]):
        raise ValueError("month out of range")
    return datetime.date(year, month, 1)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _published_events(index: Page) -> QuerySet[EventPage]:
    return EventPage.objects.child_of(index).live().public()


def _filtered(events: QuerySet[EventPage], filters: EventFilters):
    if filters.agency:
        events = events.filter(
            Q(lead_agency=filters.agency) | Q(co_organizers=filters.agency)
        )
    if filters.topic:
        events = events.filter(topics=filters.topic)
    if filters.modality:
        events = events.filter(modality=filters.modality)
    if filters.location:
        events = events.filter(city__iexact=filters.location)
    if filters.language:
        events = events.filter(language=filters.language)
    if filters.audience:
        events = events.filter(audience=filters.audience)
    return events.distinct()


def _for_cards(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
    return events.select_related("lead_agency").prefetch_related(
        *co_organizers_prefetch(), "topics"
    )


def events_for_index(
    *, index: Page, filters: EventFilters, now: datetime.datetime | None = None
) -> QuerySet[EventPage]:
    """Upcoming trainings soonest first, or past ones latest first."""
    now = now or timezone.now()
    events = _filtered(_published_events(index), filters).filter(start__isnull=False)
    if filters.past:
        events = events.filter(end__lt=now).order_by("-start", "-pk")
    else:
        events = events.filter(end__gte=now).order_by("start", "pk")
    return _for_cards(events)


@dataclass
class MonthDay:
    date: datetime.date
    in_month: bool
    sessions: list[EventSession] = field(default_factory=list)


@dataclass
class MonthGrid:
    first: datetime.date
    weeks: list[list[MonthDay]]
    previous: datetime.date
    next: datetime.date
    weekday_names: list[tuple[str, str]]

    @property
    def is_empty(self) -> bool:
        return not any(day.sessions for week in self.weeks for day in week)


def month_grid(*, index: Page, filters: EventFilters) -> MonthGrid:
    """Weeks (Monday first) covering the month, with each day's sessions.

    A session is placed on every local day it touches. Two queries whatever the
    number of events: the sessions with their pages and lead agencies.
    """
    first = filters.month or timezone.localdate().replace(day=1)
    days = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid_start = _local_midnight(days[0][0])
    grid_end = _local_midnight(days[-1][-1] + datetime.timedelta(days=1))
    events = _filtered(_published_events(index), filters)
    sessions = (
        EventSession.objects.filter(
            page__in=events.values("pk"), start__lt=grid_end, end__gt=grid_start
        )
        .select_related("page", "page__lead_agency")
        .order_by("start", "pk")
    )
    by_day: dict[datetime.date, list[EventSession]] = defaultdict(list)
    for session in sessions:
        day = timezone.localtime(session.start).date()
        # A session ending exactly at midnight does not touch the next day.
        last = timezone.localtime(session.end - datetime.timedelta(microseconds=1))
        while day <= last.date():
            by_day[day].append(session)
            day += datetime.timedelta(days=1)
    weeks = [
        [
            MonthDay(date=day, in_month=day.month == first.month, sessions=by_day[day])
            for day in week
        ]
        for week in days
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    weekday_names = [(WEEKDAYS[number], WEEKDAYS_ABBR[number]) for number in range(7)]
    return MonthGrid(
        first=first,
        weeks=weeks,
        previous=previous,
        next=following,
        weekday_names=weekday_names,
    )


@dataclass(frozen=True)
class FilterOptions:
    agencies: list[Agency]
    topics: list[Topic]
    locations: list[str]
    modalities: list[tuple[str, str]]
    languages: list[tuple[str, str]]
    audiences: list[tuple[str, str]]


def filter_options(*, index: Page) -> FilterOptions:
    """Only the agencies, topics and places that some training of the index uses."""
    event_ids = _published_events(index).values("pk")
    agencies = Agency.objects.filter(
        Q(led_events__in=event_ids) | Q(co_organized_events__in=event_ids)
    ).distinct()
    topics = Topic.objects.filter(events__in=event_ids).distinct()
    locations = (
        _published_events(index)
        .exclude(city="")
        .values_list("city", flat=True)
        .distinct()
        .order_by("city")
    )
    return FilterOptions(
        agencies=sorted(agencies, key=lambda agency: agency.name.lower()),
        topics=sorted(topics, key=lambda topic: topic.name.lower()),
        locations=list(locations),
        modalities=Modality.choices,
        languages=ContentLanguage.choices,
        audiences=Audience.choices,
    )


# The index feeds reach back a year (subscribers keep what they already have) and
# stop at a fixed number of sessions, so the file stays small whatever the history.
FEED_HISTORY = datetime.timedelta(days=365)
FEED_MAX_SESSIONS = 1000
# How long a removed session stays in the feeds as cancelled, for calendars that
# refresh rarely; one still to come stays until it would have ended.
CANCELLED_SESSION_RETENTION = datetime.timedelta(days=90)


def sessions_for_feed(
    *, index: Page, filters: EventFilters, now: datetime.datetime | None = None
) -> list[EventSession]:
    """Sessions of the index's published trainings from a year ago on, for a feed."""
    now = now or timezone.now()
    events = _filtered(_published_events(index), filters)
    sessions = EventSession.objects.filter(
        page__in=events.values("pk"), end__gte=now - FEED_HISTORY
    )
    return list(_for_calendar(sessions)[:FEED_MAX_SESSIONS])


def cancelled_sessions_for_feed(
    *,
    index: Page | None = None,
    filters: EventFilters | None = None,
    event: EventPage | None = None,
    now: datetime.datetime | None = None,
) -> list[CancelledSession]:
    """Sessions taken off published trainings that feeds still announce as cancelled.

    Those of one training (`event`), or of an index's trainings matching `filters`.
    """
    now = now or timezone.now()
    if event is not None:
        cancelled = CancelledSession.objects.filter(page_id=event.pk)
    else:
        # Unpublished trainings included: their sessions were withdrawn.
        events = EventPage.objects.child_of(index).public()
        events = _filtered(events, filters or EventFilters())
        cancelled = CancelledSession.objects.filter(
            page__in=events.values("pk"), end__gte=now - FEED_HISTORY
        )
    cancelled = cancelled.filter(
        Q(end__gte=now) | Q(cancelled_at__gte=now - CANCELLED_SESSION_RETENTION)
    )
    return list(
        cancelled.select_related("page", "page__lead_agency").order_by("start", "pk")[
            :FEED_MAX_SESSIONS
        ]
    )


def _for_calendar(sessions: QuerySet[EventSession]) -> QuerySet[EventSession]:
    return (
        sessions.select_related("page", "page__lead_agency")
        .prefetch_related(*co_organizers_prefetch("page__"))
        .order_by("start", "pk")
    )


def sessions_of(*, event: EventPage) -> list[EventSession]:
    """The event's sessions in time order (in memory for previews and drafts)."""
    sessions = list(event.sessions.all())
    for session in sessions:
        session.page = event
    return sorted(sessions, key=lambda session: (session.start, session.sort_order))


def upcoming_events(
    *, locale: Locale, limit: int = 3, now: datetime.datetime | None = None
) -> QuerySet[EventPage]:
    """The next trainings of the portal in one language, for the home page."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, end__gte=now)
        .order_by("start", "pk")
    )
    return _for_cards(events)[:limit]


def home_page_trainings(*, home) -> QuerySet[EventPage]:
    """The next trainings on a home page (registered on home's listing hook)."""
    return upcoming_events(locale=home.locale, limit=3)


def agency_profile_trainings(*, agency: Agency, locale: Locale) -> list[EventPage]:
    """The next trainings on an agency's profile (registered on its listing hook)."""
    return upcoming_events_for_agency(agency, locale, limit=5)


def upcoming_events_for_agency(
    agency: Agency,
    locale: Locale,
    *,
    limit: int = 20,
    now: datetime.datetime | None = None,
) -> list[EventPage]:
    """The agency's calendar on its profile: trainings it leads or co-organizes."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, end__gte=now)
        .filter(Q(lead_agency=agency) | Q(co_organizers=agency))
        .distinct()
        .order_by("start", "pk")
    )
    return list(_for_cards(events)[:limit])


def other_editions(*, event: EventPage) -> list[EventPage]:
    """The other published editions of the training, latest first."""
    if not event.series_key:
        return []
    return list(
        EventPage.objects.live()
        .public()
        .filter(series_key=event.series_key, locale_id=event.locale_id)
        .exclude(pk=event.pk)
        .exclude(translation_key=event.translation_key)
        .order_by("-start")
    )


def online_link_visible(*, event: EventPage, user) -> bool:
    """Organizers' editors and confirmed participants see the link."""
    if not event.online_url:
        return False
    if permissions.user_can_edit_for_agencies(user, event.organizing_agency_ids()):
        return True
    return user_holds_seat(user=user, event=event)


def event_clashes(*, event: EventPage) -> list[EventPage]:
    """Published trainings overlapping the event's sessions for the same audience
    or in the same city (cancelled ones do not clash, nor its own translations).

    Reads the event's sessions from memory, so it also works on an unsaved draft.
    """
    spans = [
        (session.start, session.end)
        for session in event.sessions.all()
        if session.start and session.end
    ]
    if not spans:
        return []
    overlaps = Q()
    for start, end in spans:
        overlaps |= Q(start__lt=end, end__gt=start)
    same_public = Q(page__audience=event.audience)
    if event.city.strip():
        same_public |= Q(page__city__iexact=event.city.strip())
    page_ids = (
        EventSession.objects.filter(overlaps)
        .filter(same_public)
        .filter(page__live=True, page__locale_id=event.locale_id)
        .exclude(page__status=EventStatus.CANCELLED)
        .exclude(page__translation_key=event.translation_key)
        .values("page_id")
    )
    return list(
        EventPage.objects.filter(pk__in=page_ids)
        .select_related("lead_agency")
        .prefetch_related(*co_organizers_prefetch())
        .order_by("start")
    )


@dataclass
class CoordinationMonth:
    first: datetime.date
    events: list[EventPage]


def coordination_calendar(
    *, past: bool = False, now: datetime.datetime | None = None
) -> list[CoordinationMonth]:
    """Every agency's trainings (drafts too) by month, for the admin overview.

    One row per training: its translations collapse onto the default language,
    whose page holds the registrations (see registration_event), counted
    here by status in the same query.
    """
    status = Registration.Status
    now = now or timezone.now()
    events = EventPage.objects.filter(start__isnull=False)
    events = events.filter(end__lt=now) if past else events.filter(end__gte=now)
    events = events.annotate(
        registrations_pending=Count(
            "registrations",
            filter=Q(registrations__status=status.PENDING),
            distinct=True,
        ),
        registrations_seated=Count(
            "registrations",
            filter=Q(registrations__status__in=Registration.SEATED),
            distinct=True,
        ),
        registrations_waitlisted=Count(
            "registrations",
            filter=Q(registrations__status=status.WAITLISTED),
            distinct=True,
        ),
    )
    events = _for_cards(events.select_related("locale")).order_by(
        "-start" if past else "start", "pk"
    )
    seen: dict = {}
    for event in events:
        current = seen.get(event.translation_key)
        if current is None or event.locale.language_code == settings.LANGUAGE_CODE:
            seen[event.translation_key] = event
    months: dict[datetime.date, list[EventPage]] = defaultdict(list)
    for event in seen.values():
        months[timezone.localtime(event.start).date().replace(day=1)].append(event)
    return [
        CoordinationMonth(first=first, events=months[first])
        for first in sorted(months, reverse=past)
    ]


# --- Registrations -------------------------------------------------------------

Status = Registration.Status


def registration_event(*, event):
    """The page registrations of a training attach to: its default-language page.

    Translations of a training are separate pages; registrations, seats and
    settings all live on one of them so that the English page does not open a
    second set of seats.
    """
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


@dataclass(frozen=True)
class _Viewer:
    """What PageViewRestriction.accept_request reads of a request."""

    user: object
    session: object


def training_view_refusal(*, page, user, session=None) -> PageViewRestriction | None:
    """The view restriction of the training this person does not pass, or None.

    The one rule every registration path applies (form, apply, cancel,
    certificate, evaluation, "My registrations", announcements to registrants):
    Wagtail's restrictions of the page and of the page registrations attach to
    (and their ancestors) — login, groups, and a password only once unlocked in
    this `session` (none given: not unlocked). Organizers of the training pass,
    as they do in the admin. Group and login refusals come before a password
    one, so nobody is asked a password that would not let them in.
    """
    user = user if user is not None else AnonymousUser()
    event = registration_event(event=page)
    if user.is_authenticated and user_can_manage_registrations(user, event):
        return None
    restrictions = list(page.get_view_restrictions())
    if event.pk != page.pk:
        restrictions += list(event.get_view_restrictions())
    if not restrictions:
        return None
    viewer = _Viewer(user=user, session=session if session is not None else {})
    refused = [
        restriction
        for restriction in restrictions
        if not restriction.accept_request(viewer)
    ]
    refused.sort(
        key=lambda restriction: (
            restriction.restriction_type == PageViewRestriction.PASSWORD
        )
    )
    return refused[0] if refused else None


def training_visible(*, page, user, session=None) -> bool:
    return training_view_refusal(page=page, user=user, session=session) is None


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
    pages = _live_translations([registration.event for registration in registrations])
    for registration in registrations:
        registration.waitlist_position = waitlist_position(registration)
        # Registrations hold the source page; people read the training's title
        # and follow its link in the language they are using.
        registration.page = pages.get(
            registration.event.translation_key, registration.event
        )
    return registrations


def _live_translations(events) -> dict:
    """The live pages of these trainings in the active language, by translation key."""
    if not events:
        return {}
    return {
        page.translation_key: page
        for page in EventPage.objects.live().filter(
            translation_key__in={event.translation_key for event in events},
            locale=Locale.get_active(),
        )
    }


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
    from events.services import certificate_code_normalise

    return (
        Certificate.objects.filter(code=certificate_code_normalise(code))
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


def confirmed_event_ids(*, user, session=None) -> set[int]:
    """Trainings the user holds a seat in (announcements' "event" audience).

    Only trainings the person may still read (training_view_refusal): without
    a `session`, a password-protected training counts as locked.
    """
    if not user.is_authenticated:
        return set()
    events = EventPage.objects.filter(
        pk__in=Registration.objects.filter(
            user=user, status__in=Registration.SEATED
        ).values("event_id")
    ).select_related("locale")
    return {
        event.pk
        for event in events
        if training_visible(page=event, user=user, session=session)
    }


def user_holds_seat(*, user, event) -> bool:
    """Whether the user is confirmed for (or attended) the training or its original."""
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        user=user,
        event=registration_event(event=event),
        status__in=Registration.SEATED,
    ).exists()
