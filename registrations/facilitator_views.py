"""A former participant accepts or declines facilitating a later edition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from registrations.models import Facilitator
from registrations.services.errors import RegistrationError
from registrations.services.facilitators import facilitator_answer


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
