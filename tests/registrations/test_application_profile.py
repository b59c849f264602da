"""The application form shows the name and organization the organizers will see,
from the profile, lets the person correct them (saved to the profile), and says
what the organizing agencies receive, with a link to the privacy notice."""

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.models import ParticipantProfile
from registrations.models import Registration
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_the_form_shows_and_corrects_what_the_organizers_will_see(
    client, event, participant, organizer_agency
):
    ParticipantProfile.objects.create(
        user=participant,
        full_name="Ana Pérez",
        organization_name="Fiscalía Regional",
        position="Fiscal",
    )
    client.force_login(participant)
    url = reverse("registrations:apply", args=[event.pk])
    html = client.get(url).content.decode()
    assert "Lo que verán los organizadores" in html
    assert 'value="Ana Pérez"' in html
    assert 'value="Fiscalía Regional"' in html
    with translation.override("es"):
        privacy = reverse("legal_page", args=["privacy"])
    assert f'href="{privacy}"' in html
    assert "Las instituciones organizadoras reciben su nombre" in html

    listed = AgencyFactory(slug="minsa", name_es="Ministerio de Salud")
    response = client.post(
        url,
        {
            "applicant-full_name": "Ana María Pérez",
            "applicant-agency": listed.pk,
            "applicant-organization_name": "",
            "applicant-position": "Fiscal superior",
        },
    )
    assert response.status_code == 302
    profile = ParticipantProfile.objects.get(user=participant)
    assert (profile.full_name, profile.agency, profile.position) == (
        "Ana María Pérez",
        listed,
        "Fiscal superior",
    )
    registration = Registration.objects.get(user=participant)
    assert registration.full_name == "Ana María Pérez"
    assert registration.agency == listed


def test_a_name_is_required(client, event, participant):
    client.force_login(participant)
    url = reverse("registrations:apply", args=[event.pk])
    response = client.post(url, {"applicant-full_name": ""})
    assert response.status_code == 400
    assert not Registration.objects.filter(user=participant).exists()
