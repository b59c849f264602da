"""The database engine on SQLite: a FTS5 table `search_entry_fts` (rowid = entry
id, created by migration 0002) holds the words of each entry after
`search.analysis` folding and light stemming, applied to queries too; matches are
ranked by `bm25`, the title weighing four times the text."""

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from search.analysis import query_terms, terms
from search.engines.base import PER_PAGE, SearchFilters
from search.engines.database.base import BaseDatabaseEngine, Scored
from search.models import SearchEntry


class SQLiteDatabaseEngine(BaseDatabaseEngine):
    def _write_fulltext(self, rows: list[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_entry_fts(rowid, title, body) VALUES (%s, %s, %s)",
                [
                    (row.pk, " ".join(terms(row.title)), " ".join(terms(row.body)))
                    for row in rows
                ],
            )

    def _delete_fulltext(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_entry_fts WHERE rowid = %s",
                [(pk,) for pk in ids],
            )

    def _clear_fulltext(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry_fts")

    @staticmethod
    def _fts_expression(query: str) -> str:
        # Every term quoted: FTS5 query syntax in user input is never interpreted.
        return " ".join(f'"{term}"' for term in query_terms(query)) or '""'

    def _matching(self, entries: QuerySet, query: str) -> QuerySet:
        return entries.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s",
                [self._fts_expression(query)],
            )
        )

    def _ranked_ids(self, filters: SearchFilters, query: str, offset: int) -> Scored:
        ranked = (
            self._filtered(filters)
            .extra(  # noqa: S610 - constant SQL, bound parameters
                tables=["search_entry_fts"],
                where=[
                    "search_entry_fts.rowid = search_searchentry.id",
                    "search_entry_fts MATCH %s",
                ],
                params=[self._fts_expression(query)],
                select={"rank": "-bm25(search_entry_fts, 4.0, 1.0)"},
            )
            .order_by("-rank", "-date", "pk")
        )
        return list(ranked.values_list("pk", "rank")[offset : offset + PER_PAGE])
