"""The public directory and agency profiles, and the agencies admin."""

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Agency
from tests.factories import AgencyFactory, NewsPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(site_tree):
    snm = AgencyFactory(
        slug="snm",
        name_es="Servicio Nacional de Migración",
        name_en="National Migration Service",
        acronym="SNM",
        kind=Agency.Kind.GOVERNMENT,
    )
    ngo = AgencyFactory(
        slug="red",
        name_es="Red Comunitaria",
        name_en="Community Network",
        kind=Agency.Kind.CIVIL_SOCIETY,
    )
    AgencyFactory(slug="closed", name_es="Cerrada", name_en="Closed", is_active=False)
    return {"snm": snm, "ngo": ngo}


@pytest.mark.parametrize(
    ("language", "name"),
    [("es", "Servicio Nacional de Migración"), ("en", "National Migration Service")],
)
def test_directory_lists_active_agencies_in_each_language(
    client, agencies, language, name
):
    response = client.get(f"/{language}/agencies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert name in html
    assert "Cerrada" not in html and "Closed" not in html


def test_directory_filters_by_kind_and_searches_by_name(client, agencies):
    html = client.get("/en/agencies/?kind=civil_society").content.decode()
    assert "Community Network" in html
    assert "National Migration Service" not in html
    html = client.get("/en/agencies/?q=migra").content.decode()
    assert "National Migration Service" in html
    assert "Community Network" not in html
    html = client.get("/es/agencies/?q=SNM").content.decode()
    assert "Servicio Nacional de Migración" in html


def test_directory_survives_bad_parameters_and_paginates(client, agencies):
    for number in range(12):
        AgencyFactory(slug=f"extra-{number}")
    response = client.get("/es/agencies/?kind=nonsense&page=999&q=" + "x" * 500)
    assert response.status_code == 200
    response = client.get("/es/agencies/?page=2")
    assert response.status_code == 200
    assert 'rel="prev"' in response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
def test_profile_lists_the_agency_news_and_resources(
    client, site_tree, agencies, language
):
    snm = agencies["snm"]
    news = NewsPageFactory(parent=site_tree.news[language], title=f"News {language}")
    news.agencies.set([snm])
    news.save_revision().publish()
    other = NewsPageFactory(parent=site_tree.news[language], title="Unrelated story")
    other.save_revision().publish()
    resource = ResourcePageFactory(
        parent=site_tree.resources[language], title=f"Guide {language}"
    )
    resource.agencies.set([snm])
    resource.save_revision().publish()

    response = client.get(f"/{language}/agencies/snm/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"News {language}" in html
    assert f"Guide {language}" in html
    assert "Unrelated story" not in html
    assert 'id="agency-trainings"' in html


def test_profile_of_inactive_or_unknown_agency_is_404(client, agencies):
    assert client.get("/es/agencies/closed/").status_code == 404
    assert client.get("/es/agencies/nope/").status_code == 404


def test_agencies_admin_searches_and_filters(client, agencies):
    admin = get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="x"
    )
    client.force_login(admin)
    url = "/admin/snippets/agencies/agency/"
    html = client.get(url, {"q": "Comunitaria"}).content.decode()
    assert "Red Comunitaria" in html
    assert "Servicio Nacional" not in html
    html = client.get(url, {"kind": "government"}).content.decode()
    assert "Servicio Nacional" in html
    assert "Red Comunitaria" not in html


def test_agency_created_in_the_admin_gets_its_collection(client, site_tree):
    admin = get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="x"
    )
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/agencies/agency/add/",
        {
            "name_es": "Academia Nacional",
            "name_en": "National Academy",
            "slug": "academia",
            "kind": "academia",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(slug="academia")
    assert agency.collection is not None
    assert agency.editors_group is not None
