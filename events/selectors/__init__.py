"""Reads of the events app: calendar listings, month grid, feeds, clashes, editions,
and when a training starts and ends.

The package holds one module per subject; import from here.
"""

from .coordination import CoordinationMonth, coordination_calendar
from .dates import (
    event_end,
    event_has_ended,
    event_has_started,
    event_start,
    registration_event,
)
from .feeds import (
    CANCELLED_SESSION_RETENTION,
    FEED_HISTORY,
    FEED_MAX_SESSIONS,
    cancelled_sessions_for_feed,
    sessions_for_feed,
    sessions_of,
    sessions_shown,
)
from .filters import MONTH_PATTERN, YEARS, EventFilters, events_for_index, parse_month
from .listings import (
    agency_profile_trainings,
    event_clashes,
    facilitators_of,
    home_page_trainings,
    online_link_visible,
    other_editions,
    series_of,
    upcoming_events,
    upcoming_events_for_agency,
    with_registration_states,
)
from .month import FilterOptions, MonthDay, MonthGrid, filter_options, month_grid

__all__ = [
    "CANCELLED_SESSION_RETENTION",
    "CoordinationMonth",
    "EventFilters",
    "FEED_HISTORY",
    "FEED_MAX_SESSIONS",
    "FilterOptions",
    "MONTH_PATTERN",
    "MonthDay",
    "MonthGrid",
    "YEARS",
    "agency_profile_trainings",
    "cancelled_sessions_for_feed",
    "coordination_calendar",
    "event_clashes",
    "event_end",
    "event_has_ended",
    "event_has_started",
    "event_start",
    "events_for_index",
    "filter_options",
    "home_page_trainings",
    "month_grid",
    "online_link_visible",
    "facilitators_of",
    "other_editions",
    "series_of",
    "parse_month",
    "registration_event",
    "sessions_for_feed",
    "sessions_of",
    "sessions_shown",
    "upcoming_events",
    "upcoming_events_for_agency",
    "with_registration_states",
]
