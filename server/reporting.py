"""Reports from the server's database: read a table's log, then the pure report content.

Reads a table (or every table of a workshop) from :class:`server.store.Store`, rebuilds its state
from the log (``Store.load_table``) and hands it to :mod:`printables.report.content`, which
assesses and converts. Synchronous, I/O-bound on the store plus CPU for the assessment; the HTTP
routes run it in a worker thread, the CLI's ``report`` calls it directly.

A workshop report assesses each distinct board once; with ``processes`` > 1 (the CLI: one per
core) the boards are assessed in forked worker processes, which inherit this process's loaded
rules engine and its district profiles and reference runs. The assessment is a pure function of
the board (and the deck and the date whose rules apply), so the workers' results are the serial
ones, put back in the tables' order, and a running server keeps the last :data:`REMEMBERED`
of them: a second download, or a table's report after the workshop's, assesses nothing again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import TYPE_CHECKING

from cards.deck import Deck
from cards.model import Slot
from printables.report import model as rm
from printables.report.content import (
    AssessKey,
    Board,
    Played,
    ReportError,
    ReportOptions,
    assess_board,
    assess_table,
    board_of,
    table_report,
    workshop_report,
)
from server.store import Store, TableRow, WorkshopRow

if TYPE_CHECKING:
    from game_rules.results import Assessment, Replication

__all__ = ["ReportError", "ReportOptions", "assess_boards", "default_processes", "forget_assessments",
           "load_table_report", "load_workshop_report", "play_table", "table_hourly_csv"]

log = logging.getLogger("assembler.report")


def play_table(store: Store, row: TableRow, workshop: WorkshopRow, deck: Deck, options: ReportOptions,
               assessed: dict[AssessKey, tuple[Replication, Assessment]] | None = None) -> Played:
    """Rebuild ``row``'s table from the log and assess it (see ``content.assess_table``; a board
    this process assessed earlier today with this deck is reused, :func:`assess_boards`)."""
    table = store.load_table(row.id)
    events = store.events_after(row.id, 0)
    if assessed is None:
        assessed = assess_boards([board_of(table, workshop, options)], deck)
    return assess_table(row, table, events, workshop, deck, options, assessed)


def _workshop(store: Store, workshop_id: str) -> WorkshopRow:
    workshop = store.workshop(workshop_id)
    if workshop is None:
        raise ReportError(f"expected the id of a workshop in this database, got {workshop_id!r}")
    return workshop


def load_table_report(store: Store, table_id: str, deck: Deck, options: ReportOptions | None = None) -> rm.TableReport:
    """Read, replay, assess and convert one table (``ReportError`` for an unknown id)."""
    options = options or ReportOptions()
    row = store.table(table_id)
    if row is None:
        raise ReportError(f"expected the id of a table in this database, got {table_id!r}")
    workshop = _workshop(store, row.workshop_id)
    return table_report(play_table(store, row, workshop, deck, options), workshop, deck, options)


def load_workshop_report(store: Store, workshop_id: str, deck: Deck,
                         options: ReportOptions | None = None, *, processes: int = 1) -> rm.WorkshopReport:
    """Every table of a workshop, their comparison, in the workshop's language unless asked
    (``ReportError`` for an unknown id). ``processes``: worker processes for the assessments
    (:func:`assess_boards`); 1 assesses in this process."""
    options = options or ReportOptions()
    workshop = _workshop(store, workshop_id)
    read = [(row, store.load_table(row.id), store.events_after(row.id, 0)) for row in store.workshop_tables(workshop_id)]
    boards = {b.key: b for b in (board_of(table, workshop, options) for _, table, _ in read)}
    assessed = assess_boards(list(boards.values()), deck, processes)
    played = [assess_table(row, table, events, workshop, deck, options, assessed) for row, table, events in read]
    return workshop_report(workshop, played, deck, options)


MAX_PROCESSES = 4
"""At most this many report workers: each one's cache of hourly energy runs grows to 100-200 MB
over a 12-table workshop, and the project's machine has 2 cores."""


def default_processes() -> int:
    """Worker processes for a report made on its own (the CLI, the benchmark): one per core
    this process may run on, at most :data:`MAX_PROCESSES`; 1 where processes cannot be forked
    (no ``fork`` start method)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


REMEMBERED = 16
"""Assessed boards a process keeps for later reports: a 12-table workshop and some. A board's
assessment with its tornado, uncertainty run and replication holds about 2.6 MB (measured with
tracemalloc on the benchmark's boards), so at most about 40 MB."""

_remembered: OrderedDict[tuple[AssessKey, date, int], tuple[Deck, tuple[Replication, Assessment]]] = OrderedDict()
_remembered_lock = threading.Lock()


def forget_assessments() -> None:
    """Drop the assessed boards this process keeps (tests that count the engine's runs)."""
    with _remembered_lock:
        _remembered.clear()


def assess_boards(boards: Sequence[Board], deck: Deck, processes: int = 1) -> dict[AssessKey, tuple[Replication, Assessment]]:
    """``content.assess_board`` of each board, by board key; a board this process assessed
    today with the same deck object is taken from the last :data:`REMEMBERED` (the assessment
    is a pure function of the board, the deck and the date whose rules apply).

    The rest are assessed as :func:`_assess` says (worker processes when ``processes`` > 1).
    """
    today = date.today()
    found: dict[AssessKey, tuple[Replication, Assessment]] = {}
    with _remembered_lock:
        for b in boards:
            entry = _remembered.get((b.key, today, id(deck)))
            if entry is not None and entry[0] is deck:  # the entry holds the deck: its id is not reused
                _remembered.move_to_end((b.key, today, id(deck)))
                found[b.key] = entry[1]
    missing = [b for b in boards if b.key not in found]
    if missing:
        computed = _assess(missing, deck, processes)
        with _remembered_lock:
            for key, result in computed.items():
                _remembered[(key, today, id(deck))] = (deck, result)
            while len(_remembered) > REMEMBERED:
                _remembered.popitem(last=False)
        found.update(computed)
    return found


def _assess(boards: Sequence[Board], deck: Deck, processes: int) -> dict[AssessKey, tuple[Replication, Assessment]]:
    """``content.assess_board`` of each board, by board key.

    With ``processes`` > 1 and several boards, in that many forked worker processes. Fork only,
    and only from a process running no other thread (a thread holding a lock at the fork would
    leave it held in the workers): the server, whose report routes run in worker threads,
    assesses in the calling thread whatever it asks for. This process first loads what every
    board shares (the rules engine, the districts' profiles and today's reference runs), so the
    workers inherit it instead of each computing it. A worker
    that dies (``BrokenProcessPool``) leaves the boards to this process; the engine's own errors
    are raised as in the serial case.
    """
    if (processes <= 1 or len(boards) < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return {b.key: assess_board(b, deck) for b in boards}
    _warm(boards)
    workers = min(processes, len(boards))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(deck,)) as pool:
            results = list(pool.map(_assess_in_worker, boards))
    except BrokenProcessPool as exc:
        log.warning("report worker process stopped (%s); assessing in this process", exc)
        return {b.key: assess_board(b, deck) for b in boards}
    log.info("assessed %d boards in %d worker processes", len(boards), workers)
    return {b.key: result for b, result in zip(boards, results, strict=True)}


def _warm(boards: Sequence[Board]) -> None:
    """Load, in this process, what the workers share: profiles and today's base reference run
    of every district the boards are assessed or replicated in (memoised in the engine)."""
    from game_rules import load_district
    from game_rules.kpis import annual_run
    from game_rules.params import base_params

    for name in dict.fromkeys(n for b in boards for n in (b.district, b.target)):
        district = load_district(name)
        annual_run(district, base_params(district, date.today()))


_WORKER_DECK: list[Deck] = []  # the deck of a forked report worker (inherited, not pickled)


def _start_worker(deck: Deck) -> None:
    _WORKER_DECK[:] = [deck]


def _assess_in_worker(board: Board) -> tuple[Replication, Assessment]:
    return assess_board(board, _WORKER_DECK[0])


def table_hourly_csv(store: Store, table_id: str, deck: Deck) -> str:
    """The hourly CSV (:mod:`printables.report.hourly`) of one stored table's final board in its
    workshop's district (``ReportError`` for an unknown id)."""
    from game_rules import TableModel, load_district
    from printables.report.content import home_district
    from printables.report.hourly import hourly_csv

    row = store.table(table_id)
    if row is None:
        raise ReportError(f"expected the id of a table in this database, got {table_id!r}")
    workshop = _workshop(store, row.workshop_id)
    table = store.load_table(row.id)
    slots: dict[Slot, tuple[str, ...]] = {s: ids for s, ids in table.board().items() if s is not Slot.SCENARIO}
    model = TableModel(slots=slots, roles=table.role_cards())
    # The workshop's assumptions apply, as in its assessment (content.board_of).
    overrides = dict(getattr(workshop, "assumptions", ())) or None
    return hourly_csv(model, load_district(home_district(workshop)), deck, overrides=overrides)
