"""What the API's endpoints share: their parameters, error answers, the
language of an answer and the mark of a cacheable anonymous answer."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Query

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import (
    ErrorOut,
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


def answer_language(request: HttpRequest, lang: str | None) -> str:
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
