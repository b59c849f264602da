"""Who may see and register for a training: the page registrations attach to,
organizers, view restrictions, whether registration is open, the page's box."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from agencies import permissions
from agencies.models import ParticipantProfile
from events.models import EventPage
from events.registration_settings import RegistrationMode
from events.selectors import event_has_started, registration_event
from registrations.models import Registration
from registrations.selectors.availability import (
    RegistrationState,
    registration_states,
)
from registrations.selectors.quotas import quota_book


def user_can_manage_registrations(user, event) -> bool:
    """Editors of the organizing agencies (and superusers) see applicants."""
    if not permissions.user_is_superuser(user) and not permissions.editable_agency_ids(
        user
    ):
        return False  # a participant: the training's organizers need no reading
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


def training_view_refusals(
    *, trainings, user, session=None
) -> dict[int, PageViewRestriction | None]:
    """`training_view_refusal` of many trainings in a fixed number of queries
    (the ancestors of every page and every restriction on them, each read once),
    for lists such as "My registrations". `trainings`: (page, the page
    registrations attach to) pairs; the answer is keyed by the page's id.

    The same rule: Wagtail's restrictions of both pages and their ancestors
    (an alias stands for its source page, as in Page.get_view_restrictions),
    organizers pass, group and login refusals before a password one.
    """
    user = user if user is not None else AnonymousUser()
    trainings = list(trainings)
    managed: set[int] = set()
    if user.is_authenticated and (
        permissions.user_is_superuser(user) or permissions.editable_agency_ids(user)
    ):
        managed = {
            page.pk
            for page, event in trainings
            if user_can_manage_registrations(user, event)
        }
    pages = {
        each.pk: each
        for page, event in trainings
        if page.pk not in managed
        for each in (page, event)
    }
    steplen = Page.steplen
    ancestor_paths = {
        each.path[: steplen * depth]
        for each in pages.values()
        for depth in range(1, len(each.path) // steplen)
    }
    ancestors = {
        path: alias_of_id or pk
        for path, pk, alias_of_id in Page.objects.filter(
            path__in=ancestor_paths
        ).values_list("path", "pk", "alias_of_id")
    }
    checked: dict[int, set[int]] = {}
    for each in pages.values():
        ids = {each.alias_of_id or each.pk}
        ids.update(
            ancestors[each.path[: steplen * depth]]
            for depth in range(1, len(each.path) // steplen)
            if each.path[: steplen * depth] in ancestors
        )
        checked[each.pk] = ids
    wanted = set().union(*checked.values()) if checked else set()
    by_page: dict[int, list[PageViewRestriction]] = {}
    if wanted:
        for restriction in PageViewRestriction.objects.filter(page_id__in=wanted):
            by_page.setdefault(restriction.page_id, []).append(restriction)
    viewer = _Viewer(user=user, session=session if session is not None else {})
    refusals: dict[int, PageViewRestriction | None] = {}
    for page, event in trainings:
        if page.pk in managed:
            refusals[page.pk] = None
            continue
        restrictions = {
            restriction.pk: restriction
            for page_id in checked[page.pk] | checked[event.pk]
            for restriction in by_page.get(page_id, [])
        }
        refused = sorted(
            (
                restriction
                for restriction in restrictions.values()
                if not restriction.accept_request(viewer)
            ),
            key=lambda restriction: (
                restriction.restriction_type == PageViewRestriction.PASSWORD,
                restriction.pk,
            ),
        )
        refusals[page.pk] = refused[0] if refused else None
    return refusals


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
    # Seats per agency (registrations.selectors.quotas), shown while open.
    quotas: list = field(default_factory=list)
    can_nominate: bool = False


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
        quotas=quota_book(event=event).usages,
        can_nominate=bool(permissions.nominating_agency_ids(user)),
    )


def profile_agency(*, user):
    """The organization the person chose in their profile, if any."""
    profile = ParticipantProfile.objects.filter(user=user).select_related("agency")
    found = profile.first()
    return found.agency if found else None


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
