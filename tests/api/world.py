"""One world for the API tests: two agencies, bilingual calendar, news and
resources, trainings with registrations, and tokens of each scope and state."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Agency
from api import services
from api.models import ApiToken
from events.models import EventPage, EventSession
from registrations.models import Registration
from tests.conftest import build_calendars, build_site_tree, make_locales
from tests.events.factories import EventPageFactory
from tests.factories import (
    AgencyFactory,
    NewsPageFactory,
    ResourcePageFactory,
    UserFactory,
    make_member,
)


@dataclass
class ApiWorld:
    site_tree: object
    calendars: dict
    agency_a: Agency
    agency_b: Agency
    coordinator_a: object
    coordinator_b: object
    editor_a: object
    training_a: EventPage
    training_a_en: EventPage
    training_b: EventPage
    registration_a: Registration
    registration_b: Registration
    secrets: dict[str, str]
    tokens: dict[str, ApiToken]


def soon(days: int, hour: int = 9) -> datetime.datetime:
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days)


def build_world() -> ApiWorld:
    site_tree = build_site_tree(make_locales())
    calendars = build_calendars(site_tree)
    agency_a = AgencyFactory(slug="agencia-a", name_es="Agencia A", name_en="Agency A")
    agency_b = AgencyFactory(slug="agencia-b", name_es="Agencia B", name_en="Agency B")
    coordinator_a = make_member(agency_a, role="coordinator", username="coord-a")
    coordinator_b = make_member(agency_b, role="coordinator", username="coord-b")
    editor_a = make_member(agency_a, role="editor", username="editor-a")
    training_a = EventPageFactory(
        parent=calendars["es"],
        title="Taller de A",
        lead_agency=agency_a,
        capacity=10,
        registration_mode="first_come",
        city="Panamá",
        venue_name="Sede de A",
        days=[(soon(10), soon(10, 16))],
    )
    training_a_en = EventPageFactory(
        parent=calendars["en"],
        title="Workshop of A",
        lead_agency=agency_a,
        translation_key=training_a.translation_key,
        sessions=[
            EventSession(
                start=soon(10),
                end=soon(10, 16),
                title="Day 1",
                translation_key=training_a.sessions.get().translation_key,
            )
        ],
    )
    training_b = EventPageFactory(
        parent=calendars["es"],
        title="Taller de B",
        lead_agency=agency_b,
        days=[(soon(20), soon(20, 16))],
    )
    NewsPageFactory(parent=site_tree.news["es"], title="Noticia", summary="Resumen")
    ResourcePageFactory(
        parent=site_tree.resources["es"],
        title="Ley 1",
        resource_type="law",
        issuing_body="Asamblea",
    )
    registrations = {}
    for name, event in (("a", training_a), ("b", training_b)):
        registrations[name] = Registration.objects.create(
            event=event,
            user=UserFactory(username=f"person-{name}"),
            status=Registration.Status.CONFIRMED,
            full_name=f"Persona {name.upper()}",
            email=f"persona-{name}@example.org",
            organization=f"Org {name}",
            position="Analista",
            applied_at=timezone.now(),
        )
    future = timezone.now() + datetime.timedelta(days=30)
    secrets, tokens = {}, {}
    for key, agency, coordinator, scope in (
        ("a_read", agency_a, coordinator_a, ApiToken.Scope.READ),
        ("a_write", agency_a, coordinator_a, ApiToken.Scope.READ_WRITE),
        ("b_write", agency_b, coordinator_b, ApiToken.Scope.READ_WRITE),
        ("a_revoked", agency_a, coordinator_a, ApiToken.Scope.READ_WRITE),
        ("a_expired", agency_a, coordinator_a, ApiToken.Scope.READ_WRITE),
    ):
        token, secret = services.token_create(
            agency=agency,
            name=f"Sistema {key}",
            scope=scope,
            expires_at=future,
            by=coordinator,
        )
        secrets[key], tokens[key] = secret, token
    services.token_revoke(token=tokens["a_revoked"], by=coordinator_a)
    ApiToken.objects.filter(pk=tokens["a_expired"].pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    return ApiWorld(
        site_tree=site_tree,
        calendars=calendars,
        agency_a=agency_a,
        agency_b=agency_b,
        coordinator_a=coordinator_a,
        coordinator_b=coordinator_b,
        editor_a=editor_a,
        training_a=training_a,
        training_a_en=training_a_en,
        training_b=training_b,
        registration_a=registrations["a"],
        registration_b=registrations["b"],
        secrets=secrets,
        tokens=tokens,
    )
