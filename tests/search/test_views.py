"""The search page and its JSON variants, in both languages, with bad input."""

import pytest

from search import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(corpus):
    services.rebuild_index()
    return corpus


@pytest.mark.parametrize("language", ["es", "en"])
def test_page_without_query_explains_what_to_do(client, site_tree, language):
    response = client.get(f"/{language}/search/")
    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert b'<label for="search-q">' in response.content


@pytest.mark.parametrize("language", ["es", "en"])
def test_results_with_count_snippet_and_facets(client, indexed, language):
    response = client.get(f"/{language}/search/", {"q": "migracion"})
    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{indexed.news_es.url}"' in content
    assert "<mark>migración</mark>" in content
    assert 'class="result-count"' in content
    assert 'name="type" value="news"' in content
    assert "Servicio Nacional de Migración" in content or "National Migration" in (
        content
    )
    assert "style=" not in content
    assert "<script>" not in content


def test_facet_filters_combine(client, indexed):
    response = client.get(
        "/en/search/", {"q": "ley 36 OR migracion", "type": ["document"]}
    )
    assert response.status_code == 200
    response = client.get("/es/search/", {"type": ["news", "resource"], "year": "2013"})
    content = response.content.decode()
    assert f'href="{indexed.law.url}"' in content
    assert f'href="{indexed.news_es.url}"' not in content
    assert 'value="resource" checked' in content


def test_no_results_offers_a_suggestion(client, indexed):
    response = client.get("/es/search/", {"q": "migracoin"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="search-suggestion"' in content
    assert '¿Quiso decir <a href="?q=migracion">migracion</a>?' in content


def test_honest_empty_state(client, indexed):
    response = client.get("/es/search/", {"q": "xylofonoinexistente"})
    assert response.status_code == 200
    assert b'class="empty-state"' in response.content


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "ley \ufeff\u202e"},
        {"q": "ley", "page": "abc"},
        {"q": "ley", "page": "-5"},
        {"q": "ley", "page": "999999999999999999999"},
        {"q": "ley", "year": ["abc", "99999"], "type": "<script>"},
        {"q": '"unbalanced ( AND'},
    ],
)
def test_bad_input_gives_a_clean_page(client, indexed, params):
    response = client.get("/es/search/", params)
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_control_characters_are_refused_with_a_clear_page(client, indexed):
    # portal.middleware answers 400 before the search reads the query.
    response = client.get("/es/search/", {"q": "ley\x00\x01\x1b[31m"})
    assert response.status_code == 400
    assert "caracteres de control" in response.content.decode()


def test_json_variant(client, indexed):
    response = client.get("/es/search/", {"q": "ley 36", "format": "json"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["total"] >= 1
    assert {"type", "title", "url", "date", "agencies", "snippet"} <= set(
        payload["results"][0]
    )
    assert set(payload["facets"]) == {"type", "agency", "topic", "language", "year"}


def test_pagination_links_keep_the_query(client, indexed):
    from search.engines.database import DatabaseEngine
    from search.registry import IndexEntry

    DatabaseEngine().bulk_index(
        IndexEntry(
            key=f"test:{n}",
            source=f"test:{n}",
            kind="page",
            title=f"Guía {n}",
            url=f"/es/g/{n}/",
            body="pruebapaginada",
            language="es",
        )
        for n in range(15)
    )
    response = client.get("/es/search/", {"q": "pruebapaginada", "page": "2"})
    content = response.content.decode()
    assert 'rel="prev"' in content
    assert "q=pruebapaginada" in content
    assert 'start="11"' in content


def test_a_count_that_stops_says_more_than(client, indexed, monkeypatch):
    from search.engines import database
    from search.engines.database import base
    from search.registry import IndexEntry

    database.DatabaseEngine().bulk_index(
        IndexEntry(
            key=f"test:{n}",
            source=f"test:{n}",
            kind="page",
            title=f"Guía {n}",
            url=f"/en/g/{n}/",
            body="pruebacontada",
            language="en",
        )
        for n in range(5)
    )
    monkeypatch.setattr(base, "COUNT_LIMIT", 3)
    content = client.get("/en/search/", {"q": "pruebacontada"}).content.decode()
    assert "More than 3 results" in content
    assert "Counts cover the first 3 matches." in content
    payload = client.get("/api/search/", {"q": "pruebacontada", "lang": "en"}).json()
    assert (payload["total"], payload["total_exact"]) == (3, False)
