"""Done when: searching the demo finds the seed's story by a phrase, the law by
"ley 36", and a phrase that exists only inside a demo PDF."""

import pytest
from django.core.management import call_command

from core import demo
from tests import snapshots

pytestmark = pytest.mark.django_db

PDF_ONLY = "la brújula de coordinación interinstitucional orienta cada capacitación"


@pytest.fixture
def demo_site(tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "demo-logins.txt")

    # load_demo commits once at the end; the index follows through the signals.
    def build():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", quiet_logins=True)

    snapshots.replay("demo-committed", build)


def urls(client, language: str, query: str) -> list[str]:
    response = client.get(f"/{language}/search/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return [hit["url"] for hit in response.json()["results"]]


def test_seed_story_found_by_a_phrase(client, demo_site):
    assert "/es/news/workshop-migrant-smuggling-2022/" in urls(
        client, "es", "excelentes evaluaciones de desempeño y experiencia docente"
    )
    assert "/en/news/workshop-migrant-smuggling-2022/" in urls(
        client, "en", "excellent evaluations of performance and teaching experience"
    )


def test_law_found_by_ley_36(client, demo_site):
    assert "/es/resources/law-36-2013/" in urls(client, "es", "ley 36")[:3]


def test_phrase_only_inside_the_pdf(client, demo_site):
    found = urls(client, "es", PDF_ONLY)
    assert len(found) == 1
    assert found[0].startswith("/documents/")
    assert "ley-36-2013-resumen" in found[0]
    page = client.get("/es/search/", {"q": PDF_ONLY}).content.decode()
    assert "<mark>brújula</mark>" in page


def test_search_index_command(demo_site, capsys):
    call_command("search_index", "status")
    status = capsys.readouterr().out
    assert "database:" in status
    assert "news" in status and "document" in status
    call_command("search_index", "rebuild")
    rebuilt = capsys.readouterr().out
    assert "] " in rebuilt and "done" in rebuilt
    call_command("search_index", "update")
    assert "document   3" in capsys.readouterr().out
