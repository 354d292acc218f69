"""Data exports for analysts: the report's content as JSON (documented schema) and as CSV.

The JSON is :class:`~printables.report.model.TableReport` / ``WorkshopReport`` dumped by
pydantic, so the PDF and the data cannot disagree. Its JSON Schema is generated from the same
classes into ``docs/schemas/`` by :func:`write_schemas` (a test keeps the files current).
CSV files hold raw numbers (dot decimal, no thousands separator, units in their own column;
shares as fractions) so spreadsheets and pandas read them without locale guessing; texts are in
the requested language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from printables.report.formatting import unit_text
from printables.report.model import Provenance, TableReport, WorkshopReport
from printables.report.table_report import risk_numbers

CSV_KINDS: tuple[str, ...] = ("flows", "risks", "kpis")
SCHEMA_FILES: dict[str, type[TableReport] | type[WorkshopReport]] = {
    "report-table.schema.json": TableReport,
    "report-workshop.schema.json": WorkshopReport,
}


def _prov(p: Provenance) -> list[str]:
    """The provenance columns: cards, rule, source, reference ids (space-separated; the full
    entries are in the report JSON's ``references``)."""
    return [" ".join(p.cards), p.rule, p.source, " ".join(p.references)]


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def flows_csv(report: TableReport, lang: str) -> str:
    """One row per value flow: who pays/gives whom, what, how much a year, and its provenance."""
    names = {s.id: s.name.get(lang) for s in report.stakeholders}
    return _csv(
        ["from", "from_name", "to", "to_name", "kind", "amount", "unit", "unit_text", "label", "cards", "rule", "source",
         "references"],
        ([f.source, names.get(f.source, f.source), f.target, names.get(f.target, f.target), f.kind, repr(f.amount),
          f.unit, unit_text(f.unit, lang), f.label.get(lang), *_prov(f.provenance)] for f in report.flows),
    )


def risks_csv(report: TableReport, lang: str) -> str:
    """One row per risk and scenario, numbered as in the PDF (R1 = highest score)."""
    rows = []
    for scenario in report.scenarios:
        numbers = risk_numbers(scenario)
        for r in scenario.risks:
            rows.append([scenario.scenario.get(lang), scenario.scenario_card or "", numbers[r.id], r.id, r.kind,
                         r.title.get(lang), r.probability, r.impact, r.score,
                         " ".join(c.id for c in r.mitigating_cards), *_prov(r.provenance)])
    return _csv(["scenario", "scenario_card", "number", "risk_id", "kind", "title", "probability", "impact",
                 "score", "mitigating_cards", "cards", "rule", "source", "references"], rows)


def kpis_csv(report: TableReport, lang: str) -> str:
    """One row per KPI with its PED threshold and whether it is met."""
    return _csv(
        ["key", "name", "value", "unit", "unit_text", "threshold", "higher_is_better", "passes", "cards", "rule", "source",
         "references"],
        ([k.key, k.name.get(lang), repr(k.value), k.unit, unit_text(k.unit, lang), "" if k.threshold is None else repr(k.threshold),
          k.higher_is_better, "" if k.passes is None else k.passes, *_prov(k.provenance)]
         for k in report.energy.kpis),
    )


def table_csv(report: TableReport, kind: str, lang: str) -> str:
    """The CSV export ``kind`` (one of :data:`CSV_KINDS`) of one table."""
    makers = {"flows": flows_csv, "risks": risks_csv, "kpis": kpis_csv}
    if kind not in makers:
        raise ValueError(f"expected a CSV export in {CSV_KINDS}, got {kind!r}")
    return makers[kind](report, lang)


def report_json(report: TableReport | WorkshopReport) -> str:
    """The report's content as JSON (schema: ``docs/schemas/report-*.schema.json``)."""
    return report.model_dump_json(indent=1)


def schemas() -> dict[str, str]:
    """The JSON Schemas of the exports, by file name, as the text written to ``docs/schemas``."""
    return {name: json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False) + "\n"
            for name, model in SCHEMA_FILES.items()}


def write_schemas(directory: Path) -> list[Path]:
    """Write :func:`schemas` into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(__file__).resolve().parents[2] / "docs" / "schemas"):
        print(path)
