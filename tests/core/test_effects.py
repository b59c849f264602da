"""core.effects: effects run after commit (never for a rollback), are written with the
change by the database backend, and are retried and logged when they fail."""

import logging

import pytest
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from core import effects
from tests.core import effects_for_tests
from tests.core.effects_for_tests import fail_then_record, not_an_effect, record
from tests.core.workers import DATABASE_TASKS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_calls():
    effects_for_tests.calls.clear()
    effects_for_tests.failures_left.clear()
    yield
    effects_for_tests.calls.clear()


def test_effect_runs_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            effects.enqueue_after_commit(record, value=1)
            assert effects_for_tests.calls == []
    assert effects_for_tests.calls == [{"value": 1}]


def test_effect_of_a_rolled_back_change_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            effects.enqueue_after_commit(record, value=1)
            raise RuntimeError("the change fails")
    assert effects_for_tests.calls == []


def test_database_backend_writes_the_task_in_the_changing_transaction(settings):
    settings.TASKS = DATABASE_TASKS
    with pytest.raises(RuntimeError), transaction.atomic():
        effects.enqueue_after_commit(record, value=1)
        # Already a row of this transaction: it commits with the change...
        [row] = DBTaskResult.objects.all()
        assert row.task_path == "core.effects.run_effect"
        assert row.args_kwargs["args"] == [
            "tests.core.effects_for_tests.record",
            {"value": 1},
        ]
        raise RuntimeError("the change fails")
    # ...and leaves with it.
    assert not DBTaskResult.objects.exists()
    assert effects_for_tests.calls == []


def test_failing_effect_is_retried_and_each_failure_logged(caplog):
    effects_for_tests.failures_left["mail"] = 1
    with caplog.at_level(logging.WARNING, logger="core.effects"):
        effects.enqueue(fail_then_record, key="mail")
    assert effects_for_tests.calls == [{"key": "mail"}]
    [warning] = [r for r in caplog.records if r.name == "core.effects"]
    assert warning.levelno == logging.WARNING
    assert "attempt 1 of 3" in warning.getMessage()
    assert "failing on purpose" in warning.exc_text


def test_effect_failing_every_attempt_is_logged_as_an_error(caplog):
    effects_for_tests.failures_left["mail"] = 99
    with caplog.at_level(logging.WARNING, logger="core.effects"):
        effects.enqueue(fail_then_record, key="mail")
    assert effects_for_tests.calls == []
    assert effects_for_tests.failures_left["mail"] == 96  # three attempts
    records = [r for r in caplog.records if r.name == "core.effects"]
    assert [r.levelno for r in records] == [logging.WARNING] * 2 + [logging.ERROR]
    assert "failed 3 times; giving up" in records[-1].getMessage()
    assert "tests.core.effects_for_tests.fail_then_record" in records[-1].getMessage()


def test_only_marked_functions_run_as_effects():
    with pytest.raises(TypeError):
        effects.enqueue_after_commit(not_an_effect, value=1)
    # A task row naming another function (a tampered row) is refused.
    with pytest.raises(SuspiciousOperation):
        effects.run_effect.call("tests.core.effects_for_tests.not_an_effect", {})
    assert effects_for_tests.calls == []


def test_backend_that_cannot_defer_skips_a_deferred_effect():
    """The immediate backend (tests) cannot wait: sweeps catch up instead."""
    from django.utils import timezone

    effects.enqueue(record, run_after=timezone.now(), value=1)
    assert effects_for_tests.calls == []
