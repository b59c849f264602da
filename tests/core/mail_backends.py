"""E-mail backends that misbehave on purpose, for servers and workers tests start."""

import os
import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class StalledBackend(BaseEmailBackend):
    """A mail server that accepts the connection and never answers."""

    def send_messages(self, email_messages):
        time.sleep(600)
        return 0


class FlakyFileBackend(FileBackend):
    """Fails the first TEST_EMAIL_FAILURES sends of the process, then writes files."""

    failures_left = int(os.environ.get("TEST_EMAIL_FAILURES", "0"))

    def send_messages(self, email_messages):
        if FlakyFileBackend.failures_left > 0:
            FlakyFileBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return super().send_messages(email_messages)
