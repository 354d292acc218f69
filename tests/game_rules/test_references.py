"""Sources a reader can follow: the bibliography loads, every cited id exists, no output names
a file outside the project, and every value without a published source is an assumption with a
plausible range."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cards.deck import Deck
from game_rules import District
from game_rules.params import VOCABULARY, validate_overrides
from game_rules.references import (
    Reference,
    ReferenceError,
    assumption_range,
    cited_in,
    collect,
    load,
    load_directory,
    resolve,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "game_rules").rglob("*.py")), *sorted((ROOT / "game_rules" / "data").rglob("*.yaml")),
           *sorted((ROOT / "cards" / "deck").glob("*.yaml"))]
#: Scenario cards belong to the scenarios work (engineer C) and are checked there.
OWN_DATA = [p for p in SOURCES if p.suffix == ".yaml" and p.name != "scenarios.yaml"]


def test_references_load_with_unique_ids_urls_years_and_access_dates() -> None:
    refs = load()
    assert len(refs) >= 40
    for ref in refs.values():
        assert isinstance(ref, Reference)
        assert ref.url.startswith(("http://", "https://")) and 1900 <= ref.year <= 2100
        # Sources were read from the project's start (29 Nov 2026) on, never in the future.
        assert date(2026, 11, 29) <= ref.accessed <= date.today(), ref.id
        assert "FACTS" not in ref.supports and "FACTS" not in ref.title


def test_a_duplicate_id_or_a_bad_entry_is_refused_with_its_name(tmp_path: Path) -> None:
    entry = ('- id: same\n  authors: "Agency"\n  title: "Title"\n  year: 2025\n  jurisdiction: international\n  url: "https://example.org/a"\n'
             '  accessed: "2026-11-29"\n  supports: "something"\n')
    (tmp_path / "a.yaml").write_text(entry, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(entry, encoding="utf-8")
    with pytest.raises(ReferenceError, match=r"'same' appears in both a\.yaml and b\.yaml"):
        load_directory(tmp_path)
    (tmp_path / "b.yaml").write_text(entry.replace("same", "other").replace("https://example.org/a", "example.org"), encoding="utf-8")
    with pytest.raises(ReferenceError, match=r"b\.yaml, entry other: url"):
        load_directory(tmp_path)
    with pytest.raises(ReferenceError, match=r"unknown reference ids \['no-such-source'\]"):
        resolve(["enwg-42c", "no-such-source"])


def test_every_id_cited_in_code_data_and_cards_exists() -> None:
    """Every ``ref:<id>`` token and every ``references: [...]`` list in game_rules/ (code, data)
    and cards/deck/ names an entry of the bibliography."""
    known = load()
    cited: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        cited.update(cited_in(text))
        for block in re.findall(r"references:\s*\[([^\]]*)\]", text):
            cited.update(item.strip() for item in block.split(",") if item.strip())
        for block in re.findall(r'references=\(((?:\s*"[a-z0-9][a-z0-9-]*"\s*,?)+)\)', text):
            cited.update(re.findall(r'"([a-z0-9][a-z0-9-]*)"', block))
    missing = sorted(ref_id for ref_id in cited if ref_id not in known)
    assert not missing, missing
    assert {"enwg-42a", "enwg-42c", "eeg-2023-48a", "arrete-acc-2025", "uba-strommix-2024", "rte-bilan-2023-co2"} <= cited


def test_no_facts_and_no_bare_unverified_in_data_or_cards() -> None:
    """FACTS.md is the team's working notes, not a source: no data file or card names it, and
    nothing is merely 'unverified' without a range."""
    for path in OWN_DATA:
        text = path.read_text(encoding="utf-8")
        assert "FACTS" not in text, path
        assert "unverified" not in text, path


def test_every_card_value_cites_a_source_or_states_a_plausible_range(deck: Deck) -> None:
    """A card's parameter change cites ``ref:<id>`` or says ``assumption [low-high]`` with its
    value inside the range; financing terms and value-flow bases likewise."""
    known = load()
    for card in deck.cards:
        for change in card.effects.parameters:
            ids, span = cited_in(change.source), assumption_range(change.source)
            assert ids or span, (card.id, change.param, change.source)
            assert all(ref_id in known for ref_id in ids), (card.id, ids)
            if span:
                assert span[0] <= change.value <= span[1], (card.id, change.param, change.value, span)
        for capital in card.effects.capital:
            assert cited_in(capital.source) or assumption_range(capital.source), (card.id, capital.source)
        for flow in card.effects.value_flows:
            for regime, basis in (("", flow.basis or ""), *flow.bases.items()):
                assert "FACTS" not in basis and "unverified" not in basis, (card.id, basis)
                assert all(ref_id in known for ref_id in cited_in(basis)), (card.id, regime, basis)
                # A regime's basis cites that country's law or EU law only (fixC: foreign law in outputs).
                country = {"FR": "FR", "DE": "DE"}.get(regime)
                assert all(known[r].jurisdiction in (country, "international") for r in cited_in(basis)
                           if regime != ""), (card.id, regime, basis)


def test_every_parameter_default_is_neutral_district_rule_sourced_or_an_assumption_with_range() -> None:
    known = load()
    for name, spec in VOCABULARY.items():
        assert "FACTS" not in spec.source and "unverified" not in spec.source, name
        if spec.default is None or spec.neutral:
            continue
        if spec.references:
            assert all(ref_id in known for ref_id in spec.references), name
        else:
            assert spec.assumption and spec.plausible is not None, name
            low, high = spec.plausible
            assert spec.low <= low <= spec.default <= high <= spec.high, (name, spec.plausible)


def test_every_district_assumption_has_a_range_and_every_section_a_source(munich: District, lyon: District) -> None:
    known = load()
    for district in (munich, lyon):
        sections = [district.location, district.climate, *district.buildings, district.existing, district.tariffs,
                    district.emissions, district.primary_energy, district.regulation, district.finance, district.mobility]
        for section in sections:
            assert "FACTS" not in section.source and "unverified" not in section.source, section.source
            assert all(ref_id in known for ref_id in section.references), section.references
            # An estimate must come with ranges for the values it covers.
            if section.source.startswith("estimate"):
                assert section.assumptions, section.source
        assert {r.id for r in collect(district)} >= {"rte-bilan-2023-co2"} if district.regime == "FR" else {"uba-strommix-2024"}


def test_facilitator_overrides_are_checked_with_unit_and_range() -> None:
    assert validate_overrides({"tariff.gas": 0.1, "participation.share": "0.6"}) == {"tariff.gas": 0.1, "participation.share": 0.6}
    with pytest.raises(ValueError, match=r"tariff.gas = 5: outside the allowed range 0 to 1 EUR/kWh"):
        validate_overrides({"tariff.gas": 5})
    with pytest.raises(ValueError, match=r"override participation.share: expected a number in 0 to 1 fraction, got 'many'"):
        validate_overrides({"participation.share": "many"})
    with pytest.raises(ValueError, match=r"unknown parameter 'tariff\.beer'"):
        validate_overrides({"tariff.beer": 1.0})


def _assess_json(*args: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "server.cli", "assess", *args, "--json", "--as-of", "2026-11-29"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "FACTS" not in done.stdout and "FACTS.md" not in done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _provenances(value: object) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    if isinstance(value, dict):
        if "rule" in value and "cards" in value and "source" in value:
            out.append(value)
        for item in value.values():
            out.extend(_provenances(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(_provenances(item))
    return out


@pytest.mark.parametrize(("example", "district", "extra"), [
    ("munich-harthof", "munich-harthof", ("--scenario", "SCN-10")),
    ("lyon-confluence", "lyon-confluence", ("--scenario", "SCN-04")),
    ("citizen-cooperative", "munich-harthof", ()),
])
def test_assess_json_cites_only_listed_references_and_never_facts(example: str, district: str, extra: tuple[str, ...]) -> None:
    """``assembler assess examples/*.yaml --json`` for both districts: the string FACTS appears
    nowhere, every provenance's reference ids are in the assessment's ``references`` list, and
    the KPIs keep one unit each (shares as fractions)."""
    data = _assess_json(str(ROOT / "examples" / f"{example}.yaml"), "--district", district, *extra)
    listed = {ref["id"] for ref in data["references"]}  # type: ignore[index, union-attr]
    assert listed, "the assessment lists its references"
    provenances = _provenances(data)
    assert provenances
    for prov in provenances:
        cited = set(prov.get("references", ())) | set(cited_in(str(prov["source"])))  # type: ignore[arg-type]
        assert cited <= listed, (prov, cited - listed)
    assumptions = data["assumptions"]
    assert assumptions, "the assessment lists the assumptions it uses"
    for item in assumptions:  # type: ignore[union-attr]
        assert item["low"] <= item["value"] <= item["high"], item
    assert {"participation.share", "cost.battery_eur_per_kwh"} & {a["parameter"] for a in assumptions}  # type: ignore[union-attr]
    units = {kpi["key"]: kpi["unit"] for kpi in data["kpis"]}  # type: ignore[index, union-attr]
    assert units["self_sufficiency"] == units["renewable_share"] == units["co2_reduction"] == "fraction"
    for kpi in data["kpis"]:  # type: ignore[union-attr]
        if kpi["unit"] == "fraction":
            assert -1.0 <= kpi["value"] <= 1.0, kpi


def test_authors_are_names_and_relations_are_fields() -> None:
    """A reference's ``authors`` prints as written in every language, so it holds names only:
    "after X" goes into ``after``, "reported by Y" into ``via`` (the report words them per
    language: ``report:ref.after``, ``report:ref.via``), a description into ``note``."""
    english = re.compile(r"\b(after|by|reported|reproduced|summaris\w*|summariz\w*|text|citing|explaining|"
                         r"interview|today|from|of|the|lead author|consolidated)\b", re.IGNORECASE)
    for ref in load().values():
        assert not english.search(ref.authors), (ref.id, ref.authors)
