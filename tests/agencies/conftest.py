"""Two agencies with people in every role, and pages and a document of each."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Agency, Membership
from home.models import NewsPage, ResourcePage
from tests import snapshots
from tests.factories import (
    AgencyFactory,
    DocumentFactory,
    NewsPageFactory,
    ResourcePageFactory,
    UserFactory,
    make_member,
)


@dataclass
class World:
    agency_a: Agency
    agency_b: Agency
    users: dict
    a_page: NewsPage
    b_page: ResourcePage
    shared_page: NewsPage
    a_document: object


def _with_agencies(page, *agencies):
    page.agencies.set(agencies)
    page.save_revision().publish()
    return page


@pytest.fixture
def world(site_tree) -> World:
    """Built once per worker, replayed per test."""
    return snapshots.replay("agencies-world", lambda: build_world(site_tree))


def build_world(site_tree) -> World:
    agency_a = AgencyFactory(slug="agency-a", name_es="Agencia A", name_en="Agency A")
    agency_b = AgencyFactory(slug="agency-b", name_es="Agencia B", name_en="Agency B")
    role = Membership.Role
    users = {
        "anonymous": None,
        "participant": UserFactory(username="participant"),
        "member_a": make_member(agency_a, role.MEMBER, username="member-a"),
        "editor_a": make_member(agency_a, role.EDITOR, username="editor-a"),
        "editor_b": make_member(agency_b, role.EDITOR, username="editor-b"),
        "coordinator_a": make_member(
            agency_a, role.COORDINATOR, username="coordinator-a"
        ),
        "superuser": get_user_model().objects.create_superuser(
            username="root", email="root@example.org", password="correct-horse-battery"
        ),
    }
    news_index = site_tree.news["es"]
    a_page = _with_agencies(
        NewsPageFactory(parent=news_index, title="A news"), agency_a
    )
    b_page = _with_agencies(
        ResourcePageFactory(parent=site_tree.resources["es"], title="B resource"),
        agency_b,
    )
    shared_page = _with_agencies(
        NewsPageFactory(parent=news_index, title="Joint news"), agency_a, agency_b
    )
    a_document = DocumentFactory(collection=agency_a.collection, title="A protocol")
    return World(
        agency_a=agency_a,
        agency_b=agency_b,
        users=users,
        a_page=a_page,
        b_page=b_page,
        shared_page=shared_page,
        a_document=a_document,
    )
