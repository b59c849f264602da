"""The calendar's filters and the trainings an index lists under them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import Page

from agencies.models import Agency
from events.models import (
    Audience,
    EventPage,
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


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the portal's time zone."""
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def published_events(index: Page) -> QuerySet[EventPage]:
    """The calendar's live trainings that anyone may read."""
    return EventPage.objects.child_of(index).live().public()


def filtered_events(events: QuerySet[EventPage], filters: EventFilters):
    """`events` narrowed by the calendar's filters."""
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


def for_cards(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
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
    events = filtered_events(published_events(index), filters).filter(
        start__isnull=False
    )
    if filters.past:
        events = events.filter(end__lt=now).order_by("-start", "-pk")
    else:
        events = events.filter(end__gte=now).order_by("start", "pk")
    return for_cards(events)
