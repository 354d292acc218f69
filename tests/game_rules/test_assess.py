"""The assessment: provenance, scenarios, warnings, risks, replication and comparison."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cards.model import Category
from catalogs import languages
from game_rules import Assessment, TableModel, assess, compare, replicate
from game_rules.texts import CATALOGUE

SIX_SCENARIOS = ("SCN-01", "SCN-03", "SCN-04", "SCN-07", "SCN-10", "SCN-12")


@pytest.fixture(scope="module")
def harthof(munich, example) -> Assessment:
    return assess(example("munich-harthof"), munich, SIX_SCENARIOS)


def test_every_number_carries_provenance(harthof: Assessment) -> None:
    assert harthof.value_flows and harthof.risks and harthof.kpis
    for item in (*harthof.kpis, *harthof.value_flows, *harthof.risks, *harthof.stakeholders,
                 *harthof.financing.capex_items, *harthof.financing.sources):
        assert item.provenance.rule, item
    for flow in harthof.value_flows:
        assert flow.provenance.cards, flow
        assert flow.label.en and flow.label.fr and flow.label.de
    for risk in harthof.risks:
        assert risk.provenance.cards, risk
        assert 1 <= risk.probability <= 4 and 1 <= risk.impact <= 4 and risk.score == risk.probability * risk.impact


def test_json_round_trip(harthof: Assessment) -> None:
    data = json.loads(json.dumps(harthof.model_dump(mode="json")))
    assert {"kpis", "energy", "stakeholders", "value_flows", "governance", "financing", "risks", "warnings",
            "scenario_results"} <= set(data)
    assert set(data["value_flows"][0]) >= {"from", "to", "kind", "amount", "unit", "label", "provenance"}
    assert len(data["energy"]["monthly"]["pv"]) == 12
    assert {d["season"] for d in data["energy"]["typical_days"]} == {"summer", "winter"}
    assert len(data["scenario_results"]) == 6


def test_measures_move_the_district(munich, harthof: Assessment) -> None:
    bare = assess(TableModel.from_mapping({"slots": {}}), munich)
    assert harthof.kpi("pv_generation").value > 5 * bare.kpi("pv_generation").value
    assert harthof.kpi("co2").value < bare.kpi("co2").value
    assert harthof.financing.capex > 0 and bare.financing.capex == 0
    codes = {w.code for w in bare.warnings}
    assert {"gov.none", "warn.no_measures", "warn.no_who", "warn.no_why"} <= codes
    assert bare.governance.score == 0


def test_scenarios_move_what_they_claim(munich, lyon, example) -> None:
    model = example("munich-harthof")
    base = assess(model, munich)
    cases = {
        "SCN-01": lambda r: r.kpis_by("energy_cost") > base.kpi("energy_cost").value,
        "SCN-02": lambda r: r.kpis_by("energy_cost") < base.kpi("energy_cost").value,
        "SCN-03": lambda r: r.npv < base.financing.npv,
        "SCN-05": lambda r: r.net("housing_company") < base.net_value("housing_company"),
        "SCN-07": lambda r: r.net("housing_company") < base.net_value("housing_company"),
        "SCN-08": lambda r: r.net("housing_company") > base.net_value("housing_company"),
        "SCN-09": lambda r: r.kpis_by("capex") >= base.kpi("capex").value,
        "SCN-10": lambda r: r.kpis_by("heat_demand") > base.kpi("heat_demand").value,
        "SCN-11": lambda r: r.kpis_by("electricity_demand") > base.kpi("electricity_demand").value,
        "SCN-12": lambda r: r.kpis_by("peak_export") <= base.kpi("peak_export").value,  # binds: see below
        "SCN-13": lambda r: r.net("housing_company") < base.net_value("housing_company"),
    }
    result = assess(model, munich, tuple(cases))
    for scenario in result.scenario_results:
        view = _View(scenario)
        assert cases[scenario.scenario](view), scenario.scenario
    # SCN-04 (feed-in cut) bites where the model exports: Lyon's added roof and façade PV, before
    # the French cut of 28 March 2025 is in force (from then on it is the law and inert in France).
    confluence = assess(example("lyon-confluence"), lyon, ("SCN-04",), as_of=date(2025, 3, 1))
    cut = _View(confluence.scenario_results[0])
    # The PV is the roof and façade owners' (docs/rules.md, "Who owns the other assets"), the
    # social landlord's most of all: the cut bites there, not at the city that owns no building.
    assert cut.net("housing_company") < confluence.net_value("housing_company")
    # Energy sharing (§42c EnWG) is in force from 1 June 2026: refused under the 2025 rules, a
    # computed regulatory risk then; allowed as of 2026-11-29 (rules: game_rules/data/regulation).
    sharing = TableModel.from_mapping({"slots": {"how": ["HOW-04"], "measures": ["TECH-01", "TECH-13"]}})
    before = assess(sharing, munich, as_of=date(2025, 6, 1))
    now = assess(sharing, munich, ("SCN-06",), as_of=date(2026, 11, 29))
    assert any(r.code == "reg.not_in_force" and r.probability == 4 for r in before.risks)
    assert not any(r.kind == "regulatory" for r in now.risks)
    # SCN-06 asks "what if § 42c comes in": in force since 1 June 2026, so inert as of 2026-11-29.
    assert now.scenario_results[0].changes == () and now.scenario_results[0].status == "in_force"


def test_grid_congestion_caps_export_where_it_binds(munich, deck) -> None:
    # The Harthof examples use most PV locally (peak export well below 60 % of kWp), so SCN-12
    # is checked on a PV-heavy district: export is capped at 60 % of kWp and the rest curtailed.
    from cards.effects import Op, ParameterChange
    from game_rules.energy import simulate
    from game_rules.params import base_params

    heavy = base_params(munich).apply([("T", ParameterChange(param="pv.kwp_extra", op=Op.SET, value=20000, source="test"))])
    before = simulate(munich, heavy)
    after = simulate(munich, heavy.apply(("SCN-12", ch) for ch in deck.get("SCN-12").effects.scenario))
    kwp = after.kwp + after.bipv_kwp
    assert before.grid_export.max() > 0.6 * kwp
    assert after.grid_export.max() <= 0.6 * kwp + 1e-6
    assert after.curtailed.sum() > 0 and before.curtailed.sum() == 0


class _View:
    def __init__(self, scenario) -> None:
        self.s = scenario
        self.npv = scenario.npv

    def kpis_by(self, key: str) -> float:
        return next(k.value for k in self.s.kpis if k.key == key)

    def net(self, who: str | None) -> float:
        return next((v.net for v in self.s.stakeholders if v.stakeholder == who), 0.0)


def test_every_card_changes_the_assessment_or_is_informational(deck, munich, lyon) -> None:
    base = {"governance": ["GOV-07"], "measures": ["TECH-01"], "who": ["WHO-02"], "why": ["WHY-04"]}
    silent = []
    for card in deck:
        if card.category is Category.ROLE:
            assert card.effects.informational, card.id
            continue
        if card.category is Category.SCENARIO:
            assert card.effects.scenario, card.id
            continue
        slot = card.slots[-1].value if card.category is Category.WHY and card.effects.capital else card.slots[0].value
        without = {k: [c for c in v if c != card.id] for k, v in base.items()}
        if card.category is Category.GOVERNANCE:
            without["governance"] = []
        with_card = {k: list(v) for k, v in without.items()}
        with_card[slot] = [*with_card.get(slot, []), card.id]
        moved = any(
            _fingerprint(assess(TableModel.from_mapping({"slots": with_card}, deck), d))
            != _fingerprint(assess(TableModel.from_mapping({"slots": without}, deck), d))
            for d in (munich, lyon))
        if not (moved or card.effects.informational):
            silent.append(card.id)
    assert not silent, f"cards that change nothing and are not marked informational: {silent}"


def _fingerprint(a: Assessment) -> tuple[object, ...]:
    return (tuple(round(k.value, 6) for k in a.kpis), tuple((v.stakeholder, round(v.net, 3)) for v in a.stakeholders),
            a.governance.score, tuple(r.code for r in a.risks), len(a.value_flows))


def test_warnings_for_missing_essentials_and_contradictions(munich) -> None:
    model = TableModel.from_mapping({"slots": {"how": ["HOW-05", "HOW-02", "HOW-03"], "measures": ["TECH-01"]}})
    result = assess(model, munich)
    requires = [w for w in result.warnings if w.code == "warn.requires"]
    # P2P without smart meters, named by the card's title and the need in words.
    assert any("HOW-05" in w.cards and "(HOW-05)" in w.text.en and "smart meters" in w.text.en for w in requires)
    conflicts = [w for w in result.warnings if w.code == "warn.conflict"]
    assert [w.cards for w in conflicts] == [("HOW-02", "HOW-03")]
    assert any(w.code == "warn.no_financing" for w in result.warnings)


def test_a_battery_that_barely_cycles_is_named_in_a_warning(munich, lyon, example) -> None:
    """Issue 12: the citizen cooperative's 1 MWh community battery (TECH-11) in Munich Harthof
    discharges about 1.6 MWh a year, under 2 equivalent full cycles, far below the 100 taken as
    idle (game_rules/community_battery.py; German home batteries run 150-320 in field
    monitoring, RWTH ISEA in pv Europe): a warning names the card. Lyon's model, whose battery
    and V2G cars absorb its surplus (about 170 cycles), raises none."""
    coop = assess(example("citizen-cooperative"), munich)
    idle = [w for w in coop.warnings if w.code == "warn.idle_asset"]
    assert [w.cards for w in idle] == [("TECH-11",)]
    assert "(TECH-11)" in idle[0].text.en and "100" in idle[0].text.en
    assert idle[0].text.get("de") != idle[0].text.en
    confluence = assess(example("lyon-confluence"), lyon)
    assert not [w for w in confluence.warnings if w.code == "warn.idle_asset"]


def test_computed_regulatory_and_financing_risks(munich, lyon, example) -> None:
    mieterstrom = example("munich-harthof")
    in_lyon = assess(mieterstrom, lyon)
    assert {r.code for r in in_lyon.risks} >= {"risk.regime"}
    too_dear = TableModel.from_mapping({"slots": {"how": ["HOW-02"], "what": ["WHAT-04"], "measures": ["TECH-01"]}})
    over = assess(too_dear, munich.model_copy(update={"id": "m2"}))
    assert all(r.code != "risk.mieterstrom_cap" for r in over.risks)  # default 90 % is at the cap, not above
    gap = assess(TableModel.from_mapping({"slots": {"measures": ["TECH-06"]}}), munich)
    risk = next(r for r in gap.risks if r.code == "risk.financing_gap")
    assert risk.probability == 4 and "TECH-06" in risk.provenance.cards and risk.mitigating_cards


def test_french_perimeter_breach(lyon) -> None:
    wide = lyon.model_copy(update={"regulation": lyon.regulation.model_copy(update={"perimeter_km": 3.5})})
    model = TableModel.from_mapping({"slots": {"how": ["HOW-01"], "measures": ["TECH-01", "TECH-13"]}})
    codes = {r.code for r in assess(model, wide).risks}
    assert "risk.perimeter" in codes
    assert "risk.perimeter" not in {r.code for r in assess(model, lyon).risks}


def test_replication_reports_what_breaks(munich, lyon, example) -> None:
    rep = replicate(example("munich-harthof"), munich, lyon)
    assert rep.to_district == "lyon-confluence"
    # Mieterstrom (German law) in Lyon: the foreign scheme's note says what the figures count instead.
    assert any(b.code == "scheme_mapped" and "German law" in b.text.en for b in rep.breaks)
    assert any(c.code == "kpi.pv_yield" for c in rep.kpi_changes)


def test_comparison_ranks_with_topsis_and_explains(munich, lyon, example) -> None:
    results = {name: assess(example(name), munich) for name in ("munich-harthof", "citizen-cooperative")}
    results["lyon-confluence"] = assess(example("lyon-confluence"), lyon)
    ranking = compare(results, {"co2_reduction": 2, "worst_stakeholder": 1, "risk_score": 1})
    assert [r.rank for r in ranking.ranking] == [1, 2, 3]
    assert ranking.weights["co2_reduction"] == pytest.approx(0.5)
    top = ranking.ranking[0]
    assert top.reasons[0].en.startswith(f"{top.name} ranks 1 of 3") and top.reasons[0].de
    with pytest.raises(KeyError, match="no KPI 'beauty'"):
        compare(results, {"beauty": 1})


def test_catalogue_has_every_shipped_language() -> None:
    for code, templates in CATALOGUE.items():
        assert len(templates) == len(languages()) and all(templates), code
        assert len({t.count("{") for t in templates}) == 1, code


def test_comparison_prefers_lower_emissions_costs_and_demand() -> None:
    """Emissions, costs, demand and peaks are costs to TOPSIS: the lower value ranks first."""
    from cards.model import Slot
    from game_rules import TableModel, assess, compare, load_district

    district = load_district("munich-harthof")
    bare = assess(TableModel(slots={Slot.WHO: ("WHO-01",)}, roles=()), district)
    solar = assess(TableModel(slots={Slot.MEASURES: ("TECH-01", "TECH-06")}, roles=()), district)
    for key in ("co2", "energy_cost", "heat_demand", "peak_import", "capex", "electricity_demand"):
        ranked = compare({"bare": bare, "solar": solar}, {key: 1.0}).ranking
        values = {r.name: r.criteria[key] for r in ranked}
        if values["bare"] == values["solar"]:
            continue
        expected = min(values, key=lambda name: values[name])
        assert ranked[0].name == expected, (key, values)
        assert bare.kpi(key).better == "lower"


def test_models_equal_on_every_criterion_tie_without_warnings() -> None:
    import warnings

    from cards.model import Slot
    from game_rules import TableModel, assess, compare, load_district

    district = load_district("munich-harthof")
    same = assess(TableModel(slots={Slot.MEASURES: ("TECH-01",)}, roles=()), district)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ranking = compare({"a": same, "b": same}, {"co2": 1.0}).ranking
    assert [r.score for r in ranking] == [0.5, 0.5]


def test_each_scenario_has_its_own_governance_fit_and_highest_risk(harthof: Assessment, munich, deck) -> None:
    """The scenarios side by side compare governance fit and the highest risk score per world:
    the fit scores the scenario's net values (game_rules.governance.fit: the risk bearer's loss
    counts), the risk score is the highest among the risks that world triggers and the rules
    the model breaks (docs/rules.md, "Risks")."""
    from game_rules.governance import fit

    cards = [deck.get(i) for i in harthof.cards]
    for result in harthof.scenario_results:
        kpis = {k.key: k for k in result.kpis}
        assert {"governance_fit", "risk_score"} <= set(kpis), result.scenario
        nets = {v.stakeholder: v.net for v in result.stakeholders}
        assert kpis["governance_fit"].value == fit(cards, munich, nets).score
        triggered = [r.score for r in harthof.risks
                     if result.scenario in r.triggered_by or r.provenance.rule.startswith("regulatory.")]
        assert kpis["risk_score"].value == max(triggered, default=1)
        assert kpis["risk_score"].provenance.references


def test_an_air_source_heat_pump_card_in_a_district_heated_district_is_named_in_a_warning(munich, example) -> None:
    """Review of issue 12 (F-hp-silent): TECH-04 (air-source heat pumps for 50 % of the fossil-heated
    demand) in Stockholm, whose buildings are all on district heating, converted nothing and said
    nothing. Now a warning names the card, in every language; in Munich (gas-heated) none."""
    from game_rules.district_loading import load_district

    base = example("citizen-cooperative")
    slots = {**base.slots, "measures": (*base.slots["measures"], "TECH-04")}
    model = base.model_copy(update={"slots": slots})
    stockholm = assess(model, load_district("stockholm"))
    warned = [w for w in stockholm.warnings if w.code == "warn.no_fossil_heat"]
    assert [w.cards for w in warned] == [("TECH-04",)]
    assert "(TECH-04)" in warned[0].text.en and "gas or oil" in warned[0].text.en
    assert len({warned[0].text.get(lang) for lang in ("en", "de", "fr", "pt")}) == 4  # translated in each
    assert not [w for w in assess(model, munich).warnings if w.code == "warn.no_fossil_heat"]
