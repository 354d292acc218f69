"""The markets in the project NPV (game_rules/market_npv.py) and one subscription per shared-car
user whichever cards bring the cars (game_rules/flows.py, ``ONCE_VARIABLES``; issue #17)."""

from __future__ import annotations

import pytest

from game_rules import District, TableModel
from game_rules import financing as fin
from game_rules.assessment import prepare
from game_rules.emaas import (
    CARS_REPLACED_PER_SHARED_CAR,
    PRIVATE_CAR_EUR_PER_YR,
    RUNNING_EUR_PER_SHARED_CAR,
    SUBSTITUTE_EUR_PER_YR,
)
from game_rules.market_npv import MarketLine, rows_addition, valued
from game_rules.results import Provenance
from game_rules.sensitivity import tornado

#: The reviewer's +CityxChange table (tests/game_rules/test_flexibility.py, CXC): P2P, the local
#: flexibility market with the aggregator, the mobility hub HOW-11 (15 shared cars), V2G.
CXC = {"governance": ["GOV-07"], "who": ["WHO-01", "WHO-02", "WHO-04", "WHO-09"], "what": ["WHAT-01", "WHAT-05"],
       "how": ["HOW-04", "HOW-05", "HOW-06", "HOW-07", "HOW-11"], "why": ["WHY-05", "WHY-06"], "financing": ["WHY-13", "WHY-12"],
       "measures": ["TECH-01", "TECH-04", "TECH-11", "TECH-13", "TECH-14", "TECH-15"]}


def _line(part: str, amount: float, in_npv: bool, in_benefit: bool, escalates: str) -> MarketLine:
    return MarketLine(part, amount, in_npv, in_benefit, escalates, Provenance(rule="test"))  # type: ignore[arg-type]


def test_a_part_is_valued_and_added_by_the_hand_computed_amounts() -> None:
    """Hand computation, r = 5 %, horizon 3 years, energy +2 %/yr, O&M +1 %/yr:
    car costs avoided EUR 1,000/yr at O&M escalation: 1,000/1.05 + 1,010/1.05² + 1,020.1/1.05³
    = 952.381 + 916.100 + 881.201 = 2,749.681 EUR; flexibility EUR 100/yr at energy escalation:
    100/1.05 + 102/1.05² + 104.04/1.05³ = 95.238 + 92.517 + 89.874 = 277.629 EUR.
    The rows add only what the NPV counts and B does not carry yet: the car costs, not the
    flexibility (already in B) nor the P2P saving (in the metered balance)."""
    parts = (_line("emaas_car_costs_avoided", 1000.0, True, False, "operation"),
             _line("flexibility_sales", 100.0, True, True, "energy"),
             _line("p2p_saving", 50.0, False, False, "energy"))
    out = valued(parts, 0.05, 0.02, 0.01, 3)
    assert [p.present_value_eur for p in out] == pytest.approx([2749.681, 277.629, 138.814], abs=1e-3)
    assert list(rows_addition(parts, 0.02, 0.01, 3)) == pytest.approx([0.0, 1000.0, 1010.0, 1020.1])


def test_emaas_savings_enter_the_npv_and_the_p2p_money_is_shown_not_added(munich: District) -> None:
    """The +CityxChange table in Munich Harthof: 15 shared cars (HOW-11) replace 15 x 3.7 = 55.5
    private cars (emaas.CARS_REPLACED_PER_SHARED_CAR: the cars sold, KIT/Share Now 2020), so the
    users save 55.5 x (EUR 4,800 - EUR 756) = EUR 224,442 a year (emaas.PRIVATE_CAR_EUR_PER_YR,
    after the ADAC car costs, less emaas.SUBSTITUTE_EUR_PER_YR, a Deutschlandticket at EUR 63 a
    month in 2026; review of issue #17: EUR 576,000 before, 8 cars gross) and the fleet
    costs 15 x EUR 2,500 = EUR 37,500 a year to run: both in the NPV, the NPV without the markets
    lower by exactly the counted parts' present values. The P2P community saving and fee are
    shown but not in the NPV (the balance already counts the traded kWh; the fee is a transfer)."""
    prep = prepare(TableModel.from_mapping({"slots": CXC}), munich)
    f = prep.main.financing
    parts = {p.part: p for p in f.market_parts}
    assert parts["emaas_car_costs_avoided"].year1_eur == pytest.approx(
        15 * CARS_REPLACED_PER_SHARED_CAR * (PRIVATE_CAR_EUR_PER_YR - SUBSTITUTE_EUR_PER_YR))
    assert parts["emaas_car_costs_avoided"].year1_eur == pytest.approx(224_442.0)
    assert parts["emaas_fleet_running"].year1_eur == pytest.approx(-15 * RUNNING_EUR_PER_SHARED_CAR) == -37_500.0
    om = fin.finance_data(prep.params).escalation["operation"].value
    r, h = f.discount_rate, f.horizon_years
    expected = sum(224_442.0 * (1 + om) ** (t - 1) / (1 + r) ** t for t in range(1, h + 1))
    assert parts["emaas_car_costs_avoided"].present_value_eur == pytest.approx(expected)
    assert not parts["p2p_saving"].in_npv and not parts["p2p_fee"].in_npv
    assert parts["p2p_saving"].year1_eur > 0 and parts["flexibility_sales"].in_npv
    assert f.npv_without_markets == pytest.approx(f.npv - sum(p.present_value_eur for p in f.market_parts if p.in_npv))
    # Without the market benefits: the car savings, the flexibility sales and the fleet's running costs leave the NPV.
    counted = {k for k, p in parts.items() if p.in_npv}
    assert counted == {"emaas_car_costs_avoided", "emaas_fleet_running", "flexibility_sales"}
    assert f.npv - f.npv_without_markets == pytest.approx(
        expected + parts["emaas_fleet_running"].present_value_eur + parts["flexibility_sales"].present_value_eur)


def _subscriptions(slots: dict[str, list[str]], district: District) -> tuple[float, tuple[str, ...], float]:
    prep = prepare(TableModel.from_mapping({"slots": slots}), district, lifecycle=False)
    subs = [f for f in prep.main.flows if "shared_cars" in f.provenance.rule and f.to == "mobility_provider"]
    cards = tuple(c for f in subs for c in f.provenance.cards)
    return sum(f.amount for f in subs), cards, prep.params["ev.shared_cars"] * prep.params["emaas.fee_eur_per_car"]


def test_shared_car_subscriptions_are_paid_once_whichever_cards_bring_the_cars(munich: District) -> None:
    """WHAT-07 (20 shared cars) and HOW-11 (15) on one table: one fleet of 35 cars, so the
    subscriptions are 35 x EUR 6,000 = EUR 210,000 a year (the cards' basis, emaas.fee_eur_per_car),
    once, the formula ``shared_cars * price.shared_car`` evaluated as with one card; before the
    fix each card charged it: EUR 420,000. The flow names both cards."""
    both = {**CXC, "what": [*CXC["what"], "WHAT-07"]}
    total, cards, once = _subscriptions(both, munich)
    assert once == pytest.approx(35 * 6000.0)
    assert total == pytest.approx(once)
    assert set(cards) >= {"WHAT-07", "HOW-11"}
    single, _, single_once = _subscriptions(CXC, munich)
    assert single == pytest.approx(single_once) == pytest.approx(15 * 6000.0)


def test_the_tornado_varies_the_emaas_saving_by_its_hand_computed_swing(lyon: District, example) -> None:  # type: ignore[no-untyped-def]
    """The Lyon example plus HOW-11 (15 shared cars): the tornado has a bar for each number the
    users' saving rests on (sensitivity.EMAAS), across its plausible range (game_rules/params.py:
    2.1-5.3 private cars sold per shared car after KIT 2020, EUR 3,000-6,500 per car and year
    after the ADAC car costs, EUR 696-1,500 of trips still paid after the Deutschlandticket).
    Lyon has 1,500 cars, so no cap: the saving is 15 x n x (c - s) EUR/yr and moves the NPV by its
    year-1 change x A, A = Σ_t (1 + e_om)^(t-1) / (1 + r)^t:
    cars per shared car 2.1 -> 5.3 at EUR 4,800 - 756: 15 x 3.2 x 4,044 = EUR 194,112/yr x A;
    car cost 3,000 -> 6,500 with 55.5 cars: 55.5 x 3,500 = EUR 194,250/yr x A;
    trips still paid 696 -> 1,500 with 55.5 cars: 55.5 x 804 = EUR 44,622/yr x A, the other way."""
    from game_rules.params import base_params
    from game_rules.sensitivity import EMAAS, parameters

    model = example("lyon-confluence")
    slots = {k: list(v) for k, v in model.slots.items()}
    slots["how"] = [*slots["how"], "HOW-11"]
    prep = prepare(TableModel.from_mapping({"slots": slots}), lyon)
    assert set(EMAAS) <= set(parameters(lyon, base_params(lyon), emaas=True))
    f = prep.main.financing
    om = fin.finance_data(prep.params).escalation["operation"].value
    a = sum((1 + om) ** (t - 1) / (1 + f.discount_rate) ** t for t in range(1, f.horizon_years + 1))
    rows = {r.parameter: r for r in tornado(prep, names=EMAAS).rows}
    ratio, cost = rows["emaas.cars_replaced_per_shared_car"], rows["emaas.private_car_eur_per_yr"]
    trips = rows["emaas.substitute_mobility_eur_per_yr"]
    assert (ratio.low, ratio.base, ratio.high) == (2.1, 3.7, 5.3)
    assert (cost.low, cost.base, cost.high) == (3000.0, 4800.0, 6500.0)
    assert (trips.low, trips.base, trips.high) == (696.0, 756.0, 1500.0)
    assert ratio.npv_high - ratio.npv_low == pytest.approx(194_112.0 * a, rel=1e-6)
    assert cost.npv_high - cost.npv_low == pytest.approx(194_250.0 * a, rel=1e-6)
    assert trips.npv_low - trips.npv_high == pytest.approx(44_622.0 * a, rel=1e-6)
    assert ratio.npv_low < f.npv < ratio.npv_high
