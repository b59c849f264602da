"""How the search page reads: whole titles, clean snippets, dates only where they
mean something, the reader's language first, filters behind a toggle on phones."""

import datetime

import pytest
from django.utils.safestring import SafeString, mark_safe

from home.models import ResourceType
from search import services
from search.engines.base import Hit, Results
from search.presentation import clean_snippet, full_title_html, present
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db

TITLES = {
    "es": "Plan Nacional de Acción para Prevenir y Combatir el Tráfico Ilícito de "
    "Migrantes en la República de Panamá",
    "en": "National Action Plan to Prevent and Combat the Smuggling of Migrants in "
    "the Republic of Panama",
}


@pytest.fixture
def plan(site_tree):
    pages = {}
    for code in ("es", "en"):
        extra = {"translation_key": pages["es"].translation_key} if pages else {}
        pages[code] = ResourcePageFactory(
            parent=site_tree.resources[code],
            title=TITLES[code],
            slug="national-plan",
            resource_type=ResourceType.NATIONAL_PLAN,
            summary="Migrantes y capacitación."
            if code == "es"
            else "Migrants and training.",
            **extra,
        )
    services.rebuild_index()
    return pages


def hits_of(html: str) -> list[str]:
    return [part.split("</li>", 1)[0] for part in html.split('class="search-hit"')[1:]]


@pytest.mark.parametrize(("language", "other"), [("es", "en"), ("en", "es")])
def test_results_show_whole_titles_in_the_readers_language_first(
    client, plan, language, other
):
    html = client.get(f"/{language}/search/", {"q": "migrantes"}).content.decode()
    hits = hits_of(html)
    urls = [hit.split('href="', 1)[1].split('"', 1)[0] for hit in hits]
    assert urls.index(plan[language].url) < urls.index(plan[other].url)
    for code in ("es", "en"):
        hit = hits[urls.index(plan[code].url)]
        title = hit.split('class="search-hit__title">', 1)[1].split("</h3>", 1)[0]
        text = title.replace("<mark>", "").replace("</mark>", "")
        assert TITLES[code] in text
        assert "…" not in text
        assert "<mark>" in title
    # A resource's date here would be the day it was indexed: not shown.
    assert "<time" not in hits[urls.index(plan[language].url)]


def test_filters_sit_behind_a_disclosure_open_when_some_apply(client, plan):
    html = client.get("/es/search/", {"q": "migrantes"}).content.decode()
    assert '<details class="search-filters">' in html
    assert '<summary class="search-filters__toggle">Filtros</summary>' in html
    html = client.get("/es/search/", {"q": "migrantes", "type": "resource"}).content
    assert b'<details class="search-filters" open>' in html


def make_hit(**fields) -> Hit:
    defaults = {
        "kind": "resource",
        "title": "Title",
        "url": "/es/resources/x/",
        "date": datetime.date(2026, 12, 7),
        "language": "es",
        "agencies": [],
        "snippet": mark_safe(""),
        "title_html": mark_safe("Title"),
    }
    return Hit(**{**defaults, **fields})


def test_full_title_keeps_the_marks_and_escapes_the_rest():
    hit = make_hit(
        title="Migrants' rights <and> more migrants",
        title_html=mark_safe("…rights &lt;and&gt; more <mark>migrants</mark>"),
    )
    assert full_title_html(hit) == (
        "<mark>Migrants</mark>&#x27; rights &lt;and&gt; more <mark>migrants</mark>"
    )


def test_snippets_lose_index_dates_and_trailing_labels():
    assert (
        clean_snippet(
            mark_safe(
                "Dos sesiones sobre <mark>migrantes</mark>. 2027-04-20 20/04/2027 "
                "2027-04-22 22/04/2027"
            )
        )
        == "Dos sesiones sobre <mark>migrantes</mark>."
    )
    assert (
        clean_snippet(
            mark_safe("…combatir el tráfico de <mark>migrantes</mark>. Plan nacional")
        )
        == "…combatir el tráfico de <mark>migrantes</mark>."
    )
    # A trailing fragment holding a match stays: it is why the hit is here.
    kept = "Un texto. Protocolo sobre <mark>migrantes</mark>"
    assert clean_snippet(SafeString(kept)) == kept


def test_dates_show_for_news_and_trainings_only():
    hits = [
        make_hit(kind=kind, url=f"/es/{kind}/a/")
        for kind in ("news", "event", "resource", "agency", "document", "page")
    ]
    results = Results(query="x", hits=hits, total=len(hits), page=1)
    present(results, "es")
    assert {hit.kind: hit.show_date for hit in results.hits} == {
        "news": True,
        "event": True,
        "resource": False,
        "agency": False,
        "document": False,
        "page": False,
    }
