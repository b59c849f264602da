"""The coordinators' partner calendars page of an agency: subscribe the shared
calendar to an outside ICS feed, stop a subscription, see each feed's last
fetch and last error (events.calendar_import)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencies import permissions
from agencies.middleware import requires_mfa
from agencies.models import Agency
from events import calendar_import
from events.models import CalendarSubscription
from events.services import EventError


class SubscriptionForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address of the ICS feed"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "An https:// address of an iCalendar feed; its events become trainings "
            "of the agency, refreshed every few hours."
        ),
    )


def coordinator_link(*, agency: Agency) -> tuple[str, str]:
    """The link on the agency's members page (agencies.hooks.coordinator_pages)."""
    return _("Partner calendars"), reverse(
        "calendar_subscriptions", kwargs={"slug": agency.slug}
    )


def _coordinated_agency(request, slug) -> Agency:
    agency = get_object_or_404(Agency, slug=slug, is_active=True)
    if not permissions.user_can_manage_members(request.user, agency):
        raise PermissionDenied(
            _("Only the coordinators of %(agency)s manage its calendar subscriptions.")
            % {"agency": agency}
        )
    return agency


@never_cache
@requires_mfa
@login_required
def subscription_list(request, slug):
    agency = _coordinated_agency(request, slug)
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_import.subscription_create(
                agency=agency, url=form.cleaned_data["url"], by=request.user
            )
        except EventError as error:
            form.add_error("url", error.message)
        else:
            messages.success(
                request,
                _("The calendar will be read shortly; come back to see the result."),
            )
            return redirect("calendar_subscriptions", slug=agency.slug)
    subscriptions = CalendarSubscription.objects.filter(
        agency=agency, is_active=True
    ).order_by("-created_at")
    return render(
        request,
        "events/calendar_subscriptions.html",
        {"agency": agency, "form": form, "subscriptions": subscriptions},
        status=400 if form.errors else 200,
    )


@requires_mfa
@login_required
@require_POST
def subscription_remove(request, slug, pk):
    agency = _coordinated_agency(request, slug)
    subscription = get_object_or_404(
        CalendarSubscription, agency=agency, pk=pk, is_active=True
    )
    calendar_import.subscription_remove(subscription=subscription, by=request.user)
    messages.success(
        request,
        _("The calendar %(url)s is no longer read.") % {"url": subscription.url},
    )
    return redirect("calendar_subscriptions", slug=agency.slug)
