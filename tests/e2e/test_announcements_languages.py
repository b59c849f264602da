"""A live announcement reaches an English page in English, or in Spanish saying
so when it has no English text (issue 16)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.announcements.servers import publish_through_admin, session_cookie_for
from tests.e2e.test_announcements_live import (  # noqa: F401  (fixtures)
    DELIVERY_MS,
    live_region,
    people,
    server,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_english_page_shows_the_english_text_or_marks_the_spanish(
    server,  # noqa: F811
    people,  # noqa: F811
    page,
):
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(people["participant"]),
                "url": server.url,
            }
        ]
    )
    editor_session = session_cookie_for(people["editor"])
    page.goto(f"{server.url}/en/announcements/")
    expect(live_region(page)).to_have_attribute("data-state", "open", timeout=10_000)

    common = {"audience": "agency", "agency": people["agency"].pk}
    publish_through_admin(
        server,
        editor_session,
        title="Sesión 2 en la sala B",
        title_en="Session 2 in room B",
        **common,
    )
    publish_through_admin(server, editor_session, title="Solo en español", **common)
    # The participant is no member of the agency: both go to its members only.
    publish_through_admin(
        server,
        editor_session,
        title="Para todos",
        title_en="For everyone",
        audience="public",
        agency=people["agency"].pk,
    )
    publish_through_admin(
        server,
        editor_session,
        title="Aviso sin traducir",
        audience="public",
        agency=people["agency"].pk,
    )
    english = page.locator(".announcement-toast", has_text="For everyone")
    expect(english).to_be_visible(timeout=DELIVERY_MS)
    expect(english).not_to_contain_text("Para todos")
    expect(english).not_to_contain_text("Available only in Spanish")
    spanish = page.locator(".announcement-toast", has_text="Aviso sin traducir")
    expect(spanish).to_be_visible(timeout=DELIVERY_MS)
    expect(spanish).to_contain_text("Available only in Spanish")
    expect(spanish.locator(".announcement-toast__title")).to_have_attribute(
        "lang", "es"
    )
