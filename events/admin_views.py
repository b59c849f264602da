"""Admin views of the events app: the coordination calendar and new editions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies import permissions
from events import selectors, services
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
