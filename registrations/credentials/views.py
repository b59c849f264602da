"""Public credential routes: the issuer's did:web document, the revocation status
list (both unprefixed) and a certificate's credential (with the verification
page, under the language prefix); the organizers' revocation page."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from events.selectors import event_has_ended
from registrations import selectors, services
from registrations.admin_access import admin_context, managed_event
from registrations.credentials import issue, keys
from registrations.credentials.revoke import certificate_revoke
from registrations.models import Certificate
from registrations.services import RegistrationError

JSON_LD = "application/ld+json"


def _json(document: dict, *, content_type: str = JSON_LD, filename: str = ""):
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{content_type}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _did(request) -> str:
    return keys.did_for_host(request.get_host())


def _status_url(request) -> str:
    return request.build_absolute_uri(reverse("credentials_status"))


@require_GET
def did_json(request):
    """did:web:<host> resolves to https://<host>/.well-known/did.json."""
    return _json(keys.did_document(_did(request)), content_type="application/json")


@require_GET
def status_list(request):
    response = _json(
        issue.revocation_list_credential(
            did=_did(request), status_url=_status_url(request)
        ),
        content_type="application/vc+ld+json",
    )
    # Revocations show within a minute, yet a crowd of verifiers costs one signature.
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def credential(request, code: str):
    found = selectors.certificate_by_code(code=code)
    if found is None or found.code != code:
        raise Http404
    event = found.registration.event
    document = issue.certificate_credential(
        certificate=found,
        did=_did(request),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        credential_url=request.build_absolute_uri(),
        status_url=_status_url(request),
        training_url=request.build_absolute_uri(event.url or "/"),
    )
    return _json(
        document,
        content_type="application/vc+ld+json",
        filename=f"credential-{found.code}.json",
    )


def _certificates_action(request, event, listed):
    """One staff action from the list: issue in bulk, resend, or revoke."""
    action = request.POST.get("action", "revoke")
    if action == "issue":
        issued = services.certificates_issue_bulk(event=event, by=request.user)
        return ngettext(
            "%(count)s certificate issued and e-mailed to its holder.",
            "%(count)s certificates issued and e-mailed to their holders.",
            len(issued),
        ) % {"count": len(issued)}
    chosen = get_object_or_404(listed, pk=request.POST.get("certificate", "0"))
    if action == "resend":
        services.certificate_resend(certificate=chosen, by=request.user)
        return _("Certificate %(code)s sent again to its holder.") % {
            "code": chosen.code
        }
    certificate_revoke(
        certificate=chosen, by=request.user, reason=request.POST.get("reason", "")
    )
    return _("Certificate %(code)s is revoked.") % {"code": chosen.code}


def certificates(request, event_id: int):
    """The training's certificates: staff issue them in bulk to those who met the
    rule, send one again, or revoke one with a reason."""
    event = managed_event(request, event_id)
    listed = (
        Certificate.objects.filter(registration__event=event)
        .select_related("registration__event")
        .prefetch_related("registration__sessions")
        .order_by("holder_name", "pk")
    )
    status = 200
    if request.method == "POST":
        try:
            done = _certificates_action(request, event, listed)
        except RegistrationError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, done)
            return redirect("registrations_admin:certificates", event_id=event.pk)
    rows = list(listed)
    for certificate in rows:
        certificate.record = selectors.attendance_record(
            registration=certificate.registration
        )
    return TemplateResponse(
        request,
        "registrations/admin/certificates.html",
        admin_context(
            event,
            certificates=rows,
            eligible=selectors.certificate_candidates(event=event),
            has_ended=event_has_ended(event),
        ),
        status=status,
    )
