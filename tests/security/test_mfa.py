"""Two-factor authentication guards every staff capability, not only the admin, and
no default Wagtail group hands out rights over every agency's content."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from agencies.models import Membership
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.ADMIN_REQUIRES_MFA = True


@pytest.fixture
def agency_world(db):
    agency = AgencyFactory(slug="mfa-a")
    coordinator = make_member(agency, Membership.Role.COORDINATOR, username="coord")
    member = make_member(agency, Membership.Role.MEMBER, username="plain")
    return {"agency": agency, "coordinator": coordinator, "member": member}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enrol(user) -> None:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )


def test_coordinator_without_totp_is_sent_to_enrol_before_managing_members(
    agency_world,
):
    agency = agency_world["agency"]
    client = signed_in(agency_world["coordinator"])
    members_url = reverse("agencies:members", args=[agency.slug])
    response = client.get(members_url)
    assert response.status_code == 302
    assert ENROL in response["Location"]

    membership = Membership.objects.get(user=agency_world["member"], agency=agency)
    response = client.post(
        reverse("agencies:membership_update", args=[agency.slug, membership.pk]),
        {"remove": "1"},
    )
    assert response.status_code == 302
    assert ENROL in response["Location"]
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = client.post(
        members_url, {"email": "new@example.org", "role": Membership.Role.EDITOR}
    )
    assert ENROL in response["Location"]
    assert not agency.invitations.exists()


def test_coordinator_with_totp_manages_members(agency_world):
    enrol(agency_world["coordinator"])
    client = signed_in(agency_world["coordinator"])
    response = client.get(
        reverse("agencies:members", args=[agency_world["agency"].slug])
    )
    assert response.status_code == 200


def test_plain_member_is_refused_not_asked_for_mfa(agency_world):
    client = signed_in(agency_world["member"])
    response = client.get(
        reverse("agencies:members", args=[agency_world["agency"].slug])
    )
    assert response.status_code == 403


def test_anyone_a_wagtail_group_lets_into_the_admin_must_enrol(db):
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory(username="reviewer")
    user.groups.add(group)
    client = signed_in(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert ENROL in response["Location"]
    response = client.get("/admin/api/main/documents/?offset=0")
    assert ENROL in response["Location"]

    enrol(user)
    assert client.get("/admin/").status_code == 200


def test_default_wagtail_groups_with_global_rights_are_gone(db):
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page__depth__lte=2).exists()
    assert not GroupCollectionPermission.objects.filter(
        collection=root_collection
    ).exists()
    assert root_page.depth == 1
