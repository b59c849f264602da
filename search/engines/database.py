"""The database engine (default): SQLite FTS5 or PostgreSQL full-text search over
our own index table.

Why our own table rather than Wagtail's (modelsearch's) database backend: that
backend indexes one model at a time and searches one queryset at a time, so a
search across news, resources, events, agencies and documents with facet counts
(type, agency, topic, language, year) would mean one query per model and merging
ranks in Python, and its SQLite backend has no stemming. One table of
`SearchEntry` rows, with facet values beside it, answers a whole results page, its
total and every facet count with a handful of indexed SQL queries on both
databases.

- PostgreSQL: a `tsvector` column built with the `portal_es`/`portal_en` text
  search configurations (unaccent + Spanish/English Snowball stemmers), a GIN
  index, `websearch_to_tsquery` in both configurations, ranked by `ts_rank_cd`.
- SQLite: a FTS5 table holding the words after `search.analysis` folding and
  light stemming (applied to queries too), ranked by `bm25`.
"""

import difflib
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Window
from django.db.models.expressions import RawSQL

from search.analysis import (
    clean_query,
    fold,
    highlight,
    highlight_title,
    query_terms,
    terms,
    words,
)
from search.engines.base import (
    FACETS,
    PER_PAGE,
    FacetCount,
    Hit,
    Results,
    SearchEngine,
    SearchFilters,
)
from search.models import SearchEntry, SearchFacetValue, SearchTerm
from search.registry import IndexEntry

MAX_BODY = 100_000
VOCABULARY_SOURCE = 1_000
FACET_LIMIT = 20

TSQUERY = (
    "(websearch_to_tsquery('portal_es'::regconfig, %s) || "
    "websearch_to_tsquery('portal_en'::regconfig, %s))"
)
TSVECTOR = """CASE
    WHEN language = 'es' THEN
        setweight(to_tsvector('portal_es'::regconfig, title), 'A')
        || setweight(to_tsvector('portal_es'::regconfig, body), 'B')
    WHEN language = 'en' THEN
        setweight(to_tsvector('portal_en'::regconfig, title), 'A')
        || setweight(to_tsvector('portal_en'::regconfig, body), 'B')
    ELSE
        setweight(to_tsvector('portal_es'::regconfig, title), 'A')
        || setweight(to_tsvector('portal_en'::regconfig, title), 'A')
        || setweight(to_tsvector('portal_es'::regconfig, body), 'B')
        || setweight(to_tsvector('portal_en'::regconfig, body), 'B')
END"""

# Only constants are interpolated; the ids are bound parameters.
UPDATE_VECTORS = (
    f"UPDATE search_searchentry SET search_vector = {TSVECTOR} "  # noqa: S608
    "WHERE id = ANY(%s)"
)


def _vendor() -> str:
    return connection.vendor


class DatabaseEngine(SearchEngine):
    name = "database"

    # Writing

    def index_entries(self, source: str, entries: list[IndexEntry]) -> None:
        with transaction.atomic():
            self._delete(SearchEntry.objects.filter(source=source))
            self.bulk_index(entries)

    def bulk_index(self, entries) -> None:
        entries = list(entries)
        if not entries:
            return
        with transaction.atomic():
            self._delete(SearchEntry.objects.filter(key__in=[e.key for e in entries]))
            rows = SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        key=entry.key,
                        source=entry.source,
                        kind=entry.kind,
                        title=entry.title[:255].replace("\x00", ""),
                        body=entry.body[:MAX_BODY].replace("\x00", ""),
                        url=entry.url[:500],
                        date=entry.date,
                        year=entry.year,
                        language=entry.language,
                    )
                    for entry in entries
                ]
            )
            SearchFacetValue.objects.bulk_create(
                [
                    SearchFacetValue(entry=row, facet=facet, value=value[:100])
                    for row, entry in zip(rows, entries, strict=True)
                    for facet, values in (
                        ("agency", entry.agencies),
                        ("topic", entry.topics),
                    )
                    for value in dict.fromkeys(values)
                ]
            )
            self._write_fulltext(rows)
            self._learn_words(entries)

    def _write_fulltext(self, rows: list[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            if _vendor() == "sqlite":
                cursor.executemany(
                    "INSERT INTO search_entry_fts(rowid, title, body) "
                    "VALUES (%s, %s, %s)",
                    [
                        (row.pk, " ".join(terms(row.title)), " ".join(terms(row.body)))
                        for row in rows
                    ],
                )
            elif _vendor() == "postgresql":
                cursor.execute(UPDATE_VECTORS, [[row.pk for row in rows]])

    def _learn_words(self, entries: list[IndexEntry]) -> None:
        vocabulary = {
            word
            for entry in entries
            for word in words(f"{entry.title} {entry.body[:VOCABULARY_SOURCE]}")
            if 3 <= len(word) <= 40 and word.isalpha()
        }
        # Raw SQL: ORM bulk_create with ignore_conflicts costs more than the insert.
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_searchterm (term, length) VALUES (%s, %s) "
                "ON CONFLICT (term) DO NOTHING",
                [(word, len(word)) for word in vocabulary],
            )

    def _delete(self, queryset: QuerySet) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        if not ids:
            return
        if _vendor() == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM search_entry_fts WHERE rowid = %s",
                    [(pk,) for pk in ids],
                )
        SearchEntry.objects.filter(pk__in=ids).delete()

    def clear(self) -> None:
        with transaction.atomic():
            if _vendor() == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_entry_fts")
            SearchFacetValue.objects.all().delete()
            SearchEntry.objects.all().delete()
            SearchTerm.objects.all().delete()

    def counts(self) -> dict[str, int]:
        return dict(
            SearchEntry.objects.values_list("kind")
            .annotate(n=Count("id"))
            .order_by("kind")
            .values_list("kind", "n")
        )

    # Reading

    def _filtered(self, filters: SearchFilters) -> QuerySet:
        entries = SearchEntry.objects.all()
        if filters.kind:
            entries = entries.filter(kind__in=filters.kind)
        if filters.language:
            entries = entries.filter(language__in=filters.language)
        if filters.year:
            entries = entries.filter(year__in=filters.year)
        for facet in ("agency", "topic"):
            values = getattr(filters, facet)
            if values:
                entries = entries.filter(
                    Exists(
                        SearchFacetValue.objects.filter(
                            entry=OuterRef("pk"), facet=facet, value__in=values
                        )
                    )
                )
        return entries

    def _matching(self, entries: QuerySet, query: str) -> QuerySet:
        if _vendor() == "postgresql":
            return entries.extra(  # noqa: S610 - constant SQL, bound parameters
                where=[f"search_vector @@ {TSQUERY}"], params=[query, query]
            )
        expression = self._fts_expression(query)
        return entries.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s",
                [expression],
            )
        )

    def _ranked(self, entries: QuerySet, query: str) -> QuerySet:
        if _vendor() == "postgresql":
            return entries.extra(  # noqa: S610 - constant SQL, bound parameters
                where=[f"search_vector @@ {TSQUERY}"],
                params=[query, query],
                select={"rank": f"ts_rank_cd(search_vector, {TSQUERY}, 32)"},
                select_params=[query, query],
            ).order_by("-rank", "-date", "pk")
        return entries.extra(  # noqa: S610 - constant SQL, bound parameters
            tables=["search_entry_fts"],
            where=[
                "search_entry_fts.rowid = search_searchentry.id",
                "search_entry_fts MATCH %s",
            ],
            params=[self._fts_expression(query)],
            select={"rank": "-bm25(search_entry_fts, 4.0, 1.0)"},
        ).order_by("-rank", "-date", "pk")

    @staticmethod
    def _fts_expression(query: str) -> str:
        # Every term quoted: FTS5 query syntax in user input is never interpreted.
        return " ".join(f'"{term}"' for term in query_terms(query)) or '""'

    def _has_words(self, query: str) -> bool:
        return bool(query_terms(query))

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
        searching = self._has_words(query)
        if not searching and not filters:
            return Results(query=query, hits=[], total=0, page=1, engine=self.name)
        filtered = self._filtered(filters)
        if searching:
            matched = self._matching(filtered, query)
            ranked = self._ranked(filtered, query)
        else:
            matched = filtered
            ranked = filtered.order_by("-date", "pk")
        rows, total, page = self._page(ranked, matched, page)
        results = Results(
            query=query,
            hits=[self._hit(row, query) for row in rows],
            total=total,
            page=page,
            engine=self.name,
        )
        if facets:
            results.facets = self._facets(query if searching else "", filters)
        if searching and total == 0:
            results.suggestion = self.suggest(query)
        return results

    def _page(self, ranked: QuerySet, matched: QuerySet, page: int):
        """One page of rows and the total. On PostgreSQL a window count saves
        evaluating the match a second time (SQLite's bm25() refuses windows)."""
        ranked = ranked.prefetch_related("facet_values")
        offset = (page - 1) * PER_PAGE
        if _vendor() == "postgresql":
            ranked = ranked.annotate(full_count=Window(Count("pk")))
            rows = list(ranked[offset : offset + PER_PAGE])
            if rows:
                return rows, rows[0].full_count, page
            total = matched.count() if page > 1 else 0
        else:
            total = matched.count()
            rows = list(ranked[offset : offset + PER_PAGE]) if total > offset else []
            if rows:
                return rows, total, page
        if not total:
            return [], 0, 1
        page = -(-total // PER_PAGE)
        offset = (page - 1) * PER_PAGE
        return list(ranked[offset : offset + PER_PAGE]), total, page

    def _hit(self, row: SearchEntry, query: str) -> Hit:
        return Hit(
            kind=row.kind,
            title=row.title,
            url=row.url,
            date=row.date,
            language=row.language,
            agencies=[
                value.value
                for value in row.facet_values.all()
                if value.facet == "agency"
            ],
            snippet=highlight(row.body, query),
            title_html=highlight_title(row.title, query),
            score=float(getattr(row, "rank", 0.0) or 0.0),
        )

    def _facets(
        self, query: str, filters: SearchFilters
    ) -> dict[str, list[FacetCount]]:
        """Counts per facet value. A facet's own choice does not narrow its counts,
        so every facet without a choice shares one pair of grouped queries."""
        counts: dict[str, Counter] = {}
        plain = [facet for facet in FACETS if not getattr(filters, facet)]
        groups = [(tuple(plain), filters)] + [
            ((facet,), filters.without(facet))
            for facet in FACETS
            if getattr(filters, facet)
        ]
        for wanted, chosen in groups:
            entries = self._filtered(chosen)
            if query:
                entries = self._matching(entries, query)
            counts.update(self._count_facets(entries, wanted))
        facets = {}
        for facet in FACETS:
            chosen_values = {str(value) for value in getattr(filters, facet)}
            ordered = sorted(
                counts[facet].items(), key=lambda item: (-item[1], item[0])
            )
            facets[facet] = [
                FacetCount(value=value, count=n, selected=value in chosen_values)
                for value, n in ordered[:FACET_LIMIT]
            ]
            if facet == "year":
                facets[facet].sort(key=lambda item: item.value, reverse=True)
        return facets

    def _count_facets(self, entries: QuerySet, wanted: tuple[str, ...]):
        counts = {facet: Counter() for facet in wanted}
        columns = [facet for facet in ("kind", "language", "year") if facet in wanted]
        if columns:
            for row in entries.values(*columns).annotate(n=Count("id")).order_by():
                for column in columns:
                    if row[column] not in (None, ""):
                        counts[column][str(row[column])] += row["n"]
        related = [facet for facet in ("agency", "topic") if facet in wanted]
        if related:
            rows = (
                SearchFacetValue.objects.filter(
                    facet__in=related, entry__in=entries.values("pk")
                )
                .values_list("facet", "value")
                .annotate(n=Count("entry_id"))
                .order_by()
            )
            for facet, value, n in rows:
                counts[facet][value] += n
        return counts

    def suggest(self, query: str) -> str:
        """A spelling of the query made of indexed words, when it finds something."""
        corrected, changed = [], False
        for word in words(query)[:12]:
            if len(word) < 4 or not word.isalpha():
                corrected.append(word)
                continue
            if SearchTerm.objects.filter(term=word).exists():
                corrected.append(word)
                continue
            candidates = SearchTerm.objects.filter(
                length__gte=len(word) - 2,
                length__lte=len(word) + 2,
                term__startswith=word[0],
            ).values_list("term", flat=True)[:5_000]
            best = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
            corrected.append(best[0] if best else word)
            changed = changed or bool(best)
        suggestion = " ".join(corrected)
        if not changed or fold(suggestion) == fold(query):
            return ""
        if self._matching(self._filtered(SearchFilters()), suggestion).exists():
            return suggestion
        return ""
