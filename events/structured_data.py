"""schema.org Event as JSON-LD: data for search engines, never executable script."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.ics import page_url
from events.models import EventPage, EventStatus, Modality

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
    return data


def event_json_ld(event: EventPage, *, request) -> SafeString:
    data = event_data(event, url=page_url(event, request))
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )
