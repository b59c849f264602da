"""axe-core finds no serious or critical violations on the public, account and
registration pages in both languages; the registration form works by keyboard."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import EventPage
from registrations.models import Registration
from tests.e2e.axe_checks import serious_violations, violations_on

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
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
    "/{lang}/search/?q=ley",
    "/{lang}/no-such-page/",
]
ACCOUNT_PAGES = [
    "/{lang}/accounts/login/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/accounts/password/reset/done/",
    "/{lang}/accounts/confirm-email/",
]
# Seen signed in as the demo participant.
PERSONAL_PAGES = [
    "/{lang}/",
    "/{lang}/accounts/profile/",
    "/{lang}/accounts/email/",
    "/{lang}/accounts/password/change/",
    "/{lang}/registrations/",
    "/{lang}/registrations/apply/{event_id}/",
]
COLON = "taller-trafico-ilicito-migrantes-2027-colon"
# From a small phone to a laptop: what hides or reflows at one width can fail there.
WIDTHS = [320, 390, 768, 1280]


def participant():
    return get_user_model().objects.get(email="participante@example.org")


def colon_training(lang: str) -> EventPage:
    return EventPage.objects.get(slug=COLON, locale__language_code=lang)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pages_have_no_serious_accessibility_violations(
    live_server, demo_site, page, sign_in, lang
):
    paths = [path.format(lang=lang) for path in PAGES + ACCOUNT_PAGES]
    missing = f"/{lang}/no-such-page/"
    event_id = colon_training(lang).pk
    personal = [path.format(lang=lang, event_id=event_id) for path in PERSONAL_PAGES]
    failures = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.context.clear_cookies()
        found = violations_on(page, live_server.url, paths, error_pages=(missing,))
        failures.update(
            {f"{path} ({width} px)": items for path, items in found.items()}
        )
        sign_in(page.context, participant(), live_server.url)
        found = violations_on(page, live_server.url, personal)
        failures.update(
            {f"{path} (signed in, {width} px)": items for path, items in found.items()}
        )
    # The form again after a refused submission: errors shown beside the fields.
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator("form.registration-form .errorlist").first).to_be_visible()
    if found := serious_violations(page):
        failures["the registration form with errors"] = found
    assert failures == {}


FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== "none"
        && parseFloat(style.outlineWidth) > 0;
    return {
        name: element.name || "",
        tag: element.tagName,
        type: element.type || "",
        inForm: Boolean(element.closest("form.registration-form")),
        focusVisible: element.matches(":focus-visible")
            && (outlined || style.boxShadow !== "none"),
    };
}"""


def test_skip_link_and_registration_form_work_with_the_keyboard_alone(
    live_server, demo_site, page, sign_in
):
    user = participant()
    event = colon_training("es")
    sign_in(page.context, user, live_server.url)
    page.goto(f"{live_server.url}/es/registrations/apply/{event.pk}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    reached = []
    for _ in range(100):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inForm"]:
            continue
        assert focused["focusVisible"], f"no visible focus on {focused}"
        if focused["type"] in {"radio", "checkbox"}:
            page.keyboard.press("Space")
        elif focused["tag"] == "TEXTAREA":
            page.keyboard.type("Para replicar el taller en mi oficina regional.")
        reached.append(focused["name"] or focused["tag"])
        if focused["type"] == "submit":
            break

    questions = [
        f"question_{pk}"
        for pk in event.registration_questions.values_list("pk", flat=True)
    ]
    # The applicant's profile comes first, then the privacy notice link, then the
    # event's questions.
    assert [name for name in dict.fromkeys(reached) if name != "sessions"] == [
        "applicant-full_name",
        "applicant-agency",
        "applicant-organization_name",
        "applicant-position",
        "A",
        *questions,
        "BUTTON",
    ]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/es/registrations/(#main)?$"))
    expect(page.locator(".messages")).to_contain_text("Pendiente de revisión")
    registration = Registration.objects.get(user=user, event=event)
    assert registration.answers.count() == len(questions)
