"""Agency logos: only the agency's coordinators upload or remove them; the
profile and the training cards show renditions of them."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as Picture

from agencies.models import Agency
from events.models import EventPage, EventSession
from tests.factories import AgencyFactory, make_member

pytestmark = pytest.mark.django_db


def png(size=(300, 120), colour="#0b4f6c") -> bytes:
    buffer = io.BytesIO()
    Picture.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, agency, content=None, name="logo.png"):
    return client.post(
        reverse("agencies:logo", kwargs={"slug": agency.slug}),
        {"logo": SimpleUploadedFile(name, content or png(), "image/png")},
    )


def test_a_coordinator_uploads_the_logo_into_the_agencys_collection(client, site_tree):
    agency = AgencyFactory(slug="snm", name_es="Servicio Nacional", acronym="SNM")
    client.force_login(make_member(agency, "coordinator"))

    response = upload(client, agency)

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.logo is not None
    assert agency.logo.collection_id == agency.collection_id
    assert (agency.logo.width, agency.logo.height) == (300, 120)
    profile = client.get(reverse("agencies:detail", kwargs={"slug": "snm"}))
    rendition = agency.logo.get_rendition("max-240x120")
    assert rendition.url in profile.content.decode()


def test_only_that_agencys_coordinators_change_its_logo(client, site_tree):
    agency = AgencyFactory(slug="snm")
    other = AgencyFactory(slug="oim")
    for person in (
        make_member(agency, "editor"),
        make_member(other, "coordinator"),
    ):
        client.force_login(person)
        assert upload(client, agency).status_code == 403
        assert client.get(reverse("agencies:logo", args=["snm"])).status_code == 403
    assert Agency.objects.get(slug="snm").logo is None


def test_a_file_that_is_not_an_image_is_refused_with_a_message(client, site_tree):
    agency = AgencyFactory(slug="snm")
    client.force_login(make_member(agency, "coordinator"))

    response = upload(client, agency, content=b"%PDF-1.4 not an image", name="x.png")

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Agency.objects.get(slug="snm").logo is None


def test_training_cards_show_the_organizers_logos(client, site_tree, calendars):
    agency = AgencyFactory(slug="snm", acronym="SNM")
    client.force_login(make_member(agency, "coordinator"))
    upload(client, agency)
    client.logout()
    agency.refresh_from_db()
    start = timezone.now() + datetime.timedelta(days=5)
    training = EventPage(
        title="Taller con logo",
        summary="Un taller.",
        lead_agency=agency,
        sessions=[EventSession(start=start, end=start + datetime.timedelta(hours=3))],
    )
    calendars["es"].add_child(instance=training)
    training.save_revision().publish()

    html = client.get(calendars["es"].url).content.decode()

    rendition = agency.logo.get_rendition("max-120x48")
    assert "Taller con logo" in html
    assert rendition.url in html
