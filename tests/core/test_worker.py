"""The real task worker (`manage.py db_worker`, started by the test on PostgreSQL)
publishes scheduled announcements at their time, and on start sends the ones that
fell due while no worker ran."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from announcements.models import Announcement, Broadcast
from announcements.services import announcement_publish
from tests.core.workers import DATABASE_TASKS, TaskWorker, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    worker = TaskWorker(log_dir=tmp_path)
    yield worker
    worker.stop()


def _sent(announcement: Announcement) -> bool:
    return Broadcast.objects.filter(
        announcement=announcement, kind=Broadcast.Kind.PUBLISHED
    ).exists()


def test_running_worker_publishes_a_scheduled_announcement_at_its_time(worker):
    worker.start()
    publish_at = timezone.now() + datetime.timedelta(seconds=3)
    announcement = announcement_publish(
        audience=Announcement.Audience.PUBLIC,
        title="Taller reprogramado",
        publish_at=publish_at,
    )
    assert not _sent(announcement)
    wait_until(lambda: _sent(announcement), timeout=40, what=worker.log_path.name)
    announcement.refresh_from_db()
    assert announcement.broadcast_at >= publish_at
    assert Broadcast.objects.filter(announcement=announcement).count() == 1


def test_announcements_due_while_no_worker_ran_go_out_when_it_starts(worker):
    scheduled = announcement_publish(
        audience=Announcement.Audience.PUBLIC,
        title="Programado con el trabajador detenido",
        publish_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    # A row no task announces (written before tasks existed, or by hand): only
    # the sweep at start can send it.
    unannounced = Announcement.objects.create(
        audience=Announcement.Audience.PUBLIC,
        title="Sin tarea",
        publish_at=timezone.now() - datetime.timedelta(minutes=34),
    )
    assert DBTaskResult.objects.filter(task_path="core.effects.run_effect").count() == 1
    wait_until(
        lambda: scheduled.publish_at < timezone.now(), timeout=5, what="its time"
    )
    assert not _sent(scheduled) and not _sent(unannounced)

    worker.start()
    wait_until(
        lambda: _sent(scheduled) and _sent(unannounced),
        timeout=40,
        what="both announcements",
    )
    assert Broadcast.objects.count() == 2
    # The sweep at start sent both, before the worker took the scheduled one's task
    # (which then found it sent and did nothing).
    wait_until(
        lambda: "Sent 2 announcements due while no worker ran" in worker.log(),
        timeout=10,
        what="the sweep's log line",
    )
