"""schema.org Event, and Course with its CourseInstance, as JSON-LD: data for
search engines, never executable script."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.ics import page_url
from events.models import EventPage, EventStatus, Modality
from events.selectors import with_registration_states

EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}
ATTENDANCE_MODE = {
    Modality.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Modality.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Modality.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
# CourseInstance.courseMode (schema.org suggests these words).
COURSE_MODE = {
    Modality.IN_PERSON: "onsite",
    Modality.ONLINE: "online",
    Modality.HYBRID: "blended",
}
# The registration state's kind (registrations.selectors.availability) as an
# Offer's availability; no offer at all when there is no registration.
OFFER_AVAILABILITY = {
    "open": "https://schema.org/InStock",
    "waitlist": "https://schema.org/LimitedAvailability",
    "full": "https://schema.org/SoldOut",
    "not-yet": "https://schema.org/PreOrder",
    "closed": "https://schema.org/SoldOut",
    "cancelled": "https://schema.org/Discontinued",
}
# The same characters Django's json_script escapes, so the data cannot close the
# <script> element or open a comment whatever an editor types.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def event_data(event: EventPage, *, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "inLanguage": event.language,
        "eventStatus": EVENT_STATUS.get(event.status, EVENT_STATUS["scheduled"]),
        "eventAttendanceMode": ATTENDANCE_MODE.get(
            event.modality, ATTENDANCE_MODE["in_person"]
        ),
    }
    if event.start:
        data["startDate"] = timezone.localtime(event.start).isoformat()
    if event.end:
        data["endDate"] = timezone.localtime(event.end).isoformat()
    locations = []
    if event.modality != Modality.ONLINE and (event.venue_name or event.city):
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_name or event.city,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.venue_address,
                    "addressLocality": event.city,
                    "addressCountry": "PA",
                },
            }
        )
    if event.modality != Modality.IN_PERSON:
        # The meeting link is private to approved participants: point at the page.
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    organizers = [
        {"@type": "Organization", "name": agency.name}
        | ({"url": agency.website} if agency.website else {})
        for agency in event.organizers()
    ]
    if organizers:
        data["organizer"] = organizers
    offer = _offer(event, url=url)
    if offer:
        data["offers"] = offer
    return data


def _offer(event: EventPage, *, url: str) -> dict | None:
    """Free of charge; available as its registration state says (one query,
    answered by the registrations app through events.hooks)."""
    (event_with_state,) = with_registration_states([event])
    state = event_with_state.registration_state
    availability = OFFER_AVAILABILITY.get(getattr(state, "kind", None))
    if availability is None:
        return None
    offer = {
        "@type": "Offer",
        "url": url,
        "price": 0,
        "priceCurrency": "USD",
        "availability": availability,
    }
    if state.opens_at:
        offer["validFrom"] = timezone.localtime(state.opens_at).isoformat()
    return offer


def course_data(event: EventPage, *, url: str, event_part: dict) -> dict:
    """The training as a Course (Google's Course info rich result: name,
    description, provider, and a CourseInstance with its mode and schedule)."""
    providers = event_part.get("organizer") or []
    instance = {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODE.get(event.modality, "onsite"),
        "inLanguage": event.language,
    }
    if event.start and event.end:
        instance["startDate"] = event_part["startDate"]
        instance["endDate"] = event_part["endDate"]
        hours = (event.end - event.start).total_seconds() / 3600
        days = max(
            1,
            (
                timezone.localtime(event.end).date()
                - timezone.localtime(event.start).date()
            ).days
            + 1,
        )
        instance["courseSchedule"] = {
            "@type": "Schedule",
            "repeatCount": days,
            "repeatFrequency": "Daily",
            "startDate": event_part["startDate"][:10],
            "endDate": event_part["endDate"][:10],
        }
        if hours < 24:
            instance["courseWorkload"] = f"PT{round(hours)}H"
    if "location" in event_part:
        instance["location"] = event_part["location"]
    if providers:
        instance["instructor"] = providers
    course = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "inLanguage": event.language,
        "hasCourseInstance": [instance],
    }
    if providers:
        course["provider"] = providers[0]
    if "offers" in event_part:
        course["offers"] = [{**event_part["offers"], "category": "Free"}]
    return course


def training_data(event: EventPage, *, url: str) -> list[dict]:
    """The Event and the Course a training page describes."""
    event_part = event_data(event, url=url)
    return [event_part, course_data(event, url=url, event_part=event_part)]


def event_json_ld(event: EventPage, *, request) -> SafeString:
    data = training_data(event, url=page_url(event, request))
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )
