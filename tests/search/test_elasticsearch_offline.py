"""The Elasticsearch engine without a server: its mapping and request bodies, and
the database fallback when the configured cluster cannot be reached."""

import datetime
import logging

import pytest
from django.test import override_settings

from search import services
from search.engines.base import SearchError, SearchFilters
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    build_search,
    entry_document,
    index_definition,
)
from search.registry import IndexEntry

UNREACHABLE = "http://127.0.0.1:9"


def test_mapping_has_language_analysis_and_title_subfields():
    body = index_definition("portal-search-test").to_dict()
    analysis = body["settings"]["analysis"]
    spanish = analysis["analyzer"]["portal_spanish"]
    assert "asciifolding" in spanish["filter"]
    assert analysis["filter"]["portal_spanish_stemmer"]["language"] == "light_spanish"
    assert analysis["filter"]["portal_english_stemmer"]["language"] == "english"
    assert analysis["filter"]["portal_edge_ngram"]["type"] == "edge_ngram"
    properties = body["mappings"]["properties"]
    title = properties["title"]["fields"]
    assert title["exact"]["type"] == "keyword"
    assert title["prefix"]["analyzer"] == "portal_prefix"
    assert title["es"]["analyzer"] == "portal_spanish"
    assert title["en"]["analyzer"] == "portal_english"
    assert properties["body"]["fields"]["es"]["analyzer"] == "portal_spanish"
    for keyword in ("kind", "agencies", "topics", "language", "source"):
        assert properties[keyword]["type"] == "keyword"
    assert properties["spell"]["analyzer"] == "portal_shingles"


def test_query_body_has_facets_highlight_and_suggester():
    filters = SearchFilters(kind=("news",), agency=("snm",), year=(2022,))
    body = build_search("capacitaciones", filters, page=2).to_dict()
    assert body["from"] == 10 and body["size"] == 10
    should = body["query"]["bool"]["should"]
    fields = {
        field
        for clause in should
        for field in clause.get("multi_match", {}).get("fields", [])
    }
    assert {"title.es^3", "body.es", "title.en^3", "body.en", "title.prefix"} <= fields
    post_filter = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"kind": ["news"]}} in post_filter
    assert {"terms": {"agencies": ["snm"]}} in post_filter
    # Each facet's counts ignore its own choice but honour the others.
    kind_filter = body["aggs"]["kind"]["filter"]["bool"]["filter"]
    assert {"terms": {"kind": ["news"]}} not in kind_filter
    assert {"terms": {"year": [2022]}} in kind_filter
    assert body["aggs"]["agency"]["aggs"]["values"]["terms"]["field"] == "agencies"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["encoder"] == "html"
    assert "body.es" in body["highlight"]["fields"]
    assert body["suggest"]["spelling"]["phrase"]["field"] == "spell"
    assert body["track_total_hits"] is True


def test_browsing_without_query_sorts_by_date():
    body = build_search("", SearchFilters(kind=("event",))).to_dict()
    assert body["sort"] == [{"date": {"order": "desc"}}]
    assert "suggest" not in body


def test_entry_document_for_bulk_writes():
    entry = IndexEntry(
        key="page:1",
        source="page:1",
        kind="news",
        title="Taller",
        url="/es/news/taller/",
        body="Texto",
        date=datetime.date(2022, 5, 16),
        language="es",
        agencies=("snm",),
    )
    action = entry_document(entry).to_dict(include_meta=True)
    assert action["_id"] == "page:1"
    assert action["_source"]["year"] == 2022
    assert action["_source"]["agencies"] == ["snm"]


def test_unreachable_cluster_raises_search_error():
    engine = ElasticsearchEngine(UNREACHABLE, timeout=1)
    with pytest.raises(SearchError):
        engine.search("ley")


@pytest.mark.django_db
def test_search_page_falls_back_to_the_database(client, corpus, caplog):
    services.rebuild_index()
    with override_settings(ELASTICSEARCH_URL=UNREACHABLE):
        with caplog.at_level(logging.ERROR, logger="search.selectors"):
            response = client.get("/es/search/", {"q": "ley 36"})
            json_response = client.get("/es/search/", {"q": "ley 36", "format": "json"})
            api_response = client.get("/api/search/", {"q": "ley 36", "lang": "en"})
    assert response.status_code == 200
    assert f'href="{corpus.law.url}"' in response.content.decode()
    assert json_response.status_code == 200
    assert json_response.json()["total"] >= 1
    assert api_response.status_code == 200
    assert corpus.law.url in [hit["url"] for hit in api_response.json()["results"]]
    assert "Elasticsearch is unavailable" in caplog.text


@pytest.mark.django_db
def test_index_writes_survive_an_unreachable_cluster(
    corpus, django_capture_on_commit_callbacks
):
    with override_settings(ELASTICSEARCH_URL=UNREACHABLE):
        with django_capture_on_commit_callbacks(execute=True):
            corpus.news_en.save_revision().publish()
    from search.engines.database import DatabaseEngine

    assert DatabaseEngine().search("border officers").total == 1
