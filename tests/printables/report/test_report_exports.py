"""Number formatting, CSV/JSON exports and the committed JSON Schemas of the report data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_fixtures import table_report, workshop_report

from printables.report.exports import report_json, schemas, table_csv
from printables.report.formatting import format_value
from printables.report.model import Energy, TableReport, WorkshopReport

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("value", "unit", "lang", "expected"), [
    (1234567.4, "EUR", "en", "1,234,567\u00a0€"),
    (1234567.4, "EUR", "fr", "1\u202f234\u202f567\u00a0€"),  # CLDR fr groups with U+202F
    (1234567.4, "EUR", "de", "1.234.567\u00a0€"),
    (-4321.9, "EUR/yr", "de", "-4.322\u00a0€/Jahr"),
    (41.26, "%", "fr", "41,3\u00a0%"),
    (11.7, "years", "de", "11,7\u00a0Jahre"),
    (-0.04, "%", "en", "0.0%"),  # CLDR en "#,##0%": no space, as "59%" in the rules' sentences
    (0.15, "fraction", "en", "15.0%"),
    (0.15, "fraction", "pt", "15,0%"),  # CLDR pt_PT "#,##0%"
    (0.04, "fraction/yr", "en", "4.0%/yr"),
    (0.04, "fraction/yr", "fr", "4,0\u00a0%/an"),
    (0.4126, "fraction", "fr", "41,3\u00a0%"),  # shares are fractions in the data, per cent for people
    (0.035, "fraction", "de", "3,5\u00a0%"),
    (0.0987, "EUR/kWh", "en", "0.099\u00a0€/kWh"),
    (450.0, "EUR/kWh", "de", "450\u00a0€/kWh"),  # a battery's price per kWh, not "450,000"
    (9, "count", "en", "9"),
    (3.14159, "m/s", "en", "3.14\u00a0m/s"),
])
def test_one_formatter_for_every_figure(value: float, unit: str, lang: str, expected: str) -> None:
    assert format_value(value, unit, lang) == expected


def test_formatter_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="expected a language"):
        format_value(1.0, "EUR", "it")


def test_csv_exports_hold_raw_numbers_and_provenance() -> None:
    report = table_report()
    flows = list(csv.DictReader(io.StringIO(table_csv(report, "flows", "fr"))))
    assert [float(r["amount"]) for r in flows] == [f.amount for f in report.flows]
    assert flows[1]["label"] == "Dividendes" and flows[0]["rule"] == report.flows[0].provenance.rule
    risks = list(csv.DictReader(io.StringIO(table_csv(report, "risks", "en"))))
    assert len(risks) == sum(len(s.risks) for s in report.scenarios)
    assert all(int(r["score"]) == int(r["probability"]) * int(r["impact"]) for r in risks)
    kpis = list(csv.DictReader(io.StringIO(table_csv(report, "kpis", "de"))))
    assert {r["key"]: float(r["value"]) for r in kpis} == {k.key: k.value for k in report.energy.kpis}
    with pytest.raises(ValueError, match="expected a CSV export"):
        table_csv(report, "votes", "en")


def test_json_export_carries_scores_and_reads_back() -> None:
    report = table_report()
    data = json.loads(report_json(report))
    assert data["scenarios"][0]["risks"][0]["score"] == report.scenarios[0].risks[0].score
    assert TableReport.model_validate(data) == report
    assert len(json.loads(report_json(workshop_report(2)))["tables"]) == 2


def test_committed_schemas_match_the_models() -> None:
    for name, text in schemas().items():
        path = ROOT / "docs" / "schemas" / name
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m printables.report.exports"
    assert "ReportWarning" in json.loads(schemas()["report-table.schema.json"])["$defs"]
    assert WorkshopReport.model_json_schema()["title"] == "WorkshopReport"


def test_energy_needs_twelve_months() -> None:
    energy = table_report().energy
    with pytest.raises(ValueError, match="expected 12 monthly balances"):
        Energy(months=energy.months[:11], summer_day=energy.summer_day, winter_day=energy.winter_day, kpis=energy.kpis)


def test_the_embedded_font_has_every_character_the_labels_and_formats_use() -> None:
    from reportlab.pdfbase import pdfmetrics

    from catalogs import entries, languages
    from printables.fonts import register_fonts

    register_fonts()
    face = pdfmetrics.getFont("PCEDSans").face
    texts = [form for lang in languages() for key, entry in entries(lang).items()
             if key.startswith(("report:", "unit:")) for form in entry.forms]
    texts += ["– — · • … › ×"]
    missing = sorted({ch for text in texts for ch in text if ord(ch) not in face.charToGlyph})
    assert not missing, f"characters the report prints but Noto Sans lacks: {missing}"
