"""The ``/ws`` endpoint: one WebSocket per screen per table (protocol in docs/protocol.md).

Each connection has one ordered outbound queue drained by one sender task, so a screen always
receives ``welcome``, then its backlog (events or a snapshot), then live events, in seq order.
The sender fills any jump in seqs from the log before sending, so events lost between workers
(Redis is at-most-once) still reach every screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

from pydantic import ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from websockets.exceptions import ConnectionClosed

from game_rules.play import Actor, AnyEvent, SeatKicked
from server.auth import RATE_MESSAGE, hash_token
from server.live import Live, TableRuntime, ack_or_reject, cancel_quietly
from server.projection import Viewer
from server.protocol import (
    CLIENT_MESSAGE,
    MAX_MESSAGE_BYTES,
    ByeMsg,
    CmdMsg,
    ErrorMsg,
    HelloMsg,
    PingMsg,
    PongMsg,
    RejectMsg,
    ResyncMsg,
    WelcomeMsg,
)

log = logging.getLogger("assembler.ws")

HELLO_TIMEOUT_S = 15.0
"""[s] a socket that sends no valid hello in this time gets ``bad_message`` and is closed (1008)."""


def validation_message(exc: ValidationError) -> str:
    """A one-line description of what was wrong, naming fields, without echoing large input."""
    parts = []
    for item in exc.errors()[:3]:
        where = ".".join(str(p) for p in item["loc"]) or "(message)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


class Connection:
    """One screen's socket, after a valid hello."""

    def __init__(self, ws: WebSocket, live: Live, rt: TableRuntime, viewer: Viewer, actor: Actor) -> None:
        self.ws, self.live, self.rt, self.viewer, self.actor = ws, live, rt, viewer, actor
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(maxsize=live.config.queue_max)
        self.last_seq = 0
        self.closing = False
        self.sender: asyncio.Task[None] | None = None
        self.sender_key = ""
        """Hash of the token: the key of this sender's rate budget (shared with HTTP)."""

    # -- called from the hub and the receive loop (never block) --------------------------

    def _put(self, item: tuple[str, Any]) -> None:
        if self.closing:
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.closing = True
            log.warning("closing a slow screen at table %s", self.rt.row.id)
            asyncio.get_running_loop().create_task(self._close("slow_consumer", 1013))

    def push_event(self, event: AnyEvent) -> None:
        self._put(("event", event))

    def push_text(self, text: str) -> None:
        self._put(("text", text))

    def request_sync(self, upto: int) -> None:
        self._put(("sync", upto))

    # -- the sender task ------------------------------------------------------------------

    async def run_sender(self) -> None:
        try:
            while True:
                kind, value = await self.queue.get()
                if kind == "text":
                    await self.ws.send_text(value)
                elif kind == "snapshot":
                    seq, text = value
                    await self.ws.send_text(text)
                    self.last_seq = max(self.last_seq, seq)
                elif kind == "sync":
                    await self._fill(int(value))
                elif kind == "resync":
                    await self._resync(int(value))
                elif kind == "event":
                    await self._send_event(value)
        except (WebSocketDisconnect, RuntimeError, OSError):
            return

    async def _send_event(self, event: AnyEvent) -> None:
        if event.seq <= self.last_seq:
            return
        if event.seq > self.last_seq + 1:
            await self._fill(event.seq - 1)
            if event.seq <= self.last_seq:
                return
        await self.ws.send_text(self.rt.encode_event(event, self.viewer))
        self.last_seq = event.seq
        if isinstance(event, SeatKicked) and event.seat_id == self.actor.seat_id and self.actor.seat_id:
            await self._close("kicked", 1008)

    async def _fill(self, upto: int) -> None:
        """Send the events in (last_seq, upto] from the log; a long gap becomes a snapshot."""
        if upto <= self.last_seq:
            return
        if upto - self.last_seq > self.live.config.replay_limit:
            await self._send_snapshot()
            return
        events = await self.live.db(self.live.store.events_after, self.rt.row.id, self.last_seq, upto - self.last_seq)
        for event in events:
            if event.seq == self.last_seq + 1:
                await self.ws.send_text(self.rt.encode_event(event, self.viewer))
                self.last_seq = event.seq

    async def _send_snapshot(self) -> None:
        seq, text = self.live.snapshot_text(self.rt, self.viewer)
        await self.ws.send_text(text)
        self.last_seq = seq

    async def _resync(self, client_seq: int) -> None:
        current = self.rt.state.seq if self.rt.state is not None else 0
        if client_seq > current:
            await self._send_snapshot()
            return
        self.last_seq = client_seq
        await self._fill(max(current, self.last_seq))

    async def _close(self, reason: str, code: int) -> None:
        self.closing = True
        with contextlib.suppress(Exception):
            await self.ws.send_text(ByeMsg(reason=reason).model_dump_json())  # type: ignore[arg-type]
            await self.ws.close(code)


async def _fail(ws: WebSocket) -> None:
    with contextlib.suppress(Exception):
        await _send_error(ws, "server_error", "the server failed on this message; reconnect")
        await ws.close(1011)


async def _send_error(ws: WebSocket, reason: str, message: str) -> None:
    await ws.send_text(ErrorMsg(reason=reason, message=message).model_dump_json())


def _parse(text: str) -> tuple[Any, str | None]:
    try:
        return CLIENT_MESSAGE.validate_json(text), None
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            return None, "expected a JSON object with a 'type' field"
        return None, validation_message(exc)


def cmd_id_of(text: str) -> str | None:
    """The ``cmd_id`` of a ``cmd`` message that failed validation, so its answer can name it
    (every ``cmd`` gets exactly one answer); None when the text is not recognisably a cmd."""
    if '"cmd"' not in text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("type") == "cmd":
        cmd_id = data.get("cmd_id")
        if isinstance(cmd_id, str) and 0 < len(cmd_id) <= 64:
            return cmd_id
    return None


BINARY_FRAME = "expected text frames carrying JSON, got a binary frame"


async def receive_frame(ws: WebSocket) -> str | None:
    """The next text frame, or None for a binary frame; ``WebSocketDisconnect`` when the client left."""
    message = await ws.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(int(message.get("code") or 1000))
    text = message.get("text")
    return text if isinstance(text, str) else None


class WsEndpoint:
    """ASGI WebSocket handler; ``authorise`` maps a hello to (runtime, viewer, actor) or an error."""

    def __init__(self, live: Live, authorise: Any, origin_ok: Any) -> None:
        self.live, self.authorise, self.origin_ok = live, authorise, origin_ok
        self.connections: set[Connection] = set()

    async def __call__(self, ws: WebSocket) -> None:
        if not self.origin_ok(ws.headers.get("origin"), ws.headers.get("host")):
            await ws.close(code=1008)
            return
        await ws.accept()
        conn: Connection | None = None
        try:
            conn = await self._hello(ws)
            if conn is not None:
                await self._serve(conn)
        except (WebSocketDisconnect, ConnectionClosed, OSError):
            pass  # the client left (even with commands in flight): nothing to report
        except RuntimeError as exc:
            # Starlette raises RuntimeError for a send or receive on a socket that closed meanwhile.
            if ws.client_state == WebSocketState.CONNECTED and ws.application_state == WebSocketState.CONNECTED:
                log.error("websocket handler failed: %s", exc)
                await _fail(ws)
        except Exception:
            log.exception("websocket handler failed")
            await _fail(ws)
        finally:
            if conn is not None:
                conn.closing = True
                conn.rt.connections.discard(conn)
                self.connections.discard(conn)
                await cancel_quietly(conn.sender)

    async def _hello(self, ws: WebSocket) -> Connection | None:
        deadline = time.monotonic() + HELLO_TIMEOUT_S
        while True:
            try:
                text = await asyncio.wait_for(receive_frame(ws), timeout=max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                log.info("closing a websocket that sent no valid hello within %.0f s", HELLO_TIMEOUT_S)
                with contextlib.suppress(Exception):
                    await _send_error(ws, "bad_message", f"expected a hello within {HELLO_TIMEOUT_S:.0f} s of connecting")
                    await ws.close(1008)
                return None
            if text is None:
                await _send_error(ws, "bad_message", BINARY_FRAME)
                continue
            if len(text) > MAX_MESSAGE_BYTES:
                await ws.close(1009)
                return None
            msg, error = _parse(text)
            if error is not None or not isinstance(msg, HelloMsg):
                await _send_error(ws, "bad_message", error or "expected hello first")
                continue
            result = await self.authorise(msg)
            if isinstance(result, tuple) and len(result) == 2:
                await _send_error(ws, *result)
                continue
            rt, viewer, actor, workshop = result
            return await self._welcome(ws, msg, rt, viewer, actor, workshop)

    async def _welcome(self, ws: WebSocket, hello: HelloMsg, rt: TableRuntime, viewer: Viewer,
                       actor: Actor, workshop: Any) -> Connection:
        async with rt.lock:
            table = await self.live.state(rt)
        conn = Connection(ws, self.live, rt, viewer, actor)
        conn.sender_key = hash_token(hello.token)
        # From here to the queue items below there is no await: no event can slip between.
        rt.connections.add(conn)
        self.connections.add(conn)
        conn.push_text(WelcomeMsg(table_id=rt.row.id, workshop_id=rt.row.workshop_id, viewer=viewer,  # type: ignore[arg-type]
                                  seat_id=actor.seat_id, lang=workshop.lang, seq=table.seq,
                                  server_time=time.time()).model_dump_json())
        last = hello.last_seq
        if last is None or last > table.seq or table.seq - last > self.live.config.replay_limit:
            conn._put(("snapshot", self.live.snapshot_text(rt, viewer)))
        else:
            conn.last_seq = last
            conn.request_sync(table.seq)
        if rt.assessment is not None:
            conn.push_text(rt.assessment)
        status = self.live.status_text()
        if status is not None:
            conn.push_text(status)
        conn.sender = asyncio.create_task(conn.run_sender(), name="ws-sender")
        return conn

    async def _serve(self, conn: Connection) -> None:
        while True:
            text = await receive_frame(conn.ws)
            if text is None:
                conn.push_text(ErrorMsg(reason="bad_message", message=BINARY_FRAME).model_dump_json())
                continue
            if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
                await conn._close("protocol", 1009)
                return
            msg, error = _parse(text)
            if error is not None:
                cmd_id = cmd_id_of(text)
                conn.push_text(RejectMsg(cmd_id=cmd_id, reason="bad_message", message=error).model_dump_json()
                               if cmd_id else ErrorMsg(reason="bad_message", message=error).model_dump_json())
                continue
            if not self.live.budgets.allow(conn.sender_key):
                conn.push_text(RejectMsg(cmd_id=msg.cmd_id, reason="rate_limited", message=RATE_MESSAGE).model_dump_json()
                               if isinstance(msg, CmdMsg) else
                               ErrorMsg(reason="rate_limited", message=RATE_MESSAGE).model_dump_json())
                continue
            await self._handle(conn, msg)
            if conn.closing:
                return

    async def _handle(self, conn: Connection, msg: Any) -> None:
        if isinstance(msg, CmdMsg):
            out = await self.live.execute(conn.rt.row.id, msg.cmd_id, msg.command, conn.actor)
            conn.push_text(ack_or_reject(msg.cmd_id, out))
        elif isinstance(msg, ResyncMsg):
            conn._put(("resync", msg.last_seq))
        elif isinstance(msg, PingMsg):
            conn.push_text(PongMsg(t=msg.t, server_time=time.time()).model_dump_json())
        elif isinstance(msg, HelloMsg):
            conn.push_text(ErrorMsg(reason="bad_message", message="hello was already received on this socket").model_dump_json())

    async def shutdown(self) -> None:
        """Tell every screen the server is going away (they reconnect to another worker)."""
        for conn in tuple(self.connections):
            if conn.ws.application_state == WebSocketState.CONNECTED:
                await conn._close("shutdown", 1012)


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"))
