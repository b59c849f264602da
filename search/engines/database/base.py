"""What the database engine does on every database: writing entries and their facet
values, the vocabulary of "did you mean", filtering, counting and paging. A vendor
module (sqlite, postgresql) says how words are stored, matched and ranked.

Why our own table rather than Wagtail's (modelsearch's) database backend: that
backend indexes one model at a time and searches one queryset at a time, so a
search across news, resources, events, agencies and documents with facet counts
(type, agency, topic, language, year) would mean one query per model and merging
ranks in Python, and its SQLite backend has no stemming. One table of
`SearchEntry` rows, with facet values beside it, answers a whole results page, its
total and every facet count with a handful of indexed SQL queries on both
databases.

What keeps a query fast at 100,000 entries, whatever the share of them it matches:
the total and every facet count come from one grouped query over the matching ids,
stopping at COUNT_LIMIT matches (beyond it the page says "more than"); snippets
are built for the shown hits only; each vendor ranks only what it must.
"""

import difflib
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet

from search.analysis import (
    clean_query,
    fold,
    highlight,
    highlight_title,
    query_terms,
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
HIT_FIELDS = ("id", "kind", "title", "body", "url", "date", "language", "source")

Scored = list[tuple[int, float]]


class BaseDatabaseEngine(SearchEngine):
    """The shared part; `search.engines.database.DatabaseEngine()` returns the
    subclass for the database in use."""

    name = "database"

    # What each vendor says

    def _write_fulltext(self, rows: list[SearchEntry]) -> None:
        """Store the words of new rows where the vendor keeps them apart."""

    def _delete_fulltext(self, ids: list[int]) -> None:
        """Forget the words of rows about to be deleted."""

    def _clear_fulltext(self) -> None:
        """Forget every stored word."""

    def _matching(self, entries: QuerySet, query: str) -> QuerySet:
        """`entries` narrowed to those matching the words of `query`."""
        raise NotImplementedError

    def _ranked_ids(self, filters: SearchFilters, query: str, offset: int) -> Scored:
        """Ids and scores of one page of matches, best first."""
        raise NotImplementedError

    def _page_with_count(
        self, filters: SearchFilters, query: str, offset: int
    ) -> tuple[str, list] | None:
        """A statement ranking one page within the count (a CTE named `page` over
        the matching ids `m`, giving id, rank and position), or None to rank the
        page with a query of its own."""
        return None

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
        self._delete_fulltext(ids)
        SearchEntry.objects.filter(pk__in=ids).delete()

    def clear(self) -> None:
        with transaction.atomic():
            self._clear_fulltext()
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
        page: tuple[str, list] | None = None,
    ) -> tuple[int, dict[str, Counter], Scored | None]:
        """How many entries match (stopping at COUNT_LIMIT + 1) and, among them,
        the counts of the `wanted` facets: one grouped query over the matching ids.

        With `page` (from `_page_with_count`) the same statement also ranks one
        page, drawing its candidates from those matching ids, so the match is
        evaluated once.
        """
        ids_sql, params = self._sql(
            matched.order_by().values("id", "kind", "language", "year")[
                : COUNT_LIMIT + 1
            ]
        )
        params = list(params)
        # Only constants are interpolated below; user input stays in `params`.
        ctes = [f"m AS {'MATERIALIZED ' if page else ''}({ids_sql})"]
        parts = ["SELECT 'total' AS facet, '' AS value, COUNT(*) AS n, 0.0 FROM m"]
        for column in ("kind", "language", "year"):
            if column in wanted:
                parts.append(
                    f"SELECT '{column}', CAST({column} AS text), COUNT(*), 0.0 "  # noqa: S608
                    f"FROM m WHERE {column} IS NOT NULL GROUP BY {column}"
                )
        related = [facet for facet in ("agency", "topic") if facet in wanted]
        if related:
            names = ", ".join(f"'{facet}'" for facet in related)
            parts.append(
                "SELECT f.facet, f.value, COUNT(*), 0.0 "  # noqa: S608
                "FROM search_searchfacetvalue f "
                f"JOIN m ON f.entry_id = m.id WHERE f.facet IN ({names}) "
                "GROUP BY f.facet, f.value"
            )
        if page:
            page_sql, page_params = page
            ctes.append(f"page AS ({page_sql})")
            params += page_params
            parts.append("SELECT 'hit', CAST(id AS text), position, rank FROM page")
        sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)  # noqa: S608
        counts = {facet: Counter() for facet in wanted}
        total = 0
        hits = []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, n, rank in cursor.fetchall():
                if facet == "total":
                    total = n
                elif facet == "hit":
                    hits.append((n, int(value), float(rank)))
                elif value not in (None, ""):
                    counts[facet][value] += n
        scored = [(pk, rank) for _position, pk, rank in sorted(hits)]
        return total, counts, (scored if page else None)

    def _page_rows(
        self,
        filters: SearchFilters,
        query: str,
        offset: int,
        scored: Scored | None = None,
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
            if number == 0 and text:
                ranking = self._page_with_count(filters, text, offset)
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
            source=row["source"],
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
