"""Writes of the agencies app: agencies, memberships, invitations, profiles, accounts.

Every function validates, writes in one transaction, records the change in
Wagtail's audit log and sends e-mail only after commit. Business refusals raise
AgencyError, whose message views show as a form error.

The package holds one module per subject; import from here.
"""

from .accounts import (
    PROFILE_FIELDS,
    account_delete,
    account_export,
    profile_get_or_create,
    profile_update,
)
from .errors import AgencyError
from .groups import (
    COLLECTION_PERMISSIONS,
    agency_create,
    agency_editors_group_ensure,
    agency_page_parents,
    agency_provision,
    editor_groups_sync,
)
from .invitations import (
    INVITATION_VALIDITY,
    invitation_accept,
    invitation_accepted_message,
    invitation_for_token,
    invitation_resend,
    invitation_revoke,
    membership_invite,
)
from .memberships import membership_change_role, membership_create, membership_remove

__all__ = [
    "AgencyError",
    "COLLECTION_PERMISSIONS",
    "INVITATION_VALIDITY",
    "PROFILE_FIELDS",
    "account_delete",
    "account_export",
    "agency_create",
    "agency_editors_group_ensure",
    "agency_page_parents",
    "agency_provision",
    "editor_groups_sync",
    "invitation_accept",
    "invitation_accepted_message",
    "invitation_for_token",
    "invitation_resend",
    "invitation_revoke",
    "membership_change_role",
    "membership_create",
    "membership_invite",
    "membership_remove",
    "profile_get_or_create",
    "profile_update",
]
