"""The public reads of /api/v1/: trainings with registration state and seats,
both languages, calendar filters, cursors, caching, the OpenAPI document and its
docs page served from this host."""

from django.test import TestCase

from core.cache import listings_changed
from registrations.models import Registration
from registrations.services import registration_cancel
from tests.api.world import build_world


class PublicApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        listings_changed()

    def get(self, path, **headers):
        return self.client.get(f"/api/v1/{path}", headers=headers)

    def test_openapi_document_is_3_1_and_lists_the_endpoints(self):
        response = self.get("openapi.json")
        assert response.status_code == 200
        document = response.json()
        assert document["openapi"].startswith("3.1")
        for path in (
            "/api/v1/trainings",
            "/api/v1/trainings/{training_id}",
            "/api/v1/news",
            "/api/v1/resources",
            "/api/v1/agencies",
            "/api/v1/announcements",
            "/api/v1/agency/registrations",
            "/api/v1/agency/trainings",
            "/api/v1/agency/news",
        ):
            assert path in document["paths"], path
        assert (
            "BearerAuth" in str(document["components"]["securitySchemes"])
            or (document["components"]["securitySchemes"])
        )

    def test_docs_page_loads_only_this_hosts_assets(self):
        response = self.get("docs")
        assert response.status_code == 200
        html = response.content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in html
        assert "cdn" not in html.lower()
        assert "http://" not in html and "https://" not in html
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy
        assert '"validatorUrl": null' in html

    def test_trainings_with_organizers_sessions_and_seats_left(self):
        response = self.get("trainings?lang=es")
        assert response.status_code == 200
        results = {item["title"]: item for item in response.json()["results"]}
        assert set(results) == {"Taller de A", "Taller de B"}
        taller = results["Taller de A"]
        assert taller["organizers"][0]["slug"] == "agencia-a"
        assert len(taller["sessions"]) == 1
        # Capacity 10, one confirmed registration.
        assert taller["registration"]["state"] == "open"
        assert taller["registration"]["seats_left"] == 9
        assert "9" in taller["registration"]["label"]

    def test_language_from_lang_or_accept_language(self):
        english = self.get("trainings?lang=en").json()["results"]
        assert [item["title"] for item in english] == ["Workshop of A"]
        assert english[0]["registration"]["label"] == "9 seats left"
        spanish = self.get("trainings?lang=es").json()["results"][0]
        assert spanish["registration"]["label"] != "9 seats left"
        by_header = self.get("trainings", **{"Accept-Language": "en"}).json()
        assert [item["title"] for item in by_header["results"]] == ["Workshop of A"]
        agency = self.get("agencies/agencia-a?lang=en").json()
        assert agency["name"] == "Agency A"
        assert self.get("agencies/agencia-a?lang=es").json()["name"] == "Agencia A"

    def test_calendar_filters(self):
        by_agency = self.get("trainings?lang=es&agency=agencia-b").json()["results"]
        assert [item["title"] for item in by_agency] == ["Taller de B"]
        past = self.get("trainings?lang=es&when=past").json()["results"]
        assert past == []
        unknown = self.get("trainings?lang=es&agency=nadie")
        assert unknown.status_code == 400
        assert unknown.json()["code"] == "unknown_filter"
        assert self.get("trainings?modality=submarine").status_code == 422

    def test_cursor_pagination_walks_every_training_once(self):
        first = self.get("trainings?lang=es&limit=1").json()
        assert len(first["results"]) == 1 and first["next_cursor"]
        second = self.get(f"trainings?lang=es&limit=1&cursor={first['next_cursor']}")
        second = second.json()
        assert second["next_cursor"] is None
        titles = [first["results"][0]["title"], second["results"][0]["title"]]
        assert titles == ["Taller de A", "Taller de B"]  # soonest first
        assert self.get("trainings?cursor=nonsense").status_code == 400

    def test_training_detail_in_the_asked_language(self):
        training = self.world.training_a
        response = self.get(f"trainings/{training.pk}?lang=en")
        assert response.status_code == 200
        assert response.json()["title"] == "Workshop of A"
        missing = self.get("trainings/999999")
        assert missing.status_code == 404
        assert missing.json()["code"] == "not_found"

    def test_anonymous_answers_are_cached_until_a_seat_is_freed(self):
        path = "trainings?lang=es&agency=agencia-a"
        first = self.get(path)
        assert "X-Cache" not in first
        again = self.get(path)
        assert again["X-Cache"] == "hit"
        assert again.json() == first.json()
        # A registration cancelled frees a seat: the cached answer is stale.
        registration_cancel(
            registration=Registration.objects.get(pk=self.world.registration_a.pk),
            by=self.world.registration_a.user,
        )
        fresh = self.get(path)
        assert "X-Cache" not in fresh
        assert fresh.json()["results"][0]["registration"]["seats_left"] == 10, (
            fresh.json()["results"][0]["registration"]
        )

    def test_news_resources_announcements(self):
        news = self.get("news?lang=es").json()["results"]
        assert [item["title"] for item in news] == ["Noticia"]
        resources = self.get("resources?lang=es").json()["results"]
        assert resources[0]["resource_type"] == "law"
        assert resources[0]["documents"] == []
        assert self.get("announcements").json() == {"results": [], "next_cursor": None}
