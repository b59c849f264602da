"""The agencies part of load_demo: seed organizations, people, linked pages."""

import pytest
from django.core.management import call_command

from agencies.models import Agency, Membership
from home.models import NewsPage, ResourcePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-logins.txt"
    monkeypatch.setattr("core.demo.LOGINS_FILE", path)
    return path


def test_demo_agencies_people_and_links(logins_file, locales):
    call_command("load_demo", quiet_logins=True)
    slugs = set(Agency.objects.values_list("slug", flat=True))
    assert {"snm", "oim", "programa-hemisferio-occidental"} <= slugs
    assert Agency.objects.filter(kind=Agency.Kind.CIVIL_SOCIETY).count() >= 2
    for agency in Agency.objects.all():
        roles = set(agency.memberships.values_list("role", flat=True))
        assert roles == {Membership.Role.COORDINATOR, Membership.Role.EDITOR}
        assert agency.collection is not None
    logins = logins_file.read_text()
    assert "editor.snm@example.org" in logins
    assert "participante@example.org" in logins
    for news in NewsPage.objects.filter(slug="workshop-migrant-smuggling-2022"):
        assert {a.slug for a in news.agencies.all()} == {
            "snm",
            "oim",
            "programa-hemisferio-occidental",
        }
    assert all(page.agencies.exists() for page in ResourcePage.objects.all())

    before = logins_file.read_text()
    call_command("load_demo", quiet_logins=True)
    assert logins_file.read_text() == before
    assert Agency.objects.count() == len(slugs)


def test_demo_profile_pages_render(client, logins_file, locales):
    call_command("load_demo", quiet_logins=True)
    for language in ("es", "en"):
        response = client.get(f"/{language}/agencies/snm/")
        assert response.status_code == 200
        assert b"workshop" in response.content or b"taller" in response.content
