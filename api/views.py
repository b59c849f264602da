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
from api import selectors, services, webhooks
from api.errors import ApiError
from api.forms import ApiTokenForm, WebhookEndpointForm
from api.models import ApiToken, WebhookDelivery, WebhookEndpoint


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


def _page(request, agency, *, form=None, webhook_form=None, **shown):
    """The page, with the secret just created (token or webhook) if any."""
    form = form or ApiTokenForm()
    webhook_form = webhook_form or WebhookEndpointForm()
    return render(
        request,
        "api/token_list.html",
        {
            "agency": agency,
            "form": form,
            "webhook_form": webhook_form,
            "tokens": selectors.agency_tokens(agency),
            "calls": selectors.agency_calls(agency),
            "endpoints": selectors.agency_webhook_endpoints(agency),
            "deliveries": selectors.agency_webhook_deliveries(agency),
            **shown,
        },
        status=400 if form.errors or webhook_form.errors else 200,
    )


@never_cache
@requires_mfa
@login_required
def token_list(request, slug):
    agency = _coordinated_agency(request, slug)
    if request.method != "POST":
        return _page(request, agency)
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, secret = services.token_create(
                agency=agency,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
                by=request.user,
            )
        except ApiError as error:
            form.add_error(None, error.message)
        else:
            return _page(request, agency, secret=secret)
    return _page(request, agency, form=form)


@never_cache
@requires_mfa
@login_required
@require_POST
def webhook_create(request, slug):
    agency = _coordinated_agency(request, slug)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint = webhooks.endpoint_create(
                agency=agency,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except ApiError as error:
            form.add_error("url", error.message)
        else:
            return _page(request, agency, webhook_secret=endpoint.secret)
    return _page(request, agency, webhook_form=form)


@requires_mfa
@login_required
@require_POST
def webhook_remove(request, slug, pk):
    agency = _coordinated_agency(request, slug)
    endpoint = get_object_or_404(WebhookEndpoint, agency=agency, pk=pk)
    webhooks.endpoint_remove(endpoint=endpoint, by=request.user)
    messages.success(
        request, _("Notices to %(url)s were stopped.") % {"url": endpoint.url}
    )
    return redirect("api_tokens", slug=agency.slug)


@requires_mfa
@login_required
@require_POST
def delivery_resend(request, slug, pk):
    agency = _coordinated_agency(request, slug)
    delivery = get_object_or_404(WebhookDelivery, endpoint__agency=agency, pk=pk)
    webhooks.delivery_resend(delivery=delivery, by=request.user)
    messages.success(request, _("The notice will be sent again."))
    return redirect("api_tokens", slug=agency.slug)


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
