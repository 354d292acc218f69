"""The lifecycle financing block of an assessment (game_rules.financing.lifecycle)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game_rules import District, TableModel, assess
from game_rules import cashflow as cf
from game_rules.assessment import prepare


def test_project_finance_over_one_horizon_with_its_cash_flows(munich: District, example: Callable[[str], TableModel]) -> None:
    """The project NPV, IRR and discounted payback are computed from the yearly project rows,
    which add up the assets' rows (investment, O&M, replacements, residual value) and the
    district's savings; the horizon is one stated value (25 years, assets.yaml), not the
    former flat 20 years for every asset."""
    result = assess(example("citizen-cooperative"), munich)
    f = result.financing
    rows = f.cash_flows.project
    assert f.horizon_years == 25 == f.cash_flows.horizon_years and len(rows) == 26
    assert f.npv == pytest.approx(cf.npv(f.discount_rate, [r.net for r in rows]))
    assert f.irr is not None and cf.npv(f.irr, [r.net for r in rows]) == pytest.approx(0.0, abs=1.0)
    assert f.discounted_payback_years is not None and 0 < f.discounted_payback_years < f.horizon_years
    assert rows[0].investment == pytest.approx(-f.capex)
    for year in (0, 15, 25):
        for field in ("investment", "replacement", "residual"):
            assert getattr(rows[year], field) == pytest.approx(sum(getattr(a.rows[year], field) for a in f.cash_flows.assets))
    # Operation = the assets' O&M plus the coordinator's running costs (opex.extra_eur), escalated.
    assert rows[1].operation == pytest.approx(sum(a.rows[1].operation for a in f.cash_flows.assets)
                                              - sum(i.amount for v in result.stakeholders for i in v.cost_items
                                                    if i.item == "opex.extra_eur"))
    pv = next(a for a in f.cash_flows.assets if a.asset == "pv")
    assert pv.rows[15].replacement < 0  # the inverter
    assert pv.rows[2].energy_kwh < pv.rows[1].energy_kwh  # degradation
    assert rows[25].residual > 0
    # Savings rise with energy prices (2 %/yr) but lose the degraded PV output.
    assert rows[2].revenue > rows[1].revenue
    # LCOE of the new PV with its battery, in EUR/kWh, in the range of published PV-battery costs.
    assert f.lcoe_electricity_eur_per_kwh is not None and 0.05 < f.lcoe_electricity_eur_per_kwh < 0.25
    assert f.lcoe_heat_eur_per_kwh is None  # no new heat supply on this table
    assert "fraunhofer-ise-lcoe-2024" in f.provenance.references


def test_each_investor_is_discounted_at_its_type_rate(munich: District, example: Callable[[str], TableModel]) -> None:
    """Stakeholder NPVs use the rate of their type (assets.yaml): households 4 %, the cooperative
    4 %, commercial investors 7 % (assumptions with ranges), and are computed from each one's
    yearly rows: year 0 its money put in, then its net value (energy-linked flows escalated,
    loan service fixed for the loan's term, running costs escalated)."""
    result = assess(example("citizen-cooperative"), munich)
    by = {s.stakeholder: s for s in result.financing.per_stakeholder}
    tables = {t.stakeholder: t for t in result.financing.cash_flows.stakeholders}
    assert by["investors"].stakeholder_type == "commercial" and by["investors"].discount_rate == pytest.approx(0.07)
    assert by["residents"].stakeholder_type == "households" and by["residents"].discount_rate == pytest.approx(0.04)
    assert by["cooperative"].discount_rate == pytest.approx(0.04)
    for name, s in by.items():
        rows = tables[name].rows
        assert s.npv == pytest.approx(cf.npv(s.discount_rate, [r.net for r in rows]))
        assert rows[0].investment == pytest.approx(-s.invested)
    # The bank's loan (WHY-12: 2 % over 20 years) is repaid for 20 years, then stops.
    bank = tables["investors"].rows
    assert bank[20].financing > 0 and bank[21].financing == 0
    assert by["investors"].irr == pytest.approx(0.02, abs=1e-6)  # a lender earns its loan rate
    # The asset owner pays O&M every year and replacements (inverters in year 15).
    owner = tables[result.governance.owner or ""].rows
    assert all(r.operation < 0 for r in owner[1:]) and owner[15].replacement < 0


def test_the_owner_bears_the_assets_operation_and_maintenance(munich: District, example: Callable[[str], TableModel]) -> None:
    """Year-1 fixed O&M (CAPEX x fixed_om per asset class, assets.yaml) is a running cost of the
    asset owner in its annual net value, as it is in the cash-flow rows."""
    prep = prepare(example("citizen-cooperative"), munich)
    owner = prep.table.roles.owner.value
    value = next(v for v in prep.main.values if v.stakeholder == owner)
    om = next(i for i in value.cost_items if i.item == "asset_om")
    assets = prep.main.financing.cash_flows.assets
    assert om.amount == pytest.approx(-sum(a.rows[1].operation for a in assets))
