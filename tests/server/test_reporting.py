"""A workshop report assesses each distinct board once (``server.reporting``).

Tables are played through the server's state machine into a real SQLite store; the rules
engine's ``replicate`` is wrapped to count its runs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import game_rules
from cards.deck import Deck, default_deck
from cards.model import Slot
from game_rules.play import Accepted, Actor, Phase, PlayCardCmd, SetPhaseCmd, Table, apply, fold
from server import reporting
from server.reporting import load_table_report, load_workshop_report
from server.store import Store, TableRow, WorkshopRow

BOARD = (("WHO-03", Slot.WHO), ("GOV-07", Slot.GOVERNANCE), ("TECH-01", Slot.MEASURES))


@pytest.fixture(autouse=True)
def _fresh() -> None:
    """Each test counts the engine's runs from an empty memory of assessed boards."""
    reporting.forget_assessments()


def _play(store: Store, table_id: str, deck: Deck, cards: tuple[tuple[str, Slot], ...]) -> None:
    table, fac = Table(), Actor("facilitator")
    commands = [SetPhaseCmd(phase=Phase.CANVAS), *(PlayCardCmd(card_id=c, slot=s) for c, s in cards)]
    for k, cmd in enumerate(commands):
        decision = apply(table, cmd, fac, 1_750_000_000.0 + k, deck, f"{table_id}.{k}")
        assert isinstance(decision, Accepted), decision
        store.append(table_id, decision.events)
        for ev in decision.events:
            fold(table, ev)


def test_equal_boards_share_one_assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = default_deck()
    store = Store(f"sqlite:///{tmp_path / 'reuse.sqlite'}")
    store.migrate()
    workshop = WorkshopRow(id="wreuse", name="Reuse", lang="en", district="lyon-confluence", is_open=False)
    rows = [TableRow(id=f"treuse{k}", workshop_id="wreuse", number=k + 1, name=f"Table {k + 1}",
                     join_code=f"REUS{k}") for k in range(3)]
    store.create_workshop(workshop, rows, {})
    _play(store, "treuse0", deck, BOARD)
    _play(store, "treuse1", deck, BOARD)
    _play(store, "treuse2", deck, (*BOARD, ("TECH-02", Slot.MEASURES)))
    calls: list[tuple[str, ...]] = []
    real = game_rules.replicate

    def counting(model: game_rules.TableModel, *args: object, **kwargs: object) -> object:
        calls.append(model.cards())
        return real(model, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(game_rules, "replicate", counting)
    try:
        report = load_workshop_report(store, "wreuse", deck)
    finally:
        store.dispose()
    assert sorted(calls) == sorted([tuple(c for c, _ in BOARD), (*(c for c, _ in BOARD), "TECH-02")])
    first, second, third = report.tables
    assert first.energy.kpis == second.energy.kpis and first.stakeholders == second.stakeholders
    assert first.meta.table_id != second.meta.table_id
    assert third.energy.kpis != first.energy.kpis


def test_worker_processes_give_the_serial_report(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Assessing the boards in forked worker processes (the CLI: one per core) changes nothing in
    the report: the assessment is a pure function of the board, and the results come back in the
    tables' order. Three tables, two distinct boards, one with a revealed scenario card."""
    import logging
    import threading

    from game_rules.play import RevealScenarioCmd

    deck = default_deck()
    store = Store(f"sqlite:///{tmp_path / 'pool.sqlite'}")
    store.migrate()
    workshop = WorkshopRow(id="wpool", name="Pool", lang="en", district="lyon-confluence", is_open=False)
    rows = [TableRow(id=f"tpool{k}", workshop_id="wpool", number=k + 1, name=f"Table {k + 1}",
                     join_code=f"POOL{k}") for k in range(3)]
    store.create_workshop(workshop, rows, {})
    _play(store, "tpool0", deck, (*BOARD, ("SCN-01", Slot.SCENARIO)))
    table = store.load_table("tpool0")
    hidden = max(p.play_id for p in table.plays.values() if p.slot is Slot.SCENARIO)
    decision = apply(table, RevealScenarioCmd(play_id=hidden), Actor("facilitator"), 1_750_000_100.0, deck, "reveal")
    if isinstance(decision, Accepted):
        store.append("tpool0", decision.events)
    _play(store, "tpool1", deck, (*BOARD, ("TECH-02", Slot.MEASURES)))
    _play(store, "tpool2", deck, BOARD)
    assert threading.active_count() == 1, "the pool forks only from a process without other threads"
    try:
        serial = load_workshop_report(store, "wpool", deck, processes=1)
        reporting.forget_assessments()
        with caplog.at_level(logging.INFO, logger="assembler.report"):
            pooled = load_workshop_report(store, "wpool", deck, processes=2)
    finally:
        store.dispose()
    assert "assessed 3 boards in 2 worker processes" in caplog.text
    assert pooled.model_dump_json() == serial.model_dump_json()
    assert serial.tables[0].scenario_outcomes and serial.tables[0].sensitivity is not None


def test_a_second_report_reuses_the_assessed_boards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A running server asked for the workshop's report again, or for one table's report after
    it, assesses nothing again (the same boards, deck and date) and gives the same report."""
    deck = default_deck()
    store = Store(f"sqlite:///{tmp_path / 'again.sqlite'}")
    store.migrate()
    workshop = WorkshopRow(id="wagain", name="Again", lang="en", district="lyon-confluence", is_open=False)
    rows = [TableRow(id=f"tagain{k}", workshop_id="wagain", number=k + 1, name=f"Table {k + 1}",
                     join_code=f"AGAI{k}") for k in range(2)]
    store.create_workshop(workshop, rows, {})
    _play(store, "tagain0", deck, BOARD)
    _play(store, "tagain1", deck, (*BOARD, ("TECH-02", Slot.MEASURES)))
    calls: list[tuple[str, ...]] = []
    real = game_rules.replicate

    def counting(model: game_rules.TableModel, *args: object, **kwargs: object) -> object:
        calls.append(model.cards())
        return real(model, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(game_rules, "replicate", counting)
    try:
        first = load_workshop_report(store, "wagain", deck)
        assert len(calls) == 2
        again = load_workshop_report(store, "wagain", deck)
        table = load_table_report(store, "tagain1", deck)
        assert len(calls) == 2
        load_workshop_report(store, "wagain", dataclasses.replace(deck))  # another deck: assessed anew
    finally:
        store.dispose()
    assert len(calls) == 4
    assert again.model_dump_json() == first.model_dump_json()
    assert table.energy == first.tables[1].energy and table.sensitivity == first.tables[1].sensitivity
