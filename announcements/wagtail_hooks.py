"""Admin for announcements: editors see, publish and withdraw their agencies' only.

One permission policy answers every view of the viewset (listing, inspect,
history, usage, edit, copy, delete) about each announcement it shows; every write
goes through `announcements.services`.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from agencies import permissions as agency_permissions
from announcements import selectors, services
from announcements.models import Announcement
from announcements.services import AnnouncementError

SERVICE_FIELDS = [
    "title",
    "body",
    "title_en",
    "body_en",
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


register_permission_policy(Announcement, AnnouncementPermissionPolicy(Announcement))


# Which form field a refusal of the service is about (its code); others go on top.
FIELD_OF_ERROR = {
    "audience": "audience",
    "level": "level",
    "title": "title",
    "title_en": "title_en",
    "agency": "agency",
    "inactive_agency": "agency",
    "event": "event",
    "user": "recipient",
    "expires_at": "expires_at",
}


class TrainingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


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
        field_classes = {"event": TrainingChoiceField}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["agency"].queryset = selectors.agencies_user_can_announce_for(
            for_user
        )
        self.fields["event"].queryset = selectors.trainings_user_can_address(
            for_user, language=get_supported_content_language_variant(get_language())
        )
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

    def clean(self):
        cleaned_data = super().clean()
        # Asked before the model's own checks, whose message for the same rule
        # would only name a database constraint.
        try:
            services.announcement_check_audience(
                audience=cleaned_data.get("audience"),
                agency=cleaned_data.get("agency"),
                event=cleaned_data.get("event"),
                user=cleaned_data.get("recipient"),
            )
        except AnnouncementError as error:
            self.add_service_error(error)
        return cleaned_data

    def add_service_error(self, error: AnnouncementError) -> None:
        field = FIELD_OF_ERROR.get(error.code)
        if field not in self.fields:
            self.add_error(None, error.message)
        elif field not in self.errors:
            self.add_error(field, error.message)

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in SERVICE_FIELDS}
        data["user"] = data.pop("recipient")
        for name in ("body", "title_en", "body_en"):
            data[name] = data[name] or ""
        return data


class AnnouncementFilterSet(WagtailFilterSet):
    origin = django_filters.ChoiceFilter(
        label=pgettext_lazy("announcement origin", "Written by"),
        empty_label=pgettext_lazy("announcement origin", "Editors"),
        choices=[
            (
                selectors.ORIGIN_AUTOMATIC,
                pgettext_lazy("announcement origin", "The portal (automatic notices)"),
            ),
            (selectors.ORIGIN_ALL, pgettext_lazy("announcement origin", "Anyone")),
        ],
        # Applied by the index view, which also applies the empty default.
        method=lambda queryset, name, value: queryset,
    )

    class Meta:
        model = Announcement
        fields = ["level", "audience"]


class AnnouncementObjectMixin:
    """Views of one announcement ask the policy about it before showing anything."""

    object_action = "view"

    def get_object(self, *args, **kwargs):
        if getattr(self, "object", None) is not None:
            return self.object
        announcement = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.object_action, announcement
        ):
            raise PermissionDenied
        return announcement


class ServiceFormMixin:
    def refused(self, form, error: AnnouncementError):
        """Show a refusal of the service on the form; nothing was saved."""
        form.add_service_error(error)
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class AnnouncementIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.announcements_editable_by(self.request.user)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        origin = None
        if self.filters and self.filters.is_valid():
            origin = self.filters.form.cleaned_data.get("origin")
        return selectors.announcements_of_origin(queryset, origin)

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return super().get_edit_url(instance)

    def get_copy_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "copy", instance
        ):
            return super().get_copy_url(instance)


class AnnouncementCreateView(ServiceFormMixin, generic.CreateView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = services.announcement_publish(
                by=self.request.user, **form.service_fields()
            )
        except AnnouncementError as error:
            return self.refused(form, error)
        log(instance=self.object, action="wagtail.create", user=self.request.user)
        return self.save_action()


class AnnouncementCopyView(AnnouncementCreateView):
    """A new announcement through the service, its form filled from another one.

    The original is only read: the copy is published (now or at its time) when
    the editor saves the form, like any new announcement.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.original = get_object_or_404(
            Announcement, pk=unquote(str(self.kwargs["pk"]))
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, "copy", self.original
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        original = self.original
        return {
            **super().get_initial(),
            "title": original.title,
            "body": original.body,
            "title_en": original.title_en,
            "body_en": original.body_en,
            "level": original.level,
            "audience": original.audience,
            "agency": original.agency_id,
            "event": original.event_id,
            "recipient": original.recipient_id,
        }


class AnnouncementEditView(AnnouncementObjectMixin, ServiceFormMixin, generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, "change", self.object
        ):
            # Readable but not editable (a notice of the portal, a withdrawn one).
            messages.warning(request, _read_only_reason(self.object))
            return redirect(self.inspect_url_name, quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)

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
            return self.refused(form, error)
        log(instance=self.object, action="wagtail.edit", user=self.request.user)
        return self.save_action()


def _read_only_reason(announcement: Announcement) -> str:
    if announcement.is_automatic:
        return _("The portal sent this notice by itself: it cannot be changed.")
    if announcement.withdrawn_at is not None:
        return _("A withdrawn announcement cannot be changed.")
    return _("Only the portal sends announcements to one person.")


class AnnouncementInspectView(AnnouncementObjectMixin, generic.InspectView):
    def get_edit_url(self):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", self.object
        ):
            return super().get_edit_url()


class AnnouncementHistoryView(AnnouncementObjectMixin, HistoryView):
    pass


class AnnouncementUsageView(AnnouncementObjectMixin, UsageView):
    pass


class AnnouncementDeleteView(AnnouncementObjectMixin, generic.DeleteView):
    object_action = "delete"


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
