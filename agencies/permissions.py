"""The one permission policy: which agencies a user acts for and what that opens.

The admin (through AgencyScopedPageMixin and collection groups), the public views
and the services all ask these functions; no other module decides who may edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from wagtail.models import (
    Page,
    PagePermissionTester,
    PageViewRestriction,
    get_page_models,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from agencies.models import Agency, AgencyScopedPageMixin, Membership

EDITING_ROLES = (Membership.Role.COORDINATOR, Membership.Role.EDITOR)
# What an editor of one of a scoped page's agencies may do to it; everyone else
# who is not a superuser gets nothing, whatever their Wagtail groups say.
SCOPED_PAGE_ACTIONS = frozenset({"change", "publish", "lock", "unlock"})
# Wagtail group holding the rights every agency editor shares (admin access, adding
# pages under the indexes that hold agency pages); narrowed per page by the tester.
AGENCY_EDITORS_GROUP = "Agency editors"


def _memberships_by_role(user) -> dict[int, str]:
    """Agency id → role for the user's memberships in active agencies, cached."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_agency_roles_cache", None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user, agency__is_active=True).values_list(
                "agency_id", "role"
            )
        )
        user._agency_roles_cache = cached
    return cached


def forget_cached_roles(user) -> None:
    """Drop the per-request cache after the user's memberships change."""
    for attribute in ("_agency_roles_cache", "_page_permission_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def member_agency_ids(user) -> set[int]:
    """Agencies the user belongs to, in any role."""
    return set(_memberships_by_role(user))


def editable_agency_ids(user) -> set[int]:
    """Agencies whose content the user may create, edit and publish."""
    return {
        agency_id
        for agency_id, role in _memberships_by_role(user).items()
        if role in EDITING_ROLES
    }


def coordinated_agency_ids(user) -> set[int]:
    """Agencies whose members the user manages."""
    return {
        agency_id
        for agency_id, role in _memberships_by_role(user).items()
        if role == Membership.Role.COORDINATOR
    }


# Roles that nominate the agency's staff for trainings and endorse their
# applications: its focal points, and its coordinators, who manage the members.
NOMINATING_ROLES = (Membership.Role.COORDINATOR, Membership.Role.FOCAL_POINT)


def nominating_agency_ids(user) -> set[int]:
    """Agencies the user nominates people for (focal point or coordinator)."""
    return {
        agency_id
        for agency_id, role in _memberships_by_role(user).items()
        if role in NOMINATING_ROLES
    }


def user_can_nominate_for(user, agency: Agency | int) -> bool:
    """Focal points and coordinators of the agency only (not superusers: a
    nomination speaks for the agency)."""
    return _agency_id(agency) in nominating_agency_ids(user)


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def user_is_superuser(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def user_is_coordinator(user, agency: Agency | int) -> bool:
    """True for the agency's coordinators and for superusers."""
    return user_is_superuser(user) or _agency_id(agency) in coordinated_agency_ids(user)


def user_can_manage_members(user, agency: Agency | int) -> bool:
    return user_is_coordinator(user, agency)


def user_is_editor(user, agency: Agency | int) -> bool:
    """True for the agency's editors and coordinators, and for superusers."""
    return user_is_superuser(user) or _agency_id(agency) in editable_agency_ids(user)


def user_can_edit_for_agencies(user, agency_ids: Iterable[int]) -> bool:
    """Whether the user may act for content organized by these agencies."""
    if user_is_superuser(user):
        return True
    return bool(set(agency_ids) & editable_agency_ids(user))


def user_has_editing_rights(user) -> bool:
    """Whether the user holds any staff capability (MFA is required then): an
    agency role that edits or manages members, staff or superuser status, or
    entry to the admin through any Wagtail group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.is_staff
        or bool(editable_agency_ids(user))
        or user.has_perm("wagtailadmin.access_admin")
    )


def foreign_agency_ids(user, agency_ids: Iterable[int]) -> set[int]:
    """The chosen agencies the user may not act for (empty for superusers)."""
    if user_is_superuser(user):
        return set()
    return set(agency_ids) - editable_agency_ids(user)


def user_can_edit_page(user, page: Page) -> bool:
    return page.specific_deferred.permissions_for_user(user).can_edit()


def user_can_publish_page(user, page: Page) -> bool:
    return page.specific_deferred.permissions_for_user(user).can_publish()


def user_can_view_draft(user, page: Page) -> bool:
    perms = page.specific_deferred.permissions_for_user(user)
    return perms.can_edit() or perms.can_publish()


def agency_scoped_page_models() -> list[type[Page]]:
    return [
        model for model in get_page_models() if issubclass(model, AgencyScopedPageMixin)
    ]


def pages_user_may_act_on(user, pages: QuerySet) -> QuerySet:
    """Narrow a listing of pages to those the user may act on.

    Pages not scoped to agencies (home, indexes) stay, their own group
    permissions decide; an agency-scoped page stays only for superusers and the
    editors of one of its organizing agencies, as AgencyPagePermissionTester
    allows.
    """
    if user_is_superuser(user):
        return pages
    scoped_models = agency_scoped_page_models()
    content_types = ContentType.objects.get_for_models(
        *scoped_models, for_concrete_models=False
    ).values()
    agency_ids = editable_agency_ids(user)
    may_act = Q(pk__in=[])
    if agency_ids:
        for model in scoped_models:
            organized = model.objects.filter(model.organized_by_q(agency_ids))
            may_act |= Q(pk__in=organized.values("pk"))
    return pages.filter(~Q(content_type__in=content_types) | may_act)


class AgencyPagePermissionTester(PagePermissionTester):
    """Wagtail's page permission tester, with rights taken from agency roles.

    Group page permissions are ignored for agency-scoped pages: an editor of one
    of the organizing agencies may edit, publish, unpublish, lock and delete the
    page; anyone else who is not a superuser may do none of it.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            if user_can_edit_for_agencies(user, page.organizing_agency_ids()):
                self.permissions = set(SCOPED_PAGE_ACTIONS)
            else:
                self.permissions = set()

    def can_edit(self):
        # Wagtail lets the current workflow task open the editor; agency pages
        # follow agency roles only.
        if not self.user.is_active or self.page_is_root:
            return False
        return self.user.is_superuser or "change" in self.permissions


class AgencyIndexPermissionTester(PagePermissionTester):
    """An index of agency-scoped pages (calendar, news, resources).

    Its group permissions stand, except that an agency editor who may add pages
    here may also publish the new page in one step: the page form accepts only
    the agencies they act for, and the page's own tester decides from then on.
    """

    def can_publish_subpage(self):
        if super().can_publish_subpage():
            return True
        return (
            self.user.is_active
            and self.can_add_subpage()
            and bool(editable_agency_ids(self.user))
        )


# --- What the admin shows ------------------------------------------------------
# Every admin listing, chooser, report and object view asks these (through
# AgencyPagePermissionPolicy, registered for pages in wagtail_hooks, and
# agencies.admin_scope): a member sees in the admin only the pages they may act
# on, the pages no agency owns (home, indexes) and, in choosers, other agencies'
# pages that anyone may read on the site.


def public_page_ids() -> QuerySet:
    """Live pages with no pending draft and no view restriction on their branch.

    A pending draft is excluded because the admin shows a page by its draft title.
    """
    pages = Page.objects.filter(live=True, has_unpublished_changes=False)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        pages = pages.exclude(path__startswith=path)
    return pages.values("pk")


def pages_user_may_see(user, pages: QuerySet, *, public: bool = False) -> QuerySet:
    """Narrow an admin listing of pages to what the user may see there.

    `public=True` (choosers) adds other agencies' public pages, which anyone
    may link to; their drafts, pending revisions and private pages stay hidden.
    """
    if user_is_superuser(user):
        return pages
    visible = Q(pk__in=pages_user_may_act_on(user, pages).values("pk"))
    if public:
        visible |= Q(pk__in=public_page_ids())
    return pages.filter(visible)


def user_may_see_pages(user, page_ids: Iterable, *, public: bool = False) -> bool:
    """Whether every one of these pages may be shown to the user in the admin."""
    page_ids = {int(page_id) for page_id in page_ids}
    if user_is_superuser(user) or not page_ids:
        return True
    pages = Page.objects.filter(pk__in=page_ids)
    existing = set(pages.values_list("pk", flat=True))
    seen = pages_user_may_see(user, pages, public=public)
    seen = set(seen.values_list("pk", flat=True))
    # Ids of no page are the view's to answer (404), not a reason to refuse.
    return existing <= seen


def collection_objects_user_may_see(user, model, objects: QuerySet) -> QuerySet:
    """Images or documents the user may see in the admin: those in collections
    where they may add, change, delete or choose them (their agency's)."""
    if user_is_superuser(user):
        return objects
    policy = policy_registry.get_by_type(model)
    allowed = policy.instances_user_has_any_permission_for(
        user, ["add", "change", "delete", "choose"]
    )
    return objects.filter(pk__in=allowed.values("pk"))


class AgencyPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy narrowed by agency: whatever the admin lists from it
    (explorer, admin API, reports, site history, workflow reports) leaves out
    other agencies' pages."""

    def explorable_instances(self, user):
        return pages_user_may_see(user, super().explorable_instances(user))

    def instances_user_has_any_permission_for(self, user, actions):
        return pages_user_may_see(
            user, super().instances_user_has_any_permission_for(user, actions)
        )
