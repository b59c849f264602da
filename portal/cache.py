"""The anonymous page cache, served before sessions, authentication, locale and
Wagtail's routing, and the key of cached listing fragments.

Two layers. Visitors without a session cookie or pending messages get whole
pages from `AnonymousPageCacheMiddleware`, which sits right after the static
files (WhiteNoise) and looks the page up before anything else runs: a hit costs
one cache round trip and no SQL. Pages offer their response with
`core.cache.share_with_anonymous` (Wagtail pages through
`core.cache.AnonymousPageCacheMixin`). Everyone else gets the page rendered for
them, with only its listing fragment cached (`{% listingcache %}`), which holds
what every visitor sees alike: the header (sign-in state), messages and anything
personal stay outside it.

An entry is keyed by scheme, host, path and the query parameters the page reads
(a page drops any other before it renders and is stored under its canonical
address; a request carrying others simply misses, so random query strings add no
entries). The entry holds the content version it was rendered under (and any
other versions it depends on, like a training's registrations): looking up the
version and the entry is one `get_many`, and an entry of an older version is a
miss. Stored: status 200 only, the final headers and body, nothing that set a
cookie, varied on anything but Cookie, or was private or no-store. HEAD gets the
headers of the stored GET.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from core.cache import SHARED_RESPONSE_MARK, request_listings_version, version_and

PAGE_KEY_PREFIX = "page:"
# Cache-Control directives that keep a response out of a shared cache.
PRIVATE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})


def listing_fragment_key(name: str, request, page_id: int | None) -> str:
    """One key per listing, version, language, page and address: the host (feed
    links name it), the path and the query parameters, in a fixed order (a cached
    page has already dropped those it does not read)."""
    query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    address = hashlib.sha256(
        repr((request.get_host(), request.path, query)).encode()
    ).hexdigest()
    version = request_listings_version(request)
    return f"listing:{name}:{version}:{get_language()}:{page_id}:{address}"


def page_key(request) -> str | None:
    """The entry of this address, or None for a host Django refuses."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the stack below answers it
        return None
    query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    address = repr((request.scheme, host, request.path, query))
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _anonymous(request) -> bool:
    """A GET or HEAD from a visitor with no session and no pending messages: the
    page it gets is the one every such visitor gets."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _storable(request, response, offer) -> bool:
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(request, "is_preview", False)
    ):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if any(key not in offer["query_parameters"] for key in request.GET):
        return False
    if None in offer["depends_on"].values():  # the cache was away
        return False
    vary = {
        value.strip().lower()
        for value in cc_delim_re.split(response.get("Vary", ""))
        if value.strip()
    }
    if vary - {"cookie"}:
        return False
    directives = {
        value.split("=", 1)[0].strip().lower()
        for value in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not (directives & PRIVATE_DIRECTIVES)


def _fresh(entry: dict) -> bool:
    depends_on = entry["depends_on"]
    if not depends_on:
        return True
    return cache.get_many(list(depends_on)) == depends_on


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for visitors without a session (module
    docstring). Must come before the session, locale, authentication and
    message middleware, so that a hit runs none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous(request):
            return self.get_response(request)
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        version, entry = version_and(key)
        if entry is not None and entry["version"] == version and _fresh(entry):
            return self._response(request, entry)

        response = self.get_response(request)
        offer = getattr(response, SHARED_RESPONSE_MARK, None)
        if offer is None or version is None or not _storable(request, response, offer):
            return response
        # Keyed by the address the page rendered: it may have dropped parameters.
        cache.set(
            page_key(request),
            {
                "version": version,
                "depends_on": offer["depends_on"],
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() != "set-cookie"
                ],
                "content": response.content,
            },
            offer["timeout"],
        )
        return response

    @staticmethod
    def _response(request, entry: dict) -> HttpResponse:
        content = entry["content"]
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response
