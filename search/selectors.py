"""Reads of the search app: the request's parameters, a search that falls back to
the database when Elasticsearch fails, and labels for what an engine returns."""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from search.analysis import clean_query
from search.engines import database_engine, primary_engine
from search.engines.base import (
    FACETS,
    MAX_PAGE,
    Results,
    SearchError,
    SearchFilters,
)
from search.registry import registry

logger = logging.getLogger(__name__)

SLUG = re.compile(r"^[-\w]{1,100}$")
MAX_VALUES = 20
# The query-string name of each facet ("kind" is "type" in addresses).
PARAMETERS = {
    "kind": "type",
    "agency": "agency",
    "topic": "topic",
    "language": "language",
    "year": "year",
}


def _years(values: list[str]) -> tuple[int, ...]:
    years = []
    for value in values:
        if value.isdigit() and 1900 <= int(value) <= 2200:
            years.append(int(value))
    return tuple(dict.fromkeys(years))


def _slugs(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if SLUG.match(value)))


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 1

    @classmethod
    def from_query(cls, data: QueryDict) -> "SearchParams":
        """Malformed values are dropped or clamped, never an error."""
        chosen = {}
        for facet, parameter in PARAMETERS.items():
            values = [value[:100] for value in data.getlist(parameter)[:MAX_VALUES]]
            chosen[facet] = _years(values) if facet == "year" else _slugs(values)
        try:
            page = int(data.get("page", "1"))
        except ValueError:
            page = 1
        return cls(
            query=clean_query(data.get("q", "")),
            filters=SearchFilters(**chosen),
            page=max(1, min(page, MAX_PAGE)),
        )


def search(*, params: SearchParams, language: str, facets: bool = True) -> Results:
    """One results page from the configured engine; Elasticsearch trouble is
    logged and answered from the database index."""
    engine = primary_engine()
    arguments = {
        "query": params.query,
        "filters": params.filters,
        "facets": facets,
        "page": params.page,
        "language": language,
    }
    try:
        results = engine.search(**arguments)
    except SearchError:
        if engine.name == "database":
            raise
        logger.error(
            "Elasticsearch is unavailable; answering from the database", exc_info=True
        )
        results = database_engine().search(**arguments)
    label(results, language)
    return results


def _language_names(codes: set[str]) -> dict[str, str]:
    """Content languages named by their app; the site's own languages by settings."""
    return {
        **registry.facet_labels("language", codes),
        **{code: str(name) for code, name in settings.LANGUAGES},
    }


def label(results: Results, language: str) -> None:
    """Give facet values and hits readable names in `language`."""
    with translation.override(language):
        agencies = {value.value for value in results.facets.get("agency", [])}
        agencies.update(slug for hit in results.hits for slug in hit.agencies)
        topics = {value.value for value in results.facets.get("topic", [])}
        languages = {value.value for value in results.facets.get("language", [])}
        languages.update(hit.language for hit in results.hits if hit.language)
        names = {
            "kind": {kind: str(label) for kind, label in registry.kinds().items()},
            "agency": registry.facet_labels("agency", agencies),
            "topic": registry.facet_labels("topic", topics),
            "language": _language_names(languages),
            "year": {},
        }
        for facet in FACETS:
            for value in results.facets.get(facet, []):
                value.label = names[facet].get(value.value, value.value)
        for hit in results.hits:
            hit.kind_label = names["kind"].get(hit.kind, hit.kind)
            hit.agency_names = [
                names["agency"].get(slug, slug) for slug in hit.agencies
            ]
            hit.language_label = names["language"].get(hit.language, "")


def results_as_json(results: Results) -> dict:
    """The JSON variant of a results page, for other sites."""
    return {
        "query": results.query,
        "total": results.total,
        # False: the engine stopped counting at "total" (there are more).
        "total_exact": results.total_exact,
        "page": results.page,
        "pages": results.num_pages,
        "suggestion": results.suggestion,
        "results": [
            {
                "type": hit.kind,
                "type_label": hit.kind_label,
                "title": hit.title,
                "url": hit.url,
                "date": hit.date.isoformat() if hit.date else None,
                "language": hit.language,
                "agencies": [
                    {"slug": slug, "name": name}
                    for slug, name in zip(hit.agencies, hit.agency_names, strict=True)
                ],
                "snippet": str(hit.snippet),
            }
            for hit in results.hits
        ],
        "facets": {
            PARAMETERS[facet]: [
                {"value": value.value, "label": value.label, "count": value.count}
                for value in values
            ]
            for facet, values in results.facets.items()
        },
    }
