"""Issue 16 in a real browser: an agency editor (not a superuser) creates a
training in Spanish, translates it to English in wagtail-localize's translation
editor, publishes both, and the English page shows the English texts with the
Spanish page's sessions and registration."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE_ES = "Taller de entrevistas con enfoque de protección"
TITLE_EN = "Protection-sensitive interviewing workshop"
SUMMARY_ES = "Dos días de práctica para oficiales de primera línea."
SUMMARY_EN = "Two days of practice for front-line officers."
SLUG_EN = "protection-interviewing-workshop"
ENGLISH = {TITLE_ES: TITLE_EN, SUMMARY_ES: SUMMARY_EN}


def create_training_in_spanish(page, base_url: str, calendar, agency) -> EventPage:
    page.goto(f"{base_url}/admin/pages/add/events/eventpage/{calendar.pk}/")
    page.locator("#id_title").fill(TITLE_ES)
    page.locator("#id_summary").fill(SUMMARY_ES)
    # The lead agency is chosen in the agencies' chooser.
    page.get_by_role("button", name="Seleccionar institución").click()
    page.locator(".modal").get_by_role("link", name=agency.name_es).first.click()
    expect(page.locator("#id_lead_agency")).to_have_value(str(agency.pk))
    page.locator("input[name='sessions-0-title']").fill("Día 1")
    page.locator("input[name='sessions-0-start']").fill("2031-05-06 09:00")
    page.locator("input[name='sessions-0-end']").fill("2031-05-06 16:00")
    page.locator("#id_registration_mode").select_option("first_come")
    page.locator("#id_capacity").fill("24")
    # Typed dates leave the date picker open over the footer.
    page.locator(".xdsoft_datetimepicker").evaluate_all(
        "pickers => pickers.forEach(picker => picker.remove())"
    )
    # Wagtail's footer: "Publish" sits in the menu beside "Save draft".
    page.locator(".w-dropdown-button [data-w-dropdown-target='toggle']").click()
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages")).to_contain_text(TITLE_ES)
    return EventPage.objects.get(title=TITLE_ES, locale__language_code="es")


def translate_in_the_editor(page) -> None:
    """Type every string of the translation editor, tab after tab ("Content",
    then "Promote", where the slug is), one segment after another."""
    for tab in ("Contenido", "Promocionar"):
        page.get_by_role("tab", name=tab).click()
        pending = page.locator("li.incomplete:visible")
        for _segment in range(10):
            left = pending.count()
            if left == 0:
                break
            segment = pending.first
            source = segment.inner_text()
            segment.locator("button").first.click()
            if TITLE_ES in source:
                value = TITLE_EN
            elif SUMMARY_ES in source:
                value = SUMMARY_EN
            elif "Día 1" in source:
                # The session's title (issue 16: a text of the translation).
                value = "Day 1"
            else:
                # The slug: its source is the one Wagtail made of the title.
                value = SLUG_EN
            textarea = segment.locator("textarea")
            textarea.fill(value)
            textarea.press("Enter")
            expect(pending).to_have_count(left - 1)
    expect(page.locator("li.incomplete")).to_have_count(0)


def test_agency_editor_translates_a_training_and_english_shows_spanish_sessions(
    live_server, demo_site, page, sign_in, settings
):
    # The live server's threads share one in-memory SQLite connection: an autosave
    # still in flight when Publish posts races on it ("no such savepoint"). The
    # autosave/publish race itself is tested in tests/portal/test_page_creation.py.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    editor = get_user_model().objects.get(email="editor.snm@example.org")
    assert not editor.is_superuser
    agency = editor.memberships.get().agency
    calendar = EventIndexPage.objects.get(locale__language_code="es")
    sign_in(page.context, editor, live_server.url)

    spanish = create_training_in_spanish(page, live_server.url, calendar, agency)
    assert spanish.live and spanish.capacity == 24

    english_locale = Locale.objects.get(language_code="en")
    page.goto(f"{live_server.url}/admin/localize/submit/page/{spanish.pk}/")
    page.locator(f"input[name='locales'][value='{english_locale.pk}']").check()
    page.locator("main form [type=submit]").click()
    # wagtail-localize opens the English copy in its translation editor.
    expect(page.locator("li.incomplete").first).to_be_visible()
    # The editor in Spanish, texts it writes without gettext included
    # (agencies/static/agencies/js/translation-editor.js).
    editor_app = page.locator(".js-translation-editor")
    expect(editor_app).to_contain_text("Traducción de Español a Inglés")
    expect(editor_app.locator(".w-sr-only", has_text="Más acciones")).to_have_count(1)
    expect(page.locator("button[name='action'][value='publish']")).to_have_text(
        re.compile(r"Publicar en Inglés")
    )
    expect(editor_app).not_to_contain_text("More actions")
    draft = EventPage.objects.get(
        translation_key=spanish.translation_key, locale=english_locale
    )
    assert not draft.live, "still in Spanish: not public before it is translated"
    translate_in_the_editor(page)
    page.locator("button[name='action'][value='publish']").click()
    expect(page.locator(".messages")).to_contain_text(TITLE_EN)

    english = EventPage.objects.get(
        translation_key=spanish.translation_key, locale=english_locale
    )
    assert english.live and english.slug == SLUG_EN

    page.goto(f"{live_server.url}{english.url}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(TITLE_EN)
    expect(page.locator("main")).to_contain_text(SUMMARY_EN)
    # The Spanish page's session (6 May 2031) and its registration.
    main = page.locator("main")
    expect(main).to_contain_text("May 6, 2031")
    expect(main).to_contain_text("Day 1")
    expect(main).to_contain_text("09:00–16:00")
    expect(main).to_contain_text("24 seats")
    register = main.get_by_role("link", name="Register")
    expect(register).to_have_attribute("href", re.compile(r"/registrations/apply/"))
