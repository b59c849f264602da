"""The month grid of the calendar and the options of its filter form."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from wagtail.models import Page

from agencies.models import Agency
from events.models import (
    Audience,
    EventSession,
    Modality,
)
from home.models import ContentLanguage, Topic

from .filters import EventFilters, filtered_events, local_midnight, published_events
from .listings import with_registration_states


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
    number of events: the sessions with their pages and lead agencies, then the
    pages' registration states (events.hooks.registration_states).
    """
    first = filters.month or timezone.localdate().replace(day=1)
    days = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid_start = local_midnight(days[0][0])
    grid_end = local_midnight(days[-1][-1] + datetime.timedelta(days=1))
    events = filtered_events(published_events(index), filters)
    sessions = (
        EventSession.objects.filter(
            page__in=events.values("pk"), start__lt=grid_end, end__gt=grid_start
        )
        .select_related("page", "page__lead_agency")
        .order_by("start", "pk")
    )
    sessions = list(sessions)
    _with_registration_states(sessions)
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


def _with_registration_states(sessions: list[EventSession]) -> None:
    """Each session's page with `registration_state`, read once for all pages."""
    pages = {session.page.pk: session.page for session in sessions}
    states = {
        page.pk: page.registration_state
        for page in with_registration_states(pages.values())
    }
    for session in sessions:
        session.page.registration_state = states[session.page.pk]


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
    event_ids = published_events(index).values("pk")
    agencies = Agency.objects.filter(
        Q(led_events__in=event_ids) | Q(co_organized_events__in=event_ids)
    ).distinct()
    topics = Topic.objects.filter(events__in=event_ids).distinct()
    locations = (
        published_events(index)
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
