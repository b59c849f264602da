"""Invitations to join an agency: send, revoke, resend, accept."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from agencies.models import (
    Agency,
    Invitation,
    Membership,
)
from core import effects
from core.mail import send_email

from .errors import AgencyError
from .memberships import _require_coordinator, membership_create

INVITATION_VALIDITY = datetime.timedelta(days=7)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@effects.effect
def _send_invitation(invitation_id: int, url: str, language: str) -> None:
    invitation = (
        Invitation.objects.select_related("agency", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:  # replaced by a newer invitation, or already used
        return
    send_email(
        template_base="agencies/email/invitation",
        # No account yet, maybe: the footer links to none.
        context={"invitation": invitation, "url": url, "account_url": ""},
        language=language,
        to=[invitation.email],
    )


@transaction.atomic
def membership_invite(
    *, agency: Agency, email: str, role: str, by, site_url: str
) -> tuple[Invitation, str]:
    """Invite `email` to the agency; the link goes out by e-mail after commit.

    Returns the invitation and its secret token (only its hash is stored).
    `site_url` is the scheme and host the link starts with.
    """
    _require_coordinator(by, agency)
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise AgencyError(_("Choose a valid role."), code="invalid_role")
    User = get_user_model()
    if Membership.objects.filter(
        agency=agency, user__in=User.objects.filter(email__iexact=email)
    ).exists():
        raise AgencyError(
            _("%(email)s is already a member of this agency.") % {"email": email},
            code="already_member",
        )
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.filter(
        agency=agency, email__iexact=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        agency=agency,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    url = site_url.rstrip("/") + reverse("agencies:invitation", kwargs={"token": token})
    log(
        instance=agency,
        action="agencies.invitation.send",
        user=by,
        data={"email": email, "role": role},
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    effects.enqueue_after_commit(
        _send_invitation, invitation_id=invitation.pk, url=url, language=language
    )
    return invitation, token


def _pending_invitation_locked(invitation: Invitation) -> Invitation:
    """The invitation, locked, if it can still be revoked or resent."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AgencyError(
            _("This invitation has already been accepted."), code="invitation_used"
        )
    if invitation.revoked_at is not None:
        raise AgencyError(
            _("This invitation was already withdrawn."), code="invitation_revoked"
        )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Withdraw a pending invitation: its link stops working at once."""
    _require_coordinator(by, invitation.agency)
    invitation = _pending_invitation_locked(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log(
        instance=invitation.agency,
        action="agencies.invitation.revoke",
        user=by,
        data={"email": invitation.email, "role": invitation.role},
    )
    return invitation


@transaction.atomic
def invitation_resend(
    *, invitation: Invitation, by, site_url: str
) -> tuple[Invitation, str]:
    """Send a pending (or expired) invitation again with a new link and validity.

    The old link stops working; returns the invitation and its new token.
    """
    _require_coordinator(by, invitation.agency)
    invitation = _pending_invitation_locked(invitation)
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _token_hash(token)
    invitation.expires_at = timezone.now() + INVITATION_VALIDITY
    invitation.save(update_fields=["token_hash", "expires_at"])
    url = site_url.rstrip("/") + reverse("agencies:invitation", kwargs={"token": token})
    log(
        instance=invitation.agency,
        action="agencies.invitation.resend",
        user=by,
        data={"email": invitation.email, "role": invitation.role},
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    effects.enqueue_after_commit(
        _send_invitation, invitation_id=invitation.pk, url=url, language=language
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a link, or AgencyError if it cannot be used."""
    invitation = (
        Invitation.objects.select_related("agency")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise AgencyError(
            _("This invitation link is not valid."), code="invitation_unknown"
        )
    if invitation.accepted_at is not None:
        raise AgencyError(
            _("This invitation has already been used."), code="invitation_used"
        )
    if invitation.revoked_at is not None:
        raise AgencyError(
            _(
                "This invitation was withdrawn by the agency's coordinator: ask them "
                "for a new one if you still need it."
            ),
            code="invitation_revoked",
        )
    if invitation.expires_at <= timezone.now():
        raise AgencyError(
            _(
                "This invitation has expired: ask the agency's coordinator for a "
                "new one."
            ),
            code="invitation_expired",
        )
    return invitation


def _has_verified_email(user, email: str) -> bool:
    return EmailAddress.objects.filter(
        user=user, email__iexact=email, verified=True
    ).exists()


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """Attach the membership the invitation offers to `user`.

    The user must hold the invited address, verified; the invitation then works
    once and only until it expires.
    """
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AgencyError(
            _("This invitation has already been used."), code="invitation_used"
        )
    if invitation.revoked_at is not None:
        # Withdrawn between opening the link and accepting it.
        invitation_for_token(token)
    if not _has_verified_email(user, invitation.email):
        raise AgencyError(
            _(
                "This invitation was sent to %(email)s. Sign in with that address "
                "(verified) to accept it."
            )
            % {"email": invitation.email},
            code="invitation_wrong_user",
        )
    if Membership.objects.filter(agency=invitation.agency, user=user).exists():
        raise AgencyError(
            _("You are already a member of this agency."), code="already_member"
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = membership_create(
        agency=invitation.agency, user=user, role=invitation.role
    )
    log(
        instance=invitation.agency,
        action="agencies.invitation.accept",
        user=user,
        data={"email": invitation.email, "role": invitation.role},
    )
    return membership


def invitation_accepted_message(membership: Membership) -> str:
    return _("You are now a member of %(agency)s.") % {"agency": membership.agency}
