"""Whether people can register for trainings now, for cards and training pages:
"3 seats left", "Registration closed", "Opens on 10 January", "Waiting list",
or how to take part when there is no registration. One query for any number of
trainings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from core import cache
from events.models import EventPage
from events.registration_settings import Participation, RegistrationMode
from registrations.models import Registration


class Availability:
    """The kinds of state, also the cards' CSS modifier."""

    OPEN = "open"  # registration open, seats left or no limit
    WAITLIST = "waitlist"  # full, further applicants wait
    FULL = "full"  # full, no waiting list
    NOT_YET = "not-yet"  # opens later
    CLOSED = "closed"  # window over, or the training started
    NO_REGISTRATION = "no-registration"  # by invitation, open, or ask
    CANCELLED = "cancelled"  # the training's own status says it
    PAST = "past"  # over: nothing to say about registering


@dataclass(frozen=True)
class RegistrationState:
    """What a card or a training page says about registering, for everyone."""

    kind: str
    mode: str
    seats_left: int | None = None
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None
    participation: str = Participation.INVITATION
    contact: str = ""

    @property
    def can_register(self) -> bool:
        return self.kind in (Availability.OPEN, Availability.WAITLIST)

    @property
    def label(self) -> str:
        """The short line of a card, in the active language."""
        application = self.mode == RegistrationMode.APPLICATION
        if self.kind == Availability.OPEN:
            if self.seats_left is not None:
                return ngettext(
                    "%(count)s seat left", "%(count)s seats left", self.seats_left
                ) % {"count": self.seats_left}
            if application:
                return gettext("Applications open")
            return gettext("Registration open")
        if self.kind == Availability.WAITLIST:
            return gettext("Waiting list")
        if self.kind == Availability.FULL:
            return gettext("Full")
        if self.kind == Availability.NOT_YET:
            return gettext("Opens on %(date)s") % {"date": _date(self.opens_at)}
        if self.kind == Availability.CLOSED:
            return gettext("Registration closed")
        if self.kind == Availability.NO_REGISTRATION:
            if self.participation == Participation.OPEN:
                return gettext("Open to all, no registration needed")
            if self.participation == Participation.CONTACT:
                return gettext("To take part, ask the organizers")
            return gettext("By invitation of the organizers")
        return ""

    @property
    def detail(self) -> str:
        """A second line: until when, or what the waiting list means."""
        if self.kind in (Availability.OPEN, Availability.WAITLIST) and self.closes_at:
            return gettext("Until %(date)s") % {"date": _date(self.closes_at)}
        return ""


def _date(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


_SETTINGS = (
    "translation_key",
    "registration_mode",
    "capacity",
    "waitlist_enabled",
    "registration_opens_at",
    "registration_closes_at",
    "participation",
)


def registration_states(
    events: Iterable[EventPage], *, now: datetime.datetime | None = None
) -> dict[int, RegistrationState]:
    """Each training's registration state, by page id, in one query.

    The settings and seats are those of the source-language page (a translation
    shares them). The cached page or fragment rendering this is told which
    trainings' registrations it follows and when registration opens or closes
    (core.cache.depend_on), so a seat taken anywhere shows on the next view.
    """
    events = list(events)
    if not events:
        return {}
    now = now or timezone.now()
    keys = {event.translation_key for event in events}
    # Read before the seats: a registration in between leaves the entry stale.
    versions = cache.registrations_versions(keys)
    rows = (
        EventPage.objects.filter(
            translation_key__in=keys, locale__language_code=settings.LANGUAGE_CODE
        )
        .values(*_SETTINGS)
        .annotate(
            seated=Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.SEATED),
            )
        )
    )
    by_key = {row["translation_key"]: row for row in rows}
    states = {}
    moments = []
    for event in events:
        row = by_key.get(event.translation_key)
        if row is None:  # a translation whose source is gone: its own settings
            row = {name: getattr(event, name) for name in _SETTINGS}
            row["seated"] = 0
        states[event.pk] = _state(event, row, now)
        moments += [
            row["registration_opens_at"],
            row["registration_closes_at"],
            event.start,
        ]
    cache.depend_on(versions, moments=moments)
    return states


def _state(event: EventPage, row: dict, now: datetime.datetime) -> RegistrationState:
    mode = row["registration_mode"]
    common = {
        "mode": mode,
        "opens_at": row["registration_opens_at"],
        "closes_at": row["registration_closes_at"],
        "participation": row["participation"],
        "contact": event.contact,
    }
    if event.is_cancelled:
        return RegistrationState(kind=Availability.CANCELLED, **common)
    if event.end and event.end <= now:
        return RegistrationState(kind=Availability.PAST, **common)
    if mode == RegistrationMode.CLOSED:
        return RegistrationState(kind=Availability.NO_REGISTRATION, **common)
    opens_at, closes_at = row["registration_opens_at"], row["registration_closes_at"]
    if (closes_at and now >= closes_at) or (event.start and event.start <= now):
        return RegistrationState(kind=Availability.CLOSED, **common)
    if opens_at and now < opens_at:
        return RegistrationState(kind=Availability.NOT_YET, **common)
    capacity = row["capacity"]
    if capacity is None:
        return RegistrationState(kind=Availability.OPEN, **common)
    left = max(capacity - row["seated"], 0)
    if left:
        return RegistrationState(kind=Availability.OPEN, seats_left=left, **common)
    if row["waitlist_enabled"]:
        return RegistrationState(kind=Availability.WAITLIST, seats_left=0, **common)
    return RegistrationState(kind=Availability.FULL, seats_left=0, **common)
