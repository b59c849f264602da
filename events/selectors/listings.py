"""Trainings listed elsewhere: home, agency profiles, other editions, clashes."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from agencies import permissions
from agencies.models import Agency
from events.hooks import (
    edition_facilitators,
    online_link_access,
    registration_states,
    series_tree,
)
from events.models import (
    EventPage,
    EventSession,
    EventStatus,
    co_organizers_prefetch,
)

from .filters import for_cards


def upcoming_events(
    *, locale: Locale, limit: int = 3, now: datetime.datetime | None = None
) -> QuerySet[EventPage]:
    """The next trainings of the portal in one language, for the home page."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, end__gte=now)
        .order_by("start", "pk")
    )
    return for_cards(events)[:limit]


def with_registration_states(events) -> list[EventPage]:
    """The trainings as a list, each with `registration_state` (what its card
    says about registering), answered for the whole list at once by the apps
    above (events.hooks.registration_states)."""
    events = list(events)
    for event in events:
        event.registration_state = None
    for _receiver, states in registration_states.send(sender=EventPage, events=events):
        for event in events:
            event.registration_state = states.get(event.pk, event.registration_state)
    return events


def home_page_trainings(*, home) -> SimpleLazyObject:
    """The next trainings on a home page (registered on home's listing hook),
    with their registration state; read only when the cached listing fragment
    is rendered."""
    return SimpleLazyObject(
        lambda: with_registration_states(upcoming_events(locale=home.locale, limit=3))
    )


def agency_profile_trainings(*, agency: Agency, locale: Locale) -> list[EventPage]:
    """The next trainings on an agency's profile (registered on its listing hook)."""
    return with_registration_states(upcoming_events_for_agency(agency, locale, limit=5))


def upcoming_events_for_agency(
    agency: Agency,
    locale: Locale,
    *,
    limit: int = 20,
    now: datetime.datetime | None = None,
) -> list[EventPage]:
    """The agency's calendar on its profile: trainings it leads or co-organizes."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, end__gte=now)
        .filter(Q(lead_agency=agency) | Q(co_organizers=agency))
        .distinct()
        .order_by("start", "pk")
    )
    return list(for_cards(events)[:limit])


def other_editions(*, event: EventPage) -> list[EventPage]:
    """The other published editions of the training, latest first."""
    if not event.series_key:
        return []
    return list(
        EventPage.objects.live()
        .public()
        .filter(series_key=event.series_key, locale_id=event.locale_id)
        .exclude(pk=event.pk)
        .exclude(translation_key=event.translation_key)
        .order_by("-start")
    )


def facilitators_of(*, event: EventPage) -> list:
    """The training's facilitators who accepted (answered by the registrations
    app), each with `name` and `uid`."""
    found = []
    for _receiver, names in edition_facilitators.send(sender=EventPage, event=event):
        found.extend(names or [])
    return found


def series_of(*, event: EventPage):
    """The tree of the training's series with its reach by generation, or None."""
    for _receiver, tree in series_tree.send(sender=EventPage, event=event):
        if tree is not None:
            return tree
    return None


def online_link_visible(*, event: EventPage, user) -> bool:
    """Organizers' editors see the link, and whoever a hook lets in (the
    registrations app: confirmed participants)."""
    if not event.online_url:
        return False
    if permissions.user_can_edit_for_agencies(user, event.organizing_agency_ids()):
        return True
    return any(
        granted is True
        for _receiver, granted in online_link_access.send(
            sender=EventPage, event=event, user=user
        )
    )


def event_clashes(*, event: EventPage) -> list[EventPage]:
    """Published trainings overlapping the event's sessions for the same audience
    or in the same city (cancelled ones do not clash, nor its own translations).

    Reads the event's sessions from memory, so it also works on an unsaved draft.
    """
    spans = [
        (session.start, session.end)
        for session in event.sessions.all()
        if session.start and session.end
    ]
    if not spans:
        return []
    overlaps = Q()
    for start, end in spans:
        overlaps |= Q(start__lt=end, end__gt=start)
    same_public = Q(page__audience=event.audience)
    if event.city.strip():
        same_public |= Q(page__city__iexact=event.city.strip())
    page_ids = (
        EventSession.objects.filter(overlaps)
        .filter(same_public)
        .filter(page__live=True, page__locale_id=event.locale_id)
        .exclude(page__status=EventStatus.CANCELLED)
        .exclude(page__translation_key=event.translation_key)
        .values("page_id")
    )
    return list(
        EventPage.objects.filter(pk__in=page_ids)
        .select_related("lead_agency")
        .prefetch_related(*co_organizers_prefetch())
        .order_by("start")
    )
