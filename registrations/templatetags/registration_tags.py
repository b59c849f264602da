"""Template tags the events app's templates load to show registrations: the box
on the training page and the counts of the coordination calendar."""

from django import template
from django.contrib.auth.models import AnonymousUser

from registrations import selectors

register = template.Library()


@register.inclusion_tag(
    "registrations/includes/registration_box.html", takes_context=True
)
def registration_box(context, page):
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "registration_box": selectors.registration_box(page=page, user=user),
        "request": request,
    }


@register.inclusion_tag("registrations/includes/registration_counts.html")
def registration_counts(event):
    """A training's registrations by status, from the annotations the
    coordination calendar's query carries (registrations.receivers)."""
    return {"event": event}
