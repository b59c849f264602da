"""Cache versioning: the version every cached public page, listing and route carries,
the changes that replace it, and how a page or view offers its response to the
anonymous page cache (`portal.cache.AnonymousPageCacheMiddleware`).

One version for all content. Saving, publishing, unpublishing, moving or deleting
a page, or changing a view restriction (connected here), an agency, a topic or the
portal settings (connected by the project shell with `invalidate_on_change`),
replaces it, so every cached page, listing fragment and route becomes unreachable
at once; old entries then expire on their own. It is replaced at once, so the
changing transaction reads fresh pages, and again after the commit, so a request
that cached the old state in between is not kept. The version lives in the cache
itself: every ASGI process sharing Redis (REDIS_URL) sees a change at once, which
is the whole fan-out; the local-memory default is per process.

A training's registrations have a version of their own (`registrations_changed`),
bumped by the registration services after a seat is taken or freed, so that a
registration rush does not empty the cache of the whole site: only that
training's cached pages (both languages) depend on it. What time alone changes
(registration opening or closing, a training starting) is bounded by the
entry's timeout, which a training page shortens to the next such moment.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.cache import patch_vary_headers

VERSION_KEY = "listings:version"
# What time alone changes (a training that has started leaves "upcoming") shows
# within this many seconds.
TIMEOUT = 300
SHARED_RESPONSE_MARK = "anonymous_cache"

# A change this process could not record because the cache was away: recorded
# once it is back, so pages cached before the outage do not come back with it.
_change_pending = False


def _cache():
    from django.core.cache import cache

    return cache


def _available() -> bool:
    return getattr(_cache(), "available", True)


def listings_version() -> str | None:
    """The current version (None only while the cache is away)."""
    global _change_pending
    cache = _cache()
    if _change_pending and _available():
        _change_pending = False
        listings_changed()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def version_and(key: str):
    """The current version and the cached value of `key`, in one round trip."""
    if _change_pending:
        listings_version()
    found = _cache().get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return listings_version(), None
    return version, found.get(key)


def listings_changed() -> None:
    """Make every cached page, listing and route stale, now."""
    global _change_pending
    _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if not _available():
        _change_pending = True


def content_changed(**kwargs) -> None:
    """Now, and again after the commit (see the module docstring). Takes any
    signal arguments, so it serves as a receiver itself."""
    listings_changed()
    transaction.on_commit(listings_changed)


# --- Registrations -----------------------------------------------------------------


def registrations_key(training_key) -> str:
    """Keyed by the training's translation key: both languages share it."""
    return f"registrations:version:{training_key}"


def registrations_version(training_key) -> str | None:
    cache = _cache()
    key = registrations_key(training_key)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def registrations_versions(training_keys: Iterable) -> dict[str, str | None]:
    """The registrations versions of many trainings, by cache key, in one round
    trip (a training without one yet gets one)."""
    keys = [registrations_key(training_key) for training_key in training_keys]
    found = _cache().get_many(keys) if keys else {}
    for key in keys:
        if key not in found:
            _cache().add(key, uuid.uuid4().hex, timeout=None)
            found[key] = _cache().get(key)
    return found


def registrations_changed(*, training_key) -> None:
    """A seat of the training was taken or freed, or a registration changed:
    its cached pages (seats, "full", "registration open") are stale. The hook the
    registration services call inside their transaction; takes effect now and
    again after the commit, as `content_changed` does."""

    def bump() -> None:
        _cache().set(registrations_key(training_key), uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


# --- What a page read while it rendered ----------------------------------------


@dataclass
class RenderDependencies:
    """Cache keys (and the values read) a rendering followed, and the moments
    at which what it shows changes with no write (registration opens)."""

    keys: dict[str, str | None] = field(default_factory=dict)
    moments: list[datetime.datetime] = field(default_factory=list)

    def add(self, other: RenderDependencies) -> None:
        self.keys.update(other.keys)
        self.moments.extend(other.moments)


_collecting: ContextVar[tuple[RenderDependencies, ...]] = ContextVar(
    "cache_render_dependencies", default=()
)


@contextmanager
def collecting_dependencies() -> Iterator[RenderDependencies]:
    """Gather what the code run inside declares with `depend_on` (nested
    collections each receive it: a listing fragment inside a page)."""
    found = RenderDependencies()
    token = _collecting.set((*_collecting.get(), found))
    try:
        yield found
    finally:
        _collecting.reset(token)


def depend_on(
    keys: dict[str, str | None] | None = None,
    *,
    moments: Iterable[datetime.datetime | None] = (),
) -> None:
    """A selector tells the cached page or fragment being rendered what it read:
    cache keys with the values read before the data (a later change makes the
    entry stale), and moments when its result changes by time alone."""
    moments = [moment for moment in moments if moment is not None]
    for found in _collecting.get():
        found.keys.update(keys or {})
        found.moments.extend(moments)


# --- Offering a response to the anonymous page cache ----------------------------


def share_with_anonymous(
    response,
    *,
    query_parameters: Iterable[str] = (),
    timeout: int = TIMEOUT,
    depends_on: dict[str, str | None] | None = None,
):
    """Mark `response` as the one every visitor without a session gets at this
    address; the middleware stores it if nothing personal happened on the way
    (no cookie set, no session, status 200, not private). `query_parameters`:
    those the view reads (a request with any other is not stored);
    `depends_on`: cache keys and the values read before rendering (a later
    change of any of them makes the entry stale)."""
    setattr(
        response,
        SHARED_RESPONSE_MARK,
        {
            "query_parameters": frozenset(query_parameters),
            "timeout": max(1, int(timeout)),
            "depends_on": dict(depends_on or {}),
        },
    )
    patch_vary_headers(response, ["Cookie"])
    return response


def keep_query_parameters(request, kept: Iterable[str]) -> None:
    """Drop the query parameters a page does not read, so neither the cache key
    nor the rendered links (which repeat the current query or the full address,
    like the language switcher) carry them."""
    kept = tuple(kept)
    if all(key in kept for key in request.GET):
        return
    query = QueryDict(mutable=True)
    for key in kept:
        if key in request.GET:
            query.setlist(key, request.GET.getlist(key))
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def seconds_until(moments: Iterable[datetime.datetime | None], *, limit: int) -> int:
    """Seconds until the first of `moments` still to come, at most `limit`."""
    now = timezone.now()
    ahead = [
        (moment - now).total_seconds()
        for moment in moments
        if moment is not None and moment > now
    ]
    return int(max(1, min([limit, *ahead])))


class AnonymousPageCacheMixin:
    """For public Wagtail pages every visitor without a session sees alike: the
    page's own response is offered to the anonymous page cache. Sub-routes
    (feeds) and previews are not. Declare the query parameters the page reads
    in `cache_query_parameters`; any other is dropped before the page renders."""

    cache_query_parameters: tuple[str, ...] = ()

    def cache_dependencies(self) -> dict[str, str | None]:
        """Cache keys (and their current values) the page's content follows
        besides the content version."""
        return {}

    def cache_timeout(self) -> int:
        return TIMEOUT

    def serve(self, request, *args, **kwargs):
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        keep_query_parameters(request, self.cache_query_parameters)
        # Read before rendering: a change while the page renders leaves the
        # entry stale rather than fresh-looking.
        depends_on = self.cache_dependencies()
        with collecting_dependencies() as found:
            response = super().serve(request, *args, **kwargs)
            # Rendered here, so that what its listings read (depend_on) is known.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        if getattr(response, "template_name", None) == self.get_template(request):
            share_with_anonymous(
                response,
                query_parameters=self.cache_query_parameters,
                timeout=seconds_until(found.moments, limit=self.cache_timeout()),
                depends_on={**found.keys, **depends_on},
            )
        return response


# --- Receivers ---------------------------------------------------------------------


def _settings_saved(sender, instance, created, **kwargs) -> None:
    # The first page rendered creates a settings row with empty values: that
    # changes nothing shown.
    if not created:
        content_changed()


def invalidate_on_change(model, *, except_creation: bool = False) -> None:
    """Replace the version whenever a `model` row is saved or deleted (connected
    with `model` as the sender, so no other model's saves reach it)."""
    from django.db.models.signals import post_delete, post_save

    label = model._meta.label_lower
    saved = _settings_saved if except_creation else content_changed
    post_save.connect(saved, sender=model, dispatch_uid=f"cache_{label}_saved")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"cache_{label}_deleted"
    )


def connect_page_receivers() -> None:
    """Connected from CoreConfig.ready(): every page type's saves and deletions
    (a draft too: a page built with `add_child` is live without being
    published), publication, unpublication, moves, view restrictions, sites and
    locales."""
    from django.apps import apps
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in apps.get_models():
        if issubclass(model, Page):
            invalidate_on_change(model)
    # Sites and locales: routing is cached too (portal.page_routes).
    for model in (PageViewRestriction, Site, Locale):
        invalidate_on_change(model)
    for signal, name in [
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ]:
        signal.connect(content_changed, dispatch_uid=f"cache_page_{name}")
