"""Account events the agencies app reacts to: pending invitations, new profiles."""

from django.contrib import messages
from django.utils.translation import get_language

from agencies import services
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
