"""The demo loader publishes a few announcements once, however often it runs."""

import pytest

from agencies.models import Agency
from announcements import demo
from announcements.models import Announcement
from portal.demo import DemoReport


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
