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

- PostgreSQL: generated `tsvector` columns (title and text; title alone) built
  with the `portal_es`/`portal_en` text search configurations (unaccent +
  Spanish/English Snowball stemmers), GIN-indexed (migration 0003), matched with
  `websearch_to_tsquery` in both configurations.
- SQLite: a FTS5 table holding the words after `search.analysis` folding and
  light stemming (applied to queries too), ranked by `bm25`.

What keeps a query fast at 100,000 entries, whatever the share of them it matches:
ranking reads each candidate's whole vector, so PostgreSQL ranks (`ts_rank_cd`)
only a bounded set of candidates (title matches first, then text matches); the
total and every facet count come from one grouped query over the matching ids,
stopping at COUNT_LIMIT matches (beyond it the page says "more than"); snippets
are built for the shown hits only.
"""

import difflib
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
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
# Matches counted (total and facets) before the count says "more than".
COUNT_LIMIT = 1_000
# PostgreSQL: entries ranked per query, from title matches, then text matches.
TITLE_CANDIDATES = 100
CANDIDATES = 200
HIT_FIELDS = ("id", "kind", "title", "body", "url", "date", "language")

TSQUERY = (
    "(websearch_to_tsquery('portal_es'::regconfig, %s) || "
    "websearch_to_tsquery('portal_en'::regconfig, %s))"
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
        # PostgreSQL computes its vectors itself (generated columns).
        if _vendor() != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_entry_fts(rowid, title, body) VALUES (%s, %s, %s)",
                [
                    (row.pk, " ".join(terms(row.title)), " ".join(terms(row.body)))
                    for row in rows
                ],
            )

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

    def sources(self) -> set[str]:
        return set(SearchEntry.objects.values_list("source", flat=True).distinct())

    def prune(self, kept: set[str]) -> int:
        stale = sorted(self.sources() - kept)
        with transaction.atomic():
            for start in range(0, len(stale), 500):
                self._delete(
                    SearchEntry.objects.filter(source__in=stale[start : start + 500])
                )
        return len(stale)

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

    @staticmethod
    def _fts_expression(query: str) -> str:
        # Every term quoted: FTS5 query syntax in user input is never interpreted.
        return " ".join(f'"{term}"' for term in query_terms(query)) or '""'

    def _has_words(self, query: str) -> bool:
        return bool(query_terms(query))

    def _matches(self, filters: SearchFilters, query: str) -> QuerySet:
        """Entries passing `filters` and, when there are query words, matching them."""
        filtered = self._filtered(filters)
        return self._matching(filtered, query) if query else filtered

    @staticmethod
    def _sql(queryset: QuerySet) -> tuple[str, tuple]:
        return queryset.query.sql_with_params()

    def _count(
        self,
        matched: QuerySet,
        wanted: tuple[str, ...],
        ranking: tuple[QuerySet, str, int] | None = None,
    ) -> tuple[int, dict[str, Counter], list[tuple[int, float]] | None]:
        """How many entries match (stopping at COUNT_LIMIT + 1) and, among them,
        the counts of the `wanted` facets: one grouped query over the matching ids.

        With `ranking` (PostgreSQL: the filtered entries, the query, the offset) the
        same statement also ranks one page, drawing its candidates from those
        matching ids and from title matches, so the match is evaluated once.
        """
        ids_sql, params = self._sql(
            matched.order_by().values("id", "kind", "language", "year")[
                : COUNT_LIMIT + 1
            ]
        )
        params = list(params)
        # Only constants are interpolated below; user input stays in `params`.
        ctes = [f"m AS {'MATERIALIZED ' if ranking else ''}({ids_sql})"]
        parts = ["SELECT 'total' AS facet, '' AS value, COUNT(*) AS n FROM m"]
        for column in ("kind", "language", "year"):
            if column in wanted:
                parts.append(
                    f"SELECT '{column}', CAST({column} AS text), COUNT(*) "  # noqa: S608
                    f"FROM m WHERE {column} IS NOT NULL GROUP BY {column}"
                )
        related = [facet for facet in ("agency", "topic") if facet in wanted]
        if related:
            names = ", ".join(f"'{facet}'" for facet in related)
            parts.append(
                "SELECT f.facet, f.value, COUNT(*) "  # noqa: S608
                "FROM search_searchfacetvalue f "
                f"JOIN m ON f.entry_id = m.id WHERE f.facet IN ({names}) "
                "GROUP BY f.facet, f.value"
            )
        if ranking:
            filtered, query, offset = ranking
            title_sql, title_params = self._title_candidates(filtered, query, offset)
            ctes.append(
                "page AS (SELECT e.id, ts_rank_cd(e.search_vector, "  # noqa: S608
                f"{TSQUERY}, 32) AS rank, row_number() OVER (ORDER BY "
                f"ts_rank_cd(e.search_vector, {TSQUERY}, 32) DESC, "
                "e.date DESC NULLS LAST, e.id) AS position "
                "FROM search_searchentry e WHERE e.id IN ("
                f"SELECT by_title.id FROM ({title_sql}) AS by_title UNION "
                "SELECT c.id FROM (SELECT m.id FROM m LIMIT %s) AS c) "
                "ORDER BY position LIMIT %s OFFSET %s)"
            )
            params += [query, query, query, query, *title_params]
            params += [max(CANDIDATES, offset + PER_PAGE), PER_PAGE, offset]
            parts.append("SELECT 'hit', CAST(id AS text), position, rank FROM page")
            parts[0] = "SELECT 'total' AS facet, '' AS value, COUNT(*) AS n, 0.0 FROM m"
            parts[1:-1] = [
                part.replace(", COUNT(*) ", ", COUNT(*), 0.0 ", 1)
                for part in parts[1:-1]
            ]
        sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)  # noqa: S608
        counts = {facet: Counter() for facet in wanted}
        total = 0
        hits = []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, n, *rank in cursor.fetchall():
                if facet == "total":
                    total = n
                elif facet == "hit":
                    hits.append((n, int(value), float(rank[0])))
                elif value not in (None, ""):
                    counts[facet][value] += n
        scored = [(pk, rank) for _position, pk, rank in sorted(hits)]
        return total, counts, (scored if ranking else None)

    @staticmethod
    def _title_candidates(filtered: QuerySet, query: str, offset: int):
        by_title = filtered.extra(  # noqa: S610 - constant SQL, bound parameters
            where=[f"title_vector @@ {TSQUERY}"], params=[query, query]
        )
        return DatabaseEngine._sql(
            by_title.order_by().values("id")[: max(TITLE_CANDIDATES, offset + PER_PAGE)]
        )

    def _ranked_ids(
        self, filters: SearchFilters, query: str, offset: int
    ) -> list[tuple[int, float]]:
        """Ids and scores of one page of matches, best first."""
        filtered = self._filtered(filters)
        wanted = offset + PER_PAGE
        if _vendor() == "postgresql":
            # ts_rank_cd reads every ranked vector whole, so only a bounded set of
            # candidates is ranked: title matches first, then text matches.
            title_sql, title_params = self._title_candidates(filtered, query, offset)
            text_sql, text_params = self._sql(
                self._matching(filtered, query)
                .order_by()
                .values("id")[: max(CANDIDATES, wanted)]
            )
            sql = (
                f"SELECT id, ts_rank_cd(search_vector, {TSQUERY}, 32) AS rank "  # noqa: S608
                "FROM search_searchentry WHERE id IN ("
                f"SELECT by_title.id FROM ({title_sql}) AS by_title UNION "
                f"SELECT by_text.id FROM ({text_sql}) AS by_text) "
                "ORDER BY rank DESC, date DESC NULLS LAST, id LIMIT %s OFFSET %s"
            )
            params = [query, query, *title_params, *text_params, PER_PAGE, offset]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return [(pk, float(rank)) for pk, rank in cursor.fetchall()]
        ranked = filtered.extra(  # noqa: S610 - constant SQL, bound parameters
            tables=["search_entry_fts"],
            where=[
                "search_entry_fts.rowid = search_searchentry.id",
                "search_entry_fts MATCH %s",
            ],
            params=[self._fts_expression(query)],
            select={"rank": "-bm25(search_entry_fts, 4.0, 1.0)"},
        ).order_by("-rank", "-date", "pk")
        return list(ranked.values_list("pk", "rank")[offset:wanted])

    def _page_rows(
        self,
        filters: SearchFilters,
        query: str,
        offset: int,
        scored: list[tuple[int, float]] | None = None,
    ) -> list[tuple[dict, list[str], float]]:
        """The shown entries (as dicts), their agencies and scores, best first."""
        if scored is None and query:
            scored = self._ranked_ids(filters, query, offset)
        elif scored is None:
            newest = self._filtered(filters).order_by("-date", "pk")
            scored = [
                (pk, 0.0)
                for pk in newest.values_list("pk", flat=True)[
                    offset : offset + PER_PAGE
                ]
            ]
        rows: dict[int, dict] = {}
        agencies: dict[int, list[str]] = {}
        shown = (
            SearchEntry.objects.filter(pk__in=[pk for pk, _score in scored])
            .annotate(
                agency=FilteredRelation(
                    "facet_values", condition=Q(facet_values__facet="agency")
                )
            )
            .values(*HIT_FIELDS, "agency__value")
            .order_by("agency__id")
        )
        for row in shown:
            rows.setdefault(row["id"], row)
            slugs = agencies.setdefault(row["id"], [])
            if row["agency__value"]:
                slugs.append(row["agency__value"])
        return [(rows[pk], agencies[pk], score) for pk, score in scored if pk in rows]

    @staticmethod
    def _facet_groups(filters: SearchFilters):
        """(facets, filters) pairs to count. A facet's own choice does not narrow
        its counts, so every facet without a choice shares the first group, which
        always applies every filter and so gives the total."""
        plain = tuple(facet for facet in FACETS if not getattr(filters, facet))
        return [(plain, filters)] + [
            ((facet,), filters.without(facet))
            for facet in FACETS
            if getattr(filters, facet)
        ]

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
        text = query if searching else ""
        groups = self._facet_groups(filters) if facets else [((), filters)]
        offset = (max(page, 1) - 1) * PER_PAGE
        counts: dict[str, Counter] = {}
        total, scored = 0, None
        for number, (wanted, chosen) in enumerate(groups):
            matched = self._matches(chosen, text)
            ranking = None
            if number == 0 and text and _vendor() == "postgresql":
                ranking = (self._filtered(filters), text, offset)
            found, group_counts, ranked = self._count(matched, wanted, ranking)
            counts.update(group_counts)
            if number == 0:
                total, scored = found, ranked
        exact = total <= COUNT_LIMIT
        total = min(total, COUNT_LIMIT)
        last = max(1, -(-total // PER_PAGE))
        if page > last:
            # Past the last page: show the last one (ranked again for it).
            page, scored = last, None
        offset = (page - 1) * PER_PAGE
        rows = self._page_rows(filters, text, offset, scored) if total else []
        results = Results(
            query=query,
            hits=[
                self._hit(row, agencies, score, query) for row, agencies, score in rows
            ],
            total=total,
            page=page,
            engine=self.name,
            total_exact=exact,
        )
        if facets:
            results.facets = self._facet_counts(counts, filters)
        if searching and total == 0:
            results.suggestion = self.suggest(query)
        return results

    def _hit(self, row: dict, agencies: list[str], score: float, query: str) -> Hit:
        return Hit(
            kind=row["kind"],
            title=row["title"],
            url=row["url"],
            date=row["date"],
            language=row["language"],
            agencies=agencies,
            snippet=highlight(row["body"], query),
            title_html=highlight_title(row["title"], query),
            score=score,
        )

    @staticmethod
    def _facet_counts(
        counts: dict[str, Counter], filters: SearchFilters
    ) -> dict[str, list[FacetCount]]:
        facets = {}
        for facet in FACETS:
            chosen_values = {str(value) for value in getattr(filters, facet)}
            ordered = sorted(
                counts.get(facet, Counter()).items(),
                key=lambda item: (-item[1], item[0]),
            )
            facets[facet] = [
                FacetCount(value=value, count=n, selected=value in chosen_values)
                for value, n in ordered[:FACET_LIMIT]
            ]
            if facet == "year":
                facets[facet].sort(key=lambda item: item.value, reverse=True)
        return facets

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
