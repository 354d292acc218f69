"""A real server process on a free port and real WebSocket/HTTP clients, for integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 20.0
"""Upper bound for waiting on a message, so a broken server fails a test instead of hanging it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``uvicorn server.app:create_app_from_env`` in a subprocess (one worker unless told)."""

    def __init__(self, env: dict[str, str], port: int | None = None, workers: int = 1) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, "ASSEMBLER_WORKERS": str(workers), **env}
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(env.get("ASSEMBLER_TEST_LOG", f"/tmp/assembler-test-{self.port}.log"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def start(self) -> ServerProcess:
        cmd = [sys.executable, "-m", "uvicorn", "server.app:create_app_from_env", "--factory",
               "--host", "127.0.0.1", "--port", str(self.port), "--ws-max-size", "16384", "--log-level", "warning"]
        if self.workers > 1:
            cmd += ["--workers", str(self.workers)]
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)  # poll /healthz until the subprocess is up; bounded by the deadline
        raise RuntimeError(f"server did not answer /healthz within 60 s: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown code runs."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def new_cmd_id() -> str:
    return "c" + secrets.token_hex(8)


async def create_workshop(base: str, tables: int = 2, **extra: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base) as http:
        r = await http.post("/api/workshops", json={"name": "Test workshop", "tables": tables, **extra})
        r.raise_for_status()
        return dict(r.json())


async def join(base: str, code: str, nickname: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base) as http:
        r = await http.post("/api/join", json={"code": code, "nickname": nickname})
        r.raise_for_status()
        return dict(r.json())


class Screen:
    """One real WebSocket client; keeps every message it receives, in order."""

    def __init__(self, ws_url: str, token: str, table_id: str | None = None) -> None:
        self.ws_url, self.token, self.table_id = ws_url, token, table_id
        self.messages: list[dict[str, Any]] = []
        self.ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._new = asyncio.Event()

    async def open(self, last_seq: int | None = None) -> Screen:
        self.ws = await connect(self.ws_url, max_size=2**22)
        self._reader = asyncio.create_task(self._read())
        await self.send({"type": "hello", "token": self.token, "table_id": self.table_id, "last_seq": last_seq})
        await self.wait_for(lambda m: m.get("type") in ("welcome", "error"))  # registered at the table
        return self

    async def _read(self) -> None:
        assert self.ws is not None
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                self.messages.append(json.loads(raw))
                self._new.set()
        self._new.set()

    async def send(self, message: dict[str, Any]) -> None:
        assert self.ws is not None
        await self.ws.send(json.dumps(message))

    async def wait_for(self, predicate: Callable[[dict[str, Any]], bool], start: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_S
        while True:
            for message in self.messages[start:]:
                if predicate(message):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self._reader is not None and self._reader.done()):
                raise AssertionError(f"no matching message; got {self.messages[-5:]}")
            self._new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new.wait(), timeout=min(remaining, 1.0))

    async def command(self, command: dict[str, Any], cmd_id: str | None = None) -> dict[str, Any]:
        cmd_id = cmd_id or new_cmd_id()
        await self.send({"type": "cmd", "cmd_id": cmd_id, "command": command})
        return await self.wait_for(lambda m: m.get("type") in ("ack", "reject") and m.get("cmd_id") == cmd_id)

    async def event_with_seq(self, seq: int) -> dict[str, Any]:
        return await self.wait_for(lambda m: m.get("type") == "event" and m["seq"] == seq)

    def seqs(self) -> list[int]:
        return [m["seq"] for m in self.messages if m.get("type") == "event"]

    def last_seq(self) -> int:
        snap = max((m["seq"] for m in self.messages if m.get("type") == "snapshot"), default=0)
        return max([snap, *self.seqs()])

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            with contextlib.suppress(BaseException):
                await self._reader
