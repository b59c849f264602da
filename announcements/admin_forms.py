"""The admin form and filters of announcements; every write goes through services."""

import django_filters
from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.coreutils import get_supported_content_language_variant

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
