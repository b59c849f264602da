"""axe-core finds no serious violations on the training calendar's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from portal import demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/{lang}/events/",
    "/{lang}/events/?when=past",
    "/{lang}/events/?view=month&month=2027-03",
    "/{lang}/events/?agency=oim&modality=in_person",
    "/{lang}/events/taller-trafico-ilicito-migrantes-2022/",
    "/{lang}/events/taller-trafico-ilicito-migrantes-2027-chiriqui/",
    "/{lang}/agencies/oim/",
]


@pytest.fixture
def demo_site(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "logins.txt")
    call_command("load_demo", quiet_logins=True)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_calendar_pages_have_no_serious_accessibility_violations(
    live_server, demo_site, page, lang
):
    failures = {}
    for path in PAGES:
        page.goto(live_server.url + path.format(lang=lang))
        results = Axe().run(page)
        found = [
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        if found:
            failures[path] = found
    assert failures == {}
