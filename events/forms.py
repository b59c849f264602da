"""Admin forms of the events app: the training page form and the edition form."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.forms import AgencyScopedPageForm


class EventPageForm(AgencyScopedPageForm):
    """The lead agency or a co-organizer must be one the editor acts for."""

    agency_fields = ("lead_agency", "co_organizers")


class EditionForm(forms.Form):
    new_start = forms.DateField(
        label=_("First day of the new edition"),
        help_text=_(
            "Sessions keep their times of day and their spacing; only the dates move."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_new_start(self) -> datetime.date:
        value = self.cleaned_data["new_start"]
        if not (2000 <= value.year <= 2100):
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return value
