"""Organizers' admin views of panel review: the review panel (reviewers and
settings) and “Select up to capacity”. Registered with the other registration
admin URLs (admin_views.admin_urls); each opens only for the training's
organizers."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.models import Agency
from registrations import selectors, services
from registrations.admin_access import admin_context as _context
from registrations.admin_access import managed_event as _managed_event
from registrations.forms import ReviewPanelForm
from registrations.models import Registration
from registrations.selectors.selection import (
    Candidate,
    propose_selection,
    quotas_for,
)
from registrations.services import RegistrationError

Status = Registration.Status


def review_panel(request, event_id: int):
    event = _managed_event(request, event_id)
    panel = selectors.review_panel(event=event)
    current = [reviewer.user_id for reviewer in selectors.reviewers(event=event)]
    form = ReviewPanelForm(
        request.POST or None,
        candidates=services.reviewer_candidates(event=event),
        initial={
            "reviewers": current,
            "blind": panel.blind,
            "aggregate": panel.aggregate,
            "tie_break": panel.tie_break,
            "deadline": panel.deadline,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            # Together: the e-mails to new reviewers leave after the commit, with
            # the deadline saved here.
            with transaction.atomic():
                services.review_panel_update(
                    event=event,
                    by=request.user,
                    blind=form.cleaned_data["blind"],
                    aggregate=form.cleaned_data["aggregate"],
                    tie_break=form.cleaned_data["tie_break"],
                    deadline=form.cleaned_data["deadline"],
                )
                services.reviewers_set(
                    event=event,
                    user_ids=form.cleaned_data["reviewers"],
                    by=request.user,
                )
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Review panel saved."))
            return redirect("registrations_admin:review_panel", event_id=event.pk)
    return TemplateResponse(
        request,
        "registrations/admin/review_panel.html",
        _context(event, form=form, panel=panel),
        status=400 if form.errors else 200,
    )


def _seats(event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - selectors.seats_taken(event_id=event.pk), 0)


def selection(request, event_id: int):
    """The proposal up to capacity and quotas, its cut-off line and ties; the
    organizers untick or tick, then confirm (approve the ticked, waitlist the
    other pending applicants)."""
    event = _managed_event(request, event_id)
    panel = selectors.review_panel(event=event)
    candidates = list(
        Registration.objects.filter(
            event=event, status__in=(Status.PENDING, Status.WAITLISTED)
        ).select_related("agency")
    )
    summaries = selectors.score_summaries(event=event, method=panel.aggregate)
    by_id = {registration.pk: registration for registration in candidates}
    seats = _seats(event)
    quotas = quotas_for(event)
    book = selectors.quota_book(event=event)
    proposal = propose_selection(
        [
            Candidate(
                id=r.pk,
                score=(summaries[r.pk].score if r.pk in summaries else None),
                applied_at=r.applied_at,
                agency_id=r.agency_id,
                quota=book.key_of(r.agency_id, r.agency.kind if r.agency else None),
            )
            for r in candidates
        ],
        seats=seats,
        quotas=book.remaining,
        general=book.general_free,
        tie_break=panel.tie_break,
    )
    ticked = set(proposal.selected)
    status = 200
    if request.method == "POST":
        ticked = {
            int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()
        } & set(by_id)
        try:
            approved, waitlisted = services.selection_confirm(
                event=event,
                selected_ids=ticked,
                by=request.user,
                message=request.POST.get("message", "")[:2000],
            )
        except RegistrationError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(
                request,
                ngettext(
                    "%(approved)s applicant approved",
                    "%(approved)s applicants approved",
                    len(approved),
                )
                % {"approved": len(approved)}
                + "; "
                + ngettext(
                    "%(waitlisted)s put on the waiting list.",
                    "%(waitlisted)s put on the waiting list.",
                    len(waitlisted),
                )
                % {"waitlisted": len(waitlisted)},
            )
            return redirect("registrations_admin:list", event_id=event.pk)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=list(quotas))}
    rows = []
    for position, pk in enumerate(proposal.order, start=1):
        registration = by_id[pk]
        registration.summary = summaries.get(pk) or selectors.ScoreSummary()
        rows.append(
            {
                "position": position,
                "registration": registration,
                "ticked": pk in ticked,
                "tied": pk in proposal.tied,
                "over_quota": pk in proposal.over_quota,
                "over_general": pk in proposal.over_general,
                "line_after": position == proposal.cut,
            }
        )
    return TemplateResponse(
        request,
        "registrations/admin/selection.html",
        _context(
            event,
            panel=panel,
            rows=rows,
            seats=seats,
            quotas=[
                (agencies.get(agency_id, agency_id), left)
                for agency_id, left in quotas.items()
            ],
            proposal=proposal,
            tie_rule=panel.TieBreak(panel.tie_break).label if proposal.tied else "",
            message=request.POST.get("message", ""),
        ),
        status=status,
    )
