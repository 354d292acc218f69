"""Lifecycle cash flows (game_rules.cashflow): assets over one horizon, NPV, IRR, payback, LCOE.

Reference values and their sources are in each test's docstring; hand-computed examples show
their arithmetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game_rules import cashflow as cf

PV_KWP = 30.0


def _pv(capex_per_kwp: float, yield_kwh_per_kwp: float, rate: float = 0.04):
    return cf.asset_cash_flows("pv", "pv", PV_KWP * capex_per_kwp, rate, first_year_kwh=PV_KWP * yield_kwh_per_kwp)


def _lcoe(table, rate: float) -> float:
    costs = [-(r.investment + r.operation + r.replacement + r.residual) for r in table.rows]
    value = cf.lcoe(rate, costs, [r.energy_kwh or 0.0 for r in table.rows])
    assert value is not None
    return value


def test_pv_cash_flows_show_degradation_and_an_inverter_replacement() -> None:
    """30 kWp at 1,000 kWh/kWp and EUR 1,250/kWp (EUR 37,500).

    Degradation 0.5 %/yr: the median of nearly 2,000 field measurements (Jordan & Kurtz 2013,
    ref:jordan-kurtz-2013), so year 2 yields 30,000 x 0.995 = 29,850 kWh and year 25
    30,000 x 0.995^24 = 26,599.6 kWh. The inverter (10 % of CAPEX, 15-year life, assumption
    [12-15]) is replaced once within the 25-year horizon, in year 15, for EUR 3,750; the
    modules (30 years) are not replaced.
    """
    table = _pv(1250, 1000)
    rows = {r.year: r for r in table.rows}
    assert len(table.rows) == cf.load().horizon_years + 1 == 26
    assert rows[0].investment == pytest.approx(-37_500)
    assert rows[1].energy_kwh == pytest.approx(30_000)
    assert rows[2].energy_kwh == pytest.approx(29_850)
    assert rows[25].energy_kwh == pytest.approx(30_000 * 0.995**24, rel=1e-9)
    assert [r.year for r in table.rows if r.replacement < 0] == [15]
    assert rows[15].replacement == pytest.approx(-3_750)
    # Fixed O&M 1.5 % of CAPEX in year 1, escalated at 2 %/yr after.
    assert rows[1].operation == pytest.approx(-562.5)
    assert rows[2].operation == pytest.approx(-562.5 * 1.02)


def test_residual_value_is_straight_line_over_the_remaining_life() -> None:
    """Residual value at the 25-year horizon, straight line (VDI 2067-1, ref:vdi-2067-1-2012):

    * PV modules (90 % of EUR 37,500 = 33,750, life 30): 33,750 x 5/30 = 5,625;
    * inverter bought again in year 15 (EUR 3,750, life 15), 10 years old: 3,750 x 5/15 = 1,250;
    * total 6,875, booked in year 25 only.
    A battery (life 15) bought for EUR 100,000 is rebought in year 15 at 0.7 x its cost and is
    then 10 years old: 70,000 x 5/15 = 23,333. A retrofit (life 40) keeps 15/40 of its cost.
    """
    table = _pv(1250, 1000)
    assert table.residual_value == pytest.approx(6_875)
    assert table.rows[-1].residual == pytest.approx(6_875)
    assert all(r.residual == 0 for r in table.rows[:-1])
    battery = cf.asset_cash_flows("battery", "battery", 100_000, 0.04)
    assert [r.year for r in battery.rows if r.replacement < 0] == [15]
    assert battery.rows[15].replacement == pytest.approx(-70_000)
    assert battery.residual_value == pytest.approx(70_000 * 5 / 15)
    retrofit = cf.asset_cash_flows("retrofit", "retrofit", 1_000_000, 0.04)
    assert retrofit.residual_value == pytest.approx(1_000_000 * 15 / 40)
    assert not any(r.replacement for r in retrofit.rows)
    assert cf.residual_value(1000, 10, 12) == 0.0


def test_reference_rooftop_lcoe_lies_in_the_fraunhofer_ise_range() -> None:
    """Fraunhofer ISE, "Stromgestehungskosten erneuerbare Energien" (2024, ref:fraunhofer-ise-lcoe-2024):
    rooftop PV up to 30 kW costs 5.7-8.8 ct/kWh in southern and 7.8-12.0 ct/kWh in northern
    Germany, at investments of EUR 900-1,600/kW. LCOE = discounted costs / discounted energy.

    A 30 kWp system at the households' 4 % discount rate (assets.yaml):
    * EUR 900/kWp at a southern 1,100 kWh/kWp -> 7.0 ct/kWh, inside the southern range;
    * EUR 1,250/kWp at 1,000 kWh/kWp -> 10.7 ct/kWh, inside the German range 5.7-12.0.
    (At EUR 1,600/kWp and 950 kWh/kWp the model gives about 14 ct/kWh, above the study's upper
    end: its O&M of 1.5 % of CAPEX/yr is an assumption at the high side of its range.)
    """
    south = _lcoe(_pv(900, 1100), 0.04)
    middle = _lcoe(_pv(1250, 1000), 0.04)
    assert 0.057 <= south <= 0.088
    assert 0.057 <= middle <= 0.120
    assert south == pytest.approx(0.0702, abs=5e-4)
    assert middle == pytest.approx(0.1072, abs=5e-4)
    # Higher discount rate or lower yield cost more per kWh.
    assert _lcoe(_pv(1250, 1000), 0.07) > middle > _lcoe(_pv(1250, 1100), 0.04)


def test_npv_irr_and_discounted_payback_of_a_hand_computed_example() -> None:
    """Flows -1,000, 300, 400, 500 at 10 %:
    NPV = -1,000 + 300/1.1 + 400/1.21 + 500/1.331 = -1,000 + 272.727 + 330.579 + 375.657 = -21.037.
    IRR: the rate with NPV = 0, 8.896 % (NPV(8.896 %) = 0 to the cent; below 10 % since NPV(10 %) < 0).
    Discounted payback of -1,000, 600, 600 at 10 %: after year 1 -454.55 remain, year 2 brings
    495.87, so 1 + 454.55/495.87 = 1.917 years. Formulas: ``game_rules.cashflow`` docstrings.
    """
    flows = [-1000.0, 300.0, 400.0, 500.0]
    assert cf.npv(0.10, flows) == pytest.approx(-21.0368, abs=1e-4)
    rate = cf.irr(flows)
    assert rate == pytest.approx(0.08896, abs=1e-5)
    assert cf.npv(rate, flows) == pytest.approx(0.0, abs=1e-6)
    assert cf.discounted_payback(0.10, [-1000.0, 600.0, 600.0]) == pytest.approx(1 + 454.545 / 495.868, abs=1e-4)
    assert cf.discounted_payback(0.10, flows) is None
    assert cf.irr([100.0, 50.0]) is None  # no outflow, no IRR
    with pytest.raises(ValueError, match="above -1"):
        cf.npv(-1.0, flows)


def test_lcoe_formula_discounts_costs_and_energy_alike() -> None:
    """LCOE = sum cost_t (1+r)^-t / sum energy_t (1+r)^-t (Fraunhofer ISE 2024 definition):
    EUR 1,000 in year 0 and 100 kWh in each of years 1 and 2 at 0 % -> 1,000 / 200 = 5 EUR/kWh;
    at 10 %: 1,000 / (90.909 + 82.645) = 5.762 EUR/kWh. No energy -> no LCOE."""
    assert cf.lcoe(0.0, [1000.0, 0.0, 0.0], [0.0, 100.0, 100.0]) == pytest.approx(5.0)
    assert cf.lcoe(0.10, [1000.0, 0.0, 0.0], [0.0, 100.0, 100.0]) == pytest.approx(1000 / (100 / 1.1 + 100 / 1.21))
    assert cf.lcoe(0.05, [1000.0], [0.0]) is None


def test_every_asset_class_and_rate_has_a_source_or_a_range() -> None:
    """Every number in assets.yaml names references or is an assumption with a range, and each
    stakeholder type has its discount rate (public 3 % after the EC CBA guide, ref:ec-cba-guide-2014)."""
    data = cf.load()
    for name, asset in data.assets.items():
        for part in (asset.lifetime, asset.degradation, asset.fixed_om, asset.replacement_cost):
            assert part.references or part.assumption is not None, name
    assert data.discount_rate("city").value == pytest.approx(0.03)
    assert data.stakeholder_type("housing_company") == "housing_company"
    assert data.stakeholder_type("residents") == "households"
    assert data.stakeholder_type("esco") == "commercial"
    assert data.discount_rate("cooperative").value < data.discount_rate("esco").value
    assert {"pv", "inverter", "battery", "heat_pump_air", "heat_pump_ground", "district_heating", "retrofit",
            "solar_thermal", "thermal_storage", "smart_meters", "chargers", "shared_cars", "set_up"} <= set(data.assets)


def test_a_value_without_source_or_range_is_refused(tmp_path: Path) -> None:
    """A bad finance file names the entry and what was expected, with no stack trace."""
    text = cf.ASSETS_FILE.read_text(encoding="utf-8").replace(
        "lifetime: {value: 15, assumption: [10, 20]}", "lifetime: {value: 15}", 1)
    bad = tmp_path / "assets.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(cf.FinanceDataError, match=r"assets\.battery\.lifetime.*references or an assumption range"):
        cf.read(bad)
    with pytest.raises(KeyError, match="unknown asset class 'solar_sail'"):
        cf.asset_cash_flows("solar_sail", "x", 1.0, 0.04)


def test_lifecycle_assumptions_can_be_moved_within_their_ranges() -> None:
    """The lifecycle assumptions (horizon, escalation, PV degradation, O&M level) each carry a
    plausible range, and moving one changes the cash flows as it should: a 0.9 %/yr degradation
    (NREL compendium mean, ref:jordan-compendium-2016) leaves 30,000 x 0.991^24 = 24,163 kWh in
    year 25; a 20-year horizon ends the table at year 20."""
    ranges = cf.lifecycle_assumptions()
    assert set(ranges) == set(cf.LIFECYCLE_PARAMS)
    for name, item in ranges.items():
        assert item.assumption is not None and item.assumption[0] <= item.value <= item.assumption[1], name
    worse = cf.adjusted({"lifecycle.pv_degradation": 0.009})
    table = cf.asset_cash_flows("pv", "pv", 37_500, 0.04, data=worse, first_year_kwh=30_000)
    assert table.rows[25].energy_kwh == pytest.approx(30_000 * 0.991**24)
    shorter = cf.adjusted({"lifecycle.horizon_years": 20})
    assert len(cf.asset_cash_flows("pv", "pv", 37_500, 0.04, data=shorter).rows) == 21
    dearer = cf.adjusted({"lifecycle.om_factor": 1.5})
    assert cf.asset_cash_flows("pv", "pv", 1000, 0.04, data=dearer).rows[1].operation == pytest.approx(-1000 * 0.015 * 1.5)
    with pytest.raises(ValueError, match="unknown lifecycle parameter"):
        cf.adjusted({"lifecycle.sunshine": 1.0})


def test_npv_without_residual_leaves_out_the_discounted_residual_value() -> None:
    """NPV without residual = sum_t (CF_t - RV_t) / (1 + r)^t (VDI 2067-1 residual value, shown
    apart so a reader sees how much of an NPV rests on it). Hand example: a 25-year PV table of
    EUR 37,500 keeps 6,875 at year 25 (test above); at 4 % that is 6,875 / 2.66584 = 2,578.9 of
    its NPV."""
    table = _pv(1250, 1000)
    with_rv = cf.npv(0.04, cf.nets(table.rows))
    assert with_rv - cf.npv_without_residual(0.04, table.rows) == pytest.approx(2_578.9, abs=0.1)


def test_asset_lifetimes_move_every_class_to_the_ends_of_its_own_range() -> None:
    """``lifecycle.asset_lifetimes`` -1 / +1 puts each class at the low / high end of the range
    assets.yaml states for its lifetime (retrofit 40 years, assumption [30-50]), 0.5 halfway to
    the high end; ``lifecycle.residual_value`` 0 removes the residual value (a retrofit of EUR
    1 M keeps 15/40 of its cost at year 25 otherwise)."""
    base = cf.load().assets["retrofit"].lifetime
    assert (base.value, base.assumption) == (40, (30, 50))
    low = cf.adjusted({"lifecycle.asset_lifetimes": -1.0})
    high = cf.adjusted({"lifecycle.asset_lifetimes": 1.0})
    half = cf.adjusted({"lifecycle.asset_lifetimes": 0.5})
    assert low.assets["retrofit"].lifetime.value == 30
    assert high.assets["retrofit"].lifetime.value == 50
    assert half.assets["retrofit"].lifetime.value == 45
    for key, spec in cf.load().assets.items():
        if spec.lifetime.assumption is not None:
            assert low.assets[key].lifetime.value == spec.lifetime.assumption[0], key
    none = cf.adjusted({"lifecycle.residual_value": 0.0})
    assert cf.asset_cash_flows("retrofit", "retrofit", 1_000_000, 0.04, data=none).rows[-1].residual == 0.0
    assert cf.asset_cash_flows("retrofit", "retrofit", 1_000_000, 0.04).rows[-1].residual == pytest.approx(375_000)
