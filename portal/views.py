"""Views that belong to no app: health check, the friendly error pages, and the
rate limit in front of Wagtail's password forms (pages and document collections)."""

import asyncio
import logging

from allauth.core.internal import ratelimit
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as wagtaildocs_serve
from wagtail.models import Locale, Page

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT = 2.0


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    if hasattr(cache, "ping"):
        cache.ping()
        return
    cache.set("healthz:probe", "1", 10)
    if cache.get("healthz:probe") != "1":
        raise RuntimeError("the cache did not keep a value")


async def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None or "CONFIG" not in settings.CHANNEL_LAYERS.get("default", {}):
        return  # the in-memory layer lives in this process
    # A publish on the pub/sub layer leaves nothing behind.
    await layer.send(f"{settings.CHANNELS_PREFIX}.healthz", {"type": "healthz"})


def _check_tasks() -> None:
    from django_tasks import task_backends

    for backend in task_backends.all():
        if type(backend).__module__.startswith("django_tasks_db"):
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
        else:
            errors = [m for m in backend.check() if m.is_serious()]
            if errors:
                raise RuntimeError(errors[0].msg)


async def _probe(name: str, check) -> dict:
    try:
        await asyncio.wait_for(check(), HEALTH_TIMEOUT)
    except Exception as error:
        logger.warning("Health check: %s is down (%r)", name, error)
        # The kind of error only: the details (hosts, ports) are for the logs.
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok"}


async def health(request):
    """Each dependency's state as JSON; 503 when any is down, so a load balancer
    or an operator sees the fault while the pages keep serving."""
    checks = {
        "database": sync_to_async(_check_database),
        "cache": sync_to_async(_check_cache),
        "channel_layer": _check_channel_layer,
    }
    if getattr(settings, "TASKS", None):
        checks["tasks"] = sync_to_async(_check_tasks)
    results = {name: await _probe(name, check) for name, check in checks.items()}
    healthy = all(result["status"] == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": results},
        status=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )


def not_translated(request, page_id: int):
    """Where the language switch leads when a page has no translation in the
    language of the URL: says so, and links to the page in its own language."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    translation = (
        page.get_translations().live().filter(locale=Locale.get_active()).first()
    )
    if translation is not None:
        return redirect(translation.get_url(request=request))
    return render(
        request,
        "not_translated.html",
        {"original": page, "switcher_page": page},
    )


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
