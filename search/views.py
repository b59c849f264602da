"""The search page and its JSON variant; the work is in search.selectors."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search import cache as search_cache
from search import selectors
from search.presentation import present
from search.selectors import PARAMETERS


@require_GET
def search(request):
    return search_cache.anonymous_response(
        request, lambda: _search(request), language=get_language()
    )


def _search(request):
    params = selectors.SearchParams.from_query(request.GET)
    results = search_cache.search(
        request=request, params=params, language=get_language()
    )
    if request.GET.get("format") == "json":
        return _json(results)
    return render(
        request,
        "search/search.html",
        {
            "params": params,
            "results": present(results, get_language()),
            "facet_groups": _facet_groups(results),
            "parameters": PARAMETERS,
        },
    )


@require_GET
def api_search(request):
    """`/api/search/`: the JSON variant outside the language prefix, in the
    language of the `lang` parameter, else of Accept-Language. (`language` is the
    facet filtering the content's language, as on the search page.)"""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language_from_request(request)
    return search_cache.anonymous_response(
        request, lambda: _api_search(request, language), language=language
    )


def _api_search(request, language):
    params = selectors.SearchParams.from_query(request.GET)
    with translation.override(language):
        results = search_cache.search(request=request, params=params, language=language)
        response = _json(results)
    response["Content-Language"] = language
    return response


def _json(results):
    response = JsonResponse(selectors.results_as_json(results))
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _facet_groups(results):
    titles = {
        "kind": _("Type"),
        "agency": _("Agency"),
        "topic": _("Topic"),
        "language": _("Language"),
        "year": _("Year"),
    }
    return [
        {
            "facet": facet,
            "parameter": PARAMETERS[facet],
            "title": titles[facet],
            "values": values,
        }
        for facet, values in results.facets.items()
        if values
    ]
