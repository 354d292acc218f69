"""Money is counted once and where it really goes: flexibility sold once, the coordinator's own
running costs, the feed-in buyer by regime, and new local kWh only on participants' bills."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cards.deck import Deck
from cards.effects import Op, ParameterChange, Stakeholder
from game_rules import District, TableModel, assess
from game_rules.assessment import energy_run
from game_rules.flexibility import market_of
from game_rules.flows import engine_flows, flexibility_flows
from game_rules.governance import table_roles
from game_rules.kpis import annual
from game_rules.params import base_params
from game_rules.results import Assessment, FlowResult
from game_rules.texts import text

FLEX_CARDS = ["WHO-09", "WHAT-05", "HOW-06", "WHY-05"]


def _flex_table(extra_how: list[str]) -> TableModel:
    return TableModel.from_mapping({"slots": {
        "governance": ["GOV-03"], "who": ["WHO-09"], "what": ["WHAT-05"], "how": ["HOW-06", *extra_how],
        "why": ["WHY-05"], "measures": ["TECH-01", "TECH-11", "TECH-13"]}})


def _flex_value(model: TableModel, district: District, deck: Deck) -> float:
    """What the local flexibility market pays for the table's assets [EUR/yr], cleared as the
    engine does (game_rules/flexibility.py: a market card is on these tables)."""
    cards = [deck.get(i) for i in model.cards()]
    params = base_params(district).apply((c.id, ch) for c in cards for ch in c.effects.parameters)
    market = market_of(cards, energy_run(district, params), district, params)
    assert market is not None
    return market.revenue_eur


def _flex_flows(a: Assessment) -> list[FlowResult]:
    return [f for f in a.value_flows if f.provenance.rule.startswith(("flexibility_revenue", "flexibility_market"))
            or f.label.en == text("flow.flexibility").en]


def test_flexibility_is_sold_once_however_many_cards_talk_about_it(munich: District, deck: Deck) -> None:
    model = _flex_table([])
    revenue = _flex_value(model, munich, deck)
    assert revenue > 100
    sold = _flex_flows(assess(model, munich, deck=deck))
    assert len(sold) == 1 and sold[0].source == "dso" and sold[0].to == "housing_company"
    assert sold[0].amount == pytest.approx(revenue)
    # The market cards and the battery name the flow; WHY-05's flat price no longer sets it.
    for card in ("WHO-09", "WHAT-05", "HOW-06", "TECH-11"):
        assert card in sold[0].provenance.cards


def test_an_aggregator_sells_the_flexibility_and_passes_its_share_on(munich: District, deck: Deck) -> None:
    model = _flex_table(["HOW-07"])
    revenue = _flex_value(model, munich, deck)
    a = assess(model, munich, deck=deck)
    sold = _flex_flows(a)
    assert [(f.source, f.to) for f in sold] == [("dso", "aggregator")] and sold[0].amount == pytest.approx(revenue)
    passed = [f for f in a.value_flows if f.provenance.rule.startswith("flexibility_share")]
    assert [(f.source, f.to) for f in passed] == [("aggregator", "housing_company")]
    assert passed[0].amount == pytest.approx(0.7 * revenue)
    aggregator = next(v for v in a.stakeholders if v.stakeholder == "aggregator")
    # The aggregator keeps 30 % and pays its own platform from it (HOW-07: opex.aggregator_eur).
    assert aggregator.costs == pytest.approx(30_000)
    assert aggregator.net == pytest.approx(0.3 * revenue - 30_000)


def test_no_flexibility_revenue_without_a_card_that_sells_it(munich: District, deck: Deck) -> None:
    roles = table_roles([deck.get("GOV-03")], munich)
    params = base_params(munich)
    values = {"flex_kwh": 10_000.0, "tariff.flex": 0.05}
    assert flexibility_flows([deck.get("TECH-11")], values, roles, params) == []
    flows = flexibility_flows([deck.get(c) for c in FLEX_CARDS], values, roles, params)
    assert [(f.source, f.to, round(f.amount, 6)) for f in flows] == [("dso", "housing_company", 500.0)]


def test_the_coordinator_nets_zero_from_covering_its_costs(lyon: District, example) -> None:
    a = assess(example("lyon-confluence"), lyon)
    opex = [f for f in a.value_flows if f.provenance.rule == "opex"]
    assert [(f.source, f.to) for f in opex] == [("city", "orchestrator")]
    orchestrator = next(v for v in a.stakeholders if v.stakeholder == "orchestrator")
    assert orchestrator.costs == pytest.approx(opex[0].amount) and orchestrator.net == pytest.approx(0.0)
    assert orchestrator.net == pytest.approx(orchestrator.inflow - orchestrator.outflow - orchestrator.costs)
    item = orchestrator.cost_items[0]
    assert item.item == "opex.extra_eur" and item.provenance.rule.startswith("opex_cost")
    assert "GOV-01" in item.provenance.cards
    assert orchestrator.explanation is not None
    assert orchestrator.explanation.en.startswith("Money in €215,000 − money out €0 − own costs €215,000 (running costs")
    assert orchestrator.explanation.en.endswith("= €0 per year.")
    assert "coûts propres 215\u202f000\u00a0€ (coûts de fonctionnement" in orchestrator.explanation.fr  # CLDR fr
    assert "eigene Kosten 215.000\u00a0€ (Betriebskosten" in orchestrator.explanation.de  # CLDR de


def test_an_owner_that_coordinates_bears_the_running_costs_itself(munich: District, example) -> None:
    a = assess(example("munich-harthof"), munich)  # GOV-03: the housing company owns and coordinates
    assert not [f for f in a.value_flows if f.provenance.rule == "opex"]
    owner = next(v for v in a.stakeholders if v.stakeholder == "housing_company")
    assert owner.costs > 0 and owner.net == pytest.approx(owner.inflow - owner.outflow - owner.costs)


@pytest.mark.parametrize(("name", "buyer"), [("lyon-confluence", "utility"), ("munich-harthof", "dso")])
def test_feed_in_is_paid_by_the_regimes_buyer(name: str, buyer: str, lyon: District, munich: District, example) -> None:
    district = lyon if name == "lyon-confluence" else munich
    a = assess(example(name), district)
    feed_in = [f for f in a.value_flows if f.provenance.rule.startswith("feed_in:")]
    assert feed_in and {f.source for f in feed_in} == {buyer}
    assert ("EDF OA" if buyer == "utility" else "EEG") in feed_in[0].provenance.rule
    # The obligated buyer is refinanced (CSPE, EEG account): feed-in alone is no risk for it.
    losers = [r for r in a.risks if r.provenance.rule == "net_negative"]
    assert not [r for r in losers if "grid operator" in r.text.en]


def test_new_local_kwh_lower_only_the_participants_bills(munich: District) -> None:
    params = base_params(munich).apply([("TEST", _set("participation.share", 0.4))])
    ref = annual(energy_run(munich, params), munich, params)
    extra_pv = 100_000.0
    run = replace(ref, pv_kwh=ref.pv_kwh + extra_pv, import_kwh=ref.import_kwh - extra_pv,
                  energy_cost_eur=ref.energy_cost_eur - extra_pv * params["tariff.electricity"])
    roles = table_roles([], munich)
    flows = engine_flows(run, ref, munich, roles, (), ("TEST",), params)
    avoided = sum(f.amount for f in flows if f.provenance.rule.startswith("bills_avoided"))
    assert avoided == pytest.approx(0.4 * extra_pv * params["tariff.electricity"])
    feed_in = [f for f in flows if f.provenance.rule.startswith("feed_in:")]
    assert len(feed_in) == 1 and feed_in[0].to == roles.owner.value
    assert feed_in[0].amount == pytest.approx(0.6 * extra_pv * params["tariff.feed_in"])
    assert "participants only: 40 %" in next(f for f in flows if f.provenance.rule.startswith("bills_avoided")).provenance.rule


def _set(param: str, value: float) -> ParameterChange:
    return ParameterChange(param=param, op=Op.SET, value=value, source="test table")


def test_feed_in_buyer_map_covers_every_regime() -> None:
    from game_rules.flows import FEED_IN_BUYER

    assert FEED_IN_BUYER["FR"][0] is Stakeholder.UTILITY and FEED_IN_BUYER["DE"][0] is Stakeholder.DSO
    assert set(FEED_IN_BUYER) == {"FR", "DE", "EU"}


@pytest.mark.parametrize(("name", "buyer", "ref"), [("lyon-confluence", "utility", "code-energie-l121-7"),
                                                    ("munich-harthof", "dso", "eeg-2023-57")])
def test_the_obligated_buyer_is_refunded_the_feed_in_it_pays(name: str, buyer: str, ref: str, lyon: District,
                                                             munich: District, example) -> None:  # type: ignore[no-untyped-def]
    """The feed-in tariff is a transfer from outside the district to the plant owner: the German
    grid operator is refunded by the transmission system operator (EEG 2023 § 57(1)) out of the
    federally balanced EEG account (EnFG § 6); EDF OA is compensated by the State (CSPE, Code de
    l'énergie L121-6, L121-7). So the buyer's net value and NPV no longer count it as its loss:
    Munich's grid operator nets -EUR 155 k/yr (the grid fees it no longer collects), not
    -EUR 197 k with the EUR 42 k of feed-in; its yearly rows carry the refund fixed in EUR like
    the tariff, so the feed-in leaves its NPV untouched."""
    district = lyon if name == "lyon-confluence" else munich
    a = assess(example(name), district)
    paid = sum(f.amount for f in a.value_flows if f.provenance.rule.startswith("feed_in:") and f.source == buyer)
    value = next(v for v in a.stakeholders if v.stakeholder == buyer)
    refund = next(i for i in value.cost_items if i.item == "feed_in_refunded")
    assert paid > 1000 and refund.amount == pytest.approx(-paid)
    assert ref in refund.provenance.references and refund.label.fr and refund.label.pt
    assert value.net == pytest.approx(value.inflow - value.outflow - value.costs)
    rows = next(t.rows for t in a.financing.cash_flows.stakeholders if t.stakeholder == buyer)
    # The fixed feed-in and its fixed refund cancel: what is left escalates at 2 %/yr (assets.yaml).
    assert rows[25].revenue == pytest.approx(rows[1].revenue * 1.02 ** 24, rel=1e-9)
    if name == "munich-harthof":
        assert value.net == pytest.approx(-154_919, rel=0.01)
