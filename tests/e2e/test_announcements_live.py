"""A participant's open page shows an announcement published from another session
within 2 seconds, and again after the server restarts the connection.

The portal runs for real in a daphne subprocess (HTTP and WebSockets), so the
test database must be one another process can open (PostgreSQL).
"""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from agencies import services as agency_services
from agencies.models import Membership
from announcements.services import announcement_publish
from tests.announcements.servers import (
    DaphneServer,
    publish_through_admin,
    session_cookie_for,
    shared_database_url,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DELIVERY_MS = 2000


@pytest.fixture
def server(tmp_path):
    daphne = DaphneServer(
        database_url=shared_database_url(),
        redis_url=os.environ.get("REDIS_URL", ""),
        log_dir=tmp_path,
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
    agency_services.membership_create(agency=agency, user=participant)
    return {"agency": agency, "editor": editor, "participant": participant}


def live_region(page):
    return page.locator("[data-announcements]")


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

    publish_through_admin(
        server,
        editor_session,
        title="La sesión 2 pasa a la sala B",
        audience="agency",
        agency=people["agency"].pk,
    )
    toast = page.locator(".announcement-toast", has_text="La sesión 2 pasa a la sala B")
    expect(toast).to_be_visible(timeout=DELIVERY_MS)
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

    publish_through_admin(
        server,
        editor_session,
        title="Urgente: la sesión 3 se cancela",
        level="urgent",
        audience="agency",
        agency=people["agency"].pk,
    )
    banner = page.locator(".announcement-banner", has_text="la sesión 3 se cancela")
    expect(banner).to_be_visible(timeout=DELIVERY_MS)

    toast.get_by_role("button").click()
    expect(toast).to_have_count(0)
