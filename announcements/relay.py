"""Process-local fan-out: one channel-layer member per group per server process.

The channel layer hands a group message to every member channel: with a thousand
open pages that is a thousand queue wake-ups, tasks and decodings per
announcement. Here each process (each event loop) joins a group once, with one
relay channel, and forwards the frame encoded by the publisher to its own sockets
in one pass. Which groups a socket hears is still decided at its connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref

from channels.db import database_sync_to_async
from django.conf import settings

from announcements.selectors import latest_cursor

logger = logging.getLogger(__name__)


class GroupRelay:
    """The relay of one event loop: group name → the sockets that joined it.

    It also beats for its sockets: every `ANNOUNCEMENTS_HEARTBEAT_SECONDS` one read
    of the newest cursor goes to each of them (`socket.heartbeat(text)`), so a page
    that missed a broadcast (the channel layer was down when it was sent) sees the
    gap and backfills.
    """

    def __init__(self, channel_layer):
        self.channel_layer = channel_layer
        self.members: dict[str, set] = {}
        self.channel: str | None = None
        self.task: asyncio.Task | None = None
        self.heartbeat_task: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def join(self, group: str, socket) -> None:
        async with self.lock:
            if self.channel is None:
                self.channel = await self.channel_layer.new_channel()
                self.task = asyncio.create_task(self._forward(self.channel))
            if self.heartbeat_task is None:
                self.heartbeat_task = asyncio.create_task(self._beat())
            members = self.members.get(group)
            if not members:
                await self.channel_layer.group_add(group, self.channel)
                members = self.members[group] = set()
            members.add(socket)

    async def leave(self, group: str, socket) -> None:
        async with self.lock:
            members = self.members.get(group)
            if members is None or socket not in members:
                return
            members.discard(socket)
            if not members:
                del self.members[group]
                await self.channel_layer.group_discard(group, self.channel)
            if not self.members:
                # Nobody left in this process: stop until the next socket.
                for task in (self.task, self.heartbeat_task):
                    if task is not None:
                        task.cancel()
                self.task = self.channel = self.heartbeat_task = None

    async def _beat(self) -> None:
        interval = settings.ANNOUNCEMENTS_HEARTBEAT_SECONDS
        while True:
            await asyncio.sleep(interval)
            try:
                cursor = await database_sync_to_async(latest_cursor)()
            except Exception:
                logger.exception("Announcement heartbeat could not read the cursor")
                continue
            text = json.dumps({"type": "heartbeat", "cursor": cursor})
            sockets = set().union(*self.members.values())
            for socket in sockets:
                try:
                    await socket.heartbeat(text)
                except Exception:
                    logger.exception("Announcement heartbeat could not be sent")

    async def _forward(self, channel: str) -> None:
        while True:
            try:
                message = await self.channel_layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Announcement relay could not receive")
                await asyncio.sleep(1)
                continue
            for socket in list(self.members.get(message.get("group"), ())):
                try:
                    await socket.forward(message)
                except Exception:
                    # One broken socket must not keep the others from hearing it.
                    logger.exception("Announcement relay could not forward")


_relays: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def relay_for(channel_layer) -> GroupRelay:
    """This event loop's relay on `channel_layer`."""
    loop = asyncio.get_running_loop()
    relays = _relays.setdefault(loop, {})
    relay = relays.get(id(channel_layer))
    if relay is None or relay.channel_layer is not channel_layer:
        relay = relays[id(channel_layer)] = GroupRelay(channel_layer)
    return relay
