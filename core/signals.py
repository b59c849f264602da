"""Signals core sends; apps above subscribe to them from their AppConfig.ready()."""

from django.dispatch import Signal

# A task worker is about to take tasks: the place to catch up on work that fell
# due while no worker ran (for example scheduled announcements).
worker_started = Signal()
