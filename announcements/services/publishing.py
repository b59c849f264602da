"""Publishing, scheduling, updating and withdrawing announcements; live delivery."""

from __future__ import annotations

import datetime
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from announcements import selectors
from announcements.models import Announcement, Broadcast
from core import effects

from .checks import (
    AnnouncementError,
    _check_editor,
    _check_event_organizer,
    _clean_fields,
)

logger = logging.getLogger(__name__)


def send_to_groups(groups: list[str], message: dict) -> None:
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
    effects.run_after_commit(send_to_groups, groups, message)
    if also_withdraw_from:
        withdrawal = selectors.broadcast_message(
            announcement=announcement,
            cursor=broadcast.pk,
            kind=Broadcast.Kind.WITHDRAWN,
        )
        stale = [group for group in also_withdraw_from if group not in groups]
        effects.run_after_commit(send_to_groups, stale, withdrawal)
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
) -> Announcement:
    """Create an announcement; send it now, or at `publish_at` if that is later.

    `agency` publishes it (and is the audience when `audience` is "agency"),
    `event` is the training page for "event", `user` the person for "user";
    `by` is the person acting, None when the portal announces by itself.
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
        announcement = Announcement.objects.create(author=by, **fields)
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
