"""Reads of the events app: calendar listings, month grid, feeds, clashes, editions,
and when a training starts and ends."""

from __future__ import annotations

import calendar
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from wagtail.models import Locale, Page

from agencies import permissions
from agencies.models import Agency
from events.hooks import coordination_annotations, online_link_access
from events.models import (
    Audience,
    CancelledSession,
    EventPage,
    EventSession,
    EventStatus,
    Modality,
    co_organizers_prefetch,
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
    # Cards show the organizers' logos: images and renditions read once per list.
    return events.select_related("lead_agency__logo").prefetch_related(
        *co_organizers_prefetch(),
        "topics",
        "lead_agency__logo__renditions",
        "co_organizers__logo__renditions",
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
    """Organizers' editors see the link, and whoever a hook lets in (the
    registrations app: confirmed participants)."""
    if not event.online_url:
        return False
    if permissions.user_can_edit_for_agencies(user, event.organizing_agency_ids()):
        return True
    return any(
        granted is True
        for _receiver, granted in online_link_access.send(
            sender=EventPage, event=event, user=user
        )
    )


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
    whose page holds the registrations; the apps above add their counts as
    annotations of the same query (events.hooks.coordination_annotations).
    """
    now = now or timezone.now()
    events = EventPage.objects.filter(start__isnull=False)
    events = events.filter(end__lt=now) if past else events.filter(end__gte=now)
    for _receiver, columns in coordination_annotations.send(sender=EventPage):
        events = events.annotate(**columns)
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


# --- Start and end -------------------------------------------------------------


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
