"""Keeps members with editing rights out of the admin until they enrol in MFA."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agencies import permissions


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class AdminRequiresMFAMiddleware:
    """Redirect editors, coordinators and superusers without TOTP to enrolment.

    Applies to the Wagtail admin only (settings.ADMIN_REQUIRES_MFA); the public
    site stays open to them. Must come after the authentication and message
    middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            messages.warning(
                request,
                _(
                    "Your account can edit content: set up two-factor "
                    "authentication before you open the editors' area."
                ),
            )
            url = reverse("mfa_activate_totp")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_enrol(self, request) -> bool:
        if not getattr(settings, "ADMIN_REQUIRES_MFA", True):
            return False
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return False
        if request.path == reverse("wagtailadmin_logout"):
            return False
        user = getattr(request, "user", None)
        if not permissions.user_has_editing_rights(user):
            return False
        return not _has_totp(user)
