"""Entitlement and backfill reads."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from announcements import selectors
from announcements.services import announcement_publish, announcement_update

pytestmark = pytest.mark.django_db


def test_groups_follow_memberships_participation_and_identity(
    make_agency, make_member, make_training, participants
):
    agency, training = make_agency(), make_training()
    member = make_member(agency)
    participants[member.pk] = {training.pk}

    assert selectors.entitled_groups(AnonymousUser()) == ["public"]
    assert selectors.entitled_groups(member) == [
        "public",
        f"agency-{agency.pk}",
        f"event-{training.pk}",
        f"user-{member.pk}",
    ]


def test_inactive_people_get_the_public_group_only(make_agency, make_member):
    member = make_member(make_agency())
    member.is_active = False
    assert selectors.entitled_groups(member) == ["public"]


def test_backfill_keeps_the_newest_when_it_must_truncate():
    for title in ("one", "two", "three"):
        announcement_publish(audience="public", title=title)
    entitlement = selectors.entitlement_for(AnonymousUser())

    messages, truncated = selectors.backfill_messages(
        entitlement=entitlement, cursor=0, limit=2
    )

    assert truncated is True
    assert [json.loads(m["text"])["announcement"]["title"] for m in messages] == [
        "two",
        "three",
    ]


def test_backfill_reports_an_edit_of_something_already_seen_as_an_update():
    announcement = announcement_publish(audience="public", title="first")
    seen = selectors.latest_cursor()
    announcement_update(
        announcement=announcement,
        by=None,
        audience="public",
        title="corrected",
        body="",
        level="important",
    )
    messages, _truncated = selectors.backfill_messages(
        entitlement=selectors.entitlement_for(AnonymousUser()), cursor=seen
    )
    assert [
        (m["type"], json.loads(m["text"])["announcement"]["title"]) for m in messages
    ] == [("announcement.updated", "corrected")]
