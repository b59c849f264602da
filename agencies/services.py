"""Writes of the agencies app: agencies, memberships, invitations, profiles, accounts.

Every function validates, writes in one transaction, records the change in
Wagtail's audit log and sends e-mail only after commit. Business refusals raise
AgencyError, whose message views show as a form error.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    get_page_models,
)

from agencies import permissions, personal_data
from agencies.models import (
    Agency,
    AgencyScopedPageMixin,
    Invitation,
    Membership,
    ParticipantProfile,
)
from core import effects
from core.mail import send_email

INVITATION_VALIDITY = datetime.timedelta(days=7)
# Rights the per-agency group holds on the agency's own collection only.
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
]


class AgencyError(Exception):
    """A request the agency rules refuse; the message is shown to the person."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


# --- Wagtail groups and collections -------------------------------------------


def agency_editors_group_ensure() -> Group:
    """The group every agency editor shares, with the base rights of the admin.

    It may reach the admin, submit pages for translation (wagtail-localize) and
    add pages under the indexes that hold agency-scoped pages;
    AgencyPagePermissionTester then narrows every such page to the editors of
    its agencies. Run again whenever such an index is created.
    """
    group, _created = Group.objects.get_or_create(name=permissions.AGENCY_EDITORS_GROUP)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    # Translating opens only the pages the page tester lets them edit.
    group.permissions.add(_permission("wagtail_localize", "submit_translation"))
    add_page = _permission("wagtailcore", "add_page")
    for page in agency_page_parents():
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=add_page
        )
    return group


def agency_page_parents():
    """Pages under which agency-scoped pages can be created (the indexes)."""
    parent_models = {
        parent
        for model in get_page_models()
        if issubclass(model, AgencyScopedPageMixin)
        for parent in model.allowed_parent_page_models()
        if not issubclass(parent, AgencyScopedPageMixin) and parent is not Page
    }
    if not parent_models:
        return Page.objects.none()
    return Page.objects.type(*parent_models)


@transaction.atomic
def agency_provision(*, agency: Agency) -> Agency:
    """Give the agency its own collection and a group that may manage it."""
    if agency.collection_id is None:
        root = Collection.get_first_root_node()
        agency.collection = root.add_child(name=agency.name_es)
    if agency.editors_group_id is None:
        agency.editors_group, _created = Group.objects.get_or_create(
            name=f"{permissions.AGENCY_EDITORS_GROUP}: {agency.slug}"
        )
    agency.save(update_fields=["collection", "editors_group"])
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=agency.editors_group,
            collection=agency.collection,
            permission=_permission(app_label, codename),
        )
    return agency


@transaction.atomic
def agency_create(*, by=None, **fields: Any) -> Agency:
    agency = Agency.objects.create(**fields)
    agency_provision(agency=agency)
    log(instance=agency, action="wagtail.create", user=by)
    return agency


def editor_groups_sync(*, user) -> None:
    """Put the user in exactly the Wagtail groups their editing roles call for."""
    permissions.forget_cached_roles(user)
    editable = permissions.editable_agency_ids(user)
    agency_groups = Group.objects.filter(agency__isnull=False)
    wanted = set(
        Agency.objects.filter(pk__in=editable, editors_group__isnull=False).values_list(
            "editors_group_id", flat=True
        )
    )
    current = set(user.groups.filter(pk__in=agency_groups).values_list("pk", flat=True))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))
    base = agency_editors_group_ensure()
    if editable:
        user.groups.add(base)
    else:
        user.groups.remove(base)
    permissions.forget_cached_roles(user)


# --- Memberships ----------------------------------------------------------------


def _log_membership(action: str, membership: Membership, by, **data) -> None:
    log(
        instance=membership.agency,
        action=action,
        user=by,
        data={
            "user_id": membership.user_id,
            "email": membership.user.email,
            "role": membership.role,
            **data,
        },
    )


def _require_coordinator(by, agency: Agency) -> None:
    if by is not None and not permissions.user_can_manage_members(by, agency):
        raise AgencyError(
            _("Only the agency's coordinators can manage its members."),
            code="forbidden",
        )


@transaction.atomic
def membership_create(
    *, agency: Agency, user, role: str = Membership.Role.MEMBER, by=None
) -> Membership:
    """Add the user to the agency (`by` None: a trusted caller such as load_demo)."""
    _require_coordinator(by, agency)
    if Membership.objects.filter(agency=agency, user=user).exists():
        raise AgencyError(
            _("%(email)s is already a member of this agency.") % {"email": user.email},
            code="already_member",
        )
    if agency.collection_id is None or agency.editors_group_id is None:
        agency_provision(agency=agency)
    membership = Membership.objects.create(agency=agency, user=user, role=role)
    editor_groups_sync(user=user)
    _log_membership("agencies.membership.add", membership, by)
    return membership


def _coordinator_count(agency: Agency) -> int:
    return Membership.objects.filter(
        agency=agency, role=Membership.Role.COORDINATOR
    ).count()


def _lock_memberships(agency: Agency) -> None:
    """Serialise changes to one agency's roles (so two coordinators cannot both
    step down at once and leave it without one). Call inside a transaction."""
    list(Membership.objects.select_for_update().filter(agency=agency))


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    _require_coordinator(by, membership.agency)
    if role not in Membership.Role.values:
        raise AgencyError(_("Choose a valid role."), code="invalid_role")
    _lock_memberships(membership.agency)
    membership.refresh_from_db()
    if membership.role == role:
        return membership
    if (
        membership.role == Membership.Role.COORDINATOR
        and _coordinator_count(membership.agency) <= 1
    ):
        raise AgencyError(
            _(
                "An agency needs at least one coordinator: name another coordinator "
                "before changing this role."
            ),
            code="last_coordinator",
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    editor_groups_sync(user=membership.user)
    _log_membership("agencies.membership.role", membership, by, previous=previous)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    _require_coordinator(by, membership.agency)
    _lock_memberships(membership.agency)
    membership.refresh_from_db()
    if (
        membership.role == Membership.Role.COORDINATOR
        and _coordinator_count(membership.agency) <= 1
    ):
        raise AgencyError(
            _(
                "You cannot remove the last coordinator of an agency: name another "
                "coordinator first."
            ),
            code="last_coordinator",
        )
    _log_membership("agencies.membership.remove", membership, by)
    user = membership.user
    membership.delete()
    editor_groups_sync(user=user)


# --- Invitations ----------------------------------------------------------------


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


# --- Profiles and accounts ------------------------------------------------------


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
