"""App configuration for home."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Public site")

    def ready(self):
        from agencies.hooks import agency_profile_listings
        from home import search_adapters, selectors

        agency_profile_listings.register("news", selectors.agency_news)
        agency_profile_listings.register("resources", selectors.agency_resources)
        search_adapters.register()
