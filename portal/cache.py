"""Cached public listings (home, news index, calendar) and the version that every
change to what they show replaces.

Two layers: visitors without a session get the whole page from the cache
(`AnonymousPageCacheMixin`); everyone else gets the page rendered for them, with
only its listing fragment cached (`{% listingcache %}`), which holds what every
visitor sees alike: the header (sign-in state), messages and anything personal
stay outside it. Both keys carry the listings version, so saving, publishing,
unpublishing, moving or deleting a page, or changing an agency, a topic, a view
restriction or the portal settings, makes every cached listing unreachable at
once; old entries then expire on their own. The timeout bounds what time alone
changes (a training that has started leaves "upcoming").

Only the query parameters a page reads (its filters and page number,
`QUERY_PARAMETERS`) reach the key and the page: any other parameter (a tracking
tag, a cache-buster) is dropped before the page renders, so random query strings
share the page's one entry instead of each adding their own.

The version lives in the cache itself, so all ASGI processes share it when the
cache is Redis (REDIS_URL); the local-memory default is per process, which is
only right for one process.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

LISTINGS_VERSION_KEY = "listings:version"
LISTINGS_TIMEOUT = 300
# The query parameters each cached page type reads; anything else is dropped.
QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "home.homepage": (),
    "home.newsindexpage": ("tag", "year", "page"),
    "events.eventindexpage": (
        "view",
        "month",
        "when",
        "agency",
        "topic",
        "modality",
        "location",
        "language",
        "audience",
        "page",
    ),
}


# A change this process could not record because the cache was away: recorded
# once it is back, so listings cached before the outage do not come back with it.
_change_pending = False


def listings_version() -> str:
    global _change_pending
    if _change_pending and getattr(cache, "available", True):
        _change_pending = False
        listings_changed()
    version = cache.get(LISTINGS_VERSION_KEY)
    if version is None:
        cache.add(LISTINGS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(LISTINGS_VERSION_KEY)
    return version


def listings_changed() -> None:
    """Make every cached listing stale."""
    global _change_pending
    cache.set(LISTINGS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    if not getattr(cache, "available", True):
        _change_pending = True


def listing_fragment_key(name: str, request, page_id: int | None) -> str:
    """One key per listing, version, language, page and address: the host (feed
    links name it), the path and the query parameters, in a fixed order (a cached
    page has already dropped those it does not read, see `_keep_query_parameters`)."""
    query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    address = hashlib.sha256(
        repr((request.get_host(), request.path, query)).encode()
    ).hexdigest()
    return f"listing:{name}:{listings_version()}:{get_language()}:{page_id}:{address}"


def _keep_query_parameters(request, page) -> None:
    """Drop the query parameters `page` does not read, so neither the cache key
    nor the rendered links (which repeat the current query or the full address,
    like the language switcher) carry them."""
    kept = QUERY_PARAMETERS.get(page._meta.label_lower, ())
    if all(key in kept for key in request.GET):
        return
    query = QueryDict(mutable=True)
    for key in kept:
        if key in request.GET:
            query.setlist(key, request.GET.getlist(key))
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _serves_everyone_alike(request) -> bool:
    """A GET from a visitor with no session and no pending messages: the page it
    gets is the one every such visitor gets."""
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _storable(request, response) -> bool:
    # A page that asked for a CSRF token or set a cookie belongs to one visitor.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class AnonymousPageCacheMixin:
    """For public listing pages: the whole page, for visitors without a session,
    is served from the cache under the listings version; everyone else gets the
    page rendered for them (with its listing fragment cached). Sub-routes (feeds)
    are never stored: only the page's own template response is."""

    def serve(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False):
            _keep_query_parameters(request, self)
        if not _serves_everyone_alike(request):
            return super().serve(request, *args, **kwargs)
        key = listing_fragment_key("page", request, self.pk)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = super().serve(request, *args, **kwargs)
            own_page = getattr(response, "template_name", None) == self.get_template(
                request
            )
            if own_page:
                response.render()
                if _storable(request, response):
                    cache.set(
                        key,
                        (response.content, response["Content-Type"]),
                        LISTINGS_TIMEOUT,
                    )
        patch_vary_headers(response, ["Cookie"])
        return response


def _content_changed(**kwargs) -> None:
    # Now, so this very transaction reads fresh listings, and again after the
    # commit, so a request that cached the old state in between is not kept.
    listings_changed()
    transaction.on_commit(listings_changed)


def _page_saved_or_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        _content_changed()


def _settings_saved(sender, instance, created, **kwargs) -> None:
    # The first page rendered creates the settings row with empty values: that
    # changes nothing shown.
    if not created:
        _content_changed()


def connect_signals() -> None:
    """Connected from PortalConfig.ready(). Any page save counts (a draft too):
    a page built with `add_child` is live without being published."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from agencies.models import Agency
    from home.models import PortalSettings, Topic

    post_save.connect(_page_saved_or_deleted, dispatch_uid="listings_page_saved")
    post_delete.connect(_page_saved_or_deleted, dispatch_uid="listings_page_deleted")
    for signal, name in [
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ]:
        signal.connect(_content_changed, dispatch_uid=f"listings_page_{name}")
    # The footer of a whole cached page shows the portal settings.
    post_save.connect(
        _settings_saved, sender=PortalSettings, dispatch_uid="listings_settings_saved"
    )
    # Cards name the organizers; the calendar's filters list agencies and topics.
    for model in (Agency, Topic, PageViewRestriction):
        label = model._meta.label_lower
        post_save.connect(
            _content_changed, sender=model, dispatch_uid=f"listings_{label}_saved"
        )
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"listings_{label}_deleted"
        )
