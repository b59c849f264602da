"""After the training: the participant's evaluation, the certificate download, and
the public verification of a certificate by its code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.emails import training_named
from registrations import selectors, services
from registrations.documents import (
    certificate_pdf,
    hours_attended_text,
    sessions_attended_text,
)
from registrations.forms import (
    CertificateLookupForm,
    EvaluationForm,
)
from registrations.services import RegistrationError
from registrations.views import add_error, own_registration, restricted_response


@never_cache
@login_required
def evaluate(request, pk: int):
    registration = own_registration(request, pk)
    if (refused := restricted_response(request, registration.event)) is not None:
        return refused
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
            add_error(form, error)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("registrations:list")
    return render(
        request,
        "registrations/evaluation_form.html",
        {"registration": registration, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def certificate(request, pk: int):
    """The attendee's certificate of attendance as a PDF download."""
    registration = own_registration(request, pk)
    if (refused := restricted_response(request, registration.event)) is not None:
        return refused
    try:
        # Refused for a revoked certificate (it says so) and below the rule.
        issued = services.registration_certificate_issue(
            registration=registration, by=request.user
        )
    except RegistrationError as error:
        messages.error(request, error.message)
        return redirect("registrations:list")
    # In the participant's language; `?lang=` gives the other one.
    language = request.GET.get("lang", "")
    if language not in selectors.LANGUAGES:
        language = selectors.person_language(
            request.user, default=translation.get_language()[:2]
        )
    with translation.override(language):
        verify_url = request.build_absolute_uri(
            reverse("registrations:verify", args=[issued.code])
        )
        content = certificate_pdf(certificate=issued, verify_url=verify_url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{issued.code}-{language}.pdf"'
    )
    response["Content-Language"] = language
    return response


def verify(request, code: str = ""):
    """Anyone checks a certificate by its code (from the URL or the form).

    A code typed loosely (spaces, no dashes, lower case) goes to its canonical
    URL; an unknown one gets this page again, the form filled, and a message."""
    form = CertificateLookupForm({"code": code} if code else request.GET or None)
    found, status = None, 200
    if form.is_bound and form.is_valid():
        normal = form.cleaned_data["code"]
        if normal != code:
            return redirect("registrations:verify", code=normal)
        found = selectors.certificate_by_code(code=normal)
        if found is None:
            form.add_error(
                "code", _("No certificate has this code. Check it and try again.")
            )
            status = 404
    elif form.errors:
        status = 400
    return render(
        request,
        "registrations/certificate.html",
        {
            "certificate": found,
            "form": form,
            "code": code,
            "sessions_attended": sessions_attended_text(found.registration)
            if found
            else "",
            # The training in the reader's language, or its source marked
            # "(Available only in Spanish)".
            "training": training_named(found.registration.event, get_language())
            if found
            else None,
            "hours_attended": hours_attended_text(found.registration) if found else "",
        },
        status=status,
    )
