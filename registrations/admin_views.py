"""Organizers' admin views of registrations: applicants, scoring, decisions,
exports, attendance and evaluations. Registered in registrations/wagtail_hooks.py;
each
view opens only for editors of the training's organizing agencies."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.pagination import paginate
from registrations import (
    admin_review_views,
    checkin_views,
    facilitator_views,
    selectors,
    services,
)
from registrations.admin_access import admin_context, managed_event
from registrations.credentials import views as credential_views
from registrations.documents import applicants_csv, applicants_xlsx, decisions_csv
from registrations.forms import DecisionForm, ScoreForm
from registrations.models import Registration
from registrations.services import RegistrationError

# Applicants per page of the organizers' list; filters and sort stay in the URL.
PER_PAGE = 50


_managed_event = managed_event
_context = admin_context


def _filters_query(request) -> str:
    """The list's filters and sort without the page number (for the exports)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def applicants(request, event_id: int):
    """The applicant list with counts, filters, sorting and bulk decisions."""
    event = _managed_event(request, event_id)
    filters = selectors.ApplicantFilters.from_query(request.GET)
    panel = selectors.review_panel(event=event)
    summaries = selectors.score_summaries(event=event, method=panel.aggregate)
    listed = selectors.applicants(event=event, filters=filters)
    if filters.sort == "score":
        # The panel's mean or median of the reviewers' totals, ranked here: a
        # median is not SQL.
        listed = selectors.rank(list(listed), summaries)
    registrations = paginate(request, listed, per_page=PER_PAGE)
    form = DecisionForm(
        request.POST or None,
        registration_ids=Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.AWAITING_ENDORSEMENT)
        .values_list("pk", flat=True),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.registration_decide(
                event=event,
                registration_ids=form.cleaned_data["registrations"],
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
                reason_code=form.cleaned_data["reason_code"],
                reason_text=form.cleaned_data["reason_text"],
                by=request.user,
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s registration updated.",
                    "%(count)s registrations updated.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
            return redirect(request.get_full_path())
    if form.errors:
        messages.error(
            request, " ".join(form.non_field_errors()) or _("Check the form.")
        )
    criteria = selectors.training_texts(event.selection_criteria.all())
    selectors.registration_texts(registrations)
    flags = selectors.applicant_flags(event=event, registrations=registrations)
    for registration in registrations:
        registration.flags = flags.get(registration.pk)
        registration.open_offer = next(iter(registration.open_offers), None)
        summary = summaries.get(registration.pk) or selectors.ScoreSummary()
        registration.summary = summary
        registration.total_score = summary.score or 0
        registration.criterion_scores = [
            summary.criterion_means.get(c.pk) for c in criteria
        ]
    return TemplateResponse(
        request,
        "registrations/admin/registration_index.html",
        _context(
            event,
            registrations=registrations,
            criteria=criteria,
            panel=panel,
            filters=filters,
            form=form,
            selected=form.selected_ids(),
            counts=selectors.registration_counts(event=event),
            quotas=selectors.quota_book(event=event).usages,
            statuses=[
                choice
                for choice in Registration.Status.choices
                if choice[0] != Registration.Status.AWAITING_ENDORSEMENT
            ],
            agencies=selectors.applicant_agencies(event=event),
            sessions=selectors.training_texts(event.sessions.all()),
            query=_filters_query(request),
        ),
        status=400 if form.errors else 200,
    )


def applicant(request, event_id: int, pk: int):
    """One applicant's answers, and the organizers' scores per criterion."""
    event = _managed_event(request, event_id)
    registration = get_object_or_404(selectors.applicants(event=event), pk=pk)
    criteria = selectors.training_texts(event.selection_criteria.all())
    selectors.registration_texts([registration])
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        scores={
            score.criterion_id: score.value
            for score in registration.scores.all()
            if score.reviewer_id is None
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_score(
                registration=registration, scores=form.scores(), by=request.user
            )
        except RegistrationError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("registrations_admin:list", event_id=event.pk)
    return TemplateResponse(
        request,
        "registrations/admin/registration_detail.html",
        _context(event, registration=registration, form=form),
        status=400 if form.errors else 200,
    )


def export(request, event_id: int, fmt: str):
    """The (filtered) applicant list as CSV or XLSX."""
    event = _managed_event(request, event_id)
    filters = selectors.ApplicantFilters.from_query(request.GET)
    registrations = selectors.applicants(event=event, filters=filters)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            applicants_xlsx(event=event, registrations=registrations),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    else:
        response = HttpResponse(
            applicants_csv(event=event, registrations=registrations),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="registrations-{event.pk}-{stamp}.{fmt}"'
    )
    return response


def decisions_export(request, event_id: int):
    """The training's audit trail of decisions as CSV."""
    event = _managed_event(request, event_id)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        decisions_csv(event=event), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="decisions-{event.pk}-{stamp}.csv"'
    )
    return response


def attendance(request, event_id: int, session_id: int):
    """Check-in list of one session."""
    event = _managed_event(request, event_id)
    session = get_object_or_404(event.sessions, pk=session_id)
    refused = False
    if request.method == "POST":
        try:
            present = services.registration_record_attendance(
                session=session,
                present_ids=[
                    int(pk) for pk in request.POST.getlist("present") if pk.isdigit()
                ],
                by=request.user,
            )
        except RegistrationError as error:
            refused = True
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(count)s person present.",
                    "Attendance saved: %(count)s people present.",
                    present,
                )
                % {"count": present},
            )
            return redirect(
                "registrations_admin:attendance",
                event_id=event.pk,
                session_id=session.pk,
            )
    return TemplateResponse(
        request,
        "registrations/admin/attendance.html",
        _context(
            event,
            session=session,
            sheet=selectors.attendance_sheet(session=session),
            not_started=session.start is not None and session.start > timezone.now(),
            can_undo=bool(
                request.session.get(checkin_views.UNDO_KEY.format(session.pk))
            ),
        ),
        status=400 if refused else 200,
    )


def evaluations(request, event_id: int):
    event = _managed_event(request, event_id)
    return TemplateResponse(
        request,
        "registrations/admin/evaluation_summary.html",
        _context(event, summary=selectors.evaluation_summary(event=event)),
    )


def admin_urls():
    patterns = [
        path("", applicants, name="list"),
        path("<int:pk>/", applicant, name="detail"),
        path("export.csv", export, {"fmt": "csv"}, name="export_csv"),
        path("export.xlsx", export, {"fmt": "xlsx"}, name="export_xlsx"),
        path("decisions.csv", decisions_export, name="decisions_csv"),
        path("attendance/<int:session_id>/", attendance, name="attendance"),
        path(
            "attendance/<int:session_id>/mark-all/",
            checkin_views.mark_all_present,
            name="attendance_mark_all",
        ),
        path(
            "attendance/<int:session_id>/undo-mark-all/",
            checkin_views.undo_mark_all,
            name="attendance_undo_mark_all",
        ),
        path(
            "attendance/<int:session_id>/sign-in.pdf",
            checkin_views.signin_sheet,
            name="signin_sheet",
        ),
        path("checkin/sw.js", checkin_views.checkin_worker, name="checkin_worker"),
        path("checkin/<int:session_id>/", checkin_views.checkin, name="checkin"),
        path(
            "checkin/<int:session_id>/sync/",
            checkin_views.checkin_sync,
            name="checkin_sync",
        ),
        path("evaluations/", evaluations, name="evaluations"),
        path(
            "facilitators/",
            facilitator_views.manage_facilitators,
            name="facilitators",
        ),
        path("certificates/", credential_views.certificates, name="certificates"),
        path("review/", admin_review_views.review_panel, name="review_panel"),
        path("select/", admin_review_views.selection, name="selection"),
    ]
    return [
        path(
            "registrations/<int:event_id>/",
            include((patterns, "registrations_admin")),
        )
    ]


def admin_url_for(event) -> str:
    return reverse("registrations_admin:list", args=[event.pk])
