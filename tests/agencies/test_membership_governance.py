"""Coordinators confirm removals, revoke and resend invitations, and read the log."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from agencies.models import Invitation, Membership
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

ROLE = Membership.Role
MEMBERS_URL = "/es/agencies/agency-a/members/"


def in_spanish(message: str) -> str:
    with override("es"):
        return gettext(message)


@pytest.fixture
def agency():
    return AgencyFactory(slug="agency-a", name_es="Agencia A", name_en="Agency A")


@pytest.fixture
def coordinator(agency):
    return make_member(
        agency, ROLE.COORDINATOR, username="coord", email="coord@example.org"
    )


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def _invite(client, email, capture):
    with capture(execute=True):
        response = client.post(MEMBERS_URL, {"email": email, "role": ROLE.EDITOR})
    assert response.status_code == 302
    return Invitation.objects.get(email=email)


def _token_from_mail(message) -> str:
    match = re.search(r"/agencies/invitations/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def test_remove_button_asks_first_and_removes_only_when_confirmed(
    site_tree, agency, coordinator_client
):
    editor = make_member(agency, ROLE.EDITOR, email="editor@example.org")
    membership = Membership.objects.get(user=editor)
    # The old one-click post no longer removes: it leads to the question.
    response = coordinator_client.post(
        f"{MEMBERS_URL}{membership.pk}/", {"remove": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/members/{membership.pk}/remove/")
    assert Membership.objects.filter(pk=membership.pk).exists()

    listing = coordinator_client.get(MEMBERS_URL).content.decode()
    confirm_url = f"{MEMBERS_URL}{membership.pk}/remove/"
    assert f'href="{confirm_url}"' in listing  # a link: works without JavaScript
    question = coordinator_client.get(confirm_url)
    assert question.status_code == 200
    page = question.content.decode()
    assert '<form method="post"' in page
    assert escape(in_spanish("No, keep them")) in page
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = coordinator_client.post(confirm_url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not editor.groups.filter(pk=agency.editors_group_id).exists()


def test_confirmation_page_is_only_for_the_agencys_coordinators(
    site_tree, agency, coordinator
):
    editor = make_member(agency, ROLE.EDITOR)
    membership = Membership.objects.get(user=editor)
    client = Client()
    client.force_login(editor)
    url = f"{MEMBERS_URL}{Membership.objects.get(user=coordinator).pk}/remove/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    other = AgencyFactory(slug="agency-b")
    other_coordinator = make_member(other, ROLE.COORDINATOR)
    client.force_login(other_coordinator)
    response = client.post(f"/es/agencies/agency-b/members/{membership.pk}/remove/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_revoked_invitation_link_stops_working(
    client, site_tree, agency, coordinator_client, django_capture_on_commit_callbacks
):
    invitee = UserFactory(username="invitee", email="invitee@example.org")
    invitation = _invite(
        coordinator_client, "invitee@example.org", django_capture_on_commit_callbacks
    )
    token = _token_from_mail(mail.outbox[-1])
    response = coordinator_client.post(
        f"/es/agencies/agency-a/invitations/{invitation.pk}/", {"revoke": "1"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    listing = coordinator_client.get(MEMBERS_URL).content.decode()
    assert 'class="invitation-list"' not in listing

    client.force_login(invitee)
    response = client.post(f"/es/agencies/invitations/{token}/")
    assert response.status_code == 410
    assert (
        escape(
            in_spanish(
                "This invitation was withdrawn by the agency's coordinator: ask them "
                "for a new one if you still need it."
            )
        )
        in response.content.decode()
    )
    assert not Membership.objects.filter(user=invitee).exists()


def test_resent_invitation_has_a_new_link_and_validity(
    client, site_tree, agency, coordinator_client, django_capture_on_commit_callbacks
):
    invitee = UserFactory(username="invitee", email="invitee@example.org")
    invitation = _invite(
        coordinator_client, "invitee@example.org", django_capture_on_commit_callbacks
    )
    old_token = _token_from_mail(mail.outbox[-1])
    # Expired already: resending is how the coordinator renews it.
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert "invitee@example.org" in coordinator_client.get(MEMBERS_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/es/agencies/agency-a/invitations/{invitation.pk}/", {"resend": "1"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == ["invitee@example.org"]
    new_token = _token_from_mail(mail.outbox[-1])
    assert new_token != old_token

    client.force_login(invitee)
    assert client.post(f"/es/agencies/invitations/{old_token}/").status_code == 404
    response = client.post(f"/es/agencies/invitations/{new_token}/")
    assert response.status_code == 302
    assert Membership.objects.filter(user=invitee, role=ROLE.EDITOR).exists()


def test_coordinators_read_who_changed_whom_and_when(
    site_tree, agency, coordinator_client, django_capture_on_commit_callbacks
):
    member = make_member(agency, ROLE.MEMBER, email="member@example.org")
    membership = Membership.objects.get(user=member)
    coordinator_client.post(f"{MEMBERS_URL}{membership.pk}/", {"role": ROLE.EDITOR})
    invitation = _invite(
        coordinator_client, "guest@example.org", django_capture_on_commit_callbacks
    )
    coordinator_client.post(
        f"/es/agencies/agency-a/invitations/{invitation.pk}/", {"revoke": "1"}
    )
    coordinator_client.post(f"{MEMBERS_URL}{membership.pk}/remove/")

    page = coordinator_client.get(MEMBERS_URL).content.decode()
    log = page.split('id="log-heading"')[1]
    with override("es"):
        changed = gettext(
            "Changed the role of %(email)s from %(previous)s to %(role)s"
        ) % {
            "email": "member@example.org",
            "previous": gettext("Member"),
            "role": gettext("Editor"),
        }
        removed = gettext("Removed %(email)s (%(role)s)") % {
            "email": "member@example.org",
            "role": gettext("Editor"),
        }
        withdrawn = gettext("Withdrew the invitation of %(email)s (%(role)s)") % {
            "email": "guest@example.org",
            "role": gettext("Editor"),
        }
    for message in (changed, removed, withdrawn):
        assert escape(message) in log
    assert "coord@example.org" in log  # who
    assert "<time datetime=" in log  # when
    # Newest first: the removal comes before the role change.
    assert log.index(escape(removed)) < log.index(escape(changed))

    # Editors of the agency do not see the members page, nor its log.
    editor = make_member(agency, ROLE.EDITOR)
    client = Client()
    client.force_login(editor)
    assert client.get(MEMBERS_URL).status_code == 403
