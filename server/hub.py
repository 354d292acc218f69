"""Fan-out of table messages to every screen, in this process or across workers via Redis.

A message is ``(table_id, kind, payload)`` where ``payload`` is JSON text: ``kind`` ``event``
carries one committed event (unprojected: each connection filters it for its viewer), ``kind``
``assessment`` an :class:`~server.protocol.AssessmentMsg`. Publishing delivers to local listeners
at once; :class:`RedisHub` also sends it to the other workers, which deliver it to theirs.

Redis pub/sub is at-most-once: a message lost while a worker reconnects is recovered from the log,
because every connection notices the jump in seqs and reads the missing events from the database;
after a reconnect the hub also tells the app (``on_reconnect``) to check every open table.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("assembler.hub")

Listener = Callable[[str, str, str], None]
"""Called as ``listener(table_id, kind, payload)``; must not block (put it on a queue)."""

CHANNEL_PREFIX = "assembler:t:"


class LocalHub:
    """In-process fan-out: the embedded default (one worker)."""

    kind = "local"

    def __init__(self) -> None:
        self._listeners: dict[str, set[Listener]] = {}
        self.on_reconnect: Callable[[], Awaitable[None]] | None = None
        self.on_status: Callable[[bool], None] | None = None
        """Called with True when the hub stops carrying messages between workers, False when it is back."""
        self.degraded = False

    def _set_degraded(self, degraded: bool) -> None:
        if degraded != self.degraded:
            self.degraded = degraded
            log.warning("hub %s", "degraded: live updates between workers are delayed" if degraded else "restored")
            if self.on_status is not None:
                self.on_status(degraded)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self._listeners.clear()

    def subscribe(self, table_id: str, listener: Listener) -> Callable[[], None]:
        """Start delivering ``table_id``'s messages to ``listener``; returns the unsubscribe."""
        self._listeners.setdefault(table_id, set()).add(listener)

        def unsubscribe() -> None:
            group = self._listeners.get(table_id)
            if group is not None:
                group.discard(listener)
                if not group:
                    del self._listeners[table_id]

        return unsubscribe

    def deliver(self, table_id: str, kind: str, payload: str) -> None:
        for listener in tuple(self._listeners.get(table_id, ())):
            try:
                listener(table_id, kind, payload)
            except Exception:  # one broken screen must not stop the others
                log.exception("listener failed for table %s", table_id)

    async def publish(self, table_id: str, kind: str, payload: str) -> None:
        self.deliver(table_id, kind, payload)

    async def probe(self) -> None:
        """Check a degraded hub again (nothing to check in process)."""
        return None


class RedisHub(LocalHub):
    """Fan-out between workers and hosts through Redis pub/sub (``REDIS_URL``)."""

    kind = "redis"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.origin = secrets.token_hex(6)
        self._redis: Any = None
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._subscribed = False

    async def start(self) -> None:
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(self.url, decode_responses=True)
        try:
            await self._redis.ping()
        except Exception as exc:
            # A worker may (re)start while Redis is down: it starts degraded and serves its screens
            # from the event log (/healthz says so) while the listener retries, instead of failing
            # its start-up with a traceback and leaving the room without that worker.
            log.warning("redis at %s does not answer (%s); starting degraded, retrying", self.url, exc)
            self._set_degraded(True)
        self._task = asyncio.create_task(self._listen(), name="redis-hub")
        if not self.degraded:
            await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._redis is not None:
            await self._redis.aclose()
        await super().stop()

    async def publish(self, table_id: str, kind: str, payload: str) -> None:
        self.deliver(table_id, kind, payload)
        message = json.dumps({"o": self.origin, "k": kind, "p": payload})
        try:
            await self._redis.publish(CHANNEL_PREFIX + table_id, message)
        except Exception as exc:  # the event is committed; other workers' clients catch up by seq
            if not self.degraded:
                log.warning("redis publish failed (%s); other workers recover from the log", exc)
            self._set_degraded(True)

    async def _listen(self) -> None:
        delay = 0.5
        first = True
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                self._ready.set()
                self._subscribed = True
                self._set_degraded(False)
                if not first and self.on_reconnect is not None:
                    await self.on_reconnect()
                first, delay = False, 0.5
                async for item in pubsub.listen():
                    self._dispatch(item)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._subscribed = False
                if not self.degraded:
                    log.warning("redis subscription lost (%s); retrying every %.1f s or less", exc, delay)
                self._set_degraded(True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def probe(self) -> None:
        """While degraded: back to normal once Redis answers and the subscription is up again."""
        if not self.degraded or not self._subscribed:
            return
        try:
            await asyncio.wait_for(self._redis.ping(), timeout=2)
        except Exception:
            return
        self._set_degraded(False)

    def _dispatch(self, item: dict[str, object]) -> None:
        if item.get("type") != "pmessage":
            return
        channel = str(item.get("channel", ""))
        try:
            data = json.loads(str(item["data"]))
        except (KeyError, ValueError):
            log.warning("ignored a malformed hub message on %s", channel)
            return
        if data.get("o") == self.origin:
            return
        self.deliver(channel.removeprefix(CHANNEL_PREFIX), str(data.get("k")), str(data.get("p")))


def make_hub(redis_url: str | None) -> LocalHub:
    return RedisHub(redis_url) if redis_url else LocalHub()
