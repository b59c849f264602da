"""Wagtail's routing, cached: the site of a host in this process's memory and the
page of a path in the shared cache, both under the content version
(core.cache), so publishing, unpublishing, moving or deleting a page, or
changing a site or a locale, reroutes at once.

Wagtail keeps the site and the route it finds on the request
(`request._wagtail_site`, `request._wagtail_route_for_request`); this
middleware fills both before Wagtail's `serve` view runs, so routing costs one
query (the page itself) instead of one per path segment plus the site, the
localized root and the specific pages. Only a page's own address is cached
(not the sub-routes of a routable page). The view restrictions of the page and
its ancestors are stored with the route (a restriction's change replaces the
content version too): Wagtail still checks them on every request, without
reading them again.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from core.cache import TIMEOUT, request_listings_version

# The content version → {(host, port): site}. Only the current version's entries
# are kept; each process fills its own.
_sites: dict[str, dict[tuple[str, int | str], Site | None]] = {}


def _site_for(request, version: str) -> Site | None:
    by_host = _sites.get(version)
    if by_host is None:
        _sites.clear()
        by_host = _sites.setdefault(version, {})
    host = (request._get_raw_host(), request.get_port())
    if host not in by_host:
        by_host[host] = Site._find_for_request(request)
    return by_host[host]


def _route_key(version: str, site: Site, path: str) -> str:
    return f"route:{version}:{site.pk}:{get_language()}:{path}"


class PageRouteCacheMiddleware:
    """Fill Wagtail's per-request site and route from the caches (module
    docstring); store the route Wagtail found when it was a page's own address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_route_cache_key", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key and route is not None and not getattr(request, "_route_cached", False):
            page = route[0]
            site = request._wagtail_site
            segments = len(request._route_cache_path)
            # Sub-routes of a routable page (feeds) consume segments of their own.
            if page.depth - site.root_page.depth == segments:
                restrictions = list(page.get_view_restrictions())
                cache.set(key, (page.pk, page.content_type_id, restrictions), TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        version = request_listings_version(request)
        if version is None:  # the cache is away: Wagtail routes as usual
            return None
        # Every view: page links ({% pageurl %}) look the site up too.
        site = _site_for(request, version)
        request._wagtail_site = site
        if view_func is not wagtail_serve or request.method not in ("GET", "HEAD"):
            return None
        if site is None:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = _route_key(version, site, path)
        request._route_cache_key = key
        request._route_cache_path = [part for part in path.split("/") if part]
        cached = cache.get(key)
        if cached is None or len(cached) != 3:  # none, or from an older release
            return None
        page_id, content_type_id, restrictions = cached
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = (
            model.objects.select_related("locale").filter(pk=page_id).first()
            if model
            else None
        )
        if page is None:
            return None
        # Wagtail checks them before serving (its on_serve_page hook): the ones
        # of the page and its ancestors, read when the route was stored.
        page.get_view_restrictions = lambda: restrictions
        try:
            request._wagtail_route_for_request = page.route(request, [])
        except Exception:  # Http404 (no longer live): let Wagtail decide
            return None
        request._route_cached = True
        return None
