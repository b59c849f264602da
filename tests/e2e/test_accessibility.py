"""axe-core finds no serious or critical violations on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from portal import demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/{lang}/",
    "/{lang}/news/",
    "/{lang}/news/workshop-migrant-smuggling-2022/",
    "/{lang}/resources/",
    "/{lang}/resources/law-36-2013/",
    "/{lang}/about/",
    "/{lang}/search/?q=ley",
    "/{lang}/no-such-page/",
]


@pytest.fixture
def demo_site(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "logins.txt")
    call_command("load_demo", quiet_logins=True)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, demo_site, page, lang
):
    failures = {}
    for path in PAGES:
        page.goto(live_server.url + path.format(lang=lang))
        if found := serious_violations(page):
            failures[path] = found
    assert failures == {}


def test_skip_link_moves_focus_to_main_content(live_server, demo_site, page):
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
