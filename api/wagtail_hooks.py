"""The API's entries in Wagtail's history: tokens created and revoked."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


class TokenLogFormatter(LogFormatter):
    template = ""

    def format_message(self, log_entry):
        return self.template % {"token": (log_entry.data or {}).get("token", "")}


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    @actions.register_action("api.token.create")
    class TokenCreated(TokenLogFormatter):
        label = _("API token created")
        template = _("Created the API token “%(token)s”")

    @actions.register_action("api.token.revoke")
    class TokenRevoked(TokenLogFormatter):
        label = _("API token revoked")
        template = _("Revoked the API token “%(token)s”")
