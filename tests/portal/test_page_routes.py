"""Wagtail's routing from the caches: a page's address costs one query of routing
once known, and publishing, unpublishing or moving reroutes at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, path: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == status, path
    return len(captured)


def test_a_known_address_skips_the_site_and_tree_lookups(client, site_tree):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    client.force_login(UserFactory())
    first = queries(client, story.url)
    second = queries(client, story.url)
    # The site, the localized root, the specific root and one query per path
    # segment and its specific page are gone.
    assert second <= first - 4


def test_moving_or_unpublishing_a_page_reroutes_at_once(client, site_tree):
    story = NewsPageFactory(parent=site_tree.news["es"], title="Noticia")
    client.force_login(UserFactory())
    old_url = story.url
    queries(client, old_url)
    queries(client, old_url)
    story.move(site_tree.resources["es"], pos="last-child")
    story.refresh_from_db()
    assert client.get(old_url).status_code == 301  # Wagtail's redirect
    assert "Noticia" in client.get(story.url).content.decode()
    story.unpublish()
    assert client.get(story.url).status_code == 404
