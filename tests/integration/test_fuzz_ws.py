"""A hypothesis-driven WebSocket fuzzer on a real server (issue 14, "Done when").

Each example opens a socket, sends a sequence of frames (every client message type with random
and missing fields, unknown types, non-JSON text, binary frames, valid or invalid hellos), before
and after a valid ``hello``, then a final ``ping``. It passes when the socket still answers that
ping (``pong`` once welcomed, ``error`` ``bad_message`` before), no message is a ``server_error``,
no socket is closed with 1011, and the server's log holds no traceback.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_support import ServerProcess, create_workshop, join
from websockets.asyncio.client import connect

TYPES = ("hello", "cmd", "resync", "ping", "welcome", "event", "nope", "")
FIELDS = ("type", "token", "table_id", "last_seq", "protocol", "cmd_id", "base_seq", "command", "t", "kind",
          "card_id", "slot", "play_id", "text", "value", "phase", "duration_s", "seat_id", "private")
KINDS = ("join", "take_role", "play_card", "remove_card", "move_card", "comment", "vote", "set_phase", "start_timer",
         "stop_timer", "lock", "unlock", "kick", "reveal_scenario", "undo", "??")
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=True)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def message(draw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": draw(st.sampled_from(TYPES))}
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=5, unique=True)):
        body[key] = draw(JSON)
    if body["type"] == "cmd" and draw(st.booleans()):
        body["cmd_id"] = draw(st.from_regex(r"[A-Za-z0-9]{6,20}", fullmatch=True))
        command: dict[str, Any] = {"kind": draw(st.sampled_from(KINDS))}
        for key in draw(st.lists(st.sampled_from(FIELDS[9:]), max_size=3, unique=True)):
            command[key] = draw(JSON)
        body["command"] = command
    return body


FRAME = st.one_of(
    message().map(lambda m: ("text", json.dumps(m, allow_nan=True))),
    st.text(max_size=200).map(lambda t: ("text", t)),
    st.binary(max_size=200).map(lambda b: ("binary", b)),
    message().map(lambda m: ("binary", json.dumps(m).encode())),
)


async def _session(url: str, token: str, hello_at: int | None, frames: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    async with connect(url) as ws:
        for index, (kind, frame) in enumerate(frames):
            if index == hello_at:
                await ws.send(json.dumps({"type": "hello", "token": token}))
            await ws.send(frame if kind == "text" else bytes(frame))
        if hello_at is not None and hello_at >= len(frames):
            await ws.send(json.dumps({"type": "hello", "token": token}))
        await ws.send(json.dumps({"type": "ping", "t": 42.0}))
        while True:
            msg = json.loads(await asyncio.wait_for(ws.recv(), timeout=20))
            received.append(msg)
            if msg.get("type") == "pong" and msg.get("t") == 42.0:
                break
            if msg.get("type") == "error" and msg.get("message") == "expected hello first":
                welcomed = any(m.get("type") == "welcome" for m in received)
                if not welcomed:
                    break
        assert ws.close_code is None or ws.close_code != 1011
    return received


def test_websocket_fuzz(server: ServerProcess) -> None:
    async def seat() -> str:
        workshop = await create_workshop(server.url)
        return str((await join(server.url, workshop["tables"][0]["join_code"], "Fuzz"))["participant_token"])

    token = asyncio.run(seat())

    @given(frames=st.lists(FRAME, max_size=8), hello_at=st.none() | st.integers(min_value=0, max_value=8))
    @settings(max_examples=80, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def run(frames: list[tuple[str, Any]], hello_at: int | None) -> None:
        received = asyncio.run(_session(server.ws_url, token, hello_at, frames))
        assert not [m for m in received if m.get("reason") == "server_error"], received[-5:]

    run()
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
