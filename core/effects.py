"""On-commit effects: the work a change causes outside its transaction (e-mail, live
notices, a scheduled publication), recorded with the change and run by the task
worker, retried when it fails.

An effect is a module-level function marked with `@effect`, taking keyword
arguments that JSON can carry (ids, strings, ISO dates). `enqueue_after_commit`
schedules it; the single task `run_effect` runs it in the worker.

Cheap work that must happen in this process once the data is saved (a message to
the channel layer, a log line) goes through `run_after_commit` instead: no task,
no retry, a failure logged without touching the request.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

EFFECT_MARK = "_portal_effect"
# Seconds to wait before each new attempt; one attempt more than delays in all.
DEFAULT_RETRY_DELAYS = (30, 120, 600, 3600)


def effect(function: Callable[..., Any]) -> Callable[..., Any]:
    """Allow the task worker to run `function` as an effect (by its dotted path)."""
    setattr(function, EFFECT_MARK, True)
    return function


def _path_of(function: Callable[..., Any]) -> str:
    if not getattr(function, EFFECT_MARK, False):
        raise TypeError(f"{function!r} is not marked with @effect")
    return f"{function.__module__}.{function.__qualname__}"


def _writes_in_transaction(backend, using: str) -> bool:
    """Whether the backend stores tasks as rows of the database `using`."""
    if not isinstance(backend, DatabaseBackend):
        return False
    return router.db_for_write(
        apps.get_model("django_tasks_database", "DBTaskResult")
    ) == (using)


def enqueue_after_commit(
    function: Callable[..., Any],
    /,
    *,
    run_after: datetime.datetime | None = None,
    using: str = DEFAULT_DB_ALIAS,
    **kwargs: Any,
) -> None:
    """Run `function(**kwargs)` in the task worker once the current transaction
    commits, and never if it rolls back.

    With the database task backend on the same database, the task row is written
    inside the transaction (an outbox): it commits with the change, so a process
    that dies right after the commit cannot lose it, and the worker cannot see it
    before the commit. Other backends enqueue from `transaction.on_commit`.
    `run_after` defers it; a backend that cannot defer (the immediate one of the
    tests) skips a deferred effect, so deferred effects must be safe to miss and
    caught up by a sweep (see `core.signals.worker_started`).
    """
    _path_of(function)  # refuse an unmarked function now, not after commit
    if _writes_in_transaction(run_effect.get_backend(), using):
        enqueue(function, run_after=run_after, **kwargs)
    else:
        transaction.on_commit(
            lambda: enqueue(function, run_after=run_after, **kwargs), using=using
        )


def run_after_commit(
    function: Callable[..., Any],
    /,
    *args: Any,
    using: str = DEFAULT_DB_ALIAS,
    **kwargs: Any,
) -> None:
    """Call `function(*args, **kwargs)` in this process once the current
    transaction commits (at once outside a transaction), and never if it rolls
    back.

    For cheap in-process work only: a failure is logged and neither undoes the
    change nor stops the other after-commit work. E-mail and anything slow or
    worth retrying is an effect for `enqueue_after_commit`.
    """

    @functools.wraps(function)  # Django's log of a failure names the function
    def call() -> None:
        function(*args, **kwargs)

    transaction.on_commit(call, using=using, robust=True)


def enqueue(
    function: Callable[..., Any],
    /,
    *,
    run_after: datetime.datetime | None = None,
    **kwargs: Any,
) -> None:
    """Enqueue `function(**kwargs)` for the task worker now.

    For code that does not run inside a transaction of its own (allauth's
    e-mails); the database backend still writes the row in the current
    transaction, if there is one. The immediate backend runs it at once.
    """
    path = _path_of(function)
    queued = run_effect
    if run_after is not None:
        if not queued.get_backend().supports_defer:
            logger.debug("%s not deferred: the task backend cannot defer", path)
            return
        queued = queued.using(run_after=run_after)
    queued.enqueue(path, kwargs)


def requeue_if_early(
    function: Callable[..., Any], /, *, moment: str, **kwargs: Any
) -> bool:
    """For a deferred effect woken before its time (`moment`, an ISO date the
    effect carries): enqueue it again to run then, and say so. A moment that
    cannot be read counts as reached."""
    when = parse_datetime(moment)
    if when is None or when <= timezone.now():
        return False
    enqueue(function, run_after=when, **kwargs)
    return True


def _retry_delays() -> tuple[float, ...]:
    return tuple(getattr(settings, "EFFECT_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


@task()
def run_effect(path: str, kwargs: dict, attempt: int = 1) -> None:
    """Run one effect; on failure enqueue the next attempt, then fail this one.

    Each failed attempt is logged with its traceback and stays in the task
    results as failed; after the last attempt the error says it gave up.
    """
    function = import_string(path)
    if not getattr(function, EFFECT_MARK, False):
        raise SuspiciousOperation(f"{path} is not an effect")
    try:
        function(**kwargs)
    except Exception:
        delays = _retry_delays()
        if attempt <= len(delays):
            logger.warning(
                "Effect %s failed (attempt %d of %d); trying again in %s s",
                path,
                attempt,
                len(delays) + 1,
                delays[attempt - 1],
                exc_info=True,
            )
            retry = run_effect
            if retry.get_backend().supports_defer:
                retry = retry.using(
                    run_after=timezone.now()
                    + datetime.timedelta(seconds=delays[attempt - 1])
                )
            retry.enqueue(path, kwargs, attempt + 1)
        else:
            logger.error(
                "Effect %s failed %d times; giving up",
                path,
                attempt,
                exc_info=True,
            )
        raise
