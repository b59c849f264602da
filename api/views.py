"""The coordinators' API tokens page of an agency: create (the secret shown
once), revoke, and the latest calls made with the agency's tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencies import permissions
from agencies.middleware import requires_mfa
from agencies.models import Agency
from api import selectors, services
from api.errors import ApiError
from api.forms import ApiTokenForm
from api.models import ApiToken


def coordinator_link(*, agency: Agency) -> tuple[str, str]:
    """The link on the agency's members page (agencies.hooks.coordinator_pages)."""
    return _("API tokens"), reverse("api_tokens", kwargs={"slug": agency.slug})


def _coordinated_agency(request, slug) -> Agency:
    agency = get_object_or_404(Agency, slug=slug, is_active=True)
    if not permissions.user_can_manage_members(request.user, agency):
        raise PermissionDenied(
            _("Only the coordinators of %(agency)s manage its API tokens.")
            % {"agency": agency}
        )
    return agency


@never_cache
@requires_mfa
@login_required
def token_list(request, slug):
    agency = _coordinated_agency(request, slug)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(
                agency=agency,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
                by=request.user,
            )
        except ApiError as error:
            form.add_error(None, error.message)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "agency": agency,
            "form": form,
            "secret": secret,
            "tokens": selectors.agency_tokens(agency),
            "calls": selectors.agency_calls(agency),
        },
        status=400 if form.errors else 200,
    )


@requires_mfa
@login_required
@require_POST
def token_revoke(request, slug, pk):
    agency = _coordinated_agency(request, slug)
    token = get_object_or_404(ApiToken, agency=agency, pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” was revoked.") % {"name": token.name}
    )
    return redirect("api_tokens", slug=agency.slug)
