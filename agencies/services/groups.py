"""Wagtail groups, collections and page parents of each agency."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    get_page_models,
)

from agencies import permissions
from agencies.models import (
    Agency,
    AgencyScopedPageMixin,
)

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


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


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
