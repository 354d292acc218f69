"""A workshop report assesses each distinct board once (``server.reporting``).

Tables are played through the server's state machine into a real SQLite store; the rules
engine's ``replicate`` is wrapped to count its runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import game_rules
from cards.deck import Deck, default_deck
from cards.model import Slot
from game_rules.play import Accepted, Actor, Phase, PlayCardCmd, SetPhaseCmd, Table, apply, fold
from server.reporting import load_workshop_report
from server.store import Store, TableRow, WorkshopRow

BOARD = (("WHO-03", Slot.WHO), ("GOV-07", Slot.GOVERNANCE), ("TECH-01", Slot.MEASURES))


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
