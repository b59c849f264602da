"""Forms of the agencies app: the agency-scoped page form, members, profile."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images.fields import WagtailImageField

from agencies import permissions
from agencies.models import Agency, Membership, ParticipantProfile


class AgencyScopedPageForm(WagtailAdminPageForm):
    """Page form that refuses agencies the editor does not act for.

    `agency_fields` names the form fields (ForeignKey or many-to-many to Agency)
    that say who organizes the page; at least one chosen agency must be one the
    user edits for, so no one can publish in another agency's name alone.
    """

    agency_fields: tuple[str, ...] = ("agencies",)

    def _chosen_agency_ids(self) -> set[int]:
        chosen: set[int] = set()
        for name in self.agency_fields:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            if hasattr(value, "pk"):
                chosen.add(value.pk)
            else:
                chosen.update(agency.pk for agency in value)
        return chosen

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or permissions.user_is_superuser(user):
            return cleaned_data
        present = [name for name in self.agency_fields if name in self.fields]
        if not present:
            return cleaned_data
        if not permissions.user_can_edit_for_agencies(user, self._chosen_agency_ids()):
            self.add_error(
                present[0],
                _(
                    "Choose at least one of the agencies you edit for: you can only "
                    "publish on behalf of your own agencies."
                ),
            )
        return cleaned_data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
    )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ParticipantProfileForm(forms.ModelForm):
    class Meta:
        model = ParticipantProfile
        fields = [
            "full_name",
            "agency",
            "organization_name",
            "position",
            "phone",
            "preferred_language",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agency"].empty_label = _("(not listed)")


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and personal data will be deleted and "
            "that this cannot be undone."
        )
    )


class AgencyLogoForm(forms.Form):
    """A coordinator's upload of the agency's logo (checked as an image by Wagtail:
    format, size, dimensions)."""

    logo = WagtailImageField(
        label=_("Logo file"),
        help_text=_(
            "PNG, JPEG or WebP, ideally wider than tall and at least 240 pixels "
            "wide; pages show it scaled down."
        ),
    )
