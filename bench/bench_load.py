"""Benchmark: the live server under a room-sized or city-sized load, beside a bare broadcast.

N WebSocket clients (real sockets on loopback) sit at T tables; a driver sends commands at a
fixed total rate (alternately ``play_card`` and ``remove_card`` of that card, so boards never
fill) from a random phone of a random idle table. For each command the *play-to-every-screen*
latency is the time from sending it to the moment the last screen at that table received its
event. The same clients, groups, rate and message sizes are then run against a *baseline*: a
bare ``websockets`` server that broadcasts each message to its group (no validation, database,
projection or hub), measured in the same run on the same machine.

Settings: SQLite single process (the laptop default) and PostgreSQL + Redis with 2 workers (the
clients alternate between the two workers). The PG+Redis row is skipped, saying why, when the
services are not reachable. Everything is bounded: a fixed duration per setting and a final wait
of at most 5 s for late events (those count as lost).

Run: ``.venv/bin/python bench/bench_load.py`` (the issue's target: 1,000 clients, 125 tables,
50 plays/s; about 2 minutes) or ``--quick`` (200 clients, 25 tables, 20 plays/s, 5 s each).
Target: p99 <= 100 ms on one worker and within 3x of the baseline's p99.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("ASSEMBLER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("ASSEMBLER_BENCH_REDIS", "redis://127.0.0.1:6379/0")
LATE_S = 5.0
MAX_TABLES_PER_WORKSHOP = 60


# ----------------------------------------------------------------------------- measurements


@dataclass
class Run:
    """Send and receive times of every command of one setting [s, monotonic clock]."""

    sent: dict[str, float] = field(default_factory=dict)
    group_of: dict[str, int] = field(default_factory=dict)
    received: dict[str, list[float]] = field(default_factory=dict)
    screens: dict[int, int] = field(default_factory=dict)
    duration_s: float = 0.0

    def receive(self, cmd_id: str) -> None:
        self.received.setdefault(cmd_id, []).append(time.monotonic())

    def latencies_ms(self) -> tuple[list[float], int]:
        done, lost = [], 0
        for cmd_id, t0 in self.sent.items():
            times = self.received.get(cmd_id, [])
            if len(times) >= self.screens[self.group_of[cmd_id]]:
                done.append((max(times) - t0) * 1000)
            else:
                lost += 1
        return sorted(done), lost


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


# ----------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raise_fd_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[2:4]} exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return proc
        time.sleep(0.1)  # poll the port until the worker listens; bounded by the deadline
    raise RuntimeError(f"{cmd} did not listen on {port} within 60 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def server_process(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", "server.app:create_app_from_env", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--ws-max-size", "16384"]
    return start(cmd, {"ASSEMBLER_JOIN_BURST": "1000000", **env}, port)


# ----------------------------------------------------------------------------- baseline server


async def baseline_server(port: int) -> None:
    """A bare broadcast: each message is sent on to every socket of the sender's group."""
    from websockets.asyncio.server import broadcast, serve

    groups: dict[int, set[Any]] = {}

    async def handler(ws: Any) -> None:
        hello = json.loads(await ws.recv())
        group = groups.setdefault(int(hello["group"]), set())
        group.add(ws)
        await ws.send(json.dumps({"type": "welcome"}))
        try:
            async for raw in ws:
                msg = json.loads(raw)
                event = {"type": "event", "table_id": "t" * 13, "seq": 1,
                         "event": {"seq": 1, "at": time.time(), "actor": "s" * 13, "cmd_id": msg["cmd_id"],
                                   "type": "card_played", "play_id": 1, "card_id": "WHO-01", "slot": "who",
                                   "source": "pick", "seat_id": "s" * 13, "hidden": False, "undo_of": None}}
                broadcast(group, json.dumps(event))
                await ws.send(json.dumps({"type": "ack", "cmd_id": msg["cmd_id"], "seq": 1, "duplicate": False}))
        finally:
            group.discard(ws)

    async with serve(handler, "127.0.0.1", port, max_size=16384):
        await asyncio.Future()


# ----------------------------------------------------------------------------- clients


@dataclass
class Table:
    group: int
    screens: list[ClientConnection] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    next_card: int = 0
    on_board: int | None = None
    busy: bool = False


async def reader(ws: ClientConnection, run: Run, acks: dict[str, asyncio.Future[int]], baseline: bool) -> None:
    with contextlib.suppress(Exception):
        async for raw in ws:
            if isinstance(raw, str) and raw.startswith('{"type":"assessment"'):
                continue  # a phone parses it on its own CPU; here it would only load the clients
            msg = json.loads(raw)
            kind = msg.get("type")
            if kind == "event":
                run.receive(msg["event"]["cmd_id"].split("~")[0])  # logged as "<cmd_id>~<fingerprint>"
            elif kind == "ack" and msg["cmd_id"] in acks and not acks[msg["cmd_id"]].done():
                acks[msg["cmd_id"]].set_result(int(msg["seq"]))
            elif kind == "reject" and msg["cmd_id"] in acks and not acks[msg["cmd_id"]].done():
                acks[msg["cmd_id"]].set_result(-1)


async def drive(tables: list[Table], run: Run, rate: float, seconds: float, acks: dict[str, asyncio.Future[int]]) -> None:
    """Send commands at ``rate`` per second for ``seconds`` from random idle tables."""
    rng = random.Random(7)
    start = time.monotonic()
    pending: set[asyncio.Task[None]] = set()

    async def one(table: Table) -> None:
        table.busy = True
        cmd_id = "b" + secrets.token_hex(8)
        if table.on_board is None:
            command: dict[str, Any] = {"kind": "play_card", "card_id": table.cards[table.next_card % len(table.cards)]}
            table.next_card += 1
        else:
            command = {"kind": "remove_card", "play_id": table.on_board}
        acks[cmd_id] = asyncio.get_running_loop().create_future()
        run.group_of[cmd_id] = table.group
        run.sent[cmd_id] = time.monotonic()
        await rng.choice(table.screens).send(json.dumps({"type": "cmd", "cmd_id": cmd_id, "command": command}))
        with contextlib.suppress(TimeoutError):
            seq = await asyncio.wait_for(acks[cmd_id], LATE_S)
            table.on_board = seq if command["kind"] == "play_card" and seq > 0 else None
        table.busy = False

    n = 0
    while (now := time.monotonic() - start) < seconds:
        due = int(now * rate) + 1
        while n < due:
            idle = [t for t in tables if not t.busy]
            if idle:
                task = asyncio.create_task(one(rng.choice(idle)))
                pending.add(task)
                task.add_done_callback(pending.discard)
            n += 1
        await asyncio.sleep(max(0.0, (n / rate) - (time.monotonic() - start)))
    run.duration_s = time.monotonic() - start
    await asyncio.gather(*pending, return_exceptions=True)
    await asyncio.sleep(0.5)


async def open_screens(urls: list[str], hellos: list[dict[str, Any]], run: Run, acks: dict[str, asyncio.Future[int]],
                       baseline: bool) -> tuple[list[ClientConnection], list[asyncio.Task[None]]]:
    screens: list[ClientConnection] = []
    readers: list[asyncio.Task[None]] = []
    gate = asyncio.Semaphore(50)

    async def one(i: int) -> None:
        async with gate:
            ws = await connect(urls[i % len(urls)], max_size=2**22, ping_interval=None, open_timeout=60)
            await ws.send(json.dumps(hellos[i]))
            while json.loads(await ws.recv())["type"] != "welcome":
                pass
            screens.append(ws)
            readers.append(asyncio.create_task(reader(ws, run, acks, baseline)))
            hellos[i]["_ws"] = ws

    await asyncio.gather(*(one(i) for i in range(len(hellos))))
    return screens, readers


async def close_all(screens: list[ClientConnection], readers: list[asyncio.Task[None]]) -> None:
    await asyncio.gather(*(ws.close() for ws in screens), return_exceptions=True)
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)


# ----------------------------------------------------------------------------- settings


async def setup_server_tables(base: str, clients: int, tables: int) -> tuple[list[dict[str, Any]], list[list[str]], list[str]]:
    """Workshops, joined phones and phase: returns (hellos, cards per table, table ids)."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        deck = (await http.get("/api/deck")).json()["cards"]
        # Governance holds one card (the mat, cards.mat_layout.SLOT_CAPACITY): one governance card per table.
        playable = [c["id"] for c in deck if c["category"] not in ("role", "scenario", "governance")]
        playable.append(next(c["id"] for c in deck if c["category"] == "governance"))
        table_ids, codes = [], []
        remaining = tables
        while remaining:
            count = min(remaining, MAX_TABLES_PER_WORKSHOP)
            w = (await http.post("/api/workshops", json={"name": "bench", "tables": count})).json()
            await http.post(f"/api/workshops/{w['workshop_id']}/commands",
                            headers={"authorization": f"Bearer {w['facilitator_token']}"},
                            json={"cmd_id": "phase-" + secrets.token_hex(4), "command": {"kind": "set_phase", "phase": "financing"}})
            table_ids += [t["table_id"] for t in w["tables"]]
            codes += [t["join_code"] for t in w["tables"]]
            remaining -= count
        gate = asyncio.Semaphore(20)

        async def join(i: int) -> dict[str, Any]:
            async with gate:
                r = await http.post("/api/join", json={"code": codes[i % tables], "nickname": f"p{i}"})
                r.raise_for_status()
                return {"type": "hello", "token": r.json()["participant_token"], "last_seq": None, "_group": i % tables}

        hellos = list(await asyncio.gather(*(join(i) for i in range(clients))))
    rng = random.Random(tables)
    cards = [rng.sample(playable, len(playable)) for _ in range(tables)]
    return hellos, cards, table_ids


async def measure(urls: list[str], hellos: list[dict[str, Any]], cards: list[list[str]], tables: int, rate: float,
                  seconds: float, baseline: bool) -> Run:
    run = Run()
    acks: dict[str, asyncio.Future[int]] = {}
    wire = [{k: v for k, v in h.items() if not k.startswith("_")} for h in hellos]
    screens, readers = await open_screens(urls, wire, run, acks, baseline)
    groups = [Table(group=g, cards=cards[g]) for g in range(tables)]
    for hello, sent in zip(hellos, wire, strict=True):
        groups[hello["_group"]].screens.append(sent["_ws"])
    run.screens = {t.group: len(t.screens) for t in groups}
    await drive(groups, run, rate, seconds, acks)
    deadline = time.monotonic() + LATE_S
    while time.monotonic() < deadline and run.latencies_ms()[1]:
        await asyncio.sleep(0.1)
    await close_all(screens, readers)
    return run


async def bench_server(urls_ports: list[int], env: dict[str, str], args: argparse.Namespace) -> Run:
    procs = [server_process(port, env) for port in urls_ports]
    try:
        hellos, cards, _ids = await setup_server_tables(f"http://127.0.0.1:{urls_ports[0]}", args.clients, args.tables)
        await asyncio.sleep(1.0)  # let the first assessments start before measuring
        return await measure([f"ws://127.0.0.1:{p}/ws" for p in urls_ports], hellos, cards, args.tables,
                             args.rate, args.seconds, baseline=False)
    finally:
        for proc in procs:
            stop(proc)


async def bench_baseline(args: argparse.Namespace) -> Run:
    port = free_port()
    proc = start([sys.executable, __file__, "--baseline-server", str(port)], {}, port)
    try:
        hellos = [{"group": i % args.tables, "_group": i % args.tables} for i in range(args.clients)]
        cards = [["WHO-01"] for _ in range(args.tables)]
        return await measure([f"ws://127.0.0.1:{port}"], hellos, cards, args.tables, args.rate, args.seconds, baseline=True)
    finally:
        stop(proc)


def pg_and_redis() -> tuple[str | None, str]:
    """A fresh PostgreSQL database URL (or None) and why not."""
    try:
        import psycopg
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
        name = f"assembler_bench_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=2) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, ""
    except Exception as exc:
        return None, f"PostgreSQL ({PG_ADMIN}) or Redis ({REDIS}) not reachable: {type(exc).__name__}"


def drop_database(url: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn, contextlib.suppress(psycopg.Error):
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def row(name: str, run: Run | None, base: Run, note: str = "") -> str:
    if run is None:
        return f"| {name} | – | – | – | – | – | – | {note} |"
    lat, lost = run.latencies_ms()
    blat, _ = base.latencies_ms()
    ratio = pct(lat, 0.99) / pct(blat, 0.99) if blat else float("nan")
    return (f"| {name} | {len(lat) / run.duration_s:.1f} | {pct(lat, 0.5):.1f} | {pct(lat, 0.95):.1f} | "
            f"{pct(lat, 0.99):.1f} | {ratio:.2f}x | {lost} | {note} |")


async def main_async(args: argparse.Namespace) -> int:
    raise_fd_limit()
    print(f"clients {args.clients}, tables {args.tables}, rate {args.rate}/s, {args.seconds:.0f} s per setting, "
          f"assessments {'on' if args.assess else 'off'}", flush=True)
    base = await bench_baseline(args)
    common = {"ASSEMBLER_DATABASE_URL": "", "ASSEMBLER_REDIS_URL": "", "ASSEMBLER_ASSESS": "1" if args.assess else "0"}
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = await bench_server([free_port()], {**common, "ASSEMBLER_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite"}, args)
    pg_url, why = pg_and_redis()
    scaled = None
    if pg_url is not None:
        try:
            scaled = await bench_server([free_port(), free_port()], {**common, "ASSEMBLER_DATABASE_URL": pg_url,
                                                                     "ASSEMBLER_REDIS_URL": REDIS}, args)
        finally:
            drop_database(pg_url)
    blat, blost = base.latencies_ms()
    print("\n| setting | plays/s | p50 ms | p95 ms | p99 ms | p99 vs baseline | lost | note |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| baseline: bare websockets broadcast | {len(blat) / base.duration_s:.1f} | {pct(blat, 0.5):.1f} | "
          f"{pct(blat, 0.95):.1f} | {pct(blat, 0.99):.1f} | 1.00x | {blost} | same clients, groups, rate |")
    print(row("SQLite, 1 worker", sqlite, base, "target: p99 <= 100 ms and <= 3x baseline"))
    print(row("PostgreSQL + Redis, 2 workers", scaled, base, why or "clients alternate between the workers"))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--tables", type=int, default=125)
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second in all")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration per setting")
    parser.add_argument("--quick", action="store_true", help="200 clients, 25 tables, 20/s, 5 s")
    parser.add_argument("--no-assess", dest="assess", action="store_false", help="switch live assessments off")
    parser.add_argument("--baseline-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_server:
        asyncio.run(baseline_server(args.baseline_server))
        return 0
    if args.quick:
        args.clients, args.tables, args.rate, args.seconds = 200, 25, 20.0, 5.0
    if not (1 <= args.tables <= args.clients <= 5000 and 0 < args.rate <= 1000 and 0 < args.seconds <= 300):
        parser.error("expected 1 <= tables <= clients <= 5000, 0 < rate <= 1000, 0 < seconds <= 300")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
