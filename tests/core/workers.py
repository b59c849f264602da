"""Real task workers for the tests: `manage.py db_worker` subprocesses on the test's
PostgreSQL database, their e-mail written to files the test reads."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.announcements.servers import ROOT, shared_database_url

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def wait_until(condition: Callable[[], object], *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class TaskWorker:
    """One `manage.py db_worker` process; its mail goes to `mail_dir`."""

    def __init__(self, *, log_dir: Path, mail_backend: str = "", **env: str):
        self.mail_dir = log_dir / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.log_path = log_dir / "worker.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": shared_database_url(),
            "CONN_MAX_AGE": "0",
            "TASKS_BACKEND": "database",
            "TEST_EMAIL_BACKEND": mail_backend
            or "django.core.mail.backends.filebased.EmailBackend",
            "TEST_EMAIL_FILE_PATH": str(self.mail_dir),
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def messages(self) -> list[email.message.EmailMessage]:
        """Every message the worker's file backend wrote (one file may hold many),
        headers decoded (a subject with accents is written as RFC 2047 words)."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    found.append(
                        email.message_from_bytes(
                            chunk.strip(), policy=email.policy.default
                        )
                    )
        return found
