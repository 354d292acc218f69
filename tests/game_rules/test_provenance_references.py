"""Every provenance names published references (issue #11, point 6).

A number a city reads names the bibliography ids it rests on: a derived number the union of its
inputs' (``Provenance.combine``), a value without a published source says "assumption" and is
listed with ``low <= value <= high`` in ``Assessment.assumptions``. Before this change 120-155 of
about 215 provenances per example named no id (net values, energy KPIs, sensitivity bars,
stakeholder NPVs, card flows, CAPEX items)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cards.deck import Deck
from cards.model import Category
from game_rules import TableModel, assess, load_district
from game_rules.districts import DISTRICT_PRESETS
from game_rules.references import INTERNATIONAL, assumption_range, cited_ids, load
from game_rules.results import Assessment, Provenance

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("citizen-cooperative", "lyon-confluence", "munich-harthof")
DISTRICT_FILES = sorted((ROOT / "game_rules" / "data" / "districts").glob("*.yaml"))


def provenances(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every provenance (a mapping with ``rule`` and ``references``) in a JSON tree, with its path."""
    if isinstance(value, dict):
        if "rule" in value and isinstance(value.get("references"), list):
            yield path, value
        for key, item in value.items():
            yield from provenances(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from provenances(item, f"{path}[{index}]")


def check_sources(a: Assessment, *, ranged: bool = True) -> int:
    """Assert the rules of point 6 on ``a``'s JSON and return how many provenances it holds.
    ``ranged``: a source that says "assumption" also states ``assumption [low-high]`` (outside
    the tornado, whose bars carry their range); the multiplier districts' files state theirs in
    their ``assumptions`` lists, not in their source phrases."""
    data = a.model_dump(mode="json")
    listed = {ref["id"] for ref in data["references"]}
    found = list(provenances(data))
    bare = [f"{path} ({p['rule'][:60]})" for path, p in found if not p["references"]]
    assert not bare, bare[:10]
    unknown = sorted({ref for _, p in found for ref in p["references"]} - listed)
    assert not unknown, unknown
    assert "FACTS" not in json.dumps(data, ensure_ascii=False)
    for item in data["assumptions"]:
        assert item["low"] <= item["value"] <= item["high"], item
    unranged = [p["source"] for path, p in found
                if ranged and "assumption" in p["source"].lower() and not path.startswith(".sensitivity")
                and assumption_range(p["source"]) is None]
    assert not unranged, unranged[:5]
    return len(found)


@pytest.fixture(scope="module")
def scenario_ids(deck: Deck) -> tuple[str, ...]:
    return tuple(c.id for c in deck.cards if c.category is Category.SCENARIO)


@pytest.fixture(scope="module")
def worlds(deck: Deck, scenario_ids: tuple[str, ...]) -> dict[str, Assessment]:
    """Each example under every scenario card of the deck (all worlds in one assessment)."""
    out = {}
    for name in EXAMPLES:
        model = TableModel.from_yaml(ROOT / "examples" / f"{name}.yaml")
        out[name] = assess(model, load_district(model.district), scenario_ids, deck=deck)
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_provenance_of_an_example_under_every_scenario_names_listed_references(
        worlds: dict[str, Assessment], scenario_ids: tuple[str, ...], name: str) -> None:
    """All 13 scenario worlds and the base world: about 215 provenances per example before
    (3 worlds), 120-155 of them without an id (e.g. every ``net_value``, ``kpi.peak_import``,
    ``stakeholder_npv``); now none, every id in ``references``, no "FACTS", every assumption
    within its range."""
    a = worlds[name]
    assert set(a.scenarios) == set(scenario_ids)
    assert check_sources(a) > 300


def test_the_sensitivity_run_names_the_parameter_and_the_method() -> None:
    """Each tornado bar cites its parameter's sources and the method, the EC CBA guide's
    one-way sensitivity analysis (ref ec-cba-guide-2014); the electricity price bar in Munich
    cites the BDEW price analysis the district tariff comes from (bdew-strompreis-2025)."""
    model = TableModel.from_yaml(ROOT / "examples" / "munich-harthof.yaml")
    a = assess(model, load_district(model.district), ("SCN-04",), sensitivity=True)
    check_sources(a)
    assert a.sensitivity is not None and a.sensitivity.rows
    for row in a.sensitivity.rows:
        assert "ec-cba-guide-2014" in row.provenance.references, row.parameter
    bars = {row.parameter: row for row in a.sensitivity.rows}
    assert "bdew-strompreis-2025" in bars["tariff.electricity"].provenance.references


@pytest.mark.parametrize("district", DISTRICT_PRESETS)
def test_every_preset_district_yields_referenced_provenances(
        deck: Deck, example: Callable[[str], TableModel], district: str) -> None:
    """The Lyon example assessed in each of the eight presets (`--district`): every provenance
    names ids, from the district files and the model's methods."""
    check_sources(assess(example("lyon-confluence"), load_district(district), ("SCN-10",), deck=deck),
                  ranged=district in ("lyon-confluence", "munich-harthof"))


def test_a_derived_value_carries_the_union_of_its_inputs_references(worlds: dict[str, Assessment]) -> None:
    """A net value rests on every flow and running cost it sums; the worst stakeholder KPI on
    that stakeholder's net value; the risk score on the risks plus ISO 31000 and the COBEN
    matrix (refs iso-31000-2018, coben-risk-matrix)."""
    a = worlds["munich-harthof"]
    for value in a.stakeholders:
        inputs = {r for f in a.value_flows if f.kind == "money" and value.stakeholder in (f.source, f.to)
                  for r in f.provenance.references}
        inputs |= {r for item in value.cost_items for r in item.provenance.references}
        assert inputs <= set(value.provenance.references), value.stakeholder
    worst = min(a.stakeholders, key=lambda v: v.net)
    assert set(worst.provenance.references) <= set(a.kpi("worst_stakeholder").provenance.references)
    risk_refs = set(a.kpi("risk_score").provenance.references)
    assert {"iso-31000-2018", "coben-risk-matrix"} <= risk_refs
    assert {r for risk in a.risks for r in risk.provenance.references} <= risk_refs


def test_combine_keeps_its_own_references_first_then_the_inputs_once() -> None:
    """``Provenance.combine``: own ids first, then the inputs' in order, each once."""
    one = Provenance(cards=("A-1",), rule="x", references=("b", "c"))
    two = Provenance(cards=("A-2", "A-1"), rule="y", references=("c", "d"))
    both = Provenance.combine("z", one, two, references=("a", "b"))
    assert both.references == ("a", "b", "c", "d")
    assert both.cards == ("A-1", "A-2")
    assert both.citing("e", source="s").references == ("a", "b", "c", "d", "e")


def test_energy_kpis_name_the_district_data_and_the_model_methods(worlds: dict[str, Assessment]) -> None:
    """Peak import rests on the buildings (Munich: GWG's Harthof figures, ref gwg-ascend-harthof)
    and on the load profiles (VDEW 1999, ref vdew-lastprofile-1999) and the PV model (pvlib)."""
    refs = worlds["munich-harthof"].kpi("peak_import").provenance.references
    assert {"gwg-ascend-harthof", "vdew-lastprofile-1999", "pvlib-python"} <= set(refs)


def test_stakeholder_npv_names_its_net_value_and_the_discount_method(worlds: dict[str, Assessment]) -> None:
    """A stakeholder's NPV discounts its net value's flows at its type's rate: the EC CBA
    guide's financial discount rate (ref ec-cba-guide-2014); a rate without a published value
    says "assumption" and is listed (lifecycle.discount_rate.<type>, e.g. commercial 7 %
    within 5-9 %)."""
    a = worlds["munich-harthof"]
    listed = {x.parameter: x for x in a.assumptions}
    for s in a.financing.per_stakeholder:
        assert "ec-cba-guide-2014" in s.provenance.references
        if "assumption" in s.provenance.source and s.stakeholder_type != "public":
            item = listed[f"lifecycle.discount_rate.{s.stakeholder_type}"]
            assert item.low <= item.value <= item.high


def test_card_flow_constants_are_listed_as_assumptions(deck: Deck) -> None:
    """WHY-06 returns 20 % of local sales to members, 'assumption [0.1-0.3]' (card basis): the
    constant 0.2 is listed with that range; HOW-05's platform fee 0.01 EUR/kWh is stated as
    1 ct/kWh in [0.5-2]."""
    from game_rules.model_assumptions import card_assumptions

    found = {a.parameter: a for a in card_assumptions([deck.get("WHY-06"), deck.get("HOW-05")])}
    assert (found["WHY-06.value_flows[0]"].value, found["WHY-06.value_flows[0]"].low) == (0.2, 0.1)
    assert found["HOW-05.value_flows[0]"].value == pytest.approx(1.0)


@pytest.mark.parametrize("path", DISTRICT_FILES, ids=lambda p: p.stem)
def test_every_district_section_names_references_or_lists_assumptions(path: Path) -> None:
    """Each section of each district file cites bibliography ids or lists its unsourced
    fields with a range [low, high]."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = load()
    for name, section in data.items():
        parts = section if isinstance(section, list) else [section]
        for part in parts:
            if not isinstance(part, dict) or "source" not in part:
                continue
            refs, ranges = part.get("references", []), part.get("assumptions", {})
            assert refs or ranges, f"{path.stem}: {name} {part.get('id', '')}"
            assert all(ref in known for ref in refs), refs
            assert all(low <= high for low, high in ranges.values()), ranges


@pytest.mark.parametrize(("district", "sections"), [
    ("lyon-confluence", ("location", "climate", "existing", "buildings", "mobility", "finance", "regulation")),
    ("munich-harthof", ("location", "climate", "existing", "buildings", "mobility", "regulation", "finance")),
])
def test_the_lighthouse_sections_name_published_sources(district: str, sections: tuple[str, ...]) -> None:
    """Lyon: ASCEND's PCED figures (19,000 m² retrofitted, 170,000 m² new, ref
    ascend-lyon-confluence), Smarter Together's 150 ha; Munich: GWG's Harthof in figures (56 ha,
    5,500 flats, ref gwg-ascend-harthof). Each named section of both lighthouse districts cites
    at least one reference, every building group too."""
    d = load_district(district)
    for name in sections:
        value = getattr(d, name)
        for part in value if isinstance(value, tuple) else (value,):
            assert part.references, f"{district}: {name}"


def _jurisdictions(a: Assessment) -> dict[str, str]:
    """Every reference the assessment cites (provenances, tornado bars, district) by id, with its
    jurisdiction from the bibliography."""
    known = load()
    return {ref_id: known[ref_id].jurisdiction for ref_id in cited_ids(a)}


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_example_cites_no_law_or_data_of_another_country(worlds: dict[str, Assessment], name: str) -> None:
    """Issue 11 ("cite"): Lyon's local tariff and NPV cited § 42a EnWG (enwg-42a) and its
    assessment leaned on VDEW load profiles, BAFA and LfU Brandenburg CO₂ factors and KfW; the
    cooperative in Munich cited the French ACC decree and Enedis's rules for its sharing key. In
    every scenario world, a French district cites no German reference and a German district no
    French one; in fact no national reference of another country at all (a foreign figure that
    stands in is a labelled assumption instead)."""
    a = worlds[name]
    country = load_district(a.district).country
    cited = _jurisdictions(a)
    other = {"FR": "DE", "DE": "FR"}[country]
    assert not [ref for ref, where in cited.items() if where == other]
    assert not {ref: where for ref, where in cited.items() if where not in (country, INTERNATIONAL)}


def test_lyon_cites_french_and_international_sources_for_what_germany_stood_in_for(
        worlds: dict[str, Assessment]) -> None:
    """The gas CO₂ factor of Lyon rests on the IPCC 2006 default for natural gas, 56,100 kg
    CO₂/TJ = 202 g/kWh on the net calorific value (ref ipcc-2006-stationary-combustion), not
    on BAFA/LfU; the German load profiles, PV cost survey and roof-density figure are listed as
    stand-in assumptions with their ranges; § 42a EnWG's 90 % cap is not Lyon's local price."""
    a = worlds["lyon-confluence"]
    lyon = load_district("lyon-confluence")
    assert lyon.emissions.gas_g_per_kwh == 202 and "ipcc-2006-stationary-combustion" in lyon.emissions.references
    assert round(56_100 * 3.6e-3) == lyon.emissions.gas_g_per_kwh
    stand_ins = {x.parameter: x for x in a.assumptions if "stand-in" in x.reason}
    assert {"model.profiles", "cost.pv_eur_per_kwp", "pv.kwp_per_m2"} <= set(stand_ins)
    for item in stand_ins.values():
        assert item.low < item.high and item.unit, item
    assert "enwg-42a" not in cited_ids(a)


def test_the_local_price_ratio_is_a_german_rule_in_germany_and_an_assumption_elsewhere(
        deck: Deck, example: Callable[[str], TableModel]) -> None:
    """§ 42a EnWG caps Mieterstrom at 90 % of the default tariff (ref enwg-42a): in Munich the
    default local price ratio is that rule in force (origin ``rule:mieterstrom.price_cap``,
    citing enwg-42a); in Lyon no law caps the ACC price, so 0.9 is an assumption [0.8-1.0]."""
    from game_rules.params import assumption_of, base_params, parameter_references

    munich, lyon = load_district("munich-harthof"), load_district("lyon-confluence")
    de, fr = base_params(munich), base_params(lyon)
    assert de.origin["tariff.local_ratio"] == ("rule:mieterstrom.price_cap",)
    assert de["tariff.local_ratio"] == pytest.approx(0.9)
    assert "enwg-42a" in parameter_references("tariff.local_ratio", munich, de)
    assert assumption_of("tariff.local_ratio", munich, de) is None
    assumed = assumption_of("tariff.local_ratio", lyon, fr)
    assert assumed is not None and (assumed.low, assumed.high) == (0.8, 1.0)
    assert parameter_references("tariff.local_ratio", lyon, fr) == ()


def test_the_allocation_key_cites_the_law_of_the_district() -> None:
    """The French ACC decree and Enedis's rules (refs decret-2017-676-acc, enedis-acc-...) back
    the keys in France; § 42c EnWG asks German energy sharing for a key (ref enwg-42c);
    elsewhere the EU's energy-sharing right (RED II art. 22, ref red-ii-art-22)."""
    from game_rules.allocation import key_references

    assert "decret-2017-676-acc" in key_references("FR")
    assert key_references("DE") == ("enwg-42c",)
    assert key_references("PT") == ("red-ii-art-22",)


def test_every_reference_states_its_jurisdiction() -> None:
    """A reference is national (an ISO 3166 code) or international; fits() says where it may be
    cited: § 42c EnWG in Germany only, the IPCC guidelines everywhere."""
    from game_rules.references import fits

    for ref in load().values():
        assert ref.jurisdiction == INTERNATIONAL or len(ref.jurisdiction) == 2, ref.id
    assert fits("enwg-42c", "DE") and not fits("enwg-42c", "FR")
    assert fits("code-energie-l315-2", "FR") and not fits("code-energie-l315-2", "DE")
    assert fits("ipcc-2006-stationary-combustion", "PT")


#: Words that name one country's law or its funds, by that country (fixC: foreign law in outputs).
NATIONAL_LAW_WORDS = {"DE": ("EnWG", "EEG", "EnFG", "BGB", "KfW"), "FR": ("Code de l'énergie", "CSPE", "TURPE", "L315")}
ELSEWHERE = (("citizen-cooperative", "lyon-confluence"), ("munich-harthof", "lyon-confluence"),
             ("lyon-confluence", "munich-harthof"))


@pytest.fixture(scope="module")
def elsewhere(deck: Deck) -> dict[tuple[str, str], Assessment]:
    """Each example assessed in a district of the OTHER country (`--district`)."""
    out = {}
    for name, district in ELSEWHERE:
        model = TableModel.from_yaml(ROOT / "examples" / f"{name}.yaml")
        out[(name, district)] = assess(model, load_district(district), deck=deck, mitigations=False)
    return out


@pytest.mark.parametrize(("name", "district"), ELSEWHERE)
def test_an_example_in_the_other_countrys_district_cites_and_writes_only_that_countrys_law(
        elsewhere: dict[tuple[str, str], Assessment], name: str, district: str) -> None:
    """Issue 11 (fixC point 2): the cooperative in Lyon is computed as ACC but its flows cited
    § 42c EnWG (enwg-42c); the Munich model in Lyon cited enwg-42a and eeg-2023-48a; a Lyon cost
    label read "feed-in refunded … (EEG account, CSPE)". Now no provenance cites a reference of
    the other country, and no flow rule or source, cost label or cost source, KPI rule or source
    names the other country's law: a card's basis is the district regime's (``ValueFlow.bases``),
    a foreign scheme's finding cites the route the district's law opens (Code de l'énergie
    L315-2 in France, § 42c EnWG in Germany). Only the sentences saying a card or scheme is
    another country's law name it, in words."""
    a = elsewhere[(name, district)]
    country = load_district(district).country
    other = {"FR": "DE", "DE": "FR"}[country]
    assert not [ref for ref, where in _jurisdictions(a).items() if where == other]
    words = NATIONAL_LAW_WORDS[other]
    texts = [(f"flow {f.provenance.rule[:40]}", f"{f.provenance.rule} {f.provenance.source}") for f in a.value_flows]
    texts += [(f"cost {i.item}", f"{i.label.get(lang)} {i.provenance.rule} {i.provenance.source}")
              for v in a.stakeholders for i in v.cost_items for lang in ("en", "de", "fr", "pt")]
    texts += [(f"kpi {k.key}", f"{k.provenance.rule} {k.provenance.source}") for k in a.kpis]
    found = [(where, word) for where, said in texts for word in words if word in said
             and "assumption" not in said.lower()]  # an assumption may name where its range was read
    assert not found, found[:5]
