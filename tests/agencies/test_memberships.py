"""Invitations and memberships: the happy path, the bad input, the audit trail."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.models import ModelLogEntry

from agencies import services
from agencies.models import Invitation, Membership
from agencies.services import AgencyError
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

ROLE = Membership.Role


def in_spanish(message: str) -> str:
    with override("es"):
        return gettext(message)


@pytest.fixture
def agency():
    return AgencyFactory(slug="agency-a", name_es="Agencia A", name_en="Agency A")


@pytest.fixture
def coordinator(agency):
    return make_member(agency, ROLE.COORDINATOR, username="coord")


def _invite(client, coordinator, email, role=ROLE.EDITOR, capture=None):
    client.force_login(coordinator)
    with capture(execute=True):
        return client.post(
            "/es/agencies/agency-a/members/", {"email": email, "role": role}
        )


def _token_from_mail() -> str:
    match = re.search(r"/agencies/invitations/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_invitation_by_email_attaches_the_membership_once(
    client, site_tree, agency, coordinator, django_capture_on_commit_callbacks
):
    invitee = UserFactory(username="invitee", email="invitee@example.org")
    response = _invite(
        client,
        coordinator,
        "Invitee@Example.org",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["invitee@example.org"]
    token = _token_from_mail()
    assert not Invitation.objects.filter(token_hash=token).exists()  # hash only

    client.force_login(invitee)
    url = f"/es/agencies/invitations/{token}/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    membership = Membership.objects.get(agency=agency, user=invitee)
    assert membership.role == ROLE.EDITOR
    assert invitee.groups.filter(name="Agency editors").exists()

    # Works once: a second use changes nothing and says why.
    response = client.post(url)
    assert response.status_code == 410
    assert escape(in_spanish("This invitation has already been used.")) in (
        response.content.decode()
    )
    assert Membership.objects.filter(user=invitee).count() == 1
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(agency.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "agencies.invitation.send",
        "agencies.invitation.accept",
        "agencies.membership.add",
    } <= actions


def test_opening_the_link_then_signing_in_accepts_it(
    client, site_tree, agency, coordinator, django_capture_on_commit_callbacks
):
    cache.clear()
    UserFactory(username="later", email="later@example.org")
    _invite(
        client,
        coordinator,
        "later@example.org",
        role=ROLE.MEMBER,
        capture=django_capture_on_commit_callbacks,
    )
    token = _token_from_mail()
    client.logout()
    page = client.get(f"/en/agencies/invitations/{token}/")
    assert page.status_code == 200
    assert b"/en/accounts/login/?next=" in page.content
    client.post(
        "/en/accounts/login/",
        {"login": "later@example.org", "password": "correct-horse-battery"},
    )
    assert Membership.objects.filter(
        agency=agency, user__email="later@example.org", role=ROLE.MEMBER
    ).exists()


def test_expired_invitation_is_refused(agency, coordinator):
    invitee = UserFactory()
    invitation, token = services.membership_invite(
        agency=agency,
        email=invitee.email,
        role=ROLE.MEMBER,
        by=coordinator,
        site_url="http://testserver",
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(AgencyError) as error:
        services.invitation_accept(token=token, user=invitee)
    assert error.value.code == "invitation_expired"
    assert not Membership.objects.filter(user=invitee).exists()


def test_expired_link_says_so_in_the_readers_language(
    client, site_tree, agency, coordinator
):
    invitee = UserFactory()
    invitation, token = services.membership_invite(
        agency=agency,
        email=invitee.email,
        role=ROLE.EDITOR,
        by=coordinator,
        site_url="http://testserver",
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(invitee)
    for language in ("es", "en"):
        response = client.post(f"/{language}/agencies/invitations/{token}/")
        assert response.status_code == 410
        with override(language):
            message = gettext(
                "This invitation has expired: ask the agency's coordinator for a "
                "new one."
            )
        assert escape(message) in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_expires_after_seven_days(agency, coordinator):
    invitation, _token = services.membership_invite(
        agency=agency,
        email="x@example.org",
        role=ROLE.MEMBER,
        by=coordinator,
        site_url="http://testserver",
    )
    validity = invitation.expires_at - invitation.created_at
    assert datetime.timedelta(days=6, hours=23) < validity <= datetime.timedelta(days=7)


def test_invitation_for_another_address_is_refused(agency, coordinator):
    _invitation, token = services.membership_invite(
        agency=agency,
        email="someone@example.org",
        role=ROLE.EDITOR,
        by=coordinator,
        site_url="http://testserver",
    )
    intruder = UserFactory()
    with pytest.raises(AgencyError) as error:
        services.invitation_accept(token=token, user=intruder)
    assert error.value.code == "invitation_wrong_user"
    assert not Membership.objects.filter(user=intruder).exists()


def test_unverified_address_cannot_accept(agency, coordinator):
    invitee = UserFactory(verified=False)
    _invitation, token = services.membership_invite(
        agency=agency,
        email=invitee.email,
        role=ROLE.EDITOR,
        by=coordinator,
        site_url="http://testserver",
    )
    with pytest.raises(AgencyError):
        services.invitation_accept(token=token, user=invitee)


def test_inviting_an_existing_member_is_refused(client, site_tree, agency, coordinator):
    member = make_member(agency, ROLE.MEMBER)
    client.force_login(coordinator)
    response = client.post(
        "/en/agencies/agency-a/members/", {"email": member.email, "role": ROLE.EDITOR}
    )
    assert response.status_code == 400
    assert "is already a member of this agency" in response.content.decode()
    assert not Invitation.objects.exists()
    response = client.post(
        "/es/agencies/agency-a/members/", {"email": member.email, "role": ROLE.EDITOR}
    )
    message = in_spanish("%(email)s is already a member of this agency.")
    assert escape(message % {"email": member.email}) in response.content.decode()
    assert not Invitation.objects.exists()
    assert Membership.objects.get(user=member).role == ROLE.MEMBER


def test_unknown_invitation_link_is_a_clear_404(client, site_tree):
    response = client.get("/en/agencies/invitations/not-a-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_last_coordinator_cannot_be_removed_or_demoted(
    client, site_tree, agency, coordinator
):
    membership = Membership.objects.get(user=coordinator, agency=agency)
    client.force_login(coordinator)
    url = f"/en/agencies/agency-a/members/{membership.pk}/"
    response = client.post(f"{url}remove/")
    assert response.status_code == 400
    assert "last coordinator" in response.content.decode()
    response = client.post(url, {"role": ROLE.MEMBER}, follow=True)
    assert "at least one coordinator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == ROLE.COORDINATOR
    # The same refusal in Spanish, from the Spanish page.
    response = client.post(url.replace("/en/", "/es/") + "remove/")
    message = in_spanish(
        "You cannot remove the last coordinator of an agency: name another "
        "coordinator first."
    )
    assert escape(message) in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_coordinator_changes_roles_and_removes_members_with_audit(
    client, site_tree, agency, coordinator
):
    member = make_member(agency, ROLE.MEMBER)
    membership = Membership.objects.get(user=member)
    client.force_login(coordinator)
    url = f"/es/agencies/agency-a/members/{membership.pk}/"
    client.post(url, {"role": ROLE.EDITOR})
    membership.refresh_from_db()
    assert membership.role == ROLE.EDITOR
    assert member.groups.filter(pk=agency.editors_group_id).exists()

    client.post(f"{url}remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not member.groups.filter(pk=agency.editors_group_id).exists()
    assert not member.groups.filter(name="Agency editors").exists()

    entries = ModelLogEntry.objects.filter(object_id=str(agency.pk))
    role_change = entries.get(action="agencies.membership.role")
    assert role_change.user_id == coordinator.pk
    assert role_change.data["previous"] == ROLE.MEMBER
    assert entries.filter(action="agencies.membership.remove").exists()
    # The agency's history in the admin shows them, with readable messages.
    admin = make_member(agency, ROLE.MEMBER, username="root")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    history = client.get(f"/admin/snippets/agencies/agency/history/{agency.pk}/")
    assert history.status_code == 200
    # The admin speaks Spanish (LANGUAGE_CODE) to users without a preference.
    message = in_spanish("Changed the role of %(email)s from %(previous)s to %(role)s")
    assert escape(message.split("%(")[0]) in history.content.decode()


def test_coordinator_of_a_cannot_touch_agency_b(client, site_tree, agency, coordinator):
    other = AgencyFactory(slug="agency-b")
    other_member = make_member(other, ROLE.MEMBER)
    other_membership = Membership.objects.get(user=other_member)
    client.force_login(coordinator)
    assert client.get("/es/agencies/agency-b/members/").status_code == 403
    response = client.post(
        f"/es/agencies/agency-b/members/{other_membership.pk}/", {"remove": "1"}
    )
    assert response.status_code == 403
    # B's membership id posted on A's page: not found, nothing changes.
    response = client.post(
        f"/es/agencies/agency-a/members/{other_membership.pk}/", {"remove": "1"}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other_membership.pk).exists()


def test_services_refuse_non_coordinators(agency):
    editor = make_member(agency, ROLE.EDITOR)
    with pytest.raises(AgencyError):
        services.membership_invite(
            agency=agency,
            email="x@example.org",
            role=ROLE.EDITOR,
            by=editor,
            site_url="http://testserver",
        )
    assert not Invitation.objects.exists()


def test_each_agency_has_its_own_collection_group(agency):
    assert agency.collection is not None
    assert agency.editors_group.collection_permissions.filter(
        collection=agency.collection, permission__codename="add_document"
    ).exists()


def test_new_person_signs_up_from_the_link_and_joins_after_verifying(
    client, site_tree, agency, coordinator, django_capture_on_commit_callbacks
):
    cache.clear()
    _invite(
        client,
        coordinator,
        "newcomer@example.org",
        role=ROLE.EDITOR,
        capture=django_capture_on_commit_callbacks,
    )
    token = _token_from_mail()
    client.logout()
    client.get(f"/es/agencies/invitations/{token}/")
    password = "a-long-and-unusual-passphrase-42"
    client.post(
        "/es/accounts/signup/",
        {"email": "newcomer@example.org", "password1": password, "password2": password},
    )
    # Not yet: the address is unverified.
    assert not Membership.objects.filter(user__email="newcomer@example.org").exists()
    link = re.search(r"/es/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    client.post(link.group(0))
    membership = Membership.objects.get(user__email="newcomer@example.org")
    assert membership.agency == agency
    assert membership.role == ROLE.EDITOR
