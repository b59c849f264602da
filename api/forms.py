"""The coordinators' form for a new API token."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, WebhookEndpoint


def _in_ninety_days() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=90)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses it, e.g. “HR system”. Shown in the call log."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text=_(
            "Read only: the registrations of the agency's trainings. Read and "
            "write: also submit draft trainings and news for the editors to review."
        ),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        initial=_in_ninety_days,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("One year at most."),
    )

    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the portal's time zone."""
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(23, 59, 59))
        )


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address of the agency's system."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEndpoint.Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )
