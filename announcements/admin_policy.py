"""Who may see, publish, edit and delete each announcement in the admin."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import BasePermissionPolicy

from agencies import permissions as agency_permissions
from announcements import selectors
from announcements.models import Announcement


class AnnouncementPermissionPolicy(BasePermissionPolicy):
    """Agency editors act on their agencies' announcements; nobody deletes one
    (withdrawing keeps the record and tells the screens that showed it).

    On one announcement: "view" (inspect, history, usage) needs its agency;
    "change" also needs an announcement an editor wrote, not withdrawn, and an
    audience the person may address (the portal's per-person and system notices
    stay read-only); "copy" needs an audience the person may address.
    """

    def user_has_permission(self, user, action):
        if action == "delete" or not user.is_active:
            return False
        return agency_permissions.user_is_superuser(user) or bool(
            agency_permissions.editable_agency_ids(user)
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        superuser = agency_permissions.user_is_superuser(user)
        if not (
            superuser
            or instance.agency_id in agency_permissions.editable_agency_ids(user)
        ):
            return False
        addressable = superuser or instance.audience != Announcement.Audience.USER
        if action == "change":
            return (
                addressable
                and not instance.is_automatic
                and instance.withdrawn_at is None
            )
        if action == "copy":
            return addressable
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Announcement.objects.none()
        return selectors.announcements_editable_by(user)

    def users_with_any_permission(self, actions):
        if "delete" in actions and len(actions) == 1:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(memberships__role__in=agency_permissions.EDITING_ROLES)
            )
            .filter(is_active=True)
            .distinct()
        )


# Which form field a refusal of the service is about (its code); others go on top.
