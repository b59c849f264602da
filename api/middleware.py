"""Around every /api/v1/ call: anonymous answers cached like the pages (keyed by
the listings version, so any content change makes them stale, and by the
registrations versions the answer read), and each call made with a token logged
under the token's name."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from api import services
from core.cache import (
    TIMEOUT,
    collecting_dependencies,
    seconds_until,
    version_and,
)

PREFIX = "/api/v1/"
KEY_PREFIX = "api:response:"
KEPT_HEADERS = ("Content-Type", "Content-Language")
RESPONSE_URLCONF = "api.response_urls"


def _anonymous(request) -> bool:
    return (
        request.method == "GET"
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _key(request) -> str:
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language_from_request(request)
    query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    # The database's name too: databases sharing one cache (test workers, a
    # staging copy) hold other rows under the same addresses.
    database = connection.settings_dict["NAME"]
    address = repr((database, request.get_host(), request.path, language, query))
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _fresh(depends_on: dict) -> bool:
    return not depends_on or cache.get_many(list(depends_on)) == depends_on


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        response = self._call(request)
        request.urlconf = RESPONSE_URLCONF
        return response

    def _call(self, request):
        if not _anonymous(request):
            response = self.get_response(request)
            token = getattr(request, "api_token", None)
            if token is not None:
                services.call_record(
                    token=token,
                    method=request.method,
                    path=request.get_full_path(),
                    status=response.status_code,
                )
            return response
        return self._cached(request)

    def _cached(self, request):
        key = _key(request)
        version, entry = version_and(key)
        if entry is not None and entry["version"] == version:
            if _fresh(entry["depends_on"]):
                response = HttpResponse(entry["content"])
                for name, value in entry["headers"]:
                    response[name] = value
                response["X-Cache"] = "hit"
                patch_vary_headers(response, ["Accept-Language"])
                return response
        with collecting_dependencies() as found:
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        parameters = getattr(request, "api_cache_parameters", None)
        if (
            parameters is not None
            and version is not None
            and response.status_code == 200
            and not response.cookies
            and all(name in parameters for name in request.GET)
            and None not in found.keys.values()
        ):
            cache.set(
                key,
                {
                    "version": version,
                    "depends_on": dict(found.keys),
                    "headers": [
                        (name, response[name])
                        for name in KEPT_HEADERS
                        if name in response
                    ],
                    "content": response.content,
                },
                seconds_until(found.moments, limit=TIMEOUT),
            )
        patch_vary_headers(response, ["Accept-Language"])
        return response
