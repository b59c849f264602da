"""Cached fragments of the public listings (home, news index, calendar) and the
version that every change to what they list replaces.

A fragment holds only what every visitor sees alike: the header (sign-in state),
messages and anything personal stay outside it. Its key carries the listings
version, so publishing, unpublishing, moving or deleting a page, or renaming an
agency or a topic, makes every cached listing unreachable at once; old fragments
then expire on their own. The timeout bounds what time alone changes (a training
that has started leaves "upcoming").

The version lives in the cache itself, so all ASGI processes share it when the
cache is Redis (REDIS_URL); the local-memory default is per process, which is
only right for one process.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

LISTINGS_VERSION_KEY = "listings:version"
LISTINGS_TIMEOUT = 300


def listings_version() -> str:
    version = cache.get(LISTINGS_VERSION_KEY)
    if version is None:
        cache.add(LISTINGS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(LISTINGS_VERSION_KEY)
    return version


def listings_changed() -> None:
    """Make every cached listing stale."""
    cache.set(LISTINGS_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def listing_fragment_key(name: str, request, page_id: int | None) -> str:
    """One key per listing, version, language, page and full address (filters and
    page number are in the query string)."""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"listing:{name}:{listings_version()}:{get_language()}:{page_id}:{address}"


def _content_changed(**kwargs) -> None:
    # Now, so this very transaction reads fresh listings, and again after the
    # commit, so a request that cached the old state in between is not kept.
    listings_changed()
    transaction.on_commit(listings_changed)


def _page_saved_or_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        _content_changed()


def connect_signals() -> None:
    """Connected from PortalConfig.ready(). Any page save counts (a draft too):
    a page built with `add_child` is live without being published."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from agencies.models import Agency
    from home.models import Topic

    post_save.connect(_page_saved_or_deleted, dispatch_uid="listings_page_saved")
    post_delete.connect(_page_saved_or_deleted, dispatch_uid="listings_page_deleted")
    for signal, name in [
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ]:
        signal.connect(_content_changed, dispatch_uid=f"listings_page_{name}")
    # Cards name the organizers; the calendar's filters list agencies and topics.
    for model in (Agency, Topic, PageViewRestriction):
        label = model._meta.label_lower
        post_save.connect(
            _content_changed, sender=model, dispatch_uid=f"listings_{label}_saved"
        )
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"listings_{label}_deleted"
        )
