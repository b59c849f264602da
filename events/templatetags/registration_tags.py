"""Template tags of the registration workflow: the box on the training page."""

from django import template

from events import selectors

register = template.Library()


@register.inclusion_tag("events/includes/registration_box.html", takes_context=True)
def registration_box(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return {
        "registration_box": selectors.registration_box(page=page, user=user),
        "request": request,
    }
