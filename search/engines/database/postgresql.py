"""The database engine on PostgreSQL: generated `tsvector` columns (title and
text; title alone) built with the `portal_es`/`portal_en` text search
configurations (unaccent + Spanish/English Snowball stemmers), GIN-indexed
(migration 0003), matched with `websearch_to_tsquery` in both configurations.

PostgreSQL computes the vectors itself, so writing stores nothing more. Ranking
(`ts_rank_cd`) reads each candidate's whole vector, so only a bounded set of
candidates is ranked: title matches first, then text matches; on the first
results page the ranking runs inside the counting statement, so the match is
evaluated once.
"""

from django.db import connection
from django.db.models import QuerySet

from search.engines.base import PER_PAGE, SearchFilters
from search.engines.database.base import BaseDatabaseEngine, Scored

# Entries ranked per query, from title matches, then text matches.
TITLE_CANDIDATES = 100
CANDIDATES = 200

TSQUERY = (
    "(websearch_to_tsquery('portal_es'::regconfig, %s) || "
    "websearch_to_tsquery('portal_en'::regconfig, %s))"
)


class PostgreSQLDatabaseEngine(BaseDatabaseEngine):
    def _matching(self, entries: QuerySet, query: str) -> QuerySet:
        return entries.extra(  # noqa: S610 - constant SQL, bound parameters
            where=[f"search_vector @@ {TSQUERY}"], params=[query, query]
        )

    def _title_candidates(self, filtered: QuerySet, query: str, offset: int):
        by_title = filtered.extra(  # noqa: S610 - constant SQL, bound parameters
            where=[f"title_vector @@ {TSQUERY}"], params=[query, query]
        )
        return self._sql(
            by_title.order_by().values("id")[: max(TITLE_CANDIDATES, offset + PER_PAGE)]
        )

    def _page_with_count(
        self, filters: SearchFilters, query: str, offset: int
    ) -> tuple[str, list]:
        title_sql, title_params = self._title_candidates(
            self._filtered(filters), query, offset
        )
        sql = (
            "SELECT e.id, ts_rank_cd(e.search_vector, "  # noqa: S608
            f"{TSQUERY}, 32) AS rank, row_number() OVER (ORDER BY "
            f"ts_rank_cd(e.search_vector, {TSQUERY}, 32) DESC, "
            "e.date DESC NULLS LAST, e.id) AS position "
            "FROM search_searchentry e WHERE e.id IN ("
            f"SELECT by_title.id FROM ({title_sql}) AS by_title UNION "
            "SELECT c.id FROM (SELECT m.id FROM m LIMIT %s) AS c) "
            "ORDER BY position LIMIT %s OFFSET %s"
        )
        params = [query, query, query, query, *title_params]
        params += [max(CANDIDATES, offset + PER_PAGE), PER_PAGE, offset]
        return sql, params

    def _ranked_ids(self, filters: SearchFilters, query: str, offset: int) -> Scored:
        filtered = self._filtered(filters)
        title_sql, title_params = self._title_candidates(filtered, query, offset)
        text_sql, text_params = self._sql(
            self._matching(filtered, query)
            .order_by()
            .values("id")[: max(CANDIDATES, offset + PER_PAGE)]
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
