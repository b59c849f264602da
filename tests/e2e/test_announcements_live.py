"""A participant's open page shows an announcement published from another session
within 2 seconds, and again after the server restarts the connection.

The portal runs for real in a daphne subprocess (HTTP and WebSockets). On
PostgreSQL the server shares the test database and runs once with the in-memory
channel layer and once with Redis (REDIS_URL); on the embedded defaults it runs on
a SQLite file copied from the test database, as `make run` serves.
"""

import os

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from agencies import services as agency_services
from agencies.models import Membership
from announcements.services import announcement_publish
from events.models import EventPage
from registrations.models import Registration
from tests.announcements.servers import (
    DaphneServer,
    publish_through_admin,
    session_cookie_for,
    shared_database_url,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DELIVERY_MS = 2000


@pytest.fixture(params=["in-memory layer", "redis layer"])
def server(request, tmp_path):
    redis_url = ""
    if request.param == "redis layer":
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            pytest.skip("needs Redis (REDIS_URL)")
    daphne = DaphneServer(
        database_url=shared_database_url(), redis_url=redis_url, log_dir=tmp_path
    )
    daphne.start()
    yield daphne
    daphne.stop()


@pytest.fixture
def people(django_user_model):
    agency = agency_services.agency_create(
        name_es="Servicio Nacional de Migración",
        name_en="National Migration Service",
        slug="snm-live",
        acronym="SNM",
    )
    editor = django_user_model.objects.create_user(
        username="editor", email="editor@example.org", password="x"
    )
    participant = django_user_model.objects.create_user(
        username="participant", email="participant@example.org", password="x"
    )
    agency_services.membership_create(
        agency=agency, user=editor, role=Membership.Role.EDITOR
    )
    # A confirmed participant of the agency's training, not one of its members:
    # the training's audience is what brings the announcement to this page.
    training = Page.get_first_root_node().add_child(
        instance=EventPage(
            title="Taller sobre tráfico de migrantes",
            slug="taller-live",
            locale=Locale.objects.get(language_code="es"),
            summary="Tres días de taller.",
            lead_agency=agency,
        )
    )
    Registration.objects.create(
        event=training,
        user=participant,
        status=Registration.Status.CONFIRMED,
        applied_at=timezone.now(),
    )
    return {
        "agency": agency,
        "editor": editor,
        "participant": participant,
        "training": training,
    }


def live_region(page):
    return page.locator("[data-announcements]")


def announce_to_training(
    server,
    editor_session,
    people,
    page,
    title,
    *,
    shown_as=".announcement-toast",
    **fields,
):
    """The editor publishes to the training's participants through the admin of
    this server; the open page shows it within DELIVERY_MS. Returns what shows it."""
    publish_through_admin(
        server,
        editor_session,
        title=title,
        audience="event",
        agency=people["agency"].pk,
        event=people["training"].pk,
        **fields,
    )
    shown = page.locator(shown_as, has_text=title)
    expect(shown).to_be_visible(timeout=DELIVERY_MS)
    return shown


def test_participant_sees_announcements_live_and_after_a_restart(server, people, page):
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
    page.goto(f"{server.url}/es/announcements/")
    expect(live_region(page)).to_have_attribute("data-state", "open", timeout=10_000)

    toast = announce_to_training(
        server, editor_session, people, page, "La sesión 2 pasa a la sala B"
    )
    expect(page.locator("[aria-live=polite]")).to_contain_text("sala B")

    server.stop()
    expect(live_region(page)).to_have_attribute("data-state", "closed")
    # Published while the socket is down: the reconnect's backfill brings it.
    announcement_publish(
        audience="public", title="Inscripciones abiertas para junio", by=None
    )
    server.start()
    expect(live_region(page)).to_have_attribute("data-state", "open", timeout=30_000)
    expect(
        page.locator(".announcement-toast", has_text="Inscripciones abiertas")
    ).to_be_visible(timeout=DELIVERY_MS)

    announce_to_training(
        server,
        editor_session,
        people,
        page,
        "Urgente: la sesión 3 se cancela",
        shown_as=".announcement-banner",
        level="urgent",
    )

    toast.get_by_role("button").click()
    expect(toast).to_have_count(0)


def sqlite_copy_of_the_test_database(path) -> str:
    """The embedded default (SQLite) as a file another process can open: a copy
    of this process's in-memory test database, committed data included."""
    import sqlite3

    from django.db import connection

    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


def publish_from_another_process(database_url: str, title: str) -> None:
    """As a script or a second worker would, straight to the database."""
    import subprocess
    import sys

    from tests.announcements.servers import ROOT

    code = (
        "from announcements.services import announcement_publish; "
        f"announcement_publish(audience='public', title={title!r}, by=None)"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
        },
        check=True,
        timeout=60,
    )


def test_live_on_the_embedded_defaults_sqlite_and_in_memory_layer(
    people, page, tmp_path, monkeypatch
):
    """What `make run` serves: one daphne process on a SQLite file with the
    in-memory channel layer. The PostgreSQL pass runs the test above instead."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the embedded defaults use SQLite; see the test above")
    participant_session = session_cookie_for(people["participant"])
    editor_session = session_cookie_for(people["editor"])
    database_url = sqlite_copy_of_the_test_database(tmp_path / "portal.sqlite3")
    monkeypatch.setenv("ANNOUNCEMENTS_HEARTBEAT_SECONDS", "1")
    server = DaphneServer(database_url=database_url, log_dir=tmp_path)
    server.start()
    try:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": participant_session,
                    "url": server.url,
                }
            ]
        )
        page.goto(f"{server.url}/es/announcements/")
        expect(live_region(page)).to_have_attribute(
            "data-state", "open", timeout=10_000
        )
        announce_to_training(
            server, editor_session, people, page, "La sesión 2 pasa a la sala B"
        )

        server.stop()
        expect(live_region(page)).to_have_attribute("data-state", "closed")
        publish_from_another_process(database_url, "Inscripciones abiertas para junio")
        server.start()
        expect(live_region(page)).to_have_attribute(
            "data-state", "open", timeout=30_000
        )
        expect(
            page.locator(".announcement-toast", has_text="Inscripciones abiertas")
        ).to_be_visible(timeout=DELIVERY_MS)

        # Published by another process while the page stays open, as the task
        # worker publishes scheduled announcements: the in-memory layer cannot
        # carry it; the heartbeat's newer cursor tells the page, which backfills.
        publish_from_another_process(database_url, "Cambio de sede del taller")
        expect(
            page.locator(".announcement-toast", has_text="Cambio de sede")
        ).to_be_visible(timeout=15_000)
    finally:
        server.stop()
