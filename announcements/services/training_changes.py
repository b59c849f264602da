"""The automatic announcement of a training whose sessions moved or were cancelled."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement
from events.models import EventStatus

from .checks import BODY_MAX, TITLE_MAX
from .publishing import announcement_publish


def _moved_sessions(event, previous_sessions: list[dict]) -> list:
    """Sessions whose time or room differ from the previously published ones."""
    before = {item.get("pk") or item.get("id"): item for item in previous_sessions}
    moved = []
    for session in event.sessions.all():
        old = before.get(session.pk)
        if old is None:
            continue
        before_values = (
            parse_datetime(old.get("start") or ""),
            parse_datetime(old.get("end") or ""),
            old.get("room", ""),
        )
        now_values = (_to_ms(session.start), _to_ms(session.end), session.room)
        if before_values != now_values:
            moved.append(session)
    return moved


def _to_ms(value: datetime.datetime | None) -> datetime.datetime | None:
    """Revisions store datetimes to the millisecond (DjangoJSONEncoder)."""
    if value is None:
        return None
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def event_change_announce(*, event, previous: dict | None) -> list[Announcement]:
    """Tell a training's confirmed participants it was postponed, cancelled or a
    session moved, comparing with the previously published version (`previous`,
    a revision's content; None on first publication, which announces nothing).

    Written in the training's language; the portal itself is the author.
    """
    if previous is None:
        return []
    announcements = []
    common = {
        "audience": Announcement.Audience.EVENT,
        "event": event,
        "agency": event.lead_agency,
        "by": None,
    }
    with translation.override(event.locale.language_code):
        if event.status != previous.get("status"):
            if event.status == EventStatus.CANCELLED:
                title = _("Training cancelled: %(title)s")
                level = Announcement.Level.URGENT
            elif event.status == EventStatus.POSTPONED:
                title = _("Training postponed: %(title)s")
                level = Announcement.Level.IMPORTANT
            else:
                title = None
            if title is not None:
                announcements.append(
                    announcement_publish(
                        title=str(title % {"title": event.title})[:TITLE_MAX],
                        body=event.status_reason,
                        level=level,
                        **common,
                    )
                )
        moved = _moved_sessions(event, previous.get("sessions") or [])
        if moved and event.status != EventStatus.CANCELLED:
            lines = [
                _("%(session)s: %(start)s, room %(room)s")
                % {
                    "session": session.title or event.title,
                    "start": formats.date_format(
                        timezone.localtime(session.start), "DATETIME_FORMAT"
                    ),
                    "room": session.room or "—",
                }
                for session in moved
            ]
            announcements.append(
                announcement_publish(
                    title=str(_("Schedule change: %(title)s") % {"title": event.title})[
                        :TITLE_MAX
                    ],
                    body="\n".join(str(line) for line in lines)[:BODY_MAX],
                    level=Announcement.Level.IMPORTANT,
                    **common,
                )
            )
    return announcements
