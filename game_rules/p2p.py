"""Peer-to-peer trading among a sharing scheme's members, hour by hour, and who gains.

**Matching** (every rule): in each step a member first uses its own PV behind its meter
(``own = min(pv, demand)``); its surplus ``s = pv - own`` is offered and its deficit
``d = demand - own`` is asked. With S = Σ s and D = Σ d over the market's members, the traded
volume is Q = min(S, D); the long side is rationed pro rata (a seller sells ``s Q / S``, a buyer
buys ``d Q / D``). What is not traded goes to and comes from the supplier at the feed-in tariff
f and the retail price P. Markets behind separate grid connections (Mieterstrom, § 42b) are
cleared each on its own (``groups``).

**Prices** [EUR/kWh]. A buyer's reservation price is what a kWh from the supplier costs it
beyond the charges a local kWh still bears, λ_b = P - c (c: grid fee and levies with their VAT
when the kWh crosses the public grid, :meth:`game_rules.charges.PriceStack.charges_kept`); a
seller's is f. Three clearing rules:

* :attr:`Rule.MID_MARKET` (Zhou, Wu & Long 2018, ref:zhou-2018-p2p-mechanisms): every local kWh
  at p = (λ_b + f) / 2, halfway between the grid's buying and selling price.
* :attr:`Rule.BILL_SHARING` (Zhou, Wu & Long 2018, the "bill sharing" mechanism): the
  community settles with the grid as one customer and shares its bill: the cost of what it
  imports, λ_b max(D - S, 0), among the buyers in proportion to their deficits (internal buying
  price λ_b max(D - S, 0) / D), the revenue of what it exports, f max(S - D, 0), among the
  sellers in proportion to their surpluses (internal selling price f max(S - D, 0) / S). A
  buyer's deficit d then costs λ_b (d - b), a seller's surplus s earns f (s - x): the kWh traded
  locally change hands at price 0, so the whole saving reaches the buyers and every seller gives
  up the feed-in tariff on what it sells locally. The prices are set each step (hour), the
  clearing's step; the charges c on a local kWh stay with its buyer as under every rule.
  A seller's gain is therefore f (s - x) - f s = -f x: it loses whenever it sells locally (the
  mechanism's consequence, not a choice here). Checked against secondary restatements and the
  paper's abstract (the primary's equations could not be read; docs/rules.md says so).
* :attr:`Rule.AUCTION` (uniform-price double auction, Mengelkamp et al. 2018,
  ref:mengelkamp-2018-brooklyn): buyers bid their reservation price, sellers ask theirs (or the
  ``bids``/``asks`` given); the price is where excess demand ``D(p) - S(p)`` first falls to
  zero or below on the ordered price levels, the midpoint of the two levels when it is exactly
  zero there. With one retail price and one feed-in tariff the short side's reservation price
  clears; bids that differ (tariffs, older feed-in plants) make the price move.

**Gains** [EUR/yr] against the same year without trading: a buyer gains Σ (λ_b - p) b on the
kWh b it buys, a seller Σ (p - f) x on the kWh x it sells; each pays half the platform fee φ on
its traded kWh (assumption: buyer and seller split the fee). Σ gains = Σ (λ_b - f) Q - φ Q: the
community's saving minus the fees. The buyer's side reaches the building's occupant, the
seller's the PV owner (the roof owner, :mod:`game_rules.buildings`).

Shapes: ``demand``, ``pv`` (steps, members) [kWh per step]; time base of the buildings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from cards.effects import Stakeholder
from cards.model import Card
from catalogs.data_phrases import data_phrase
from game_rules import schemes
from game_rules.buildings import Building, BuildingSet
from game_rules.charges import SharingRegime, price_stack, sharing_regime
from game_rules.districts import District
from game_rules.flows import feed_in_buyer
from game_rules.params import Params
from game_rules.regulation import home_route
from game_rules.results import (
    FlowResult,
    Market,
    MarketGroup,
    MarketHour,
    MarketParticipant,
    MarketRuleSummary,
    Provenance,
    Sharing,
    Warning,
)
from game_rules.texts import text

PLATFORM_FEE = 0.01
"""Platform fee per traded kWh [EUR/kWh]: the default of ``p2p.fee_eur_per_kwh`` (assumption,
plausible 0.005-0.02: the P2P card's 1 ct/kWh; no published fee for these districts), which a
facilitator may override per workshop."""
PLATFORM_FEE_RANGE = (0.005, 0.02)
TAG = "p2p_trading"
REFERENCES: dict[str, tuple[str, ...]] = {
    "mid_market": ("zhou-2018-p2p-mechanisms",), "bill_sharing": ("zhou-2018-p2p-mechanisms",),
    "auction": ("mengelkamp-2018-brooklyn",),
}


class Rule(StrEnum):
    """The clearing rules compared (module doc)."""

    MID_MARKET = "mid_market"
    BILL_SHARING = "bill_sharing"
    AUCTION = "auction"


class MarketError(ValueError):
    """Inputs of a clearing are inconsistent; the message names what was expected."""


@dataclass(frozen=True)
class Prices:
    """Retail price P, feed-in tariff f, charges c kept on a local kWh, platform fee φ [EUR/kWh];
    optional per-member ``bids`` and ``asks`` (members,) for the auction (default P - c and f)."""

    retail: float
    feed_in: float
    charges: float = 0.0
    fee: float = PLATFORM_FEE
    bids: np.ndarray | None = None
    asks: np.ndarray | None = None

    @property
    def buy(self) -> float:
        """λ_b = P - c [EUR/kWh]."""
        return self.retail - self.charges


@dataclass(frozen=True)
class Clearing:
    """One rule's clearing: ``bought``, ``sold``, ``price`` (steps, members) [kWh; EUR/kWh, NaN
    where the member trades nothing]; ``paid`` ... ``charges`` per member [EUR/yr]; ``saving`` the
    community's saving before fees [EUR/yr]."""

    rule: Rule
    bought: np.ndarray
    sold: np.ndarray
    price: np.ndarray
    paid: np.ndarray
    earned: np.ndarray
    gain_buying: np.ndarray
    gain_selling: np.ndarray
    fee: np.ndarray
    charges: np.ndarray
    saving: float

    @property
    def traded_kwh(self) -> float:
        return float(self.sold.sum())

    @property
    def gain(self) -> np.ndarray:
        """Gain per member [EUR/yr], after fees."""
        result: np.ndarray = self.gain_buying + self.gain_selling
        return result

    @property
    def average_price(self) -> float | None:
        traded = self.traded_kwh
        return float(self.earned.sum()) / traded if traded > 0 else None


@dataclass(frozen=True)
class Matching:
    """Surplus and deficit after own use and the pro-rata matching (steps, members) [kWh]."""

    surplus: np.ndarray
    deficit: np.ndarray
    bought: np.ndarray
    sold: np.ndarray
    supply: np.ndarray  # (steps, groups)
    demand: np.ndarray  # (steps, groups)
    groups: np.ndarray  # (members,) group index


def _check(demand: np.ndarray, pv: np.ndarray) -> None:
    if demand.ndim != 2 or demand.shape != pv.shape:
        raise MarketError(f"expected demand and pv of one shape (steps, members), got {demand.shape} and {pv.shape}")
    if np.any(demand < 0) or np.any(pv < 0):
        raise MarketError("expected non-negative demand and pv [kWh per step], got a negative value")


def match(demand: np.ndarray, pv: np.ndarray, groups: Sequence[int] | None = None) -> Matching:
    """Own use first, then pro-rata matching of surplus and deficit within each group (module doc).

    ``groups``: a group index per member (members of different groups never trade); default one
    market. Raises :class:`MarketError` for shapes or values out of range."""
    _check(demand, pv)
    n = demand.shape[1]
    labels = np.zeros(n, dtype=int) if groups is None else np.asarray(groups, dtype=int)
    if labels.shape != (n,):
        raise MarketError(f"expected one group index per member ({n}), got {labels.shape}")
    own = np.minimum(pv, demand)
    surplus, deficit = pv - own, demand - own
    _, labels = np.unique(labels, return_inverse=True)
    onehot = np.zeros((n, int(labels.max()) + 1 if n else 1))
    onehot[np.arange(n), labels] = 1.0
    supply, asked = surplus @ onehot, deficit @ onehot
    traded = np.minimum(supply, asked)
    with np.errstate(divide="ignore", invalid="ignore"):
        sell_ratio = np.where(supply > 0, traded / supply, 0.0)
        buy_ratio = np.where(asked > 0, traded / asked, 0.0)
    return Matching(surplus=surplus, deficit=deficit, bought=deficit * buy_ratio[:, labels],
                    sold=surplus * sell_ratio[:, labels], supply=supply, demand=asked, groups=labels)


def _auction(m: Matching, bids: np.ndarray, asks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Uniform price per step and group, and the accepted volumes (rationing the long side pro rata)."""
    levels = np.unique(np.concatenate((bids, asks)))
    steps, n = m.surplus.shape
    bought, sold = np.zeros_like(m.surplus), np.zeros_like(m.surplus)
    price = np.full((steps, n), np.nan)
    for g in range(m.supply.shape[1]):
        cols = np.flatnonzero(m.groups == g)
        if cols.size == 0:  # an empty market (no member under the regime) trades nothing, at no price
            continue
        s, d = m.surplus[:, cols], m.deficit[:, cols]
        supply = s @ (asks[cols, None] <= levels[None, :] + 1e-12).astype(float)  # (steps, levels)
        demand = d @ (bids[cols, None] >= levels[None, :] - 1e-12).astype(float)
        excess = demand - supply
        cleared = excess <= 1e-9
        k = np.where(cleared.any(axis=1), cleared.argmax(axis=1), len(levels) - 1)
        exact = np.abs(excess[np.arange(steps), k]) <= 1e-9
        upper = levels[np.minimum(k + 1, len(levels) - 1)]
        p = np.where(exact & (k < len(levels) - 1), (levels[k] + upper) / 2, levels[k])
        sellers = asks[cols][None, :] <= p[:, None] + 1e-12
        buyers = bids[cols][None, :] >= p[:, None] - 1e-12
        offer, ask = (s * sellers), (d * buyers)
        total_s, total_d = offer.sum(axis=1), ask.sum(axis=1)
        q = np.minimum(total_s, total_d)
        with np.errstate(divide="ignore", invalid="ignore"):
            sold[:, cols] = offer * np.where(total_s > 0, q / total_s, 0.0)[:, None]
            bought[:, cols] = ask * np.where(total_d > 0, q / total_d, 0.0)[:, None]
        price[:, cols] = np.where(q > 0, p, np.nan)[:, None]
    return bought, sold, price


def clear(m: Matching, rule: Rule, prices: Prices) -> Clearing:
    """Price the matching ``m`` with ``rule`` (module doc) and settle every member's year.

    Raises :class:`MarketError` when ``bids``/``asks`` do not have one value per member."""
    steps, n = m.surplus.shape
    lb, f = prices.buy, prices.feed_in
    bought, sold = m.bought, m.sold
    if rule is Rule.MID_MARKET:
        price = np.full((steps, n), (lb + f) / 2)
    elif rule is Rule.BILL_SHARING:
        # The shared grid bill leaves the local kWh free: buyers pay λ_b only on (d - b), sellers earn f only on (s - x).
        price = np.zeros((steps, n))
    else:
        bids = np.full(n, lb) if prices.bids is None else np.asarray(prices.bids, dtype=float)
        asks = np.full(n, f) if prices.asks is None else np.asarray(prices.asks, dtype=float)
        if bids.shape != (n,) or asks.shape != (n,):
            raise MarketError(f"expected bids and asks for {n} members, got {bids.shape} and {asks.shape}")
        bought, sold, price = _auction(m, bids, asks)
    settled = np.nan_to_num(price)
    paid, earned = (settled * bought).sum(axis=0), (settled * sold).sum(axis=0)
    b_kwh, s_kwh = bought.sum(axis=0), sold.sum(axis=0)
    fee_b, fee_s = prices.fee / 2 * b_kwh, prices.fee / 2 * s_kwh
    return Clearing(rule=rule, bought=bought, sold=sold, price=np.where(bought + sold > 0, price, np.nan),
                    paid=paid, earned=earned, gain_buying=lb * b_kwh - paid - fee_b,
                    gain_selling=earned - f * s_kwh - fee_s, fee=fee_b + fee_s, charges=prices.charges * b_kwh,
                    saving=float((lb - f) * s_kwh.sum()))


# --- in the assessment -------------------------------------------------------------------------

_HOUSEHOLDS = frozenset({"residents", "homeowners"})


def _members(bs: BuildingSet, shared: Sharing | None, share: float) -> tuple[list[int], list[int], bool]:
    """Columns of the market's members, their group (grid connection behind a per-connection
    scheme) and whether the market lies behind connections (no public grid)."""
    if shared is not None and shared.schemes:
        ids = {i for s in shared.schemes for i in s.members}
        behind = all(s.scheme in schemes.PER_CONNECTION for s in shared.schemes)
    else:
        ids, behind = set(schemes.candidates(bs.buildings, share)), False
    cols = [c for c, b in enumerate(bs.buildings) if b.id in ids]
    conn: dict[str, int] = {}
    groups = [conn.setdefault(bs.buildings[c].connection, len(conn)) if behind else 0 for c in cols]
    return cols, groups, behind


def trade_regime(regime: SharingRegime, district: District, behind: bool) -> SharingRegime:
    """The regime a traded kWh is charged under, so that the market and the yearly benefit
    (:meth:`game_rules.charges.PriceStack.charges_kept`) charge the same kWh alike: behind the
    members' connections no public grid (Mieterstrom: no grid charges); else the table's regime
    when it crosses the public grid (energy sharing, or the ACC with its excise exemption where it
    applies); else trading between buildings still crosses the public grid, in France as an ACC
    (the PMO), elsewhere as energy sharing (:func:`game_rules.charges.sharing_regime`'s grid scheme)."""
    if behind:
        return SharingRegime.MIETERSTROM
    if regime.uses_public_grid:
        return regime
    return SharingRegime.ACC if district.regime == "FR" else SharingRegime.ENERGY_SHARING


def typical_day(cl: Clearing) -> tuple[int | None, tuple[MarketHour, ...]]:
    """The typical day's clearing: the day whose traded kWh are the median of the days with
    trade (the lower median), hour by hour: kWh traded and the volume-weighted local price
    [EUR/kWh]; (None, ()) without trade or when the steps are not whole days of hours."""
    traded = cl.sold.sum(axis=1)
    if len(traded) % 24 or traded.sum() <= 0:
        return None, ()
    daily = traded.reshape(-1, 24).sum(axis=1)
    days = np.flatnonzero(daily > 0)
    day = int(days[np.argsort(daily[days], kind="stable")[(len(days) - 1) // 2]])
    hours = slice(day * 24, day * 24 + 24)
    value = (np.nan_to_num(cl.price[hours]) * cl.sold[hours]).sum(axis=1)
    return day, tuple(MarketHour(hour=h, traded_kwh=float(traded[hours][h]),
                                 price=float(value[h] / traded[hours][h]) if traded[hours][h] > 0 else None) for h in range(24))


def _fairness(cl: Clearing, tenants: np.ndarray) -> float | None:
    """Share of the gains [fraction, 0-1] reaching households without a roof of their own: the
    tenants' buying gains over all gains, each member's side counted only where it gains (its
    losses are reported as leavers, not netted here), so the share stays within 0-1; None when
    nobody gains."""
    buying, selling = np.maximum(cl.gain_buying, 0.0), np.maximum(cl.gain_selling, 0.0)
    total = float(buying.sum() + selling.sum())
    return float(buying[tenants].sum()) / total if total > 0 else None


def assess_market(district: District, cards: Sequence[Card], params: Params, shared: Sharing | None,
                  buildings: BuildingSet | None = None, *, compare: bool = True) -> Market | None:
    """The P2P market when a card tagged ``p2p_trading`` lies on the table, else None.

    Members: the sharing scheme's (all candidates at ``participation.share`` without a scheme);
    prices: ``tariff.electricity``, ``tariff.feed_in`` and the charges of the table's regime
    (:mod:`game_rules.charges`; trading between buildings crosses the public grid unless the
    scheme lies behind one connection); the table's rule is the mid-market rate, every rule is
    compared in ``rules`` (only the table's rule with ``compare=False``: what the value flows need)."""
    chosen = tuple(c.id for c in cards if TAG in c.effects.tags)
    if not chosen:
        return None
    bs = buildings if buildings is not None else schemes.building_set(district, params)
    cols, groups, behind = _members(bs, shared, params["participation.share"])
    regime = sharing_regime(cards, district)
    stack = price_stack(district, params)
    charges = stack.charges_kept(trade_regime(regime, district, behind))
    fee = params["p2p.fee_eur_per_kwh"]
    prices = Prices(retail=params["tariff.electricity"], feed_in=params["tariff.feed_in"], charges=charges, fee=fee)
    m = match(bs.demand[:, cols], bs.pv[:, cols], groups)
    members = [bs.buildings[c] for c in cols]
    tenants = np.array([b.use == "residential" and b.occupant.value in _HOUSEHOLDS and b.occupant != b.roof_owner
                        for b in members], dtype=bool)
    cleared = {rule: clear(m, rule, prices) for rule in (Rule if compare else (Rule.MID_MARKET,))}
    cl = cleared[Rule.MID_MARKET]
    day, hours = typical_day(cl)
    # Every compared rule's source (the report prints each rule's row): the auction's is Mengelkamp et al. 2018.
    refs = tuple(dict.fromkeys((*(r for rule in cleared for r in REFERENCES[rule.value]), *stack.references,
                                *schemes.building_references(district))))
    fee_source = (data_phrase(f"platform fee assumption {fee * 100:g} ct/kWh") if fee == PLATFORM_FEE
                  else data_phrase(f"platform fee set by the facilitator {fee * 100:g} ct/kWh"))
    prov = Provenance(cards=chosen, rule=f"p2p.{cl.rule.value}", source=f"{district.id}: the scheme's members hour by hour; {fee_source}",
                      references=refs)
    rows: dict[tuple[str, str, str, float, float, float | None, float | None, float, float, float, float], list[str]] = {}
    for k, b in enumerate(members):
        b_kwh, s_kwh = float(cl.bought[:, k].sum()), float(cl.sold[:, k].sum())
        signature = (b.group, b.occupant.value, b.roof_owner.value, b_kwh, s_kwh,
                     float(cl.paid[k] / b_kwh) if b_kwh > 0 else None, float(cl.earned[k] / s_kwh) if s_kwh > 0 else None,
                     float(cl.gain_buying[k]), float(cl.gain_selling[k]), float(cl.fee[k]), float(cl.charges[k]))
        rows.setdefault(signature, []).append(b.id)
    participants = tuple(MarketParticipant(
        buildings=tuple(ids), group=group, occupant=occupant, pv_owner=owner, bought_kwh=b_kwh, sold_kwh=s_kwh,
        buy_price=buy, sell_price=sell, gain_buying=gb, gain_selling=gs, fee_eur=fee, charges_eur=ch)
        for (group, occupant, owner, b_kwh, s_kwh, buy, sell, gb, gs, fee, ch), ids in rows.items())
    return Market(rule=cl.rule.value, regime=regime.value if not behind else SharingRegime.MIETERSTROM.value,
                  members=len(members), traded_kwh=cl.traded_kwh, saving_eur=cl.saving, fee_eur=float(cl.fee.sum()),
                  fee_eur_per_kwh=fee, charges_eur_per_kwh=charges, gain_eur=float(cl.gain.sum()),
                  fairness=_fairness(cl, tenants), participants=participants, groups=who_gains(members, cl),
                  leavers=tuple(b.id for k, b in enumerate(members) if cl.gain[k] < -1e-9),
                  rules=tuple(MarketRuleSummary(rule=r.value, traded_kwh=c.traded_kwh, average_price=c.average_price,
                                                gain_eur=float(c.gain.sum()), fee_eur=float(c.fee.sum()),
                                                losers=int((c.gain < -1e-9).sum()), fairness=_fairness(c, tenants))
                              for r, c in cleared.items()),
                  time_base=bs.time_base, provenance=prov, typical_day_index=day, typical_day=hours)


#: The district's own route for trading over the public grid, by regime (the keys of
#: :data:`game_rules.regulation.HOME_ROUTES`): catalog key ``rules:p2p.route.<regime>``.
_ROUTE_TEXT = {"DE": "p2p.route.DE", "FR": "p2p.route.FR", "EU": "p2p.route.EU"}


def warnings(market: Market | None, district: District) -> list[Warning]:
    """``warn.p2p_behind_connection`` when the platform trades nothing because the scheme lies
    behind the members' connections (tenant electricity, § 42a EnWG: each connection clears on its
    own, and with one member per connection nobody trades; review of issue #17, finding 3), or
    ``warn.p2p_no_trade`` when it trades nothing for another reason (no member under the table's
    regime, no hour with a surplus another member could use): the card's set-up cost then buys
    no trade. None without a market or with trade.

    The advice names the route ``district``'s own law opens for trading over the public grid
    (:func:`game_rules.regulation.home_route`: § 42c EnWG in Germany, ACC under Code de
    l'énergie L315-2 in France, a renewable energy community under RED II art. 22 elsewhere)
    and cites its references; a market without members says so instead of "none of the 0"."""
    if market is None or market.traded_kwh > 0:
        return []
    cards = market.provenance.cards
    if market.regime == SharingRegime.MIETERSTROM.value:
        _, route_refs = home_route(district)
        regime = district.regime if district.regime in _ROUTE_TEXT else "EU"
        members = (text("p2p.members_apart", members=market.members) if market.members > 0
                   else text("p2p.members_none"))
        refs = tuple(dict.fromkeys(("enwg-42a", *route_refs)))
        return [Warning(code="warn.p2p_behind_connection", cards=cards, references=refs,
                        text=text("warn.p2p_behind_connection", cards=", ".join(cards), members=members,
                                  route=text(_ROUTE_TEXT[regime])))]
    return [Warning(code="warn.p2p_no_trade", cards=cards, text=text("warn.p2p_no_trade", cards=", ".join(cards), members=market.members))]


def who_gains(members: Sequence[Building], cl: Clearing) -> tuple[MarketGroup, ...]:
    """Gains [EUR/yr] by stakeholder and side: the buying side to each building's occupant
    (tenants, owner-occupiers, SMEs...), the selling side to its PV owner (a cooperative, a
    housing company...)."""
    out: dict[tuple[str, str], list[float]] = {}  # (stakeholder, side) -> [participants, gain]
    for k, b in enumerate(members):
        occupant, owner = b.occupant.value, b.roof_owner.value
        if cl.bought[:, k].sum() > 0:
            entry = out.setdefault((occupant, "buying"), [0, 0.0])
            entry[0] += 1
            entry[1] += float(cl.gain_buying[k])
        if cl.sold[:, k].sum() > 0:
            entry = out.setdefault((owner, "selling"), [0, 0.0])
            entry[0] += 1
            entry[1] += float(cl.gain_selling[k])
    return tuple(MarketGroup(stakeholder=s, side=side, participants=int(v[0]), gain_eur=v[1])  # type: ignore[arg-type]
                 for (s, side), v in sorted(out.items()))


def leaver_summary(market: Market | None) -> tuple[int, int, float]:
    """(members better off leaving, members, their loss [EUR/yr]) for the participation risk."""
    if market is None:
        return (0, 0, 0.0)
    leaving = set(market.leavers)
    lost = sum(-p.gain * sum(1 for i in p.buildings if i in leaving) for p in market.participants)
    return (len(market.leavers), market.members, lost)


# --- the trades in the value flows -------------------------------------------------------------

#: The formula variable of the cards' platform-fee flow: with a market, :func:`market_flows`
#: charges the fee per trade instead (half from each side, as the clearing settles it).
FEE_VARIABLE = "p2p_kwh"


def _platform(cards: Sequence[Card]) -> Stakeholder:
    """Who runs the platform and earns its fee: the stakeholder the P2P card's fee flow pays
    (HOW-05: the aggregator), else the aggregator."""
    for card in cards:
        for vf in card.effects.value_flows:
            if FEE_VARIABLE in vf.formula and isinstance(vf.to, Stakeholder):
                return vf.to
    return Stakeholder.AGGREGATOR


def market_flows(market: Market | None, cards: Sequence[Card], district: District, params: Params) -> list[FlowResult]:
    """The peer-to-peer trades as value flows [EUR/yr], so each stakeholder's net value changes by
    the gain the market page shows for it (module doc, "Gains"):

    * ``p2p_bills_avoided``: supplier -> each buyer's occupant, λ_b x kWh bought locally (the
      kWh no longer bought at the retail price P; the charges c stay with the buyer);
    * ``p2p_trade``: buyers' occupants -> sellers' PV owners, the clearing price x kWh (each
      buyer's payments shared among the sellers in proportion to what they earn);
    * ``p2p_feed_in_forgone``: sellers' PV owners -> the feed-in buyer
      (:func:`game_rules.flows.feed_in_buyer`), f x kWh sold locally instead of exported;
    * ``p2p_fee``: both sides -> the platform (:func:`_platform`), half the fee φ on each traded kWh.

    Buyer: λ_b b - p b - φ b / 2 = its ``gain_buying``; seller: p x - f x - φ x / 2 = its
    ``gain_selling``. Empty without a market."""
    if market is None or market.traded_kwh <= 0:
        return []
    buy = params["tariff.electricity"] - market.charges_eur_per_kwh
    feed_in = params["tariff.feed_in"]
    avoided: dict[str, float] = {}
    paid: dict[str, float] = {}
    earned: dict[str, float] = {}
    forgone: dict[str, float] = {}
    fees: dict[str, float] = {}
    for p in market.participants:
        n = len(p.buildings)
        avoided[p.occupant] = avoided.get(p.occupant, 0.0) + n * buy * p.bought_kwh
        paid[p.occupant] = paid.get(p.occupant, 0.0) + n * (p.buy_price or 0.0) * p.bought_kwh
        earned[p.pv_owner] = earned.get(p.pv_owner, 0.0) + n * (p.sell_price or 0.0) * p.sold_kwh
        forgone[p.pv_owner] = forgone.get(p.pv_owner, 0.0) + n * feed_in * p.sold_kwh
        fees[p.occupant] = fees.get(p.occupant, 0.0) + n * market.fee_eur_per_kwh / 2 * p.bought_kwh
        fees[p.pv_owner] = fees.get(p.pv_owner, 0.0) + n * market.fee_eur_per_kwh / 2 * p.sold_kwh
    supplier = Stakeholder.UTILITY.value
    buyer_of_feed_in = feed_in_buyer(district)[0].value
    platform = _platform(cards).value
    prov = market.provenance
    rule_tail = (f"{market.rule} clearing, {market.traded_kwh:,.0f} kWh/yr traded; λ_b = tariff.electricity - charges "
                 f"{buy:.4f} EUR/kWh, f = tariff.feed_in {feed_in:.4f} EUR/kWh, fee {market.fee_eur_per_kwh:.3f} EUR/kWh "
                 "split half buyer, half seller")

    def flow(source: str, to: str, amount: float, name: str, label: str) -> FlowResult | None:
        if source == to or amount < 0.5:
            return None
        return FlowResult.model_validate({"from": source, "to": to, "kind": "money", "amount": amount, "unit": "EUR/yr",
                                          "label": text(label),
                                          "provenance": Provenance(cards=prov.cards, rule=f"{name}: {rule_tail}",
                                                                   source=prov.source, references=prov.references)})

    total_earned = sum(earned.values())
    candidates = [flow(supplier, who, amount, "p2p_bills_avoided", "flow.p2p_bills_avoided") for who, amount in avoided.items()]
    candidates += [flow(buyer, seller, amount * share / total_earned, "p2p_trade", "flow.p2p_trade")
                   for buyer, amount in paid.items() for seller, share in earned.items() if total_earned > 0]
    candidates += [flow(who, buyer_of_feed_in, amount, "p2p_feed_in_forgone", "flow.p2p_feed_in_forgone") for who, amount in forgone.items()]
    candidates += [flow(who, platform, amount, "p2p_fee", "flow.p2p_fee") for who, amount in fees.items()]
    return [f for f in candidates if f is not None]
