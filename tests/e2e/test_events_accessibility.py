"""axe-core finds no serious violations on the training calendar's pages, the
agency pages a coordinator uses and the organizers' applicant list, at 320, 390,
768 and 1280 px."""

import pytest
from django.contrib.auth import get_user_model

from events.models import EventPage
from tests.e2e.axe_checks import violations_on

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/{lang}/events/",
    "/{lang}/events/?when=past",
    "/{lang}/events/?view=month&month=2027-03",
    "/{lang}/events/?agency=oim&modality=in_person",
    "/{lang}/events/taller-trafico-ilicito-migrantes-2022/",
    "/{lang}/events/taller-trafico-ilicito-migrantes-2027-colon/",
    "/{lang}/events/taller-trafico-ilicito-migrantes-2027-chiriqui/",
    "/{lang}/agencies/",
    "/{lang}/agencies/oim/",
    "/{lang}/announcements/",
    "/{lang}/registrations/certificates/",
]
COORDINATOR_PAGES = ["/{lang}/agencies/snm/members/", "/{lang}/agencies/snm/logo/"]
APPLICANTS = "/admin/registrations/{pk}/"
WIDTHS = [320, 390, 768, 1280]


def person(email: str):
    return get_user_model().objects.get(email=email)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_calendar_pages_have_no_serious_accessibility_violations(
    live_server, demo_site, page, sign_in, lang
):
    paths = [path.format(lang=lang) for path in PAGES]
    coordinator_paths = [path.format(lang=lang) for path in COORDINATOR_PAGES]
    workshop = EventPage.objects.get(
        slug="taller-trafico-ilicito-migrantes-2022", locale__language_code=lang
    )
    failures = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.context.clear_cookies()
        found = violations_on(page, live_server.url, paths)
        sign_in(page.context, person("coordinacion.snm@example.org"), live_server.url)
        found |= violations_on(page, live_server.url, coordinator_paths)
        if lang == "es":  # the admin follows the member's language: one pass
            page.context.clear_cookies()
            sign_in(page.context, person("editor.snm@example.org"), live_server.url)
            applicants = [APPLICANTS.format(pk=workshop.pk)]
            found |= violations_on(page, live_server.url, applicants)
        failures.update({f"{path} ({width} px)": v for path, v in found.items()})
    assert failures == {}
