"""The query body of a search: text, filters, facets and highlights."""

from elasticsearch import Elasticsearch
from elasticsearch_dsl import (
    A,
    Q,
    Search,
)

from search.engines.base import (
    FACETS,
    PER_PAGE,
    SearchFilters,
)

from .mapping import FACET_FIELDS, FACET_LIMIT, index_alias


def _filter_queries(filters: SearchFilters) -> dict[str, Q]:
    return {
        facet: Q("terms", **{FACET_FIELDS[facet]: list(values)})
        for facet, values in filters.as_dict().items()
        if values
    }


def build_search(
    query: str,
    filters: SearchFilters | None = None,
    *,
    facets: bool = True,
    page: int = 1,
    index: str | None = None,
    client: Elasticsearch | None = None,
) -> Search:
    """The request for one results page (tested offline through `to_dict()`)."""
    filters = filters or SearchFilters()
    search = Search(using=client, index=index or index_alias())
    if query:
        search = search.query(
            "bool",
            should=[
                Q(
                    "multi_match",
                    query=query,
                    type="most_fields",
                    operator="and",
                    fields=[f"title.{lang}^3", f"body.{lang}"],
                )
                for lang in ("es", "en")
            ]
            + [
                Q(
                    "multi_match",
                    query=query,
                    type="most_fields",
                    operator="and",
                    fields=["title^3", "title.prefix", "body"],
                ),
                Q("term", **{"title.exact": {"value": query.lower(), "boost": 10}}),
                Q("match_phrase", body={"query": query, "boost": 2}),
            ],
            minimum_should_match=1,
        )
        search = search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            fragment_size=240,
            number_of_fragments=1,
        ).highlight("title", "title.es", "title.en", number_of_fragments=0)
        search = search.highlight("body", "body.es", "body.en", no_match_size=240)
        search = search.suggest(
            "spelling",
            query,
            phrase={
                "field": "spell",
                "size": 1,
                "gram_size": 3,
                "direct_generator": [{"field": "spell", "suggest_mode": "always"}],
            },
        )
    else:
        search = search.sort("-date")
    chosen = _filter_queries(filters)
    if chosen:
        search = search.post_filter("bool", filter=list(chosen.values()))
    if facets:
        for facet in FACETS:
            others = [q for name, q in chosen.items() if name != facet]
            bucket = A("filter", Q("bool", filter=others) if others else Q("match_all"))
            bucket.bucket(
                "values", "terms", field=FACET_FIELDS[facet], size=FACET_LIMIT
            )
            search.aggs.bucket(facet, bucket)
    offset = (max(page, 1) - 1) * PER_PAGE
    search = search.source(excludes=["body", "spell"]).extra(track_total_hits=True)
    return search[offset : offset + PER_PAGE]
