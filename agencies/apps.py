"""App configuration for agencies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.contrib.auth.signals import user_logged_in
        from wagtail.signals import page_published

        from agencies import signals

        user_logged_in.connect(
            signals.accept_pending_invitation,
            dispatch_uid="agencies_accept_pending_invitation",
        )
        user_signed_up.connect(
            signals.create_profile, dispatch_uid="agencies_create_profile"
        )
        page_published.connect(
            signals.grant_editors_new_index,
            dispatch_uid="agencies_grant_editors_new_index",
        )

        from agencies import search_adapters

        search_adapters.register()
