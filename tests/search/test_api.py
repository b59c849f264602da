"""`/api/search/`: the JSON results of `/xx/search/?format=json`, outside the
language prefix, in the language of a parameter or of Accept-Language."""

import pytest

from search import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(corpus):
    services.rebuild_index()
    return corpus


@pytest.mark.parametrize("language", ["es", "en"])
def test_api_answers_like_the_json_variant(client, indexed, language):
    response = client.get("/api/search/", {"q": "ley 36", "lang": language})
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert response["Access-Control-Allow-Origin"] == "*"
    prefixed = client.get(f"/{language}/search/", {"q": "ley 36", "format": "json"})
    assert response.json() == prefixed.json()
    payload = response.json()
    assert indexed.law.url in [hit["url"] for hit in payload["results"]]
    assert payload["total_exact"] is True
    # `language` stays the content-language facet, as on the search page.
    english_content = client.get("/api/search/", {"q": "ley 36", "language": "en"})
    assert english_content.json()["total"] == 0


def test_api_follows_accept_language_without_the_parameter(client, indexed):
    english = client.get(
        "/api/search/", {"q": "ley 36"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert english["Content-Language"] == "en"
    assert english.json() == client.get("/en/search/?q=ley+36&format=json").json()
    unknown = client.get(
        "/api/search/", {"q": "ley 36", "lang": "xx"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert unknown["Content-Language"] == "es"


def test_api_with_facets_and_bad_input(client, indexed):
    response = client.get(
        "/api/search/",
        {"q": "migracion", "type": ["news", "<script>"], "page": "abc"},
    )
    assert response.status_code == 200
    payload = response.json()
    assert {hit["type"] for hit in payload["results"]} == {"news"}
    assert set(payload["facets"]) == {"type", "agency", "topic", "language", "year"}
    assert client.post("/api/search/", {"q": "ley"}).status_code == 405
