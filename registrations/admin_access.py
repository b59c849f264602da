"""What every organizers' admin view of registrations starts with: the training
the user organizes (else 403) and the admin header's context."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from events.models import EventPage
from registrations import selectors


def managed_event(request, event_id: int):
    """The training (its registration page) if the user organizes it, else 403."""
    page = get_object_or_404(EventPage, pk=event_id)
    event = selectors.registration_event(event=page)
    if not selectors.user_can_manage_registrations(request.user, event):
        raise PermissionDenied
    return event


def admin_context(event, **extra):
    return {
        "event": event,
        "page_title": _("Registrations"),
        "page_subtitle": event.title,
        "header_icon": "group",
        **extra,
    }
