"""Who may see and register for a training: the page registrations attach to,
organizers, view restrictions, whether registration is open, the page's box."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from wagtail.models import PageViewRestriction

from agencies import permissions
from events.models import EventPage
from events.registration_settings import RegistrationMode
from events.selectors import event_has_started, registration_event
from registrations.models import Registration
from registrations.selectors.availability import (
    RegistrationState,
    registration_states,
)


def user_can_manage_registrations(user, event) -> bool:
    """Editors of the organizing agencies (and superusers) see applicants."""
    return permissions.user_can_edit_for_agencies(user, event.organizing_agency_ids())


@dataclass(frozen=True)
class _Viewer:
    """What PageViewRestriction.accept_request reads of a request."""

    user: object
    session: object


def training_view_refusal(*, page, user, session=None) -> PageViewRestriction | None:
    """The view restriction of the training this person does not pass, or None.

    The one rule every registration path applies (form, apply, cancel,
    certificate, evaluation, "My registrations", announcements to registrants):
    Wagtail's restrictions of the page and of the page registrations attach to
    (and their ancestors) — login, groups, and a password only once unlocked in
    this `session` (none given: not unlocked). Organizers of the training pass,
    as they do in the admin. Group and login refusals come before a password
    one, so nobody is asked a password that would not let them in.
    """
    user = user if user is not None else AnonymousUser()
    event = registration_event(event=page)
    if user.is_authenticated and user_can_manage_registrations(user, event):
        return None
    restrictions = list(page.get_view_restrictions())
    if event.pk != page.pk:
        restrictions += list(event.get_view_restrictions())
    if not restrictions:
        return None
    viewer = _Viewer(user=user, session=session if session is not None else {})
    refused = [
        restriction
        for restriction in restrictions
        if not restriction.accept_request(viewer)
    ]
    refused.sort(
        key=lambda restriction: (
            restriction.restriction_type == PageViewRestriction.PASSWORD
        )
    )
    return refused[0] if refused else None


def training_visible(*, page, user, session=None) -> bool:
    return training_view_refusal(page=page, user=user, session=session) is None


def registration_is_open(event, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if event.registration_mode == RegistrationMode.CLOSED or event.is_cancelled:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    if event.registration_closes_at and now >= event.registration_closes_at:
        return False
    return not event_has_started(event, now=now)


def user_registration(*, user, event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).first()


@dataclass
class RegistrationBox:
    """What the training page shows about registering, for one visitor."""

    event: object
    page_id: int
    mode: str
    is_open: bool
    closes_at: datetime.datetime | None
    registration: Registration | None
    state: RegistrationState | None = None


def registration_box(*, page, user) -> RegistrationBox:
    event = registration_event(event=page)
    return RegistrationBox(
        event=event,
        page_id=page.pk,
        mode=event.registration_mode,
        is_open=registration_is_open(event),
        closes_at=event.registration_closes_at,
        registration=user_registration(user=user, event=event),
        state=registration_states([page]).get(page.pk),
    )


def confirmed_event_ids(*, user, session=None) -> set[int]:
    """Trainings the user holds a seat in (announcements' "event" audience).

    Only trainings the person may still read (training_view_refusal): without
    a `session`, a password-protected training counts as locked.
    """
    if not user.is_authenticated:
        return set()
    events = EventPage.objects.filter(
        pk__in=Registration.objects.filter(
            user=user, status__in=Registration.SEATED
        ).values("event_id")
    ).select_related("locale")
    return {
        event.pk
        for event in events
        if training_visible(page=event, user=user, session=session)
    }


def user_holds_seat(*, user, event) -> bool:
    """Whether the user is confirmed for (or attended) the training or its original."""
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        user=user,
        event=registration_event(event=event),
        status__in=Registration.SEATED,
    ).exists()
