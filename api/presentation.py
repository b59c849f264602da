"""Models turned into the API's response schemas, in the active language."""

from __future__ import annotations

from django.urls import reverse

from agencies.models import Agency
from registrations.selectors.availability import RegistrationState


def agency_ref(agency: Agency) -> dict:
    return {
        "id": agency.pk,
        "slug": agency.slug,
        "name": str(agency.name),
        "acronym": agency.acronym,
    }


def topic(topic) -> dict | None:
    if topic is None:
        return None
    return {"slug": topic.slug, "name": str(topic.name)}


def registration_state(state: RegistrationState | None) -> dict | None:
    if state is None:
        return None
    return {
        "state": state.kind,
        "label": state.label,
        "mode": state.mode,
        "can_register": state.can_register,
        "seats_left": state.seats_left,
        "opens_at": state.opens_at,
        "closes_at": state.closes_at,
    }


def training(event, *, state: RegistrationState | None, request) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "summary": event.summary,
        "url": event.get_full_url(request),
        "language": event.language,
        "modality": event.modality,
        "audience": event.audience,
        "city": event.city,
        "venue_name": event.venue_name,
        "status": event.status,
        "start": event.start,
        "end": event.end,
        "organizers": [agency_ref(agency) for agency in event.organizers()],
        "topics": [topic(item) for item in event.topics.all()],
        "sessions": [
            {
                "title": session.title,
                "start": session.start,
                "end": session.end,
                "room": session.room,
                "facilitators": session.facilitators,
            }
            for session in sorted(event.sessions.all(), key=lambda s: s.start)
        ],
        "registration": registration_state(state),
    }


def news(page, *, request) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "summary": page.summary,
        "date": page.date,
        "url": page.get_full_url(request),
        "agencies": [agency_ref(agency) for agency in page.agencies.all()],
    }


def document(document, *, request) -> dict:
    return {
        "id": document.pk,
        "title": document.title,
        "filename": document.filename,
        "file_size": document.file_size,
        "url": request.build_absolute_uri(document.url),
    }


def resource(page, *, documents: list, request) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "summary": page.summary,
        "url": page.get_full_url(request),
        "resource_type": page.resource_type,
        "topic": topic(page.topic),
        "document_language": page.document_language,
        "issuing_body": page.issuing_body,
        "publication_date": page.publication_date,
        "agencies": [agency_ref(agency) for agency in page.agencies.all()],
        "documents": [document(item, request=request) for item in documents],
    }


def agency(agency: Agency, *, request) -> dict:
    return {
        **agency_ref(agency),
        "kind": agency.kind,
        "country": agency.country,
        "description": str(agency.description),
        "website": agency.website,
        "url": request.build_absolute_uri(
            reverse("agencies:detail", kwargs={"slug": agency.slug})
        ),
    }


def announcement(item) -> dict:
    return {
        "id": item.pk,
        "title": str(item.translated_title),
        "body": str(item.translated_body),
        "level": item.level,
        "agency": agency_ref(item.agency) if item.agency else None,
        "training_id": item.event_id,
        "publish_at": item.publish_at,
        "expires_at": item.expires_at,
    }


def registration(item) -> dict:
    return {
        "id": item.pk,
        "training_id": item.event_id,
        "training_title": item.event.title,
        "status": item.status,
        "applied_at": item.applied_at,
        "decided_at": item.decided_at,
        "full_name": item.full_name,
        "email": item.email,
        "organization": item.organization,
        "position": item.position,
        "answers": [
            {"question": answer.question.label, "answer": answer.value}
            for answer in item.answers.all()
        ],
    }
