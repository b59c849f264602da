"""Admin for announcements: editors see, publish and withdraw their agencies' only.

One permission policy answers every view of the viewset (listing, inspect,
history, usage, edit, copy, delete) about each announcement it shows; every write
goes through `announcements.services`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from announcements.admin_forms import (
    SERVICE_FIELDS,
    AnnouncementAdminForm,
    AnnouncementFilterSet,
)
from announcements.admin_policy import AnnouncementPermissionPolicy
from announcements.admin_views import (
    AnnouncementCopyView,
    AnnouncementCreateView,
    AnnouncementDeleteView,
    AnnouncementEditView,
    AnnouncementHistoryView,
    AnnouncementIndexView,
    AnnouncementInspectView,
    AnnouncementUsageView,
    _state,
)
from announcements.models import Announcement

register_permission_policy(Announcement, AnnouncementPermissionPolicy(Announcement))


class AnnouncementViewSet(ModelViewSet):
    model = Announcement
    # The public page owns the "announcements" namespace.
    url_namespace = "announcement_admin"
    url_prefix = "announcements"
    icon = "info-circle"
    menu_order = 250
    add_to_admin_menu = True
    form_fields = SERVICE_FIELDS
    index_view_class = AnnouncementIndexView
    add_view_class = AnnouncementCreateView
    edit_view_class = AnnouncementEditView
    copy_view_class = AnnouncementCopyView
    inspect_view_class = AnnouncementInspectView
    history_view_class = AnnouncementHistoryView
    usage_view_class = AnnouncementUsageView
    delete_view_class = AnnouncementDeleteView
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "body",
        "title_en",
        "body_en",
        "level",
        "audience",
        "agency",
        "event",
        "recipient",
        "author",
        "publish_at",
        "expires_at",
        "broadcast_at",
        "withdrawn_at",
    ]
    filterset_class = AnnouncementFilterSet
    search_fields = ["title", "body", "title_en", "body_en"]
    search_backend_name = None
    list_display = [
        "title",
        Column("level", label=_("level"), accessor="get_level_display"),
        Column("audience", label=_("audience"), accessor="get_audience_display"),
        "agency",
        "publish_at",
        Column("state", label=_("state"), accessor=_state),
    ]

    def get_form_class(self, for_update=False):
        return AnnouncementAdminForm


@hooks.register("register_admin_viewset")
def register_announcement_viewset():
    return AnnouncementViewSet("announcements")
