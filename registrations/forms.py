"""Forms of the registration workflow; the rules themselves live in the services."""

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, ParticipantProfile
from registrations.models import (
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agency"].empty_label = _("(not listed)")

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApplyForm(forms.Form):
    """The training's questions and, when it lets people choose, its sessions."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.sessions_selectable:
            self.fields["sessions"] = forms.TypedMultipleChoiceField(
                label=_("Sessions you will attend"),
                coerce=int,
                choices=[
                    (session.pk, _session_label(session))
                    for session in event.sessions.all()
                ],
                widget=forms.CheckboxSelectMultiple,
            )
        self.questions = list(event.registration_questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)

    def answers(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
        }

    def session_ids(self) -> list[int]:
        return self.cleaned_data.get("sessions") or []


def _session_label(session) -> str:
    start = timezone.localtime(session.start)
    label = f"{start:%Y-%m-%d %H:%M}"
    if session.title:
        label = f"{session.title} · {label}"
    return label


def _question_field(question: RegistrationQuestion) -> forms.Field:
    common = {"label": question.label, "required": question.required}
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
    """Bulk decision on the selected applicants of the organizers' list."""

    ACTIONS = [
        (Registration.Status.CONFIRMED, _("Approve")),
        (Registration.Status.WAITLISTED, _("Move to the waiting list")),
        (Registration.Status.DECLINED, _("Decline")),
    ]

    registrations = forms.TypedMultipleChoiceField(
        label=_("Applicants"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    message = forms.CharField(
        label=_("Message to the applicants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, registration_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = [(pk, pk) for pk in registration_ids]


class ScoreForm(forms.Form):
    """One field per selection criterion of the training."""

    def __init__(self, *args, criteria, scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (×{criterion.weight})",
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

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].choices = [
            (user.pk, f"{user.get_full_name() or user.username} <{user.email}>")
            for user in candidates
        ]
