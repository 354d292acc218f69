"""Risks computed from outcomes and ranked by what is at stake (issue 11, finding 2).

Method (docs/rules.md, "Risks"): probability from the worlds that trigger a risk (base world 4,
else the triggering scenario cards' stated likelihood), impact from exposure / stake on the
COBEN 4 x 4 matrix (COBEN project, "Risk Matrix", https://coben.org/informer/t7.php; ISO
31000:2018 likelihood x consequence)."""

from __future__ import annotations

import pytest

from game_rules import TableModel, assess, load_district
from game_rules.assessment import prepare
from game_rules.charges import price_stack
from game_rules.risks import impact

SIX = ("SCN-01", "SCN-03", "SCN-04", "SCN-07", "SCN-10", "SCN-12")


@pytest.fixture(scope="module")
def examples(munich, lyon, example):  # type: ignore[no-untyped-def]
    return {name: (example(name), district, assess(example(name), district, SIX))
            for name, district in (("munich-harthof", munich), ("lyon-confluence", lyon), ("citizen-cooperative", munich))}


def test_the_utility_is_exposed_by_its_margin_not_the_retail_price(munich) -> None:
    """Rooftop PV alone in Munich: the supplier stops selling the participants' new local kWh.
    It no longer passes on VAT, grid fees and levies and no longer buys the energy, so it loses
    its margin m = P / (1 + VAT) - grid fee - levies - procurement (BDEW Strompreisanalyse 2025;
    game_rules/charges.py), about 3.7 ct/kWh of Munich's 35.7 ct energy price (the standing charge
    stays: ref:verivox-grundversorgung-2023). Before, the risk counted
    the full retail price (issue 11: "the utility loses €824 k per year", top risk 16)."""
    model = TableModel.from_mapping({"slots": {"measures": ["TECH-01"]}})
    result = assess(model, munich)
    prep = prepare(model, munich)
    stack = price_stack(munich, prep.params)
    lost_kwh = (prep.main.reference.import_kwh - prep.main.run.import_kwh) * prep.params["participation.share"]
    risk = next(r for r in result.risks if r.bearer == "utility")
    assert risk.exposure == pytest.approx(lost_kwh * stack.margin, rel=1e-3)
    assert risk.exposure < 0.25 * lost_kwh * stack.retail
    assert 0.03 < stack.margin < 0.045
    assert risk.impact == impact(risk.share)


def test_the_housing_companys_large_loss_outranks_small_ones(examples) -> None:  # type: ignore[no-untyped-def]
    """Munich example: the housing company (owner) lost about €0.7 M/yr, over 40 % of the
    annuity of the investment it carries (issue 11: 41 %, yet scored 1 x 3 = 3 after card
    modifiers). With the § 559 BGB modernisation levy its tenants pay (€0.45 M/yr,
    test_modernisation.py) it lost €0.27 M/yr. Since the PV on homeowners' and the city's roofs
    is theirs (docs/rules.md, "Who owns the PV": 486 + 270 kWp of TECH-01's 1,512, with their
    sales and feed-in) it lost €430,707/yr, 37.0 % of its annuity. Since the retrofit of the
    homeowners' and the city's buildings is theirs too (docs/rules.md, "Who owns the other
    assets") it loses €121,451/yr (€104,758 at the 39.7 ct average price, before the energy price
    of 35.7 ct/kWh and the Solarpaket I surcharge): 15.5 % of the annuity of its own financed share (€784,529/yr,
    test_a_loss_is_set_against_the_bearers_own_annuity_over_the_horizon), so impact 2
    (10-20 %); it must still rank above the utility's and the grid operator's smaller shares."""
    _, _, result = examples["munich-harthof"]
    # The base world's losses: under SCN-04 the city, owner of 270 kWp on its roofs, loses
    # EUR 17,529/yr, 25 % of its own small annuity, and ranks first (score 9).
    losses = [r for r in result.risks if r.code in ("risk.net_negative", "risk.split_incentives") and r.scenario is None]
    housing = next(r for r in losses if r.bearer == "housing_company")
    assert housing.share == pytest.approx(121_451 / 784_529, abs=0.0005)
    assert housing.probability == 4 and housing.impact == 2
    for other in losses:
        if other.bearer in ("utility", "dso"):
            assert other.share is not None and other.share < housing.share
            assert other.score <= housing.score  # ties are ranked by share
    assert losses[0] is housing


def test_a_card_on_the_table_is_never_its_own_mitigation(examples) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: a governance card already on the table was proposed as mitigation."""
    for _, _, result in examples.values():
        on_table = set(result.cards)
        for risk in result.risks:
            assert not on_table & set(risk.mitigating_cards), (risk.code, risk.mitigating_cards)
            assert [m.card for m in risk.mitigations] == list(risk.mitigating_cards)


def test_a_mitigating_card_lowers_the_exposure_by_the_computed_amount(examples, deck) -> None:  # type: ignore[no-untyped-def]
    """Adding a proposed card to the table and assessing again (in the world where the risk was
    rated) gives the exposure the mitigation states: reduction = exposure - exposure after,
    computed by the model, never a constant."""
    checked = 0
    for model, district, result in examples.values():
        for risk in result.risks:
            for m in risk.mitigations:
                assert m.reduction == pytest.approx(risk.exposure - m.exposure_after)
                assert m.reduction > 0.01 * risk.exposure
                card = deck.get(m.card)
                slot = card.slots[0]
                more = model.model_copy(update={"slots": {**model.slots, slot: (*model.slots.get(slot, ()), card.id)}})
                if risk.scenario is None:
                    again = assess(more, district)
                    same = [r.exposure for r in again.risks if r.bearer == risk.bearer and r.exposure_unit == risk.exposure_unit
                            and r.kind == risk.kind and "base" in r.triggered_by]
                    after = same[0] if same else 0.0
                elif risk.exposure_unit == "EUR/yr" and risk.bearer is not None:
                    scenario = assess(more, district, (risk.scenario,)).scenario_results[0]
                    net = next((v.net for v in scenario.stakeholders if v.stakeholder == risk.bearer), 0.0)
                    after = max(-net, 0.0)
                else:
                    continue
                assert after == pytest.approx(m.exposure_after, rel=1e-6, abs=1.0), (risk.code, m.card)
                checked += 1
    assert checked >= 3


def test_probability_comes_from_the_world_where_the_risk_is_rated(examples, deck) -> None:  # type: ignore[no-untyped-def]
    """No flat probability: a risk rated in the base world is certain under the model's own
    assumptions (4); one rated in a scenario's world takes that card's stated likelihood."""
    for _, _, result in examples.values():
        for risk in result.risks:
            expected = 4 if risk.scenario is None else deck.get(risk.scenario).effects.likelihood.level
            assert risk.probability == expected, risk.code
            if risk.scenario is not None:
                assert risk.scenario in risk.triggered_by


def test_a_risk_only_scenarios_trigger_takes_their_likelihood(munich, example, deck) -> None:  # type: ignore[no-untyped-def]
    """The residents gain in the base world and lose €50 k/yr under SCN-07 (likelihood 2,
    "possible") and €80 k/yr under SCN-13 (likelihood 1, "unlikely"). Both losses are small
    against their energy bill (impact 1), so the risk is rated where P x I is highest: under
    SCN-07, probability 2 — not a flat 2 for every scenario, not 4."""
    from game_rules import risks as rk
    from game_rules.scenarios import world_of

    prep = prepare(example("munich-harthof"), munich)
    m = prep.main

    def outcome(scenario: str | None, residents: float, likelihood: int) -> rk.Outcome:
        params = m.params if scenario is None else world_of(deck.get(scenario), munich).apply(m.params)
        return rk.Outcome(scenario, None, m.run, {"residents": residents}, {}, params, likelihood=likelihood,
                          reference=m.reference, capex=m.financing.capex)

    ctx = rk.Context(district=munich, cards=(), deck=deck, owner="housing_company", coordinator=None, capex=0.0,
                     gap=0.0, tags=frozenset(), present=("residents",))
    risks = rk.compute(ctx, [outcome(None, 1000.0, 4), outcome("SCN-07", -50_000.0, 2), outcome("SCN-13", -80_000.0, 1)])
    residents = [r for r in risks if r.bearer == "residents"]
    assert len(residents) == 1
    risk = residents[0]
    assert risk.triggered_by == ("SCN-07", "SCN-13")
    assert (risk.scenario, risk.probability, risk.impact) == ("SCN-07", 2, 1)
    assert risk.exposure == pytest.approx(50_000.0)
    assert risk.kind == "participation"  # SCN-07 changes uptake


def test_every_risk_is_computed_not_looked_up(examples) -> None:  # type: ignore[no-untyped-def]
    """Each risk carries its exposure, unit and bearer's stake (or is a rule broken, with its
    legal reference); none comes from a card's additive modifiers."""
    for _, _, result in examples.values():
        assert result.risks
        for risk in result.risks:
            assert risk.code != "risk.card"
            if risk.kind == "regulatory" and risk.code not in ("risk.net_negative", "risk.npv_negative"):
                assert risk.provenance.source or risk.provenance.references
                continue
            assert risk.exposure is not None and risk.exposure > 0 and risk.exposure_unit
            assert risk.share is not None and risk.impact == impact(risk.share)
            assert "iso-31000-2018" in risk.provenance.references


@pytest.mark.parametrize(("share", "level"), [(0.6, 4), (0.5, 4), (0.3, 3), (0.1, 2), (0.01, 1)])
def test_impact_levels(share: float, level: int) -> None:
    """≥ 50 % of the stake: 4; ≥ 20 %: 3; ≥ 5 %: 2; else 1 (docs/rules.md, "Risks")."""
    assert impact(share) == level


def test_an_idle_battery_is_a_computed_risk(munich, example) -> None:
    """The citizen cooperative's community battery sits behind PV whose output the district
    already uses almost entirely (self-consumption ≈ 100 %), so it has little surplus to store:
    equivalent full cycles = discharge / nominal kWh, below the engine's one idle threshold (100 a
    year, game_rules.community_battery, the same as the warning's) and far below the ~250 a year it
    is built for (assumption [150-300]). The idle share of its investment annuity is the exposure."""
    from game_rules import financing as fin
    from game_rules.community_battery import IDLE_CYCLES_PER_YEAR
    from game_rules.risks import DESIGN_CYCLES

    model = example("citizen-cooperative")
    result = assess(model, munich)
    prep = prepare(model, munich)
    m = prep.main
    cycles = m.run.battery_out_kwh / m.energy.battery_kwh
    battery = sum(i.amount for i in m.financing.capex_items if i.item == "battery")
    owner = prep.table.roles.owner
    # At the owner's own rate (a cooperative: 4 %, assets.yaml) over the 25-year lifecycle horizon.
    rate = fin.stakeholder_rate(owner.value, prep.params, munich, m.financing.sources, owner)
    annuity = fin.annuity(battery, rate, m.financing.horizon_years)
    risk = next(r for r in result.risks if r.code == "risk.idle_battery")
    assert cycles < IDLE_CYCLES_PER_YEAR
    assert "warn.idle_asset" in {w.code for w in result.warnings}  # one threshold: the warning too
    assert risk.exposure == pytest.approx((1 - cycles / DESIGN_CYCLES) * annuity, rel=1e-6)
    assert risk.stake == pytest.approx(annuity, rel=1e-6)
    assert f"{round(cycles)} full cycles" in risk.text.en


def test_a_lender_at_its_cost_of_funds_never_falls_short(examples) -> None:  # type: ignore[no-untyped-def]
    """A promotional bank (WHY-12) or a bond holder (WHY-10) discounts its loan at the loan's rate
    (assets.yaml ``lenders``), so its NPV is 0 up to rounding in every world, also where a rate
    scenario (SCN-03) raises the loan rate: no ``risk.npv_negative`` for it (the shortfall counts
    below -EUR 1,000 only, the floor of every loss). A lender that also owns roofs (Lyon's
    investors: the PV on their roofs is theirs, docs/rules.md, "Who owns the PV") still judges its
    money at its loans' rate, and its PV's yield adds to that NPV: no shortfall either."""
    for name, (_, _, a) in examples.items():
        roof_owners = {g.owner.value for g in load_district(a.district).buildings}
        lenders = {s.provider for s in a.financing.sources if s.kind in ("debt", "green_bond")}
        assert lenders, name
        for who in lenders:
            finance = next(s for s in a.financing.per_stakeholder if s.stakeholder == who)
            assert finance.npv > -1.0 if who in roof_owners else abs(finance.npv) < 1.0, (name, who)
            assert not [r for r in a.risks if r.code == "risk.npv_negative" and r.bearer == who], (name, who)


def test_an_npv_shortfall_is_stated_over_the_horizon_it_is_computed_on(munich, example, deck) -> None:  # type: ignore[no-untyped-def]
    """``risk.npv_negative``: an investor with NPV >= 0 in the base world that falls below
    -EUR 1,000 under a scenario. An NPV within rounding of 0 (-EUR 0.50) is no shortfall, and
    the text names the lifecycle horizon the NPV is computed over (25 years, assets.yaml), which
    the district lists as its finance horizon too (it listed a 20-year asset life before)."""
    from game_rules import risks as rk

    prep = prepare(example("munich-harthof"), munich)
    o = prep.main
    ctx = rk.Context(district=munich, cards=prep.table.cards, deck=deck, owner="housing_company", coordinator=None,
                     capex=o.financing.capex, gap=0.0, tags=frozenset(), present=(),
                     horizon_years=o.financing.horizon_years)

    def world(scenario: str | None, npv: float) -> rk.Outcome:
        return rk.Outcome(scenario, None, o.run, {}, {"investors": npv}, o.params, invested={"investors": 1e6})

    [candidate] = rk._npv(ctx, [world(None, 0.2), world("SCN-03", -0.5), world("SCN-02", -50_000.0)])
    rounding, loss = world("SCN-03", -0.5), world("SCN-02", -50_000.0)
    assert candidate.exposure(rounding) == 0.0
    assert candidate.exposure(loss) == pytest.approx(50_000.0)
    assert o.financing.horizon_years == 25 == munich.finance.lifetime_years
    assert "25 years" in candidate.body(loss, 50_000.0, 0.05).en


def test_a_loss_is_set_against_the_bearers_own_annuity_over_the_horizon(examples) -> None:  # type: ignore[no-untyped-def]
    """The stake of an investing bearer is the annuity of what it carries at ITS OWN discount
    rate over the assessment's 25-year lifecycle horizon (docs/rules.md, "Risks"), not at the
    project's 4 % over the district's 20-year asset life, and on its OWN financed share, not on
    the grants it receives. Munich: the housing company finances the CAPEX of €21,970,790
    (TECH-01, TECH-07, TECH-08, TECH-13) less WHY-12's EU grant (30 % of CAPEX, capped at
    €5,000,000), €16,970,790, and judges money at 5 % (housing companies, assets.yaml,
    assumption [3.5-7]): A = 16,970,790 x 0.05 / (1 - 1.05^-25) = €1,204,119/yr (on the whole
    CAPEX it was €1,558,882/yr). Of that it carries its own share of the assets: its roofs' PV
    (€756,000), its flats' retrofit (163,000 m² x 0.4 x €150/m² = €9,780,000) and the community
    assets it owns as governance owner (district-heating connections €2,678,790, smart meters
    €1,100,000): €14,314,790 of the CAPEX (docs/rules.md, "Who owns the PV", "Who owns the other
    assets"), so 16,970,790 x 14,314,790 / 21,970,790 = €11,057,103 and A = €784,529/yr."""
    _, _, result = examples["munich-harthof"]
    # Its residents lose too, so no tenant keeps the savings: a plain loss, not a split incentive.
    housing = next(r for r in result.risks if r.bearer == "housing_company" and r.code == "risk.net_negative")
    assert result.financing.capex == pytest.approx(21_970_790, abs=1)
    assert housing.stake == pytest.approx(784_529, abs=2)
    assert housing.provenance.source == "annuity at the bearer's own discount rate 5.0 % over 25 yr"
