"""The analysts' hourly export downloaded from a real server (``assembler serve --demo``).

``GET /api/tables/{id}/export/hourly.csv`` with the facilitator's link: the first line states
the time base, then a header whose column names carry their units, then 8,760 rows whose PV
and grid-import columns sum to the annual totals the rules engine reports for the same board.
A participant or projector link gets 403, no link 401, an unknown table 404.
"""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from test_reports import Demo, demo, engine_assessment, pdfcheck  # noqa: F401  (the module's live server fixture)

from server.auth import derived_token


def test_hourly_csv_endpoint_on_a_real_server(demo: Demo) -> None:  # noqa: F811
    table = demo.tables[0]
    response = demo.http.get(f"/api/tables/{table}/export/hourly.csv")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    assert "hourly-" in response.headers["content-disposition"]
    first, rest = response.text.split("\n", 1)
    assert first.startswith("# time base:") and "summer time" in first
    rows = list(csv.DictReader(io.StringIO(rest)))
    assert len(rows) == 8760
    assert all(name.endswith(("_kwh", "_degc")) for name in list(rows[0])[2:])
    annual = engine_assessment(demo, table).energy.annual  # type: ignore[attr-defined]
    assert sum(float(r["pv_kwh"]) for r in rows) == pytest.approx(annual["pv_kwh"], rel=1e-4)
    assert sum(float(r["grid_import_kwh"]) for r in rows) == pytest.approx(annual["import_kwh"], rel=1e-4)
    assert "FACTS" not in response.text


def test_hourly_csv_needs_a_reader_link(demo: Demo) -> None:  # noqa: F811
    table = demo.tables[0]
    projector = {"authorization": f"Bearer {derived_token(demo.token, 'projector:*')}"}
    with httpx.Client(base_url=demo.url, timeout=120) as http:
        assert http.get(f"/api/tables/{table}/export/hourly.csv").status_code == 401
        assert http.get(f"/api/tables/{table}/export/hourly.csv", headers=projector).status_code == 403
    missing = demo.http.get("/api/tables/t_nope/export/hourly.csv")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def _provenances(value: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(value, dict):
        if "rule" in value and "source" in value:
            found.append(value)
        for item in value.values():
            found += _provenances(item)
    elif isinstance(value, list):
        for item in value:
            found += _provenances(item)
    return found


def test_report_json_carries_what_a_council_compares(demo: Demo) -> None:  # noqa: F811
    """The table report JSON from the server: project NPV and its horizon, today's KPIs, each
    revealed scenario's NPV, the tornado, P5/P50/P95, the cash flows, and the full entry of every
    reference id a provenance cites; shares as fractions; no mention of the team's working notes."""
    response = demo.http.get(f"/api/tables/{demo.tables[0]}/report.json")
    assert response.status_code == 200, response.text[:300]
    assert "FACTS" not in response.text
    body = response.json()
    fin = body["financing"]
    assert fin["horizon_years"] and fin["project_npv"]["unit"] == "EUR"
    assert fin["cash_flows"][0]["scope"] == "project" and len(fin["cash_flows"][0]["years"]) == fin["horizon_years"] + 1
    assert body["baseline"]["kpis"] and body["uncertainty"]["outputs"]
    assert [o["scenario_card"] for o in body["scenario_outcomes"]] == ["SCN-01"]
    assert body["sensitivity"]["bars"]
    listed = {r["id"] for r in body["references"]}
    for prov in _provenances(body):
        assert set(prov["references"]) <= listed, prov  # type: ignore[arg-type]
    units = {k["unit"] for k in body["energy"]["kpis"]}
    assert "fraction" in units and "%" not in units
    pdf = demo.http.get(f"/api/tables/{demo.tables[0]}/report.pdf?lang=de")
    assert pdf.status_code == 200
    text = "\n".join(pdfcheck.page_texts(pdf.content))
    assert "FACTS" not in text
    for heading in ("Zahlungsströme über den Zeithorizont", "Heute und mit dem Projekt", "Szenarien im Vergleich",
                    "Sensitivität", "Unsicherheit (P5, P50, P95)", "Quellen"):
        assert heading in text, heading
