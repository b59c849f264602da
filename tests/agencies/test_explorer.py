"""The admin explorer lists only the agency pages a member may act on."""

import json

import pytest

from tests.agencies.test_permission_matrix import client_for
from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def listed_titles(client, parent, **params) -> set[str]:
    response = client.get(f"/admin/pages/{parent.pk}/", params)
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


def menu_titles(client, parent) -> set[str]:
    response = client.get(
        "/admin/api/main/pages/",
        {"child_of": parent.pk, "for_explorer": 1, "fields": "title"},
    )
    assert response.status_code == 200
    return {item["title"] for item in json.loads(response.content)["items"]}


# What each role finds under the news and the resources index.
LISTED = {
    "editor_a": ({"A news", "Joint news"}, set()),
    "editor_b": ({"Joint news"}, {"B resource"}),
    "coordinator_a": ({"A news", "Joint news"}, set()),
    "superuser": ({"A news", "Joint news"}, {"B resource"}),
}


def test_explorer_lists_only_pages_of_the_members_agencies(world, site_tree):
    news_index, resource_index = site_tree.news["es"], site_tree.resources["es"]
    for role, (news, resources) in LISTED.items():
        client = client_for(world, role)
        assert listed_titles(client, news_index) == news, role
        assert listed_titles(client, resource_index) == resources, role
        assert menu_titles(client, news_index) == news, role
        # Searching within the explorer does not reveal other agencies' pages.
        assert listed_titles(client, news_index, q="news") == news, role


def test_indexes_stay_listed_for_editors(world, site_tree):
    client = client_for(world, "editor_b")
    titles = listed_titles(client, site_tree.homes["es"])
    assert {"News es", "Resources es"} <= titles


def test_trainings_follow_lead_and_co_organizing_agencies(world, site_tree):
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"])
    EventPageFactory(parent=calendar, title="Led by A", lead_agency=world.agency_a)
    EventPageFactory(
        parent=calendar,
        title="Led by B with A",
        lead_agency=world.agency_b,
        co_organizers=[world.agency_a],
    )
    EventPageFactory(parent=calendar, title="Led by B", lead_agency=world.agency_b)
    assert listed_titles(client_for(world, "editor_a"), calendar) == {
        "Led by A",
        "Led by B with A",
    }
    assert listed_titles(client_for(world, "editor_b"), calendar) == {
        "Led by B with A",
        "Led by B",
    }


def searched_titles(client, query: str, results_only=False) -> set[str]:
    path = "/admin/pages/search/results/" if results_only else "/admin/pages/search/"
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


def test_admin_page_search_lists_only_pages_of_the_members_agencies(world, site_tree):
    # The indexes are not agency pages: every editor finds them (to add pages).
    indexes = {
        index.title
        for index in (*site_tree.news.values(), *site_tree.resources.values())
    }
    for role, (news, resources) in LISTED.items():
        client = client_for(world, role)
        assert searched_titles(client, "news") - indexes == news, role
        found = searched_titles(client, "news", results_only=True)
        assert found - indexes == news, role
        assert searched_titles(client, "resource") - indexes == resources, role
