"""The registration form works by keyboard alone (axe on every page at every width:
test_page_walk.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import EventPage
from registrations.models import Registration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COLON = "taller-trafico-ilicito-migrantes-2027-colon"


def participant():
    return get_user_model().objects.get(email="participante@example.org")


def colon_training(lang: str) -> EventPage:
    return EventPage.objects.get(slug=COLON, locale__language_code=lang)


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
