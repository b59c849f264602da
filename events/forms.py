"""Admin forms of the events app: the training page form and the edition form."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies import permissions
from agencies.forms import AgencyScopedPageForm
from agencies.selectors import coordinators_of

# Registration settings and their inline lists, shown only on the source page.
REGISTRATION_FIELDS = (
    "registration_mode",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "sessions_selectable",
    "waitlist_enabled",
    "auto_promote",
    "offer_hours",
    "offers_in_first_come",
    "prerequisites",
    "endorsement_required",
    "endorsement_reminder_days",
    "participation",
    "certificate_min_attendance",
    "certificate_attendance_basis",
    "eligibility",
    "allowed_agencies",
)
REGISTRATION_FORMSETS = (
    "registration_questions",
    "selection_criteria",
    "agency_quotas",
    "certificate_signers",
)


def _contacts(agency_id) -> str:
    return ", ".join(user.email for user in coordinators_of([agency_id])) or "—"


class EventPageForm(AgencyScopedPageForm):
    """Organizers of a training: the lead agency decides who co-organizes.

    The lead agency must be one the editor acts for; only the lead agency's
    editors change the lead or add and remove co-organizers, so a co-organizer
    can neither remove the lead nor the others. Newly named co-organizers are
    asked once the page is saved (events.wagtail_hooks, events.organizers) and
    gain rights once they accept.
    """

    agency_fields = ("lead_agency", "co_organizers")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._is_translation():
            # Registration is taken on the source page only
            # (events.selectors.registration_event): a translation's form has no
            # registration fields, so nothing typed there is silently ignored.
            for name in REGISTRATION_FIELDS:
                self.fields.pop(name, None)
            for name in REGISTRATION_FORMSETS:
                self.formsets.pop(name, None)
            self.fields.pop("parent_edition", None)
        if "parent_edition" in self.fields:
            # Only earlier source-language editions of the same series.
            page = self.instance
            self.fields["parent_edition"].queryset = (
                type(page)
                .objects.filter(series_key=page.series_key, locale_id=page.locale_id)
                .exclude(pk=page.pk)
                .order_by("-start")
            )

    def _is_translation(self) -> bool:
        from events import selectors  # events.models imports this form

        page = self.instance
        if page.pk is None or page.locale_id is None:
            return False
        return selectors.registration_event(event=page).pk != page.pk

    def _previous_organizers(self) -> tuple[int | None, set[int]]:
        if self.instance.pk is None:
            return None, set()
        return self.instance.lead_agency_id, {
            agency.pk for agency in self.instance.co_organizers.all()
        }

    def clean(self):
        cleaned_data = super().clean()
        self.co_organizers_removed: set[int] = set()
        user = self.for_user
        if "lead_agency" not in self.fields or "co_organizers" not in self.fields:
            return cleaned_data
        lead = cleaned_data.get("lead_agency")
        chosen = cleaned_data.get("co_organizers")
        if lead is None or chosen is None:
            return cleaned_data
        previous_lead, previous_co = self._previous_organizers()
        co_organizers = {agency.pk for agency in chosen}
        self.co_organizers_removed = previous_co - co_organizers
        if user is None or permissions.user_is_superuser(user):
            return cleaned_data
        if self.has_error("lead_agency"):
            return cleaned_data
        editable = permissions.editable_agency_ids(user)
        leads = previous_lead is None or previous_lead in editable
        if lead.pk != previous_lead:
            if not leads:
                self.add_error(
                    "lead_agency",
                    _(
                        "Only the lead agency, %(agency)s, can change the lead "
                        "agency: ask its coordinators (%(contacts)s)."
                    )
                    % {
                        "agency": self.instance.lead_agency,
                        "contacts": _contacts(previous_lead),
                    },
                )
                return cleaned_data
            if lead.pk not in editable:
                self.add_error(
                    "lead_agency",
                    _(
                        "The lead agency must be one you edit for: name %(agency)s "
                        "as a co-organizer instead; its coordinators will be asked "
                        "to accept."
                    )
                    % {"agency": lead},
                )
                return cleaned_data
        if co_organizers != previous_co and not leads:
            self.add_error(
                "co_organizers",
                _(
                    "Only the lead agency, %(agency)s, can add or remove "
                    "co-organizers: ask its coordinators (%(contacts)s)."
                )
                % {
                    "agency": self.instance.lead_agency,
                    "contacts": _contacts(previous_lead),
                },
            )
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=commit)
        # Read by the admin hooks that ask the new co-organizers once the page is
        # saved (a preview saves the form too, and must not send anything).
        page.co_organizers_removed = getattr(self, "co_organizers_removed", set())
        return page


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
