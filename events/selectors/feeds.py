"""Sessions for the calendar feeds (ICS), cancelled ones included for a while."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from core.translated_rows import read_sources
from events.models import (
    CancelledSession,
    EventPage,
    EventSession,
    co_organizers_prefetch,
)

from .dates import registration_event
from .filters import EventFilters, filtered_events, published_events

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
    events = filtered_events(published_events(index), filters)
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
        events = filtered_events(events, filters or EventFilters())
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


def sessions_shown(*, event: EventPage) -> list[EventSession]:
    """The sessions of the page being read, in time order, whose `title_shown`
    is the title in the reader's language: on a translated page, a session
    title nobody translated shows the source's, marked as such, never silently
    (core.translated_rows.read_sources; one query more on a translation)."""
    sessions = sessions_of(event=event)
    source = registration_event(event=event)
    if source.pk != event.pk:
        read_sources(sessions, source_locale_id=source.locale_id)
    return sessions
