"""The demo loader builds the seed's story in both languages and is idempotent."""

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from core import demo
from home.models import NewsPage, ResourcePage
from tests import snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-logins.txt"
    monkeypatch.setattr(demo, "LOGINS_FILE", path)
    return path


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "last_page": Page.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


def test_load_demo_twice_changes_nothing(logins_file, capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert "nothing changed" in capsys.readouterr().out


def test_demo_holds_the_seed_story_in_both_languages(client, logins_file):
    # load_demo's rows, recorded once per worker (tests/snapshots.py).
    snapshots.replay("demo", lambda: call_command("load_demo", quiet_logins=True))
    stories = NewsPage.objects.filter(slug="workshop-migrant-smuggling-2022")
    assert {story.locale.language_code for story in stories} == {"es", "en"}
    assert len({story.translation_key for story in stories}) == 1
    english = stories.get(locale__language_code="en")
    assert "May 12 to 14, 2022" in str(english.body)
    for url in ("/es/", "/en/", "/es/news/", "/en/resources/", english.url):
        assert client.get(url).status_code == 200, url


def test_demo_resources_have_generated_pdfs(logins_file):
    snapshots.replay("demo", lambda: call_command("load_demo", quiet_logins=True))
    law = ResourcePage.objects.get(slug="law-36-2013", locale__language_code="es")
    document = law.documents.get().document
    assert document.file_extension == "pdf"
    with document.open_file() as handle:
        assert handle.read(5) == b"%PDF-"
    slugs = set(ResourcePage.objects.values_list("slug", flat=True))
    assert {
        "law-36-2013",
        "untoc",
        "smuggling-protocol",
        "national-plan-against-migrant-smuggling",
    } <= slugs


def test_demo_creates_and_prints_an_admin_login_once(logins_file, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    password = logins_file.read_text().split()[-1]
    assert password in out
    call_command("load_demo")
    assert logins_file.read_text().count("administrator") == 1
