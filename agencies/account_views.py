"""Views of a person's own account: "My account", data download and deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencies import selectors, services
from agencies.adapters import home_url
from agencies.forms import AccountDeleteForm, ParticipantProfileForm
from agencies.services import AgencyError


@never_cache
@login_required
def profile(request):
    """Show and edit the participant profile, with links to the account pages."""
    profile = services.profile_get_or_create(user=request.user)
    form = ParticipantProfileForm(
        request.POST if request.method == "POST" else None, instance=profile
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                user=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except AgencyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "agencies/participant_profile.html",
        {
            "form": form,
            "memberships": selectors.user_memberships(request.user),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_POST
def export(request):
    """Download everything the portal holds on the person, as a JSON file."""
    data = services.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"portal-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete(request):
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except AgencyError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            # The home page in the language of the deletion page, not "/"
            # (which would follow the browser's language).
            return redirect(home_url())
    return render(
        request,
        "agencies/account_delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
