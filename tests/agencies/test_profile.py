"""'My account': the participant profile, the data download and account deletion."""

import json

import pytest
from allauth.account.models import EmailAddress

from agencies import personal_data, services
from agencies.models import Membership, ParticipantProfile
from agencies.services import AgencyError
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(site_tree):
    return UserFactory(username="ana", email="ana@example.org")


@pytest.fixture
def registrations_app():
    """An app plugging into the registry (its own name: the real ones stay)."""
    calls = []
    personal_data.register(
        "example_app",
        export=lambda user: [{"event": "workshop", "status": "approved"}],
        anonymise=lambda user: calls.append(user.pk),
    )
    yield calls
    personal_data.unregister("example_app")


@pytest.mark.parametrize("language", ["es", "en"])
def test_my_account_shows_and_saves_the_profile(client, person, language):
    agency = AgencyFactory(name_es="Agencia X", name_en="Agency X")
    client.force_login(person)
    url = f"/{language}/accounts/profile/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Ana Pérez",
            "agency": agency.pk,
            "organization_name": "",
            "position": "Inspectora",
            "phone": "",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    profile = ParticipantProfile.objects.get(user=person)
    assert profile.full_name == "Ana Pérez"
    assert profile.agency == agency
    assert profile.preferred_language == "en"


def test_my_account_needs_a_login(client, site_tree):
    response = client.get("/es/accounts/profile/")
    assert response.status_code == 302
    assert "/es/accounts/login/" in response["Location"]


def test_profile_refuses_an_unknown_organization(client, person):
    client.force_login(person)
    response = client.post(
        "/en/accounts/profile/",
        {"full_name": "Ana", "agency": 999999, "preferred_language": "es"},
    )
    assert response.status_code == 400
    assert not ParticipantProfile.objects.filter(user=person, full_name="Ana").exists()


def test_download_holds_everything_including_other_apps(
    client, person, registrations_app
):
    agency = AgencyFactory(slug="agency-a")
    services.membership_create(agency=agency, user=person, role=Membership.Role.MEMBER)
    services.profile_update(user=person, full_name="Ana Pérez", phone="+507 000")
    client.force_login(person)
    assert client.get("/es/accounts/profile/export/").status_code == 405
    response = client.post("/es/accounts/profile/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "ana@example.org"
    assert data["profile"]["full_name"] == "Ana Pérez"
    assert data["memberships"] == [
        {
            "agency": "agency-a",
            "role": "member",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert data["example_app"] == [{"event": "workshop", "status": "approved"}]


def test_delete_anonymises_and_calls_each_app(client, person, registrations_app):
    agency = AgencyFactory()
    make_member(agency, Membership.Role.EDITOR, user=person)
    services.profile_update(user=person, full_name="Ana Pérez")
    client.force_login(person)
    assert client.get("/en/accounts/profile/delete/").status_code == 200
    # Without the confirmation box nothing happens.
    response = client.post("/en/accounts/profile/delete/", {})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.is_active

    response = client.post("/en/accounts/profile/delete/", {"confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert person.email == ""
    assert "ana" not in person.username
    assert not person.has_usable_password()
    assert not ParticipantProfile.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not person.groups.exists()
    assert registrations_app == [person.pk]
    assert "_auth_user_id" not in client.session


def test_last_coordinator_cannot_delete_their_account(person):
    agency = AgencyFactory()
    make_member(agency, Membership.Role.COORDINATOR, user=person)
    with pytest.raises(AgencyError) as error:
        services.account_delete(user=person)
    assert error.value.code == "last_coordinator"
    person.refresh_from_db()
    assert person.is_active
