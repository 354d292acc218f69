"""The local flexibility market (game_rules/flexibility.py): peak reduction in the market's
hours, paid only there, only with a market card and an asset.

Prices: availability EUR 0.025/kW/h from NGED's worked example (GBP 2,440.80 for 0.5 MW x 228 h,
winter 2023/24, ``nged-flex-earnings``), utilisation EUR 0.35/kWh (GBP 300/MWh, within UKPN's
2023 ceiling of GBP 600/MWh, ``modo-dno-flex-tenders-2023``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from cards.deck import Deck
from game_rules import District, TableModel, assess
from game_rules.flexibility import Assets, Market, Terms, clear, market_cards, water_fill

#: One day [kWh/h]: 10 kWh/h all day, an evening peak 40-50-50-40 at 17:00-20:00.
DAY = np.full(24, 10.0)
DAY[17:21] = (40.0, 50.0, 50.0, 40.0)
TERMS = Terms(threshold=0.8, availability_eur_per_kw_h=0.025, utilisation_eur_per_kwh=0.35, utilisation_hours=2,
              reinforcement_eur_per_kw_yr=50.0, hp_block_hours=2.0)


def _assets(battery_kwh: float = 20.0, hp: bool = True) -> Assets:
    """5 kWh/h of heat-pump load every hour (controlled, no heat store), a 20 kWh / 10 kW
    battery with 90 % usable and η = 0.81 (√η = 0.9)."""
    return Assets(hp_el=np.full(24, 5.0), hp_controlled=hp, cop=np.full(24, 3.0), battery_kwh=battery_kwh,
                  battery_kw=10.0 if battery_kwh else 0.0, usable=0.9, efficiency=0.81)


def test_battery_and_heat_pumps_lower_the_peak_by_the_hand_computed_amount() -> None:
    """Hand computation (threshold 0.8 of the 50 kWh/h peak: the market's hours are 17-20).

    Heat pumps: budget 2 h x 5 kW = 10 kWh; shaving [40, 50, 50, 40] with caps of 5 reaches
    the level 45 (5 + 5 = 10 kWh): [40, 45, 45, 40], 5 kW off the peak.
    Battery: 20 kWh x 0.9 usable x √0.81 = 16.2 kWh a day, 10 kW; the level L below 40 with
    2(45 - L) + 2(40 - L) = 16.2 gives L = 38.45: the peak falls 45 -> 38.45 (6.55 kW).
    Together 50 -> 38.45 = 11.55 kW, 10 + 16.2 = 26.2 kWh delivered.
    Revenue: availability 11.55 kW x 0.025 x 4 h = 1.155 EUR; utilisation in the 2 called hours
    (18, 19): 2 x 11.55 kWh x 0.35 = 8.085 EUR; the DSO's reinforcement 11.55 x 50 = 577.5 EUR.
    """
    market = clear(DAY, _assets(), TERMS)
    assert market.hours.nonzero()[0].tolist() == [17, 18, 19, 20]
    assert market.by_asset["heat_pumps"] == pytest.approx((5.0, 10.0))
    assert market.by_asset["stationary_battery"] == pytest.approx((6.55, 16.2))
    assert market.peak_reduction_kw == pytest.approx(11.55)
    assert market.delivered_kwh == pytest.approx(26.2)
    assert market.availability_eur == pytest.approx(1.155)
    assert market.utilisation_eur == pytest.approx(8.085)
    assert market.revenue_eur == pytest.approx(9.24)
    assert market.reinforcement_eur == pytest.approx(577.5)


def test_an_hour_just_outside_the_window_bounds_the_peak_reduction() -> None:
    """The same day with 39.9 kWh/h at 16:00 and 21:00 (reviewer's case, issue #17): they stay
    below 0.8 x 50 = 40, so they are no market hours and nothing shaves them.

    The full response would reach 38.45 in 17-20 (previous test), but the year's new peak is
    then 39.9 at 16:00: the real reduction is 50 - 39.9 = 10.1 kW, not 11.55. The assets deliver
    only down to 39.9: [40, 50, 50, 40] -> 39.9 each, 0.1 + 10.1 + 10.1 + 0.1 = 20.4 kWh; the heat
    pumps still bring 50 -> 45 (5 kW, 10 kWh), the battery 45 -> 39.9 (5.1 kW, 10.4 kWh).
    Revenue: availability 10.1 x 0.025 x 4 = 1.01 EUR; utilisation 2 x 10.1 kWh x 0.35 = 7.07 EUR;
    reinforcement 10.1 x 50 = 505 EUR.
    """
    day = DAY.copy()
    day[[16, 21]] = 39.9
    market = clear(day, _assets(), TERMS)
    assert market.hours.nonzero()[0].tolist() == [17, 18, 19, 20]
    after = np.maximum(day, 0.0) - market.reduction
    assert after.max() == pytest.approx(39.9)
    assert market.peak_reduction_kw == pytest.approx(10.1)
    assert market.by_asset["heat_pumps"] == pytest.approx((5.0, 10.0))
    assert market.by_asset["stationary_battery"] == pytest.approx((5.1, 10.4))
    assert market.delivered_kwh == pytest.approx(20.4)
    assert market.availability_eur == pytest.approx(1.01)
    assert market.utilisation_eur == pytest.approx(7.07)
    assert market.reinforcement_eur == pytest.approx(505.0)


def test_the_assets_earn_only_in_the_market_hours() -> None:
    """Outside 17-20 nothing is reduced (the battery could discharge 10 kW at noon, but noon is
    not a market hour), and with the threshold at 1.0 only the two 50 kWh/h hours are paid:
    the same battery then shaves 16.2 kWh off two hours, 8.1 kW each (cap 10)."""
    market = clear(DAY, _assets(hp=False), TERMS)
    assert np.all(market.reduction[~market.hours] == 0.0)
    assert market.reduction[12] == 0.0
    narrow = clear(DAY, _assets(hp=False), Terms(threshold=1.0, utilisation_hours=2))
    assert narrow.market_hours == 2
    assert narrow.peak_reduction_kw == pytest.approx(8.1)
    assert narrow.availability_eur == pytest.approx(8.1 * narrow.market_hours * 0.025)


def test_no_asset_no_revenue() -> None:
    """Heat pumps without a control card and no battery: nothing responds, nothing is paid."""
    market = clear(DAY, _assets(battery_kwh=0.0, hp=False), TERMS)
    assert market.peak_reduction_kw == 0.0
    assert market.revenue_eur == 0.0
    assert market.reinforcement_eur == 0.0


def test_water_fill_takes_everything_when_the_budget_allows() -> None:
    """A budget above the caps' sum: every cap is used (5 + 5 + 0 for an hour at 0)."""
    out = water_fill(np.array([[10.0, 8.0, 0.0]]), np.array([[5.0, 5.0, 5.0]]), np.array([100.0]))
    assert out.tolist() == [[5.0, 5.0, 0.0]]


def test_market_cards_are_the_market_and_the_dso_buyer(deck: Deck) -> None:
    """HOW-06 (local flexibility market), WHAT-05 (flexibility services), GOV-11 (aggregator
    platform) and WHO-09 (the DSO as buyer) open the market; WHY-05 (a revenue card) and HOW-07
    (the aggregator) alone do not."""
    ids = ("HOW-06", "WHAT-05", "GOV-11", "WHO-09", "WHY-05", "HOW-07")
    assert market_cards([deck.get(i) for i in ids]) == ("HOW-06", "WHAT-05", "GOV-11", "WHO-09")


def _with(model: TableModel, **extra: tuple[str, ...]) -> TableModel:
    slots: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in model.slots.items()}
    for slot, cards in extra.items():
        slots[slot] = (*slots.get(slot, ()), *cards)
    return model.model_copy(update={"slots": slots})


def test_the_market_replaces_the_flat_price_in_the_assessment(example: Callable[[str], TableModel], munich: District,
                                                             deck: Deck) -> None:
    """The cooperative's table (community battery TECH-11) with HOW-06 and HOW-07: the DSO pays
    the aggregator by the market rule, not per kWh at tariff.flex; the DSO's net value counts
    the reinforcement it avoids; without a market card no flexibility flow exists."""
    model = _with(example("citizen-cooperative"), how=("HOW-06", "HOW-07"))
    a = assess(model, munich, deck=deck, mitigations=False, bibliography=False)
    rules = [f.provenance.rule for f in a.value_flows]
    assert any(r.startswith("flexibility_market:") for r in rules)
    assert not any(r.startswith("flexibility_revenue:") for r in rules)
    dso = next(s for s in a.stakeholders if s.stakeholder == "dso")
    assert any(i.item == "reinforcement_avoided" and i.amount < 0 for i in dso.cost_items)
    bare = assess(example("citizen-cooperative"), munich, deck=deck, mitigations=False, bibliography=False)
    assert not any("flexibility" in f.provenance.rule for f in bare.value_flows)


def test_heat_pumps_respond_only_under_control(munich: District, deck: Deck) -> None:
    """Air heat pumps (WHAT-06) on a flexibility market (HOW-06) earn nothing without a card
    that controls them; a heat store (TECH-12, tag thermal_storage) lets them stay off in the
    market's hours: the heat pumps then lower the window peak and are paid for it."""
    from game_rules.energy import energy_run
    from game_rules.flexibility import market_of
    from game_rules.params import base_params

    def market(*ids: str) -> Market | None:
        cards = [deck.get(i) for i in ("GOV-03", "WHAT-06", "HOW-06", *ids)]
        params = base_params(munich).apply((c.id, ch) for c in cards for ch in c.effects.parameters)
        return market_of(cards, energy_run(munich, params), munich, params)

    bare = market()
    assert bare is not None and bare.revenue_eur == 0.0 and "heat_pumps" not in bare.by_asset
    stored = market("TECH-12")
    assert stored is not None and stored.by_asset["heat_pumps"][0] > 0
    assert stored.peak_reduction_kw == pytest.approx(stored.by_asset["heat_pumps"][0])
    assert stored.revenue_eur > 0


#: The reviewer's +CityxChange table in Munich Harthof (issue #17): P2P, the local flexibility
#: market with the aggregator, the mobility hub, a community battery and V2G.
CXC = {"governance": ["GOV-07"], "who": ["WHO-01", "WHO-02", "WHO-04", "WHO-09"], "what": ["WHAT-01", "WHAT-05"],
       "how": ["HOW-04", "HOW-05", "HOW-06", "HOW-07", "HOW-11"], "why": ["WHY-05", "WHY-06"], "financing": ["WHY-13", "WHY-12"],
       "measures": ["TECH-01", "TECH-04", "TECH-11", "TECH-13", "TECH-14", "TECH-15"]}


def test_the_battery_counts_its_market_use_before_it_is_called_idle(munich: District) -> None:
    """Issue #17: the battery was called idle while the market discharged it. The idle warning
    reads equivalent full cycles = (self-consumption discharge + market discharge) / nominal kWh
    against the idle threshold (game_rules.community_battery.IDLE_CYCLES_PER_YEAR): on the
    reviewer's table the battery barely cycles for self-consumption, so the warning stands with
    no market use and disappears once the market's discharge makes up the threshold's cycles."""
    from game_rules.assessment import _idle_battery, prepare
    from game_rules.community_battery import IDLE_CYCLES_PER_YEAR
    from game_rules.energy import energy_run

    prep = prepare(TableModel.from_mapping({"slots": CXC}), munich)
    run = energy_run(munich, prep.params)
    out = float(run.battery_out.sum())
    assert out < (IDLE_CYCLES_PER_YEAR - 1) * run.battery_kwh
    assert [w.code for w in _idle_battery(prep.table.cards, munich, prep.params, 0.0)] == ["warn.idle_asset"]
    needed = IDLE_CYCLES_PER_YEAR * run.battery_kwh - out
    assert _idle_battery(prep.table.cards, munich, prep.params, needed + 1.0) == []
    main = prep.main
    assert main.market is not None and main.market.battery_kwh == pytest.approx(
        sum(main.market.by_asset.get(a, (0.0, 0.0))[1] for a in ("stationary_battery", "v2g")))


def test_the_peak_import_kpi_is_the_peak_after_the_markets_response(munich: District) -> None:
    """Issue #17: the "peak grid import" KPI ignored the market. With a market it is the year's
    highest import after the response, the market's peak minus its peak reduction, and its
    source names the peak before it."""
    a = assess(TableModel.from_mapping({"slots": CXC}), munich, mitigations=False, bibliography=False)
    assert a.flexibility is not None and a.flexibility.peak_reduction_kw > 0
    kpi = next(k for k in a.kpis if k.key == "peak_import")
    assert kpi.value == pytest.approx(a.flexibility.peak_kw - a.flexibility.peak_reduction_kw)
    assert "after the flexibility market's response" in kpi.provenance.source
    assert f"before it {a.flexibility.peak_kw:,.0f} kW" in kpi.provenance.source
