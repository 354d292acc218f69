"""Regenerate the sample reports in this directory from tables played through the state machine.

    .venv/bin/python docs/samples/make_samples.py            # English: table-report.pdf, ...
    .venv/bin/python docs/samples/make_samples.py pt         # Portuguese: table-report-pt.pdf, ...

Three tables (the example models, each with one extra measure, a scenario revealed and an undo)
are stored in a temporary SQLite database exactly as the server stores them (see
``bench/bench_report.py``), then reported in the language given (English by default); the first page of each PDF is rendered
with ``pdftoppm`` for the README.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_report import seed  # noqa: E402

from cards.deck import default_deck  # noqa: E402
from printables.report import render_table_report, render_workshop_report  # noqa: E402
from server.reporting import ReportOptions, load_workshop_report  # noqa: E402
from server.store import Store  # noqa: E402


def first_page_png(pdf: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(pdf.with_name(pdf.stem + "-p1"))], check=True)


def main(lang: str = "en") -> None:
    deck = default_deck()
    suffix = "" if lang == "en" else f"-{lang}"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/samples.sqlite"
        workshop_id = seed(url, 3, deck)
        store = Store(url)
        workshop = load_workshop_report(store, workshop_id, deck, ReportOptions(lang=lang))
        store.dispose()
    outputs = {f"table-report{suffix}.pdf": render_table_report(workshop.tables[0], lang),
               f"workshop-report{suffix}.pdf": render_workshop_report(workshop, lang)}
    for name, pdf in outputs.items():
        (HERE / name).write_bytes(pdf)
        first_page_png(HERE / name)
        print(HERE / name, len(pdf))


if __name__ == "__main__":
    main(*sys.argv[1:2])
