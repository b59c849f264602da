"""Members of an agency: add, change role, remove; each change is logged."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from agencies import permissions
from agencies.models import (
    Agency,
    Membership,
)

from .errors import AgencyError
from .groups import agency_provision, editor_groups_sync


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
