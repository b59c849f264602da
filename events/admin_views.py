"""Admin views of the events app: the coordination calendar and new editions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies import permissions
from events import organizers, selectors, services
from events.forms import EditionForm
from events.models import EventPage


def coordination(request):
    past = request.GET.get("when") == "past"
    return TemplateResponse(
        request,
        "events/admin/coordination.html",
        {
            "months": selectors.coordination_calendar(past=past),
            "past": past,
            "page_title": _("Training coordination"),
        },
    )


def new_edition(request, page_id: int):
    event = get_object_or_404(EventPage, pk=page_id)
    if not permissions.user_can_edit_page(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        form = EditionForm(request.POST)
        if form.is_valid():
            try:
                edition = services.event_duplicate_as_edition(
                    event=event,
                    new_start=form.cleaned_data["new_start"],
                    by=request.user,
                )
            except services.EventError as error:
                form.add_error("new_start", error.message)
            else:
                messages.success(
                    request,
                    _("New edition created as a draft: review it, then publish."),
                )
                return redirect(reverse("wagtailadmin_pages:edit", args=[edition.pk]))
    else:
        form = EditionForm()
    return TemplateResponse(
        request,
        "events/admin/new_edition.html",
        {"event": event, "form": form, "page_title": _("New edition")},
    )


def co_organizing_list(request):
    """Invitations to co-organize trainings, for the invited agencies' coordinators."""
    return TemplateResponse(
        request,
        "events/admin/co_organizing_list.html",
        {
            "invitations": organizers.invitations_for_coordinator(request.user),
            "page_title": _("Invitations to co-organize"),
        },
    )


def co_organizing_detail(request, pk: int):
    """Accept or decline one invitation (a plain form: no JavaScript needed)."""
    invitation = organizers.invitation_for_coordinator(request.user, pk)
    if invitation is None:
        raise Http404
    error = None
    if request.method == "POST":
        accept = "accept" in request.POST
        if not accept and "decline" not in request.POST:
            error = _("Choose whether to accept or decline.")
        else:
            try:
                organizers.co_organizer_respond(
                    invitation=invitation, accept=accept, by=request.user
                )
            except organizers.CoOrganizingError as refusal:
                error = refusal.message
            else:
                messages.success(
                    request,
                    _("%(agency)s now co-organizes “%(title)s”.")
                    % {"agency": invitation.agency, "title": invitation.page.title}
                    if accept
                    else _("You declined to co-organize “%(title)s”.")
                    % {"title": invitation.page.title},
                )
                return redirect("events_co_organizing")
    return TemplateResponse(
        request,
        "events/admin/co_organizing_detail.html",
        {
            "invitation": invitation,
            "event": invitation.page,
            "error": error,
            "page_title": _("Invitation to co-organize"),
        },
        status=400 if error else 200,
    )
