"""The publication task of a scheduled announcement sends it once, at its time, and
does nothing for one rescheduled, withdrawn or already sent."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from announcements import services
from announcements.models import Announcement, Broadcast
from tests.core.workers import DATABASE_TASKS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _scheduled(minutes: int = 10) -> Announcement:
    return services.announcement_publish(
        audience=Announcement.Audience.PUBLIC,
        title="Convocatoria",
        publish_at=timezone.now() + datetime.timedelta(minutes=minutes),
    )


def _run_task_at_its_time(announcement: Announcement, publish_at) -> None:
    """What the worker does at `publish_at`: the time has come."""
    Announcement.objects.filter(pk=announcement.pk, publish_at=publish_at).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    announcement.refresh_from_db()
    services.announcement_publish_scheduled(
        announcement_id=announcement.pk,
        publish_at=announcement.publish_at.isoformat(),
    )


def test_scheduling_enqueues_the_publication_for_its_time(settings):
    settings.TASKS = DATABASE_TASKS
    announcement = _scheduled()
    [task] = DBTaskResult.objects.filter(task_path="core.effects.run_effect")
    assert task.run_after == announcement.publish_at
    path, kwargs = task.args_kwargs["args"][:2]
    assert path == "announcements.services.publishing.announcement_publish_scheduled"
    assert kwargs == {
        "announcement_id": announcement.pk,
        "publish_at": announcement.publish_at.isoformat(),
    }


def test_task_sends_the_announcement_once_when_its_time_comes():
    announcement = _scheduled()
    _run_task_at_its_time(announcement, announcement.publish_at)
    announcement.refresh_from_db()
    assert announcement.broadcast_at is not None
    services.announcement_publish_scheduled(
        announcement_id=announcement.pk,
        publish_at=announcement.publish_at.isoformat(),
    )
    assert Broadcast.objects.filter(announcement=announcement).count() == 1


def test_task_of_a_rescheduled_announcement_does_nothing():
    announcement = _scheduled()
    first_time = announcement.publish_at
    services.announcement_update(
        announcement=announcement,
        by=None,
        audience=announcement.audience,
        title=announcement.title,
        body="",
        level=announcement.level,
        publish_at=first_time + datetime.timedelta(hours=1),
    )
    services.announcement_publish_scheduled(
        announcement_id=announcement.pk, publish_at=first_time.isoformat()
    )
    announcement.refresh_from_db()
    assert announcement.broadcast_at is None
    assert not Broadcast.objects.exists()


def test_task_of_a_withdrawn_announcement_does_nothing():
    announcement = _scheduled()
    services.announcement_withdraw(
        announcement=announcement, by=UserFactory(is_superuser=True)
    )
    _run_task_at_its_time(announcement, announcement.publish_at)
    announcement.refresh_from_db()
    assert announcement.broadcast_at is None
    assert not Broadcast.objects.exists()


def test_task_woken_early_waits_for_the_time(settings):
    settings.TASKS = DATABASE_TASKS
    announcement = _scheduled()
    DBTaskResult.objects.all().delete()
    services.announcement_publish_scheduled(
        announcement_id=announcement.pk,
        publish_at=announcement.publish_at.isoformat(),
    )
    announcement.refresh_from_db()
    assert announcement.broadcast_at is None
    [task] = DBTaskResult.objects.filter(task_path="core.effects.run_effect")
    assert task.run_after == announcement.publish_at
