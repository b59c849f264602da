"""Panel review read: who reviews a training, each reviewer's weighted totals,
the ranking they make (mean or median) with its disagreement, and the grid a
reviewer scores on (blind when the training asks for it)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from events.models import EventPage
from registrations.models import (
    ApplicantReview,
    Endorsement,
    Registration,
    RegistrationAnswer,
    Reviewer,
    ReviewPanel,
    SelectionScore,
)
from registrations.selectors.access import user_can_manage_registrations

Status = Registration.Status
# Applicants a panel scores: everyone who applied and has not withdrawn.
REVIEWED = (Status.PENDING, Status.WAITLISTED, Status.CONFIRMED, Status.DECLINED)
# The organizers' own scores (no reviewer) count as one more voice.
ORGANIZERS = 0


def review_panel(*, event) -> ReviewPanel:
    """The training's review settings (the defaults, unsaved, until organizers
    change them)."""
    panel = ReviewPanel.objects.filter(event_id=event.pk).first()
    return panel or ReviewPanel(event_id=event.pk)


def user_is_reviewer(user, event) -> bool:
    if not user.is_authenticated:
        return False
    return Reviewer.objects.filter(event_id=event.pk, user=user).exists()


def user_can_review(user, event) -> bool:
    """Assigned reviewers and the training's organizers open the grid."""
    return user_is_reviewer(user, event) or user_can_manage_registrations(user, event)


def reviewer_events(*, user) -> list[EventPage]:
    """The trainings this person was asked to review, soonest first."""
    if not user.is_authenticated:
        return []
    return list(EventPage.objects.filter(reviewers__user=user).order_by("start", "pk"))


def under_review(*, event):
    """The registrations a panel scores: everyone who applied and has not
    withdrawn, but those their organization declined to endorse (they never
    reached the organizers)."""
    refused = Endorsement.objects.filter(
        registration=OuterRef("pk"), status=Endorsement.Status.DECLINED
    )
    return Registration.objects.filter(event_id=event.pk, status__in=REVIEWED).exclude(
        Exists(refused), status=Status.DECLINED
    )


def review_applicant_count(*, event) -> int:
    """How many applicants the panel scores."""
    return under_review(event=event).count()


def reviewers(*, event) -> list[Reviewer]:
    return list(
        Reviewer.objects.filter(event_id=event.pk)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


# Pure arithmetic of the ranking ------------------------------------------------


def combine(totals: list[float], method: str) -> float | None:
    """One applicant's score from the reviewers' weighted totals."""
    if not totals:
        return None
    if method == ReviewPanel.Aggregate.MEDIAN:
        return float(statistics.median(totals))
    return float(statistics.fmean(totals))


def spread(totals: list[float]) -> float | None:
    """How far the reviewers disagree: highest total minus lowest."""
    if len(totals) < 2:
        return None
    return float(max(totals) - min(totals))


def standard_deviation(totals: list[float]) -> float | None:
    if len(totals) < 2:
        return None
    return float(statistics.pstdev(totals))


@dataclass
class ScoreSummary:
    """What the panel made of one applicant."""

    totals: dict[int, float] = field(default_factory=dict)  # reviewer id → total
    criterion_means: dict[int, float] = field(default_factory=dict)
    score: float | None = None
    spread: float | None = None
    deviation: float | None = None

    @property
    def reviewer_count(self) -> int:
        return len(self.totals)


def score_summaries(*, event, method: str | None = None) -> dict[int, ScoreSummary]:
    """Registration id → the panel's summary, from one query.

    A reviewer's total is the sum of their scores times the criteria's weights
    (a criterion they left empty adds nothing); the organizers' own scores are one
    more reviewer. Scores of a reviewer who declared a conflict of interest for
    the applicant do not count (the service removes them; this is the guard).
    """
    method = method or review_panel(event=event).aggregate
    conflicts = set(
        ApplicantReview.objects.filter(
            registration__event_id=event.pk, conflict_of_interest=True
        ).values_list("registration_id", "reviewer_id")
    )
    totals: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    per_criterion: dict[int, dict[int, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = SelectionScore.objects.filter(registration__event_id=event.pk).values_list(
        "registration_id", "reviewer_id", "criterion_id", "value", "criterion__weight"
    )
    for registration_id, reviewer_id, criterion_id, value, weight in rows:
        if (registration_id, reviewer_id) in conflicts:
            continue
        totals[registration_id][reviewer_id or ORGANIZERS] += value * weight
        per_criterion[registration_id][criterion_id].append(value)
    summaries = {}
    for registration_id, by_reviewer in totals.items():
        values = list(by_reviewer.values())
        summaries[registration_id] = ScoreSummary(
            totals=dict(by_reviewer),
            criterion_means={
                criterion_id: statistics.fmean(scores)
                for criterion_id, scores in per_criterion[registration_id].items()
            },
            score=combine(values, method),
            spread=spread(values),
            deviation=standard_deviation(values),
        )
    return summaries


def rank(registrations, summaries: dict[int, ScoreSummary]) -> list:
    """Registrations best first (unscored last), earlier application first on a
    tie; each gets `.summary` and `.total_score` (the panel's score, 0 unscored)."""
    for registration in registrations:
        registration.summary = summaries.get(registration.pk) or ScoreSummary()
        registration.total_score = registration.summary.score or 0
    return sorted(
        registrations,
        key=lambda r: (
            r.summary.score is None,
            -(r.summary.score or 0),
            r.applied_at,
            r.pk,
        ),
    )


def rank_applicants(registrations, *, event) -> list:
    """The training's ranking of these registrations: `rank` by the panel's
    chosen aggregate (mean or median of the reviewers' weighted totals). The
    one ranking the applicant list, the selection and the freed seats share."""
    panel = review_panel(event=event)
    return rank(
        list(registrations), score_summaries(event=event, method=panel.aggregate)
    )


# The reviewer's grid -----------------------------------------------------------


@dataclass
class GridRow:
    registration: Registration
    label: str
    organization: str
    scores: dict[int, int]
    note: str
    conflict: bool
    answers: list = field(default_factory=list)


def applicant_numbers(*, event) -> dict[int, int]:
    """Registration id → its number in order of application (blind labels)."""
    ids = (
        Registration.objects.filter(event_id=event.pk)
        .order_by("applied_at", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: number for number, pk in enumerate(ids, start=1)}


def review_grid(*, event, reviewer, blind: bool) -> list[GridRow]:
    """Every applicant the panel scores, in order of application, with this
    reviewer's scores, note and conflict; names, e-mails and organizations are
    left out when `blind`."""
    registrations = list(
        under_review(event=event)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=RegistrationAnswer.objects.select_related("question").order_by(
                    "question__sort_order", "question__pk"
                ),
            )
        )
        .order_by("applied_at", "pk")
    )
    mine: dict[int, dict[int, int]] = defaultdict(dict)
    for registration_id, criterion_id, value in SelectionScore.objects.filter(
        registration__event_id=event.pk, reviewer=reviewer
    ).values_list("registration_id", "criterion_id", "value"):
        mine[registration_id][criterion_id] = value
    reviews = {
        review.registration_id: review
        for review in ApplicantReview.objects.filter(
            registration__event_id=event.pk, reviewer=reviewer
        )
    }
    numbers = applicant_numbers(event=event) if blind else {}
    rows = []
    for registration in registrations:
        review = reviews.get(registration.pk)
        if blind:
            label = _("Applicant %(number)s") % {"number": numbers[registration.pk]}
            organization = ""
        else:
            label = registration.full_name or registration.email
            organization = str(registration.agency or registration.organization)
        rows.append(
            GridRow(
                registration=registration,
                label=label,
                organization=organization,
                scores=mine.get(registration.pk, {}),
                note=review.note if review else "",
                conflict=bool(review and review.conflict_of_interest),
                answers=list(registration.answers.all()),
            )
        )
    return rows
