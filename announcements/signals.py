"""Signal receivers: a published training change becomes an announcement; a
registration's new status reaches the participant live; a membership added or
removed re-scopes that person's open sockets."""

import logging

from django.db import transaction
from wagtail.models import PageLogEntry

from announcements import selectors, services
from announcements.consumers import ENTITLEMENT_CHANGED

logger = logging.getLogger(__name__)


def _previous_published_content(page, revision) -> dict | None:
    """The content of the version published before this one, if any.

    Wagtail sends page_published before it logs this publication, so the newest
    publish entry (other than this revision) is the previous one.
    """
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .exclude(revision_id=revision.pk if revision else None)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None or entry.revision is None:
        return None
    return entry.revision.content


def announce_training_changes(sender, instance, revision=None, **kwargs):
    try:
        services.event_change_announce(
            event=instance, previous=_previous_published_content(instance, revision)
        )
    except Exception:
        # Publishing the training must never fail because of its announcement.
        logger.exception("Could not announce the changes of training %s", instance.pk)


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
    transaction.on_commit(
        lambda: services._send([group], {"type": ENTITLEMENT_CHANGED})
    )
