"""Agency API tokens in the permission matrix: a token reads and writes only for
its own agency, with its scope; revoked, expired and unknown tokens are refused;
every call is logged under the token's name; each token is rate-limited."""

import datetime

import pytest
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Page

from api import services
from api.errors import ApiError
from api.models import ApiCall, ApiToken
from events.models import EventPage
from home.models import NewsPage
from tests.api.world import build_world, soon

# token × action → expected status. "a_*" tokens belong to agency A.
MATRIX = [
    ("a_read", "read_a", 200),
    ("a_read", "read_b", 200),  # answers, but lists nothing of B (checked below)
    ("a_read", "write_a", 403),
    ("a_write", "write_a", 201),
    ("a_write", "write_b", 403),
    ("a_write", "news_b", 403),
    ("b_write", "write_a", 403),
    ("a_revoked", "read_a", 401),
    ("a_expired", "read_a", 401),
    ("unknown", "read_a", 401),
    ("none", "read_a", 401),
]


class ApiTokenPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def call(self, token_key: str, action: str):
        world = self.world
        headers = {}
        if token_key == "unknown":
            headers["Authorization"] = "Bearer ptk_not-a-token"
        elif token_key != "none":
            headers["Authorization"] = f"Bearer {world.secrets[token_key]}"
        if action == "read_a":
            return self.client.get(
                f"/api/v1/agency/registrations?training={world.training_a.pk}",
                headers=headers,
            )
        if action == "read_b":
            return self.client.get(
                f"/api/v1/agency/registrations?training={world.training_b.pk}",
                headers=headers,
            )
        if action in ("write_a", "write_b"):
            slug = world.agency_a.slug if action == "write_a" else world.agency_b.slug
            return self.client.post(
                "/api/v1/agency/trainings",
                {
                    "agency": slug,
                    "title": f"Borrador {token_key} {action}",
                    "summary": "Resumen",
                    "sessions": [
                        {"start": soon(40).isoformat(), "end": soon(40, 12).isoformat()}
                    ],
                },
                content_type="application/json",
                headers=headers,
            )
        if action == "news_b":
            return self.client.post(
                "/api/v1/agency/news",
                {"agency": world.agency_b.slug, "title": "Nota", "summary": "Resumen"},
                content_type="application/json",
                headers=headers,
            )
        raise AssertionError(action)

    def test_permission_matrix(self):
        outcomes = {
            (token, action): self.call(token, action).status_code
            for token, action, _expected in MATRIX
        }
        expected = {(token, action): status for token, action, status in MATRIX}
        assert outcomes == expected

    def test_a_token_reads_only_its_agencys_registrations(self):
        response = self.call("a_read", "read_a")
        (registration,) = response.json()["results"]
        assert registration["email"] == "persona-a@example.org"
        assert registration["full_name"] == "Persona A"
        assert set(registration) >= {
            "full_name",
            "email",
            "organization",
            "position",
            "status",
            "answers",
        }
        assert self.call("a_read", "read_b").json()["results"] == []
        everything = self.client.get(
            "/api/v1/agency/registrations",
            headers={"Authorization": f"Bearer {self.world.secrets['a_read']}"},
        ).json()["results"]
        assert [item["email"] for item in everything] == ["persona-a@example.org"]

    def test_drafts_are_unpublished_for_the_tokens_agency(self):
        response = self.call("a_write", "write_a")
        assert response.status_code == 201
        page = EventPage.objects.get(pk=response.json()["id"])
        assert page.live is False
        assert page.lead_agency == self.world.agency_a
        assert page.get_latest_revision() is not None
        assert page.sessions.count() == 1
        news = self.client.post(
            "/api/v1/agency/news",
            {"title": "Nota de A", "summary": "Resumen"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.world.secrets['a_write']}"},
        )
        assert news.status_code == 201
        article = NewsPage.objects.get(pk=news.json()["id"])
        assert article.live is False
        assert list(article.agencies.all()) == [self.world.agency_a]
        # Nothing was created for B by any refused call.
        assert not Page.objects.filter(title__startswith="Borrador a_write write_b")

    def test_refusals_say_why(self):
        revoked = self.call("a_revoked", "read_a").json()
        assert revoked["code"] == "revoked"
        assert self.call("a_expired", "read_a").json()["code"] == "expired"
        assert self.call("a_write", "write_b").json()["code"] == "other_agency"
        assert self.call("a_read", "write_a").json()["code"] == "read_only"

    def test_every_token_call_is_logged_with_the_tokens_name(self):
        self.call("a_read", "read_a")
        self.call("a_revoked", "read_a")
        calls = list(ApiCall.objects.order_by("pk"))
        assert [(call.token_name, call.status) for call in calls] == [
            ("Sistema a_read", 200),
            ("Sistema a_revoked", 401),
        ]
        assert calls[0].path.startswith("/api/v1/agency/registrations")
        token = ApiToken.objects.get(pk=self.world.tokens["a_read"].pk)
        assert token.last_used_at is not None

    # One window for the whole test run: no window boundary between the calls.
    @override_settings(API_TOKEN_RATE_LIMIT=(3, 10**9))
    def test_each_token_is_rate_limited(self):
        future = timezone.now() + datetime.timedelta(days=1)
        secrets = [
            services.token_create(
                agency=self.world.agency_a,
                name=f"Limitado {n}",
                scope="read",
                expires_at=future,
                by=self.world.coordinator_a,
            )[1]
            for n in (1, 2)
        ]

        def call(secret):
            return self.client.get(
                "/api/v1/agency/token", headers={"Authorization": f"Bearer {secret}"}
            ).status_code

        statuses = [call(secrets[0]) for _ in range(4)]
        assert statuses == [200, 200, 200, 429], statuses
        # Another token of the same agency has its own allowance.
        assert call(secrets[1]) == 200

    def test_secrets_are_stored_hashed(self):
        secret = self.world.secrets["a_read"]
        token = ApiToken.objects.get(pk=self.world.tokens["a_read"].pk)
        assert secret not in (token.secret_hash, token.prefix)
        assert token.secret_hash == services.secret_hash(secret)

    def test_only_coordinators_create_or_revoke(self):
        future = timezone.now() + datetime.timedelta(days=10)
        with pytest.raises(ApiError):
            services.token_create(
                agency=self.world.agency_a,
                name="x",
                scope="read",
                expires_at=future,
                by=self.world.editor_a,
            )
        with pytest.raises(ApiError):
            services.token_create(
                agency=self.world.agency_a,
                name="x",
                scope="read",
                expires_at=future,
                by=self.world.coordinator_b,
            )
        with pytest.raises(ApiError):
            services.token_revoke(
                token=self.world.tokens["a_read"], by=self.world.coordinator_b
            )
