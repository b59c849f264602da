"""App configuration for core, the lowest layer: helpers every app may use."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import cache

        cache.connect_page_receivers()
