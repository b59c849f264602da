"""The live announcements socket: joins the entitled groups, backfills, forwards."""

from __future__ import annotations

import json
import logging
import time
from collections import deque

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from announcements import selectors
from announcements.relay import relay_for

logger = logging.getLogger(__name__)

# Close codes, documented in announcements/__init__.py.
CLOSE_MALFORMED = 4400
CLOSE_UNKNOWN_TYPE = 4405
CLOSE_TOO_LARGE = 4413
CLOSE_FLOOD = 4429
CLOSE_SERVER_ERROR = 1011


@database_sync_to_async
def _connection_state(user) -> tuple[selectors.Entitlement, int]:
    return selectors.entitlement_for(user), selectors.latest_cursor()


@database_sync_to_async
def _backfill(entitlement: selectors.Entitlement, cursor: int):
    return selectors.backfill_messages(entitlement=entitlement, cursor=cursor)


class AnnouncementConsumer(AsyncJsonWebsocketConsumer):
    """One browser tab's connection; it never writes to the database."""

    max_frame_chars = 4096
    # At most `flood_messages` client messages in any `flood_seconds` window.
    flood_messages = 20
    flood_seconds = 10.0

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
        try:
            self.entitlement, cursor = await _connection_state(self.scope.get("user"))
            for group in self.entitlement.groups:
                await self.relay.join(group, self)
                self.joined.append(group)
        except Exception:
            logger.exception("Announcement socket could not start")
            await self.close(code=CLOSE_SERVER_ERROR)
            return
        await self.accept()
        await self.send_json({"type": "hello", "cursor": cursor})
        early, self.early = self.early, None
        for message in early:
            await self.forward(message)

    async def disconnect(self, code):
        for group in self.joined:
            await self.relay.leave(group, self)
        self.joined = []

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
        try:
            messages, truncated = await _backfill(self.entitlement, cursor)
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
                "cursor": max([cursor, *self.delivered]),
            }
        )

    async def forward(self, message: dict) -> bool:
        """Send a broadcast's encoded frame once per connection, even if backfill
        also found it; called by the relay and by backfill."""
        if self.early is not None:
            self.early.append(message)
            return False
        cursor = message["cursor"]
        if self.closing or cursor in self.delivered:
            return False
        self.delivered.add(cursor)
        await self.send(text_data=message["text"])
        return True

    def _flooding(self) -> bool:
        now = time.monotonic()
        self.received_at.append(now)
        while self.received_at and self.received_at[0] < now - self.flood_seconds:
            self.received_at.popleft()
        return len(self.received_at) > self.flood_messages

    async def _close(self, code: int) -> None:
        self.closing = True
        await self.close(code=code)
