"""Benchmark: the outcome report of a 12-table workshop, from the database to the PDF.

Target (issue 8): under 10 s on the project's 2-core machine. Tables are played through the
server's pure state machine (``game_rules.play.apply``) and appended to a real SQLite store,
exactly as the live server stores them; their boards are the shipped example models in turn,
each with its own extra measure so that no two tables share an assessment.

Each run is a fresh Python process (``--runs``, default 3; medians are printed, with the
slowest run beside them) that times:

* **cold**: the first report of the process, as ``assembler report --workshop`` makes it: read
  the store, assess and replicate every table (in one forked worker process per core,
  ``server.reporting.default_processes``), compare, then draw the PDF. It includes the rules
  engine's first-use costs (importing pvlib/pandas/scipy/demandlib/pymcdm, synthesising each
  district's hourly profiles once);
  Of that, **replication page** is the time spent transferring every table's model to the eight
  built-in districts (``printables.report.replication_page.replication_matrices``: light
  assessments, no sensitivity, uncertainty or mitigation re-runs; the first use of each district
  synthesises its profiles and reference run, shared by every table);
* **warm**: the same report again in that process, as a running server makes a second download;
* **baseline**, measured in the same process: reportlab drawing as many A4 pages as the report
  has, each with 55 lines of 80 characters of plain text in the report's embedded font (no
  layout, no tables) — the floor of putting that many text pages into a PDF on this machine.

Beside the wall-clock times, the CPU time of each report (this process and its workers, user +
system) is printed: on a shared machine it moves less with the other load than wall time does.

    .venv/bin/python bench/bench_report.py [--tables 12] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards.deck import Deck, default_deck  # noqa: E402
from cards.model import Category, Slot  # noqa: E402
from game_rules.play import (  # noqa: E402
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
from server.store import Store, TableRow, WorkshopRow  # noqa: E402


def example_models() -> list[dict[str, Any]]:
    import yaml

    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.yaml"))]


def play(store: Store, table_id: str, model: dict[str, Any], deck: Deck, extra: str | None, t0: float) -> None:
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
    for k, role in enumerate(model.get("roles", []) or []):
        run(JoinCmd(seat_id=f"seat{k}", nickname=f"<b>P{k}</b> & co"), Actor("system"), f"{table_id}.join{k}")
        run(TakeRoleCmd(role_card=str(role)), Actor("participant", f"seat{k}"), f"{table_id}.role{k}")
    run(SetPhaseCmd(phase=Phase.CANVAS), fac, f"{table_id}.phase1")
    slots: dict[str, list[str]] = dict(model["slots"])
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
        used = {c for ids in model["slots"].values() for c in ids}
        extra = next((m for m in measures[k:] + measures[:k] if m not in used), None)
        play(store, row.id, model, deck, extra, 1_750_000_000.0 + k)
    store.dispose()
    return workshop.id


BASELINE_LINES = 55
BASELINE_TEXT = "Bilan annuel en énergie primaire: 1 234,5 MWh EP/an; coûts 2 315 160 €/an (R1–R9)"[:80]


def baseline(pages: int) -> float:
    """Seconds for reportlab to draw ``pages`` A4 pages of plain text (see the module doc)."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from printables.fonts import register_fonts

    font = register_fonts().regular
    start = time.perf_counter()
    canvas = Canvas(BytesIO(), pagesize=A4, invariant=1)
    for page in range(pages):
        canvas.setFont(font, 8)
        for line in range(BASELINE_LINES):
            canvas.drawString(51, 790 - 13 * line, f"{page}.{line} {BASELINE_TEXT}")
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def measure(url: str, workshop_id: str) -> dict[str, float]:
    """One process's timings [s]: cold and warm report (read + assess, draw) and the baseline."""
    import printables.report.replication_page as page
    from printables.report import render_workshop_report
    from server.reporting import default_processes, load_workshop_report

    deck = default_deck()
    out: dict[str, float] = {}
    pdf = b""
    spent = [0.0]
    matrices = page.replication_matrices

    def timed(*args: Any, **kwargs: Any) -> Any:
        begin = time.perf_counter()
        try:
            return matrices(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - begin

    page.replication_matrices = timed  # the report imports it at call time
    out["processes"] = float(default_processes())
    for phase in ("cold", "warm"):
        store = Store(url)
        spent[0] = 0.0
        cpu = os.times()
        start = time.perf_counter()
        report = load_workshop_report(store, workshop_id, deck, processes=default_processes())
        built = time.perf_counter()
        pdf = render_workshop_report(report)
        done = time.perf_counter()
        store.dispose()
        out[f"{phase} read + assess"], out[f"{phase} draw"] = built - start, done - built
        out[f"{phase} total"] = done - start
        out[f"{phase} replication"] = spent[0]
        used = os.times()
        out[f"{phase} cpu"] = sum(getattr(used, f) - getattr(cpu, f)
                                  for f in ("user", "system", "children_user", "children_system"))
    from pypdf import PdfReader

    out["pages"] = float(len(PdfReader(BytesIO(pdf)).pages))
    out["bytes"] = float(len(pdf))
    out["baseline"] = baseline(int(out["pages"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tables", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to time (medians are printed)")
    parser.add_argument("--child", nargs=2, metavar=("URL", "WORKSHOP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        workshop_id = seed(url, args.tables, default_deck())
        runs = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--child", url, workshop_id], check=True,
                                  capture_output=True, text=True)
            runs.append(json.loads(done.stdout.splitlines()[-1]))
    report(runs, args.tables)
    return 0


def report(runs: list[dict[str, float]], tables: int) -> None:
    """The table of medians (and slowest run) with each step's ratio to the baseline."""
    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    base = med("baseline")
    pages = int(med("pages"))
    print(f"{tables}-table workshop report, {pages} pages, {int(med('bytes')):,} bytes; "
          f"median of {len(runs)} fresh processes, {int(med('processes'))} assessment processes each")
    print(f"{'step':<40}{'median s':>10}{'slowest s':>11}{'× baseline':>12}")
    rows = [("baseline", f"baseline: {pages} plain-text pages")]
    for phase in ("cold", "warm"):
        rows += [(f"{phase} read + assess", f"{phase}: read + assess + compare"),
                 (f"{phase} replication", f"{phase}:   of which replication page"),
                 (f"{phase} draw", f"{phase}: draw the PDF"), (f"{phase} total", f"{phase}: total"),
                 (f"{phase} cpu", f"{phase}: CPU time, all processes")]
    for key, name in rows:
        print(f"{name:<40}{med(key):>10.2f}{max(r[key] for r in runs):>11.2f}{med(key) / base:>12.1f}")
    cold = med("cold total")
    print(f"cold total {cold:.2f} s: {'meets' if cold < 10 else 'MISSES'} the 10 s target")


if __name__ == "__main__":
    sys.exit(main())
