"""Admin gatekeeping: members with staff capabilities enrol in MFA before any staff
view, and a clear refusal on other agencies' pages."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.localization import get_localized_response
from wagtail.models import Page

from agencies import permissions, selectors
from agencies.models import AgencyScopedPageMixin


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


def requires_mfa(view):
    """Mark a view outside the admin as a staff capability (managing members,
    invitations, …): the MFA gate below applies to it as to the admin."""
    view.requires_mfa = True
    return view


class AdminLanguageMiddleware:
    """The admin speaks the member's portal language, not the browser's.

    Wagtail speaks a member's own admin preference when they set one (their
    Wagtail account page); otherwise the request's language, which on /admin/
    (no language prefix) would follow the browser's Accept-Language: a
    Spanish-speaking editor with an English browser got an English admin.
    Must come after the locale and authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(reverse("wagtailadmin_home"))
        ):
            language = selectors.admin_language(user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


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


# Admin page views (wagtailadmin_pages namespace) where a member who is not an
# organizer is told who organizes the page instead of landing on the dashboard.
REFUSAL_EXPLAINED_VIEWS = frozenset(
    {
        "edit",
        "delete",
        "unpublish",
        "history",
        "view_draft",
        "preview_on_edit",
        "revisions_index",
        "revisions_view",
        "revisions_compare",
        "revisions_revert",
        "copy",
        "move",
        "lock",
        "unlock",
    }
)


class AgencyPageRefusalMiddleware:
    """Explain a refused agency page: who organizes it and whom to ask.

    Wagtail answers a refused page action with "Sorry, you do not have
    permission to access this area." on the dashboard; for pages scoped to
    agencies, members who act for none of the organizers get instead a 403 page,
    in their language, naming the organizing agencies and their coordinators'
    addresses. Must come after the authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "wagtailadmin_pages":
            return None
        if match.url_name not in REFUSAL_EXPLAINED_VIEWS:
            return None
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.is_active
            or user.is_superuser
            or not user.has_perm("wagtailadmin.access_admin")
        ):
            return None
        page_id = view_kwargs.get("page_id")
        # A page the member may not even see (another agency's draft or private
        # page) is not explained: the admin scope refuses it without a word.
        if page_id is None or not permissions.user_may_see_pages(
            user, [page_id], public=True
        ):
            return None
        page = self._scoped_page(page_id)
        if page is None or page.permissions_for_user(user).can_edit():
            return None
        return get_localized_response(self._refusal, request, page)

    @staticmethod
    def _scoped_page(page_id):
        if page_id is None:
            return None
        page = Page.objects.filter(pk=page_id).first()
        if page is None or page.specific_class is None:
            return None
        if not issubclass(page.specific_class, AgencyScopedPageMixin):
            return None
        return page.specific.get_latest_revision_as_object()

    @staticmethod
    def _refusal(request, page):
        return render(
            request,
            "agencies/admin/page_refused.html",
            {
                "page": page,
                "organizers": selectors.organizer_contacts(
                    page.organizing_agency_ids()
                ),
                "page_title": _("You cannot edit this page"),
            },
            status=403,
        )
