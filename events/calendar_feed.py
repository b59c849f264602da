"""Reading a partner's ICS feed: its events with their sessions, or the whole
feed refused with a message a coordinator can act on (not ICS, too many events,
repeating without an end, times without a zone, dates the calendar refuses)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils.translation import gettext as _

from events.models import (
    SESSION_MAX_DURATION,
    SESSION_YEARS,
)
from events.services import EventError

MAX_FEED_BYTES = 2 * 1024 * 1024
MAX_EVENTS = 500
MAX_OCCURRENCES = 60  # sessions of one recurring event


class FeedRefused(EventError):
    """The feed cannot be imported; the message says why, for the coordinator."""


@dataclass
class FeedEvent:
    uid: str
    sequence: int
    cancelled: bool
    title: str
    description: str
    location: str
    start: datetime.datetime | None
    end: datetime.datetime | None
    # (start, end) of each session: one, or one per occurrence of a bounded rule.
    occurrences: list[tuple[datetime.datetime, datetime.datetime]] = field(
        default_factory=list
    )


# --- Subscriptions ----------------------------------------------------------------


def _moment(component, name: str, *, uid: str) -> datetime.datetime | None:
    if component.get(name) is None:
        return None
    value = component.decoded(name)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise FeedRefused(
                _(
                    "The event “%(uid)s” has a time without a time zone; the feed "
                    "must give times in UTC (Z) or with a TZID."
                )
                % {"uid": uid},
                code="floating",
            )
        return value
    if isinstance(value, datetime.date):  # a whole day, in the portal's zone
        return datetime.datetime.combine(
            value, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
    return None


def _refuse_dates(uid: str) -> FeedRefused:
    first, last = SESSION_YEARS
    return FeedRefused(
        _(
            "The event “%(uid)s” has dates the calendar does not accept: it must "
            "end after it starts, last at most seven days, and fall between "
            "%(first)s and %(last)s."
        )
        % {"uid": uid, "first": first, "last": last},
        code="dates",
    )


def _occurrences(component, rule, start, end, *, uid: str) -> list:
    """The sessions of an event: its own dates, or each occurrence of its
    bounded rule (at most MAX_OCCURRENCES)."""
    first, last = SESSION_YEARS
    if not (start < end <= start + SESSION_MAX_DURATION) or not (
        first <= start.year <= last
    ):
        raise _refuse_dates(uid)
    if rule is None:
        return [(start, end)]
    try:
        starts = rrulestr(rule.to_ical().decode(), dtstart=start)
        moments = list(itertools.islice(starts, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError) as error:
        raise FeedRefused(
            _("The event “%(uid)s” has a repeat rule the portal cannot read.")
            % {"uid": uid},
            code="rule",
        ) from error
    if len(moments) > MAX_OCCURRENCES:
        raise FeedRefused(
            _("The event “%(uid)s” repeats more than %(count)d times.")
            % {"uid": uid, "count": MAX_OCCURRENCES},
            code="too_many_occurrences",
        )
    if any(moment.year > last for moment in moments):
        raise _refuse_dates(uid)
    excluded = _excluded(component)
    length = end - start
    return [(moment, moment + length) for moment in moments if moment not in excluded]


def _excluded(component) -> set:
    """The moments EXDATE takes out of a rule (dates without a zone ignored)."""
    values = component.get("EXDATE")
    if values is None:
        return set()
    excluded = set()
    for value in values if isinstance(values, list) else [values]:
        for moment in getattr(value, "dts", ()):
            if isinstance(moment.dt, datetime.datetime) and moment.dt.tzinfo:
                excluded.add(moment.dt)
    return excluded


def parse_feed(body: bytes) -> list[FeedEvent]:
    """The feed's events, or FeedRefused with the reason."""
    if len(body) > MAX_FEED_BYTES:
        raise FeedRefused(
            _("The feed is larger than %(limit)d MB; it was not imported.")
            % {"limit": MAX_FEED_BYTES // (1024 * 1024)},
            code="too_large",
        )
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.upper().startswith(b"BEGIN:VCALENDAR"):
        raise FeedRefused(
            _("The address does not give an iCalendar (ICS) feed."), code="not_ics"
        )
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as error:
        raise FeedRefused(
            _("The feed is not a valid iCalendar (ICS) file."), code="not_ics"
        ) from error
    events = []
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID") or "").strip()
        if not uid:
            raise FeedRefused(_("An event of the feed has no UID."), code="no_uid")
        if component.get("RECURRENCE-ID") is not None:
            # A changed occurrence of a repeating event: not imported (the
            # event's sessions follow its rule).
            continue
        rule = component.get("RRULE")
        if rule is not None and not (rule.get("UNTIL") or rule.get("COUNT")):
            raise FeedRefused(
                _(
                    "The event “%(uid)s” repeats without end (a rule without UNTIL "
                    "or COUNT)."
                )
                % {"uid": uid},
                code="endless_rule",
            )
        start = _moment(component, "DTSTART", uid=uid)
        end = _moment(component, "DTEND", uid=uid)
        if start is not None and end is None:
            duration = component.get("DURATION")
            end = start + (
                duration.dt if duration is not None else datetime.timedelta(hours=1)
            )
        occurrences = []
        if start is not None and end is not None:
            occurrences = _occurrences(component, rule, start, end, uid=uid)
        events.append(
            FeedEvent(
                uid=uid[:255],
                sequence=int(component.get("SEQUENCE") or 0),
                cancelled=str(component.get("STATUS") or "").upper() == "CANCELLED",
                title=str(component.get("SUMMARY") or "").strip()[:255],
                description=str(component.get("DESCRIPTION") or "").strip(),
                location=str(component.get("LOCATION") or "").strip()[:200],
                start=start,
                end=end,
                occurrences=occurrences,
            )
        )
    if len(events) > MAX_EVENTS:
        raise FeedRefused(
            _("The feed has more than %(count)d events.") % {"count": MAX_EVENTS},
            code="too_many",
        )
    return events


# --- Importing --------------------------------------------------------------------
