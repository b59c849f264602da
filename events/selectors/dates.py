"""When a training starts and ends, and the event registration is about."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from events.models import (
    EventPage,
)


def registration_event(*, event):
    """The page registrations of a training attach to: its default-language page.

    Translations of a training are separate pages; registrations, seats and
    settings all live on one of them so that the English page does not open a
    second set of seats.
    """
    if event.locale.language_code == settings.LANGUAGE_CODE:
        return event
    original = (
        EventPage.objects.filter(
            translation_key=event.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .select_related("locale")
        .first()
    )
    return original or event


def event_start(event) -> datetime.datetime | None:
    if event.start:
        return event.start
    return event.sessions.order_by("start").values_list("start", flat=True).first()


def event_end(event) -> datetime.datetime | None:
    if event.end:
        return event.end
    return event.sessions.order_by("-end").values_list("end", flat=True).first()


def event_has_started(event, *, now: datetime.datetime | None = None) -> bool:
    start = event_start(event)
    return start is not None and start <= (now or timezone.now())


def event_has_ended(event, *, now: datetime.datetime | None = None) -> bool:
    end = event_end(event)
    return end is not None and end <= (now or timezone.now())
