"""The bridge from a live table to the rules engine (:mod:`game_rules`), guarded.

An assessment runs in a separate process after plays (debounced by the caller, one at a time
per worker), so the rules engine's CPU time never holds the event loop's interpreter lock. Whatever goes wrong
inside the rules engine becomes a status the screens show (``error`` or ``unavailable``), logged
with its traceback on the server, never raised into the play path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cards.deck import Deck, load_deck
from cards.model import Slot

if TYPE_CHECKING:
    from game_rules.districts import District

log = logging.getLogger("assembler.assess")


@dataclass(frozen=True)
class BoardInput:
    """What the rules engine reads from a table, copied out of the live state."""

    slots: dict[Slot, tuple[str, ...]]
    roles: tuple[str, ...]
    scenarios: tuple[str, ...]
    district: str | District
    """A preset name, or the workshop's uploaded district (pickled to the assessment process)."""
    overrides: tuple[tuple[str, float], ...] = ()
    """The workshop's assumptions (:mod:`server.assumptions`): parameter values set before the cards."""


@dataclass(frozen=True)
class AssessmentResult:
    status: str  # "ok" | "error" | "unavailable"
    body: dict[str, Any] | None
    message: str


ASSESS_NICE = 10
"""Scheduling niceness of the assessment process: plays and broadcasts go first on a busy CPU."""


PARENT_WATCH_S = 1.0
"""[s] how often the assessment process checks that the server that started it still runs."""


def lower_priority(parent_pid: int | None = None) -> None:
    """Initializer of the assessment process: lower priority, and end with the parent.

    A ``kill -9`` of the server runs no shutdown code, so the child watches its parent: a daemon
    thread exits the process once ``os.getppid()`` is no longer ``parent_pid`` (the child is
    re-parented when the server dies). With the child gone, multiprocessing's resource tracker
    reads end-of-file on its pipe and ends too. (``prctl(PR_SET_PDEATHSIG)`` is not used: it
    fires when the *thread* that spawned the child ends, which in a thread pool is any time.)
    """
    import contextlib
    import os
    import threading
    import time

    with contextlib.suppress(OSError):  # not permitted here: run at normal priority
        os.nice(ASSESS_NICE)
    if parent_pid is None:
        return
    if os.getppid() != parent_pid:
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_WATCH_S)  # polling: Linux has no portable "parent died" event
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@lru_cache(maxsize=4)
def _deck(directory: str) -> Deck:
    return load_deck(Path(directory), check_counts=False)


def compute_in_child(board: BoardInput, deck_dir: str) -> AssessmentResult:
    """Entry point in the assessment process: loads (once) the server's deck, then computes."""
    try:
        deck = _deck(deck_dir)
    except Exception as exc:
        return AssessmentResult("error", None, f"the deck could not be loaded: {exc}")
    return compute(board, deck)


def compute(board: BoardInput, deck: Deck | None = None) -> AssessmentResult:
    """Run ``game_rules.assess`` on ``board``; never raises."""
    try:
        from game_rules import TableModel, assess, load_district
    except ImportError as exc:
        return AssessmentResult("unavailable", None, f"the rules engine is not installed or incomplete ({exc})")
    try:
        slots: dict[Slot, tuple[str, ...]] = {s: ids for s, ids in board.slots.items() if s is not Slot.SCENARIO}
        model = TableModel(slots=slots, roles=board.roles)
        result = assess(model, load_district(board.district), board.scenarios, deck=deck, overrides=dict(board.overrides) or None)
        return AssessmentResult("ok", result.model_dump(mode="json"), "")
    except Exception as exc:  # the rules engine must never break play
        log.exception("assessment failed for %s", board)
        return AssessmentResult("error", None, f"the assessment failed: {type(exc).__name__}")
