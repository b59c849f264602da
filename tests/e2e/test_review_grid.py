"""Panel review in a real browser: three reviewers score on the grid (one with
the keyboard alone, counted; one on a tablet; one without JavaScript), then an
organizer selects up to capacity, adjusts a tick and confirms."""

import pytest
from playwright.sync_api import expect

from registrations.models import Registration, SelectionScore
from tests.registrations.review_world import build_review_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

APPLICANTS = 30
SCORED_BY_EACH = 20
CAPACITY = 8
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def value(reviewer: int, applicant: int, criterion: int) -> int:
    return (applicant * (criterion + 2) + reviewer * 3) % 6


def grid(browser, sign_in, live_server, user, *, width=1280, javascript=True):
    context = browser.new_context(
        locale="es-ES",
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
    )
    sign_in(context, user, live_server.url)
    page = context.new_page()
    return page


def test_three_reviewers_score_and_organizers_select_up_to_capacity(
    live_server, calendar, browser, sign_in
):
    world = build_review_world(calendar, applicants=APPLICANTS, capacity=CAPACITY)
    event = world["event"]
    people = world["registrations"]
    url = f"{live_server.url}/es/registrations/review/{event.pk}/"
    r1, r2, r3 = world["reviewers"]

    # Reviewer 1, keyboard only at 1280 px: one click into the first cell, then
    # one digit per score; the focus moves on by itself.
    page = grid(browser, sign_in, live_server, r1)
    page.goto(url)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    clicks = keystrokes = 0
    page.locator(".review-score").first.click()
    clicks += 1
    for applicant in range(APPLICANTS):
        for criterion in range(3):
            page.keyboard.press(str(value(1, applicant, criterion)))
            keystrokes += 1
    expect(page.locator(".review-grid-form")).to_have_attribute(
        "data-pending", "0", timeout=60_000
    )
    assert clicks + keystrokes == 91 < 100
    mine = {
        (score.registration_id, score.criterion_id): score.value
        for score in SelectionScore.objects.filter(reviewer=r1)
    }
    assert len(mine) == APPLICANTS * 3
    criteria = world["criteria"]
    assert all(
        mine[people[a].pk, criteria[c].pk] == value(1, a, c)
        for a in range(APPLICANTS)
        for c in range(3)
    )
    page.context.close()

    # Reviewer 2 on a tablet: the page does not scroll sideways, the grid may,
    # in its own labelled region; Enter goes down a column; a conflict declared.
    page = grid(browser, sign_in, live_server, r2, width=768)
    page.goto(url)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    expect(page.get_by_role("region", name="Sus puntuaciones")).to_be_visible()
    page.locator(".review-score").first.click()
    for applicant in range(SCORED_BY_EACH):
        for criterion in range(3):
            page.keyboard.press(str(value(2, applicant, criterion)))
    page.locator(f"#score-{people[0].pk}-{criteria[1].pk}").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == (
        f"score-{people[1].pk}-{criteria[1].pk}"
    )
    page.locator(f"#conflict-{people[5].pk}").check()
    expect(page.locator(".review-grid-form")).to_have_attribute(
        "data-pending", "0", timeout=60_000
    )
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.context.close()
    assert (
        SelectionScore.objects.filter(reviewer=r2).count() == (SCORED_BY_EACH - 1) * 3
    )

    # Reviewer 3 without JavaScript: the whole table is one form.
    page = grid(browser, sign_in, live_server, r3, javascript=False)
    page.goto(url)
    for applicant in range(SCORED_BY_EACH):
        for criterion in range(3):
            page.locator(
                f"#score-{people[applicant].pk}-{criteria[criterion].pk}"
            ).fill(str(value(3, applicant, criterion)))
    page.get_by_role("button", name="Guardar todas las puntuaciones").click()
    expect(page.locator(".messages")).to_be_visible()
    page.context.close()
    assert SelectionScore.objects.filter(reviewer=r3).count() == SCORED_BY_EACH * 3

    # The organizer's proposal: the top eight, a line under them; untick the
    # eighth, tick the ninth, confirm.
    page = grid(browser, sign_in, live_server, world["organizer"])
    page.goto(f"{live_server.url}/admin/registrations/{event.pk}/select/")
    ticked = page.locator("input[name=selected]:checked")
    expect(ticked).to_have_count(CAPACITY)
    expect(page.locator(".selection-line")).to_have_count(1)
    boxes = page.locator("input[name=selected]")
    eighth = boxes.nth(CAPACITY - 1).get_attribute("value")
    ninth = boxes.nth(CAPACITY).get_attribute("value")
    boxes.nth(CAPACITY - 1).uncheck()
    boxes.nth(CAPACITY).check()
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}/admin/registrations/{event.pk}/")
    page.context.close()
    statuses = dict(
        Registration.objects.filter(event=event).values_list("pk", "status")
    )
    assert statuses[int(ninth)] == Registration.Status.CONFIRMED
    assert statuses[int(eighth)] == Registration.Status.WAITLISTED
    assert list(statuses.values()).count(Registration.Status.CONFIRMED) == CAPACITY
    assert list(statuses.values()).count(Registration.Status.WAITLISTED) == (
        APPLICANTS - CAPACITY
    )
