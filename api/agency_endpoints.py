"""/api/v1/agency/: what an agency's token reads (its trainings' registrations)
and submits (draft trainings and news for its editors to review)."""

# Annotations stay evaluated (no `from __future__ import annotations`): django-ninja
# reads them through the `shared` wrapper, whose module does not know these names.

from typing import Literal

from django.urls import reverse
from ninja import Query, Router, Status
from ninja.security import HttpBearer

from api import presentation, selectors, services
from api.models import ApiToken
from api.pagination import cursor_page
from api.parameters import (
    TOKEN_ERRORS,
    Cursor,
    Limit,
    answer_language,
)
from api.schemas import (
    DraftOut,
    ErrorOut,
    NewsDraftIn,
    RegistrationPage,
    TokenOut,
    TrainingDraftIn,
)

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
    answer_language(request, None)
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
    answer_language(request, None)
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
    answer_language(request, None)
    page = services.news_draft_create(
        token=request.auth,
        agency_slug=payload.agency,
        title=payload.title,
        summary=payload.summary,
        date=payload.date,
    )
    return Status(201, _draft(request, page))
