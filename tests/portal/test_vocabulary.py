"""One verb per action: filters filter ("Filtrar"), people register
("Inscribirme") or apply for a place ("Solicitar plaza") with the same verb on
the training's page and on the form's button; "Aplicar" names nothing."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from events.registration_settings import RegistrationMode
from tests.factories import AgencyFactory, UserFactory
from tests.registrations.conftest import build_event

pytestmark = pytest.mark.django_db
BUTTONS = re.compile(r"<(?:button|a)\b[^>]*>(.*?)</(?:button|a)>", re.S)


def _buttons(html: str) -> set[str]:
    return {
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in BUTTONS.findall(html)
    }


def test_each_action_has_one_verb(client, site_tree, calendars):
    organizer_agency = AgencyFactory(slug="snm")
    first_come = build_event(calendars["es"], organizer_agency, title="Taller")
    application = build_event(
        calendars["es"],
        organizer_agency,
        title="Curso con selección",
        mode=RegistrationMode.APPLICATION,
    )
    client.force_login(UserFactory())
    with translation.override("es"):
        filters = [
            calendars["es"].url,
            site_tree.news["es"].url,
            site_tree.resources["es"].url,
            reverse("agencies:list"),
        ]
        # Their filters show once there are announcements or search results:
        # only the old words are looked for there.
        announcements = reverse("announcements:list")
        search = reverse("search:search") + "?q=taller"
        apply_first_come = reverse("registrations:apply", args=[first_come.pk])
        apply_application = reverse("registrations:apply", args=[application.pk])
    pages = {}
    for path in [
        *filters,
        announcements,
        search,
        first_come.url,
        application.url,
        apply_first_come,
        apply_application,
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
        assert "Aplicar" not in pages[path], path
        assert "Solicitar inscripción" not in pages[path], path
        assert "Enviar mi solicitud" not in pages[path], path

    for path in filters:
        assert "Filtrar" in _buttons(pages[path]), path
    assert "Inscribirme" in _buttons(pages[first_come.url])
    assert "Inscribirme" in _buttons(pages[apply_first_come])
    assert "Solicitar plaza" in _buttons(pages[application.url])
    assert "Solicitar plaza" in _buttons(pages[apply_application])
