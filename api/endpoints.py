"""/api/v1/: the portal's described API (django-ninja; OpenAPI 3.1 at
/api/v1/openapi.json, browsable docs at /api/v1/docs).

Public reads answer in the language of `lang`, else of Accept-Language; a token
of an agency (Authorization: Bearer …) reads its trainings' registrations and
submits drafts. Endpoints stay thin: selectors read, services write, the
presentation module shapes the answers.
"""

from __future__ import annotations

import functools
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from api import presentation, selectors, services
from api.docs import LocalSwagger
from api.errors import ApiError
from api.models import ApiToken
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page
from api.schemas import (
    AgencyOut,
    AgencyPage,
    AnnouncementPage,
    DraftOut,
    ErrorOut,
    Language,
    NewsDraftIn,
    NewsOut,
    NewsPage,
    RegistrationPage,
    ResourceOut,
    ResourcePage,
    TokenOut,
    TrainingDraftIn,
    TrainingOut,
    TrainingPage,
)

DESCRIPTION = """
Public reads of the shared calendar (trainings with their sessions, organizers,
registration state and seats left), news, resources with their documents,
agencies and public announcements, in Spanish or English (`lang`, else
`Accept-Language`), paginated with cursors (`next_cursor`).

An agency's systems use a token its coordinators create on the agency's
"API tokens" page, sent as `Authorization: Bearer <token>`: read-only tokens read
the registrations of the agency's trainings, read-write tokens also submit draft
trainings and news for the agency's editors to review and publish. Every call
with a token is logged under the token's name, and each token is rate-limited.
"""

api = NinjaAPI(
    title="Coordination portal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

PUBLIC_ERRORS = {400: ErrorOut, 422: ErrorOut}
ITEM_ERRORS = {**PUBLIC_ERRORS, 404: ErrorOut}
TOKEN_ERRORS = {**PUBLIC_ERRORS, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per page.")
Cursor = Query(None, max_length=500, description="`next_cursor` of the last page.")
Lang = Query(None, description="Language of the texts; else Accept-Language.")
PageId = Path(..., ge=1, le=2**31 - 1)
TaughtIn = Query(None, description="Language the training is taught in.")
DocumentsIn = Query(None, description="Language of the resource's documents.")


def _error(request, *, message: str, status: int, code: str, errors=None):
    body = {"error": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(request, message=str(exc.message), status=exc.status, code=exc.code)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(
        request,
        message=_("Send a valid API token: Authorization: Bearer <token>."),
        status=401,
        code="unauthenticated",
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": error.get("msg")}
        for error in exc.errors
    ]
    return _error(
        request,
        message=_("Some parameters are not valid."),
        status=422,
        code="invalid",
        errors=errors,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, message=_("Not found."), status=404, code="not_found")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, message=str(exc), status=exc.status_code, code="error")


def _language(request: HttpRequest, lang: str | None) -> str:
    """`lang`, else the language Accept-Language (or the language cookie) asks
    for; activated for the labels of the answer."""
    language = lang or translation.get_language_from_request(request)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def shared(*parameters: str):
    """An anonymous answer every visitor gets alike, cached with the listings
    version (api.middleware) for requests naming only these parameters."""

    names = frozenset(parameters)

    def mark(view):
        @functools.wraps(view)
        def marked(request, *args, **kwargs):
            request.api_cache_parameters = names
            return view(request, *args, **kwargs)

        return marked

    return mark


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
    language_code = _language(request, lang)
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
    language_code = _language(request, lang)
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
    language_code = _language(request, lang)
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
    item = selectors.news_item(pk=news_id, language=_language(request, lang))
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
    language_code = _language(request, lang)
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
    item = selectors.resource(pk=resource_id, language=_language(request, lang))
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
    _language(request, lang)
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
    _language(request, lang)
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
    _language(request, lang)
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


# --- With an agency's token --------------------------------------------------------


class AgencyToken(HttpBearer):
    """`Authorization: Bearer <token>`: the agency's active token, counted
    against its rate limit. The middleware logs the call under its name."""

    def authenticate(self, request, token: str) -> ApiToken | None:
        if len(token) > 200:
            return None
        found = selectors.token_for_secret(token)
        if found is None:
            return None
        request.api_token = found
        return services.token_check(found)


agency_router = Router(tags=["agency"], auth=AgencyToken())


@agency_router.get(
    "/token", response={200: TokenOut, **TOKEN_ERRORS}, summary="This token"
)
def token_detail(request):
    token = request.auth
    return {
        "name": token.name,
        "agency": presentation.agency_ref(token.agency),
        "scope": token.scope,
        "expires_at": token.expires_at,
    }


@agency_router.get(
    "/registrations",
    response={200: RegistrationPage, **TOKEN_ERRORS},
    summary="Registrations for the agency's trainings",
)
def registration_list(
    request,
    training: int | None = Query(None, ge=1, le=2**31 - 1, description="Training id."),
    status: Literal[
        "pending", "confirmed", "waitlisted", "declined", "cancelled", "attended"
    ]
    | None = None,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """The fields the privacy notice names (name, organization, position, e-mail,
    status and answers) of the registrations for trainings the token's agency
    leads or co-organizes; a training of another agency lists nothing."""
    _language(request, None)
    page = cursor_page(
        selectors.agency_registrations(
            agency=request.auth.agency, training_id=training, status=status or ""
        ),
        ordering=("applied_at", "pk"),
        cursor=cursor,
        limit=limit,
    )
    return {
        "results": [presentation.registration(item) for item in page.items],
        "next_cursor": page.next_cursor,
    }


def _draft(request, page) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "live": page.live,
        "admin_url": request.build_absolute_uri(
            reverse("wagtailadmin_pages:edit", args=[page.pk])
        ),
    }


@agency_router.post(
    "/trainings",
    response={201: DraftOut, **TOKEN_ERRORS, 409: ErrorOut},
    summary="Submit a draft training",
)
def training_draft(request, payload: TrainingDraftIn):
    """An unpublished training led by the token's agency (read-write tokens):
    its editors review and publish it in the admin."""
    _language(request, None)
    fields = payload.dict(exclude={"agency", "title", "summary", "sessions"})
    page = services.training_draft_create(
        token=request.auth,
        agency_slug=payload.agency,
        title=payload.title,
        summary=payload.summary,
        sessions=[(item.start, item.end, item.title) for item in payload.sessions],
        **fields,
    )
    return Status(201, _draft(request, page))


@agency_router.post(
    "/news",
    response={201: DraftOut, **TOKEN_ERRORS, 409: ErrorOut},
    summary="Submit a draft news article",
)
def news_draft(request, payload: NewsDraftIn):
    """An unpublished news article of the token's agency (read-write tokens)."""
    _language(request, None)
    page = services.news_draft_create(
        token=request.auth,
        agency_slug=payload.agency,
        title=payload.title,
        summary=payload.summary,
        date=payload.date,
    )
    return Status(201, _draft(request, page))


api.add_router("/", public)
api.add_router("/agency", agency_router)
