"""Announcements to an audience, published live over Channels.

Audiences and groups
--------------------
An announcement goes to one channel-layer group: ``public`` (everyone),
``agency-<id>`` (the members of the publishing agency), ``event-<id>`` (the
confirmed participants of one training, by its page id) or ``user-<id>`` (one
person). ``selectors.entitled_groups(user)`` says which groups a connection joins;
it is read at every connection, and again by the open sockets of a person whose
membership is added or removed (``entitlement.changed`` sent to ``user-<id>``,
``signals.membership_changed``), so a removed member stops hearing the agency at
once. Writes go through ``services`` only, which send after commit.

Fan-out: the publisher encodes the frame clients receive once
(``selectors.broadcast_message``); each server process joins each group once,
through ``relay``, and writes that text to its own sockets. With REDIS_URL the
layer is channels_redis' pub/sub layer, so an announcement is one Redis message
per process. ``bench/ws_fanout.py`` measures the delay at 100 to 1,000 sockets.

The admin: one permission policy (``wagtail_hooks.AnnouncementPermissionPolicy``)
answers every view of the viewset. What the portal sends by itself (``by=None``,
no author: per-person and system notices) is read-only there and listed only
when the "Written by" filter asks for it; "Copy" fills a new announcement's form,
published through ``services`` like any other.

Publishing: editors use the admin (Announcements menu) for their own agencies;
other apps call ``services.announcement_publish(..., by=None)`` (registration
status changes, for instance); a published training that is postponed,
cancelled or has a session moved is announced to its participants by
``services.event_change_announce`` (connected in ``apps.py``). A scheduled
announcement goes out when ``manage.py publish_due_announcements`` runs after its
time: run it every minute from cron. Without REDIS_URL the channel layer lives
inside one server process, so what another process publishes (the cron command,
load_demo) reaches open pages at their next connection, through ``since``.

The socket: ``ws(s)://<host>/ws/announcements/``
-------------------------------------------------
Session cookie authentication (same origin only). All frames are JSON text.

Server → client:

``{"type": "hello", "cursor": N, "heartbeat": S}``
    Right after the connection opens. ``N`` is the newest cursor; a client that
    remembers no cursor stores it and asks for nothing. ``S``: seconds between
    heartbeats (``ANNOUNCEMENTS_HEARTBEAT_SECONDS``).
``{"type": "heartbeat", "cursor": N}``
    Every ``S`` seconds, ``N`` the newest cursor. A client whose cursor is lower
    missed something (the channel layer was down when it went out) and sends
    ``since``; a client that hears nothing for a few beats reconnects.
``{"type": "announcement.published" | "announcement.updated", "cursor": N,
"announcement": {...}}``
    ``announcement`` has ``id``, ``title``, ``body`` (the Spanish texts, plain
    text: show them with textContent), ``texts`` (``{"es": {"title", "body"},
    "en": {"title", "body"}}``, English empty when not written: a page shows its
    language's, or the other one marked as such), ``level``
    (``info``/``important``/``urgent``), ``audience``
    (``public``/``agency``/``event``/``user``), ``agency`` (null or ``{"id",
    "acronym", "name": {"es", "en"}}``), ``event_id``, ``publish_at`` and
    ``expires_at`` (ISO 8601 or null).
``{"type": "announcement.withdrawn", "cursor": N, "announcement": {"id": ID}}``
    Remove it from the screen.
``{"type": "backfill.done", "count": K, "truncated": bool, "cursor": N}``
    Ends the answer to ``since``: ``K`` messages were sent (oldest first, at most
    50, newest kept when ``truncated``), ``N`` is the newest cursor the answer
    covers (the client may store it even if nothing it may read was sent).
``{"type": "pong"}``
    Answers ``ping``.

Every message about an announcement carries a ``cursor``: ids of the broadcast
log, increasing with every publication, edit and withdrawal. A connection never
sends the same cursor twice; the client keeps the highest it has seen.

Client → server (at most 4096 characters each, at most 20 in 10 seconds):

``{"type": "since", "since": N}`` or ``{"since": N}``
    Send every announcement the user may read that changed after cursor ``N``
    (its current state: published, updated or withdrawn), then
    ``backfill.done``. Send it once after ``hello`` when reconnecting.
``{"type": "ping"}``
    Keep-alive.

Close codes:

* 4400 — a frame that is not a JSON object, a binary frame, or a bad ``since``;
* 4405 — an unknown message type;
* 4413 — a frame over 4096 characters;
* 4429 — more than 20 messages within 10 seconds;
* 1011 — the server could not read the database; reconnect later;
* 4503 — the live channel layer (Redis) is unavailable; reconnect later.

The client (``portal/static/js/announcements.js``) reconnects with exponential
backoff and jitter after any close, and keeps its cursor in localStorage.
"""
