"""Events the agencies app reacts to: sign-ins, sign-ups and new index pages."""

from django.contrib import messages
from django.utils.translation import get_language

from agencies import services
from agencies.models import AgencyScopedPageMixin
from agencies.services import AgencyError

PENDING_INVITATION_SESSION_KEY = "agencies_pending_invitation"


def accept_pending_invitation(sender, request, user, **kwargs):
    """Accept the invitation the person opened before signing up or in."""
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
    if not token:
        return
    try:
        membership = services.invitation_accept(token=token, user=user)
    except AgencyError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            services.invitation_accepted_message(membership),
        )


def create_profile(sender, request, user, **kwargs):
    """Start the profile in the language the person signed up in."""
    language = (get_language() or "es")[:2]
    services.profile_update(user=user, preferred_language=language)


def grant_editors_new_index(sender, instance, **kwargs):
    """Editors may add agency pages under an index published after their group.

    Connected to page_published, so indexes made by load_demo or in the admin
    both count (the admin's after_create_page hook also covers drafts).
    """
    page_class = instance.specific_class or type(instance)
    if any(
        issubclass(child, AgencyScopedPageMixin)
        for child in page_class.creatable_subpage_models()
    ):
        services.agency_editors_group_ensure()
