"""axe-core finds no serious violations on the training calendar's pages."""

import pytest

from tests.e2e.axe_checks import violations_on

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


@pytest.mark.parametrize("lang", ["es", "en"])
def test_calendar_pages_have_no_serious_accessibility_violations(
    live_server, demo_site, page, lang
):
    paths = [path.format(lang=lang) for path in PAGES]
    assert violations_on(page, live_server.url, paths) == {}
