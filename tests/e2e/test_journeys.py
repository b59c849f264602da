"""People's journeys through the portal in a real browser, against a live server.

The fourth journey (an announcement reaching an open page, live and after a
reconnect) is tests/e2e/test_announcements_live.py.
"""

import os
import re

import icalendar
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage
from tests.announcements.servers import DaphneServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COLON = "taller-trafico-ilicito-migrantes-2027-colon"
PDF_PHRASE = "brújula de coordinación interinstitucional"
LIVE_MS = 5000


def test_public_reads_news_in_spanish_and_downloads_a_resource_found_by_its_pdf(
    live_server, demo_site, page
):
    page.goto(f"{live_server.url}/en/news/")
    page.locator("main a[href$='/workshop-migrant-smuggling-2022/']").first.click()
    expect(page.locator("h1")).to_contain_text("National Migration Service")

    page.locator(".language-switcher").get_by_role("link", name="español").click()
    expect(page).to_have_url(re.compile(r"/es/news/workshop-migrant-smuggling-2022/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_contain_text("Servicio Nacional de Migración")

    page.locator(".site-header").get_by_role("link", name="Buscar").click()
    page.get_by_label(re.compile("Buscar noticias")).fill(PDF_PHRASE)
    page.locator(".search-form").get_by_role("button", name="Buscar").click()
    # The phrase is only inside the PDF: the hit is the document itself.
    hit = page.locator(".search-hit__title a", has_text="Ley 36 de 2013")
    expect(hit).to_have_count(1)
    found_document = hit.get_attribute("href")

    # exact: the brand's tagline also says "recursos".
    page.locator(".site-header").get_by_role(
        "link", name="Recursos", exact=True
    ).click()
    page.get_by_role("link", name="Ley N.º 36 de 24 de mayo de 2013").first.click()
    expect(page).to_have_url(re.compile(r"/es/resources/law-36-2013/$"))
    document = page.locator(".documents a[download]", has_text="Ley 36 de 2013")
    assert document.get_attribute("href") == found_document
    assert downloaded(page, document).startswith(b"%PDF")


def downloaded(page, link) -> bytes:
    """Click a link and return the bytes of the file the browser downloads."""
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        return file.read()


@pytest.fixture
def websocket_server(tmp_path):
    """On PostgreSQL, a daphne process serving WebSockets on the test database;
    SQLite's test database lives in this process only, so there is none."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield None
        return
    from tests.announcements.servers import shared_database_url

    daphne = DaphneServer(
        database_url=shared_database_url(),
        redis_url=os.environ.get("REDIS_URL", ""),
        log_dir=tmp_path,
    )
    daphne.start()
    yield daphne
    daphne.stop()


def confirmation_link(address: str) -> str:
    (message,) = [m for m in mail.outbox if address in m.to]
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_participant_signs_up_applies_and_sees_the_approval_live(
    live_server, demo_site, page, second_page, sign_in, websocket_server
):
    address = "nueva.participante@example.org"
    page.goto(f"{live_server.url}/es/accounts/signup/")
    page.get_by_label("Correo electrónico").fill(address)
    page.locator("input[name=password1]").fill("una-clave-bastante-larga-42")
    page.locator("input[name=password2]").fill("una-clave-bastante-larga-42")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(re.compile("Verifique su dirección"))

    link = confirmation_link(address)
    page.goto(link.replace("http://testserver", live_server.url))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".account-nav")).to_contain_text("Mis inscripciones")

    event = EventPage.objects.get(slug=COLON, locale__language_code="es")
    page.goto(f"{live_server.url}{event.url}")
    page.locator(f"a[href$='/registrations/apply/{event.pk}/']").click()
    page.get_by_label("Excelente").check()
    page.get_by_label("Sí").check()
    # What the organizers will see, corrected here and kept in the profile.
    page.locator("#id_applicant-full_name").fill("Ana Pérez")
    page.get_by_role("button", name="Solicitar plaza").click()
    registration = page.locator(".registration", has_text="réplica en Colón")
    expect(registration.locator(".registration__status")).to_have_text(
        "Pendiente de revisión"
    )

    watched = websocket_server.url if websocket_server else live_server.url
    if websocket_server:
        session = next(
            c
            for c in page.context.cookies()
            if c["name"] == settings.SESSION_COOKIE_NAME
        )
        page.context.add_cookies(
            [{"name": session["name"], "value": session["value"], "url": watched}]
        )
        page.goto(f"{watched}/es/registrations/")
        expect(page.locator("[data-announcements]")).to_have_attribute(
            "data-state", "open", timeout=10_000
        )

    # The organizer approves in the admin, in a browser of their own.
    editor = get_user_model().objects.get(email="editor.snm@example.org")
    sign_in(second_page.context, editor, watched)
    admin = second_page
    admin.goto(f"{watched}/admin/registrations/{event.pk}/")
    admin.get_by_label(re.compile("Seleccionar")).check()
    admin.get_by_label("Aprobar", exact=True).check()
    admin.get_by_role("button", name="Guardar decisión").click()
    expect(admin.locator(".messages")).to_contain_text("1")

    if websocket_server:
        toast = page.locator(".announcement-toast", has_text="Confirmada")
        expect(toast).to_be_visible(timeout=LIVE_MS)
        expect(page.locator("[aria-live=polite]")).to_contain_text("Confirmada")
    # Without a WebSocket (the WSGI live server on SQLite) the page shows it on reload.
    page.reload()
    expect(page.locator(".registration__status").first).to_have_text("Confirmada")


TRAINING = "Taller de entrevistas a personas migrantes"


def test_agency_editor_publishes_a_training_with_two_sessions_to_calendar_and_feed(
    live_server, demo_site, page, sign_in, settings
):
    # One in-memory SQLite connection for the live server's threads: no autosave
    # racing the publish (that race is tested in tests/portal/test_page_creation.py).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    editor = get_user_model().objects.get(email="editor.snm@example.org")
    sign_in(page.context, editor, live_server.url)
    calendar = EventIndexPage.objects.get(slug="events", locale__language_code="es")
    page.goto(f"{live_server.url}/admin/pages/add/events/eventpage/{calendar.pk}/")

    page.locator("input[name=title]").fill(TRAINING)
    page.locator("textarea[name=summary]").fill("Dos mañanas de práctica guiada.")
    page.get_by_role("button", name="Seleccionar institución").click()
    page.locator(".modal").get_by_role(
        "link", name="Servicio Nacional de Migración de Panamá"
    ).click()
    expect(page.locator("input[name=lead_agency]")).not_to_have_value("")
    page.locator("#id_sessions-ADD").click()
    for number, day in enumerate(("2027-06-15", "2027-06-16")):
        page.locator(f"input[name=sessions-{number}-title]").fill(f"Día {number + 1}")
        page.locator(f"input[name=sessions-{number}-start]").fill(f"{day} 09:00")
        page.locator(f"input[name=sessions-{number}-end]").fill(f"{day} 12:00")
        page.keyboard.press("Escape")
    # The editor publishes the new training in one step from the create form,
    # with the keyboard (a date picker left open may cover the footer).
    page.locator("footer .w-dropdown__toggle").focus()
    page.keyboard.press("Enter")
    page.locator("button[name=action-publish]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(TRAINING)

    page.goto(f"{live_server.url}/es/events/")
    expect(page.locator("main").get_by_role("link", name=TRAINING)).to_be_visible()
    page.goto(f"{live_server.url}/es/events/?view=month&month=2027-06")
    expect(
        page.locator("main").get_by_role("link", name=TRAINING).first
    ).to_be_visible()

    feed = page.request.get(f"{live_server.url}/es/events/feed.ics")
    assert feed.ok
    assert feed.headers["content-type"].startswith("text/calendar")
    sessions = [
        event
        for event in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
        if TRAINING in str(event["SUMMARY"])
    ]
    starts = sorted(event.decoded("DTSTART") for event in sessions)
    assert [start.date().isoformat() for start in starts] == [
        "2027-06-15",
        "2027-06-16",
    ]
