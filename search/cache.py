"""Anonymous search served from the cache, under a search-index version.

Two layers, both only for visitors without a session (no session cookie, no
pending messages, not signed in), and both keyed by the search-index version,
which every write to the index replaces (`index_changed`, called by
search.services after the write commits):

- results (`search`): the labelled results page an engine returned (hits with
  their titles, addresses and snippets, totals, facets, suggestion), keyed by the
  normalised query (Unicode NFC, case-folded, whitespace collapsed), the filters,
  the page number and the language. The search page and the JSON API share it,
  and so do queries that differ only by case or spacing: every engine matches
  and highlights without regard to case, and the query echoed back is the
  visitor's own (`Results.query` is set to it on the way out).
- responses (`anonymous_response`): the finished response of one address (path
  and every query parameter, as typed: the page repeats the query in its search
  box and its links), language, scheme and host. A repeated query then costs no
  SQL at all, header and footer included. Those header and footer do not follow
  the search-index version (a portal setting or a menu change does not touch the
  index), so responses are kept only `RESPONSE_TIMEOUT` seconds. What a page
  shows besides the index (a training's seats left) is declared while it renders
  (`core.cache.depend_on`); the entry is stale once any of that changes, and
  expires at the next moment that changes it by time alone (registration opens).

Signed-in people never read or write either layer: what they may see can differ
from what a visitor sees (private collections and pages are never indexed
today, but a person's results must not depend on that staying so), and their
pages carry their name and forms with their CSRF token.

The version lives in the cache itself, so all processes share it when the cache
is Redis; only django.core.cache is used. The local-memory cache (the embedded
default) is one per process, while documents are indexed by the task worker, a
process of its own: with it, nothing is cached unless tasks run in the process
that serves (the immediate backend), since the worker's changes could not make
the server's entries stale (`enabled`).
"""

import dataclasses
import hashlib
import unicodedata
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from core.cache import collecting_dependencies, seconds_until
from search import selectors
from search.engines import primary_engine
from search.engines.base import Results

VERSION_KEY = "search:index-version"
RESULTS_TIMEOUT = 600
RESPONSE_TIMEOUT = 60
# Headers a view sets that a response from the cache must carry again; the
# middleware adds the others (security headers, Content-Language, Vary) each time.
KEPT_HEADERS = ("Content-Type", "Access-Control-Allow-Origin", "Content-Language")

# A change this process could not record because the cache was away: recorded
# once it is back, so entries cached before the outage do not come back with it.
_change_pending = False


def _cache_available() -> bool:
    return getattr(cache, "available", True)


def index_version() -> str:
    global _change_pending
    if _change_pending and _cache_available():
        _change_pending = False
        index_changed()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def index_changed() -> None:
    """Make every cached search result and response stale."""
    global _change_pending
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if not _cache_available():
        _change_pending = True


def enabled() -> bool:
    """Whether every process that writes the index shares this cache."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return not isinstance(caches["default"], LocMemCache) or isinstance(
        task_backends["default"], ImmediateBackend
    )


def normalise_query(query: str) -> str:
    """One form for queries that differ only by case, spacing or Unicode form."""
    text = unicodedata.normalize("NFC", query or "").casefold()
    return unicodedata.normalize("NFC", " ".join(text.split()))


def is_anonymous(request) -> bool:
    """A GET from a visitor with no session and no pending messages: every such
    visitor gets the same results and the same page."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def served_from_cache(request) -> bool:
    return enabled() and is_anonymous(request)


def _digest(parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def results_key(*, params, language: str, facets: bool, version: str) -> str:
    filters = sorted(params.filters.as_dict().items())
    parts = (normalise_query(params.query), filters, params.page, language, facets)
    return f"search:results:{version}:{language}:{_digest(parts)}"


def search(*, request, params, language: str, facets: bool = True) -> Results:
    """`selectors.search`, from the cache for anonymous visitors."""
    if not served_from_cache(request):
        return selectors.search(params=params, language=language, facets=facets)
    key = results_key(
        params=params, language=language, facets=facets, version=index_version()
    )
    results = cache.get(key)
    if results is None:
        results = selectors.search(params=params, language=language, facets=facets)
        # An answer from the fallback engine (Elasticsearch down) is not kept.
        if results.engine == primary_engine().name:
            cache.set(key, results, RESULTS_TIMEOUT)
    return dataclasses.replace(results, query=params.query)


def response_key(request, language: str) -> str:
    query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    parts = (request.scheme, request.get_host(), request.path, query, language)
    return f"search:response:{index_version()}:{language}:{_digest(parts)}"


def _storable(request, response) -> bool:
    # A response that set a cookie or asked for a CSRF token belongs to one visitor.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _fresh(depends_on: dict[str, str | None]) -> bool:
    return not depends_on or cache.get_many(list(depends_on)) == depends_on


def anonymous_response(
    request, build: Callable[[], HttpResponse], *, language: str
) -> HttpResponse:
    """The response `build` makes, from the cache for anonymous visitors."""
    if not served_from_cache(request):
        return build()
    key = response_key(request, language)
    cached = cache.get(key)
    if isinstance(cached, dict) and _fresh(cached["depends_on"]):
        response = HttpResponse(cached["content"])
        for name, value in cached["headers"]:
            response[name] = value
    else:
        # What the page read besides the index (a training's seats left, through
        # core.cache.depend_on) makes the entry stale when it changes.
        with collecting_dependencies() as found:
            response = build()
            if hasattr(response, "render"):
                response.render()
        if _storable(request, response) and None not in found.keys.values():
            headers = [
                (name, response[name]) for name in KEPT_HEADERS if name in response
            ]
            cache.set(
                key,
                {
                    "content": response.content,
                    "headers": headers,
                    "depends_on": found.keys,
                },
                seconds_until(found.moments, limit=RESPONSE_TIMEOUT),
            )
    patch_vary_headers(response, ["Cookie"])
    return response
