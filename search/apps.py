"""App configuration for search: registers the searchable types and the receivers
that keep the index true."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from search import signals
        from search.adapters import register_portal_adapters

        register_portal_adapters()
        signals.connect()
