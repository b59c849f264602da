"""The coordinators' API tokens page: a token is created with its secret shown
once (then usable against the API), revoked, and only coordinators get there."""

import datetime

from django.test import TestCase
from django.utils import timezone

from api.models import ApiToken
from tests.api.world import build_world


class TokenPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def page(self, slug="agencia-a"):
        return f"/es/agencies/{slug}/api-tokens/"

    def test_members_page_links_to_the_tokens_page(self):
        self.client.force_login(self.world.coordinator_a)
        response = self.client.get("/es/agencies/agencia-a/members/")
        assert self.page() in response.content.decode()

    def test_create_shows_the_secret_once_and_it_works(self):
        self.client.force_login(self.world.coordinator_a)
        expires = timezone.localdate() + datetime.timedelta(days=30)
        response = self.client.post(
            self.page(),
            {"name": "Sistema de RR. HH.", "scope": "read", "expires_on": expires},
        )
        assert response.status_code == 200
        secret = response.context["secret"]
        assert secret.startswith("ptk_") and secret in response.content.decode()
        assert response["Cache-Control"].startswith("max-age=0")
        token = ApiToken.objects.get(name="Sistema de RR. HH.")
        assert token.agency == self.world.agency_a and token.scope == "read"
        again = self.client.get(self.page())
        assert secret not in again.content.decode()
        assert "Sistema de RR. HH." in again.content.decode()
        api = self.client.get(
            "/api/v1/agency/token", headers={"Authorization": f"Bearer {secret}"}
        )
        assert api.json()["name"] == "Sistema de RR. HH."

    def test_expiry_beyond_a_year_is_refused(self):
        self.client.force_login(self.world.coordinator_a)
        response = self.client.post(
            self.page(),
            {
                "name": "Demasiado",
                "scope": "read",
                "expires_on": timezone.localdate() + datetime.timedelta(days=800),
            },
        )
        assert response.status_code == 400
        assert not ApiToken.objects.filter(name="Demasiado").exists()

    def test_revoke_refuses_later_calls(self):
        self.client.force_login(self.world.coordinator_a)
        token = self.world.tokens["a_read"]
        response = self.client.post(f"{self.page()}{token.pk}/revoke/")
        assert response.status_code == 302
        refused = self.client.get(
            "/api/v1/agency/token",
            headers={"Authorization": f"Bearer {self.world.secrets['a_read']}"},
        )
        assert refused.status_code == 401

    def test_only_the_agencys_coordinators(self):
        self.client.force_login(self.world.editor_a)
        assert self.client.get(self.page()).status_code == 403
        self.client.force_login(self.world.coordinator_b)
        assert self.client.get(self.page()).status_code == 403
        token = self.world.tokens["a_read"]
        revoke = self.client.post(f"{self.page('agencia-b')}{token.pk}/revoke/")
        assert revoke.status_code == 404
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None
        self.client.logout()
        assert self.client.get(self.page()).status_code == 302
