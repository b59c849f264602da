"""/api/v1/: the public reads (trainings, news, resources, agencies, public
announcements), in the language asked for, paginated with cursors."""

# Annotations stay evaluated (no `from __future__ import annotations`): django-ninja
# reads them through the `shared` wrapper, whose module does not know these names.

from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from api import presentation, selectors
from api.errors import ApiError
from api.pagination import cursor_page
from api.parameters import (
    ITEM_ERRORS,
    PUBLIC_ERRORS,
    Cursor,
    DocumentsIn,
    Lang,
    Limit,
    PageId,
    TaughtIn,
    answer_language,
    shared,
)
from api.schemas import (
    AgencyOut,
    AgencyPage,
    AnnouncementPage,
    Language,
    NewsOut,
    NewsPage,
    ResourceOut,
    ResourcePage,
    TrainingOut,
    TrainingPage,
)

# --- Public reads ------------------------------------------------------------------

public = Router(tags=["public"])

TRAINING_PARAMETERS = (
    "lang",
    "cursor",
    "limit",
    "when",
    "agency",
    "topic",
    "modality",
    "location",
    "language",
    "audience",
)


@public.get(
    "/trainings",
    response={200: TrainingPage, **PUBLIC_ERRORS},
    summary="Trainings of the shared calendar",
)
@shared(*TRAINING_PARAMETERS)
def training_list(
    request,
    lang: Language | None = Lang,
    cursor: str | None = Cursor,
    limit: int = Limit,
    when: Literal["upcoming", "past"] = Query("upcoming"),
    agency: str | None = Query(None, max_length=80, description="Agency slug."),
    topic: str | None = Query(None, max_length=80, description="Topic slug."),
    modality: Literal["in_person", "online", "hybrid"] | None = None,
    location: str | None = Query(None, max_length=100, description="City."),
    language: Language | None = TaughtIn,
    audience: str | None = Query(None, max_length=30),
):
    """Upcoming trainings soonest first (`when=past`: past ones, latest first),
    filtered as the calendar is; each with its registration state."""
    language_code = answer_language(request, lang)
    try:
        events = selectors.trainings(language=language_code, query=request.GET)
    except ValueError:
        raise ApiError(
            _("No agency or topic has this slug."), code="unknown_filter"
        ) from None
    page = cursor_page(
        events,
        ordering=selectors.training_ordering(request.GET),
        cursor=cursor,
        limit=limit,
    )
    states = selectors.states_of(page.items)
    return {
        "results": [
            presentation.training(event, state=states.get(event.pk), request=request)
            for event in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@public.get(
    "/trainings/{training_id}",
    response={200: TrainingOut, **ITEM_ERRORS},
    summary="One training",
)
@shared("lang")
def training_detail(request, training_id: int = PageId, lang: Language | None = Lang):
    language_code = answer_language(request, lang)
    event = selectors.training(pk=training_id, language=language_code)
    if event is None:
        raise Http404
    state = selectors.states_of([event]).get(event.pk)
    return presentation.training(event, state=state, request=request)


@public.get(
    "/news",
    response={200: NewsPage, **PUBLIC_ERRORS},
    summary="News, newest first",
)
@shared("lang", "cursor", "limit", "tag", "year")
def news_list(
    request,
    lang: Language | None = Lang,
    cursor: str | None = Cursor,
    limit: int = Limit,
    tag: str | None = Query(None, max_length=100, description="Tag slug."),
    year: int | None = Query(None, ge=1900, le=2200),
):
    language_code = answer_language(request, lang)
    page = cursor_page(
        selectors.news(language=language_code, query=request.GET),
        ordering=("-date", "-pk"),
        cursor=cursor,
        limit=limit,
    )
    return {
        "results": [presentation.news(item, request=request) for item in page.items],
        "next_cursor": page.next_cursor,
    }


@public.get(
    "/news/{news_id}",
    response={200: NewsOut, **ITEM_ERRORS},
    summary="One news article",
)
@shared("lang")
def news_detail(request, news_id: int = PageId, lang: Language | None = Lang):
    item = selectors.news_item(pk=news_id, language=answer_language(request, lang))
    if item is None:
        raise Http404
    return presentation.news(item, request=request)


@public.get(
    "/resources",
    response={200: ResourcePage, **PUBLIC_ERRORS},
    summary="Laws, plans, guides and other resources, with their documents",
)
@shared("lang", "cursor", "limit", "type", "topic", "language")
def resource_list(
    request,
    lang: Language | None = Lang,
    cursor: str | None = Cursor,
    limit: int = Limit,
    type: Literal["law", "instrument", "plan", "guide", "report", "toolkit"]
    | None = None,
    topic: str | None = Query(None, max_length=80, description="Topic slug."),
    language: Language | None = DocumentsIn,
):
    language_code = answer_language(request, lang)
    page = cursor_page(
        selectors.resources(language=language_code, query=request.GET),
        ordering=("-pk",),
        cursor=cursor,
        limit=limit,
    )
    restricted = selectors.restricted_collection_paths()
    return {
        "results": [
            presentation.resource(
                item,
                documents=selectors.public_documents(item, restricted),
                request=request,
            )
            for item in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@public.get(
    "/resources/{resource_id}",
    response={200: ResourceOut, **ITEM_ERRORS},
    summary="One resource",
)
@shared("lang")
def resource_detail(request, resource_id: int = PageId, lang: Language | None = Lang):
    item = selectors.resource(pk=resource_id, language=answer_language(request, lang))
    if item is None:
        raise Http404
    restricted = selectors.restricted_collection_paths()
    return presentation.resource(
        item, documents=selectors.public_documents(item, restricted), request=request
    )


@public.get(
    "/agencies",
    response={200: AgencyPage, **PUBLIC_ERRORS},
    summary="Agencies of the portal",
)
@shared("lang", "cursor", "limit", "kind", "q")
def agency_list(
    request,
    lang: Language | None = Lang,
    cursor: str | None = Cursor,
    limit: int = Limit,
    kind: Literal[
        "government", "international", "civil_society", "academia", "private", "other"
    ]
    | None = None,
    q: str | None = Query(None, max_length=100, description="Name or acronym."),
):
    answer_language(request, lang)
    page = cursor_page(
        selectors.agencies(query=request.GET),
        ordering=("slug",),
        cursor=cursor,
        limit=limit,
    )
    return {
        "results": [presentation.agency(item, request=request) for item in page.items],
        "next_cursor": page.next_cursor,
    }


@public.get(
    "/agencies/{slug}",
    response={200: AgencyOut, **ITEM_ERRORS},
    summary="One agency",
)
@shared("lang")
def agency_detail(
    request,
    slug: str = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$"),
    lang: Language | None = Lang,
):
    answer_language(request, lang)
    item = selectors.agency(slug=slug)
    if item is None:
        raise Http404
    return presentation.agency(item, request=request)


@public.get(
    "/announcements",
    response={200: AnnouncementPage, **PUBLIC_ERRORS},
    summary="Public announcements showing now, newest first",
)
@shared("lang", "cursor", "limit")
def announcement_list(
    request,
    lang: Language | None = Lang,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    answer_language(request, lang)
    page = cursor_page(
        selectors.public_announcements(),
        ordering=("-publish_at", "-pk"),
        cursor=cursor,
        limit=limit,
    )
    return {
        "results": [presentation.announcement(item) for item in page.items],
        "next_cursor": page.next_cursor,
    }
