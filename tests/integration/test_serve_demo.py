"""``assembler serve --demo``: the command a newcomer runs, with the shipped deck and examples."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from live_support import ROOT, Screen, free_port


def start_cli(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.Popen([sys.executable, "-m", "server.cli", "serve", *args], cwd=ROOT, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def wait_for_line(log: Path, pattern: str, proc: subprocess.Popen[bytes]) -> re.Match[str]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if (match := re.search(pattern, text)) is not None:
            return match
        if proc.poll() is not None:
            raise AssertionError(f"assembler serve exited with {proc.returncode}: {text[-2000:]}")
        time.sleep(0.2)  # poll the log for the printed line; bounded by the deadline
    raise AssertionError(f"no line matching {pattern!r}: {log.read_text()[-2000:]}")


async def test_serve_demo_shows_two_played_tables_with_assessments(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    proc = start_cli(["--demo", "--host", "127.0.0.1", "--port", str(port),
                      "--database-url", f"sqlite:///{tmp_path / 'demo.sqlite'}"], log)
    try:
        token = wait_for_line(log, r"/f/([A-Za-z0-9_\-]+)", proc)[1]
        wait_for_line(log, r"Uvicorn running|Application startup complete", proc)
        assert f"  http://127.0.0.1:{port}/" in log.read_text()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            session = (await http.get("/api/session", headers={"authorization": f"Bearer {token}"})).json()
        assert session["viewer"] == "facilitator" and len(session["tables"]) == 2
        for table in session["tables"]:
            screen = await Screen(f"ws://127.0.0.1:{port}/ws", token, table["table_id"]).open()
            snapshot = await screen.wait_for(lambda m: m["type"] == "snapshot")
            assert len(snapshot["table"]["plays"]) >= 5 and len(snapshot["table"]["seats"]) >= 2
            assessment = await screen.wait_for(lambda m: m["type"] == "assessment")
            assert assessment["status"] == "ok", assessment["message"]
            await screen.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
