"""No page scrolls sideways from a 320 px phone to a 1280 px screen (320, 390, 768
and 1280 px): public, account, participant and coordinator pages and the organizers'
applicant list, in both languages. One browser, one demo load, one page per width."""

from pprint import pformat

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import EventPage
from registrations.models import Registration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = [320, 390, 768, 1280]
LANGUAGES = ["es", "en"]
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/news/",
    "/{lang}/news/workshop-migrant-smuggling-2022/",
    "/{lang}/resources/",
    "/{lang}/resources/law-36-2013/",
    "/{lang}/about/",
    "/{lang}/privacy/",
    "/{lang}/terms/",
    "/{lang}/accessibility/",
    "/{lang}/site-map/",
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
    "/{lang}/search/",
    "/{lang}/search/?q=ley",
    "/{lang}/search/?q=taller",
    "/{lang}/registrations/certificates/",
    "/{lang}/no-such-page/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/accounts/password/reset/done/",
    "/{lang}/accounts/confirm-email/",
]
# Seen signed in as the demo participant.
PARTICIPANT_PAGES = [
    "/{lang}/",
    "/{lang}/events/?view=month&month=2027-03",
    "/{lang}/events/taller-trafico-ilicito-migrantes-2027-colon/",
    "/{lang}/accounts/profile/",
    "/{lang}/accounts/email/",
    "/{lang}/accounts/password/change/",
    "/{lang}/accounts/profile/delete/",
    "/{lang}/registrations/",
    "/{lang}/registrations/apply/{colon}/",
    "/{lang}/registrations/{evaluation}/evaluation/",
    # Asked to facilitate the Chiriquí edition (issue 19).
    "/{lang}/registrations/facilitating/",
    "/{lang}/announcements/",
    "/{lang}/accounts/logout/",
]
# Seen signed in as a coordinator of the agency: its members and its logo.
COORDINATOR_PAGES = [
    "/{lang}/agencies/snm/members/",
    "/{lang}/agencies/snm/logo/",
]
# Seen signed in as an editor of the organizing agency.
ORGANIZER_PAGES = [
    "/admin/registrations/{workshop}/",
    "/admin/registrations/{colon}/",
]
WORKSHOP = "taller-trafico-ilicito-migrantes-2022"
COLON = "taller-trafico-ilicito-migrantes-2027-colon"

# What is wider than the viewport (to name the culprit in the failure), and any table
# wider than its box that does not scroll inside a focusable, labelled region.
OVERFLOW = """() => {
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


# The contrast of the focused header element's outline against what is behind it.
FOCUS_CONTRAST = """() => {
    const element = document.activeElement;
    if (!element.closest(".site-header") || !element.matches(":focus-visible")) {
        return null;
    }
    const luminance = (color) => {
        const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map((value) => {
            const channel = Number(value) / 255;
            return channel <= 0.03928
                ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let behind = element.parentElement;
    while (getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
        behind = behind.parentElement;
    }
    const [light, dark] = [
        luminance(getComputedStyle(element).outlineColor),
        luminance(getComputedStyle(behind).backgroundColor),
    ].sort((a, b) => b - a);
    return {
        text: element.textContent.trim(),
        contrast: (light + 0.05) / (dark + 0.05),
    };
}"""


def event_pk(slug: str, lang: str) -> int:
    return EventPage.objects.get(slug=slug, locale__language_code=lang).pk


def user(email: str):
    return get_user_model().objects.get(email=email)


def overflow_on(page, base_url: str, paths: list[str], label: str = "") -> dict:
    failures = {}
    for path in paths:
        response = page.goto(base_url + path)
        if response.status >= 400 and "no-such-page" not in path:
            failures[path + label] = f"HTTP {response.status}"
            continue
        if found := page.evaluate(OVERFLOW):
            failures[path + label] = found
    return failures


def test_no_page_scrolls_sideways_from_320_to_1280_px(
    live_server, demo_site, browser, sign_in
):
    ids = {
        lang: {"colon": event_pk(COLON, lang), "workshop": event_pk(WORKSHOP, lang)}
        for lang in LANGUAGES
    }
    participant = user("participante@example.org")
    organizer = user("editor.snm@example.org")
    coordinator = user("coordinacion.snm@example.org")
    # The participant attended the 2022 workshop: its evaluation form.
    evaluation = Registration.objects.get(
        user=participant, event__slug=WORKSHOP, event__locale__language_code="es"
    ).pk
    failures = {}
    for width in WIDTHS:
        context = browser.new_context(
            locale="es-ES", viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        found = {}
        for lang in LANGUAGES:
            context.clear_cookies()
            paths = [path.format(lang=lang) for path in PUBLIC_PAGES]
            found.update(overflow_on(page, live_server.url, paths))
            sign_in(context, participant, live_server.url)
            paths = [
                path.format(lang=lang, evaluation=evaluation, **ids[lang])
                for path in PARTICIPANT_PAGES
            ]
            found.update(overflow_on(page, live_server.url, paths, " (participant)"))
            context.clear_cookies()
            sign_in(context, coordinator, live_server.url)
            paths = [path.format(lang=lang) for path in COORDINATOR_PAGES]
            found.update(overflow_on(page, live_server.url, paths, " (coordinator)"))
        context.clear_cookies()
        sign_in(context, organizer, live_server.url)
        paths = [path.format(**ids["es"]) for path in ORGANIZER_PAGES]
        found.update(overflow_on(page, live_server.url, paths, " (organizer)"))
        context.close()
        if found:
            failures[f"{width} px"] = found
    assert not failures, pformat(failures, width=120)

    # On a phone the main menu folds behind a button that works without JavaScript.
    context = browser.new_context(
        locale="es-ES",
        viewport={"width": 390, "height": 800},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/es/")
    search_link = page.locator(".main-nav a", has_text="Buscar")
    expect(search_link).to_be_hidden()
    assert page.locator(".site-header").bounding_box()["height"] < 100
    page.locator(".site-header summary", has_text="Menú").click()
    expect(search_link).to_be_visible()
    context.close()

    # Keyboard focus in the dark header stands out: outline at least 3:1 against it.
    context = browser.new_context(
        locale="es-ES", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/es/")
    contrasts = {}
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused := page.evaluate(FOCUS_CONTRAST):
            contrasts[focused["text"]] = focused["contrast"]
    context.close()
    assert "Buscar" in contrasts
    assert {text: ratio for text, ratio in contrasts.items() if ratio < 3} == {}
