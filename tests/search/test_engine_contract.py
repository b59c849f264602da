"""One contract, every engine: the database engine always (SQLite or PostgreSQL,
whichever DATABASE_URL names), Elasticsearch where ELASTICSEARCH_URL is set."""

import datetime
import os

import pytest
from django.db import connection
from django.test import override_settings

from search.engines.base import SearchFilters
from search.engines.database import ENGINES, DatabaseEngine
from search.registry import IndexEntry
from tests.search.conftest import PDF_PHRASE

pytestmark = pytest.mark.django_db


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


class EngineContract:
    """Subclasses provide an `engine` fixture; `indexed` rebuilds it on the corpus."""

    @pytest.fixture
    def indexed(self, engine, corpus):
        engine.rebuild()
        return corpus

    def test_accents_are_ignored(self, engine, indexed):
        results = engine.search("migracion")
        assert indexed.news_es.title in titles(results)

    def test_spanish_plural_finds_singular(self, engine, indexed):
        results = engine.search("capacitaciones")
        assert indexed.news_es.title in titles(results)

    def test_english_plural_finds_singular(self, engine, indexed):
        results = engine.search("trainings")
        assert indexed.news_en.title in titles(results)

    def test_law_found_by_number(self, engine, indexed):
        results = engine.search("ley 36")
        assert indexed.law.title in titles(results)
        hit = next(hit for hit in results.hits if hit.title == indexed.law.title)
        assert hit.kind == "resource"
        assert hit.url == indexed.law.url
        assert hit.date == datetime.date(2013, 5, 24)

    def test_phrase_inside_a_pdf_is_found(self, engine, indexed):
        results = engine.search(PDF_PHRASE)
        assert [hit.kind for hit in results.hits] == ["document"]
        assert results.hits[0].title == indexed.pdf.title
        assert "<mark>" in results.hits[0].snippet

    def test_snippet_marks_words_and_escapes_the_rest(self, engine, indexed):
        results = engine.search("priorizados")
        snippet = str(results.hits[0].snippet)
        assert "<mark>priorizados</mark>" in snippet
        assert "<script>" not in snippet
        assert "&lt;script&gt;" in snippet

    def test_drafts_and_private_material_never_appear(self, engine, indexed):
        for word in ("borradorsecreto", "privadisimo", "confidencialisima"):
            assert engine.search(word).total == 0, word
        every = engine.search("", SearchFilters(kind=("news", "document")))
        assert indexed.draft.title not in titles(every)
        assert indexed.private_page.title not in titles(every)
        assert indexed.private_document.title not in titles(every)

    def test_index_of_an_unpublished_page_removes_it(self, engine, indexed):
        indexed.news_es.unpublish()
        indexed.news_es.refresh_from_db()
        engine.index(indexed.news_es)
        assert indexed.news_es.title not in titles(engine.search("migracion"))

    def test_remove(self, engine, indexed):
        engine.remove(indexed.law)
        assert indexed.law.title not in titles(engine.search("ley 36"))

    def test_facets_count_and_filter(self, engine, indexed):
        results = engine.search("", SearchFilters(language=("es", "en")))
        kinds = {value.value: value.count for value in results.facets["kind"]}
        assert kinds["news"] == 2
        assert kinds["resource"] == 1
        agencies = {value.value: value.count for value in results.facets["agency"]}
        assert agencies["snm"] >= 1
        topics = {value.value for value in results.facets["topic"]}
        assert "migrant-smuggling" in topics
        years = {value.value for value in results.facets["year"]}
        assert {"2022", "2024", "2013"} <= years

        only_news = engine.search("", SearchFilters(kind=("news",)))
        assert {hit.kind for hit in only_news.hits} == {"news"}
        # Values of one facet combine with OR, facets with AND.
        news_or_law = engine.search("", SearchFilters(kind=("news", "resource")))
        assert news_or_law.total == 3
        spanish_news = engine.search(
            "", SearchFilters(kind=("news",), language=("es",))
        )
        assert titles(spanish_news) == {indexed.news_es.title}
        by_agency = engine.search("", SearchFilters(agency=("snm",)))
        assert indexed.news_es.title in titles(by_agency)
        by_year = engine.search("", SearchFilters(year=(2024,)))
        assert titles(by_year) == {indexed.news_en.title}
        # A facet's own choice does not shrink its counts: alternatives stay visible.
        kind_counts = {value.value for value in only_news.facets["kind"]}
        assert "resource" in kind_counts

    def test_hits_carry_agencies(self, engine, indexed):
        results = engine.search("migracion", SearchFilters(kind=("news",)))
        assert results.hits[0].agencies == ["snm"]

    def test_pagination(self, engine, indexed):
        engine.bulk_index(
            IndexEntry(
                key=f"test:{number}",
                source=f"test:{number}",
                kind="page",
                title=f"Protocolo de paginación {number}",
                url=f"/es/p/{number}/",
                body="Texto de relleno sobre paginación.",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                language="es",
            )
            for number in range(23)
        )
        self.refresh(engine)
        first = engine.search("paginacion")
        assert first.total == 23
        assert len(first.hits) == 10
        third = engine.search("paginacion", page=3)
        assert len(third.hits) == 3
        beyond = engine.search("paginacion", page=99)
        assert beyond.page == 3
        seen = {
            hit.url
            for page in (1, 2, 3)
            for hit in engine.search("paginacion", page=page).hits
        }
        assert len(seen) == 23

    def test_suggestion_when_nothing_is_found(self, engine, indexed):
        results = engine.search("migracoin")
        assert results.total == 0
        assert results.suggestion
        assert engine.search(results.suggestion).total > 0

    def test_hostile_input_is_harmless(self, engine, indexed):
        for query in (
            '"unbalanced',
            "a AND OR NOT (",
            "*",
            "x" * 10_000,
            "\x00\x07ley",
        ):
            engine.search(query)
        assert engine.search("NEAR(ley 36)").total >= 0

    def test_empty_query_without_filters_is_empty(self, engine, indexed):
        results = engine.search("")
        assert results.total == 0
        assert results.hits == []

    def refresh(self, engine):
        """Make writes visible (only Elasticsearch needs it)."""


class TestDatabaseEngine(EngineContract):
    @pytest.fixture
    def engine(self):
        return DatabaseEngine()

    def test_the_engine_is_the_one_for_the_database_in_use(self, engine):
        assert isinstance(engine, ENGINES[connection.vendor])


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set"
)
class TestElasticsearchEngine(EngineContract):
    @pytest.fixture
    def engine(self):
        from search.engines.elasticsearch import ElasticsearchEngine

        with override_settings(SEARCH_ELASTICSEARCH_INDEX="portal-search-test"):
            engine = ElasticsearchEngine(os.environ["ELASTICSEARCH_URL"])
            yield engine
            engine.client.indices.delete(index="portal-search-test-*")

    def refresh(self, engine):
        engine.client.indices.refresh(index=engine.alias)
