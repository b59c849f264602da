"""The create form's autosave and its Publish, sent as the browser sends them, in
either order: one page, published with what the editor last typed."""

import re

import pytest
from django.test import Client
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import NewsPage
from tests.announcements.servers import make_superuser
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_superuser("editora"))
    return client


def create_form(client, index) -> tuple[str, str]:
    """The create URL and the token of this one rendering of its form."""
    url = f"/admin/pages/add/home/newspage/{index.pk}/"
    html = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return url, token


def news_data(token: str, title: str, agency) -> dict:
    data = nested_form_data(
        {
            "csrfmiddlewaretoken": token,
            "title": title,
            "slug": slugify(title),
            "date": "2026-05-12",
            "summary": "Un resumen.",
            "body": streamfield([]),
            "contact": "",
            "tags": "",
            "related_resources": inline_formset([]),
        }
    )
    data["agencies"] = [str(agency.pk)]
    return data


def autosave(client, url, data):
    """What Wagtail's autosave controller sends: the form, answered in JSON."""
    return client.post(url, data, headers={"Accept": "application/json"})


def publish(client, url, data):
    return client.post(url, {**data, "action-publish": "action-publish"})


def pages_under(index) -> list[NewsPage]:
    return list(NewsPage.objects.child_of(index))


@pytest.mark.parametrize("autosaved_title", ["Taller regional", "Taller"])
def test_publish_after_the_autosave_publishes_the_autosaved_page(
    editor_client, site_tree, autosaved_title
):
    """Same title: Wagtail answered "slug already in use"; a title changed since
    the autosave: two pages, the autosaved draft left behind."""
    index = site_tree.news["es"]
    agency = AgencyFactory(slug="snm")
    url, token = create_form(editor_client, index)

    saved = autosave(editor_client, url, news_data(token, autosaved_title, agency))
    assert saved.status_code == 200, saved.content[:500]
    assert saved.json()["success"] is True
    # The Publish left before the autosave's answer reached the form: the
    # create URL again, with the title typed since.
    published = publish(editor_client, url, news_data(token, "Taller regional", agency))

    assert published.status_code == 302, published.content.decode()[:3000]
    [page] = pages_under(index)
    assert page.pk == saved.json()["pk"]
    assert page.live
    assert not page.has_unpublished_changes
    assert page.title == "Taller regional"


def test_autosave_after_the_publish_adds_no_page_and_no_draft(editor_client, site_tree):
    index = site_tree.news["es"]
    agency = AgencyFactory(slug="snm")
    url, token = create_form(editor_client, index)

    published = publish(editor_client, url, news_data(token, "Taller regional", agency))
    assert published.status_code == 302, published.content.decode()[:3000]
    # The autosave sent just before the click, with older content, lands now.
    late = autosave(editor_client, url, news_data(token, "Taller", agency))

    assert late.status_code < 500
    assert late.json()["success"] is False
    [page] = pages_under(index)
    assert page.live
    assert page.title == "Taller regional"
    assert not page.has_unpublished_changes
    assert not Page.objects.filter(slug="taller").exists()
    assert page.get_latest_revision().as_object().title == "Taller regional"


def test_two_create_forms_still_make_two_pages(editor_client, site_tree):
    index = site_tree.news["es"]
    agency = AgencyFactory(slug="snm")
    first_url, first = create_form(editor_client, index)
    _url, second = create_form(editor_client, index)
    assert first != second

    publish(editor_client, first_url, news_data(first, "Taller regional", agency))
    data = news_data(second, "Otro taller", agency)
    assert publish(editor_client, first_url, data).status_code == 302

    assert sorted(page.title for page in pages_under(index)) == [
        "Otro taller",
        "Taller regional",
    ]
    assert Page.objects.filter(slug="taller-regional").count() == 1
