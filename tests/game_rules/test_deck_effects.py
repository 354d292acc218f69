"""The deck's effects against the engine's vocabulary (parameters, formula variables, docs)."""

from __future__ import annotations

from pathlib import Path

from game_rules.formulas import names_in
from game_rules.params import VOCABULARY

DOCS = Path(__file__).resolve().parents[2] / "docs"
FORMULA_VARIABLES = {
    "pv_kwh", "self_kwh", "export_kwh", "import_kwh", "demand_kwh", "heat_kwh", "heat_saved_kwh", "gas_kwh",
    "dh_kwh", "dh_new_kwh", "hp_kwh", "hp_heat_kwh", "solar_heat_kwh", "ev_kwh", "flex_kwh", "local_kwh", "local_new_kwh", "surcharge_new_kwh", "kwp",
    "new_kwp", "battery_kwh", "households", "participants", "participation", "floor_m2", "retrofit_m2", "capex",
    "bills_saved", "co2_saved_t", "ev_count", "shared_cars", "tariff.local", "tariff.flex", "price.co2",
    "tariff.electricity", "tariff.feed_in", "tariff.gas", "tariff.heat", "tariff.grid_fee", "tariff.surcharge",
    "p2p_kwh", "price.p2p_fee", "price.shared_car",
}


def test_every_card_parameter_is_in_the_vocabulary(deck) -> None:
    unknown = [(c.id, ch.param) for c in deck for ch in (*c.effects.parameters, *c.effects.scenario) if ch.param not in VOCABULARY]
    assert not unknown


def test_every_formula_uses_known_variables(deck) -> None:
    unknown = [(c.id, name) for c in deck for vf in c.effects.value_flows for name in names_in(vf.formula)
               if name not in FORMULA_VARIABLES]
    assert not unknown


def test_engine_variables_match_the_documented_list(munich) -> None:
    from game_rules.assessment import energy_run
    from game_rules.flows import variables
    from game_rules.kpis import annual
    from game_rules.params import base_params

    params = base_params(munich)
    run = annual(energy_run(munich, params), munich, params)
    assert set(variables(run, run, munich, params, 0.0)) == FORMULA_VARIABLES


def test_rules_doc_lists_every_parameter_and_variable() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    missing = [name for name in (*VOCABULARY, *FORMULA_VARIABLES) if f"`{name}`" not in text]
    assert not missing
