"""Admin for announcements: editors see, publish and withdraw their agencies' only."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from agencies import permissions as agency_permissions
from announcements import selectors, services
from announcements.models import Announcement
from announcements.services import AnnouncementError
from events.models import EventPage

SERVICE_FIELDS = [
    "title",
    "body",
    "level",
    "audience",
    "agency",
    "event",
    "recipient",
    "publish_at",
    "expires_at",
]


class AnnouncementPermissionPolicy(BasePermissionPolicy):
    """Agency editors act on their agencies' announcements; nobody deletes one
    (withdrawing keeps the record and tells the screens that showed it)."""

    def user_has_permission(self, user, action):
        if action == "delete" or not user.is_active:
            return False
        return agency_permissions.user_is_superuser(user) or bool(
            agency_permissions.editable_agency_ids(user)
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return agency_permissions.user_is_superuser(user) or (
            instance.agency_id in agency_permissions.editable_agency_ids(user)
        )

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


register_permission_policy(Announcement, AnnouncementPermissionPolicy(Announcement))


class AnnouncementAdminForm(WagtailAdminModelForm):
    """Choices narrowed to what the editor may use; services check again."""

    withdraw = forms.BooleanField(
        label=_("Withdraw this announcement"),
        required=False,
        help_text=_("It leaves the page, the feed and every open screen."),
    )

    class Meta:
        model = Announcement
        fields = SERVICE_FIELDS

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["agency"].queryset = selectors.agencies_user_can_announce_for(
            for_user
        )
        self.fields["event"].queryset = EventPage.objects.order_by("title")
        if not agency_permissions.user_is_superuser(for_user):
            self.fields["agency"].required = True
            self.fields["audience"].choices = [
                choice
                for choice in self.fields["audience"].choices
                if choice[0] != Announcement.Audience.USER
            ]
            del self.fields["recipient"]
        if self.instance.pk is None or self.instance.withdrawn_at is not None:
            del self.fields["withdraw"]

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in SERVICE_FIELDS}
        data["user"] = data.pop("recipient")
        data["body"] = data["body"] or ""
        return data


class AnnouncementIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.announcements_editable_by(self.request.user)


class AnnouncementCreateView(generic.CreateView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = services.announcement_publish(
                by=self.request.user, **form.service_fields()
            )
        except AnnouncementError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        log(instance=self.object, action="wagtail.create", user=self.request.user)
        return self.save_action()


class AnnouncementEditView(generic.EditView):
    def get_object(self, queryset=None):
        announcement = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", announcement
        ):
            raise PermissionDenied
        return announcement

    def form_valid(self, form):
        self.form = form
        try:
            if form.cleaned_data.get("withdraw"):
                self.object = services.announcement_withdraw(
                    announcement=self.object, by=self.request.user
                )
            else:
                self.object = services.announcement_update(
                    announcement=self.object,
                    by=self.request.user,
                    **form.service_fields(),
                )
        except AnnouncementError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        log(instance=self.object, action="wagtail.edit", user=self.request.user)
        return self.save_action()


def _state(announcement: Announcement) -> str:
    if announcement.withdrawn_at is not None:
        return _("Withdrawn")
    if (
        announcement.expires_at is not None
        and announcement.expires_at <= timezone.now()
    ):
        return _("Expired")
    if announcement.broadcast_at is None:
        return pgettext("announcement", "Scheduled")
    return pgettext("announcement", "Published")


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
    list_filter = ["level", "audience"]
    search_fields = ["title", "body"]
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
