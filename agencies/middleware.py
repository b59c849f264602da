"""Keeps members with staff capabilities out of staff views until they enrol in MFA."""

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


def requires_mfa(view):
    """Mark a view outside the admin as a staff capability (managing members,
    invitations, …): the MFA gate below applies to it as to the admin."""
    view.requires_mfa = True
    return view


class AdminRequiresMFAMiddleware:
    """Redirect editors, coordinators, superusers and anyone a Wagtail group lets
    into the admin, while they have no TOTP, to enrolment.

    Applies to the Wagtail admin and to the views marked with `requires_mfa`
    (settings.ADMIN_REQUIRES_MFA); the rest of the public site stays open to them.
    Must come after the authentication and message middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._must_enrol(request, view_func):
            return None
        messages.warning(
            request,
            _(
                "Your account can edit content: set up two-factor "
                "authentication before you open the editors' area."
            ),
        )
        url = reverse("mfa_activate_totp")
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")

    def _must_enrol(self, request, view_func) -> bool:
        if not getattr(settings, "ADMIN_REQUIRES_MFA", True):
            return False
        in_admin = request.path.startswith(reverse("wagtailadmin_home"))
        if not (in_admin or getattr(view_func, "requires_mfa", False)):
            return False
        if request.path == reverse("wagtailadmin_logout"):
            return False
        user = getattr(request, "user", None)
        if not permissions.user_has_editing_rights(user):
            return False
        return not _has_totp(user)
