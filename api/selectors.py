"""Reads of the API: what each endpoint lists, built on the selectors the pages
use (the calendar's filters, registration states, the directory), so the API and
the site never disagree."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from wagtail.models import CollectionViewRestriction

from agencies import selectors as agency_selectors
from agencies.models import Agency
from announcements import selectors as announcement_selectors
from announcements.models import Announcement
from api.models import ApiCall, ApiToken, WebhookDelivery, WebhookEndpoint
from api.services import secret_hash
from events import selectors as event_selectors
from events.models import EventIndexPage, EventPage, co_organizers_prefetch
from home import selectors as home_selectors
from home.models import NewsIndexPage, NewsPage, ResourceIndexPage, ResourcePage
from registrations.models import Registration
from registrations.selectors.availability import RegistrationState, registration_states

# What a training's card in the API carries, read once per page of results.
TRAINING_PREFETCH = ("sessions", "topics")


def _index(model, language: str):
    """The first live public index of this kind in the language, or None."""
    return (
        model.objects.live()
        .public()
        .filter(locale__language_code=language)
        .order_by("path")
        .first()
    )


def trainings(*, language: str, query: QueryDict) -> QuerySet[EventPage]:
    """The calendar's trainings in the language under the calendar's own filters
    (`EventFilters.from_query`: raises ValueError for an unknown agency/topic)."""
    index = _index(EventIndexPage, language)
    filters = event_selectors.EventFilters.from_query(query)
    if index is None:
        return EventPage.objects.none()
    return event_selectors.events_for_index(
        index=index, filters=filters
    ).prefetch_related(*TRAINING_PREFETCH)


def training_ordering(query: QueryDict) -> tuple[str, ...]:
    """The calendar's order: upcoming soonest first, past latest first."""
    return ("-start", "-pk") if query.get("when") == "past" else ("start", "pk")


def training(*, pk: int, language: str) -> EventPage | None:
    """A live public training, shown in `language` when it has that translation."""
    page = EventPage.objects.live().public().filter(pk=pk).first()
    if page is None:
        return None
    translated = (
        EventPage.objects.live()
        .public()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    page = translated or page
    return (
        EventPage.objects.filter(pk=page.pk)
        .select_related("lead_agency")
        .prefetch_related(*co_organizers_prefetch(), *TRAINING_PREFETCH)
        .get()
    )


def states_of(events: list[EventPage]) -> dict[int, RegistrationState]:
    return registration_states(events)


def news(*, language: str, query: QueryDict) -> QuerySet[NewsPage]:
    index = _index(NewsIndexPage, language)
    if index is None:
        return NewsPage.objects.none()
    filters = home_selectors.NewsFilters.from_query(query)
    return home_selectors.news_for_index(index, filters).prefetch_related("agencies")


def news_item(*, pk: int, language: str) -> NewsPage | None:
    return _translated(NewsPage, pk, language, prefetch=("tags", "agencies"))


def resources(*, language: str, query: QueryDict) -> QuerySet[ResourcePage]:
    index = _index(ResourceIndexPage, language)
    if index is None:
        return ResourcePage.objects.none()
    filters = home_selectors.ResourceFilters.from_query(query)
    return home_selectors.resources_for_index(index, filters).prefetch_related(
        "agencies", "documents__document__collection"
    )


def resource(*, pk: int, language: str) -> ResourcePage | None:
    return _translated(
        ResourcePage,
        pk,
        language,
        prefetch=("agencies", "documents__document__collection"),
    )


def _translated(model, pk: int, language: str, *, prefetch=()):
    page = model.objects.live().public().filter(pk=pk).first()
    if page is None:
        return None
    pages = model.objects.live().public().prefetch_related(*prefetch)
    return pages.filter(
        translation_key=page.translation_key, locale__language_code=language
    ).first() or pages.get(pk=page.pk)


def restricted_collection_paths() -> list[str]:
    """Paths of the collections whose documents need a login or password: their
    documents (and those of their sub-collections) are not listed."""
    return list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )


def public_documents(resource: ResourcePage, restricted: list[str]) -> list:
    return [
        item.document
        for item in resource.documents.all()
        if not any(item.document.collection.path.startswith(p) for p in restricted)
    ]


def agencies(*, query: QueryDict) -> QuerySet[Agency]:
    filters = agency_selectors.DirectoryFilters.from_query(query)
    return agency_selectors.agencies_for_directory(filters)


def agency(*, slug: str) -> Agency | None:
    return agency_selectors.agency_by_slug(slug)


def public_announcements() -> QuerySet[Announcement]:
    """Those the public RSS feed lists, without its length limit."""
    return announcement_selectors.public_announcements(limit=None)


# --- Tokens ----------------------------------------------------------------------


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, active or not (the caller checks)."""
    return (
        ApiToken.objects.select_related("agency")
        .filter(secret_hash=secret_hash(secret))
        .first()
    )


def agency_tokens(agency: Agency) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(agency=agency).select_related(
        "created_by", "revoked_by"
    )


def agency_calls(agency: Agency, *, limit: int = 50) -> QuerySet[ApiCall]:
    return ApiCall.objects.filter(agency=agency)[:limit]


def agency_webhook_endpoints(agency: Agency) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(agency=agency, is_active=True)


def agency_webhook_deliveries(
    agency: Agency, *, limit: int = 50
) -> QuerySet[WebhookDelivery]:
    """The delivery log: the latest notices, with their last response code."""
    return WebhookDelivery.objects.filter(endpoint__agency=agency).select_related(
        "endpoint"
    )[:limit]


def agency_registrations(
    *, agency: Agency, training_id: int | None = None, status: str = ""
) -> QuerySet[Registration]:
    """Registrations for the trainings the agency organizes (leads, or co-organizes
    having accepted), as its organizers see them: not those still awaiting their
    endorsement. Registrations point at the source-language page."""
    events = EventPage.objects.filter(
        EventPage.organized_by_q([agency.pk]),
        locale__language_code=settings.LANGUAGE_CODE,
    )
    registrations = Registration.objects.filter(event__in=events.values("pk")).exclude(
        status=Registration.Status.AWAITING_ENDORSEMENT
    )
    if training_id is not None:
        # Either language's page names the training.
        keys = EventPage.objects.filter(pk=training_id).values("translation_key")
        registrations = registrations.filter(event__translation_key__in=keys)
    if status:
        registrations = registrations.filter(status=status)
    return registrations.select_related("event").prefetch_related("answers__question")
