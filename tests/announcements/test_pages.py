"""The announcements page and the RSS feed: what each visitor may read, no JS."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from announcements.models import Announcement
from announcements.services import announcement_publish, announcement_withdraw

pytestmark = pytest.mark.django_db

PUBLIC = Announcement.Audience.PUBLIC
AGENCY = Announcement.Audience.AGENCY
EVENT = Announcement.Audience.EVENT
USER = Announcement.Audience.USER


@pytest.fixture
def history(site_tree, make_agency, make_member, make_user, make_training):
    """One announcement per audience, plus ones that must not show."""
    agency, other = make_agency(name_es="Servicio Nacional"), make_agency()
    member = make_member(agency)
    person = make_user()
    training = make_training()
    now = timezone.now()
    announcement_publish(audience=PUBLIC, title="Public news", agency=agency)
    announcement_publish(audience=PUBLIC, title="Other agency news", agency=other)
    announcement_publish(audience=AGENCY, title="Members only", agency=agency)
    announcement_publish(audience=EVENT, title="Participants only", event=training)
    announcement_publish(audience=USER, title="Just for you", user=person)
    announcement_publish(
        audience=PUBLIC, title="Not yet", publish_at=now + datetime.timedelta(days=1)
    )
    announcement_publish(
        audience=PUBLIC,
        title="Already over",
        publish_at=now - datetime.timedelta(days=2),
        expires_at=now - datetime.timedelta(days=1),
    )
    withdrawn = announcement_publish(audience=PUBLIC, title="Taken back")
    announcement_withdraw(announcement=withdrawn, by=None)
    return {"agency": agency, "member": member, "person": person, "training": training}


def titles(response) -> set[str]:
    return {a.title for a in response.context["announcements"]}


def test_anonymous_visitors_read_public_announcements_only(client, history):
    response = client.get("/es/announcements/")
    assert response.status_code == 200
    assert titles(response) == {"Public news", "Other agency news"}
    assert "Members only" not in response.content.decode()


def test_members_also_read_their_agency_announcements(client, history):
    client.force_login(history["member"])
    response = client.get("/en/announcements/")
    assert titles(response) == {"Public news", "Other agency news", "Members only"}


def test_participants_and_recipients_read_theirs(client, history, participants):
    participants[history["person"].pk] = {history["training"].pk}
    client.force_login(history["person"])
    response = client.get("/es/announcements/")
    assert titles(response) == {
        "Public news",
        "Other agency news",
        "Participants only",
        "Just for you",
    }


def test_the_history_filters_by_agency(client, history):
    agency = history["agency"]
    response = client.get(f"/es/announcements/?agency={agency.pk}")
    assert titles(response) == {"Public news"}
    assert f'<option value="{agency.pk}" selected>' in response.content.decode()
    assert client.get("/es/announcements/?agency=junk").status_code == 200


def test_bodies_are_escaped(client, site_tree):
    announcement_publish(
        audience=PUBLIC, title="<b>Bold</b>", body="<script>alert(1)</script>"
    )
    content = client.get("/es/announcements/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content
    assert "&lt;b&gt;Bold&lt;/b&gt;" in content


def test_every_page_carries_the_live_region_and_the_module(client, site_tree):
    content = client.get("/en/").content.decode()
    assert 'data-announcements data-ws-path="/ws/announcements/"' in content
    assert 'aria-live="polite"' in content
    assert 'type="module" src="/static/js/announcements.js"' in content


def test_the_rss_feed_lists_public_announcements_only(client, history):
    response = client.get("/es/announcements/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert {item.findtext("title") for item in channel.iter("item")} == {
        "Public news",
        "Other agency news",
    }


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_main_menu_links_to_the_announcements_page(client, site_tree, language):
    with translation.override(language):
        label = gettext("Announcements")
    home = client.get(f"/{language}/").content.decode()
    page = client.get(f"/{language}/announcements/").content.decode()

    assert f'<li><a href="/{language}/announcements/">{label}</a></li>' in home
    assert (
        f'<a href="/{language}/announcements/" aria-current="page">{label}</a>' in page
    )
