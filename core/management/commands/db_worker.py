"""`manage.py db_worker`: django-tasks-db's worker, telling the apps when it starts.

Receivers of `core.signals.worker_started` run first, in the worker process, then
the worker takes tasks until it is stopped.
"""

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from core.signals import worker_started

logger = logging.getLogger(__name__)


class Command(DBWorkerCommand):
    def handle(self, *args, **options):
        reloading = options.get("reload") and not options.get("batch")
        # With the reloader, only the child process runs the worker.
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            for receiver, response in worker_started.send_robust(sender=type(self)):
                if isinstance(response, Exception):
                    logger.error(
                        "worker_started receiver %r failed",
                        receiver,
                        exc_info=response,
                    )
        return super().handle(*args, **options)
