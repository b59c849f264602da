"""The search page (a first version over Wagtail search; issue 6 adds engines)."""

from django.shortcuts import render
from wagtail.models import Locale, Page

from portal.pagination import paginate


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        results = pages.search(query)
    return render(
        request,
        "search/search.html",
        {"query": query, "results": paginate(request, results)},
    )
