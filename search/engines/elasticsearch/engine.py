"""The Elasticsearch engine: search, index, rebuild and prune through the client."""

import logging
from collections.abc import Iterable

from django.utils import timezone
from django.utils.safestring import mark_safe
from elasticsearch import Elasticsearch, helpers
from elasticsearch_dsl import (
    Search,
)

from search.analysis import clean_query, highlight, highlight_title
from search.engines.base import (
    FACETS,
    PER_PAGE,
    FacetCount,
    Hit,
    Progress,
    Results,
    SearchEngine,
    SearchError,
    SearchFilters,
)
from search.registry import IndexEntry

from .mapping import ENGINE_ERRORS, entry_document, index_alias, index_definition
from .queries import build_search

logger = logging.getLogger(__name__)


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url: str, *, timeout: float = 3.0):
        self.client = Elasticsearch(
            url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        self.alias = index_alias()
        self._target = self.alias

    # Reading

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        facets: bool = True,
        page: int = 1,
        language: str = "es",
    ) -> Results:
        query = clean_query(query)
        filters = filters or SearchFilters()
        if not query and not filters:
            return Results(query=query, hits=[], total=0, page=1, engine=self.name)
        try:
            response = build_search(
                query, filters, facets=facets, page=page, client=self.client
            ).execute()
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error
        total = response.hits.total.value
        pages = max(1, -(-total // PER_PAGE))
        if page > pages:
            return self.search(query, filters, facets, pages, language)
        results = Results(
            query=query,
            hits=[self._hit(hit, query) for hit in response],
            total=total,
            page=page,
            engine=self.name,
        )
        if facets:
            for facet in FACETS:
                chosen = {str(value) for value in getattr(filters, facet)}
                buckets = getattr(response.aggregations, facet).values.buckets
                results.facets[facet] = [
                    FacetCount(
                        value=str(bucket.key),
                        count=bucket.doc_count,
                        selected=str(bucket.key) in chosen,
                    )
                    for bucket in buckets
                ]
        if query and total == 0:
            options = response.suggest.spelling[0].options if response.suggest else []
            results.suggestion = options[0].text if options else ""
        return results

    def _hit(self, hit, query: str) -> Hit:
        fragments = getattr(hit.meta, "highlight", None)

        def first(*fields):
            for field in fields:
                values = getattr(fragments, field, None) if fragments else None
                if values:
                    # encoder=html: Elasticsearch escaped the text around <mark>.
                    return mark_safe(values[0])  # noqa: S308
            return None

        return Hit(
            kind=hit.kind,
            title=hit.title,
            url=hit.url,
            date=hit.date.date() if hasattr(hit.date, "date") else hit.date,
            language=getattr(hit, "language", ""),
            agencies=list(getattr(hit, "agencies", []) or []),
            snippet=first("body.es", "body.en", "body") or highlight("", query),
            title_html=first("title.es", "title.en", "title")
            or highlight_title(hit.title, query),
            score=hit.meta.score or 0.0,
            source=getattr(hit, "source", "") or "",
        )

    # Writing

    def _ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
            index_definition(name).create(using=self.client)
            self.client.indices.put_alias(index=name, name=self.alias)

    def index_entries(self, source: str, entries: list[IndexEntry]) -> None:
        try:
            self._ensure_index()
            self.client.delete_by_query(
                index=self.alias, query={"term": {"source": source}}, refresh=True
            )
            self._bulk(entries, refresh=True)
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error

    def bulk_index(self, entries: Iterable[IndexEntry]) -> None:
        try:
            self._bulk(entries)
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error

    def _bulk(self, entries: Iterable[IndexEntry], refresh: bool = False) -> None:
        actions = [
            entry_document(entry).to_dict(include_meta=True) | {"_index": self._target}
            for entry in entries
        ]
        if actions:
            helpers.bulk(self.client, actions, refresh=refresh)

    def clear(self) -> None:
        try:
            if self.client.indices.exists_alias(name=self.alias):
                self.client.delete_by_query(
                    index=self.alias, query={"match_all": {}}, refresh=True
                )
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error

    def rebuild(self, progress: Progress | None = None) -> int:
        """Fill a new index, then move the alias to it in one atomic step."""
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        try:
            index_definition(name).create(using=self.client)
            self._target = name
            try:
                done = self.bulk_index_all(progress)
            finally:
                self._target = self.alias
            self.client.indices.refresh(index=name)
            old = []
            if self.client.indices.exists_alias(name=self.alias):
                old = list(self.client.indices.get_alias(name=self.alias).body)
            self.client.indices.update_aliases(
                actions=[
                    {"remove": {"index": index, "alias": self.alias}} for index in old
                ]
                + [{"add": {"index": name, "alias": self.alias}}]
            )
            for index in old:
                self.client.indices.delete(index=index)
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error
        return done

    def sources(self) -> set[str]:
        try:
            if not self.client.indices.exists_alias(name=self.alias):
                return set()
            return {
                hit["_source"]["source"]
                for hit in helpers.scan(
                    self.client,
                    index=self.alias,
                    query={"query": {"match_all": {}}, "_source": ["source"]},
                )
            }
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error

    def prune(self, kept: set[str]) -> int:
        stale = sorted(self.sources() - kept)
        try:
            for start in range(0, len(stale), 1_000):
                self.client.delete_by_query(
                    index=self.alias,
                    query={"terms": {"source": stale[start : start + 1_000]}},
                    refresh=True,
                )
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error
        return len(stale)

    def counts(self) -> dict[str, int]:
        try:
            response = (
                Search(using=self.client, index=self.alias)
                .extra(size=0)
                .params(ignore_unavailable=True)
            )
            response.aggs.bucket("kinds", "terms", field="kind", size=50)
            result = response.execute()
        except ENGINE_ERRORS as error:
            raise SearchError(str(error)) from error
        return {b.key: b.doc_count for b in result.aggregations.kinds.buckets}
