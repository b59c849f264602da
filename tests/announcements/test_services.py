"""Publishing rules: who may announce what, scheduling, edits and withdrawals."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Membership
from announcements import services
from announcements.models import Announcement, Broadcast
from announcements.services import AnnouncementError, publishing

PUBLIC = Announcement.Audience.PUBLIC
AGENCY = Announcement.Audience.AGENCY
EVENT = Announcement.Audience.EVENT
USER = Announcement.Audience.USER


@pytest.fixture
def sent(monkeypatch):
    """Messages handed to the channel layer, as (groups, message)."""
    messages = []
    monkeypatch.setattr(
        publishing,
        "send_to_groups",
        lambda groups, message: messages.append((groups, message)),
    )
    return messages


def publish(**fields):
    fields.setdefault("audience", PUBLIC)
    fields.setdefault("title", "Registration opens for the June edition")
    return services.announcement_publish(**fields)


@pytest.mark.django_db
def test_publishing_now_records_a_broadcast_and_sends_after_commit(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announcement = publish(body="  Room B  ")
        assert sent == []
    for callback in callbacks:
        callback()

    broadcast = Broadcast.objects.get(announcement=announcement)
    assert announcement.broadcast_at is not None
    assert announcement.body == "Room B"
    assert sent == [
        (
            ["public"],
            {
                "type": "announcement.published",
                "cursor": broadcast.pk,
                "text": sent[0][1]["text"],
            },
        )
    ]
    # The frame clients receive, encoded once for the whole audience.
    frame = json.loads(sent[0][1]["text"])
    assert frame["type"] == "announcement.published"
    assert frame["cursor"] == broadcast.pk
    assert frame["announcement"]["title"] == announcement.title


@pytest.mark.django_db
def test_each_audience_goes_to_its_own_group(
    sent, django_capture_on_commit_callbacks, make_agency, make_user, make_training
):
    agency, person, training = make_agency(), make_user(), make_training()
    with django_capture_on_commit_callbacks(execute=True):
        publish(audience=AGENCY, agency=agency)
        publish(audience=EVENT, event=training)
        publish(audience=USER, user=person)
    assert [groups for groups, _message in sent] == [
        [f"agency-{agency.pk}"],
        [f"event-{training.pk}"],
        [f"user-{person.pk}"],
    ]


@pytest.mark.django_db
def test_a_scheduled_announcement_goes_out_once_when_due(
    sent, django_capture_on_commit_callbacks
):
    later = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = publish(publish_at=later)
    assert sent == []
    assert Broadcast.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_due_announcements(now=timezone.now()) == []
        first = services.publish_due_announcements(
            now=later + datetime.timedelta(seconds=1)
        )
        second = services.publish_due_announcements(
            now=later + datetime.timedelta(seconds=2)
        )

    assert first == [announcement.pk]
    assert second == []
    assert len(sent) == 1
    assert Broadcast.objects.filter(announcement=announcement).count() == 1


@pytest.mark.django_db
def test_the_cron_command_sends_due_announcements(sent, capsys):
    announcement = publish(publish_at=timezone.now() + datetime.timedelta(hours=1))
    Announcement.objects.filter(pk=announcement.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_due_announcements")
    announcement.refresh_from_db()
    assert announcement.broadcast_at is not None
    assert "Announcements sent: 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_withdrawn_or_expired_scheduled_ones_are_never_sent(sent):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    withdrawn = publish(publish_at=soon)
    services.announcement_withdraw(announcement=withdrawn, by=None)
    publish(publish_at=soon, expires_at=soon + datetime.timedelta(minutes=1))

    later = soon + datetime.timedelta(minutes=10)
    assert services.publish_due_announcements(now=later) == []


@pytest.mark.django_db
def test_editors_announce_for_their_own_agency_only(make_agency, make_member):
    own, other = make_agency(), make_agency()
    editor = make_member(own, role=Membership.Role.EDITOR)

    announcement = publish(audience=AGENCY, agency=own, by=editor)
    assert announcement.author == editor

    with pytest.raises(AnnouncementError) as refused:
        publish(audience=AGENCY, agency=other, by=editor)
    assert refused.value.code == "forbidden"
    with pytest.raises(AnnouncementError):
        publish(audience=PUBLIC, agency=None, by=editor)


@pytest.mark.django_db
def test_plain_members_and_outsiders_cannot_announce(
    make_agency, make_member, make_user
):
    agency = make_agency()
    member = make_member(agency, role=Membership.Role.MEMBER)
    for person in (member, make_user()):
        with pytest.raises(AnnouncementError):
            publish(audience=PUBLIC, agency=agency, by=person)


@pytest.mark.django_db
def test_only_the_portal_and_superusers_tell_one_person(
    make_agency, make_member, make_user
):
    agency = make_agency()
    editor = make_member(agency, role=Membership.Role.EDITOR)
    person = make_user()
    admin = make_user(is_superuser=True)

    with pytest.raises(AnnouncementError):
        publish(audience=USER, user=person, agency=agency, by=editor)
    assert publish(audience=USER, user=person, by=admin).recipient == person
    assert publish(audience=USER, user=person, by=None).recipient == person


@pytest.mark.django_db
def test_editors_address_only_trainings_their_agency_organizes(
    make_agency, make_member, make_training
):
    agency = make_agency()
    editor = make_member(agency, role=Membership.Role.EDITOR)
    ours = make_training(lead_agency=agency)
    assert publish(audience=EVENT, event=ours, agency=agency, by=editor).event == ours
    with pytest.raises(AnnouncementError):
        publish(audience=EVENT, event=make_training(), agency=agency, by=editor)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "too_long"),
        ({"body": "x" * 2001}, "too_long"),
        ({"level": "shouting"}, "level"),
        ({"audience": "everyone"}, "audience"),
        ({"audience": AGENCY}, "agency"),
        ({"audience": EVENT}, "event"),
        ({"audience": USER}, "user"),
    ],
)
def test_invalid_announcements_are_refused(fields, code):
    with pytest.raises(AnnouncementError) as refused:
        publish(**fields)
    assert refused.value.code == code


@pytest.mark.django_db
def test_expiry_must_follow_publication():
    now = timezone.now()
    with pytest.raises(AnnouncementError):
        publish(publish_at=now, expires_at=now - datetime.timedelta(minutes=1))


@pytest.mark.django_db
def test_control_characters_are_dropped_and_newlines_kept_in_the_body():
    announcement = publish(title="Room\x00 B\x07", body="Line one\nLine\x1b two")
    assert announcement.title == "Room B"
    assert announcement.body == "Line one\nLine two"


@pytest.mark.django_db
def test_an_edit_is_broadcast_and_a_changed_audience_is_told_to_drop_it(
    sent, django_capture_on_commit_callbacks, make_agency
):
    agency = make_agency()
    announcement = publish(audience=AGENCY, agency=agency)
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_update(
            announcement=announcement,
            by=None,
            audience=PUBLIC,
            title="Now for everyone",
            body="",
            level=Announcement.Level.URGENT,
            agency=agency,
        )
    assert [(groups, m["type"]) for groups, m in sent] == [
        (["public"], "announcement.updated"),
        ([f"agency-{agency.pk}"], "announcement.withdrawn"),
    ]


@pytest.mark.django_db
def test_a_withdrawal_is_broadcast_once(sent, django_capture_on_commit_callbacks):
    announcement = publish()
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_withdraw(announcement=announcement, by=None)
    assert [m["type"] for _groups, m in sent] == ["announcement.withdrawn"]
    with pytest.raises(AnnouncementError):
        services.announcement_withdraw(announcement=announcement, by=None)
    with pytest.raises(AnnouncementError):
        services.announcement_update(
            announcement=announcement,
            by=None,
            audience=PUBLIC,
            title="again",
            body="",
            level=Announcement.Level.INFO,
        )


@pytest.mark.django_db
def test_editors_of_another_agency_cannot_edit_or_withdraw(make_agency, make_member):
    own, other = make_agency(), make_agency()
    outsider = make_member(other, role=Membership.Role.EDITOR)
    announcement = publish(audience=AGENCY, agency=own)
    with pytest.raises(AnnouncementError):
        services.announcement_withdraw(announcement=announcement, by=outsider)
    with pytest.raises(AnnouncementError):
        services.announcement_update(
            announcement=announcement,
            by=outsider,
            audience=AGENCY,
            title="taken over",
            body="",
            level=Announcement.Level.INFO,
            agency=other,
        )


@pytest.mark.django_db
def test_a_channel_layer_failure_does_not_undo_the_publication(
    monkeypatch, django_capture_on_commit_callbacks
):
    class BrokenLayer:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(publishing, "get_channel_layer", lambda: BrokenLayer())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        announcement = publish()
    assert len(callbacks) == 1
    assert Announcement.objects.filter(pk=announcement.pk).exists()
