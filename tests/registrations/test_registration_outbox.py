"""Registration e-mails and live notices are tasks written with the registration:
a server killed between the commit and the send loses none of them, and a failed
send is retried and logged. Real daphne and db_worker processes on PostgreSQL."""

import re
import threading
import urllib.request

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from announcements.models import Announcement
from registrations import services
from registrations.models import Registration
from tests.announcements.servers import (
    DaphneServer,
    session_cookie_for,
    shared_database_url,
)
from tests.core.workers import DATABASE_TASKS, TaskWorker, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _personal_notices(user):
    return Announcement.objects.filter(
        audience=Announcement.Audience.USER, recipient=user
    )


def _post_apply_form(server: DaphneServer, session: str, event_id: int) -> None:
    """Apply as a browser would; the answer may never come (the server dies)."""
    url = server.url + reverse("registrations:apply", args=[event_id])
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}")]
    with opener.open(url, timeout=30) as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    csrf_cookie = next(
        c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken=")
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    opener.addheaders = [
        ("Cookie", f"sessionid={session}; csrftoken={csrf_cookie}"),
    ]
    data = f"csrfmiddlewaretoken={token}".encode()
    try:
        opener.open(url, data=data, timeout=60).close()
    except OSError:
        pass  # killed while answering


def test_confirmation_survives_a_server_killed_between_commit_and_send(
    make_event, participant, tmp_path
):
    event = make_event()
    server = DaphneServer(database_url=shared_database_url(), log_dir=tmp_path)
    # Its mail server stalls: a send from the request would hang until the kill.
    server.env.update(
        TASKS_BACKEND="database",
        TEST_EMAIL_BACKEND="tests.core.mail_backends.StalledBackend",
    )
    server.start()
    try:
        session = session_cookie_for(participant)
        request = threading.Thread(
            target=_post_apply_form, args=(server, session, event.pk), daemon=True
        )
        request.start()
        wait_until(
            lambda: Registration.objects.filter(user=participant).exists(),
            timeout=60,
            what="the registration's commit",
        )
        server.process.kill()  # kill -9 right after the commit
        server.process.wait()
    finally:
        server.stop()
    assert Registration.objects.get(user=participant).status == "confirmed"
    assert not _personal_notices(participant).exists()

    worker = TaskWorker(log_dir=tmp_path)
    worker.start()
    try:
        [message] = wait_until(worker.messages, timeout=60, what="the e-mail")
        wait_until(
            lambda: _personal_notices(participant).exists(),
            timeout=20,
            what="the live notice",
        )
    finally:
        worker.stop()
    assert message["To"] == participant.email
    assert event.title in message["Subject"] or event.title in str(
        message.get_payload()
    )
    assert _personal_notices(participant).count() == 1


def test_failed_send_is_retried_and_logged_never_lost(
    make_event, participant, tmp_path, settings
):
    settings.TASKS = DATABASE_TASKS
    event = make_event()
    services.registration_apply(event=event, user=participant)
    worker = TaskWorker(
        log_dir=tmp_path,
        mail_backend="tests.core.mail_backends.FlakyFileBackend",
        TEST_EMAIL_FAILURES="1",
    )
    worker.start()
    try:
        [message] = wait_until(worker.messages, timeout=60, what="the e-mail")
        effect_runs = DBTaskResult.objects.filter(task_path="core.effects.run_effect")
        wait_until(
            lambda: effect_runs.successful().exists(), timeout=20, what="the retry"
        )
        wait_until(
            lambda: "failed (attempt 1 of 3)" in worker.log(),
            timeout=10,
            what="the failure in the worker's log",
        )
    finally:
        worker.stop()
    assert message["To"] == participant.email
    [failed] = effect_runs.failed()
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert "the mail server went away" in failed.traceback
    [succeeded] = effect_runs.successful()
    assert succeeded.args_kwargs["args"][2] == 2  # the second attempt
    assert "SMTPServerDisconnected" in worker.log()
    assert _personal_notices(participant).count() == 1
