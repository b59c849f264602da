"""The organizers' daily digest: new applications and endorsements of the
trainings they organize, e-mailed at most once a day per organizer and only
when there is something new. Run by the task worker: each new application
schedules a sweep for the next digest hour, and a starting worker catches up."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Membership, ParticipantProfile
from agencies.permissions import EDITING_ROLES
from core import effects
from core.mail import absolute_url, send_email
from events.emails import training_named
from events.models import EventPage
from registrations.models import Decision, OrganizerDigest, Registration

# Local hour the digest goes out at.
DIGEST_HOUR = 7
# An organizer receives one digest per this span at most (a little under a day,
# so that the sweep's own drift never skips a day).
DIGEST_SPAN = datetime.timedelta(hours=23)
# What a digest may look back on for someone who never received one.
FIRST_LOOKBACK = datetime.timedelta(days=1)
ENDORSEMENT_ACTIONS = (Decision.Action.ENDORSE, Decision.Action.DECLINE_ENDORSEMENT)


def next_digest_time(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    at = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if at <= local:
        at += datetime.timedelta(days=1)
    return at


def schedule_digest() -> None:
    """Queue the digest sweep for the next digest hour (several queued sweeps
    send nothing twice: the sweep marks each organizer's digest)."""
    effects.enqueue_after_commit(
        send_due_digests_task, run_after=next_digest_time(timezone.now())
    )


@effects.effect
def send_due_digests_task() -> None:
    send_due_digests()


def _activity(event_ids, since, until) -> dict[int, tuple[int, int]]:
    """Training id → (new applications, endorsement answers) in (since, until]."""
    counts: dict[int, list[int]] = {}
    for event_id in (
        Registration.objects.filter(
            event_id__in=event_ids, applied_at__gt=since, applied_at__lte=until
        )
        .exclude(status=Registration.Status.AWAITING_ENDORSEMENT)
        .values_list("event_id", flat=True)
    ):
        counts.setdefault(event_id, [0, 0])[0] += 1
    for event_id in Decision.objects.filter(
        registration__event_id__in=event_ids,
        action__in=ENDORSEMENT_ACTIONS,
        created_at__gt=since,
        created_at__lte=until,
    ).values_list("registration__event_id", flat=True):
        counts.setdefault(event_id, [0, 0])[1] += 1
    return {key: (value[0], value[1]) for key, value in counts.items()}


def send_due_digests(*, now: datetime.datetime | None = None) -> list[int]:
    """E-mail each organizer with news since their last digest, once per day.

    Returns the ids of the users a digest was queued for.
    """
    now = now or timezone.now()
    window = now - max(FIRST_LOOKBACK, datetime.timedelta(days=7))
    active_ids = set(
        Registration.objects.filter(applied_at__gt=window).values_list(
            "event_id", flat=True
        )
    ) | set(
        Decision.objects.filter(
            action__in=ENDORSEMENT_ACTIONS, created_at__gt=window
        ).values_list("registration__event_id", flat=True)
    )
    if not active_ids:
        return []
    events = {
        event.pk: event
        for event in EventPage.objects.filter(pk__in=active_ids).select_related(
            "locale"
        )
    }
    organizers_of: dict[int, set[int]] = {}
    for event in events.values():
        for agency_id in event.organizing_agency_ids():
            organizers_of.setdefault(agency_id, set()).add(event.pk)
    memberships = Membership.objects.filter(
        agency_id__in=organizers_of,
        role__in=EDITING_ROLES,
        user__is_active=True,
        agency__is_active=True,
    ).exclude(user__email="")
    events_of_user: dict[int, set[int]] = {}
    for user_id, agency_id in memberships.values_list("user_id", "agency_id"):
        events_of_user.setdefault(user_id, set()).update(organizers_of[agency_id])
    sent = []
    for user_id, event_ids in sorted(events_of_user.items()):
        if _digest_one(user_id, event_ids, events, now):
            sent.append(user_id)
    return sent


@transaction.atomic
def _digest_one(user_id: int, event_ids: set[int], events, now) -> bool:
    digest, _created = OrganizerDigest.objects.select_for_update().get_or_create(
        user_id=user_id, defaults={"last_sent_at": now - FIRST_LOOKBACK}
    )
    if not _created and digest.last_sent_at > now - DIGEST_SPAN:
        return False
    since = digest.last_sent_at
    activity = _activity(event_ids, since, now)
    if not activity:
        return False
    digest.last_sent_at = now
    digest.save(update_fields=["last_sent_at"])
    effects.enqueue_after_commit(
        send_digest,
        user_id=user_id,
        since=since.isoformat(),
        until=now.isoformat(),
        event_ids=sorted(activity),
    )
    return True


@effects.effect
def send_digest(*, user_id: int, since: str, until: str, event_ids: list[int]) -> None:
    """The digest e-mail itself, in the organizer's language."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    language = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    ) or translation.get_language()
    since_at = datetime.datetime.fromisoformat(since)
    until_at = datetime.datetime.fromisoformat(until)
    counts = _activity(event_ids, since_at, until_at)
    lines = []
    for event in EventPage.objects.filter(pk__in=event_ids).order_by("start", "pk"):
        applications, endorsements = counts.get(event.pk, (0, 0))
        if not (applications or endorsements):
            continue
        with translation.override(language):
            url = absolute_url(reverse("registrations_admin:list", args=[event.pk]))
        lines.append(
            {
                "event": training_named(event, language),
                "applications": applications,
                "endorsements": endorsements,
                "url": url,
            }
        )
    if not lines:
        return
    send_email(
        template_base="registrations/email/organizer_digest",
        context={"lines": lines, "since": since_at},
        language=language,
        to=[user.email],
    )
