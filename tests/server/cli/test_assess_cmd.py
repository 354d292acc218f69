"""``assembler assess`` over the shipped examples, in both built-in districts, as a user runs it.

What a council takes home must be defensible: every provenance in ``--json`` names reference
ids whose full entries are in ``references``; no output names the team's working notes
("FACTS"); every value labelled an assumption carries a plausible range; the project NPV has
its horizon; shares are fractions in the JSON (per cent only in the text summary); and the
hourly export has 8,760 rows and says which time base they are on.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest

from game_rules.districts import DISTRICT_PRESETS
from game_rules.references import assumption_range, cited_in
from server.cli import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DISTRICTS = ("lyon-confluence", "munich-harthof")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["assess", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def provenances(value: Any) -> list[dict[str, Any]]:
    """Every provenance object (a mapping with ``rule`` and ``source``) in dumped JSON."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if "rule" in value and "source" in value:
            found.append(value)
        for item in value.values():
            found += provenances(item)
    elif isinstance(value, list):
        for item in value:
            found += provenances(item)
    return found


def units(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("unit"), str):
            found.append(value["unit"])
        for item in value.values():
            found += units(item)
    elif isinstance(value, list):
        for item in value:
            found += units(item)
    return found


def test_examples_cover_both_districts() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    assert len(EXAMPLES) >= 3 and all(f"district: {d}" in text for d in DISTRICTS)


@pytest.fixture(scope="module")
def outputs() -> dict[str, tuple[dict[str, Any], str]]:
    """For each example: ``--json --scenario SCN-10 --sensitivity`` parsed, and its raw text."""
    out: dict[str, tuple[dict[str, Any], str]] = {}
    capture = io.StringIO()
    import contextlib

    for path in EXAMPLES:
        capture.seek(0)
        capture.truncate()
        with contextlib.redirect_stdout(capture):
            assert main(["assess", str(path), "--json", "--scenario", "SCN-10", "--scenario", "SCN-01",
                         "--sensitivity"]) == 0
        text = capture.getvalue()
        out[path.stem] = (json.loads(text), text)
    return out


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_provenance_names_ids_found_in_references(outputs: dict[str, tuple[dict[str, Any], str]],
                                                        example: str) -> None:
    data, _ = outputs[example]
    listed = {r["id"] for r in data["references"]}
    for r in data["references"]:
        assert r["authors"] and r["title"] and r["url"].startswith("http") and r["year"] and r["accessed"], r
    for prov in provenances(data):
        cited = set(prov.get("references", [])) | set(cited_in(prov["source"]))
        assert cited <= listed, (prov, cited - listed)


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_no_output_names_the_working_notes(outputs: dict[str, tuple[dict[str, Any], str]], example: str,
                                           capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, text = outputs[example]
    assert "FACTS" not in text
    code, summary, err = run(capsys, str(ROOT / "examples" / f"{example}.yaml"), "--scenario", "SCN-10",
                             "--sensitivity", "--hourly", str(tmp_path / "h.csv"))
    assert code == 0, err
    assert "FACTS" not in summary and "FACTS" not in (tmp_path / "h.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_assumption_carries_a_range(outputs: dict[str, tuple[dict[str, Any], str]], example: str) -> None:
    """An assumption states its plausible range where it is printed: in its provenance's source
    (``assumption [low-high]``, ``game_rules.references.assumption_range``), or, for a bar of the
    tornado, in the bar itself (``low``/``high`` from the plausible range)."""
    data, _ = outputs[example]
    rows = data["sensitivity"]["rows"]
    assert rows, "the sensitivity run must have bars"
    for row in rows:
        assert row["low"] < row["high"], row
        if "assumption" in row["provenance"]["source"].lower():
            assert row["assumption"] and row["range_basis"] in ("plausible", "district"), row
    rest = {k: v for k, v in data.items() if k != "sensitivity"}
    for prov in provenances(rest):
        if "assumption" in prov["source"].lower():
            assert assumption_range(prov["source"]) is not None, prov["source"]


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_council_parts_are_in_the_json(outputs: dict[str, tuple[dict[str, Any], str]], example: str) -> None:
    data, _ = outputs[example]
    fin = data["financing"]
    assert fin["horizon_years"] and fin["horizon_years"] >= 10
    assert isinstance(fin["npv"], float)
    keys = {k["key"] for k in data["kpis"]}
    assert {k["key"] for k in data["baseline"]} <= keys and data["baseline"]
    assert [s["scenario"] for s in data["scenario_results"]] == ["SCN-10", "SCN-01"]
    for s in data["scenario_results"]:
        assert s["kpis"] and s["stakeholders"] and isinstance(s["npv"], float)
    unc = data["uncertainty"]
    for key in ("self_sufficiency", "self_consumption"):
        p5, p50, p95 = unc[key]
        assert 0.0 <= p5 <= p50 <= p95 <= 1.0
    # One unit per KPI: shares are fractions in every data output, never per cent.
    assert "%" not in units(data)
    for k in data["kpis"]:
        if k["unit"] == "fraction":
            assert -1.0 <= k["value"] <= 1.0, k


def test_summary_shows_npv_horizon_baseline_scenarios_tornado_and_percentiles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(ROOT / "examples" / "munich-harthof.yaml"), "--scenario", "SCN-10", "--sensitivity")
    assert code == 0, err
    for heading in ("Project NPV:", "Horizon", "Today and with the project", "Scenarios side by side",
                    "Uncertainty (P5, P50, P95)", "Sensitivity: the project NPV", "SCN-10"):
        assert heading in out, heading
    code, out_de, _ = run(capsys, str(ROOT / "examples" / "munich-harthof.yaml"), "--lang", "de")
    assert code == 0 and "Heute und mit dem Projekt" in out_de and "Kapitalwert des Projekts" in out_de
    assert "Sensitivität" not in out_de, "the tornado is printed only with --sensitivity"


@pytest.mark.parametrize("district", DISTRICTS)
def test_hourly_csv_has_8760_rows_and_states_its_time_base(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          district: str) -> None:
    path = tmp_path / "hourly.csv"
    code, _, err = run(capsys, str(ROOT / "examples" / f"{district}.yaml"), "--district", district, "--hourly", str(path))
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    assert first.startswith("# time base:") and "summer time" in first
    rows = list(csv.DictReader(io.StringIO(rest)))
    assert len(rows) == 8760
    header = list(rows[0])
    assert header[:2] == ["hour", "time_start"]
    assert all(name.endswith(("_kwh", "_degc")) for name in header[2:]), header
    # Each energy column sums to the annual total the assessment reports.
    pv = sum(float(r["pv_kwh"]) for r in rows)
    imports = sum(float(r["grid_import_kwh"]) for r in rows)
    code, out, _ = run(capsys, str(ROOT / "examples" / f"{district}.yaml"), "--json")
    data = json.loads(out)
    annual = data["energy"]["annual"]
    assert pv == pytest.approx(annual["pv_kwh"], rel=1e-4)
    assert imports == pytest.approx(annual["import_kwh"], rel=1e-4)
    # today's columns are the reference the baseline KPIs come from
    today = {k["key"]: k["value"] for k in data["baseline"]}
    assert sum(float(r["today_pv_kwh"]) for r in rows) / 1000 == pytest.approx(today["pv_generation"], rel=1e-4)
    assert sum(float(r["today_heat_demand_kwh"]) for r in rows) / 1000 == pytest.approx(today["heat_demand"], rel=1e-4)
    # Summer time is visible in the stamps' offsets (clock time, hour-beginning).
    offsets = {r["time_start"][-6:] for r in rows}
    assert len(offsets) == 2, offsets


@pytest.mark.parametrize(("args", "expected"), [
    (["--as-of", "29.11.2026"], "expected a date as YYYY-MM-DD"),
    (["--hourly", "out.txt"], "expected --hourly FILE.csv"),
    (["--district", "atlantis"], "atlantis"),
    (["--scenario", "GOV-01"], "expected a scenario card id"),
])
def test_bad_input_names_what_was_expected(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          args: list[str], expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code, _, err = run(capsys, str(ROOT / "examples" / "lyon-confluence.yaml"), *args)
    except SystemExit as exc:  # argparse refuses a bad --as-of before the command runs
        code, err = int(exc.code or 0), capsys.readouterr().err
    assert code == 2 and expected in err and "Traceback" not in err, err


def test_as_of_selects_the_rules_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    """``--as-of`` reaches the engine: §42c EnWG energy sharing applies from 1 June 2026 (the rule,
    its legal reference and source are in game_rules/data/regulation/), so the citizen
    cooperative's risks under the 2025 rules differ from today's."""
    path = str(ROOT / "examples" / "citizen-cooperative.yaml")
    code, before, err = run(capsys, path, "--json", "--as-of", "2025-12-31")
    assert code == 0, err
    code, after, err = run(capsys, path, "--json", "--as-of", "2026-11-29")
    assert code == 0, err
    assert json.loads(before)["risks"] != json.loads(after)["risks"]


def test_district_from_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--district FILE``: a district YAML file (here a copy of the shipped Lyon file) is read
    as the built-in one is."""
    source = ROOT / "game_rules" / "data" / "districts" / "lyon-confluence.yaml"
    copy = tmp_path / "my-district.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    code, by_file, err = run(capsys, str(ROOT / "examples" / "lyon-confluence.yaml"), "--district", str(copy), "--json")
    assert code == 0, err
    code, by_id, err = run(capsys, str(ROOT / "examples" / "lyon-confluence.yaml"), "--district", "lyon-confluence", "--json")
    assert code == 0, err
    assert json.loads(by_file)["financing"]["npv"] == pytest.approx(json.loads(by_id)["financing"]["npv"])
    code, _, err = run(capsys, str(ROOT / "examples" / "lyon-confluence.yaml"), "--district", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err and "Traceback" not in err


def test_percentiles_without_sensitivity_equal_the_engines_run(capsys: pytest.CaptureFixture[str]) -> None:
    """``assess --json`` always carries P5/P50/P95; without ``--sensitivity`` they come from the
    same seeded run over the same parameters as the engine's (``game_rules.uncertainty``)."""
    path = str(ROOT / "examples" / "munich-harthof.yaml")
    code, plain, err = run(capsys, path, "--json")
    assert code == 0, err
    code, full, err = run(capsys, path, "--json", "--sensitivity")
    assert code == 0, err
    assert json.loads(plain)["uncertainty"] == json.loads(full)["uncertainty"]
    assert json.loads(plain)["sensitivity"] is None and json.loads(full)["sensitivity"]["rows"]


def test_the_summary_names_the_sharing_scheme_and_its_shares(capsys: pytest.CaptureFixture[str]) -> None:
    """The cooperative example in Munich shares under § 42c EnWG: the German summary names the
    scheme, its law, the default (dynamic) key, the members and both shares per scheme and district."""
    code, out, _ = run(capsys, str(ROOT / "examples" / "citizen-cooperative.yaml"), "--district", "munich-harthof",
                       "--lang", "de", "--as-of", "2026-11-29")
    assert code == 0
    section = out[out.index("Modell der gemeinsamen Nutzung"):]
    assert "Energy Sharing (§ 42c EnWG)" in section and "dynamisch" in section
    assert "Autarkie" in section and "[sharing.energy_sharing]" in section and "[sharing.district]" in section

def _column_mwh(text: str, column: str) -> float:
    rows = csv.DictReader(io.StringIO(text.split("\n", 1)[1]))
    return sum(float(r[column]) for r in rows) / 1000


def test_hourly_csv_is_the_world_of_the_scenario_asked_for(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--hourly`` with ``--scenario SCN-10`` (a cold winter: heat demand x 1.15, the card's
    own assumption in cards/deck/scenarios.yaml) writes that world: its heat demand is the
    scenario's heat-demand KPI, not the world as played; its first line names the world, the
    district, the time base with the UTC offset and the units. With two scenarios, one file each."""
    example = str(ROOT / "examples" / "munich-harthof.yaml")
    path = tmp_path / "hourly.csv"
    code, out, err = run(capsys, example, "--scenario", "SCN-10", "--hourly", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    scenario = next(s for s in data["scenario_results"] if s["scenario"] == "SCN-10")
    in_world = {k["key"]: k["value"] for k in scenario["kpis"]}
    as_played = {k["key"]: k["value"] for k in data["kpis"]}
    assert in_world["heat_demand"] > as_played["heat_demand"] * 1.05, "SCN-10 must change the heat demand"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    assert "world: scenario SCN-10" in first and "district: munich-harthof" in first, first
    assert "UTC offset" in first and "kWh per hour" in first, first
    assert _column_mwh(text, "heat_demand_kwh") == pytest.approx(in_world["heat_demand"], rel=1e-4)
    code, _, err = run(capsys, example, "--scenario", "SCN-10", "--scenario", "SCN-11", "--hourly", str(path))
    assert code == 0, err
    for card in ("SCN-10", "SCN-11"):
        written = (tmp_path / f"hourly-{card}.csv").read_text(encoding="utf-8")
        assert f"world: scenario {card}" in written.split("\n", 1)[0]


def test_german_summary_writes_every_number_the_german_way(capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang de``: every KPI, the CAPEX, the gap, the cost of capital and each net value are
    printed as CLDR de writes them (1.234,5 and 12,3 %; Babel via catalogs.formatting), never in
    the English format the summary used (``f"{value:,.0f}"``, ``€35,000``), and no KPI line shows
    the engine's English rule string."""
    from catalogs.formatting import money
    from printables.report.formatting import format_value

    args = (str(ROOT / "examples" / "munich-harthof.yaml"), "--scenario", "SCN-10")
    code, out, err = run(capsys, *args, "--lang", "de")
    assert code == 0, err
    code, raw, err = run(capsys, *args, "--json")
    data = json.loads(raw)
    for k in data["kpis"]:
        assert format_value(k["value"], k["unit"], "de") in out, (k["key"], format_value(k["value"], k["unit"], "de"))
    f = data["financing"]
    for amount in (f["capex"], f["gap"], *(s["net"] for s in data["stakeholders"] if abs(s["net"]) >= 1)):
        assert money(amount, "de") in out, money(amount, "de")
        if abs(amount) >= 1000:
            assert money(amount, "en") not in out and f"{amount:,.0f}" not in out, amount
    assert format_value(f["cost_of_capital"], "fraction", "de") in out
    assert "kWh/yr" not in out and "[kpi." not in out and "(* assumption)" not in out
    assert "Ziehungen" in out


def test_replication_heading_names_the_district_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    """``--replicate-to`` printed "Replication to munich-harthof" in every language: the heading
    is the catalog's ``report:cli.replication`` with the district's own name."""
    from catalogs import message
    from printables.report.i18n import t

    code, out, err = run(capsys, str(ROOT / "examples" / "lyon-confluence.yaml"), "--lang", "fr",
                         "--replicate-to", "munich-harthof")
    assert code == 0, err
    assert t("cli.replication", "fr", district=message("district:munich-harthof.name", "fr")) in out
    assert "Replication to" not in out


@pytest.mark.parametrize("district", DISTRICT_PRESETS)
def test_assess_works_in_every_built_in_district(capsys: pytest.CaptureFixture[str], district: str) -> None:
    """``assembler assess MODEL --district ID`` for all eight built-in districts (issue 12, "Done
    when"): exit 0, the district's id in the JSON, every KPI a finite number, and a PV specific
    yield in the range PVGIS gives for optimally tilted systems across Europe (about 700 to
    1,700 kWh/kWp: JRC, PVGIS, ref ``pvgis-jrc``)."""
    code, out, err = run(capsys, str(ROOT / "examples" / "munich-harthof.yaml"), "--district", district, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["district"] == district
    kpis = {k["key"]: k["value"] for k in data["kpis"]}
    assert all(math.isfinite(v) for v in kpis.values()), kpis
    assert 700 <= kpis["pv_yield"] <= 1700, kpis["pv_yield"]


@pytest.mark.parametrize(("day", "npv"), [("2025-06-01", -1_377_711.0), ("2026-11-29", None)])
def test_percentiles_without_sensitivity_follow_the_as_of_date(capsys: pytest.CaptureFixture[str], day: str,
                                                               npv: float | None) -> None:
    """Issue 11 (review): ``--as-of 2025-06-01`` printed NPV −€1,100,527 but P5/P50/P95 of
    +1.92/+2.67/+3.39 M, today's rules, because the percentiles were re-run without the date
    (printables.report.council.uncertainty). The band of the assessment's own rules contains its
    point estimate on both dates; −€1,377,711 is the cooperative's NPV under the 2025 rules
    (§ 42c EnWG not yet in force, game_rules/data/regulation/de.yaml; −€1,100,527 before the
    feed-in tariff ended after its 20 years, EEG 2023 § 25 Abs. 1, and the exported kWh earned
    the market value of solar power after it; −€1,091,721 before avoided kWh were valued at
    Munich's energy price of 35.7 ct/kWh without the standing charge and the roof owners and
    building owners owned their PV and retrofits)."""
    code, out, err = run(capsys, str(ROOT / "examples" / "citizen-cooperative.yaml"), "--json", "--as-of", day)
    assert code == 0, err
    data = json.loads(out)
    p5, _, p95 = data["uncertainty"]["npv"]
    point = data["financing"]["npv"]
    assert data["as_of"] == day
    assert p5 < point < p95
    if npv is not None:
        assert point == pytest.approx(npv, abs=1.0)


@pytest.mark.parametrize(("example", "scenario", "lang", "says"), [
    ("citizen-cooperative", "SCN-06", "en", "already in force since June 1, 2026"),
    ("citizen-cooperative", "SCN-06", "de", "bereits in Kraft seit 1. Juni 2026"),
    ("lyon-confluence", "SCN-06", "fr", "sans objet ici"),
])
def test_an_inert_scenario_says_why_instead_of_figures(capsys: pytest.CaptureFixture[str], example: str, scenario: str,
                                                       lang: str, says: str) -> None:
    """Issue 11 (review): an inert scenario was shown with a likelihood and NPV as if it changed
    something. § 42c EnWG is in force in Munich from 1 June 2026 (ref:enwg-42c); in Lyon the
    German law does not apply. The summary says why in the scenario's column and shows no NPV
    of its own ("–")."""
    code, out, err = run(capsys, str(ROOT / "examples" / f"{example}.yaml"), "--as-of", "2026-11-29",
                         "--scenario", scenario, "--lang", lang)
    assert code == 0, err
    from printables.report.i18n import t

    section = out.split(t("sec.scenarios", lang), 1)[1]
    assert says in section
    npv_line = next(line for line in section.splitlines() if line.strip().startswith(t("scn.project_npv", lang)))
    assert npv_line.rstrip().endswith("–"), npv_line


CXC = ROOT / "tests" / "data" / "tables"


def test_the_npv_without_the_market_benefits_stands_beside_every_npv(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/rules.md ("Which NPV this is"): wherever the NPV is shown the NPV without the market
    benefits (their investment and running costs kept) stands beside it. Review of issue #17
    (finding 2) and #11 (finding 1): the Munich +CityxChange table printed "NPV €6,835,487" twice
    and never its -€3,653,990 without the markets. Text (financing line, NPV block, scenario row)
    and JSON (financing and every scenario_results[]) carry it."""
    table = str(CXC / "munich-cxc.yaml")
    code, out, err = run(capsys, table, "--scenario", "SCN-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    without = data["financing"]["npv_without_markets"]
    assert without is not None and without < data["financing"]["npv"]
    assert all(s["npv_without_markets"] is not None for s in data["scenario_results"])
    code, out, err = run(capsys, table, "--scenario", "SCN-01")
    assert code == 0, err
    label = "Project NPV without the market benefits (their investment and running costs kept)"
    assert out.count(label) == 3, out
    shown = f"{abs(round(without)):,}"
    assert sum(line.count(shown) for line in out.splitlines() if label in line) == 2


@pytest.mark.parametrize("district", ["alba-iulia", "lyon-confluence"])
def test_a_munich_p2p_table_assessed_in_another_district(capsys: pytest.CaptureFixture[str], district: str) -> None:
    """Review of issue #17, finding 1: the Munich +CityxChange table (tenant electricity with the
    P2P card) assessed with ``--district`` any other district failed with "argmax of an empty
    sequence"; it is an empty market there, not an error."""
    code, _, err = run(capsys, str(CXC / "munich-cxc.yaml"), "--district", district)
    assert code == 0, err
