"""iCalendar (RFC 5545) output: one VEVENT per session, in the site's time zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from core.mail import absolute_url
from events import selectors
from events.models import CancelledSession, EventSession, EventStatus, Modality

PRODID = "-//Coordination Portal//Training calendar//ES"
ICS_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


@lru_cache(maxsize=4)
def _vtimezone(tzid: str) -> Timezone:
    # Building a VTIMEZONE walks the zone's transitions; it never changes at runtime.
    return Timezone.from_tzid(
        tzid, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2101, 1, 1)
    )


def _location(event) -> str:
    parts = [event.venue_name, event.venue_address, event.city]
    place = ", ".join(part for part in parts if part)
    if event.modality != Modality.IN_PERSON:
        online = str(event.get_modality_display())
        place = f"{place} ({online})" if place else online
    return place


def _organizer(agency) -> vCalAddress:
    address = vCalAddress(
        f"mailto:{agency.contact_email or settings.DEFAULT_FROM_EMAIL}"
    )
    address.params["CN"] = vText(agency.name)
    return address


def _facilitator(person) -> vCalAddress:
    # RFC 5545 allows one ORGANIZER per event (the lead agency): facilitators
    # are ATTENDEEs with ROLE=CHAIR, addressed by a URN, not their e-mail.
    address = vCalAddress(person.uid)
    address.params["CN"] = vText(person.name)
    address.params["ROLE"] = "CHAIR"
    address.params["CUTYPE"] = "INDIVIDUAL"
    return address


def session_vevent(session: EventSession, *, url: str, stamp, facilitators=()) -> Event:
    event = session.page
    zone = ZoneInfo(settings.TIME_ZONE)
    vevent = Event()
    vevent.add("uid", str(session.uid))
    vevent.add("sequence", session.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", timezone.localtime(session.start, zone))
    vevent.add("dtend", timezone.localtime(session.end, zone))
    summary = f"{event.title}: {session.title}" if session.title else event.title
    vevent.add("summary", summary)
    description = [event.summary]
    if event.status != EventStatus.SCHEDULED and event.status_reason:
        description.append(f"{event.get_status_display()}: {event.status_reason}")
    if session.facilitators:
        description.append(session.facilitators)
    vevent.add("description", "\n\n".join(description))
    location = _location(event)
    if session.room:
        location = f"{session.room}, {location}" if location else session.room
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    vevent.add("status", ICS_STATUS.get(event.status, "CONFIRMED"))
    if event.lead_agency_id:
        vevent.add("organizer", _organizer(event.lead_agency))
    for person in facilitators:
        vevent.add("attendee", _facilitator(person))
    return vevent


def cancelled_vevent(cancelled: CancelledSession, *, url: str) -> Event:
    """A removed session: same UID, higher SEQUENCE, STATUS:CANCELLED."""
    event = cancelled.page
    zone = ZoneInfo(settings.TIME_ZONE)
    vevent = Event()
    vevent.add("uid", str(cancelled.uid))
    vevent.add("sequence", cancelled.sequence)
    vevent.add("dtstamp", cancelled.cancelled_at)
    vevent.add("dtstart", timezone.localtime(cancelled.start, zone))
    vevent.add("dtend", timezone.localtime(cancelled.end, zone))
    title = cancelled.title
    vevent.add("summary", f"{event.title}: {title}" if title else event.title)
    if url:
        vevent.add("url", url)
    vevent.add("status", "CANCELLED")
    if event.lead_agency_id:
        vevent.add("organizer", _organizer(event.lead_agency))
    return vevent


def page_url(page, request) -> str:
    """The page's address on the host the feed was asked from; without a request
    (an e-mail's attachment), on the portal's public address."""
    if request is None:
        return absolute_url(page.get_url())
    return request.build_absolute_uri(page.get_url(request=request))


def build_calendar(
    sessions: Iterable[EventSession],
    *,
    request,
    name: str,
    cancelled: Iterable[CancelledSession] = (),
    single: bool = False,
) -> Calendar:
    """`single`: one training's file, which also names its facilitators (a
    feed of many trainings leaves them out rather than ask per training)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add_component(_vtimezone(settings.TIME_ZONE))
    urls: dict[int, str] = {}
    people: dict[int, list] = {}
    for session in sessions:
        page = session.page
        if page.pk not in urls:
            urls[page.pk] = page_url(page, request)
            people[page.pk] = selectors.facilitators_of(event=page) if single else []
        # The publication time, not now: identical requests give identical files.
        stamp = page.last_published_at or page.latest_revision_created_at
        stamp = stamp or timezone.now()
        cal.add_component(
            session_vevent(
                session, url=urls[page.pk], stamp=stamp, facilitators=people[page.pk]
            )
        )
    for removed in cancelled:
        if removed.page_id not in urls:
            urls[removed.page_id] = page_url(removed.page, request)
        cal.add_component(cancelled_vevent(removed, url=urls[removed.page_id]))
    return cal


def calendar_response(
    sessions: Iterable[EventSession],
    *,
    request,
    name: str,
    filename: str,
    cancelled: Iterable[CancelledSession] = (),
    single: bool = False,
) -> HttpResponse:
    body = build_calendar(
        sessions, request=request, name=name, cancelled=cancelled, single=single
    ).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def training_ics(event, *, with_cancelled: bool = True) -> bytes:
    """One training's calendar file, as its page serves it (same UIDs, so a
    calendar that imports it again updates the sessions instead of adding
    them); for an e-mail's attachment. `with_cancelled=False` leaves out the
    sessions taken off the training (a first invitation need not cancel them)."""
    cancelled = (
        selectors.cancelled_sessions_for_feed(event=event) if with_cancelled else []
    )
    return build_calendar(
        selectors.sessions_of(event=event),
        request=None,
        name=event.title,
        cancelled=cancelled,
        single=True,
    ).to_ical()


def training_ics_filename(event) -> str:
    """ASCII, as every mail program reads it (slugs may carry accents)."""
    return f"{slugify(event.slug) or 'training'}.ics"
