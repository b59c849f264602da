"""Writes of the announcements app: publish, edit, withdraw, send the due ones.

Every function validates, writes in one transaction, records a Broadcast row
(the clients' cursor) and sends to the channel layer only after commit, so no
client hears of an announcement the database does not hold. Business refusals
raise AnnouncementError.

Other apps announce through `announcement_publish(..., by=None)`: a call without
a person acting is the portal itself (an event postponed, a registration
approved) and skips the editor checks, not the validation.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from agencies import permissions as agency_permissions
from agencies.models import Agency
from announcements import selectors
from announcements.models import Announcement, Broadcast
from core import effects
from events.models import EventStatus

logger = logging.getLogger(__name__)

TITLE_MAX = 200
BODY_MAX = 2000


class AnnouncementError(Exception):
    """A request the announcement rules refuse; the message is shown to the person."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def _plain_text(value: str, *, limit: int, multiline: bool) -> str:
    """Strip control characters (keeping newlines in bodies) and outer spaces."""
    kept = []
    for char in value or "":
        if char == "\n" and multiline:
            kept.append(char)
        elif unicodedata.category(char) != "Cc":
            kept.append(char)
    text = "".join(kept).strip()
    if len(text) > limit:
        raise AnnouncementError(
            _("The text is too long (at most %(limit)d characters).")
            % {"limit": limit},
            code="too_long",
        )
    return text


def _check_editor(*, by, agency: Agency | None, audience: str) -> None:
    """Superusers may announce anything; editors only for their own agencies."""
    if by is None or agency_permissions.user_is_superuser(by):
        return
    if audience == Announcement.Audience.USER:
        raise AnnouncementError(
            _("Only the portal sends announcements to one person."),
            code="forbidden",
        )
    if agency is None or not agency_permissions.user_is_editor(by, agency):
        raise AnnouncementError(
            _("You may publish announcements only for your own agencies."),
            code="forbidden",
        )


def _clean_fields(
    *,
    audience: str,
    title: str,
    body: str,
    level: str,
    agency: Agency | None,
    event,
    user,
    publish_at: datetime.datetime | None,
    expires_at: datetime.datetime | None,
    title_en: str = "",
    body_en: str = "",
) -> dict:
    if audience not in Announcement.Audience.values:
        raise AnnouncementError(_("Choose an audience."), code="audience")
    if level not in Announcement.Level.values:
        raise AnnouncementError(_("Choose a level."), code="level")
    title = _plain_text(title, limit=TITLE_MAX, multiline=False)
    if not title:
        raise AnnouncementError(_("An announcement needs a title."), code="title")
    body = _plain_text(body, limit=BODY_MAX, multiline=True)
    title_en = _plain_text(title_en, limit=TITLE_MAX, multiline=False)
    body_en = _plain_text(body_en, limit=BODY_MAX, multiline=True)
    if body_en and not title_en:
        raise AnnouncementError(
            _("An English text needs an English title."), code="title_en"
        )
    if agency is not None and not agency.is_active:
        raise AnnouncementError(
            _("This agency is no longer active."), code="inactive_agency"
        )
    announcement_check_audience(
        audience=audience, agency=agency, event=event, user=user
    )
    publish_at = publish_at or timezone.now()
    if expires_at is not None and expires_at <= publish_at:
        raise AnnouncementError(
            _("It must expire after it is published."), code="expires_at"
        )
    return {
        "audience": audience,
        "title": title,
        "body": body,
        "title_en": title_en,
        "body_en": body_en,
        "level": level,
        "agency": agency,
        # Only the target the audience needs is kept, so a stale choice in a form
        # never widens who can read it.
        "event": event if audience == Announcement.Audience.EVENT else None,
        "recipient": user if audience == Announcement.Audience.USER else None,
        "publish_at": publish_at,
        "expires_at": expires_at,
    }


def announcement_check_audience(
    *, audience: str, agency: Agency | None, event, user
) -> None:
    """Refuse an audience without the agency, training or person it names.

    The same rule as the model's constraints, in words; forms ask it first.
    """
    if audience == Announcement.Audience.AGENCY and agency is None:
        raise AnnouncementError(
            _("Choose the agency whose members should read it."), code="agency"
        )
    if audience == Announcement.Audience.EVENT and event is None:
        raise AnnouncementError(
            _("Choose the training whose participants should read it."),
            code="event",
        )
    if audience == Announcement.Audience.USER and user is None:
        raise AnnouncementError(_("Choose the person to tell."), code="user")


def _check_event_organizer(*, by, agency: Agency | None, event) -> None:
    """An editor announces to a training's participants only if it organizes it."""
    if by is None or event is None or agency_permissions.user_is_superuser(by):
        return
    specific = event.specific_deferred
    organizers = getattr(specific, "organizing_agency_ids", None)
    if organizers is None or agency is None or agency.pk not in organizers():
        raise AnnouncementError(
            _("Your agency does not organize this training."), code="forbidden"
        )


def _send(groups: list[str], message: dict) -> None:
    """Send to the channel layer; a failure is logged, clients backfill later."""
    channel_layer = get_channel_layer()
    if channel_layer is None:
        return
    for group in groups:
        try:
            # The group travels in the message: each process relays it to its
            # own members of that group (announcements.relay).
            async_to_sync(channel_layer.group_send)(group, {**message, "group": group})
        except Exception:
            logger.exception("Could not send %s to group %s", message["type"], group)


def _record_and_notify(
    *,
    announcement: Announcement,
    kind: str,
    also_withdraw_from: list[str] | None = None,
) -> Broadcast:
    """Add the Broadcast row now, send the message after commit.

    Should be called inside the transaction that changed the announcement.
    """
    broadcast = Broadcast.objects.create(announcement=announcement, kind=kind)
    message = selectors.broadcast_message(
        announcement=announcement, cursor=broadcast.pk, kind=kind
    )
    groups = selectors.audience_groups(announcement)
    effects.run_after_commit(_send, groups, message)
    if also_withdraw_from:
        withdrawal = selectors.broadcast_message(
            announcement=announcement,
            cursor=broadcast.pk,
            kind=Broadcast.Kind.WITHDRAWN,
        )
        stale = [group for group in also_withdraw_from if group not in groups]
        effects.run_after_commit(_send, stale, withdrawal)
    return broadcast


def _broadcast_first_time(announcement: Announcement, *, now) -> None:
    """Should be called while holding a SELECT FOR UPDATE lock on the row."""
    announcement.broadcast_at = now
    announcement.save(update_fields=["broadcast_at", "updated_at"])
    _record_and_notify(announcement=announcement, kind=Broadcast.Kind.PUBLISHED)


def _schedule_publication(announcement: Announcement) -> None:
    """Enqueue the publication for the announcement's time, with its change.

    Should be called inside the transaction that set a future `publish_at`.
    """
    effects.enqueue_after_commit(
        announcement_publish_scheduled,
        announcement_id=announcement.pk,
        publish_at=announcement.publish_at.isoformat(),
        run_after=announcement.publish_at,
    )


@effects.effect
def announcement_publish_scheduled(*, announcement_id: int, publish_at: str) -> None:
    """Send one scheduled announcement at its time (run by the task worker).

    Does nothing if it was withdrawn, already sent, expired or rescheduled (the
    new time has its own task); woken early, it waits for its time again.
    """
    scheduled = parse_datetime(publish_at)
    now = timezone.now()
    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update()
            .filter(
                pk=announcement_id,
                broadcast_at__isnull=True,
                withdrawn_at__isnull=True,
            )
            .first()
        )
        if announcement is None or announcement.publish_at != scheduled:
            return
        if announcement.expires_at is not None and announcement.expires_at <= now:
            return
        if announcement.publish_at > now:
            _schedule_publication(announcement)
            return
        _broadcast_first_time(announcement, now=now)


def announcement_publish(
    *,
    audience: str,
    title: str,
    body: str = "",
    title_en: str = "",
    body_en: str = "",
    level: str = Announcement.Level.INFO,
    agency: Agency | None = None,
    event=None,
    user=None,
    by=None,
    publish_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
    topic: str = "",
) -> Announcement:
    """Create an announcement; send it now, or at `publish_at` if that is later.

    `agency` publishes it (and is the audience when `audience` is "agency"),
    `event` is the training page for "event", `user` the person for "user";
    `by` is the person acting, None when the portal announces by itself.
    `topic` (the portal's own notices): pages show only the newest of a topic.
    """
    fields = _clean_fields(
        audience=audience,
        title=title,
        body=body,
        title_en=title_en,
        body_en=body_en,
        level=level,
        agency=agency,
        event=event,
        user=user,
        publish_at=publish_at,
        expires_at=expires_at,
    )
    _check_editor(by=by, agency=agency, audience=audience)
    _check_event_organizer(by=by, agency=agency, event=fields["event"])
    now = timezone.now()
    with transaction.atomic():
        announcement = Announcement.objects.create(
            author=by, topic=topic[:100] if by is None else "", **fields
        )
        if announcement.publish_at <= now:
            _broadcast_first_time(announcement, now=now)
        else:
            _schedule_publication(announcement)
    return announcement


def announcement_update(
    *,
    announcement: Announcement,
    by,
    audience: str,
    title: str,
    body: str,
    level: str,
    title_en: str = "",
    body_en: str = "",
    agency: Agency | None = None,
    event=None,
    user=None,
    publish_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
) -> Announcement:
    """Change an announcement; clients that have it hear of the change.

    The person's rights are checked against the stored announcement, not the
    instance passed in (an admin form has already copied its input onto it), and
    the portal's own notices (per-person and system ones) are never changed by a
    person. If the audience changed, the former audience is told it was withdrawn.
    """
    fields = _clean_fields(
        audience=audience,
        title=title,
        body=body,
        title_en=title_en,
        body_en=body_en,
        level=level,
        agency=agency,
        event=event,
        user=user,
        publish_at=publish_at or announcement.publish_at,
        expires_at=expires_at,
    )
    _check_editor(by=by, agency=agency, audience=audience)
    _check_event_organizer(by=by, agency=agency, event=fields["event"])
    now = timezone.now()
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        _check_editor(by=by, agency=locked.agency, audience=locked.audience)
        if by is not None and locked.is_automatic:
            raise AnnouncementError(
                _("The portal sent this notice by itself: it cannot be changed."),
                code="automatic",
            )
        if locked.withdrawn_at is not None:
            raise AnnouncementError(
                _("A withdrawn announcement cannot be changed."), code="withdrawn"
            )
        former_groups = selectors.audience_groups(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        if locked.broadcast_at is not None:
            _record_and_notify(
                announcement=locked,
                kind=Broadcast.Kind.UPDATED,
                also_withdraw_from=former_groups,
            )
        elif locked.publish_at <= now:
            _broadcast_first_time(locked, now=now)
        else:
            _schedule_publication(locked)
    return locked


def announcement_withdraw(*, announcement: Announcement, by) -> Announcement:
    """Take an announcement back: it leaves the page, the feed and open screens.

    The person's rights are checked against the stored announcement.
    """
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        _check_editor(by=by, agency=locked.agency, audience=locked.audience)
        if locked.withdrawn_at is not None:
            raise AnnouncementError(
                _("This announcement was already withdrawn."), code="withdrawn"
            )
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated_at"])
        if locked.broadcast_at is not None:
            _record_and_notify(announcement=locked, kind=Broadcast.Kind.WITHDRAWN)
    return locked


def publish_due_announcements(*, now: datetime.datetime | None = None) -> list[int]:
    """Send every scheduled announcement whose time has come, each exactly once.

    Rows are locked (skipping those another scheduler holds) and marked in the
    transaction that records their broadcast, so overlapping cron runs never send
    one twice. Returns the ids sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Announcement.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                broadcast_at__isnull=True,
                withdrawn_at__isnull=True,
                publish_at__lte=now,
            )
            .exclude(expires_at__lte=now)
            .select_related("agency")
            .order_by("publish_at", "pk")
        )
        for announcement in due:
            _broadcast_first_time(announcement, now=now)
    return [announcement.pk for announcement in due]


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
