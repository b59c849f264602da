"""App configuration for search: connects the receivers that keep the index true.
The searchable types are registered by their own apps (search.registry)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from search import signals

        signals.connect()
