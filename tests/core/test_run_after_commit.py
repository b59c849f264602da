"""core.effects.run_after_commit: cheap in-process work once the change is saved."""

import logging

import pytest
from django.db import transaction

from core import effects


def test_runs_after_commit_never_before(db, django_capture_on_commit_callbacks):
    calls = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            effects.run_after_commit(calls.append, "sent", using="default")
            assert calls == []
    assert calls == ["sent"]


def test_never_runs_for_a_rolled_back_change(db, django_capture_on_commit_callbacks):
    calls = []
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            effects.run_after_commit(calls.append, "sent")
            raise RuntimeError("the change fails")
    assert calls == []


def test_arguments_are_passed(db, django_capture_on_commit_callbacks):
    calls = []
    with django_capture_on_commit_callbacks(execute=True):
        effects.run_after_commit(
            lambda *args, **kwargs: calls.append((args, kwargs)), 1, b=2
        )
    assert calls == [((1,), {"b": 2})]


def test_a_failure_is_logged_and_the_next_work_still_runs(
    db, django_capture_on_commit_callbacks, caplog
):
    calls = []

    def send_to_channel_layer():
        raise ConnectionError("channel layer down")

    with (
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        effects.run_after_commit(send_to_channel_layer)
        effects.run_after_commit(calls.append, "next")
    assert calls == ["next"]
    assert "send_to_channel_layer" in caplog.text
    assert "channel layer down" in caplog.text
