"""Domain signals of the registrations app, for the apps above it (announcements).

Receivers are connected in their app's AppConfig.ready() with a dispatch_uid.
"""

from django.dispatch import Signal

# A participant has been told (by e-mail) that their registration changed status.
# Sent by the notification effect in the task worker, after the change committed,
# inside the participant's language. Keyword arguments: `registration`,
# `previous` (the former status, or None for a new application) and `summary`
# (the e-mail's subject: one line, in that language), `summaries` (that line
# in every language of the site, by language code) and `message` (what the
# organizers wrote with their decision, or ""). Receivers must not raise
# to undo anything: the change is committed and the e-mail sent.
registration_status_changed = Signal()
