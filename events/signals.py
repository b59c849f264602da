"""Domain signals of the events app, for apps above it (announcements) to subscribe
to from their AppConfig.ready(); events sends them from Wagtail's page signals."""

from django.dispatch import Signal
from wagtail.models import PageLogEntry

# A training was published (first time or again). Arguments: `event` (the
# EventPage), `previous` (the content of the version published before, a
# revision's content dict, or None on its first publication).
training_published = Signal()
# A training published before was published again (same arguments; `previous`
# is never None): compare with it to tell participants what changed.
training_changed = Signal()


def previous_published_content(page, revision) -> dict | None:
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


def send_training_published(*, event, revision) -> None:
    """Tell subscribers a training was published, and changed if it was before."""
    previous = previous_published_content(event, revision)
    training_published.send(sender=type(event), event=event, previous=previous)
    if previous is not None:
        training_changed.send(sender=type(event), event=event, previous=previous)
