"""An applicant's open page, while organizers decide: one status notice per
training (the newest replaces the earlier one), with the organizers' message; once
approved the page hears the training's announcements without reloading; a
dismissed notice stays dismissed after a reload.

daphne runs in a subprocess with the in-memory layer, as `make run` serves: the
decisions are taken in this process (as the task worker would, in another one),
so the page learns of them from the heartbeat's cursor and backfills.
"""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from agencies import services as agency_services
from agencies.models import Membership
from events.models import EventPage
from registrations.models import Registration
from registrations.services import registration_decide
from tests.announcements.servers import (
    DaphneServer,
    publish_through_admin,
    session_cookie_for,
    shared_database_url,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_status_notices_replace_each_other_and_approval_opens_the_training(
    page, django_user_model, tmp_path, monkeypatch
):
    monkeypatch.setenv("ANNOUNCEMENTS_HEARTBEAT_SECONDS", "1")
    server = DaphneServer(database_url=shared_database_url(), log_dir=tmp_path)
    agency = agency_services.agency_create(
        name_es="Servicio Nacional de Migración",
        name_en="National Migration Service",
        slug="snm-status",
        acronym="SNM",
    )
    editor = django_user_model.objects.create_user(
        username="editor", email="editor@example.org", password="x"
    )
    agency_services.membership_create(
        agency=agency, user=editor, role=Membership.Role.EDITOR
    )
    applicant = django_user_model.objects.create_user(
        username="applicant", email="applicant@example.org", password="x"
    )
    training = Page.get_first_root_node().add_child(
        instance=EventPage(
            title="Taller sobre tráfico de migrantes",
            slug="taller-status",
            locale=Locale.objects.get(language_code="es"),
            summary="Tres días de taller.",
            lead_agency=agency,
        )
    )
    registration = Registration.objects.create(
        event=training,
        user=applicant,
        status=Registration.Status.PENDING,
        applied_at=timezone.now(),
    )
    server.start()
    try:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_cookie_for(applicant),
                    "url": server.url,
                }
            ]
        )
        page.goto(f"{server.url}/es/announcements/")
        live = page.locator("[data-announcements]")
        expect(live).to_have_attribute("data-state", "open", timeout=10_000)

        def decide(status, message):
            registration_decide(
                event=training,
                registration_ids=[registration.pk],
                status=status,
                by=editor,
                message=message,
            )

        status_notices = page.locator("[data-announcement-topic]")
        decide(Registration.Status.WAITLISTED, "Le avisaremos si se libera un cupo.")
        expect(status_notices).to_contain_text("se libera un cupo", timeout=10_000)
        decide(Registration.Status.CONFIRMED, "Traiga su documento de identidad.")
        expect(status_notices).to_contain_text("documento de identidad", timeout=10_000)
        expect(status_notices).to_have_count(1)
        expect(status_notices).not_to_contain_text("se libera un cupo")

        # Approved: the training's announcements reach the open page.
        publish_through_admin(
            server,
            session_cookie_for(editor),
            title="La sesión 2 pasa a la sala B",
            audience="event",
            agency=agency.pk,
            event=training.pk,
        )
        room = page.locator(".announcement-toast", has_text="sala B")
        expect(room).to_be_visible(timeout=5_000)

        # Dismissed stays dismissed; what was not dismissed is still there.
        status_notices.get_by_role("button").click()
        expect(status_notices).to_have_count(0)
        page.reload()
        expect(live).to_have_attribute("data-state", "open", timeout=10_000)
        expect(room).to_be_visible()
        expect(status_notices).to_have_count(0)
    finally:
        server.stop()
