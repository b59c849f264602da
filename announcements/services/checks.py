"""What an announcement may say and who may address whom: limits, cleaning, rights."""

from __future__ import annotations

import datetime
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import permissions as agency_permissions
from agencies.models import Agency
from announcements.models import Announcement

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
