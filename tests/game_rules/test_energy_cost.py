"""The energy-cost KPI follows the money (issue #11, fixC point 1): the same sharing scheme and
price stack as the value flows and the NPV (game_rules.flows.district_energy_cost).

Before, "Energy costs of the district" was the metered cost of the energy run alone: the citizen
cooperative in Munich showed 10,722,433 EUR/yr both today and under the rules of 1 June 2025
(when § 42c EnWG shares nothing), while 1.53 GWh/yr shared over the public grid still bear
20.61 ct/kWh of grid fees, levies and VAT (BDEW Strompreisanalyse 2025, ref bdew-strompreis-2025),
so the KPI claimed about 784 kEUR/yr of saving where the NPV counted 445 kEUR/yr."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from cards.deck import Deck
from game_rules import TableModel, assess
from game_rules.districts import District
from game_rules.results import Assessment

TODAY = date(2026, 11, 29)
RULES_2025 = date(2025, 6, 1)


@pytest.fixture(scope="module")
def coop(deck: Deck, munich: District, example: Callable[[str], TableModel]) -> dict[date, Assessment]:
    model = example("citizen-cooperative")
    return {when: assess(model, munich, deck=deck, as_of=when, mitigations=False) for when in (TODAY, RULES_2025)}


def _saving(a: Assessment) -> float:
    base = next(k for k in a.baseline if k.key == "energy_cost")
    return base.value - a.kpi("energy_cost").value


def test_the_cooperatives_energy_cost_counts_the_charges_on_shared_kwh_today(coop: dict[date, Assessment]) -> None:
    """Today: metered cost + 1,533,791 kWh/yr shared x 0.2061 EUR/kWh kept (grid fee, levies and
    VAT, § 42c EnWG) + 68,929 kWh/yr new local PV outside the scheme x (retail - feed-in) =
    10,634,480 EUR/yr against 11,003,325 today without the project: 368,845 EUR/yr saved, not 784 k.
    Electricity at Munich's energy price, 35.7 ct/kWh without the standing charge
    (ref:bdew-strompreis-2025, ref:verivox-grundversorgung-2023); at the 39.7 ct average incl. the
    standing charge it was 11,061,255 against 11,506,325 (445,070 saved)."""
    a = coop[TODAY]
    kpi = a.kpi("energy_cost")
    assert kpi.value == pytest.approx(10_634_480, abs=2)
    assert _saving(a) == pytest.approx(368_845, abs=2)
    assert "shared over the public grid" in kpi.provenance.rule and "0.2061" in kpi.provenance.rule
    assert {"enwg-42c", "bdew-strompreis-2025"} <= set(kpi.provenance.references)


def test_under_the_2025_rules_nothing_is_shared_and_local_pv_outside_the_scheme_earns_feed_in(
        coop: dict[date, Assessment]) -> None:
    """1 June 2025: § 42c EnWG not in force, so all 1,602,720 kWh/yr of new local PV are drawn by
    households outside a scheme, who keep paying the retail price while the owner earns the feed-in
    tariff: 10,761,600 EUR/yr (241,725 saved; 11,249,727 and 256,598 at the 39.7 ct average price
    incl. the standing charge), no longer the same figure as today."""
    a = coop[RULES_2025]
    assert a.kpi("energy_cost").value == pytest.approx(10_761_600, abs=2)
    assert _saving(a) == pytest.approx(241_725, abs=2)
    assert a.kpi("energy_cost").value > coop[TODAY].kpi("energy_cost").value


@pytest.mark.parametrize("when", (TODAY, RULES_2025))
def test_the_kpi_saving_is_the_npv_benefit_before_flexibility_and_subsidies(
        coop: dict[date, Assessment], when: date) -> None:
    """``project_benefit`` = today's cost - the KPI's cost + flexibility sold + outside subsidies
    (docs/rules.md, "Project cash flows"): the year-1 benefit of the cash flows less those two
    equals the KPI's saving, so the KPI and the NPV cannot disagree."""
    from game_rules.financing import OUTSIDE_FUNDERS

    a = coop[when]
    money = [f for f in a.value_flows if f.kind == "money" and f.unit == "EUR/yr"]
    flex = sum(f.amount for f in money if f.provenance.rule.startswith("flexibility_revenue"))
    subsidies = sum(f.amount for f in money if f.source in OUTSIDE_FUNDERS and f.to not in OUTSIDE_FUNDERS)
    assert a.financing.cash_flows is not None
    year1 = a.financing.cash_flows.project[1]
    assert year1.revenue == pytest.approx(_saving(a) + flex + subsidies, rel=1e-6)
