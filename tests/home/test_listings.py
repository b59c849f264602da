"""News and resource listings: order, filters, pagination and bad query parameters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache import listings_changed
from home.models import ContentLanguage, ResourceType
from tests.factories import NewsPageFactory, ResourcePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def titles(page_obj):
    return [item.title for item in page_obj]


def test_news_index_lists_newest_first(client, site_tree):
    index = site_tree.news["en"]
    NewsPageFactory(parent=index, title="Old", date=datetime.date(2021, 1, 1))
    NewsPageFactory(parent=index, title="New", date=datetime.date(2023, 1, 1))
    response = client.get(index.url)
    assert titles(response.context["news"]) == ["New", "Old"]


def test_news_index_filters_by_tag_and_year(client, site_tree):
    index = site_tree.news["en"]
    tagged = NewsPageFactory(
        parent=index, title="Tagged", date=datetime.date(2022, 5, 16)
    )
    tagged.tags.add("smuggling")
    tagged.save_revision().publish()
    NewsPageFactory(parent=index, title="Untagged", date=datetime.date(2022, 6, 1))
    NewsPageFactory(parent=index, title="Other year", date=datetime.date(2020, 6, 1))

    assert titles(client.get(index.url, {"tag": "smuggling"}).context["news"]) == [
        "Tagged"
    ]
    assert titles(client.get(index.url, {"year": "2022"}).context["news"]) == [
        "Untagged",
        "Tagged",
    ]
    response = client.get(index.url, {"year": "2022", "tag": "smuggling"})
    assert titles(response.context["news"]) == ["Tagged"]
    assert response.context["years"] == [2022, 2020]


def test_news_index_paginates_and_survives_bad_parameters(client, site_tree):
    index = site_tree.news["en"]
    for number in range(12):
        NewsPageFactory(
            parent=index, title=f"Story {number:02}", date=datetime.date(2022, 1, 1)
        )
    first = client.get(index.url)
    assert len(first.context["news"]) == 10
    second = client.get(index.url, {"page": "2"})
    assert len(second.context["news"]) == 2
    for bad in (
        {"page": "999999999"},
        {"page": "abc"},
        {"year": "20x2"},
        {"year": "-1"},
    ):
        response = client.get(index.url, bad)
        assert response.status_code == 200, bad


def test_resource_index_filters_by_type_topic_and_language(client, site_tree):
    index = site_tree.resources["en"]
    smuggling = TopicFactory(slug="smuggling")
    ResourcePageFactory(
        parent=index,
        title="Law 36",
        resource_type=ResourceType.LAW,
        topic=smuggling,
        document_language=ContentLanguage.SPANISH,
    )
    ResourcePageFactory(
        parent=index,
        title="Protocol",
        resource_type=ResourceType.INTERNATIONAL_INSTRUMENT,
        document_language=ContentLanguage.ENGLISH,
    )
    assert titles(client.get(index.url, {"type": "law"}).context["resources"]) == [
        "Law 36"
    ]
    assert titles(
        client.get(index.url, {"topic": "smuggling"}).context["resources"]
    ) == ["Law 36"]
    assert titles(client.get(index.url, {"language": "en"}).context["resources"]) == [
        "Protocol"
    ]
    unknown = client.get(index.url, {"type": "<script>", "language": "xx"})
    assert unknown.status_code == 200
    assert len(unknown.context["resources"]) == 2


def test_listing_queries_do_not_grow_with_items(client, site_tree):
    index = site_tree.news["en"]

    def add_stories(count):
        for number in range(count):
            story = NewsPageFactory(parent=index)
            story.tags.add(f"tag-{number}")
            story.save_revision().publish()

    def queries_for_listing():
        listings_changed()  # the listing itself, not its cached fragment
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    add_stories(1)
    queries_for_listing()  # warm the per-process caches (site root paths, locales)
    with_one = queries_for_listing()
    add_stories(9)
    assert queries_for_listing() <= with_one
