"""Peer-to-peer clearing pinned against a clearing computed by hand (game_rules.p2p).

The community (one day, 24 hourly steps): prosumers P1, P2, P3 and consumers C1-C5, every one
using 1 kWh an hour at night. Daytime:

* hours 8-12 (5 h): PV P1 4, P2 3, P3 2 kWh; everyone uses 1 kWh. Surpluses 3, 2, 1 (S = 6),
  deficits 1 each (D = 5): the community exports; Q = 5 kWh/h, sellers rationed by 5/6
  (P1 2.5, P2 1.667, P3 0.833 kWh/h), buyers get 1 kWh/h each.
* hours 13-16 (4 h): PV P1 4, P2 3, P3 1 (shaded: just its own use); prosumers use 1,
  consumers 2 kWh.
  S = 5, D = 10: the community imports; Q = 5, sellers sell all (P1 3, P2 2), buyers 1 kWh/h.

Year: P1 sells 24.5, P2 16.333, P3 4.167 kWh (45 kWh); each consumer buys 9 kWh.
Prices: retail P = 0.30, charges kept c = 0.10, so λ_b = 0.20; feed-in f = 0.08; fee φ = 0.01
(half each side). Community saving (λ_b - f) Q = 0.12 x 45 = 5.40; fees 0.45; gains 4.95.
"""

from __future__ import annotations

import numpy as np
import pytest

from game_rules.p2p import MarketError, Prices, Rule, clear, match

PRICES = Prices(retail=0.30, feed_in=0.08, charges=0.10, fee=0.01)


def community() -> tuple[np.ndarray, np.ndarray]:
    demand = np.ones((24, 8))
    pv = np.zeros((24, 8))
    pv[8:13, :3] = [4.0, 3.0, 2.0]
    pv[13:17, :3] = [4.0, 3.0, 1.0]
    demand[13:17, 3:] = 2.0
    return demand, pv


def cleared(rule: Rule, prices: Prices = PRICES):  # type: ignore[no-untyped-def]
    return clear(match(*community()), rule, prices)


def test_matching_volumes_by_hand() -> None:
    """Sold P1 24.5, P2 16.333, P3 4.167 kWh; bought 9 kWh per consumer (module doc)."""
    c = cleared(Rule.MID_MARKET)
    np.testing.assert_allclose(c.sold.sum(axis=0)[:3], [24.5, 16.0 + 1 / 3, 25 / 6])
    np.testing.assert_allclose(c.bought.sum(axis=0)[3:], [9.0] * 5)
    assert c.traded_kwh == pytest.approx(45.0)


def test_mid_market_rate() -> None:
    """p = (0.20 + 0.08) / 2 = 0.14 (Zhou, Wu & Long 2018): every traded kWh gains 0.06 - 0.005
    = 0.055 on either side: consumer 0.495, P1 1.3475, P2 0.89833, P3 0.22917."""
    c = cleared(Rule.MID_MARKET)
    assert c.average_price == pytest.approx(0.14)
    np.testing.assert_allclose(c.gain, [1.3475, 0.055 * 49 / 3, 0.055 * 25 / 6] + [0.495] * 5)


def test_bill_sharing() -> None:
    """Bill sharing (Zhou, Wu & Long 2018): the community's import cost is shared by the buyers
    in proportion to their deficits, its export revenue by the sellers in proportion to their
    surpluses, so a local kWh changes hands at 0. Hours 8-12 (export): each consumer's 1 kWh/h
    costs nothing, the sellers' 5 local kWh/h earn nothing. Hours 13-16 (import, D = 10, S = 5):
    buying price 0.20 x 5 / 10 = 0.10 on each consumer's 2 kWh/h = 0.20 = λ_b x (2 - 1), and the
    sellers' surplus (all local) earns 0. A year: consumer 0.20 x 9 - 0.045 = 1.755; P1 -0.08 x
    24.5 - 0.1225 = -2.0825; P2 -0.08 x 16.333 - 0.08167 = -1.38833; P3 -0.08 x 4.1667 -
    0.02083 = -0.35417: every seller gives up its feed-in tariff and loses."""
    c = cleared(Rule.BILL_SHARING)
    np.testing.assert_allclose(c.gain, [-2.0825, -0.085 * 49 / 3, -0.085 * 25 / 6] + [1.755] * 5)
    assert list(np.flatnonzero(c.gain < 0)) == [0, 1, 2]
    assert c.average_price == pytest.approx(0.0)


def test_uniform_price_auction() -> None:
    """Asks P1, P2 0.08, P3 0.10; bids C1-C4 0.20, C5 0.12. Hours 8-12: at 0.08 supply 5 =
    demand 5, so the price is the midpoint 0.09 to the next level; P3 (ask 0.10) is out, P1 and P2
    sell all, buyers 1 kWh/h. Hours 13-16: excess demand at every level up to 0.20 (supply 5,
    demand 8), so p = 0.20; C5 is out, C1-C4 get 1.25 kWh/h. Year: P1 27, P2 18 kWh sold; C1-C4
    10, C5 5 kWh bought. Gains: P1 3.75 - 2.16 - 0.135 = 1.455; P2 2.5 - 1.44 - 0.09 = 0.97;
    P3 0; C1-C4 2.0 - 1.45 - 0.05 = 0.50; C5 1.0 - 0.45 - 0.025 = 0.525 (gains at the true λ_b)."""
    prices = Prices(retail=0.30, feed_in=0.08, charges=0.10, fee=0.01, bids=np.array([0.2] * 3 + [0.2] * 4 + [0.12]),
                    asks=np.array([0.08, 0.08, 0.10] + [0.08] * 5))
    c = cleared(Rule.AUCTION, prices)
    np.testing.assert_allclose(c.sold.sum(axis=0)[:3], [27.0, 18.0, 0.0])
    np.testing.assert_allclose(c.bought.sum(axis=0)[3:], [10.0] * 4 + [5.0])
    np.testing.assert_allclose(c.gain, [1.455, 0.97, 0.0] + [0.5] * 4 + [0.525])


@pytest.mark.parametrize("rule", list(Rule))
def test_gains_sum_to_saving_minus_fees(rule: Rule) -> None:
    """Σ gains = (λ_b - f) Q - φ Q = 5.40 - 0.45 = 4.95 under every rule (module doc)."""
    c = cleared(rule)
    assert c.saving == pytest.approx(5.40)
    assert float(c.gain.sum()) == pytest.approx(c.saving - float(c.fee.sum()))
    assert float(c.gain.sum()) == pytest.approx(4.95)


def test_groups_do_not_trade_across() -> None:
    """Behind separate connections nobody trades: prosumers alone in group 0, consumers in 1."""
    m = match(*community(), groups=[0, 0, 0, 1, 1, 1, 1, 1])
    assert float(m.sold.sum()) == pytest.approx(0.0)


def test_shapes_named() -> None:
    with pytest.raises(MarketError, match="one shape"):
        match(np.ones((24, 3)), np.ones((24, 2)))


def test_assessment_carries_the_market(munich, example) -> None:  # type: ignore[no-untyped-def]
    """The citizen cooperative (§ 42c in Munich) with the P2P card (HOW-05) on the table: the
    assessment carries a market among the scheme's members whose gains sum to the saving minus
    the fees, the charges a § 42c kWh keeps ((g + l)(1 + v) > 0, docs/rules.md "Charges on
    local kWh by regime"), a fairness share in [0, 1] and every clearing rule compared."""
    from game_rules import TableModel, assess

    data = example("citizen-cooperative").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    a = assess(TableModel.model_validate(data), munich, ())
    assert a.market is not None and a.sharing is not None
    assert a.market.members == len({i for s in a.sharing.schemes for i in s.members})
    assert a.market.charges_eur_per_kwh > 0
    assert a.market.gain_eur == pytest.approx(a.market.saving_eur - a.market.fee_eur, rel=1e-9)
    assert a.market.fairness is None or 0 <= a.market.fairness <= 1
    assert {r.rule for r in a.market.rules} == {"mid_market", "bill_sharing", "auction"}
    assert "zhou-2018-p2p-mechanisms" in a.market.provenance.references
    assert "mengelkamp-2018-brooklyn" in a.market.provenance.references  # the auction row's source, in the bibliography
    assert sum(g.gain_eur for g in a.market.groups) == pytest.approx(a.market.gain_eur, rel=1e-9)


def test_no_market_without_the_card(munich, example) -> None:  # type: ignore[no-untyped-def]
    """Without a card tagged p2p_trading the assessment has no market."""
    from game_rules import assess

    assert assess(example("citizen-cooperative"), munich, ()).market is None


def test_leavers_raise_the_participation_risk(munich, example) -> None:  # type: ignore[no-untyped-def]
    """With a feed-in tariff of 0.15 EUR/kWh against λ_b = P - c = 0.357 - 0.206 = 0.151 in
    Munich (energy price without the standing charge) (docs/rules.md, "Charges on local kWh by regime"), the mid-market spread per side
    (λ_b - f) / 2 = 0.0005 is below half the 1 ct fee: every trading member loses, is listed as a
    leaver and the computed risk ``risk.p2p_leavers`` (participation) names them."""
    from game_rules import TableModel, assess

    data = example("citizen-cooperative").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    a = assess(TableModel.model_validate(data), munich, (), overrides={"tariff.feed_in": 0.15}, mitigations=False)
    assert a.market is not None and a.market.leavers
    assert all(p.gain < 0 for p in a.market.participants if set(p.buildings) & set(a.market.leavers))
    risk = next(r for r in a.risks if r.code == "risk.p2p_leavers")
    assert risk.kind == "participation" and risk.exposure == len(a.market.leavers)
    assert str(len(a.market.leavers)) in risk.text.en


def test_behind_one_connection_no_charges_and_no_trade_across(munich, example) -> None:  # type: ignore[no-untyped-def]
    """Mieterstrom (HOW-02, § 42a EnWG) crosses no public grid, so a local kWh keeps no grid fee or
    levy (charges 0, docs/rules.md "Charges on local kWh by regime") and each grid connection is
    its own market; the district file's split gives every building its own connection, so no
    kWh changes hands between buildings."""
    from game_rules import TableModel, assess

    data = example("citizen-cooperative").model_dump(mode="json")
    data["slots"]["how"] = ["HOW-02", "HOW-05"]
    a = assess(TableModel.model_validate(data), munich, (), mitigations=False)
    assert a.market is not None and a.sharing is not None
    assert {s.scheme for s in a.sharing.schemes} == {"mieterstrom"}
    assert a.market.charges_eur_per_kwh == 0.0
    assert a.market.traded_kwh == pytest.approx(0.0)
    # Review of issue #17, finding 3: the platform bought for nothing is named, with the rule why.
    warning = next(w for w in a.warnings if w.code == "warn.p2p_behind_connection")
    assert warning.cards == ("HOW-05",) and warning.references == ("enwg-42a", "enwg-42c", "recht-energisch-42c-2026")
    assert "§ 42a EnWG" in warning.text.en and "HOW-04" in warning.text.en
    assert all(warning.text.get(lang) for lang in ("de", "fr", "pt"))


def test_the_behind_connection_advice_names_the_districts_own_route(munich, lyon) -> None:  # type: ignore[no-untyped-def]
    """Review of issue #17 (newcomer item 2): the +CityxChange Munich table (HOW-02 Mieterstrom +
    HOW-05 platform) trades nothing in Munich and in Lyon; the advice names the route of the
    district's own law (game_rules.regulation.home_route: § 42c EnWG in Germany; ACC, Code de
    l'énergie L315-2, in France) and cites it, never the other country's route; in Lyon the market
    has no member, and says so."""
    from pathlib import Path

    from game_rules import TableModel, assess

    model = TableModel.from_yaml(Path(__file__).resolve().parents[1] / "data" / "tables" / "munich-cxc.yaml")
    for district, own, foreign, ref in ((munich, "§ 42c EnWG", "L315-2", "enwg-42c"),
                                        (lyon, "L315-2", "§ 42c", "code-energie-l315-2")):
        a = assess(model, district, (), mitigations=False)
        warning = next(w for w in a.warnings if w.code == "warn.p2p_behind_connection")
        assert own in warning.text.en and foreign not in warning.text.en, (district.id, warning.text.en)
        assert ref in warning.references and "enwg-42a" in warning.references
        assert a.market is not None
        # Munich: 280 members, one per connection; Lyon: no building under Mieterstrom, no member.
        plain = f"none of the {a.market.members} members" if a.market.members else "no members at all"
        assert plain in warning.text.en and "of the 0 members" not in warning.text.en
        for lang in ("de", "fr", "pt"):
            assert own in warning.text.get(lang) and foreign not in warning.text.get(lang), (lang, warning.text.get(lang))
    fr = next(w for w in a.warnings if w.code == "warn.p2p_behind_connection").text.get("fr")
    assert "autoconsommation collective" in fr and "partage d'énergie" not in fr


def test_a_market_without_members_says_so_plainly(lyon) -> None:  # type: ignore[no-untyped-def]
    """No "none of the 0 members": a Mieterstrom market with no member says it has none."""
    from game_rules import p2p
    from game_rules.provenance import Provenance
    from game_rules.results import Market

    fields = dict.fromkeys(Market.model_fields)
    market = Market.model_construct(**{**fields, "regime": "mieterstrom", "members": 0, "traded_kwh": 0.0,
                                       "provenance": Provenance(cards=("HOW-05",), rule="p2p.mid_market", source="test")})
    (warning,) = p2p.warnings(market, lyon)
    assert "no members at all" in warning.text.en and "of the 0" not in warning.text.en
    assert "aucun membre" in warning.text.get("fr") and "des 0" not in warning.text.get("fr")
    assert "keine Mitglieder" in warning.text.get("de") and "nenhum membro" in warning.text.get("pt")


def test_the_platform_fee_flow_is_the_clearing_fee(munich, example) -> None:  # type: ignore[no-untyped-def]
    """The platform fee flows (``p2p_fee``, game_rules.p2p.market_flows; HOW-05's formula
    `p2p_kwh × price.p2p_fee` names the payee and the price) charge the fee on the kWh the
    clearing trades, half from each side: their sum equals Σ fees of the market = traded kWh × φ.
    With the facilitator's fee of 1.5 ct/kWh (`p2p.fee_eur_per_kwh` override) both move
    together, and the market's provenance says who set the fee."""
    from game_rules import TableModel, assess

    data = example("citizen-cooperative").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    a = assess(TableModel.model_validate(data), munich, (), overrides={"p2p.fee_eur_per_kwh": 0.015}, mitigations=False)
    assert a.market is not None and a.market.traded_kwh > 0
    # The flows run from the buyers' occupants and the sellers' PV owners to the platform.
    fee_flows = [f for f in a.value_flows if f.provenance.rule.startswith("p2p_fee:")]
    assert fee_flows and {f.to for f in fee_flows} == {"aggregator"}
    assert a.market.fee_eur_per_kwh == 0.015
    paid = sum(f.amount for f in fee_flows)
    assert paid == pytest.approx(a.market.fee_eur, rel=1e-9)
    assert paid == pytest.approx(0.015 * a.market.traded_kwh, rel=1e-9)
    assert "set by the facilitator" in a.market.provenance.source


def test_the_value_flows_carry_the_trades_so_the_nets_change_by_the_pages_gains(munich, example) -> None:  # type: ignore[no-untyped-def]
    """Issue #17: the market page's gain per stakeholder must be the change of its net value.
    The trades' flows (game_rules.p2p.market_flows) give a buyer λ_b b from the supplier, take the
    clearing price p b to the sellers and half the fee φ b / 2 to the platform: λ_b b - p b - φ b / 2
    = its page gain; a seller receives p x, gives up f x of feed-in and pays φ x / 2. So for every
    stakeholder on the page, money in minus money out over the p2p_* flows equals the sum of its
    groups' gains, the platform (HOW-05's fee payee, the aggregator) receives the whole fee once,
    and the card's own fee flow (charged to occupants by demand share) is gone."""
    from game_rules import TableModel, assess

    data = example("citizen-cooperative").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    a = assess(TableModel.model_validate(data), munich, (), mitigations=False)
    assert a.market is not None and a.market.traded_kwh > 0
    trades = [f for f in a.value_flows if f.provenance.rule.split(":")[0].startswith("p2p_")]
    assert {f.provenance.rule.split(":")[0] for f in trades} >= {"p2p_bills_avoided", "p2p_fee", "p2p_feed_in_forgone"}
    assert not any("p2p_kwh" in f.provenance.rule for f in a.value_flows)
    page: dict[str, float] = {}
    for g in a.market.groups:
        page[g.stakeholder] = page.get(g.stakeholder, 0.0) + g.gain_eur
    for who, gain in page.items():
        net = sum(f.amount for f in trades if f.to == who) - sum(f.amount for f in trades if f.source == who)
        assert net == pytest.approx(gain, rel=1e-6, abs=1.0), who
    fee = sum(f.amount for f in trades if f.provenance.rule.startswith("p2p_fee:") and f.to == "aggregator")
    assert fee == pytest.approx(a.market.fee_eur, rel=1e-6)


def test_fairness_stays_a_share_when_sellers_lose() -> None:
    """Issue #17: fairness left 0-100 % (1.77 under bill sharing). Consumers C1-C5 as the
    tenants: mid-market, their buying gains 5 x 0.495 = 2.475 of all gains 4.95 -> 0.5. Bill
    sharing: they gain 5 x (0.20 - 0.005) x 9 = 8.775 while the sellers lose their feed-in
    (-0.085 x 45 = -3.825, the leavers); counted where they gain, 8.775 / 8.775 = 1.0, no longer
    8.775 / 4.95 = 1.77."""
    from game_rules.p2p import _fairness

    tenants = np.array([False] * 3 + [True] * 5)
    assert _fairness(cleared(Rule.MID_MARKET), tenants) == pytest.approx(0.5)
    assert _fairness(cleared(Rule.BILL_SHARING), tenants) == pytest.approx(1.0)
    for rule in Rule:
        share = _fairness(cleared(rule), tenants)
        assert share is None or 0.0 <= share <= 1.0


def test_bill_sharing_seller_loses_exactly_the_feed_in_on_local_sales() -> None:
    """Bill sharing: a seller with surplus s sells x = s min(S, D)/S locally and receives
    f max(S - D, 0)/S x s = f (s - x), so its selling gain is -f x - φ x / 2 (docs/rules.md,
    "Why every seller loses under bill sharing"). Community of the module doc: P1 sells 24.5 kWh,
    -0.08 x 24.5 - 0.005 x 24.5 = -2.0825; with f = 0 the sellers lose only their half fee
    (-0.1225 for P1); the buyers gain λ_b b - φ b / 2 = 0.20 x 9 - 0.045 = 1.755 each."""
    c = cleared(Rule.BILL_SHARING)
    np.testing.assert_allclose(c.gain_selling[:3], -(0.08 + 0.005) * c.sold.sum(axis=0)[:3])
    assert c.gain_selling[0] == pytest.approx(-2.0825)
    free = cleared(Rule.BILL_SHARING, Prices(retail=0.30, feed_in=0.0, charges=0.10, fee=0.01))
    assert free.gain_selling[0] == pytest.approx(-0.005 * 24.5)
    np.testing.assert_allclose(c.gain_buying[3:], [1.755] * 5)


def test_a_traded_kwh_in_lyon_bears_the_acc_charge_of_the_yearly_benefit(lyon, example) -> None:  # type: ignore[no-untyped-def]
    """The Lyon example (ACC, Code de l'énergie L315-2) with the P2P card HOW-05: the market
    charges a traded kWh exactly what the yearly benefit charges a shared ACC kWh
    (charges.PriceStack.charges_kept(ACC), p2p.trade_regime): TURPE 6.00 ct/kWh plus the excise
    2.998 ct/kWh from 1 Aug 2025 (ref:accise-electricite-2025-08) minus the excise the sites below
    1 MW do not bear (CIBS L312-87, ref:cibs-l312-87), all x 1.2 VAT; so between 6.00 x 1.2 =
    7.20 ct (every site below the cap) and (6.00 + 2.998) x 1.2 = 10.7976 ct (none),
    tests/game_rules/test_charges.py."""
    from game_rules import TableModel
    from game_rules.assessment import prepare
    from game_rules.charges import SharingRegime, price_stack
    from game_rules.p2p import assess_market, trade_regime

    data = example("lyon-confluence").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    prep = prepare(TableModel.model_validate(data), lyon)
    market = assess_market(lyon, prep.table.cards, prep.params, prep.main.sharing, compare=False)
    assert market is not None and market.regime == "acc" and market.traded_kwh > 0
    stack = price_stack(lyon, prep.params)
    assert market.charges_eur_per_kwh == pytest.approx(stack.charges_kept(SharingRegime.ACC), rel=1e-12)
    assert market.charges_eur_per_kwh == pytest.approx((stack.grid_fee + stack.levies - stack.acc_exempt) * (1 + stack.vat_rate))
    assert 0.0720 - 1e-9 <= market.charges_eur_per_kwh <= 0.107976 + 1e-9
    assert trade_regime(SharingRegime.SELF_CONSUMPTION, lyon, behind=False) is SharingRegime.ACC
    assert trade_regime(SharingRegime.ACC, lyon, behind=True) is SharingRegime.MIETERSTROM


@pytest.mark.parametrize("rule", list(Rule))
@pytest.mark.parametrize("members", [0, 1])
def test_an_empty_or_one_member_market_trades_nothing(rule: Rule, members: int) -> None:
    """A market with no member (no candidate under the table's regime in a multiplier district,
    review of issue #17 finding 1: the auction raised "argmax of an empty sequence") or with one
    member (nobody to trade with) clears 0 kWh under every rule: no price, no fee, no gain."""
    demand, pv = np.ones((24, members)), np.zeros((24, members))
    pv[10:14] = 3.0
    c = clear(match(demand, pv), rule, PRICES)
    assert c.traded_kwh == 0.0
    assert c.fee.sum() == 0.0 and c.gain.sum() == 0.0 and c.saving == 0.0
    assert c.price.shape == (24, members) and not np.isfinite(c.price).any()


def test_a_tenant_electricity_table_with_p2p_in_a_multiplier_district(munich, example) -> None:  # type: ignore[no-untyped-def]
    """Munich's tenant-electricity example (HOW-02, § 42a) with the P2P card (HOW-05), assessed
    in Alba Iulia as the report's replication does: the market may be empty there, and the
    assessment must still be built (review of issue #17, finding 1: it raised in every one of the
    7 other districts)."""
    from game_rules import TableModel, assess, load_district

    data = example("munich-harthof").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    a = assess(TableModel.model_validate(data), load_district("alba-iulia"), (), mitigations=False)
    assert a.market is not None
    assert a.market.traded_kwh >= 0.0
    assert a.market.gain_eur == pytest.approx(a.market.saving_eur - a.market.fee_eur, abs=1e-9)
    if a.market.traded_kwh == 0:  # a platform that trades nothing is said so
        assert {w.code for w in a.warnings} & {"warn.p2p_behind_connection", "warn.p2p_no_trade"}


def test_a_trading_market_raises_no_trade_warning(munich, example) -> None:  # type: ignore[no-untyped-def]
    """The cooperative (§ 42c) with HOW-05 trades (test_assessment_carries_the_market): no warning
    that the platform trades nothing."""
    from game_rules import TableModel, assess

    data = example("citizen-cooperative").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-05"]
    a = assess(TableModel.model_validate(data), munich, (), mitigations=False)
    assert a.market is not None and a.market.traded_kwh > 0
    assert not {w.code for w in a.warnings} & {"warn.p2p_behind_connection", "warn.p2p_no_trade"}
