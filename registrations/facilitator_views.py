"""A former participant accepts or declines facilitating a later edition."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from registrations.admin_access import admin_context, managed_event
from registrations.models import Facilitator
from registrations.selectors.series import facilitator_candidates
from registrations.services.errors import RegistrationError
from registrations.services.facilitators import facilitator_answer, facilitator_name


@never_cache
@login_required
def facilitations(request):
    """The signed-in person's invitations to facilitate, each with its answer."""
    if request.method == "POST":
        facilitator = get_object_or_404(
            Facilitator, pk=request.POST.get("facilitator"), user=request.user
        )
        accept = request.POST.get("answer") == "accept"
        try:
            facilitator_answer(
                facilitator=facilitator, user=request.user, accept=accept
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Thank you: you will be listed as a facilitator.")
                if accept
                else _("You declined; you will not be listed."),
            )
        return redirect("registrations:facilitations")
    invitations = (
        Facilitator.objects.filter(user=request.user)
        .select_related("event", "trained_in")
        .order_by("-named_at")
    )
    return render(
        request,
        "registrations/facilitations.html",
        {"invitations": invitations},
    )


def manage_facilitators(request, event_id: int):
    """Organizers name former participants facilitators of the edition; each
    is listed only once they accept (admin URL, registrations.admin_views)."""
    event = managed_event(request, event_id)
    if request.method == "POST":
        user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
        try:
            facilitator_name(event=event, user=user, named_by=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Named; they are listed once they accept on their page.")
            )
        return redirect("registrations_admin:facilitators", event.pk)
    named = list(
        Facilitator.objects.filter(event=event)
        .select_related("trained_in")
        .order_by("name")
    )
    taken = {facilitator.user_id for facilitator in named}
    candidates = [
        registration
        for registration in facilitator_candidates(event=event)
        if registration.user_id not in taken
    ]
    return TemplateResponse(
        request,
        "registrations/admin/facilitators.html",
        admin_context(event, named=named, candidates=candidates),
    )
