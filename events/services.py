"""Writes of the events app: derived schedule fields, sessions withdrawn from
calendars, and new editions of a training.

Business refusals raise EventError, whose message the admin shows to the person.
The registration workflow lives in the registrations app (registrations.services).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from agencies import permissions
from core import effects
from events import organizers, selectors
from events.models import CancelledSession, EventPage, EventSession, EventStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

# What calendar clients show as the session's time and place: a change to any of
# these must reach subscribers, so the session's SEQUENCE grows.
PAGE_FIELDS_IN_CALENDAR = (
    "venue_name",
    "venue_address",
    "city",
    "status",
    "modality",
)
SESSION_FIELDS_IN_CALENDAR = ("start", "end", "room")


class EventError(Exception):
    """A request the calendar rules refuse; the message is shown to the person."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def event_derive_schedule(*, event: EventPage) -> None:
    """Set the event's start/end and its sessions' calendar SEQUENCE before a save.

    Called from EventPage.save() inside the caller's transaction: it changes the
    in-memory page and sessions, and the page's save writes them. Compares with
    the stored rows, so a draft revision never bumps anything; publishing it
    does. A stored session no longer among the page's is recorded as a
    CancelledSession, so the feeds tell subscribed calendars to drop it.
    """
    sessions = list(event.sessions.all())
    timed = [session for session in sessions if session.start and session.end]
    event.start = min((session.start for session in timed), default=None)
    event.end = max((session.end for session in timed), default=None)

    stored_page = None
    stored_sessions = {}
    if event.pk:
        stored_page = (
            EventPage.objects.filter(pk=event.pk)
            .values(*PAGE_FIELDS_IN_CALENDAR)
            .first()
        )
        stored_sessions = {
            session.pk: session
            for session in EventSession.objects.filter(page_id=event.pk)
        }
    page_changed = stored_page is not None and any(
        stored_page[name] != getattr(event, name) for name in PAGE_FIELDS_IN_CALENDAR
    )
    kept = {session.pk for session in sessions if session.pk}
    _record_removed_sessions(
        event, [stored_sessions[pk] for pk in stored_sessions.keys() - kept]
    )
    for session in sessions:
        before = stored_sessions.get(session.pk) if session.pk else None
        if before is None:
            continue
        session.uid = before.uid
        session.sequence = before.sequence
        if page_changed or any(
            getattr(before, name) != getattr(session, name)
            for name in SESSION_FIELDS_IN_CALENDAR
        ):
            session.sequence += 1

    # Wagtail's "Copy page" duplicates sessions with their UIDs; two trainings
    # sharing a UID would overwrite each other in calendars. Translations of one
    # training keep theirs: they describe the same sitting.
    uids = [session.uid for session in sessions]
    if uids:
        taken = EventSession.objects.filter(uid__in=uids).exclude(
            page__translation_key=event.translation_key
        )
        if event.pk:
            taken = taken.exclude(page_id=event.pk)
        taken_uids = set(taken.values_list("uid", flat=True))
        for session in sessions:
            if session.uid in taken_uids:
                session.uid = uuid.uuid4()
                session.sequence = 0
    event.sessions = sessions


def event_withdrawn_from_calendars(*, event: EventPage) -> None:
    """An unpublished training's sessions stay in the index feeds as cancelled.

    Subscribers' calendars drop them; publishing the training again brings them
    back (see event_returned_to_calendars). Recorded once the transaction
    commits: Wagtail also unpublishes a page it is about to delete, and a deleted
    training takes its rows with it.
    """
    page_id = event.pk

    def record() -> None:
        stored = EventPage.objects.filter(pk=page_id, live=False).first()
        if stored is not None:
            _record_removed_sessions(stored, list(stored.sessions.all()))

    effects.run_after_commit(record)


def event_returned_to_calendars(*, event: EventPage) -> None:
    """A training published again: its sessions leave the cancelled list and
    take a SEQUENCE above the cancellation's, so calendars show them again."""
    cancelled = dict(
        CancelledSession.objects.filter(page_id=event.pk).values_list("uid", "sequence")
    )
    if not cancelled:
        return
    for session in EventSession.objects.filter(page_id=event.pk, uid__in=cancelled):
        session.sequence = max(session.sequence, cancelled[session.uid] + 1)
        session.save(update_fields=["sequence"])
    CancelledSession.objects.filter(
        page_id=event.pk,
        uid__in=EventSession.objects.filter(page_id=event.pk).values("uid"),
    ).delete()


def _record_removed_sessions(event: EventPage, removed: list) -> None:
    now = timezone.now()
    # Rows no feed shows any more (past the feeds' history and the retention).
    CancelledSession.objects.filter(
        end__lt=now - selectors.FEED_HISTORY,
        cancelled_at__lt=now - selectors.CANCELLED_SESSION_RETENTION,
    ).delete()
    for session in removed:
        CancelledSession.objects.update_or_create(
            page_id=event.pk,
            uid=session.uid,
            defaults={
                "sequence": session.sequence + 1,
                "title": session.title,
                "start": session.start,
                "end": session.end,
                "cancelled_at": now,
            },
        )


def event_duplicate_as_edition(
    *,
    event: EventPage,
    new_start: datetime.date,
    by: AbstractBaseUser | None,
) -> EventPage:
    """Copy a training as a new, unpublished edition starting on `new_start`.

    Content, organizers, topics, materials and sessions are copied; sessions move
    by whole days so their times of day stay; registrations are not copied (they
    are not part of the page). The edition joins the original's series. Each
    translation of the training is copied too, as the same translation of the
    edition (its sessions sharing the edition's calendar UIDs).
    """
    event = EventPage.objects.get(pk=event.pk)
    if by is not None and not permissions.user_can_edit_page(by, event):
        raise EventError(
            _("You can only create editions of trainings your agency organizes."),
            code="forbidden",
        )
    if event.start is None:
        raise EventError(
            _("Add at least one session before creating a new edition."),
            code="no_sessions",
        )
    shift = new_start - timezone.localtime(event.start).date()
    if shift == datetime.timedelta(0):
        raise EventError(
            _("The new edition must start on another day than this one."),
            code="same_dates",
        )
    translations = list(
        EventPage.objects.filter(translation_key=event.translation_key).exclude(
            pk=event.pk
        )
    )
    # Old session UID → the edition's: translations describe the same sittings.
    # Likewise the translation keys of sessions, questions and criteria, so the
    # edition's translated rows stay twins of its source rows.
    new_uids: dict[uuid.UUID, uuid.UUID] = {}
    new_keys: dict[uuid.UUID, uuid.UUID] = {}
    with transaction.atomic():
        edition = _copy_as_edition(
            event,
            new_start=new_start,
            shift=shift,
            by=by,
            new_uids=new_uids,
            new_keys=new_keys,
        )
        for translation_page in translations:
            _copy_as_edition(
                translation_page,
                new_start=new_start,
                shift=shift,
                by=by,
                new_uids=new_uids,
                new_keys=new_keys,
                translation_key=edition.translation_key,
            )
        # Co-organizers that accepted the original co-organize the edition too.
        organizers.co_organizers_record_consent(
            event=edition, agency_ids=event.accepted_co_organizer_ids()
        )
        effects.run_after_commit(
            logger.info, "Training %s duplicated as edition %s", event.pk, edition.pk
        )
    return edition


def _copy_as_edition(
    source: EventPage,
    *,
    new_start: datetime.date,
    shift: datetime.timedelta,
    by,
    new_uids: dict,
    new_keys: dict,
    translation_key: uuid.UUID | None = None,
) -> EventPage:
    """One unpublished copy of `source`, its sessions moved by `shift`.

    Should be called inside transaction.atomic(). Sessions whose UID is already in
    `new_uids` take the mapped UID; the others get a new one, added to the map.
    """
    parent = source.get_parent()
    slug = _free_slug(parent, f"{source.slug}-{new_start:%Y-%m-%d}")

    def shift_session(_original, _copy, _relation, child_object):
        if isinstance(child_object, TranslatableMixin):
            key = child_object.translation_key
            child_object.translation_key = new_keys.setdefault(key, uuid.uuid4())
        if _relation.get_accessor_name() == "sessions":
            child_object.start += shift
            child_object.end += shift
            old_uid = child_object.uid
            child_object.uid = new_uids.setdefault(old_uid, uuid.uuid4())
            child_object.sequence = 0

    update_attrs = {
        "slug": slug,
        "status": EventStatus.SCHEDULED,
        "status_reason": "",
        "series_key": source.series_key,
        **_shifted_registration_window(source, shift),
    }
    update_attrs["translation_key"] = translation_key or uuid.uuid4()
    copy = source.copy(
        to=parent,
        update_attrs=update_attrs,
        copy_revisions=False,
        keep_live=False,
        user=by,
        process_child_object=shift_session,
        # The keys are set above: one new key per page and per row, shared
        # by the copies of its translations.
        reset_translation_key=False,
        log_action="wagtail.copy",
    )
    copy = EventPage.objects.get(pk=copy.pk)
    copy.save_revision(user=by, log_action=False)
    return copy


def _shifted_registration_window(event: EventPage, shift: datetime.timedelta) -> dict:
    """The edition's registration opens and closes as long before as the original's."""
    return {
        name: value + shift
        for name in ("registration_opens_at", "registration_closes_at")
        if (value := getattr(event, name, None)) is not None
    }


def _free_slug(parent, slug: str) -> str:
    candidate, number = slug, 2
    siblings = parent.get_children()
    while siblings.filter(slug=candidate).exists():
        candidate = f"{slug}-{number}"
        number += 1
    return candidate
