"""Every page people use, in both languages, for each role that sees it, at 320,
390, 768 and 1280 px: no serious or critical axe violation, and no sideways scroll
(nothing wider than the viewport, wide tables scroll inside a labelled region).

Each page is loaded once per role and language; the viewport is then resized to
each width (the page re-lays out, as when a phone turns) and both checks run at
that width. The walk is split into pieces (a part of the site × a language) so
parallel workers share it.
"""

from pprint import pformat

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import EventPage
from registrations.models import Registration
from tests.e2e.axe_checks import serious_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# From a small phone to a laptop: what hides or reflows at one width can fail there.
WIDTHS = [320, 390, 768, 1280]
LANGUAGES = ["es", "en"]
AXE = "axe"
OVERFLOW = "overflow"
BOTH = (AXE, OVERFLOW)
MISSING = "/{lang}/no-such-page/"  # answers 404 on purpose
WORKSHOP = "taller-trafico-ilicito-migrantes-2022"
COLON = "taller-trafico-ilicito-migrantes-2027-colon"
PARTICIPANT = "participante@example.org"
COORDINATOR = "coordinacion.snm@example.org"
ORGANIZER = "editor.snm@example.org"

# (path, checks), seen signed out.
SITE_PAGES = [
    ("/{lang}/", BOTH),
    ("/{lang}/news/", BOTH),
    ("/{lang}/news/workshop-migrant-smuggling-2022/", BOTH),
    ("/{lang}/resources/", BOTH),
    ("/{lang}/resources/law-36-2013/", BOTH),
    ("/{lang}/about/", BOTH),
    ("/{lang}/privacy/", BOTH),
    ("/{lang}/terms/", BOTH),
    ("/{lang}/accessibility/", BOTH),
    ("/{lang}/site-map/", BOTH),
    ("/{lang}/search/", (OVERFLOW,)),
    ("/{lang}/search/?q=ley", BOTH),
    ("/{lang}/search/?q=taller", (OVERFLOW,)),
    (MISSING, BOTH),
]
CALENDAR_PAGES = [
    ("/{lang}/events/", BOTH),
    ("/{lang}/events/?when=past", BOTH),
    ("/{lang}/events/?view=month&month=2027-03", BOTH),
    ("/{lang}/events/?agency=oim&modality=in_person", BOTH),
    ("/{lang}/events/taller-trafico-ilicito-migrantes-2022/", BOTH),
    ("/{lang}/events/taller-trafico-ilicito-migrantes-2027-colon/", BOTH),
    ("/{lang}/events/taller-trafico-ilicito-migrantes-2027-chiriqui/", BOTH),
    ("/{lang}/agencies/", BOTH),
    ("/{lang}/agencies/oim/", BOTH),
    ("/{lang}/announcements/", BOTH),
    ("/{lang}/registrations/certificates/", BOTH),
]
ACCOUNT_PAGES = [
    ("/{lang}/accounts/login/", BOTH),
    ("/{lang}/accounts/signup/", BOTH),
    ("/{lang}/accounts/password/reset/", BOTH),
    ("/{lang}/accounts/password/reset/done/", BOTH),
    ("/{lang}/accounts/confirm-email/", BOTH),
]
# Seen signed in as the demo participant; the application form is also checked
# by axe after a refused submission (errors shown beside the fields), at 1280 px.
APPLY = "/{lang}/registrations/apply/{colon}/"
PARTICIPANT_PAGES = [
    ("/{lang}/", BOTH),
    ("/{lang}/events/?view=month&month=2027-03", (OVERFLOW,)),
    ("/{lang}/events/taller-trafico-ilicito-migrantes-2027-colon/", (OVERFLOW,)),
    ("/{lang}/accounts/profile/", BOTH),
    ("/{lang}/accounts/email/", BOTH),
    ("/{lang}/accounts/password/change/", BOTH),
    ("/{lang}/accounts/profile/delete/", (OVERFLOW,)),
    ("/{lang}/registrations/", BOTH),
    (APPLY, BOTH),
    ("/{lang}/registrations/{evaluation}/evaluation/", (OVERFLOW,)),
    # Asked to facilitate the Chiriquí edition (issue 19).
    ("/{lang}/registrations/facilitating/", BOTH),
    ("/{lang}/announcements/", (OVERFLOW,)),
    ("/{lang}/accounts/logout/", (OVERFLOW,)),
]
# Seen signed in as a coordinator of the agency: its members and its logo.
COORDINATOR_PAGES = [
    ("/{lang}/agencies/snm/members/", BOTH),
    ("/{lang}/agencies/snm/logo/", BOTH),
]
# Seen signed in as an editor of the organizing agency; the admin follows the
# member's language, so these are walked once (with the Spanish walk).
ORGANIZER_PAGES = [
    ("/admin/registrations/{workshop}/", BOTH),
    ("/admin/registrations/{colon}/", (OVERFLOW,)),
]

# (who, pages) in order; who is None for signed out.
WALKS = {
    "site": [(None, SITE_PAGES)],
    "calendar": [(None, CALENDAR_PAGES)],
    "accounts-and-staff": [
        (None, ACCOUNT_PAGES),
        (COORDINATOR, COORDINATOR_PAGES),
        (ORGANIZER, ORGANIZER_PAGES),
    ],
    "participant": [(PARTICIPANT, PARTICIPANT_PAGES)],
}

# What is wider than the viewport (to name the culprit in the failure), and any table
# wider than its box that does not scroll inside a focusable, labelled region.
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const scrolled = document.documentElement.scrollWidth;
    if (scrolled > window.innerWidth) {
        const wide = [...document.querySelectorAll("body *")]
            .filter((element) => element.getBoundingClientRect().right > width + 1)
            .slice(0, 4)
            .map((element) => element.tagName.toLowerCase()
                + (typeof element.className === "string" && element.className
                    ? "." + element.className.trim().split(/\\s+/).join(".") : "")
                + ` (${Math.round(element.getBoundingClientRect().right)} px)`);
        problems.push(`${scrolled} px wide: ${wide.join(", ")}`);
    }
    for (const table of document.querySelectorAll("table")) {
        if (table.offsetParent === null) continue;
        if (table.scrollWidth <= table.parentElement.clientWidth + 1) continue;
        const region = table.closest("[role=region][tabindex='0'][aria-label]");
        const scrolls = region && ["auto", "scroll"].includes(
            getComputedStyle(region).overflowX);
        if (!scrolls) problems.push(`table.${table.className} is cut off`);
    }
    return problems.length ? problems.join("; ") : null;
}"""


def event_pk(slug: str, lang: str) -> int:
    return EventPage.objects.get(slug=slug, locale__language_code=lang).pk


def person(email: str):
    return get_user_model().objects.get(email=email)


def check_at_every_width(
    page, checks, where: str, widths=WIDTHS
) -> dict[str, list[str]]:
    """Resize the loaded page to each width and run its checks there."""
    failures = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        found = []
        if OVERFLOW in checks and (sideways := page.evaluate(SIDEWAYS)):
            found.append(f"scrolls sideways: {sideways}")
        if AXE in checks:
            found += serious_violations(page)
        if found:
            failures[f"{where}, {width} px)"] = found
    return failures


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("walk", list(WALKS))
def test_pages_pass_axe_and_do_not_scroll_sideways_at_every_width(
    live_server, demo_site, page, sign_in, walk, lang
):
    participant = person(PARTICIPANT)
    values = {
        "lang": lang,
        "colon": event_pk(COLON, lang),
        "workshop": event_pk(WORKSHOP, "es"),
        # The participant attended the 2022 workshop: its evaluation form.
        "evaluation": Registration.objects.get(
            user=participant, event__slug=WORKSHOP, event__locale__language_code="es"
        ).pk,
    }
    failures = {}
    for who, pages in WALKS[walk]:
        if who == ORGANIZER:
            if lang != "es":
                continue
            values["colon"] = event_pk(COLON, "es")
        page.context.clear_cookies()
        if who:
            sign_in(page.context, person(who), live_server.url)
        role = who or "signed out"
        for template, checks in pages:
            path = template.format(**values)
            where = f"{path} ({role}"
            page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
            response = page.goto(live_server.url + path)
            if response.status >= 400 and template != MISSING:
                failures[f"{where})"] = [f"HTTP {response.status}"]
            failures |= check_at_every_width(page, checks, where)
            if template == APPLY:
                page.locator("form.registration-form button[type=submit]").click()
                expect(
                    page.locator("form.registration-form .errorlist").first
                ).to_be_visible()
                where = f"{path} with errors ({role}"
                failures |= check_at_every_width(page, (AXE,), where, WIDTHS[-1:])
    assert failures == {}, pformat(failures, width=120)
