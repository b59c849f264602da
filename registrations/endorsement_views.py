"""Endorsement and nomination pages: the endorser's answer from their link (no
account), the nominee's confirmation, and the focal point's nomination form.
Rules live in registrations.services.endorse and .nominate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from agencies import permissions
from agencies.models import Agency
from events.models import EventPage
from registrations import selectors, services
from registrations.forms import (
    ApplyForm,
    EndorsementForm,
    NominationAgencyForm,
    NominationCSVForm,
    NomineeFormSet,
)
from registrations.services import NominationRowsError, RegistrationError

# A link that was used or expired is gone for good; an unknown one never was.
LINK_STATUS = {"link_unknown": 404, "link_used": 410, "link_expired": 410}


def _private(response):
    """A page reached by a secret link: no referrer leaves it for another site,
    no index keeps it. Not "no-referrer": Chromium then posts the page's own
    form with `Origin: null`, which Django's CSRF check refuses."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _link_refused(request, error: RegistrationError):
    return _private(
        render(
            request,
            "registrations/link_refused.html",
            {"message": error.message},
            status=LINK_STATUS.get(error.code, 400),
        )
    )


@never_cache
def endorse(request, token: str):
    """The endorser reads the application they were asked about, and answers.

    The link is the only key: it opens this one application and nothing else.
    """
    try:
        endorsement = services.endorsement_for_token(token)
    except RegistrationError as error:
        return _link_refused(request, error)
    form = EndorsementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.endorsement_decide(
                token=token,
                endorse=form.cleaned_data["decision"] == "endorse",
                reason=form.cleaned_data["reason"],
            )
        except RegistrationError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                return _link_refused(request, error)
        else:
            return _private(
                render(
                    request,
                    "registrations/endorsement_done.html",
                    {
                        "endorsed": form.cleaned_data["decision"] == "endorse",
                        "registration": endorsement.registration,
                    },
                )
            )
    registration = endorsement.registration
    return _private(
        render(
            request,
            "registrations/endorsement_form.html",
            {
                "endorsement": endorsement,
                "registration": registration,
                "event": registration.event,
                "answers": registration.answers.select_related("question"),
                "form": form,
            },
            status=400 if form.errors else 200,
        )
    )


@never_cache
@login_required
def nomination(request, token: str):
    """The nominee confirms and completes the application (signed in with the
    nominated address; allauth's sign-up creates the account if needed)."""
    try:
        found = services.nomination_for_token(token)
    except RegistrationError as error:
        return _link_refused(request, error)
    event = selectors.registration_event(event=found.event)
    form = ApplyForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_apply(
                event=event,
                user=request.user,
                answers=form.answers(),
                session_ids=form.session_ids(),
                nomination=found,
            )
        except RegistrationError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(
                request,
                _("Thank you: your application for “%(event)s” is with the organizers.")
                % {"event": event.title},
            )
            return redirect("registrations:list")
    return _private(
        render(
            request,
            "registrations/nomination_confirm.html",
            {"nomination": found, "event": event, "form": form},
            status=400 if form.errors else 200,
        )
    )


@never_cache
@login_required
def nominate(request, event_id: int):
    """A focal point nominates people of their agency: rows typed in the form,
    or a CSV file; all rows or none."""
    page = get_object_or_404(EventPage.objects.live(), pk=event_id)
    event = selectors.registration_event(event=page)
    agencies = Agency.objects.filter(
        pk__in=permissions.nominating_agency_ids(request.user), is_active=True
    ).order_by("pk")
    if not agencies:
        raise PermissionDenied
    posted = request.method == "POST"
    uploading = posted and "upload" in request.POST
    # One agency choice in each of the page's two forms (rows, file).
    agency_form = NominationAgencyForm(
        request.POST if posted and not uploading else None, agencies=agencies
    )
    csv_agency_form = NominationAgencyForm(
        request.POST if uploading else None, agencies=agencies, auto_id="csv_%s"
    )
    chosen = csv_agency_form if uploading else agency_form
    formset = NomineeFormSet(
        request.POST if posted and not uploading else None, prefix="nominees"
    )
    csv_form = NominationCSVForm(
        request.POST if uploading else None, request.FILES if uploading else None
    )
    row_errors: list[tuple[int, str]] = []
    error_message = ""
    if posted and chosen.is_valid():
        nominees = None
        if uploading and csv_form.is_valid():
            nominees = services.nominees_from_csv(csv_form.cleaned_data["file"].read())
        elif not uploading and formset.is_valid():
            nominees = [
                services.Nominee(row=number, **row)
                for number, row in enumerate(formset.cleaned_data, 1)
                if row
            ]
        if nominees is not None:
            try:
                created = services.nominations_create(
                    event=event,
                    agency=chosen.cleaned_data["agency"],
                    nominees=nominees,
                    by=request.user,
                )
            except NominationRowsError as error:
                row_errors, error_message = error.rows, error.message
            except RegistrationError as error:
                error_message = error.message
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s person nominated; they receive an e-mail to "
                        "confirm.",
                        "%(count)s people nominated; they receive an e-mail to "
                        "confirm.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect("registrations:nominate", event_id=page.pk)
    failed = posted and bool(
        error_message or chosen.errors or csv_form.errors or formset.errors
    )
    return render(
        request,
        "registrations/nomination_form.html",
        {
            "page": page,
            "event": event,
            "agency_form": agency_form,
            "csv_agency_form": csv_agency_form,
            "formset": formset,
            "csv_form": csv_form,
            "row_errors": row_errors,
            "error_message": error_message,
            "uploading": uploading,
            "nominations": selectors.agency_nominations(
                event=event, agency_ids=[agency.pk for agency in agencies]
            ),
        },
        status=400 if failed else 200,
    )
