"""Who owns the PV: the roof's owner by default, the governance owner when a card leases the roofs;
investment and revenue of each kWp go to the same stakeholder (docs/rules.md, "Who owns the PV").

Munich Harthof (game_rules/data/districts/munich-harthof.yaml): roofs of 14,000 m² (housing
company, GWG), 9,000 m² (homeowners) and 5,000 m² (city: schools and shops); existing PV 250 kWp,
so today's roof use is 250 / (28,000 x 0.18) = 4.96 %. TECH-01 adds 30 % of the roof area at
0.18 kWp/m²: 0.054 kWp/m² new, i.e. 756 + 486 + 270 = 1,512 kWp, shares 50 %, 32.14 %, 17.86 %.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from cards.deck import Deck
from cards.effects import Op, ParameterChange, Stakeholder
from game_rules import District, TableModel, assess
from game_rules.assessment import prepare
from game_rules.params import base_params
from game_rules.pv_ownership import capex_shares, pv_ownership
from game_rules.results import Assessment, FlowResult

NEW_KWP = {"housing_company": 756.0, "homeowners": 486.0, "city": 270.0}


def _money(a: Assessment, rule: str) -> list[FlowResult]:
    return [f for f in a.value_flows if f.kind == "money" and f.provenance.rule.startswith(rule)]


def test_new_roof_pv_belongs_to_each_roofs_owner_pro_rata_to_its_kwp(munich: District) -> None:
    """TECH-01 in Munich: 0.054 kWp/m² new on every roof: 14,000 x 0.054 = 756 kWp for the
    housing company, 9,000 x 0.054 = 486 for homeowners, 5,000 x 0.054 = 270 for the city. PV off
    the roofs (100 kWp of pv.kwp_extra) is the governance owner's: the roof PV item splits
    756 / 1,612 = 46.9 % + 100 / 1,612 = 6.2 % to the housing company as governance owner (862 kWp),
    486 / 1,612 = 30.1 % homeowners, 270 / 1,612 = 16.7 % city. The retrofit belongs to the owners
    of the buildings in class D or worse pro rata to floor area (163,000 m² GWG, 93,000 m²
    homeowners, 22,000 m² city: of 278,000 m²), façade PV to all building owners by floor area."""
    ref = base_params(munich)
    params = ref.apply([("TECH-01", ParameterChange(param="pv.roof_use", op=Op.ADD, value=0.3, source="test")),
                        ("X", ParameterChange(param="pv.kwp_extra", op=Op.ADD, value=100, source="test"))])
    pv = pv_ownership(munich, params, ref, Stakeholder.HOUSING_COMPANY)
    assert pv.kwp == pytest.approx({"housing_company": 856.0, "homeowners": 486.0, "city": 270.0})
    assert pv.item_shares("pv") == pytest.approx({"housing_company": 856 / 1612, "homeowners": 486 / 1612,
                                                  "city": 270 / 1612})
    assert pv.item_shares("retrofit") == pytest.approx({"housing_company": 163 / 278, "homeowners": 93 / 278,
                                                        "city": 22 / 278})
    assert pv.item_shares("bipv") == pytest.approx({"housing_company": 163 / 278, "homeowners": 93 / 278,
                                                    "city": 22 / 278})
    assert pv.item_shares("battery") == {"housing_company": 1.0}
    assert pv.leases() == {}


def test_munich_housing_company_no_longer_invests_in_other_owners_roof_pv(munich: District,
                                                                         example: Callable[[str], TableModel]) -> None:
    """Munich example (GOV-03, the housing company owns): the PV on the homeowners' (486 kWp) and
    the city's (270 kWp) roofs is theirs, and so is the retrofit of their buildings (TECH-07:
    40 % of the floor area at 150 EUR/m²: 93,000 x 0.4 x 150 = EUR 5,580,000 and 22,000 x 0.4 x
    150 = EUR 1,320,000). At EUR 1,000/kWp (cost.pv_eur_per_kwp) their CAPEX is EUR 6,066,000
    and 1,590,000 of EUR 21,970,790: 27.609 % and 7.237 %, so of WHY-12's annuity of
    EUR 1,037,878/yr (test_financing) they pay 1,037,878 x 27.609 % = EUR 286,552 and
    x 7.237 % = EUR 75,110, the housing company the rest, EUR 676,216. The feed-in revenue
    (566,292 kWh/yr x the EEG 6.80 ct/kWh = EUR 38,508/yr, ref:bnetza-eeg-rates-2025-08; WHY-04 adds
    no premium, no site is above 100 kW) is paid pro rata to kWp: 50 % = 19,254 to the housing
    company, 32.14 % = 12,378 to homeowners, 17.86 % = 6,876 to the city. Each pays its PV's O&M."""
    o = prepare(example("munich-harthof"), munich).main
    pv_capex = next(i.amount for i in o.financing.capex_items if i.item == "pv")
    assert pv_capex == pytest.approx(1_512_000, rel=1e-3)
    assert o.financing.capex == pytest.approx(21_970_790, abs=1)
    assert o.owned is not None
    assert o.owned["homeowners"] == pytest.approx(6_066_000 / 21_970_790, rel=1e-3)
    assert o.owned["city"] == pytest.approx(1_590_000 / 21_970_790, rel=1e-3)
    service = {f.source: f.amount for f in o.flows if f.provenance.rule == "capital_service" and f.to == "investors"}
    assert service == pytest.approx({"housing_company": 676_216, "homeowners": 286_552, "city": 75_110}, abs=2)
    feed_in = {f.to: f.amount for f in o.flows if f.provenance.rule.startswith("feed_in")}
    assert feed_in == pytest.approx({"housing_company": 19_254, "homeowners": 12_378, "city": 6_876}, abs=2)
    assert feed_in["homeowners"] / feed_in["city"] == pytest.approx(486 / 270)
    om = {v.stakeholder: sum(i.amount for i in v.cost_items if i.item == "asset_om") for v in o.values}
    assets = [i.item for i in o.financing.capex_items]
    pv_om = o.financing.cash_flows.assets[assets.index("pv")].rows[1].operation
    retrofit_om = o.financing.cash_flows.assets[assets.index("retrofit")].rows[1].operation
    assert om["homeowners"] == pytest.approx(-pv_om * 486 / 1512 - retrofit_om * 93 / 278, rel=1e-6)
    assert om["city"] == pytest.approx(-pv_om * 270 / 1512 - retrofit_om * 22 / 278, rel=1e-6)
    # Their cash-flow tables carry their share of the PV's inverter replacement and of the PV's
    # and the retrofit's residual values.
    pv_rows = o.financing.cash_flows.assets[assets.index("pv")].rows
    retrofit_rows = o.financing.cash_flows.assets[assets.index("retrofit")].rows
    homeowners = next(t for t in o.financing.cash_flows.stakeholders if t.stakeholder == "homeowners")
    assert homeowners.rows[25].residual == pytest.approx(pv_rows[25].residual * 486 / 1512
                                                         + retrofit_rows[25].residual * 93 / 278)
    assert homeowners.rows[15].replacement == pytest.approx(pv_rows[15].replacement * 486 / 1512
                                                            + retrofit_rows[15].replacement * 93 / 278)


def test_a_roof_lease_card_makes_the_governance_owner_own_all_pv_and_pay_the_lease(
        munich: District, example: Callable[[str], TableModel]) -> None:
    """GOV-07 (cooperative, pv_ownership: roof_lease) in Munich: the cooperative owns all 1,512 kWp
    and pays each roof owner 20 EUR/kWp/yr (pv.roof_lease_eur_per_kwp, assumption [5-40]):
    756 x 20 = EUR 15,120 to the housing company, 486 x 20 = 9,720 to homeowners, 270 x 20 = 5,400
    to the city; all the feed-in is the cooperative's and no one else pays debt service."""
    o = prepare(example("citizen-cooperative"), munich).main
    lease = {f.to: f.amount for f in o.flows if f.provenance.rule.startswith("roof_lease") and f.source == "cooperative"}
    assert lease == pytest.approx({"housing_company": 15_120, "homeowners": 9_720, "city": 5_400}, abs=0.5)
    assert {f.to for f in o.flows if f.provenance.rule.startswith("feed_in")} == {"cooperative"}
    assert {f.source for f in o.flows if f.provenance.rule == "capital_service"} == {"cooperative"}
    assert o.owned == {"cooperative": pytest.approx(1.0)}


def _without_lease(deck: Deck, card_id: str) -> Deck:
    cards = tuple(c.model_copy(update={"effects": c.effects.model_copy(update={"pv_ownership": None})})
                  if c.id == card_id else c for c in deck.cards)
    return replace(deck, cards=cards, by_id={c.id: c for c in cards}, by_code={c.code: c for c in cards})


def test_the_project_npv_does_not_depend_on_who_owns_the_pv(munich: District, deck: Deck,
                                                            example: Callable[[str], TableModel]) -> None:
    """The same table (citizen cooperative, Munich) with GOV-07 leasing the roofs and with the
    default rule (roof owners own their PV): the project's NPV is the same (EUR 1,277,228 with Munich's electricity at its
    energy price, 35.7 ct/kWh without the standing charge; EUR 2,680,417 at the 39.7 ct average,
    EUR 2,680,038 before the rule, docs/rules.md "Who owns the PV", then +379 from the feed-in's 20-year term
    and the market value of solar after it), the stakeholders' year-1 nets sum to the same
    total (the roof lease and the moved feed-in, debt service and sales are transfers), and the
    cooperative's net differs by what it no longer owns."""
    model = example("citizen-cooperative")
    leased = assess(model, munich, deck=deck)
    owned = assess(model, munich, deck=_without_lease(deck, "GOV-07"))
    assert leased.financing.npv == pytest.approx(owned.financing.npv, abs=1.0)
    assert leased.financing.npv == pytest.approx(1_277_228, abs=1.0)
    assert sum(v.net for v in leased.stakeholders) == pytest.approx(sum(v.net for v in owned.stakeholders), abs=1.0)
    assert _money(leased, "roof_lease") and not _money(owned, "roof_lease")
    assert {f.to for f in _money(owned, "feed_in")} == {"housing_company", "homeowners", "city"}
    # Capital put in follows ownership: with a gap each owner would invest its share; here lenders pay.
    assert sum(s.invested for s in leased.financing.per_stakeholder) == pytest.approx(
        sum(s.invested for s in owned.financing.per_stakeholder))


def test_capex_shares_sum_to_one(munich: District, example: Callable[[str], TableModel]) -> None:
    """Every euro of CAPEX has one owner: the shares sum to 1 (Munich example: the housing
    company's roof PV 756,000 + its retrofit 9,780,000 + the district-heating connections
    2,678,790 + the smart meters 1,100,000 (community assets, the governance owner's) =
    EUR 14,314,790 of 21,970,790: 65.15 %; homeowners 27.61 %, city 7.24 %)."""
    o = prepare(example("munich-harthof"), munich).main
    ref = base_params(munich)
    pv = pv_ownership(munich, o.params, ref, Stakeholder.HOUSING_COMPANY)
    shares = capex_shares(o.financing.capex_items, pv)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["housing_company"] == pytest.approx(14_314_790 / 21_970_790, rel=1e-4)


def test_each_asset_owner_puts_in_its_share_of_the_gap() -> None:
    """A gap of EUR 100,000 with the housing company owning 96.56 % of the CAPEX and homeowners
    3.44 % (the Munich split): EUR 96,560 and 3,440 up front; a grant's provider puts its grant in."""
    from game_rules.financing import invested_by
    from game_rules.results import CapitalUse, Provenance

    grant = CapitalUse(card="WHY-11", kind="grant", provider="public_funders", amount=5_000.0, rate=0.0, term_years=0,
                       annual_service=0.0, provenance=Provenance(rule="financing.allocate"))
    out = invested_by(Stakeholder.HOUSING_COMPANY, [grant], 100_000.0, {"housing_company": 0.9656, "homeowners": 0.0344})
    assert out == pytest.approx({"housing_company": 96_560.0, "homeowners": 3_440.0, "public_funders": 5_000.0})
    assert invested_by(Stakeholder.HOUSING_COMPANY, [], 100_000.0) == {"housing_company": 100_000.0}


def test_the_third_party_operators_lease_roofs_and_pv_rental_does_not(deck: Deck) -> None:
    """docs/rules.md, "Who owns the PV": GOV-02 (utility), GOV-07 (cooperative), GOV-08 (ESCO)
    and GOV-09 (PPP) lease the roofs; HOW-15 (PV rental) is third-party capital, and the owner-led
    models keep the default rule."""
    leasing = {c.id for c in deck.cards if c.effects.pv_ownership == "roof_lease"}
    assert leasing == {"GOV-02", "GOV-07", "GOV-08", "GOV-09"}
    assert deck.get("HOW-15").effects.pv_ownership is None
