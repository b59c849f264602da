"""Panel review writes: the training's review settings, the reviewers organizers
assign (e-mailed when assigned), and what a reviewer records per applicant
(scores, note, conflict of interest)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership
from core import effects
from core.mail import absolute_url, send_email
from events.emails import training_email_context
from registrations import selectors
from registrations.models import (
    ApplicantReview,
    Registration,
    Reviewer,
    ReviewPanel,
    SelectionScore,
)
from registrations.services.decide import require_organizer
from registrations.services.errors import RegistrationError


def reviewer_candidates(*, event):
    """Members (any role) of the training's organizing agencies."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=Membership.objects.filter(
                agency_id__in=event.organizing_agency_ids(), agency__is_active=True
            ).values("user_id"),
            is_active=True,
        )
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def review_panel_update(
    *, event, by, blind: bool, aggregate: str, tie_break: str, deadline=None
) -> ReviewPanel:
    require_organizer(event, by)
    if aggregate not in ReviewPanel.Aggregate.values or (
        tie_break not in ReviewPanel.TieBreak.values
    ):
        raise RegistrationError(_("Choose a valid review setting."), code="invalid")
    panel, _created = ReviewPanel.objects.update_or_create(
        event_id=event.pk,
        defaults={
            "blind": blind,
            "aggregate": aggregate,
            "tie_break": tie_break,
            "deadline": deadline,
        },
    )
    return panel


@transaction.atomic
def reviewers_set(*, event, user_ids: Iterable[int], by) -> list[Reviewer]:
    """Make exactly these people the training's reviewers; each must be a member
    of an organizing agency. Scores of a reviewer taken off the panel stay.
    Each newly assigned reviewer is e-mailed after commit."""
    require_organizer(event, by)
    wanted = {int(pk) for pk in user_ids}
    allowed = set(
        reviewer_candidates(event=event)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if wanted - allowed:
        raise RegistrationError(
            _("Reviewers must be members of the organizing agencies."),
            code="invalid",
        )
    Reviewer.objects.filter(event_id=event.pk).exclude(user_id__in=wanted).delete()
    existing = set(
        Reviewer.objects.filter(event_id=event.pk).values_list("user_id", flat=True)
    )
    for pk in sorted(wanted - existing):
        notify_reviewer_assigned_after_commit(
            Reviewer.objects.create(event_id=event.pk, user_id=pk, assigned_by=by)
        )
    return selectors.reviewers(event=event)


def _require_reviewer(event, reviewer) -> None:
    if not selectors.user_can_review(reviewer, event):
        raise RegistrationError(
            _("Only the training's reviewers and organizers can score applicants."),
            code="forbidden",
        )


def _reviewed_registration(event, registration_id: int) -> Registration:
    reviewed = selectors.under_review(event=event)
    registration = reviewed.filter(pk=registration_id).first()
    if registration is None:
        raise RegistrationError(
            _("This applicant is not under review for this training."),
            code="invalid",
        )
    return registration


@transaction.atomic
def review_record(
    *,
    event,
    registration_id: int,
    reviewer,
    scores: Mapping[int, int | None] | None = None,
    note: str | None = None,
    conflict: bool | None = None,
) -> ApplicantReview | None:
    """Record what one reviewer says of one applicant: scores (criterion id →
    score, None clears), a note, a conflict of interest. Whatever is None is
    left as it was. Declaring a conflict removes the reviewer's scores of the
    applicant, and scores are refused while it stands."""
    _require_reviewer(event, reviewer)
    registration = _reviewed_registration(event, registration_id)
    review = ApplicantReview.objects.filter(
        registration=registration, reviewer=reviewer
    ).first()
    # No row for a reviewer who has said nothing beyond scores.
    if review is not None or conflict or (note or "").strip():
        review = review or ApplicantReview(registration=registration, reviewer=reviewer)
        if conflict is not None:
            review.conflict_of_interest = conflict
        if note is not None:
            review.note = note.strip()[:4000]
        review.save()
    in_conflict = bool(review and review.conflict_of_interest)
    if in_conflict:
        SelectionScore.objects.filter(
            registration=registration, reviewer=reviewer
        ).delete()
        if any(value is not None for value in (scores or {}).values()):
            raise RegistrationError(
                _(
                    "You declared a conflict of interest for this applicant; "
                    "withdraw it to score."
                ),
                code="conflict",
            )
        return review
    criteria = {c.pk: c for c in event.selection_criteria.all()}
    scores = scores or {}
    if set(scores) - set(criteria):
        raise RegistrationError(
            _("Score the criteria of this training only."), code="invalid"
        )
    for pk, value in scores.items():
        criterion = criteria[pk]
        if value is None:
            SelectionScore.objects.filter(
                registration=registration, criterion=criterion, reviewer=reviewer
            ).delete()
            continue
        if not 0 <= value <= criterion.max_score:
            raise RegistrationError(
                _("A score for “%(criterion)s” lies between 0 and %(max)s.")
                % {"criterion": criterion.name_shown, "max": criterion.max_score},
                code="invalid",
                field=f"criterion_{pk}",
            )
        SelectionScore.objects.update_or_create(
            registration=registration,
            criterion=criterion,
            reviewer=reviewer,
            defaults={"value": value, "scored_by": reviewer},
        )
    return review


def notify_reviewer_assigned_after_commit(reviewer: Reviewer) -> None:
    effects.enqueue_after_commit(notify_reviewer_assigned, reviewer_id=reviewer.pk)


@effects.effect
def notify_reviewer_assigned(*, reviewer_id: int) -> None:
    """E-mail a person the organizers asked to review a training's applicants,
    in their language: the training, how many applicants, the link to the grid
    and the deadline the panel set, if any. Nothing when they were taken off
    the panel before the worker ran."""
    reviewer = (
        Reviewer.objects.select_related("event", "user").filter(pk=reviewer_id).first()
    )
    if reviewer is None or not reviewer.user.email:
        return
    event = reviewer.event
    panel = selectors.review_panel(event=event)
    language = selectors.person_language(reviewer.user)
    with translation.override(language):
        grid_url = absolute_url(reverse("registrations:review_grid", args=[event.pk]))
        deadline = date_format(panel.deadline, "DATE_FORMAT") if panel.deadline else ""
    send_email(
        template_base="registrations/email/reviewer_assigned",
        context={
            **training_email_context(
                event=event, language=language, with_online_link=False
            ),
            "grid_url": grid_url,
            "deadline": deadline,
            "applicants": selectors.review_applicant_count(event=event),
            "blind": panel.blind,
        },
        language=language,
        to=[reviewer.user.email],
    )
