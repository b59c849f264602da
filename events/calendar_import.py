"""Partner calendars in: an agency subscribes the shared calendar to an outside
ICS feed; the task worker fetches it on a schedule and `import_feed` turns its
events into trainings marked as coming from the agency's calendar.

Each event is keyed by (subscription, UID): a new UID creates a training, a
greater SEQUENCE updates it, STATUS:CANCELLED unpublishes it, and a training
edited in the portal since the import (its latest revision is not the one the
import wrote) is never overwritten. A bad feed is refused whole, with a message
recorded on the subscription for the agency's coordinators.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agencies import permissions
from agencies.models import Agency
from core.effects import effect, enqueue_after_commit
from events.calendar_feed import (  # noqa: F401 (FeedRefused: callers catch it here)
    MAX_FEED_BYTES,
    FeedEvent,
    FeedRefused,
    parse_feed,
)
from events.models import (
    CalendarSubscription,
    EventIndexPage,
    EventPage,
    EventSession,
    ImportedTraining,
)
from events.services import EventError

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 15  # seconds
REFRESH_INTERVAL = datetime.timedelta(hours=6)


@dataclass
class ImportReport:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    kept_edited: list[int] = field(default_factory=list)


def _require_coordinator(by, agency) -> None:
    if not permissions.user_can_manage_members(by, agency):
        raise EventError(
            _("Only the coordinators of %(agency)s manage its calendar subscriptions.")
            % {"agency": agency},
            code="forbidden",
        )


def subscription_create(*, agency: Agency, url: str, by) -> CalendarSubscription:
    """Subscribe the calendar to `url` (https) and fetch it once the
    transaction commits; each fetch schedules the next."""
    _require_coordinator(by, agency)
    scheme = urlsplit(url).scheme
    if scheme != "https" and not (
        scheme == "http" and settings.WEBHOOKS_ALLOW_PLAIN_HTTP
    ):
        raise EventError(_("The address must start with https://."), code="https")
    with transaction.atomic():
        subscription = CalendarSubscription.objects.create(
            agency=agency, url=url, created_by=by
        )
        enqueue_after_commit(refresh_subscription, subscription_id=subscription.pk)
    return subscription


def subscription_remove(*, subscription: CalendarSubscription, by) -> None:
    """Stop refreshing the feed; the trainings it made stay as they are."""
    _require_coordinator(by, subscription.agency)
    subscription.is_active = False
    subscription.save(update_fields=["is_active"])


# --- Reading a feed ---------------------------------------------------------------


def _calendar() -> EventIndexPage:
    calendars = EventIndexPage.objects.order_by("path")
    return (
        calendars.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or calendars.first()
    )


def _summary(event: FeedEvent, agency: Agency, language: str) -> str:
    with translation.override(language):
        mark = _("From %(agency)s's calendar.") % {"agency": agency}
    return f"{mark} {event.description}".strip()[:400]


def _apply(page: EventPage, event: FeedEvent, agency: Agency) -> None:
    page.title = event.title or event.uid
    page.summary = _summary(event, agency, page.locale.language_code)
    page.venue_name = event.location
    # Sessions kept in order (their calendar UIDs stay), added or dropped.
    sessions = list(page.sessions.all())
    if event.occurrences:
        kept = []
        for number, (start, end) in enumerate(event.occurrences):
            session = sessions[number] if number < len(sessions) else EventSession()
            session.start, session.end = start, end
            kept.append(session)
        page.sessions = kept


def _publish(page: EventPage):
    revision = page.save_revision()
    revision.publish()
    return revision


def import_feed(subscription: CalendarSubscription, body: bytes) -> ImportReport:
    """Import the feed `body` into the shared calendar for `subscription`.

    Refuses a bad feed whole (FeedRefused, recorded on the subscription as its
    last error); otherwise clears the last error."""
    try:
        events = parse_feed(body)
    except FeedRefused as refusal:
        CalendarSubscription.objects.filter(pk=subscription.pk).update(
            last_error=refusal.message
        )
        subscription.last_error = refusal.message
        raise
    report = ImportReport()
    agency = subscription.agency
    with transaction.atomic():
        # One import of a subscription at a time (two refreshes of one feed
        # would both create its new events).
        CalendarSubscription.objects.select_for_update().filter(
            pk=subscription.pk
        ).first()
        known = {
            record.uid: record
            for record in ImportedTraining.objects.select_for_update()
            .filter(subscription=subscription)
            .select_related("page")
        }
        for event in events:
            record = known.get(event.uid)
            if record is None:
                if event.cancelled or not event.occurrences:
                    continue
                calendar = _calendar()
                page = EventPage(
                    lead_agency=agency,
                    slug=_slug(subscription, event),
                    locale=calendar.locale,
                )
                _apply(page, event, agency)
                calendar.add_child(instance=page)
                revision = _publish(page)
                known[event.uid] = ImportedTraining.objects.create(
                    subscription=subscription,
                    uid=event.uid,
                    sequence=event.sequence,
                    page=page,
                    revision=revision,
                    cancelled=False,
                )
                report.created.append(page.pk)
                continue
            if record.cancelled or event.sequence <= record.sequence:
                continue
            page = record.page.specific
            if page.latest_revision_id != record.revision_id:
                report.kept_edited.append(page.pk)
                continue
            record.sequence = event.sequence
            if event.cancelled:
                if page.live:
                    page.unpublish()
                record.cancelled = True
                report.cancelled.append(page.pk)
            else:
                _apply(page, event, agency)
                record.revision = _publish(page)
                report.updated.append(page.pk)
            record.save(update_fields=["sequence", "cancelled", "revision"])
        CalendarSubscription.objects.filter(pk=subscription.pk).update(last_error="")
        subscription.last_error = ""
    return report


def _slug(subscription: CalendarSubscription, event: FeedEvent) -> str:
    digest = hashlib.sha1(  # noqa: S324 (a name, not a secret)
        f"{subscription.pk}:{event.uid}".encode()
    ).hexdigest()[:10]
    return f"{slugify(event.title)[:50] or 'training'}-{digest}"


# --- Fetching ---------------------------------------------------------------------


def fetch(url: str) -> bytes:
    """GET `url` with a timeout, reading at most MAX_FEED_BYTES (+1 to tell a
    larger feed); FeedRefused when it cannot be read or is too large."""
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked on create)
        url,
        headers={"User-Agent": "portal-calendar-import/1", "Accept": "text/calendar"},
    )
    too_large = FeedRefused(
        _("The feed is larger than %(limit)d MB; it was not imported.")
        % {"limit": MAX_FEED_BYTES // (1024 * 1024)},
        code="too_large",
    )
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_FEED_BYTES:
                raise too_large
            chunks, size = [], 0
            while size <= MAX_FEED_BYTES:
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > MAX_FEED_BYTES:
                raise too_large
            return b"".join(chunks)
    except urllib.error.HTTPError as failure:
        raise FeedRefused(
            _("The feed's address answered with the error %(status)s.")
            % {"status": failure.code},
            code="http",
        ) from failure
    except (urllib.error.URLError, OSError) as failure:
        raise FeedRefused(
            _("The feed's address could not be reached."), code="unreachable"
        ) from failure


@effect
def refresh_subscription(*, subscription_id: int, due: str | None = None) -> None:
    """Fetch and import one subscription's feed, record the outcome, and
    schedule the next refresh. A refused feed is recorded, not retried.

    `due` is the moment a scheduled refresh was queued for: when it is not the
    subscription's `next_refresh_at` any more (a refresh ran since, from the
    worker's start-up sweep or a new subscription), this one is a stale
    duplicate and does nothing, so each subscription keeps one schedule."""
    subscription = (
        CalendarSubscription.objects.select_related("agency")
        .filter(pk=subscription_id, is_active=True)
        .first()
    )
    if subscription is None:
        return
    if due is not None and (
        subscription.next_refresh_at is None
        or subscription.next_refresh_at != parse_datetime(due)
    ):
        return
    try:
        # The error recorded for the coordinators reads in the portal's language.
        with translation.override(settings.LANGUAGE_CODE):
            import_feed(subscription, fetch(subscription.url))
    except FeedRefused as refusal:
        CalendarSubscription.objects.filter(pk=subscription.pk).update(
            last_error=refusal.message
        )
        logger.info("Calendar feed %s refused: %s", subscription.url, refusal.message)
    now = timezone.now()
    following = now + REFRESH_INTERVAL
    with transaction.atomic():
        CalendarSubscription.objects.filter(pk=subscription.pk).update(
            last_fetched_at=now, next_refresh_at=following
        )
        enqueue_after_commit(
            refresh_subscription,
            run_after=following,
            subscription_id=subscription.pk,
            due=following.isoformat(),
        )


def refresh_overdue_on_worker_start(sender, **kwargs) -> None:
    """Catch up on refreshes that fell due while no worker ran (or that a
    backend unable to defer never queued): refresh them now."""
    overdue = CalendarSubscription.objects.filter(is_active=True).filter(
        Q(next_refresh_at__isnull=True) | Q(next_refresh_at__lte=timezone.now())
    )
    for subscription_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_after_commit(refresh_subscription, subscription_id=subscription_id)
