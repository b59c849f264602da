"""Template tags the events app's templates load to show registrations: the box
on the training page and the counts of the coordination calendar; and the
training's title as the registrations' own pages name it."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import get_language

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


@register.simple_tag
def training_title(event) -> str:
    """`{% training_title event as title %}`: the training's title in the active
    language, or its source's followed by "(Available only in Spanish)"
    (events.emails.training_title), never silently in the other language."""
    return selectors.training_title(event, get_language())
