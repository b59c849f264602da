"""The demo loader publishes a few announcements once, however often it runs."""

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Agency, Membership
from agencies.services import membership_create
from announcements import demo
from announcements.models import Announcement
from core.demo import DemoReport


@pytest.mark.django_db
def test_demo_announcements_are_loaded_once(make_agency):
    make_agency(acronym="SNM")
    first = DemoReport()
    demo.load(first)
    second = DemoReport()
    demo.load(second)

    assert len(first.created) == len(demo.PUBLIC) + Agency.objects.count()
    assert second.created == []
    members = Announcement.objects.get(audience=Announcement.Audience.AGENCY)
    assert members.title.endswith("SNM")
    assert members.broadcast_at is not None


@pytest.mark.django_db
def test_demo_members_announcement_is_the_agency_editors(client, make_agency):
    agency = make_agency(acronym="SNM")
    editor = get_user_model().objects.create_user(
        username="editor-snm", email="editor.snm@example.org", password="x"
    )
    membership_create(agency=agency, user=editor, role=Membership.Role.EDITOR)

    demo.load(DemoReport())

    members = Announcement.objects.get(audience=Announcement.Audience.AGENCY)
    assert members.author == editor
    client.force_login(editor)
    assert members.title in client.get("/admin/announcements/").content.decode()
