"""App configuration of the project package (base templates, static, commands)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from agencies.models import Agency
        from core.cache import invalidate_on_change
        from home.models import PortalSettings, Topic

        # Cards name the organizers; the calendar's filters list agencies and
        # topics; the footer of every cached page shows the portal settings.
        invalidate_on_change(Agency)
        invalidate_on_change(Topic)
        invalidate_on_change(PortalSettings, except_creation=True)
