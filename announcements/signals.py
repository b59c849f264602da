"""Signal receivers: a published training change becomes an announcement; a
registration's new status reaches the participant live; a membership added or
removed re-scopes that person's open sockets."""

import logging

from announcements import selectors, services
from announcements.consumers import ENTITLEMENT_CHANGED
from announcements.services import publishing
from core import effects

logger = logging.getLogger(__name__)


def announce_training_changes(sender, event, previous, **kwargs):
    """events.signals.training_changed: tell the participants what changed."""
    try:
        services.event_change_announce(event=event, previous=previous)
    except Exception:
        # Publishing the training must never fail because of its announcement.
        logger.exception("Could not announce the changes of training %s", event.pk)


def tell_participant_live(sender, registration, summary, **kwargs):
    """A participant's registration changed status (registrations.signals): the
    e-mail's subject reaches that person live as well, in their language."""
    try:
        services.announcement_publish(
            audience="user",
            title=summary,
            agency=registration.event.lead_agency,
            user=registration.user,
            by=None,
        )
    except Exception:  # a live message must never undo or block the change
        logger.exception("live announcement for registration %s", registration.pk)


def publish_due_on_worker_start(sender, **kwargs):
    """A task worker starts: send what fell due while none ran."""
    sent = services.publish_due_announcements()
    if sent:
        logger.info("Sent %d announcements due while no worker ran", len(sent))


def membership_changed(sender, instance, created=True, **kwargs):
    """A membership added or deleted (by any path: the members page, an account
    deletion, the admin): after commit, that person's open sockets re-read which
    agencies they hear, instead of keeping the old ones until they reconnect."""
    if not created:
        return  # a role change does not change what the person hears
    group = selectors.user_group(instance.user_id)
    effects.run_after_commit(
        publishing.send_to_groups, [group], {"type": ENTITLEMENT_CHANGED}
    )
