"""Public views of the site's own pages outside the page tree: the legal pages'
stable addresses and the site map for people (the XML sitemap is for crawlers)."""

from django.http import Http404
from django.shortcuts import redirect, render
from wagtail.models import Site

from home import selectors


def _localized_root(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site.root_page.localized


def legal_page(request, kind: str):
    """A stable address (`{% url 'legal_page' 'privacy' %}`) for a legal page.

    Forms and templates link here; editors may move or retitle the page, the link
    follows it to the reader's language.
    """
    if kind not in selectors.LEGAL_PAGE_SLUGS:
        raise Http404
    page = selectors.legal_pages(root=_localized_root(request)).get(kind)
    if page is None:
        raise Http404
    return redirect(page.get_url(request=request))


def site_map(request):
    root = _localized_root(request)
    return render(
        request,
        "home/site_map.html",
        {"root": root, "sections": selectors.site_map_sections(root=root)},
    )
