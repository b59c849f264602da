"""Endorsers and focal points in the permission matrix: an endorser's link opens
the one application it was sent about and nothing else (no other application,
no account, no organizer page); a focal point nominates for its own agency only."""

import pytest
from django.core import mail
from django.urls import reverse

from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Endorsement
from registrations.services.links import link_token
from tests.factories import AgencyFactory, UserFactory, make_member
from tests.registrations.conftest import build_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def endorsed(calendar):
    agency = AgencyFactory(slug="snm")
    event = build_event(
        calendar,
        agency,
        mode=RegistrationMode.APPLICATION,
        endorsement_required=True,
    )
    first = services.registration_apply(
        event=event,
        user=UserFactory(first_name="Ana", last_name="Uno"),
        agency=agency,
        endorser_email="jefa@example.org",
    )
    second = services.registration_apply(
        event=event,
        user=UserFactory(first_name="Beto", last_name="Dos"),
        agency=agency,
        endorser_email="otro@example.org",
    )
    return event, agency, first, second


def test_an_endorser_link_opens_only_its_application(client, endorsed):
    event, _agency, first, second = endorsed
    mine = Endorsement.objects.get(registration=first)
    other = Endorsement.objects.get(registration=second)
    url = reverse("registrations:endorse", args=[link_token(mine)])
    html = client.get(url).content.decode()
    assert first.email in html
    assert second.email not in html
    # A link naming the other request with this one's secret, or an unsigned
    # id and secret, opens nothing.
    mine.pk, forged = other.pk, mine
    assert (
        client.get(
            reverse("registrations:endorse", args=[link_token(forged)])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("registrations:endorse", args=[f"{other.pk}:{other.token}"])
        ).status_code
        == 404
    )
    # The link is no session: the organizers' pages and the applicant's stay shut.
    assert (
        client.get(reverse("registrations_admin:list", args=[event.pk])).status_code
        == 302
    )
    assert "/accounts/login/" in client.get(reverse("registrations:list"))["Location"]
    # Answering with it changes only its own application.
    token = link_token(Endorsement.objects.get(registration=first))
    services.endorsement_decide(token=token, endorse=True)
    second.refresh_from_db()
    assert second.status == "awaiting_endorsement"


def test_a_focal_point_nominates_only_for_its_agency(client, endorsed):
    event, agency, _first, _second = endorsed
    other = AgencyFactory(slug="oim")
    focal = make_member(other, role="focal_point")
    client.force_login(focal)
    url = reverse("registrations:nominate", args=[event.pk])
    page = client.get(url)
    choices = list(page.context["agency_form"].fields["agency"].queryset)
    assert choices == [other]
    response = client.post(
        url,
        {
            "agency": agency.pk,
            "rows": "",
            "nominees-TOTAL_FORMS": "1",
            "nominees-INITIAL_FORMS": "0",
            "nominees-0-full_name": "Ana",
            "nominees-0-email": "ana@example.org",
        },
    )
    assert response.status_code == 400
    assert not mail.outbox
    assert not event.nominations.exists()
