"""Participant profiles, and the export and deletion of an account."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    ModelLogEntry,
)

from agencies import personal_data
from agencies.models import (
    Invitation,
    Membership,
    ParticipantProfile,
)

from .errors import AgencyError
from .memberships import _coordinator_count, _lock_memberships, _log_membership

PROFILE_FIELDS = (
    "full_name",
    "agency",
    "organization_name",
    "position",
    "phone",
    "preferred_language",
)


def profile_get_or_create(*, user) -> ParticipantProfile:
    profile, _created = ParticipantProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user, **fields: Any) -> ParticipantProfile:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    agency = fields.get("agency")
    if agency is not None and not agency.is_active:
        raise AgencyError(_("Choose an active organization."), code="invalid_agency")
    profile = profile_get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile


def account_export(*, user) -> dict[str, Any]:
    """Everything the portal holds on the person, as JSON-ready data."""
    profile = ParticipantProfile.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "profile": None,
        "memberships": [
            {
                "agency": membership.agency.slug,
                "role": membership.role,
                "since": membership.created_at.isoformat(),
            }
            for membership in Membership.objects.filter(user=user).select_related(
                "agency"
            )
        ],
        "invitations_received": [
            {
                "agency": invitation.agency.slug,
                "role": invitation.role,
                "sent": invitation.created_at.isoformat(),
                "accepted": invitation.accepted_at.isoformat()
                if invitation.accepted_at
                else None,
            }
            for invitation in Invitation.objects.filter(
                Q(email__iexact=user.email) | Q(accepted_by=user)
            ).select_related("agency")
        ],
    }
    if profile is not None:
        data["profile"] = {
            "full_name": profile.full_name,
            "organization": profile.agency.slug if profile.agency_id else None,
            "organization_name": profile.organization_name,
            "position": profile.position,
            "phone": profile.phone,
            "preferred_language": profile.preferred_language,
        }
    for handler in personal_data.handlers():
        if handler.export is not None:
            data[handler.name] = handler.export(user)
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    """Anonymise the account: personal data goes, counts kept by other apps stay.

    The user row stays (inactive, anonymous) so registrations and audit entries
    keep pointing at one person without saying who; each registered anonymiser
    does the same for its app's data.
    """
    for membership in Membership.objects.filter(
        user=user, role=Membership.Role.COORDINATOR
    ).select_related("agency"):
        _lock_memberships(membership.agency)
        if _coordinator_count(membership.agency) <= 1:
            raise AgencyError(
                _(
                    "You are the last coordinator of %(agency)s: name another "
                    "coordinator before deleting your account."
                )
                % {"agency": membership.agency},
                code="last_coordinator",
            )
    for handler in personal_data.handlers():
        if handler.anonymise is not None:
            handler.anonymise(user)
    for membership in Membership.objects.filter(user=user).select_related("agency"):
        _log_membership(
            "agencies.membership.remove", membership, None, reason="account deleted"
        )
    old_email = user.email
    # Audit entries of membership changes name the person by address; keep the
    # entries (they are the agencies' history) but drop the address.
    for entry in ModelLogEntry.objects.filter(data__email__iexact=old_email):
        entry.data["email"] = ""
        entry.save(update_fields=["data"])
    Membership.objects.filter(user=user).delete()
    Invitation.objects.filter(
        email__iexact=old_email, accepted_at__isnull=True
    ).delete()
    ParticipantProfile.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.username = f"deleted-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
