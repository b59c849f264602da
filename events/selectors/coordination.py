"""The coordination calendar: every agency's trainings month by month."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from events.hooks import coordination_annotations
from events.models import (
    EventPage,
)

from .filters import for_cards


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
    events = for_cards(events.select_related("locale")).order_by(
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
