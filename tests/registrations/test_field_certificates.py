"""Certificates under staff control (issue 19): a rule by sessions or by hours,
issued in bulk to those who met it (someone at 1 of 3 days gets none), the hours
and sessions stated, sent again, a revoked one no longer downloads, and the
training's signers sign it in the certificate's language."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Picture
from wagtail.images import get_image_model

from registrations import selectors, services
from registrations.models import Certificate, CertificateSigner, Registration
from registrations.services import CheckIn, RegistrationError
from tests.factories import UserFactory

from .conftest import start_sessions
from .test_registration_journey import _pdf_text

pytestmark = pytest.mark.django_db


def ended_training(make_event, organizer, *, days_attended, **fields):
    """A three-day training that has ended: one person per entry of
    `days_attended`, checked in on that many of the first days."""
    event = make_event(sessions=3, **fields)
    people = [
        services.registration_apply(event=event, user=UserFactory())
        for _days in days_attended
    ]
    start_sessions(event, ago=datetime.timedelta(days=4))
    sessions = list(event.sessions.order_by("start"))
    for registration, days in zip(people, days_attended, strict=True):
        for session in sessions[:days]:
            services.attendance_check_in(
                session=session,
                check_ins=[CheckIn(registration_id=registration.pk)],
                by=organizer,
            )
    return event, people


def test_bulk_issue_gives_certificates_only_to_those_who_met_the_rule(
    make_event, organizer, django_capture_on_commit_callbacks
):
    event, (full, two, one) = ended_training(
        make_event, organizer, days_attended=[3, 2, 1], certificate_min_attendance=60
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.certificates_issue_bulk(event=event, by=organizer)
    assert {c.registration_id for c in issued} == {full.pk, two.pk}
    assert not Certificate.objects.filter(registration=one).exists()
    # Each holder gets their certificate as a PDF stating sessions and hours.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [full.user.email, two.user.email]
    )
    message = next(m for m in mail.outbox if m.to == [two.user.email])
    [(name, content, kind)] = message.attachments
    assert kind == "application/pdf" and name.endswith("-es.pdf")
    text = _pdf_text(content)
    assert "Asistió a 2 de 3 sesiones" in text
    assert "12 de 18 horas asistidas" in text
    # Issuing again issues nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_issue_bulk(event=event, by=organizer) == []


def test_a_rule_by_hours_counts_the_length_of_the_sessions(
    client, make_event, organizer
):
    event, (short_days,) = ended_training(
        make_event,
        organizer,
        days_attended=[2],
        certificate_min_attendance=80,
        certificate_attendance_basis="hours",
    )
    # Day 3 is longer: 2 of 3 days is 12 of 22 hours, under 80 %.
    day3 = event.sessions.order_by("start").last()
    type(day3).objects.filter(pk=day3.pk).update(
        end=day3.end + datetime.timedelta(hours=4)
    )
    record = selectors.attendance_record(registration=short_days)
    assert (record.hours_attended, record.hours_total) == (12, 22)
    assert not record.earns_certificate
    assert services.certificates_issue_bulk(event=event, by=organizer) == []
    short_days.refresh_from_db()
    with pytest.raises(RegistrationError) as refused:
        services.registration_certificate_issue(
            registration=short_days, by=short_days.user
        )
    assert "17.6 de 22 horas; usted asistió a 12." in str(refused.value.message)
    client.force_login(short_days.user)
    mine = client.get(reverse("registrations:list")).content.decode()
    assert "Usted asistió a 12 de 22 horas" in mine


def test_someone_at_one_of_three_days_gets_no_certificate(make_event, organizer):
    event, (one_day,) = ended_training(make_event, organizer, days_attended=[1])
    assert services.certificates_issue_bulk(event=event, by=organizer) == []
    assert Registration.objects.get(pk=one_day.pk).status == "attended"
    assert not Certificate.objects.exists()


def test_staff_resend_and_a_revoked_certificate_neither_sends_nor_downloads(
    client, make_event, organizer, django_capture_on_commit_callbacks
):
    event, (holder,) = ended_training(make_event, organizer, days_attended=[3])
    client.force_login(organizer)
    listing = reverse("registrations_admin:certificates", args=[event.pk])
    page = client.get(listing).content.decode()
    assert "1 asistente cumplió la regla" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(listing, {"action": "issue"})
    certificate = Certificate.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(listing, {"action": "resend", "certificate": certificate.pk})
    assert [m.to for m in mail.outbox] == [[holder.user.email]]
    assert "3 de 3 sesiones" in client.get(listing).content.decode()

    client.post(
        listing,
        {"action": "revoke", "certificate": certificate.pk, "reason": "Error"},
    )
    mail.outbox.clear()
    response = client.post(listing, {"action": "resend", "certificate": certificate.pk})
    assert response.status_code == 400 and mail.outbox == []

    client.force_login(holder.user)
    download = client.get(reverse("registrations:certificate", args=[holder.pk]))
    assert download.status_code == 302
    (message,) = [str(m) for m in get_messages(download.wsgi_request)]
    assert message == "Este certificado fue revocado; ya no se puede descargar."
    mine = client.get(reverse("registrations:list")).content.decode()
    assert "Su certificado de esta capacitación fue revocado" in mine
    assert reverse("registrations:certificate", args=[holder.pk]) not in mine


def test_signers_sign_the_certificate_in_its_language(
    client, make_event, organizer, django_capture_on_commit_callbacks
):
    event, (holder,) = ended_training(make_event, organizer, days_attended=[3])
    buffer = io.BytesIO()
    Picture.new("RGB", (300, 100), "#1b1f24").save(buffer, format="PNG")
    signature = get_image_model().objects.create(
        title="Firma",
        file=SimpleUploadedFile("firma.png", buffer.getvalue(), "image/png"),
    )
    CertificateSigner.objects.create(
        page=event,
        name="Rosa Mendoza",
        position_es="Directora General",
        position_en="Director General",
        signature=signature,
        sort_order=0,
    )
    CertificateSigner.objects.create(
        page=event, name="Luis Soto", position_es="Jefe de Formación", sort_order=1
    )
    client.force_login(holder.user)
    url = reverse("registrations:certificate", args=[holder.pk])
    spanish, english = client.get(url), client.get(url + "?lang=en")
    text_es, text_en = _pdf_text(spanish.content), _pdf_text(english.content)
    assert "Rosa Mendoza" in text_es and "Directora General" in text_es
    assert "Jefe de Formaci" in text_es
    assert "Director General" in text_en and "Directora" not in text_en
    # A position without its English falls back to the Spanish one.
    assert "Jefe de Formaci" in text_en
    assert spanish.content.count(b"/Subtype /Image") == 1
