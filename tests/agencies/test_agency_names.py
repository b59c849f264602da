"""An agency's name is shown with its acronym once, never twice."""

import pytest
from django.utils import translation

from agencies.models import Agency, name_with_acronym
from search.registry import registry

pytestmark = pytest.mark.django_db


def test_name_with_acronym_adds_it_once():
    assert name_with_acronym("Servicio Nacional", "SNM") == "Servicio Nacional (SNM)"
    assert name_with_acronym("Organización (OIM)", "OIM") == "Organización (OIM)"
    assert name_with_acronym("Red Comunitaria", "") == "Red Comunitaria"
    assert name_with_acronym("Migration (IOM)", "OIM") == "Migration (IOM)"


def test_an_agency_whose_name_carries_its_acronym_shows_it_once(client):
    agency = Agency.objects.create(
        slug="oim-names",
        acronym="OIM",
        name_es="Organización Internacional para las Migraciones (OIM)",
        name_en="International Organization for Migration (IOM)",
    )
    with translation.override("es"):
        assert str(agency) == "Organización Internacional para las Migraciones (OIM)"
    with translation.override("en"):
        assert str(agency) == "International Organization for Migration (IOM)"
    titles = [entry.title for entry in registry.adapter_for(agency).entries(agency)]
    assert "Organización Internacional para las Migraciones (OIM)" in titles
    assert not any("(OIM) (OIM)" in title for title in titles)
    html = client.get(f"/es/agencies/{agency.slug}/").content.decode()
    assert "(OIM) (OIM)" not in html and "(OIM)</span>" not in html
    assert "<h1>Organización Internacional para las Migraciones (OIM)</h1>" in html
