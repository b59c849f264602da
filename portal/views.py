"""Views that belong to no app: health check, the friendly error pages, and the
rate limit in front of Wagtail's password forms (pages and document collections)."""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as wagtaildocs_serve


def health(request):
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: whatever broke may be what they need.
    return HttpResponse(get_template("500.html").render(), status=500)


def _password_attempt_allowed(request, *, restriction: str) -> bool:
    """Count a password submitted for a view restriction, per client address and
    per restriction (settings.VIEW_RESTRICTION_RATE_LIMITS); False once over a limit."""
    usage = ratelimit.consume(
        request,
        app="portal",
        action="password_view",
        config={"password_view": settings.VIEW_RESTRICTION_RATE_LIMITS},
        key=restriction,
    )
    return usage is not None


def _too_many_password_attempts(request):
    message = _(
        "Too many wrong passwords for this content, from your connection or from "
        "everyone together. Wait a few minutes and try again."
    )
    return render(request, "429.html", {"message": message}, status=429)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's page password form, behind a rate limit."""
    if not _password_attempt_allowed(
        request, restriction=f"page:{page_view_restriction_id}"
    ):
        return _too_many_password_attempts(request)
    return wagtail_views.authenticate_with_password(
        request, page_view_restriction_id, page_id
    )


def authenticate_with_document_password(request, restriction_id):
    """Wagtail's collection password form (private documents), behind a rate limit."""
    if not _password_attempt_allowed(
        request, restriction=f"collection:{restriction_id}"
    ):
        return _too_many_password_attempts(request)
    return wagtaildocs_serve.authenticate_with_password(request, restriction_id)
