"""The live announcements socket: joins the entitled groups, backfills, forwards."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.contrib.auth import get_user_model

from announcements import selectors
from announcements.relay import relay_for

logger = logging.getLogger(__name__)

# Close codes, documented in announcements/__init__.py.
CLOSE_MALFORMED = 4400
CLOSE_UNKNOWN_TYPE = 4405
CLOSE_TOO_LARGE = 4413
CLOSE_FLOOD = 4429
CLOSE_SERVER_ERROR = 1011
# 1013 (Try Again Later) is not a code daphne (autobahn) may send: it became 1011.
CLOSE_TRY_AGAIN = 4503
# Sent to `user-<id>` when what the person may receive changed (a membership
# removed or added): their open sockets re-read it and change groups.
ENTITLEMENT_CHANGED = "entitlement.changed"


@database_sync_to_async
def _connection_state(user) -> tuple[selectors.Entitlement, int]:
    return selectors.entitlement_for(user), selectors.latest_cursor()


@database_sync_to_async
def _backfill(entitlement: selectors.Entitlement, cursor: int):
    """The missed messages, whether some were left out, and the newest cursor the
    answer covers (read first: what commits later arrives live or next time)."""
    latest = selectors.latest_cursor()
    messages, truncated = selectors.backfill_messages(
        entitlement=entitlement, cursor=cursor
    )
    return messages, truncated, latest


@database_sync_to_async
def _entitlement_of(user_id: int | None) -> selectors.Entitlement:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return selectors.entitlement_for(user)


class AnnouncementConsumer(AsyncJsonWebsocketConsumer):
    """One browser tab's connection; it never writes to the database."""

    max_frame_chars = 4096
    # At most `flood_messages` client messages in any `flood_seconds` window.
    flood_messages = 20
    flood_seconds = 10.0

    async def __call__(self, scope, receive, send):
        # Channels' AsyncConsumer subscribes every socket to a channel of its own
        # before it even connects: with Redis away that raised and the handshake
        # answered 500. Group messages come through the relay instead, so a
        # socket needs no channel; `connect` handles a layer that is down.
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        try:
            await await_many_dispatch([receive], self.dispatch)
        except StopConsumer:
            pass

    async def dispatch(self, message):
        # Channels' dispatch closes stale database connections in a worker thread
        # before every handler, a thread hop per client frame. This consumer reads
        # the database only through database_sync_to_async, which closes them
        # itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.closing = False
        self.delivered: set[int] = set()
        self.received_at: deque[float] = deque()
        # Groups are joined through this process's relay (announcements.relay),
        # not with this socket's own channel; what arrives before `hello` waits.
        self.relay = relay_for(self.channel_layer)
        self.joined: list[str] = []
        self.early: list[dict] | None = []
        self.rescoping: asyncio.Task | None = None
        self.rescope_again = False
        try:
            self.entitlement, cursor = await _connection_state(self.scope.get("user"))
        except Exception:
            logger.exception("Announcement socket could not read the database")
            await self._refuse(CLOSE_SERVER_ERROR)
            return
        try:
            for group in self.entitlement.groups:
                await self.relay.join(group, self)
                self.joined.append(group)
        except Exception as error:
            # The channel layer (Redis) is away: say so with a clean close, the
            # client retries with backoff and backfills once it is back.
            logger.warning("Announcement socket could not join its groups: %r", error)
            await self._refuse(CLOSE_TRY_AGAIN)
            return
        await self.accept()
        await self.send_json(
            {
                "type": "hello",
                "cursor": cursor,
                "heartbeat": settings.ANNOUNCEMENTS_HEARTBEAT_SECONDS,
            }
        )
        early, self.early = self.early, None
        for message in early:
            await self.forward(message)

    async def _refuse(self, code: int) -> None:
        await self._leave_groups()
        self.closing = True
        await self.accept()
        await self.close(code=code)

    async def _leave_groups(self) -> None:
        for group in self.joined:
            try:
                await self.relay.leave(group, self)
            except Exception:
                logger.exception("Announcement socket could not leave %s", group)
        self.joined = []

    async def disconnect(self, code):
        self.closing = True
        if self.rescoping is not None:
            self.rescoping.cancel()
        await self._leave_groups()

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Everything a client sends is checked here; nothing it sends may raise.
        if self.closing:
            return
        if self._flooding():
            await self._close(CLOSE_FLOOD)
            return
        if text_data is None:
            await self._close(CLOSE_MALFORMED)
            return
        if len(text_data) > self.max_frame_chars:
            await self._close(CLOSE_TOO_LARGE)
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self._close(CLOSE_MALFORMED)
            return
        if not isinstance(content, dict):
            await self._close(CLOSE_MALFORMED)
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type", "since" if "since" in content else None)
        if kind == "since":
            cursor = content.get("since")
            if type(cursor) is not int or cursor < 0:
                await self._close(CLOSE_MALFORMED)
                return
            await self._send_backfill(cursor)
        elif kind == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self._close(CLOSE_UNKNOWN_TYPE)

    async def _send_backfill(self, cursor: int) -> None:
        # What the person may hear is read again first: an `entitlement.changed`
        # sent by another process through the in-memory layer (the task worker
        # of `make run`) never reaches this one, but the notice that came with it
        # shows as a gap in the heartbeat's cursor, and the client backfills.
        if not await self._refresh_groups():
            return
        try:
            messages, truncated, latest = await _backfill(self.entitlement, cursor)
        except Exception:
            logger.exception("Announcement backfill failed")
            await self._close(CLOSE_SERVER_ERROR)
            return
        sent = 0
        for message in messages:
            if await self.forward(message):
                sent += 1
        await self.send_json(
            {
                "type": "backfill.done",
                "count": sent,
                "truncated": truncated,
                "cursor": max([cursor, latest, *self.delivered]),
            }
        )

    async def forward(self, message: dict) -> bool:
        """Send a broadcast's encoded frame once per connection, even if backfill
        also found it; called by the relay and by backfill."""
        if message.get("type") == ENTITLEMENT_CHANGED:
            self.rescope_again = True
            if self.early is None and not self.closing and self.rescoping is None:
                self.rescoping = asyncio.create_task(self._rescope())
            return False
        if self.early is not None:
            self.early.append(message)
            return False
        cursor = message["cursor"]
        group = message.get("group")
        if self.closing or cursor in self.delivered:
            return False
        # A group left a moment ago may still have a message in flight.
        if group is not None and group not in self.joined:
            return False
        self.delivered.add(cursor)
        await self.send(text_data=message["text"])
        return True

    async def heartbeat(self, text: str) -> None:
        """The relay's beat: the newest cursor, so the client can see a gap."""
        if self.early is None and not self.closing:
            await self.send(text_data=text)

    async def _refresh_groups(self) -> bool:
        """Re-read the entitlement and change groups now; False if the socket
        closed meanwhile."""
        self.rescope_again = True
        if self.rescoping is None:
            self.rescoping = asyncio.create_task(self._rescope())
        try:
            await asyncio.shield(self.rescoping)
        except asyncio.CancelledError:
            return False
        return not self.closing

    async def _rescope(self) -> None:
        """Re-read what the person may receive and change groups to match; ends
        by closing the socket if that fails (the client reconnects)."""
        try:
            # A change announced while this one runs is read by another round.
            while self.rescope_again:
                self.rescope_again = False
                entitlement = await _entitlement_of(self.entitlement.user_id)
                wanted = entitlement.groups
                for group in [g for g in self.joined if g not in wanted]:
                    self.joined.remove(group)
                    await self.relay.leave(group, self)
                self.entitlement = entitlement
                for group in [g for g in wanted if g not in self.joined]:
                    await self.relay.join(group, self)
                    self.joined.append(group)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Announcement socket could not change its groups")
            await self._close(CLOSE_TRY_AGAIN)
        finally:
            self.rescoping = None

    def _flooding(self) -> bool:
        now = time.monotonic()
        self.received_at.append(now)
        while self.received_at and self.received_at[0] < now - self.flood_seconds:
            self.received_at.popleft()
        return len(self.received_at) > self.flood_messages

    async def _close(self, code: int) -> None:
        self.closing = True
        await self.close(code=code)
