"""The live side of a worker: table runtimes, the command path, fan-out to screens, assessments.

The command path, for every source (WebSocket ``cmd``, HTTP command, photo, demo seeding):

1. take the table's lock (one decision at a time per table in this worker);
2. with several workers, first fold in whatever the log holds beyond the cached state;
3. :func:`game_rules.play.apply` decides (pure);
4. the event is appended and **committed**; a seq taken by another worker makes the state
   catch up from the log and the command be decided again; a logged cmd_id answers ``duplicate``;
5. the event is folded into the cached state, published through the hub to every screen (each
   connection projects it for its viewer), and an assessment is scheduled (debounced).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter

from cards.deck import Deck
from game_rules.play import (
    Accepted,
    Actor,
    AnyEvent,
    CardMoved,
    CardPlayed,
    CardRemoved,
    Command,
    Duplicate,
    Event,
    RoleTaken,
    ScenarioRevealed,
    SeatKicked,
    Table,
    apply,
    fold,
)
from server import assessing
from server.auth import COMMAND_BURST, COMMAND_RATE_PER_S, READMITTED, REVOKED, SeatBudgets
from server.hub import LocalHub
from server.projection import Viewer, project_event, project_table
from server.protocol import (
    AckMsg,
    AssessmentMsg,
    CommandOut,
    EventMsg,
    RejectMsg,
    SnapshotMsg,
    StatusMsg,
)
from server.store import (
    SNAPSHOT_EVERY,
    DuplicateCommandError,
    SeqConflictError,
    Store,
    TableRow,
    WorkshopRow,
)

if TYPE_CHECKING:
    from game_rules.districts import District

log = logging.getLogger("assembler.live")
T = TypeVar("T")
EVENT_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(Event)
_SEQ_RE = re.compile(r'"seq":(\d+)')
BOARD_EVENTS = (CardPlayed, CardRemoved, CardMoved, ScenarioRevealed, RoleTaken)
MAX_RETRIES = 20
POLL_S = 1.0
"""[s] while the hub is down, how often every open table is brought up to the log."""
DELAYED = "live updates from other server workers are delayed (about a second); nothing is lost"


def command_key(actor: Actor, cmd_id: str, command: Command) -> tuple[str, str]:
    """``(prefix, key)``: the idempotency key a command is logged under, ``<cmd_id>~<s><b>``.

    ``<s>`` (8 hex) fingerprints the sender (``actor.name``: the seat, or the facilitator/system
    role), so one seat's ``cmd_id`` never answers for another's; ``<b>`` (8 hex) fingerprints the
    body, so a reused ``cmd_id`` with another body is told apart from a retry. A ``cmd_id`` too
    long for the log's column (80 characters) is replaced by its hash.
    """
    sender = hashlib.sha256(f"{actor.name}\n{cmd_id}".encode()).hexdigest()[:8]
    body = hashlib.sha256(command.model_dump_json().encode()).hexdigest()[:8]
    if len(cmd_id) > 80 - 17:
        cmd_id = hashlib.sha256(cmd_id.encode()).hexdigest()[:40]
    prefix = f"{cmd_id}~{sender}"
    return prefix, prefix + body


def reused_key(table: Table, prefix: str, key: str) -> int | None:
    """The seq of an earlier command from the same sender with the same ``cmd_id`` but another
    body, or None."""
    if key in table.cmd_seqs:
        return None
    return next((seq for k, seq in table.cmd_seqs.items() if k.startswith(prefix)), None)


@dataclass(frozen=True)
class LiveConfig:
    multi_worker: bool = False
    assess_debounce_s: float = 0.3
    """[s] quiet time after a play before the assessment runs (bursts make one assessment)."""
    replay_limit: int = 500
    """[events] a client further behind than this gets a snapshot instead of events."""
    queue_max: int = 2000
    """[messages] queued for one screen before it counts as a slow consumer and is closed."""
    assessments: bool = True
    assess_rest: float = 2.0
    """Rest after each assessment, as a multiple of its duration (2.0: at most a third of a core)."""


def projection_class(viewer: Viewer) -> str:
    """Viewers that see the same projection of every event share one encoding."""
    return {"facilitator": "full", "system": "full", "review": "review"}.get(viewer, "table")


@dataclass
class TableRuntime:
    """One table as this worker holds it: cached state, open screens, latest assessment."""

    row: TableRow
    district: str | District
    state: Table | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    connections: set[Any] = field(default_factory=set)
    assessment: str | None = None
    """The latest ``assessment`` message as sent (JSON text: parsed once, by the screens)."""
    assessment_seq: int = -1
    assess_task: asyncio.Task[None] | None = None
    assess_dirty: bool = False
    encoded: OrderedDict[tuple[int, str], str] = field(default_factory=OrderedDict)

    def encode_event(self, event: AnyEvent, viewer: Viewer) -> str:
        """The ``event`` message for ``viewer`` as JSON text, encoded once per projection class."""
        key = (event.seq, projection_class(viewer))
        text = self.encoded.get(key)
        if text is None:
            seen = project_event(event, viewer)
            text = EventMsg(table_id=self.row.id, seq=event.seq, event=seen).model_dump_json()
            self.encoded[key] = text
            if len(self.encoded) > 256:
                self.encoded.popitem(last=False)
        return text


class Live:
    """Everything one worker process does for its open tables."""

    def __init__(self, store: Store, hub: LocalHub, deck: Deck, config: LiveConfig, deck_dir: Path) -> None:
        self.store, self.hub, self.deck, self.config, self.deck_dir = store, hub, deck, config, deck_dir
        self.tables: dict[str, TableRuntime] = {}
        workers = 1 if store.dialect == "sqlite" else 8
        self._db = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="db")
        self._assess: ProcessPoolExecutor | None = None
        self._assess_gate = asyncio.Semaphore(1)
        self._cpu = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cpu")
        self._runtime_lock = asyncio.Lock()
        self.budgets = SeatBudgets(COMMAND_BURST, COMMAND_RATE_PER_S)
        """One rate budget per sender token, shared by /ws and HTTP commands."""
        hub.on_reconnect = self.catch_up_all
        hub.on_status = self.hub_status
        self._poll_task: asyncio.Task[None] | None = None

    @staticmethod
    def _district_of(workshop: WorkshopRow | None) -> str | District:
        """What the assessments of ``workshop``'s tables read: a preset name or its uploaded district."""
        if workshop is None:
            return "lyon-confluence"
        from printables.report.content import home_district

        return home_district(workshop)

    async def db(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking store call in the database threads."""
        return await asyncio.get_running_loop().run_in_executor(self._db, fn, *args)

    async def cpu(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU-heavy work (photo recognition) off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self._cpu, fn, *args)

    async def close(self) -> None:
        await cancel_quietly(self._poll_task)
        for rt in self.tables.values():
            if rt.assess_task is not None:
                rt.assess_task.cancel()
        self._db.shutdown(wait=True)
        if self._assess is not None:
            self._assess.shutdown(wait=False, cancel_futures=True)
        self._cpu.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ runtimes

    async def runtime(self, table_id: str) -> TableRuntime | None:
        """The runtime of ``table_id`` (loaded on first use), or None for an unknown table."""
        rt = self.tables.get(table_id)
        if rt is not None:
            return rt
        async with self._runtime_lock:
            rt = self.tables.get(table_id)
            if rt is not None:
                return rt
            row = await self.db(self.store.table, table_id)
            if row is None:
                return None
            workshop = await self.db(self.store.workshop, row.workshop_id)
            rt = TableRuntime(row=row, district=self._district_of(workshop))
            self.hub.subscribe(table_id, self.on_hub)
            self.tables[table_id] = rt
            return rt

    async def state(self, rt: TableRuntime) -> Table:
        """The table's state, loaded from the log on first use (the caller holds ``rt.lock``)."""
        if rt.state is None:
            rt.state = await self.db(self.store.load_table, rt.row.id)
            if rt.state.seq and self.config.assessments and rt.assessment is None:
                self.schedule_assessment(rt)
        elif self.config.multi_worker:
            await self.db(self.store.catch_up, rt.row.id, rt.state)
        return rt.state

    async def catch_up_all(self) -> None:
        """After the hub lost messages: bring every open table and screen up to the log."""
        for rt in list(self.tables.values()):
            async with rt.lock:
                if rt.state is None:
                    continue
                before = rt.state.seq
                await self.db(self.store.catch_up, rt.row.id, rt.state)
                if rt.state.seq > before:
                    for conn in tuple(rt.connections):
                        conn.request_sync(rt.state.seq)

    def status_text(self) -> str | None:
        """The ``status`` message a screen should get now, or None while the hub is fine."""
        if not self.hub.degraded:
            return None
        return StatusMsg(live="delayed", message=DELAYED).model_dump_json()

    def hub_status(self, degraded: bool) -> None:
        """Hub listener: tell every screen, and while degraded poll the log for other workers' events."""
        text = StatusMsg(live="delayed" if degraded else "ok", message=DELAYED if degraded else "").model_dump_json()
        for rt in self.tables.values():
            for conn in tuple(rt.connections):
                conn.push_text(text)
        if degraded and (self._poll_task is None or self._poll_task.done()):
            self._poll_task = asyncio.get_running_loop().create_task(self._poll_log(), name="poll-log")

    async def _poll_log(self) -> None:
        while self.hub.degraded:
            await asyncio.sleep(POLL_S)  # the hub is down: the log is the only news of other workers
            try:
                await self.catch_up_all()
                await self.hub.probe()
            except Exception as exc:  # the database may be briefly unreachable too; try again
                log.warning("catching up from the log failed (%s)", exc)
        await self.catch_up_all()

    # ------------------------------------------------------------------ commands

    async def execute(self, table_id: str, cmd_id: str, command: Command, actor: Actor) -> CommandOut:
        """Decide, commit, fold, publish: the one command path (see module docstring)."""
        rt = await self.runtime(table_id)
        if rt is None:
            return CommandOut(ok=False, reason="not_found", message=f"no table {table_id!r}")
        scope, key = command_key(actor, cmd_id, command)
        async with rt.lock:
            for _attempt in range(MAX_RETRIES):
                table = await self.state(rt)
                earlier = reused_key(table, scope, key)
                if earlier is not None:
                    return CommandOut(ok=False, reason="cmd_id_reused", message=(
                        f"this cmd_id was already used for another command (seq {earlier}); "
                        "a new command needs a new cmd_id"))
                decision = apply(table, command, actor, time.time(), self.deck, key)
                if isinstance(decision, Duplicate):
                    return CommandOut(ok=True, seq=decision.seq, duplicate=True)
                if not isinstance(decision, Accepted):
                    return CommandOut(ok=False, reason=decision.reason.value, message=decision.message)
                try:
                    await self.db(self.store.append, table_id, decision.events)
                except DuplicateCommandError as dup:
                    return CommandOut(ok=True, seq=dup.seq, duplicate=True)
                except SeqConflictError:
                    await self.db(self.store.catch_up, table_id, table)
                    continue
                await self._accepted(rt, table, decision.events)
                return CommandOut(ok=True, seq=decision.events[-1].seq)
        return CommandOut(ok=False, reason="busy", message="the table changed too often to decide; send again")

    async def _accepted(self, rt: TableRuntime, table: Table, events: tuple[AnyEvent, ...]) -> None:
        for event in events:
            try:
                fold(table, event)
            except (ValueError, KeyError):
                log.exception("state of table %s diverged from the log; reloading", rt.row.id)
                rt.state = None
        if rt.state is not None and rt.state.seq % SNAPSHOT_EVERY == 0:
            snapshot = rt.state.model_copy(deep=True)
            asyncio.get_running_loop().run_in_executor(self._db, self.store.save_snapshot, rt.row.id, snapshot)
        for event in events:
            if isinstance(event, SeatKicked):  # the kicked seat's link stops opening anything
                # kick with may_rejoin = kick + "Let back in": the link may then join once more
                await self.db(self.store.revoke_seat, rt.row.id, event.seat_id, READMITTED if event.may_rejoin else REVOKED)
        for event in events:
            await self.hub.publish(rt.row.id, "event", event.model_dump_json())
        if self.config.assessments and any(isinstance(e, BOARD_EVENTS) for e in events):
            self.schedule_assessment(rt)

    # ------------------------------------------------------------------ fan-out

    def on_hub(self, table_id: str, kind: str, payload: str) -> None:
        """Hub listener: fold foreign events into the cache and hand messages to the screens."""
        rt = self.tables.get(table_id)
        if rt is None:
            return
        if kind == "event":
            event = EVENT_ADAPTER.validate_json(payload)
            if rt.state is not None and event.seq == rt.state.seq + 1 and not rt.lock.locked():
                fold(rt.state, event)
            for conn in tuple(rt.connections):
                conn.push_event(event)
        elif kind == "assessment":
            match = _SEQ_RE.search(payload, 0, 200)
            seq = int(match[1]) if match else 0
            if seq >= rt.assessment_seq:
                rt.assessment, rt.assessment_seq = payload, seq
            for conn in tuple(rt.connections):
                conn.push_text(payload)

    def snapshot_text(self, rt: TableRuntime, viewer: Viewer) -> tuple[int, str]:
        """``(seq, snapshot message)`` of the cached state for ``viewer`` (state must be loaded)."""
        table = rt.state if rt.state is not None else Table()
        view = project_table(table, viewer)
        return table.seq, SnapshotMsg(table_id=rt.row.id, seq=table.seq, table=view).model_dump_json()

    # ------------------------------------------------------------------ assessments

    def schedule_assessment(self, rt: TableRuntime) -> None:
        if rt.assess_task is not None and not rt.assess_task.done():
            rt.assess_dirty = True
            return
        rt.assess_task = asyncio.create_task(self._assess_later(rt), name=f"assess-{rt.row.id}")

    def _assessor(self) -> ProcessPoolExecutor:
        if self._assess is None:
            self._assess = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=assessing.lower_priority, initargs=(os.getpid(),))
        return self._assess

    async def _assess_later(self, rt: TableRuntime) -> None:
        while True:
            rt.assess_dirty = False
            await asyncio.sleep(self.config.assess_debounce_s)
            async with self._assess_gate:  # one at a time per worker; later plays coalesce
                if rt.state is None:
                    return
                table = rt.state
                # Read each time: the facilitator may change the workshop's assumptions mid-session.
                workshop = await self.db(self.store.workshop, rt.row.workshop_id)
                board = assessing.BoardInput(slots=table.board(), roles=table.role_cards(),
                                             scenarios=table.revealed_scenarios(), district=rt.district,
                                             overrides=workshop.assumptions if workshop is not None else ())
                seq = table.seq
                rt.assess_dirty = False
                loop = asyncio.get_running_loop()
                started = time.monotonic()
                try:
                    result = await loop.run_in_executor(self._assessor(), assessing.compute_in_child, board, str(self.deck_dir))
                except (RuntimeError, BrokenProcessPool) as exc:
                    log.warning("assessment process unavailable (%s)", exc)
                    self._assess = None
                    result = assessing.AssessmentResult("error", None, "the assessment process stopped; it restarts on the next play")
                # Duty cycle: rest as long as the assessment took, so it uses at most half a core.
                await asyncio.sleep(min(time.monotonic() - started, 2.0) * self.config.assess_rest)
            msg = AssessmentMsg(table_id=rt.row.id, seq=seq, status=result.status,  # type: ignore[arg-type]
                                assessment=result.body, message=result.message)
            await self.hub.publish(rt.row.id, "assessment", msg.model_dump_json())
            if not rt.assess_dirty:
                return


def ack_or_reject(cmd_id: str, out: CommandOut) -> str:
    """The WebSocket answer to a ``cmd``."""
    if out.ok:
        return AckMsg(cmd_id=cmd_id, seq=out.seq or 0, duplicate=out.duplicate).model_dump_json()
    return RejectMsg(cmd_id=cmd_id, reason=out.reason or "rejected", message=out.message or "").model_dump_json()


async def cancel_quietly(task: asyncio.Task[Any] | None) -> None:
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
