"""/api/v1/: the portal's described API (django-ninja; OpenAPI 3.1 at
/api/v1/openapi.json, browsable docs at /api/v1/docs).

Public reads answer in the language of `lang`, else of Accept-Language; a token
of an agency (Authorization: Bearer …) reads its trainings' registrations and
submits drafts. Endpoints stay thin: selectors read, services write, the
presentation module shapes the answers.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.agency_endpoints import agency_router
from api.docs import LocalSwagger
from api.errors import ApiError
from api.public_endpoints import public

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


api.add_router("/", public)
api.add_router("/agency", agency_router)
