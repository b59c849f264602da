"""Response headers the framework does not set itself (Content-Security-Policy,
Permissions-Policy), the one input-cleaning rule for query parameters, and the cap
on request bodies."""

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _serialise(policy: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{directive} {' '.join(values)}" for directive, values in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    """Strict policy on the public site; the Wagtail admin gets its relaxed variant.

    No page may be framed (frame-ancestors 'none'), except the responses a view
    itself marks as X-Frame-Options: SAMEORIGIN: Wagtail's preview, which the
    editor shows in a frame of the admin, gets frame-ancestors 'self' to match.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = {}
        for name, policy in (
            ("public", settings.CONTENT_SECURITY_POLICY),
            ("admin", settings.CONTENT_SECURITY_POLICY_ADMIN),
        ):
            self.policies[name, False] = _serialise(policy)
            self.policies[name, True] = _serialise(
                {**policy, "frame-ancestors": ["'self'"]}
            )

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(("/admin/", "/django-admin/"))
        same_origin_frame = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        response.headers.setdefault(
            "Content-Security-Policy",
            self.policies["admin" if is_admin else "public", same_origin_frame],
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# C0 and C1 control characters and DEL; tab and line breaks stay allowed (a pasted
# search). PostgreSQL refuses NUL in any text, and none of them means anything in
# a filter, a code or a search.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def query_has_control_characters(query) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value)
        for key, values in query.lists()
        for value in values
    )


class QueryParameterMiddleware:
    """Answer 400, with a message in the page's language, to a request whose GET
    parameters (names or values) hold control characters, before any view reads
    them. Views still validate their own parameters (numbers, choices, codes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not query_has_control_characters(request.GET):
            return self.get_response(request)
        message = _(
            "The address contains control characters, which no page of the portal "
            "accepts. Remove them and try again."
        )
        wants_json = request.path.startswith(("/api/", "/admin/api/")) or (
            request.GET.get("format") == "json"
        )
        if wants_json:
            return JsonResponse({"error": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)


class RequestBodySizeMiddleware:
    """Answer 413 to a request that announces a body over REQUEST_BODY_MAX_SIZE,
    before anything parses it. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE leaves file
    uploads unbounded; the reverse proxy's limit (README) should refuse such a body
    before it reaches the ASGI server at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_SIZE:
            message = _(
                "The data you sent is larger than the portal accepts (%(size)s MB at "
                "most). Nothing was saved: send smaller files, or fewer at a time."
            ) % {"size": settings.REQUEST_BODY_MAX_SIZE // (1024 * 1024)}
            return HttpResponse(
                message, status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
