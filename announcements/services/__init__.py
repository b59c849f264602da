"""Writes of the announcements app: publish, edit, withdraw, send the due ones.

Every function validates, writes in one transaction, records a Broadcast row
(the clients' cursor) and sends to the channel layer only after commit, so no
client hears of an announcement the database does not hold. Business refusals
raise AnnouncementError.

Other apps announce through `announcement_publish(..., by=None)`: a call without
a person acting is the portal itself (an event postponed, a registration
approved) and skips the editor checks, not the validation.

The package holds one module per subject; import from here.
"""

from .checks import BODY_MAX, TITLE_MAX, AnnouncementError, announcement_check_audience
from .publishing import (
    announcement_publish,
    announcement_publish_scheduled,
    announcement_update,
    announcement_withdraw,
    publish_due_announcements,
)
from .training_changes import event_change_announce

__all__ = [
    "AnnouncementError",
    "BODY_MAX",
    "TITLE_MAX",
    "announcement_check_audience",
    "announcement_publish",
    "announcement_publish_scheduled",
    "announcement_update",
    "announcement_withdraw",
    "event_change_announce",
    "publish_due_announcements",
]
