"""Webhooks delivered to a real HTTP server on loopback: signed (HMAC-SHA256 over
the timestamp and body), retried after a 500, each attempt recorded; publishing a
training notifies its organizers' endpoints only."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import TestCase, override_settings

from api import webhooks
from api.errors import ApiError
from api.models import WebhookDelivery, WebhookEndpoint
from tests.api.world import build_world, soon
from tests.events.factories import EventPageFactory


class Receiver:
    """A loopback server answering 500 to the first POST and 200 afterwards."""

    def __init__(self):
        self.received = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(500 if len(received) == 1 else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@override_settings(WEBHOOKS_ALLOW_PLAIN_HTTP=True)
class WebhookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def endpoint(self, url, agency=None, coordinator=None):
        return webhooks.endpoint_create(
            agency=agency or self.world.agency_a,
            url=url,
            events=["registration.created", "training.published"],
            by=coordinator or self.world.coordinator_a,
        )

    def test_signed_delivery_answered_500_then_retried(self):
        with Receiver() as receiver:
            endpoint = self.endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                (delivery,) = webhooks.notify(
                    agency_ids=[self.world.agency_a.pk],
                    event="registration.created",
                    payload={"registration_id": 7},
                )
        assert len(receiver.received) == 2  # the 500, then the retry
        for headers, body in receiver.received:
            signature = headers["X-Portal-Signature"]
            assert webhooks.signature_valid(endpoint.secret, body, signature)
            assert not webhooks.signature_valid("whsec_other", body, signature)
            assert not webhooks.signature_valid(endpoint.secret, body + b" ", signature)
            assert headers["X-Portal-Event"] == "registration.created"
            assert json.loads(body)["data"] == {"registration_id": 7}
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        assert delivery.response_status == 200
        assert delivery.delivered_at is not None

    def test_an_old_timestamp_is_refused(self):
        body = b"{}"
        header = webhooks.sign("whsec_x", body, 1_000_000)
        assert webhooks.signature_valid("whsec_x", body, header, now=1_000_100)
        assert not webhooks.signature_valid(
            "whsec_x", body, header, now=1_000_000 + webhooks.REPLAY_WINDOW + 1
        )

    def test_publishing_a_training_notifies_its_organizers_only(self):
        mine = self.endpoint("http://127.0.0.1:9/unused")
        other = self.endpoint(
            "http://127.0.0.1:9/other",
            agency=self.world.agency_b,
            coordinator=self.world.coordinator_b,
        )
        WebhookEndpoint.objects.filter(pk__in=[mine.pk, other.pk]).update(
            is_active=True
        )
        EventPageFactory(
            parent=self.world.calendars["es"],
            title="Nuevo taller de A",
            lead_agency=self.world.agency_a,
            days=[(soon(50), soon(50, 12))],
        )
        deliveries = WebhookDelivery.objects.filter(event="training.published")
        assert [d.endpoint_id for d in deliveries] == [mine.pk]
        assert deliveries[0].payload["title"] == "Nuevo taller de A"

    def test_only_https_and_only_coordinators(self):
        with (
            override_settings(WEBHOOKS_ALLOW_PLAIN_HTTP=False),
            self.assertRaises(ApiError),
        ):
            self.endpoint("http://example.org/hook")
        with self.assertRaises(ApiError):
            self.endpoint("https://example.org/hook", coordinator=self.world.editor_a)


@override_settings(WEBHOOKS_ALLOW_PLAIN_HTTP=True)
class WebhookPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_coordinator_adds_an_address_sees_the_log_and_resends(self):
        self.client.force_login(self.world.coordinator_a)
        page = "/es/agencies/agencia-a/api-tokens/"
        with Receiver() as receiver:
            response = self.client.post(
                f"{page}webhooks/",
                {"url": receiver.url, "events": ["registration.created"]},
            )
            assert response.status_code == 200
            endpoint = WebhookEndpoint.objects.get(agency=self.world.agency_a)
            assert endpoint.secret in response.content.decode()
            with self.captureOnCommitCallbacks(execute=True):
                (delivery,) = webhooks.notify(
                    agency_ids=[self.world.agency_a.pk],
                    event="registration.created",
                    payload={"registration_id": 1},
                )
            log = self.client.get(page).content.decode()
            assert endpoint.secret not in log
            assert "registration.created" in log
            with self.captureOnCommitCallbacks(execute=True):
                resent = self.client.post(f"{page}deliveries/{delivery.pk}/resend/")
            assert resent.status_code == 302
        assert len(receiver.received) == 3  # 500, retry 200, re-sent 200
        delivery.refresh_from_db()
        assert delivery.attempts == 3 and delivery.response_status == 200

    def test_another_agencys_coordinator_cannot_resend_or_see(self):
        self.client.force_login(self.world.coordinator_b)
        response = self.client.post(
            "/es/agencies/agencia-a/api-tokens/webhooks/",
            {"url": "https://example.org/x", "events": ["training.published"]},
        )
        assert response.status_code == 403
        assert not WebhookEndpoint.objects.exists()
