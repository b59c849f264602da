"""Reads of the announcements app: who is entitled to what, history, backfill."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from agencies import permissions as agency_permissions
from agencies.models import Agency
from announcements.models import Announcement, Broadcast
from events.models import EventPage
from registrations import selectors as registration_selectors

PUBLIC_GROUP = "public"
# A client that has been away for long gets the newest ones only; the page has
# the rest.
BACKFILL_LIMIT = 50
HISTORY_LIMIT = 100
FEED_LIMIT = 30


def agency_group(agency_id: int) -> str:
    return f"agency-{agency_id}"


def event_group(event_id: int) -> str:
    return f"event-{event_id}"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def registration_status_topic(event_id: int) -> str:
    """The topic of a person's status notices about one training: a page shows
    only the newest of them."""
    return f"registration-status-{event_id}"


def participant_event_ids(user) -> set[int]:
    """Trainings (EventPage ids) the user is a confirmed participant of.

    The single place where registrations plug into announcements
    (registrations.selectors.confirmed_event_ids).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(registration_selectors.confirmed_event_ids(user=user))


@dataclass(frozen=True)
class Entitlement:
    """What one user may receive, computed once per connection or request."""

    user_id: int | None
    agency_ids: frozenset[int]
    event_ids: frozenset[int]

    @property
    def groups(self) -> list[str]:
        groups = [PUBLIC_GROUP]
        groups += [agency_group(pk) for pk in sorted(self.agency_ids)]
        groups += [event_group(pk) for pk in sorted(self.event_ids)]
        if self.user_id is not None:
            groups.append(user_group(self.user_id))
        return groups

    def audience_q(self) -> Q:
        """Announcements addressed to this user, whatever their state."""
        q = Q(audience=Announcement.Audience.PUBLIC)
        if self.agency_ids:
            q |= Q(audience=Announcement.Audience.AGENCY, agency_id__in=self.agency_ids)
        if self.event_ids:
            q |= Q(audience=Announcement.Audience.EVENT, event_id__in=self.event_ids)
        if self.user_id is not None:
            q |= Q(audience=Announcement.Audience.USER, recipient_id=self.user_id)
        return q


def entitlement_for(user) -> Entitlement:
    """Anonymous visitors get the public audience only.

    Memberships are read at every call, so a revoked membership stops delivery
    at the next connection.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Entitlement(user_id=None, agency_ids=frozenset(), event_ids=frozenset())
    return Entitlement(
        user_id=user.pk,
        agency_ids=frozenset(agency_permissions.member_agency_ids(user)),
        event_ids=frozenset(participant_event_ids(user)),
    )


def entitled_groups(user) -> list[str]:
    """Channel-layer groups the user's live connection joins."""
    return entitlement_for(user).groups


def audience_groups(announcement: Announcement) -> list[str]:
    """The one group an announcement is sent to."""
    audience = announcement.audience
    if audience == Announcement.Audience.AGENCY:
        return [agency_group(announcement.agency_id)]
    if audience == Announcement.Audience.EVENT:
        return [event_group(announcement.event_id)]
    if audience == Announcement.Audience.USER:
        return [user_group(announcement.recipient_id)]
    return [PUBLIC_GROUP]


def _showing_q(now: datetime.datetime) -> Q:
    return Q(broadcast_at__isnull=False, withdrawn_at__isnull=True) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def visible_announcements(
    *, user, agency_id: int | None = None, limit: int = HISTORY_LIMIT
) -> QuerySet[Announcement]:
    """The history page: what the user may read now, newest first."""
    now = timezone.now()
    announcements = Announcement.objects.filter(
        _showing_q(now) & entitlement_for(user).audience_q()
    )
    if agency_id is not None:
        announcements = announcements.filter(agency_id=agency_id)
    return announcements.select_related("agency").order_by("-publish_at", "-pk")[:limit]


def public_announcements(*, limit: int = FEED_LIMIT) -> QuerySet[Announcement]:
    """The RSS feed: public ones only, whoever asks."""
    return (
        Announcement.objects.filter(
            _showing_q(timezone.now()), audience=Announcement.Audience.PUBLIC
        )
        .select_related("agency")
        .order_by("-publish_at", "-pk")[:limit]
    )


def agencies_with_announcements(*, user) -> QuerySet[Agency]:
    """Agencies the history page can filter by: those with something visible."""
    visible = Announcement.objects.filter(
        _showing_q(timezone.now()) & entitlement_for(user).audience_q(),
        agency__isnull=False,
    )
    return Agency.objects.filter(pk__in=visible.values("agency_id")).order_by("name_es")


def latest_cursor() -> int:
    """The newest cursor; a client with none starts from it."""
    return Broadcast.objects.aggregate(latest=Max("pk"))["latest"] or 0


def announcement_payload(announcement: Announcement) -> dict:
    """What clients receive about one announcement (JSON-serialisable)."""
    agency = announcement.agency
    return {
        "id": announcement.pk,
        "title": announcement.title,
        "body": announcement.body,
        # Both languages: each page shows its own, or says it falls back.
        "texts": {
            "es": {"title": announcement.title, "body": announcement.body},
            "en": {"title": announcement.title_en, "body": announcement.body_en},
        },
        "level": announcement.level,
        "audience": announcement.audience,
        "agency": None
        if agency is None
        else {
            "id": agency.pk,
            "acronym": agency.acronym,
            "name": {"es": agency.name_es, "en": agency.name_en},
        },
        "event_id": announcement.event_id,
        # A page keeps one notice per topic: the newest replaces the others.
        "topic": announcement.topic,
        "publish_at": announcement.publish_at.isoformat(),
        "expires_at": announcement.expires_at.isoformat()
        if announcement.expires_at
        else None,
    }


def broadcast_message(
    *, announcement: Announcement, cursor: int, kind: str
) -> dict[str, object]:
    """A channel-layer message; its type names the consumer's handler.

    ``text`` is the frame clients receive, encoded here once: a broadcast reaches
    every open page, and each connection only forwards it.
    """
    if kind == Broadcast.Kind.WITHDRAWN:
        body = {"id": announcement.pk}
    else:
        body = announcement_payload(announcement)
    kind_type = f"announcement.{kind}"
    frame = {"type": kind_type, "cursor": cursor, "announcement": body}
    return {
        "type": kind_type,
        "cursor": cursor,
        "text": json.dumps(frame, ensure_ascii=False, separators=(",", ":")),
    }


def backfill_messages(
    *, entitlement: Entitlement, cursor: int, limit: int = BACKFILL_LIMIT
) -> tuple[list[dict[str, object]], bool]:
    """Messages a client that last saw `cursor` missed, oldest first.

    One message per announcement, describing its current state (published,
    updated or withdrawn), carrying the newest cursor that touched it. Returns the
    messages and whether older ones were left out to respect `limit`.
    """
    now = timezone.now()
    touched = (
        Announcement.objects.filter(
            entitlement.audience_q(),
            broadcast_at__isnull=False,
            broadcasts__pk__gt=cursor,
        )
        # Both aggregates run over the broadcasts after `cursor` only (the
        # filter's join), so a publication among them means the client never
        # saw the announcement.
        .annotate(
            last_cursor=Max("broadcasts__pk"),
            published_after=Max(
                "broadcasts__pk",
                filter=Q(broadcasts__kind=Broadcast.Kind.PUBLISHED),
            ),
        )
        .select_related("agency")
        .order_by("-last_cursor")[: limit + 1]
    )
    rows = list(touched)
    truncated = len(rows) > limit
    messages = []
    for announcement in reversed(rows[:limit]):
        if announcement.withdrawn_at is not None:
            kind = Broadcast.Kind.WITHDRAWN
        elif announcement.expires_at is not None and announcement.expires_at <= now:
            continue
        elif announcement.published_after is not None:
            kind = Broadcast.Kind.PUBLISHED
        else:
            kind = Broadcast.Kind.UPDATED
        messages.append(
            broadcast_message(
                announcement=announcement, cursor=announcement.last_cursor, kind=kind
            )
        )
    return messages, truncated


def announcements_editable_by(user) -> QuerySet[Announcement]:
    """The admin listing: everything for superusers, their agencies' otherwise."""
    announcements = Announcement.objects.select_related("agency", "author")
    if agency_permissions.user_is_superuser(user):
        return announcements
    return announcements.filter(
        agency_id__in=agency_permissions.editable_agency_ids(user)
    )


# The admin listing's "origin" filter; the empty choice (the default) lists what
# editors wrote, so the portal's per-person and system notices do not bury them.
ORIGIN_AUTOMATIC = "automatic"
ORIGIN_ALL = "all"


def announcements_of_origin(
    announcements: QuerySet[Announcement], origin: str | None
) -> QuerySet[Announcement]:
    """Narrow to editors' announcements (default), the portal's, or keep all."""
    if origin == ORIGIN_ALL:
        return announcements
    if origin == ORIGIN_AUTOMATIC:
        return announcements.filter(author__isnull=True)
    return announcements.filter(author__isnull=False)


def trainings_user_can_address(user, *, language: str) -> QuerySet[EventPage]:
    """Trainings whose participants the user may announce to, one page each.

    Each training appears once, as the page its registrations attach to (its
    default-language page, or its only page), annotated with ``label``: its title
    in ``language`` when it has a page in that language. Editors get the trainings
    their agencies organize; superusers all of them.
    """
    default_language_page = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    )
    title_in_language = EventPage.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=language,
    ).values("title")[:1]
    trainings = EventPage.objects.filter(
        Q(locale__language_code=settings.LANGUAGE_CODE) | ~Exists(default_language_page)
    )
    if not agency_permissions.user_is_superuser(user):
        agency_ids = agency_permissions.editable_agency_ids(user)
        trainings = trainings.filter(
            Q(lead_agency_id__in=agency_ids) | Q(co_organizers__in=agency_ids)
        ).distinct()
    return trainings.annotate(
        label=Coalesce(Subquery(title_in_language), F("title"))
    ).order_by("label", "pk")


def agencies_user_can_announce_for(user) -> QuerySet[Agency]:
    agencies = Agency.objects.filter(is_active=True)
    if agency_permissions.user_is_superuser(user):
        return agencies
    return agencies.filter(pk__in=agency_permissions.editable_agency_ids(user))
