"""Benchmark: the outcome report of a 12-table workshop, from the database to the PDF.

Target (issue 8): under 10 s on the project's 2-core machine. Tables are played through the
server's pure state machine (``server.table_state.apply``) and appended to a real SQLite store,
exactly as the live server stores them; their boards are the shipped example models in turn,
each with its own extra measure so that no two tables share an assessment.

Printed beside a baseline measured in the same run: rendering one fixed, hand-built table report
with reportlab (no database, no rules engine), so the ratio says how much the whole pipeline costs
relative to pure PDF drawing on this machine today.

    .venv/bin/python bench/bench_report.py [--tables 12]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards.deck import Deck, default_deck  # noqa: E402
from cards.model import Category, Slot  # noqa: E402
from server.store import Store, TableRow, WorkshopRow  # noqa: E402
from server.table_state import (  # noqa: E402
    Accepted,
    Actor,
    JoinCmd,
    Phase,
    PlayCardCmd,
    RevealScenarioCmd,
    SetPhaseCmd,
    Table,
    TakeRoleCmd,
    UndoCmd,
    apply,
    fold,
)


def example_models() -> list[dict[str, object]]:
    import yaml

    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.yaml"))]


def play(store: Store, table_id: str, model: dict[str, object], deck: Deck, extra: str | None, t0: float) -> None:
    """Seat, take roles, walk phases, play every card, undo one play, reveal a scenario."""
    table = Table()
    clock = [t0]

    def run(cmd: object, actor: Actor, cmd_id: str) -> None:
        clock[0] += 20.0
        decision = apply(table, cmd, actor, clock[0], deck, cmd_id)  # type: ignore[arg-type]
        if not isinstance(decision, Accepted):
            raise RuntimeError(f"{cmd_id}: expected the command to be accepted, got {decision}")
        store.append(table_id, decision.events)
        for ev in decision.events:
            fold(table, ev)

    fac = Actor("facilitator")
    for k, role in enumerate(model.get("roles", []) or []):  # type: ignore[union-attr]
        run(JoinCmd(seat_id=f"seat{k}", nickname=f"<b>P{k}</b> & co"), Actor("system"), f"{table_id}.join{k}")
        run(TakeRoleCmd(role_card=str(role)), Actor("participant", f"seat{k}"), f"{table_id}.role{k}")
    run(SetPhaseCmd(phase=Phase.CANVAS), fac, f"{table_id}.phase1")
    slots: dict[str, list[str]] = dict(model["slots"])  # type: ignore[arg-type]
    if extra:
        slots = {**slots, "measures": [*slots.get("measures", []), extra]}
    for slot, ids in slots.items():
        for cid in dict.fromkeys(ids):
            run(PlayCardCmd(card_id=cid, slot=Slot(slot)), fac, f"{table_id}.play.{cid}")
    run(PlayCardCmd(card_id="SCN-03", slot=Slot.SCENARIO), fac, f"{table_id}.play.scn")
    run(UndoCmd(), fac, f"{table_id}.undo")
    run(PlayCardCmd(card_id="SCN-01", slot=Slot.SCENARIO), fac, f"{table_id}.play.scn1")
    hidden = max(p.play_id for p in table.plays.values() if p.slot is Slot.SCENARIO)
    if table.plays[hidden].hidden:
        run(RevealScenarioCmd(play_id=hidden), fac, f"{table_id}.reveal")
    run(SetPhaseCmd(phase=Phase.OUTCOME), fac, f"{table_id}.phase2")


def seed(url: str, n_tables: int, deck: Deck) -> str:
    """A workshop of ``n_tables`` played tables in the store at ``url``; returns its id."""
    store = Store(url)
    store.migrate()
    models = example_models()
    measures = [c.id for c in deck.of(Category.ENERGY)]
    workshop = WorkshopRow(id="wbench", name="Benchmark workshop", lang="fr", district="lyon-confluence", is_open=False)
    rows = [TableRow(id=f"tbench{k:02d}", workshop_id=workshop.id, number=k + 1, name=f"Table {k + 1}",
                     join_code=f"BNCH{k:02d}") for k in range(n_tables)]
    store.create_workshop(workshop, rows, {})
    for k, row in enumerate(rows):
        model = models[k % len(models)]
        used = {c for ids in model["slots"].values() for c in ids}  # type: ignore[union-attr]
        extra = next((m for m in measures[k:] + measures[:k] if m not in used), None)
        play(store, row.id, model, deck, extra, 1_750_000_000.0 + k)
    store.dispose()
    return workshop.id


def baseline() -> float:
    """Seconds to render one hand-built table report (reportlab only)."""
    sys.path.insert(0, str(ROOT / "tests" / "printables" / "report"))
    from report_fixtures import table_report

    from printables.report import render_table_report

    start = time.perf_counter()
    render_table_report(table_report(lang="fr"), "fr")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=12)
    args = parser.parse_args()
    from printables.report import render_workshop_report
    from server.report_data import load_workshop_report

    deck = default_deck()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        workshop_id = seed(url, args.tables, deck)
        base = baseline()
        store = Store(url)
        start = time.perf_counter()
        report = load_workshop_report(store, workshop_id, deck)
        built = time.perf_counter()
        pdf = render_workshop_report(report)
        done = time.perf_counter()
        store.dispose()
    total = done - start
    print(f"{'step':<42}{'seconds':>10}{'× baseline':>12}")
    print(f"{'baseline: one hand-built table PDF':<42}{base:>10.2f}{1.0:>12.1f}")
    print(f"{f'read + assess + replicate {args.tables} tables':<42}{built - start:>10.2f}{(built - start) / base:>12.1f}")
    print(f"{f'render the {args.tables}-table workshop PDF':<42}{done - built:>10.2f}{(done - built) / base:>12.1f}")
    print(f"{'total (target < 10 s)':<42}{total:>10.2f}{total / base:>12.1f}")
    print(f"PDF: {len(pdf):,} bytes; {'meets' if total < 10 else 'MISSES'} the 10 s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
