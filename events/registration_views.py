"""Participant pages of the registration workflow: apply, "My registrations",
cancel, evaluate, download and verify certificates. Rules live in the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors, services
from events.registration_documents import certificate_pdf
from events.registration_forms import ApplyForm, CertificateLookupForm, EvaluationForm
from events.registration_models import Registration
from events.services import RegistrationError


def _add_error(form, error: RegistrationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _live_page(event_id: int):
    from events.models import EventPage

    return get_object_or_404(EventPage.objects.live(), pk=event_id)


@login_required
def apply(request, event_id: int):
    """The application form of a training (questions and session choices)."""
    page = _live_page(event_id)
    event = selectors.registration_event(event=page)
    existing = selectors.user_registration(user=request.user, event=event)
    data = request.POST if request.method == "POST" else None
    form = ApplyForm(data, event=event)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            registration = services.registration_apply(
                event=event,
                user=request.user,
                answers=form.answers(),
                session_ids=form.session_ids(),
            )
        except RegistrationError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("Your registration for “%(event)s” is recorded: %(status)s.")
                % {"event": page.title, "status": registration.get_status_display()},
            )
            return redirect("registrations:list")
    return render(
        request,
        "events/registration_form.html",
        {
            "page": page,
            "event": event,
            "form": form,
            "existing": existing,
            "is_open": selectors.registration_is_open(event),
        },
        status=400 if form.errors else 200,
    )


@login_required
def registration_list(request):
    """ "My registrations": status, waiting-list position, sessions, actions."""
    registrations = selectors.user_registrations(user=request.user)
    for registration in registrations:
        event = registration.event
        registration.can_cancel = registration.status in (
            Registration.Status.PENDING,
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
        ) and not selectors.event_has_started(event)
        registration.has_ended = selectors.event_has_ended(event)
        registration.show_online_link = bool(
            event.online_url and registration.holds_seat
        )
    return render(
        request,
        "events/registration_list.html",
        {"registrations": registrations},
    )


def _own_registration(request, pk: int) -> Registration:
    """The signed-in person's registration; anyone else's is a 404."""
    return get_object_or_404(
        Registration.objects.select_related("event"), pk=pk, user=request.user
    )


@login_required
@require_POST
def cancel(request, pk: int):
    registration = _own_registration(request, pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your registration for “%(event)s” is cancelled.")
            % {"event": registration.event.title},
        )
    return redirect("registrations:list")


@login_required
def evaluate(request, pk: int):
    registration = _own_registration(request, pk)
    evaluation = getattr(registration, "evaluation", None)
    initial = (
        {"rating": evaluation.rating, "comments": evaluation.comments}
        if evaluation
        else None
    )
    data = request.POST if request.method == "POST" else None
    form = EvaluationForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_evaluate(
                registration=registration,
                by=request.user,
                rating=form.cleaned_data["rating"],
                comments=form.cleaned_data["comments"],
            )
        except RegistrationError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("registrations:list")
    return render(
        request,
        "events/evaluation_form.html",
        {"registration": registration, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def certificate(request, pk: int):
    """The attendee's certificate of attendance as a PDF download."""
    registration = _own_registration(request, pk)
    try:
        issued = services.registration_certificate_issue(
            registration=registration, by=request.user
        )
    except RegistrationError as error:
        messages.error(request, error.message)
        return redirect("registrations:list")
    verify_url = request.build_absolute_uri(
        reverse("registrations:verify", args=[issued.code])
    )
    content = certificate_pdf(certificate=issued, verify_url=verify_url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{issued.code}.pdf"'
    )
    return response


def verify(request, code: str = ""):
    """Anyone checks a certificate by its code (from the URL or the form)."""
    form = CertificateLookupForm(request.GET or None)
    if not code and form.is_valid():
        return redirect("registrations:verify", code=form.cleaned_data["code"].upper())
    found = selectors.certificate_by_code(code=code) if code else None
    if code and found is None:
        raise Http404(_("No certificate has this code."))
    return render(
        request,
        "events/certificate.html",
        {"certificate": found, "form": form, "code": code},
        status=400 if form.errors else 200,
    )
