"""The certificate of attendance carries the organizers' logos at its top."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as Picture

from agencies.logos import agency_logo_set
from registrations import services
from tests.factories import make_member

from .conftest import start_sessions

pytestmark = pytest.mark.django_db


def test_the_certificate_shows_the_organizers_logos(
    client, event, participant, organizer, organizer_agency
):
    buffer = io.BytesIO()
    Picture.new("RGB", (300, 120), "#0b4f6c").save(buffer, format="PNG")
    coordinator = make_member(organizer_agency, "coordinator")
    registration = services.registration_apply(event=event, user=participant)
    start_sessions(event)
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    client.force_login(participant)
    url = reverse("registrations:certificate", args=[registration.pk])
    without_logo = client.get(url).content
    assert b"/Subtype /Image" not in without_logo

    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    upload.image = Picture.open(io.BytesIO(buffer.getvalue()))
    agency_logo_set(agency=organizer_agency, image_file=upload, by=coordinator)
    with_logo = client.get(url)

    assert with_logo["Content-Type"] == "application/pdf"
    assert with_logo.content.count(b"/Subtype /Image") == 1
