"""The admin views of announcements: listing, create, copy, edit, inspect, delete."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.log_actions import log

from announcements import selectors, services
from announcements.models import Announcement
from announcements.services import AnnouncementError


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
