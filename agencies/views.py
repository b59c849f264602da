"""Public views of the agencies app: directory, profiles, members and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from agencies import logos, permissions, selectors, services
from agencies.forms import AgencyLogoForm, InvitationForm, MembershipRoleForm
from agencies.hooks import coordinator_pages
from agencies.middleware import requires_mfa
from agencies.models import Agency, Invitation, Membership
from agencies.services import AgencyError
from agencies.signals import PENDING_INVITATION_SESSION_KEY
from core.cache import TIMEOUT as CACHE_TIMEOUT
from core.cache import collecting_dependencies, seconds_until, share_with_anonymous
from core.pagination import paginate


def agency_list(request):
    filters = selectors.DirectoryFilters.from_query(request.GET)
    agencies = paginate(request, selectors.agencies_for_directory(filters))
    return render(
        request,
        "agencies/agency_list.html",
        {"agencies": agencies, "filters": filters, "kinds": Agency.Kind.choices},
    )


def agency_detail(request, slug):
    agency = selectors.agency_by_slug(slug)
    if agency is None:
        raise Http404
    locale = Locale.get_active()
    with collecting_dependencies() as found:
        response = render(
            request,
            "agencies/agency_detail.html",
            {
                "agency": agency,
                **selectors.agency_profile_listings(agency=agency, locale=locale),
                "can_manage_members": permissions.user_can_manage_members(
                    request.user, agency
                ),
            },
        )
    # Every visitor without a session sees the same profile, until a seat of
    # one of its trainings is taken or freed (the cards count them).
    return share_with_anonymous(
        response,
        depends_on=found.keys,
        timeout=seconds_until(found.moments, limit=CACHE_TIMEOUT),
    )


def _managed_agency(request, slug) -> Agency:
    agency = get_object_or_404(Agency, slug=slug, is_active=True)
    if not permissions.user_can_manage_members(request.user, agency):
        # Shown by 403.html in the reader's language (not the bare default).
        raise PermissionDenied(
            _(
                "Only the coordinators of %(agency)s manage its members: ask them to "
                "invite you, or to change your role."
            )
            % {"agency": agency}
        )
    return agency


@requires_mfa
@login_required
def membership_list(request, slug):
    """The agency's members and invitations; coordinators invite from here."""
    agency = _managed_agency(request, slug)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(
                agency=agency,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
        except AgencyError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("agencies:members", slug=agency.slug)
    memberships = selectors.agency_memberships(agency)
    return render(
        request,
        "agencies/membership_list.html",
        {
            "agency": agency,
            "form": form,
            "memberships": [
                (membership, MembershipRoleForm(initial={"role": membership.role}))
                for membership in memberships
            ],
            "invitations": selectors.agency_pending_invitations(agency),
            "coordinator_links": coordinator_pages.read(agency=agency).values(),
            "membership_log": selectors.agency_membership_log(agency),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@requires_mfa
@login_required
def agency_logo(request, slug):
    """The agency's logo: its coordinators upload a new one or remove it."""
    agency = _managed_agency(request, slug)
    form = AgencyLogoForm()
    if request.method == "POST":
        if "remove" in request.POST:
            logos.agency_logo_remove(agency=agency, by=request.user)
            messages.success(request, _("The logo was removed."))
            return redirect("agencies:logo", slug=agency.slug)
        form = AgencyLogoForm(request.POST, request.FILES)
        if form.is_valid():
            logos.agency_logo_set(
                agency=agency, image_file=form.cleaned_data["logo"], by=request.user
            )
            messages.success(request, _("The new logo is on the agency's pages."))
            return redirect("agencies:logo", slug=agency.slug)
    return render(
        request,
        "agencies/agency_logo.html",
        {"agency": agency, "form": form},
        status=400 if form.errors else 200,
    )


@requires_mfa
@login_required
@require_POST
def membership_update(request, slug, pk):
    """Change a member's role; the "remove" button leads to the confirmation."""
    agency = _managed_agency(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "agency"), pk=pk, agency=agency
    )
    if "remove" in request.POST:
        # Removing always goes through the confirmation page.
        return redirect(
            "agencies:membership_remove", slug=agency.slug, pk=membership.pk
        )
    try:
        form = MembershipRoleForm(request.POST)
        if not form.is_valid():
            raise AgencyError(_("Choose a valid role."))
        services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(request, _("Role updated."))
    except AgencyError as error:
        messages.error(request, error.message)
    return redirect("agencies:members", slug=agency.slug)


@login_required
def membership_remove(request, slug, pk):
    """Ask before removing a member (a plain form: no JavaScript needed)."""
    agency = _managed_agency(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "agency"), pk=pk, agency=agency
    )
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=request.user)
        except AgencyError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                _("%(email)s is no longer a member.")
                % {"email": membership.user.email},
            )
            return redirect("agencies:members", slug=agency.slug)
    return render(
        request,
        "agencies/membership_remove.html",
        {"agency": agency, "membership": membership, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def invitation_manage(request, slug, pk):
    """Withdraw a pending invitation ("revoke") or send it again ("resend")."""
    agency = _managed_agency(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, agency=agency)
    try:
        if "revoke" in request.POST:
            services.invitation_revoke(invitation=invitation, by=request.user)
            messages.success(
                request,
                _(
                    "The invitation of %(email)s was withdrawn: its link no longer "
                    "works."
                )
                % {"email": invitation.email},
            )
        else:
            services.invitation_resend(
                invitation=invitation,
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
            messages.success(
                request,
                _("Invitation sent again to %(email)s, with a new link.")
                % {"email": invitation.email},
            )
    except AgencyError as error:
        messages.error(request, error.message)
    return redirect("agencies:members", slug=agency.slug)


def invitation_detail(request, token):
    """Where the invitation link lands: accept it, or sign in / up first."""
    try:
        invitation = services.invitation_for_token(token)
    except AgencyError as error:
        return render(
            request,
            "agencies/invitation_detail.html",
            {"error": error.message},
            status=410 if error.code != "invitation_unknown" else 404,
        )
    if not request.user.is_authenticated:
        # Kept so that accepting happens right after sign-up (once the address is
        # verified) or log-in, even if the "next" link gets lost on the way.
        request.session[PENDING_INVITATION_SESSION_KEY] = token
        next_query = urlencode({"next": request.path})
        return render(
            request,
            "agencies/invitation_detail.html",
            {
                "invitation": invitation,
                "login_url": reverse("account_login") + f"?{next_query}",
                "signup_url": reverse("account_signup") + f"?{next_query}",
            },
        )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except AgencyError as error:
            return render(
                request,
                "agencies/invitation_detail.html",
                {"invitation": invitation, "error": error.message},
                status=400,
            )
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        messages.success(request, services.invitation_accepted_message(membership))
        return redirect("agencies:detail", slug=membership.agency.slug)
    return render(
        request, "agencies/invitation_detail.html", {"invitation": invitation}
    )
