"""Webhooks: signed notices of an agency's events to the addresses its
coordinators registered, delivered by the task worker with retries and backoff
(core.effects), each attempt recorded on the delivery.

Each delivery is a POST of a JSON body with the headers `X-Portal-Event`,
`X-Portal-Delivery` and `X-Portal-Signature: t=<unix time>,v1=<hex>`, where
`v1` is HMAC-SHA256 with the endpoint's secret over `<t>.<body>`. A receiver
recomputes it and refuses a `t` older than REPLAY_WINDOW (`signature_valid`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import permissions
from agencies.models import Agency
from api.errors import ApiError
from api.models import WebhookDelivery, WebhookEndpoint
from core.effects import effect, enqueue_after_commit

logger = logging.getLogger(__name__)

REPLAY_WINDOW = 300  # seconds
TIMEOUT = 10  # seconds per attempt


class DeliveryFailed(Exception):
    """The endpoint did not answer 2xx: the effect is retried."""


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_valid(
    secret: str, body: bytes, header: str, *, now: float | None = None
) -> bool:
    """What a receiver checks: the signature, and a timestamp within the window."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > REPLAY_WINDOW:
        return False
    return hmac.compare_digest(sign(secret, body, timestamp), header)


def endpoint_create(
    *, agency: Agency, url: str, events: Iterable[str], by
) -> WebhookEndpoint:
    if not permissions.user_can_manage_members(by, agency):
        raise ApiError(
            _("Only the coordinators of %(agency)s manage its webhooks.")
            % {"agency": agency},
            status=403,
            code="forbidden",
        )
    scheme = urlsplit(url).scheme
    if scheme != "https" and not (
        scheme == "http" and settings.WEBHOOKS_ALLOW_PLAIN_HTTP
    ):
        raise ApiError(_("The address must start with https://."), code="https")
    events = sorted(set(events))
    if not events or not set(events) <= set(WebhookEndpoint.Event.values):
        raise ApiError(_("Choose at least one event."), code="events")
    return WebhookEndpoint.objects.create(
        agency=agency,
        url=url,
        events=events,
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=by,
    )


def endpoint_remove(*, endpoint: WebhookEndpoint, by) -> None:
    if not permissions.user_can_manage_members(by, endpoint.agency_id):
        raise ApiError(
            _("Only the coordinators of %(agency)s manage its webhooks.")
            % {"agency": endpoint.agency},
            status=403,
            code="forbidden",
        )
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])


def notify(*, agency_ids: Iterable[int], event: str, payload: dict) -> list:
    """Record a delivery of `event` for each active endpoint of these agencies
    subscribed to it; the worker sends them once the transaction commits."""
    deliveries = []
    endpoints = WebhookEndpoint.objects.filter(
        agency_id__in=set(agency_ids), is_active=True
    )
    body = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    for endpoint in endpoints:
        if event not in endpoint.events:
            continue
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, payload=body
        )
        enqueue_after_commit(deliver, delivery_id=delivery.pk)
        deliveries.append(delivery)
    return deliveries


def delivery_resend(*, delivery: WebhookDelivery, by) -> None:
    if not permissions.user_can_manage_members(by, delivery.endpoint.agency_id):
        raise ApiError(
            _("Only the coordinators of %(agency)s manage its webhooks.")
            % {"agency": delivery.endpoint.agency},
            status=403,
            code="forbidden",
        )
    with transaction.atomic():
        enqueue_after_commit(deliver, delivery_id=delivery.pk)


@effect
def deliver(*, delivery_id: int) -> None:
    """One attempt: POST the signed body; anything but 2xx raises (retried)."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    body = json.dumps(
        {
            "id": delivery.pk,
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked on create)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "portal-webhooks/1",
            "X-Portal-Event": delivery.event,
            "X-Portal-Delivery": str(delivery.pk),
            "X-Portal-Signature": sign(endpoint.secret, body, int(time.time())),
        },
    )
    status, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as failure:
        status = failure.code
    except (urllib.error.URLError, OSError) as failure:
        error = str(failure)[:300]
    delivered = status is not None and 200 <= status < 300
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts + 1,
        response_status=status,
        error=error,
        delivered_at=timezone.now() if delivered else None,
    )
    if not delivered:
        raise DeliveryFailed(f"{endpoint.url} answered {status or error}")


# --- Receivers of the domain signals ---------------------------------------------


def _notify_safely(**kwargs) -> None:
    """Publishing a training or changing a registration must never fail
    because of a webhook: a failure to record one is logged."""
    try:
        notify(**kwargs)
    except Exception:
        logger.exception("Could not record the webhook %s", kwargs.get("event"))


def on_training_published(sender, *, event, previous=None, **kwargs) -> None:
    _notify_safely(
        agency_ids=event.organizing_agency_ids(),
        event=WebhookEndpoint.Event.TRAINING_PUBLISHED,
        payload=_training(event),
    )


def on_training_changed(sender, *, event, previous=None, **kwargs) -> None:
    _notify_safely(
        agency_ids=event.organizing_agency_ids(),
        event=WebhookEndpoint.Event.TRAINING_CHANGED,
        payload=_training(event),
    )


def on_registration_status_changed(
    sender, *, registration, previous=None, **kwargs
) -> None:
    kind = (
        WebhookEndpoint.Event.REGISTRATION_CREATED
        if previous is None
        else WebhookEndpoint.Event.REGISTRATION_STATUS_CHANGED
    )
    _notify_safely(
        agency_ids=registration.event.organizing_agency_ids(),
        event=kind,
        payload={
            "registration_id": registration.pk,
            "training_id": registration.event_id,
            "status": registration.status,
            "previous_status": previous,
        },
    )


def _training(event) -> dict:
    return {
        "training_id": event.pk,
        "language": event.locale.language_code,
        "title": event.title,
        "start": event.start,
        "end": event.end,
        "status": event.status,
    }
