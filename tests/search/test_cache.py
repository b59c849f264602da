"""Anonymous search from the cache: a repeat costs no SQL, every index change is
seen at once, signed-in people never get the anonymous entry, and the key is the
normalised query with its filters, page and language."""

import dataclasses

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from search import cache as search_cache
from search import services
from search.selectors import SearchParams
from tests.factories import NewsPageFactory, UserFactory
from tests.search.conftest import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(corpus):
    services.rebuild_index()
    return corpus


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def api(client, query: str, **params) -> dict:
    response = client.get("/api/search/", {"q": query, "lang": "es", **params})
    assert response.status_code == 200
    return response.json()


def urls(data: dict) -> list[str]:
    return [hit["url"] for hit in data["results"]]


def search_queries(client, path: str, params: dict) -> tuple[object, int]:
    """The response and how many queries read the search index."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    reads = [q for q in context.captured_queries if "search_searchentry" in q["sql"]]
    return response, len(reads)


@pytest.mark.parametrize(
    "path", ["/es/search/", "/en/search/", "/api/search/", "/es/search/?format=json"]
)
def test_a_repeated_anonymous_query_runs_no_sql(
    client, indexed, path, django_assert_num_queries
):
    first = client.get(path, {"q": "migracion", "type": "news"})
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path, {"q": "migracion", "type": "news"})
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second.get("Content-Language") == first.get("Content-Language")
    assert second.get("Access-Control-Allow-Origin") == first.get(
        "Access-Control-Allow-Origin"
    )
    assert "Cookie" in second["Vary"]
    assert indexed.news_es.url in second.content.decode()


def test_page_publish_and_edit_are_seen_by_the_next_query(client, site_tree, committed):
    assert urls(api(client, "avisonuevo")) == []
    with committed():
        page = NewsPageFactory(parent=site_tree.news["es"], summary="Un avisonuevo")
    assert urls(api(client, "avisonuevo")) == [page.url]
    assert urls(api(client, "avisoeditado")) == []
    with committed():
        page.summary = "Un avisoeditado"
        page.save_revision().publish()
    assert urls(api(client, "avisoeditado")) == [page.url]
    assert urls(api(client, "avisonuevo")) == []
    with committed():
        page.unpublish()
    assert urls(api(client, "avisoeditado")) == []


def test_document_upload_and_replacement_are_seen_by_the_next_query(
    client, site_tree, committed
):
    for path in ("/api/search/", "/es/search/"):
        client.get(path, {"q": "circularoriginal"})
    assert urls(api(client, "circularoriginal")) == []
    with committed():
        document = make_document("Circular", "circular.txt", b"circularoriginal")
    assert urls(api(client, "circularoriginal")) == [document.url]
    assert (
        document.url
        in client.get("/es/search/", {"q": "circularoriginal"}).content.decode()
    )
    with committed():
        document.file.save("circular-v2.txt", ContentFile(b"circularreemplazada"))
    assert urls(api(client, "circularoriginal")) == []
    assert len(urls(api(client, "circularreemplazada"))) == 1


def test_every_index_write_changes_the_version(site_tree):
    before = search_cache.index_version()
    services.remove_source("page:0")
    assert search_cache.index_version() != before


def poison(query: str, language: str) -> None:
    """Replace the anonymous results entry of `query` with a recognisable one."""
    key = search_cache.results_key(
        params=SearchParams.from_query(QueryDict(f"q={query}")),
        language=language,
        facets=True,
        version=search_cache.index_version(),
    )
    results = cache.get(key)
    assert results is not None and results.hits
    hit = dataclasses.replace(results.hits[0], title="ENVENENADO", url="/envenenado/")
    cache.set(key, dataclasses.replace(results, hits=[hit]))


@pytest.mark.parametrize("who", ["member", "session"])
def test_signed_in_requests_never_get_the_anonymous_entry(client, indexed, who):
    # The anonymous entries exist, and a recognisable one stands for them.
    for path in ("/es/search/", "/api/search/"):
        client.get(path, {"q": "migracion", "lang": "es"})
    poison("migracion", "es")
    served, reads = search_queries(
        client, "/api/search/", {"q": "MIGRACION", "lang": "es"}
    )
    assert reads == 0
    assert "/envenenado/" in served.content.decode()

    if who == "member":
        client.force_login(UserFactory())
    else:
        # A visitor with a session (not signed in) is not "every visitor" either.
        client.cookies["sessionid"] = "unknown-session"
    for path, params in [
        ("/es/search/", {"q": "migracion"}),
        ("/es/search/", {"q": "MIGRACION"}),
        ("/api/search/", {"q": "migracion", "lang": "es"}),
        ("/api/search/", {"q": "MIGRACION", "lang": "es"}),
    ]:
        response, reads = search_queries(client, path, params)
        assert response.status_code == 200
        assert reads > 0, (path, params)
        content = response.content.decode()
        assert "envenenado" not in content.lower()
        assert indexed.news_es.url in content


def test_a_signed_in_search_is_not_stored_for_visitors(client, indexed):
    member = UserFactory()
    client.force_login(member)
    client.get("/es/search/", {"q": "migracion"})
    client.logout()
    client.cookies.clear()
    response, reads = search_queries(client, "/es/search/", {"q": "migracion"})
    assert reads > 0
    assert member.username not in response.content.decode()


def test_case_spacing_and_unicode_form_share_the_entry(client, indexed):
    first = api(client, "migración  capacitación")
    assert first["total"] > 0
    for variant in [
        "MIGRACIÓN capacitación",
        "  migración\tCapacitación ",
        "migracio\u0301n capacitacio\u0301n",  # decomposed accents (NFD)
    ]:
        response, reads = search_queries(
            client, "/api/search/", {"q": variant, "lang": "es"}
        )
        assert reads == 0, variant
        data = response.json()
        assert urls(data) == urls(first)
        # The query echoed back is the visitor's own (cleaned), not the first one.
        assert data["query"] == " ".join(variant.split())
    # The page shares the results too, and shows the visitor's own words.
    client.get("/es/search/", {"q": "migración capacitación"})
    response, reads = search_queries(
        client, "/es/search/", {"q": "MIGRACIÓN Capacitación"}
    )
    assert reads == 0
    assert 'value="MIGRACIÓN Capacitación"' in response.content.decode()


@pytest.mark.parametrize(
    "other",
    [
        {"lang": "en"},
        {"type": "news"},
        {"year": "2022"},
        {"page": "2"},
        {"q": "migracion ley"},
    ],
)
def test_language_filters_page_and_words_do_not_share(client, indexed, other):
    base = {"q": "migracion", "lang": "es"}
    client.get("/api/search/", base)
    _response, reads = search_queries(client, "/api/search/", {**base, **other})
    assert reads > 0
    _response, reads = search_queries(client, "/api/search/", base)
    assert reads == 0


def test_nothing_is_cached_when_the_worker_has_a_cache_of_its_own(
    client, indexed, settings
):
    # Local memory (one cache per process) and a task worker (another process
    # indexing documents): the worker could not make the server's entries stale.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    client.get("/api/search/", {"q": "migracion", "lang": "es"})
    _response, reads = search_queries(
        client, "/api/search/", {"q": "migracion", "lang": "es"}
    )
    assert reads > 0
