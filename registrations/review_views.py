"""Reviewers' pages: the trainings a person was asked to review, and the one
scoring grid (applicants × criteria) of a training. The grid posts as one form
without JavaScript; registrations/static/registrations/review-grid.js saves each
cell as it is typed through `grid_cell`. Rules live in services.review_record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.models import EventPage
from registrations import selectors, services
from registrations.services import RegistrationError


def _reviewed_event(request, event_id: int):
    """The training if this person reviews or organizes it; else 404, as for a
    training that does not exist (a reviewer learns of no other training)."""
    page = get_object_or_404(EventPage, pk=event_id)
    event = selectors.registration_event(event=page)
    if not selectors.user_can_review(request.user, event):
        raise Http404
    return event


def _score(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise RegistrationError(_("A score is a whole number."), code="invalid")
    return int(raw)


@never_cache
@login_required
def review_list(request):
    """The trainings this person was asked to review."""
    return render(
        request,
        "registrations/review_list.html",
        {"events": selectors.reviewer_events(user=request.user)},
    )


def _posted_rows(request, criteria) -> dict[int, dict]:
    """Registration id → what the form holds for it (scores, note, conflict)."""
    rows = {}
    for raw_id in request.POST.getlist("rows"):
        if not raw_id.isdigit():
            continue
        pk = int(raw_id)
        rows[pk] = {
            "scores": {
                criterion.pk: request.POST.get(f"score-{pk}-{criterion.pk}", "")
                for criterion in criteria
            },
            "note": request.POST.get(f"note-{pk}", ""),
            "conflict": request.POST.get(f"conflict-{pk}") == "on",
        }
    return rows


@never_cache
@login_required
def grid(request, event_id: int):
    """Every applicant in one table, one row each, a cell per criterion."""
    event = _reviewed_event(request, event_id)
    panel = selectors.review_panel(event=event)
    criteria = list(event.selection_criteria.all())
    errors: dict[int, str] = {}
    posted: dict[int, dict] = {}
    if request.method == "POST":
        posted = _posted_rows(request, criteria)
        for pk, row in posted.items():
            try:
                with transaction.atomic():
                    services.review_record(
                        event=event,
                        registration_id=pk,
                        reviewer=request.user,
                        note=row["note"],
                        conflict=row["conflict"],
                        # A declared conflict removes the scores: the form's
                        # (disabled or stale) cells do not count then.
                        scores=None
                        if row["conflict"]
                        else {
                            criterion_id: _score(value)
                            for criterion_id, value in row["scores"].items()
                        },
                    )
            except RegistrationError as error:
                if error.code == "forbidden":
                    raise Http404 from error
                errors[pk] = str(error.message)
        if not errors:
            messages.success(request, _("Scores saved."))
            return redirect("registrations:review_grid", event_id=event.pk)
        messages.error(request, _("Some scores were not saved; see the marked rows."))
    rows = selectors.review_grid(event=event, reviewer=request.user, blind=panel.blind)
    for row in rows:
        row.error = errors.get(row.registration.pk, "")
        if row.error:
            kept = posted[row.registration.pk]
            row.raw_scores = kept["scores"]
            row.note = kept["note"]
            row.conflict = kept["conflict"]
        else:
            row.raw_scores = row.scores
        row.cells = [
            (criterion, row.raw_scores.get(criterion.pk, "")) for criterion in criteria
        ]
    return render(
        request,
        "registrations/review_grid.html",
        {
            "event": event,
            "panel": panel,
            "criteria": criteria,
            "rows": rows,
            "scored": sum(1 for row in rows if row.scores),
        },
        status=400 if errors else 200,
    )


@never_cache
@login_required
@require_POST
def grid_cell(request, event_id: int):
    """Save one cell of the grid (JavaScript); answers JSON, never a name."""
    event = _reviewed_event(request, event_id)
    raw_id = request.POST.get("registration", "")
    if not raw_id.isdigit():
        return JsonResponse({"error": _("Unknown applicant.")}, status=400)
    kwargs = {}
    try:
        if "criterion" in request.POST:
            criterion = request.POST["criterion"]
            if not criterion.isdigit():
                raise RegistrationError(_("Unknown criterion."))
            kwargs["scores"] = {int(criterion): _score(request.POST.get("value"))}
        if "note" in request.POST:
            kwargs["note"] = request.POST["note"]
        if "conflict" in request.POST:
            kwargs["conflict"] = request.POST["conflict"] == "on"
        services.review_record(
            event=event,
            registration_id=int(raw_id),
            reviewer=request.user,
            **kwargs,
        )
    except RegistrationError as error:
        status = 404 if error.code == "forbidden" else 400
        return JsonResponse({"error": str(error.message)}, status=status)
    return JsonResponse({"saved": True})
