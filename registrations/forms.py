"""Forms of the registration workflow; the rules themselves live in the services."""

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, ParticipantProfile
from core.translated_rows import read_translations, with_fallback_note
from registrations.models import (
    Decision,
    Registration,
    RegistrationQuestion,
    ReviewPanel,
    certificate_code_normalise,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ApplicantForm(forms.ModelForm):
    """The name and organization the organizers will see, from the person's
    profile; a correction made here is saved to the profile."""

    prefix = "applicant"

    class Meta:
        model = ParticipantProfile
        fields = ["full_name", "agency", "organization_name", "position"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, endorsement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        agency = self.fields["agency"]
        agency.queryset = Agency.objects.filter(is_active=True)
        agency.empty_label = _("(not listed)")
        if endorsement:
            # The one agency field of the application: it endorses too.
            agency.required = True
            agency.help_text = _(
                "It endorses your application before the organizers see it."
            )

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApplyForm(forms.Form):
    """The training's questions and, when it lets people choose, its sessions."""

    def __init__(self, *args, event, endorsement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.questions = list(event.registration_questions.all())
        sessions = list(event.sessions.all()) if event.sessions_selectable else []
        # The source page's rows, shown in the reader's language (their twins
        # on the translated page, read in one query per model).
        read_translations([*self.questions, *sessions])
        self.endorsement = endorsement
        if endorsement:
            # The agency that endorses is the applicant's (ApplicantForm.agency).
            self.fields["endorser"] = forms.ChoiceField(
                label=_("Who endorses your application?"),
                choices=ENDORSERS,
                initial="supervisor",
                widget=forms.RadioSelect,
            )
            self.fields["endorser_email"] = forms.EmailField(
                label=_("Your supervisor's e-mail"),
                required=False,
                help_text=_(
                    "They receive a link to endorse or decline; no account needed."
                ),
            )
        if sessions:
            self.fields["sessions"] = forms.TypedMultipleChoiceField(
                label=_("Sessions you will attend"),
                coerce=int,
                choices=[(session.pk, _session_label(session)) for session in sessions],
                widget=forms.CheckboxSelectMultiple,
            )
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)

    def answers(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
        }

    def session_ids(self) -> list[int]:
        return self.cleaned_data.get("sessions") or []

    def endorsement_choice(self, *, agency) -> dict:
        """What registration_apply needs to ask for the endorsement, `agency`
        being the applicant's (ApplicantForm)."""
        if not self.endorsement:
            return {}
        return {
            "agency": agency,
            "focal_points": self.cleaned_data.get("endorser") == "focal_points",
            "endorser_email": self.cleaned_data.get("endorser_email") or "",
        }


ENDORSERS = [
    ("supervisor", _("My supervisor")),
    ("focal_points", _("My organization's focal points")),
]


def _session_label(session) -> str:
    start = timezone.localtime(session.start)
    label = f"{start:%Y-%m-%d %H:%M}"
    if session.title:
        label = f"{with_fallback_note(session.title_shown)} · {label}"
    return label


def _question_field(question: RegistrationQuestion) -> forms.Field:
    common = {
        "label": with_fallback_note(question.label_shown),
        "required": question.required,
    }
    kind = question.kind
    if kind == RegistrationQuestion.Kind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == RegistrationQuestion.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=question.choice_pairs(), widget=forms.RadioSelect, **common
        )
    if kind == RegistrationQuestion.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=question.choice_pairs(),
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == RegistrationQuestion.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=500, **common)


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the training for your work?"),
        coerce=int,
        choices=[
            (5, _("5 — very useful")),
            (4, _("4")),
            (3, _("3")),
            (2, _("2")),
            (1, _("1 — not useful")),
        ],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What worked, what should change next time."),
    )


class CertificateCodeField(forms.CharField):
    """A code typed with spaces, without dashes or in lower case is the code."""

    def to_python(self, value):
        return certificate_code_normalise(super().to_python(value))


class CertificateLookupForm(forms.Form):
    code = CertificateCodeField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("Printed at the bottom of the certificate, e.g. ABCD-EFGH-JKLM."),
        # The code becomes part of the verification URL: no slash or other sign.
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+$",
                _("A verification code has only letters, digits and hyphens."),
            )
        ],
    )


class DecisionForm(forms.Form):
    """Bulk decision on the selected applicants of the organizers' list.

    No decision is preselected (a slip of the Enter key must not approve
    anyone), and declining or waitlisting asks for the reason the applicants
    will read.
    """

    ACTIONS = [
        (Registration.Status.CONFIRMED, _("Approve")),
        (Registration.Status.WAITLISTED, _("Move to the waiting list")),
        (Registration.Status.DECLINED, _("Decline")),
    ]
    NEEDS_REASON = (Registration.Status.WAITLISTED, Registration.Status.DECLINED)

    registrations = forms.TypedMultipleChoiceField(
        label=_("Applicants"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(
        label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect
    )
    reason_code = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[
            ("", _("— Choose a reason —")),
            *(
                choice
                for choice in Decision.Reason.choices
                if choice[0] not in Decision.PORTAL_REASONS
            ),
        ],
        help_text=_(
            "Required to decline or waitlist; applicants read it in their language."
        ),
    )
    reason_text = forms.CharField(
        label=_("Reason in your words (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    message = forms.CharField(
        label=_("Message to the applicants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, registration_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = [(pk, pk) for pk in registration_ids]

    def clean(self):
        cleaned = super().clean()
        reason_code = cleaned.get("reason_code")
        reason_text = cleaned.get("reason_text")
        if cleaned.get("status") in self.NEEDS_REASON and not (
            reason_code or reason_text
        ):
            self.add_error(
                "reason_code",
                _("Give the reason for declining or waitlisting: choose or write it."),
            )
        if reason_code == Decision.Reason.OTHER and not reason_text:
            self.add_error("reason_text", _("Write the reason."))
        return cleaned

    def selected_ids(self) -> set[int]:
        """The ticked applicants, as submitted (kept after an error)."""
        if not self.is_bound:
            return set()
        return {
            int(pk) for pk in self.data.getlist("registrations") if str(pk).isdigit()
        }


def _criterion_label(criterion) -> str:
    return f"{with_fallback_note(criterion.name_shown)} (×{criterion.weight})"


class ScoreForm(forms.Form):
    """One field per selection criterion of the training."""

    def __init__(self, *args, criteria, scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_criterion_label(criterion),
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                initial=scores.get(criterion.pk),
                help_text=_("From 0 to %(max)s.") % {"max": criterion.max_score},
            )

    def scores(self) -> dict[int, int | None]:
        return {
            criterion.pk: self.cleaned_data.get(f"criterion_{criterion.pk}")
            for criterion in self.criteria
        }


class EndorsementForm(forms.Form):
    """The endorser's answer, from their link."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("endorse", _("I endorse this application")),
            ("decline", _("I do not endorse it")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required if you do not endorse it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads it."),
    )


class NomineeForm(forms.Form):
    """One row of the nomination form; the rules check the rows together."""

    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    position = forms.CharField(label=_("Position"), required=False, max_length=200)


NomineeFormSet = forms.formset_factory(NomineeForm, extra=5, max_num=50)


class NominationCSVForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One person per line: name, e-mail, position (comma or semicolon "
            "separated, UTF-8). A first line with the column names is skipped."
        ),
    )


class NominationAgencyForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Nominate for"), queryset=Agency.objects.none()
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]


class ReviewPanelForm(forms.Form):
    """The training's review settings and who reviews."""

    reviewers = forms.TypedMultipleChoiceField(
        label=_("Reviewers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the organizing agencies."),
    )
    blind = forms.BooleanField(
        label=_("Blind review"),
        required=False,
        help_text=_(
            "Reviewers see neither the applicants' names and e-mails nor their "
            "organizations."
        ),
    )
    aggregate = forms.ChoiceField(
        label=_("Ranking by"), choices=ReviewPanel.Aggregate.choices
    )
    tie_break = forms.ChoiceField(
        label=_("Ties at the cut-off line"), choices=ReviewPanel.TieBreak.choices
    )
    deadline = forms.DateField(
        label=_("Reviews due by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Told to the reviewers when they are assigned."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].choices = [
            (user.pk, f"{user.get_full_name() or user.username} <{user.email}>")
            for user in candidates
        ]
