"""The comparison of tables (game_rules.compare) carries each table's market figures beside the
ranking: P2P volume, gains and fairness, flexibility revenue, the eMaaS fleet (docs/rules.md,
"Replication and comparison")."""

from __future__ import annotations

import pytest

from game_rules import compare
from game_rules.compare import market_figures
from game_rules.results import Assessment, FlexibilityMarket, Provenance


def _flex(revenue: float) -> FlexibilityMarket:
    return FlexibilityMarket(market_hours=265, peak_kw=4000.0, peak_reduction_kw=452.0, delivered_kwh=20_000.0, utilised_kwh=12_856.0,
                             availability_eur_per_kw_h=0.025, utilisation_eur_per_kwh=0.35, availability_eur=2995.0,
                             utilisation_eur=4500.0, revenue_eur=revenue, reinforcement_eur=22_600.0, seller="aggregator", assets=(),
                             provenance=Provenance(cards=("HOW-06",), rule="flexibility_market", references=("nged-flex-earnings",)))


@pytest.fixture(scope="module")
def base(munich, example) -> Assessment:  # type: ignore[no-untyped-def]
    from game_rules import assess

    return assess(example("munich-harthof"), munich, (), mitigations=False)


def test_ranked_tables_carry_their_market_figures(base: Assessment) -> None:
    """Table "flex" plays a flexibility market earning EUR 7,495/yr (the cooperative's figure in
    docs/rules.md); table "plain" plays none: its figures are None, the other's name the revenue
    and cite the market's rule and sources."""
    flex = base.model_copy(update={"flexibility": _flex(7495.0)})
    ranking = compare({"flex": flex, "plain": base}).ranking
    by_name = {r.name: r for r in ranking}
    assert by_name["plain"].market is None
    figures = by_name["flex"].market
    assert figures is not None
    assert figures.flexibility_revenue_eur == 7495.0 and figures.p2p_traded_kwh is None and figures.shared_cars is None
    assert "HOW-06" in figures.provenance.cards and "nged-flex-earnings" in figures.provenance.references
    # The NPV and the NPV without the markets' counted parts side by side (docs/rules.md, "The
    # markets in the project NPV"): the assessment's own two numbers, not recomputed.
    assert figures.npv_eur == base.financing.npv
    assert figures.npv_without_markets_eur == base.financing.npv_without_markets


def test_market_figures_none_without_a_market(base: Assessment) -> None:
    assert market_figures(base) is None
