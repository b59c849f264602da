"""What changed between two published versions of a training, for the people who
must be told (events.signals.training_changed carries the previous version)."""

from __future__ import annotations

import datetime

from django.utils.dateparse import parse_datetime

# Fields of the page that say where the training happens.
PLACE_FIELDS = ("modality", "venue_name", "venue_address", "city", "online_url")


def _to_ms(value: datetime.datetime | None) -> datetime.datetime | None:
    """Revisions store datetimes to the millisecond (DjangoJSONEncoder)."""
    if value is None:
        return None
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _parsed(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return _to_ms(value)
    return _to_ms(parse_datetime(value)) if value else None


def schedule_changed(*, event, previous: dict | None) -> bool:
    """Whether the sessions' dates or times, their rooms, or the venue differ
    from the previously published version (a revision's content). A first
    publication (no previous version) changes nothing anyone registered for."""
    if previous is None:
        return False
    for name in PLACE_FIELDS:
        if (getattr(event, name, "") or "") != (previous.get(name) or ""):
            return True
    before = {
        (_parsed(item.get("start")), _parsed(item.get("end")), item.get("room") or "")
        for item in previous.get("sessions") or []
    }
    now = {
        (_to_ms(session.start), _to_ms(session.end), session.room or "")
        for session in event.sessions.all()
    }
    return before != now
