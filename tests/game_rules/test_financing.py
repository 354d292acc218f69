"""The lifecycle financing block of an assessment (game_rules.financing.lifecycle)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game_rules import District, TableModel, assess
from game_rules import cashflow as cf
from game_rules.assessment import prepare
from game_rules.scheme_shares import scheme_shares


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
    4 %, commercial parties 7 % (assumptions with ranges); a lender at its cost of funds (the
    promotional bank of WHY-12) at its loan's rate; each NPV is computed from the stakeholder's
    yearly rows: year 0 its money put in, then its cash flows (energy-linked flows escalated,
    loan service fixed for the loan's term, running costs escalated)."""
    result = assess(example("citizen-cooperative"), munich)
    by = {s.stakeholder: s for s in result.financing.per_stakeholder}
    tables = {t.stakeholder: t for t in result.financing.cash_flows.stakeholders}
    assert by["utility"].stakeholder_type == "commercial" and by["utility"].discount_rate == pytest.approx(0.07)
    assert by["investors"].stakeholder_type == "commercial" and by["investors"].discount_rate == pytest.approx(0.02)
    assert by["residents"].stakeholder_type == "households" and by["residents"].discount_rate == pytest.approx(0.04)
    assert by["cooperative"].discount_rate == pytest.approx(0.04)
    for name, s in by.items():
        rows = tables[name].rows
        assert s.npv == pytest.approx(cf.npv(s.discount_rate, [r.net for r in rows]))
        assert rows[0].investment + rows[0].grants == pytest.approx(-s.invested)
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


def _with_financing(model: TableModel, *cards: str) -> TableModel:
    slots = {**model.slots, "financing": (*model.slots.get("financing", ()), *cards)}
    return model.model_copy(update={"slots": slots})


def test_a_loan_discounted_at_its_own_rate_is_worth_nothing_to_its_lender() -> None:
    """Annuity: A = P r / (1 - (1 + r)^-n), so sum_t A / (1 + r)^t over t = 1..n is P (the
    annuity factor (1 - (1 + r)^-n) / r, VDI 2067-1): a lender that pays P out in year 0 and
    receives A for n years has NPV 0 at the loan's rate, and a lower NPV at any higher rate.
    Hand values: 1 M EUR at 2 % over 20 years costs 61,156.72 EUR/yr; at 7 % (annuity factor
    10.5940) those payments are worth 647,895 EUR, an NPV of -352,105 EUR."""
    from game_rules.financing import annuity

    a = annuity(1_000_000, 0.02, 20)
    assert a == pytest.approx(61_156.72, abs=0.01)
    lender = [-1_000_000.0, *[a] * 20]
    assert cf.npv(0.02, lender) == pytest.approx(0.0, abs=1e-6)
    assert cf.npv(0.07, lender) == pytest.approx(-352_105, abs=1)


def test_a_promotional_lender_is_discounted_at_its_cost_of_funds(munich: District, example: Callable[[str], TableModel]) -> None:
    """Issue 11 / brief B, fault 2: the Munich example borrows EUR 16.97 M from a promotional bank
    (WHY-12, KfW-type soft loan at 2 % over 20 years). The bank funds itself on the capital
    market and passes that cost on (KfW press release 2021, ref:kfw-funding-2021; assets.yaml
    ``lenders``), so it discounts the loan at 2 %: NPV 0 within rounding, where the 7 % of a
    commercial investor showed a loss of EUR 5.98 M on a loan it chose to give. Its IRR is the
    loan rate and its simple payback the loan's: principal / annuity."""
    result = assess(example("munich-harthof"), munich)
    bank = next(s for s in result.financing.per_stakeholder if s.stakeholder == "investors")
    loan = next(s for s in result.financing.sources if s.card == "WHY-12")
    assert bank.invested == pytest.approx(loan.amount) and loan.amount == pytest.approx(16.97e6, rel=0.01)
    assert bank.discount_rate == pytest.approx(0.02)
    assert abs(bank.npv) < 1.0
    assert bank.irr == pytest.approx(0.02, abs=1e-6)
    assert bank.payback_years == pytest.approx(loan.amount / loan.annual_service)
    assert "kfw-funding-2021" in bank.provenance.references


def test_a_lenders_annual_net_value_is_its_interest(munich: District, example: Callable[[str], TableModel]) -> None:
    """The lender receives the whole annuity, but A - P / n of it is interest (its mean over the
    term) and P / n returns the principal it lent in year 0 (annuity method, VDI 2067-1). Munich:
    P = EUR 16,970,790 at 2 % over 20 years: A = P x 0.0611567 = EUR 1,037,878/yr, of which
    P / 20 = EUR 848,540 is capital recovered, so its net value is EUR 189,338/yr, not 1.04 M.
    The borrowers still pay the whole annuity (their capital cost), each its share of the CAPEX
    (docs/rules.md, "Who owns the PV")."""
    result = assess(example("munich-harthof"), munich)
    loan = next(s for s in result.financing.sources if s.card == "WHY-12")
    p = loan.amount
    bank = next(v for v in result.stakeholders if v.stakeholder == "investors")
    assert bank.inflow == pytest.approx(p * 0.02 / (1 - 1.02 ** -20))
    assert bank.net == pytest.approx(p * 0.0611567 - p / 20, rel=1e-5)
    assert bank.net == pytest.approx(189_338, rel=0.01)
    recovered = next(i for i in bank.cost_items if i.item == "capital_recovered")
    assert recovered.amount == pytest.approx(p / 20) and recovered.label.de and recovered.label.pt
    service = [f for f in result.value_flows if f.provenance.rule == "capital_service" and "WHY-12" in f.provenance.cards]
    assert sum(f.amount for f in service) == pytest.approx(loan.annual_service)
    # The lifecycle rows carry cash, not the principal twice: -P in year 0, A in years 1..20.
    rows = next(t for t in result.financing.cash_flows.stakeholders if t.stakeholder == "investors").rows
    assert rows[0].investment == pytest.approx(-p)
    assert rows[1].net == pytest.approx(loan.annual_service)


def test_a_grant_is_its_grantors_outlay_and_an_outside_grant_a_source_of_the_project(
        munich: District, example: Callable[[str], TableModel]) -> None:
    """Brief B, fault 1: a grant is a transfer. The grantor pays it in year 0: the EU programme
    (public funders, WHY-11: 30 % of CAPEX up to EUR 5 M) now shows -EUR 5 M in its grants column
    and an NPV below -5 M (it also pays the Mieterstrom surcharge), where it showed only
    -EUR 0.33 M. The recipient's own outlay is smaller by it (the housing company puts in nothing:
    grant and loan cover the CAPEX). The project NPV is the district's parties together: a grant
    from outside the district is a source (as the EC CBA guide 2014 counts EU co-financing as a
    source of the national capital, FNPV(K)), so year 0 = -CAPEX + 5 M;
    ``npv_before_grants`` is the return on the whole investment (FNPV(C)): 5 M lower."""
    f = assess(example("munich-harthof"), munich).financing
    by = {s.stakeholder: s for s in f.per_stakeholder}
    tables = {t.stakeholder: t.rows for t in f.cash_flows.stakeholders}
    assert by["public_funders"].invested == pytest.approx(5e6)
    assert tables["public_funders"][0].grants == pytest.approx(-5e6)
    assert tables["public_funders"][0].investment == pytest.approx(0.0)
    assert by["public_funders"].npv < -5e6
    assert by["housing_company"].invested == pytest.approx(0.0)
    assert f.cash_flows.project[0].grants == pytest.approx(5e6)
    assert f.cash_flows.project[0].net == pytest.approx(-f.capex + 5e6)
    assert f.npv_before_grants == pytest.approx(f.npv - 5e6)


def test_a_grant_between_the_districts_parties_nets_out_of_the_project_npv(
        munich: District, example: Callable[[str], TableModel]) -> None:
    """A city grant (WHY-15: 20 % of CAPEX up to EUR 2 M, the municipal climate budget) to the
    housing company is a transfer between two parties of the district: the city pays 2 M in
    year 0, the housing company borrows 2 M less, and the project NPV (all the district's
    parties together) does not move, where it rose by the whole grant when every grant counted.
    (Economic analysis in the EC CBA guide 2014 leaves every transfer out; the district's
    financial view leaves out those inside it.)"""
    base = assess(example("munich-harthof"), munich).financing
    more = assess(_with_financing(example("munich-harthof"), "WHY-15"), munich).financing
    city = next(s for s in more.per_stakeholder if s.stakeholder == "city")
    city_rows = next(t for t in more.cash_flows.stakeholders if t.stakeholder == "city").rows
    assert city.invested == pytest.approx(2e6) and city_rows[0].grants == pytest.approx(-2e6)
    assert more.cash_flows.project[0].grants == pytest.approx(5e6)
    assert more.npv == pytest.approx(base.npv, abs=1.0)
    debt = {s.card: s.amount for s in more.sources}
    assert debt["WHY-12"] == pytest.approx(next(s.amount for s in base.sources if s.card == "WHY-12") - 2e6)


def test_an_operating_subsidy_from_outside_the_district_counts_in_the_project_benefit(
        munich: District, example: Callable[[str], TableModel]) -> None:
    """The Mieterstrom surcharge (HOW-02: public funders pay tariff.surcharge on each tenant-
    electricity kWh, Mieterstromzuschlag, EEG 2023 § 21(3)) enters the district from outside,
    like a grant, so the project's year-1 benefit counts it: in Munich EUR 16.3 k/yr, which the
    project NPV left out while the housing company's net value had it. Since the Solarpaket I
    (BGBl. 2024 I Nr. 151, in force 16 May 2024) it is paid on every local kWh of the quarter,
    the schools' and shops' too (§ 21 Abs. 3 EEG 2023 as amended; EUR 12.4 k/yr under the
    earlier wording, residential buildings only)."""
    from game_rules import financing as fin
    from game_rules.flows import sharing_regime

    prep = prepare(example("munich-harthof"), munich)
    o = prep.main
    regime = sharing_regime(prep.table.cards, munich)
    subsidy = [f for f in o.flows if f.source == "public_funders"]
    assert len(subsidy) == 1 and subsidy[0].to == "housing_company" and subsidy[0].amount == pytest.approx(16_272, rel=0.01)
    others = [f for f in o.flows if f.source != "public_funders"]
    scheme = scheme_shares(o.sharing)
    with_it = fin.project_benefit(o.run, o.reference, munich, o.params, regime, o.flows, scheme)
    without = fin.project_benefit(o.run, o.reference, munich, o.params, regime, others, scheme)
    assert with_it - without == pytest.approx(subsidy[0].amount)


def test_the_aggregators_platform_costs_the_project_that_counts_its_revenue(munich: District) -> None:
    """An aggregator (HOW-07) sells the flexibility whose revenue the project benefit counts, and
    spends ``opex.aggregator_eur`` (EUR 30 k/yr, assumption [15-45 k]) on its platform to do so:
    the project's year-1 operation includes that cost, as the aggregator's net value does
    (before, the revenue counted and its cost did not)."""
    model = TableModel.from_mapping({"slots": {
        "governance": ["GOV-03"], "who": ["WHO-09"], "what": ["WHAT-05"], "how": ["HOW-06", "HOW-07"],
        "why": ["WHY-05"], "measures": ["TECH-01", "TECH-11", "TECH-13"]}})
    a = assess(model, munich)
    costs = {i.item: i.amount for v in a.stakeholders for i in v.cost_items}
    assert costs["opex.aggregator_eur"] == pytest.approx(30_000)
    assets = sum(t.rows[1].operation for t in a.financing.cash_flows.assets)
    running = costs["opex.aggregator_eur"] + costs.get("opex.extra_eur", 0.0)
    assert a.financing.cash_flows.project[1].operation == pytest.approx(assets - running)


def test_the_projects_feed_in_revenue_is_fixed_in_eur_as_the_owners_is(lyon: District, example: Callable[[str], TableModel]) -> None:
    """The feed-in tariff of new PV is set at commissioning (EEG 2023 § 25: 20 years; the French
    S21 purchase contract, arrêté du 6 octobre 2021), so the owner's table keeps its feed-in
    revenue fixed in EUR; the project's rows now do the same, where they escalated it at the
    energy-price rate (2 %/yr) with the savings. Lyon: the PV owners earn EUR 48.8 k/yr of feed-in,
    790,999 kWh/yr x 6.17 c€/kWh (S21 surplus tariff 9-100 kWc from 1 Oct 2025, ref:kano-s21-t4-2025;
    the new local kWh the ACC's members do not take count as export).
    Year t: (B - F - lost_t x saved value) x 1.02^(t-1) + F - lost_t x sold value, lost_t =
    new PV kWh x (1 - (1 - 0.5 %)^(t-1)) (Jordan & Kurtz 2013)."""
    from game_rules import financing as fin
    from game_rules.flows import sharing_regime

    prep = prepare(example("lyon-confluence"), lyon)
    o = prep.main
    regime = sharing_regime(prep.table.cards, lyon)
    scheme = scheme_shares(o.sharing)
    b = fin.project_benefit(o.run, o.reference, lyon, o.params, regime, o.flows, scheme)
    en = fin.energy_delta(o.run, o.reference, lyon, o.params, regime, scheme)
    feed_in = sum(f.amount for f in o.flows if f.provenance.rule.startswith("feed_in:"))
    assert en.feed_in_eur == pytest.approx(feed_in) and feed_in == pytest.approx(790_999 * 0.0617, rel=0.01)
    rows = o.financing.cash_flows.project
    for t in (1, 10, 20):
        lost = en.pv_kwh * (1 - 0.995 ** (t - 1))
        saved = en.pv_value_eur_per_kwh - en.pv_sold_eur_per_kwh
        expected = (b - feed_in - lost * saved) * 1.02 ** (t - 1) + feed_in - lost * en.pv_sold_eur_per_kwh
        assert rows[t].revenue == pytest.approx(expected, rel=1e-9)


def test_feed_in_is_paid_for_twenty_years_then_at_the_market_value_of_solar(
        lyon: District, example: Callable[[str], TableModel]) -> None:
    """The feed-in tariff is fixed for 20 years from commissioning (France: the obligation d'achat
    contract, ref:lfa-contrat-achat-2023; Germany: EEG 2023 § 25 Abs. 1, ref:eeg-2023-25); after
    that the exported kWh earn their market value, ``tariff.feed_in_after_term`` (default 4.6
    ct/kWh: the TSOs' Marktwert Solar 2024, 4.624 ct/kWh, ref:emt-marktwerte-2024), in year-1
    prices rising at the energy escalation (2 %/yr). Lyon's new PV owners earn EUR 48.8 k/yr at 6.17 c€/kWh
    (S21 9-100 kWc from 1 Oct 2025, ref:kano-s21-t4-2025), i.e. X = 48,805 / 0.0617 = 790,999 kWh/yr exported.

    Hand computation, for two post-term values A1 = 0.046 and A2 = 0.029 EUR/kWh: years 1-20 do
    not move; year t > 20 of the project revenue and of the owner's revenue moves by
    (A1 - A2) x (X - lost_t x sold share) x 1.02^(t-1), lost_t = new PV kWh x (1 - 0.995^(t-1));
    so the project NPV moves by the sum over t = 21..25 of that / (1 + r)^t."""
    from game_rules import financing as fin
    from game_rules.flows import sharing_regime

    high, low = (prepare(example("lyon-confluence"), lyon, overrides={"tariff.feed_in_after_term": a})
                 for a in (0.046, 0.029))
    o = high.main
    # The new PV's owners share the feed-in pro rata to kWp (docs/rules.md "Who owns the PV").
    flows = [f for f in o.flows if f.provenance.rule.startswith("feed_in:")]
    tariff = o.params["tariff.feed_in"]
    assert {f.years for f in flows} == {20} and sum(f.amount for f in flows) == pytest.approx(790_999 * 0.0617, rel=0.01)
    for flow in flows:
        assert flow.after_term == pytest.approx(flow.amount * 0.046 / tariff)
    en = fin.energy_delta(o.run, o.reference, lyon, o.params, sharing_regime(high.table.cards, lyon), scheme_shares(o.sharing))
    exported = sum(f.amount for f in flows) / tariff
    share = en.pv_sold_eur_per_kwh / tariff  # sold kWh per new PV kWh
    rate = o.params["finance.discount_rate"]
    p_high, p_low = o.financing.cash_flows.project, low.main.financing.cash_flows.project
    rows = {t.stakeholder: t for t in o.financing.cash_flows.stakeholders}
    rows_low = {t.stakeholder: t for t in low.main.financing.cash_flows.stakeholders}
    expected_npv = 0.0
    for t in range(1, 26):
        lost = en.pv_kwh * (1 - 0.995 ** (t - 1))
        moved = (0.046 - 0.029) * (exported - lost * share) * 1.02 ** (t - 1) if t > 20 else 0.0
        assert p_high[t].revenue - p_low[t].revenue == pytest.approx(moved, abs=1e-6)
        for flow in flows:
            # Each owner's rows have no degradation: its flow's year-1 kWh.
            owner_moved = (0.046 - 0.029) * flow.amount / tariff * 1.02 ** (t - 1) if t > 20 else 0.0
            assert rows[flow.to].rows[t].revenue - rows_low[flow.to].rows[t].revenue == pytest.approx(owner_moved, abs=1e-6)
        expected_npv += moved / (1 + rate) ** t
    assert o.financing.npv - low.main.financing.npv == pytest.approx(expected_npv, rel=1e-9)
    assert expected_npv > 1_000


def test_the_local_flexibility_markets_revenue_counts_in_the_project_benefit(
        munich: District, example: Callable[[str], TableModel]) -> None:
    """The cooperative's table (community battery TECH-11) with the local flexibility market
    (HOW-06) and the aggregator (HOW-07): the DSO pays by the market rule (``flexibility_market``,
    game_rules/flexibility.py). That money enters the district from outside like the flat-price
    ``flexibility_revenue`` did, so the project's year-1 benefit counts it in full (issue #17:
    it counted only flows named ``flexibility_revenue`` and left the market's revenue out of the
    NPV while the aggregator's platform cost was in). The aggregator's share to the owner moves
    money inside the district and does not count twice."""
    from game_rules import financing as fin
    from game_rules.flows import sharing_regime

    slots = {str(k): tuple(v) for k, v in example("citizen-cooperative").slots.items()}
    slots["how"] = (*slots.get("how", ()), "HOW-06", "HOW-07")
    model = example("citizen-cooperative").model_copy(update={"slots": slots})
    prep = prepare(model, munich)
    o = prep.main
    regime = sharing_regime(prep.table.cards, munich)
    scheme = scheme_shares(o.sharing)
    market = [f for f in o.flows if f.provenance.rule.startswith("flexibility_market:")]
    assert len(market) == 1 and market[0].source == "dso" and market[0].amount > 1_000
    assert any(f.provenance.rule.startswith("flexibility_share:") for f in o.flows)
    others = [f for f in o.flows if f not in market]
    with_it = fin.project_benefit(o.run, o.reference, munich, o.params, regime, o.flows, scheme)
    without = fin.project_benefit(o.run, o.reference, munich, o.params, regime, others, scheme)
    assert with_it - without == pytest.approx(market[0].amount)
def test_the_mieterstromzuschlag_is_a_fixed_rate_paid_for_twenty_years(munich: District, example: Callable[[str], TableModel]) -> None:
    """The Mieterstromzuschlag is set in ct/kWh at commissioning and paid for 20 years (EEG 2023
    § 21 (3), § 25 (1); ref:eeg-2023-25): the public funders pay HOW-02's EUR 16.3 k/yr unchanged
    in years 1-20 and nothing after, where they paid it escalated at 2 %/yr over all 25 years
    (EUR 16,272 -> 26,172/yr; EUR 12,383 before the Solarpaket I, BGBl. 2024 I Nr. 151, let the
    schools' and shops' kWh earn it). The project's rows count it the same way: year t of the project
    revenue moves, against an escalated surcharge, by S x ((1.02)^(t-1) - 1) in years 1-20 and
    by S x 1.02^(t-1) after."""
    o = prepare(example("munich-harthof"), munich).main
    surcharge = next(f for f in o.flows if f.source == "public_funders")
    assert surcharge.years == 20
    funders = next(s for s in o.financing.cash_flows.stakeholders if s.stakeholder == "public_funders")
    paid = [-r.revenue for r in funders.rows]
    assert paid[1] == pytest.approx(surcharge.amount) and surcharge.amount == pytest.approx(16_272, rel=0.01)
    assert paid[20] == pytest.approx(surcharge.amount)
    assert paid[21] == paid[25] == 0.0
    from game_rules import financing as fin

    assert fin.fixed_subsidies(o.flows) == {20: pytest.approx(surcharge.amount)}


def test_the_npv_is_shown_with_and_without_the_residual_value(munich: District, example: Callable[[str], TableModel]) -> None:
    """How much of an NPV rests on the straight-line residual value at the horizon (VDI 2067-1):
    the project's and each stakeholder's NPV without it differ from the NPV by the discounted
    residual value of their rows exactly; in Munich the housing company's NPV rests on it by more
    than EUR 1 M (it carries the retrofit, 40 years, at year 25)."""
    f = prepare(example("munich-harthof"), munich).main.financing
    rate, rows = f.discount_rate, f.cash_flows.project
    residual = sum(r.residual / (1 + rate) ** r.year for r in rows)
    assert residual > 1e6
    assert f.npv_without_residual == pytest.approx(f.npv - residual)
    housing = next(s for s in f.per_stakeholder if s.stakeholder == "housing_company")
    own = next(t for t in f.cash_flows.stakeholders if t.stakeholder == "housing_company")
    its_residual = sum(r.residual / (1 + own.discount_rate) ** r.year for r in own.rows)
    assert its_residual > 1e6
    assert housing.npv_without_residual == pytest.approx(housing.npv - its_residual)
