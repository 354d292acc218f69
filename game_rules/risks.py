"""Risks computed from model outcomes across the scenarios and ranked by what is at stake.

Method (docs/rules.md, "Risks"; ISO 31000:2018 risk analysis by likelihood and consequence,
ref:iso-31000-2018; rated on the COBEN 4 x 4 matrix, ref:coben-risk-matrix):

1. **Triggers** are read from each outcome (the base world and every scenario's world):

   * ``loss``: a stakeholder's net value [EUR/yr] below zero; the net value of the regime's
     obligated feed-in buyer already counts the feed-in it is refunded outside the district
     (``feed_in_refunded``: EEG account, EEG 2023 § 57; CSPE, Code de l'énergie L121-7), which
     ``Outcome.refinanced`` names in the risk's text.
     Public funders are left out: paying grants and surcharges is their programme, not a loss.
     When the loser is the asset owner and occupants gain, the risk is a split incentive. A
     utility's lost sales count at its margin (the value flows do: :mod:`game_rules.charges`).
   * ``financing_gap``: CAPEX without capital [EUR].
   * ``regulatory``: a rule the model breaks on the as-of date (:func:`game_rules.regulation.findings`).
   * ``ped_balance``: the positive primary-energy balance (KPI threshold 0) missed [MWh_PE/yr].
   * ``grid_export``: peak export above the grid capacity [kW].
   * ``npv_negative``: an investor's NPV turns negative under a scenario [EUR].
   * ``idle_asset``: a stationary battery below the one idle threshold of the engine,
     :data:`game_rules.community_battery.IDLE_CYCLES_PER_YEAR` equivalent full cycles a year
     (discharge / nominal kWh, the warning's measure and source) [EUR/yr: the idle share
     1 - cycles / :data:`DESIGN_CYCLES` of its investment annuity].

2. **Probability** (COBEN 1 unlikely, 2 possible, 3 likely, 4 certain): 4 when the base world
   triggers the risk (the model produces it under its own assumptions); otherwise the highest
   likelihood among the scenario cards that trigger it (each card states its level and basis).
3. **Impact** from the exposure relative to what the bearer has at stake: a loss against the
   bearer's investment annuity on its own financed share (the owner: CAPEX less the grants it
   receives; at the bearer's own discount rate over the assessment's
   lifecycle horizon, :meth:`Context.annuity`), or, for a bearer without investment, its turnover with the
   district (the utility: the reference's energy sales; the grid operator: grid fees on the
   reference's imports; occupants: their share of the reference's energy bill). Shares
   ≥ 50 % → 4 (the bearer leaves: "project cancelled"), ≥ 20 % → 3 (major adaptations),
   ≥ 5 % → 2 (some adaptations), else 1. The thresholds are a workshop assumption on the
   COBEN impact descriptions.
4. **Mitigation**: for the risks with a computed exposure, deck cards that are not on the table
   are added to it one at a time and the outcome that triggers the risk is re-run; a card is
   proposed only when it lowers the exposure, by the amount the re-run computes
   (:class:`~game_rules.results.Mitigation`). Cards are never moved on the matrix by constants.

Score = probability x impact (1-16), highest first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from cards.deck import Deck
from cards.effects import RiskKind, Stakeholder
from cards.model import Card, Category
from catalogs.data_phrases import data_phrase
from game_rules.districts import District
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.regulation import RegulatoryFinding
from game_rules.results import Mitigation, Provenance, Risk
from game_rules.texts import Text, energy_text, money_text, pct, text, with_stakeholders

#: Share of the bearer's stake from which each impact level applies (COBEN impact 4, 3, 2).
IMPACT_SHARES: tuple[tuple[float, int], ...] = ((0.5, 4), (0.2, 3), (0.05, 2))
#: Losses below this [EUR/yr] are rounding, not risks.
MIN_LOSS_EUR = 1000.0
#: Mitigating cards tried per risk (the deck's declared mitigators first) and kept.
MAX_CANDIDATES = 2
MAX_MITIGATIONS = 2
#: Risks (highest first) whose mitigations are computed by re-run: each re-run costs a full
#: outcome, so the ranking's head gets them (the rest list none rather than a guess).
MITIGATED = 4
#: A card mitigates when the re-run lowers the exposure by at least this share.
MIN_REDUCTION = 0.01
#: Stakeholders whose payments are their programme (grants, surcharges), not a loss.
FUNDERS = frozenset({Stakeholder.PUBLIC_FUNDERS.value})
SOURCES = ("iso-31000-2018", "coben-risk-matrix")
#: The source phrase of a loss risk on a stakeholder's yearly net value, and of a mitigation.
LOSS_SOURCE = data_phrase("the stakeholder's net value in its worst world, rated on the COBEN 4 x 4 matrix (ISO 31000 practice)")
MITIGATION_SOURCE = data_phrase("the risk's worst world assessed again with the card on the table (ISO 31000 risk treatment)")
#: Equivalent full cycles per year a stationary battery is built for (assumption [150-300]:
#: PV self-consumption batteries cycle about once a day in summer and rarely in winter).
DESIGN_CYCLES = 250


@dataclass(frozen=True)
class Outcome:
    """What the risk triggers read from one run (base or scenario)."""

    scenario: str | None
    label: Text | None
    run: Annual
    net: dict[str, float]
    npv: dict[str, float]
    params: Params
    refinanced: Mapping[str, float] = field(default_factory=dict)  # [EUR/yr] paid, refunded outside the model
    likelihood: int = 4  # COBEN level of the world (4: the base world)
    reference: Annual | None = None  # today's district without the project in the same world
    gap: float = 0.0  # [EUR]
    capex: float = 0.0  # [EUR]
    granted: float = 0.0  # [EUR] grants the owner receives against the CAPEX (not its own money)
    invested: Mapping[str, float] = field(default_factory=dict)  # [EUR] up front by stakeholder
    owned: Mapping[str, float] = field(default_factory=dict)  # [fraction] each asset owner's share of the CAPEX (empty: the owner's all)
    turnover: Mapping[str, float] = field(default_factory=dict)  # [EUR/yr] inflow + outflow by stakeholder
    battery_kwh: float = 0.0  # nominal storage the dispatch used (stationary + V2G) [kWh]
    battery_capex: float = 0.0  # investment in stationary batteries [EUR]
    market_battery_kwh: float = 0.0  # battery and V2G discharge on the flexibility market [kWh/yr]


#: Re-run ``scenario``'s outcome (None: the base world) with one more card on the table.
Rerun = Callable[[Card, str | None], Outcome | None]


@dataclass(frozen=True)
class Context:
    district: District
    cards: tuple[Card, ...]
    deck: Deck
    owner: str
    coordinator: str | None
    capex: float
    gap: float
    tags: frozenset[str]
    present: tuple[str, ...]
    findings: tuple[RegulatoryFinding, ...] = ()  # rules the base run breaks on the as-of date
    rerun: Rerun | None = None
    horizon_years: int = 0  # the lifecycle horizon the NPVs and annuities are computed over (0: the district's asset life)
    p2p_leavers: tuple[int, int, float] = (0, 0, 0.0)  # P2P market: members better off leaving, members, their loss [EUR/yr]
    #: Each bearer's own nominal discount rate [fraction/yr] (game_rules.financing.stakeholder_rate);
    #: None: the district's rate for everyone.
    rate_of: Callable[[str], float] | None = None
    #: Stakeholders other than the owner that own assets (those in their buildings, game_rules.pv_ownership).
    asset_owners: frozenset[str] = frozenset()

    @property
    def years(self) -> int:
        """The horizon an investment is annualised over [years]: the assessment's lifecycle horizon."""
        return self.horizon_years or self.district.finance.lifetime_years

    def rate(self, bearer: str) -> float:
        """The bearer's own discount rate [fraction/yr]."""
        return self.rate_of(bearer) if self.rate_of is not None else self.district.finance.discount_rate

    def annuity(self, bearer: str, amount: float) -> float:
        """``amount`` [EUR] put in by ``bearer`` as a constant yearly cost [EUR/yr] over :attr:`years`
        at the bearer's own rate r: A = P r / (1 - (1 + r)^-n) (VDI 2067-1 annuity method;
        A = P / n at r = 0)."""
        if amount <= 0:
            return 0.0
        r, n = self.rate(bearer), self.years
        return amount / n if r <= 0 else amount * r / (1 - (1 + r) ** -n)

    def stake_basis(self, bearer: str) -> str:
        """The annuity's basis in words for provenance: ``annuity at the bearer's own discount rate 5.0 % over 25 yr``."""
        return data_phrase(f"annuity at the bearer's own discount rate {self.rate(bearer) * 100:.1f} % over {self.years} yr")


@dataclass(frozen=True)
class _Candidate:
    """A computed risk before rating: who bears how much of what, where."""

    kind: RiskKind
    code: str
    bearer: str | None
    exposure: Callable[[Outcome], float]  # [unit] > 0 when the risk occurs in that outcome
    unit: str
    stake: Callable[[Outcome], float]  # what the bearer has at stake [same unit]
    stake_text: str  # text key naming the stake
    body: Callable[[Outcome, float, float], Text]  # (outcome, exposure, share) -> sentence
    cards: tuple[str, ...]
    rule: str
    source: str = ""
    references: tuple[str, ...] = SOURCES


def impact(share: float) -> int:
    """COBEN impact level of an exposure that is ``share`` of the bearer's stake."""
    for threshold, level in IMPACT_SHARES:
        if share >= threshold:
            return level
    return 1


def _under(outcome: Outcome) -> Text:
    if outcome.scenario is None or outcome.label is None:
        return Text.same("")
    return text("scenario.under", name=outcome.label)


def _loss(who: str) -> Callable[[Outcome], float]:
    def exposure(o: Outcome) -> float:
        value = o.net.get(who, 0.0)  # net of the feed-in refunded to an obligated buyer (feed_in_refunded)
        return -value if value < -MIN_LOSS_EUR else 0.0
    return exposure


def _stake(ctx: Context, who: str) -> tuple[Callable[[Outcome], float], str]:
    """What ``who`` has at stake [EUR/yr] and the text key naming it (module doc, step 3)."""
    occupants = {g.occupant.value for g in ctx.district.buildings}
    if who == Stakeholder.UTILITY.value:
        return (lambda o: o.reference.energy_cost_eur if o.reference else 0.0), "stake.sales"
    if who == Stakeholder.DSO.value:
        return (lambda o: (o.reference.import_kwh if o.reference else 0.0) * o.params["tariff.grid_fee"]), "stake.grid_fees"
    if who == ctx.owner:
        # The owner carries the investment it finances, whoever lends it the money (it repays the
        # loans), but not the grants it receives: those are the grantor's money. Of both, its own
        # share of the assets (the assets in other owners' buildings are theirs: game_rules.pv_ownership).
        return (lambda o: ctx.annuity(who, _owned(o, who, True) * max(o.capex - o.granted, 0.0))), "stake.investment"
    if who in ctx.asset_owners:
        return (lambda o: ctx.annuity(who, _owned(o, who, False) * max(o.capex - o.granted, 0.0))), "stake.investment"

    def invested(o: Outcome) -> float:
        return ctx.annuity(who, o.invested.get(who, 0.0))

    if who in occupants:
        share = _demand_share(ctx.district, who)
        return (lambda o: invested(o) or share * (o.reference.energy_cost_eur if o.reference else 0.0)), "stake.bill"
    return (lambda o: invested(o) or o.turnover.get(who, 0.0)), "stake.turnover"


def _owned(o: Outcome, who: str, governance_owner: bool) -> float:
    """``who``'s share of the CAPEX in outcome ``o`` [fraction]; without a split the governance owner owns all."""
    if not o.owned:
        return 1.0 if governance_owner else 0.0
    return o.owned.get(who, 0.0)


def _demand_share(district: District, who: str) -> float:
    total = sum(g.electricity_kwh + g.heat_kwh for g in district.buildings)
    own = sum(g.electricity_kwh + g.heat_kwh for g in district.buildings if g.occupant.value == who)
    return own / total if total > 0 else 0.0


def _share(share: float) -> Text:
    """A share of the stake for people: ``46 %``; below 1 % ``< 1 %`` (never a bare ``0 %``),
    each language's CLDR percent format."""
    return Text.build(lambda lang: "< " + pct(0.01).get(lang)) if share < 0.01 else pct(share)


def _split_body(owner: str, occupant: str, stake: str) -> Callable[[Outcome, float, float], Text]:
    def body(o: Outcome, x: float, share: float) -> Text:
        return with_stakeholders("risk.split_incentives_at_stake", {"owner": owner, "occupant": occupant},
                                 net=money_text(x), share=_share(share), stake=text(stake), scenario=_under(o))
    return body


def _loss_body(who: str, stake: str) -> Callable[[Outcome, float, float], Text]:
    def body(o: Outcome, x: float, share: float) -> Text:
        refunded = o.refinanced.get(who, 0.0)
        if refunded >= 1:  # the net value shown elsewhere includes the feed-in it is refunded for
            return with_stakeholders("risk.loss_refunded", {"who": who}, net=money_text(x), share=_share(share),
                                     stake=text(stake), scenario=_under(o), refunded=money_text(refunded))
        return with_stakeholders("risk.loss", {"who": who}, net=money_text(x), share=_share(share), stake=text(stake),
                                 scenario=_under(o))
    return body


def _losses(ctx: Context, outcomes: Sequence[Outcome]) -> list[_Candidate]:
    out = []
    base = outcomes[0]
    occupants = {g.occupant.value for g in ctx.district.buildings}
    flow_cards = tuple(c.id for c in ctx.cards if c.effects.value_flows)[:6]
    for who in ctx.present:
        if who in FUNDERS:
            continue
        stake, stake_text = _stake(ctx, who)
        # A split incentive is a landlord's: it pays for measures in its own buildings while their
        # occupants keep the savings (IEA 2007, "Mind the gap"). A party owning no occupied
        # building (the city running an orchestrator in Lyon) simply loses money.
        tenants = {g.occupant.value for g in ctx.district.buildings if g.owner.value == who and g.occupant.value != who}
        gainers = sorted((k for k, v in base.net.items() if v > 0 and k != who and k in occupants & tenants),
                         key=lambda k: -base.net[k])
        split = bool(gainers) and _loss(who)(base) > 0
        body = _split_body(who, gainers[0], stake_text) if split else _loss_body(who, stake_text)
        annualised = stake_text == "stake.investment" or base.invested.get(who, 0.0) > 0
        out.append(_Candidate(RiskKind.SPLIT_INCENTIVES if split else RiskKind.PARTICIPATION,
                              "risk.split_incentives" if split else "risk.net_negative", who, _loss(who), "EUR/yr",
                              stake, stake_text, body, flow_cards, "risk.loss",
                              source=ctx.stake_basis(who) if annualised else LOSS_SOURCE,
                              references=(*SOURCES, "vdi-2067-1-2012") if annualised else SOURCES))
    return out


def _gap(ctx: Context) -> _Candidate:
    def body(o: Outcome, x: float, share: float) -> Text:
        return text("risk.financing_gap", gap=money_text(x), capex=money_text(o.capex))
    return _Candidate(RiskKind.FINANCING_GAP, "risk.financing_gap", ctx.owner, lambda o: o.gap if o.gap > 1 else 0.0, "EUR",
                      lambda o: o.capex, "stake.capex", body,
                      tuple(c.id for c in ctx.cards if c.effects.capital or c.category is Category.ENERGY), "risk.financing_gap")


def _balance(ctx: Context) -> _Candidate:
    def deficit(o: Outcome) -> float:
        return -o.run.pe_balance_mwh if o.run.pe_balance_mwh < 0 else 0.0

    def stake(o: Outcome) -> float:  # the reference's primary-energy deficit: what the district must close
        ref = o.reference.pe_balance_mwh if o.reference else o.run.pe_balance_mwh
        return max(-ref, deficit(o), 1.0)

    def body(o: Outcome, x: float, share: float) -> Text:
        code = "risk.ped_missed" if o.scenario is None else "risk.ped_lost"
        return text(code, balance=energy_text(-x), scenario=_under(o))
    measures = tuple(c.id for c in ctx.cards if c.category is Category.ENERGY)
    return _Candidate(RiskKind.PED_BALANCE, "risk.ped_missed", None, deficit, "MWh_PE/yr", stake, "stake.pe_deficit", body,
                      measures, "risk.ped_balance", ctx.district.primary_energy.source)


def _grid(ctx: Context) -> _Candidate:
    capacity = ctx.district.regulation.grid_capacity_kw

    def excess(o: Outcome) -> float:
        return max(o.run.peak_export_kw - capacity, 0.0)

    def body(o: Outcome, x: float, share: float) -> Text:
        return text("risk.grid_export", kw=round(o.run.peak_export_kw), limit=round(capacity))
    measures = tuple(c.id for c in ctx.cards if c.category is Category.ENERGY)
    return _Candidate(RiskKind.GRID_CONSTRAINTS, "risk.grid_export", Stakeholder.DSO.value, excess, "kW",
                      lambda o: capacity, "stake.grid_capacity", body, measures, "risk.grid_export", ctx.district.regulation.source)


def _idle_battery(ctx: Context) -> _Candidate:
    """An idle asset: a battery that cycles far less than it is built for. Equivalent full
    cycles = battery discharge (self-consumption and the flexibility market) / nominal capacity,
    the measure of the ``warn.idle_asset`` warning; below the same threshold
    (:data:`game_rules.community_battery.IDLE_CYCLES_PER_YEAR`, with its source and range) the
    idle share 1 - cycles / :data:`DESIGN_CYCLES` of its investment annuity is the exposure."""
    from game_rules.community_battery import IDLE_CYCLES_PER_YEAR

    def cycles(o: Outcome) -> float:
        return (o.run.battery_out_kwh + o.market_battery_kwh) / o.battery_kwh if o.battery_kwh > 0 else 0.0

    def exposure(o: Outcome) -> float:
        if o.battery_capex <= 0 or o.battery_kwh <= 0 or cycles(o) >= IDLE_CYCLES_PER_YEAR:
            return 0.0
        return (1 - min(cycles(o) / DESIGN_CYCLES, 1.0)) * ctx.annuity(ctx.owner, o.battery_capex)

    def body(o: Outcome, x: float, share: float) -> Text:
        return text("risk.idle_battery", cycles=round(cycles(o)), design=DESIGN_CYCLES, idle=money_text(x), scenario=_under(o))
    cards = tuple(c.id for c in ctx.cards if "battery.kwh" in {p.param for p in c.effects.parameters})
    return _Candidate(RiskKind.TECHNOLOGY, "risk.idle_battery", ctx.owner, exposure, "EUR/yr",
                      lambda o: ctx.annuity(ctx.owner, o.battery_capex), "stake.battery", body, cards, "risk.idle_asset",
                      source=ctx.stake_basis(ctx.owner), references=(*SOURCES, "vdi-2067-1-2012"))


def _p2p_leavers(ctx: Context) -> _Candidate:
    """Participation: members of the peer-to-peer market who would be better off not trading
    (game_rules.p2p, ``Market.leavers``), in the base world; the stake is the market's members."""
    leavers, members, loss = ctx.p2p_leavers

    def body(o: Outcome, x: float, share: float) -> Text:
        return text("risk.p2p_leavers", leavers=round(x), members=members, loss=money_text(loss))
    cards = tuple(c.id for c in ctx.cards if "p2p_trading" in c.effects.tags)
    return _Candidate(RiskKind.PARTICIPATION, "risk.p2p_leavers", None,
                      lambda o: float(leavers) if o.scenario is None else 0.0, "members",
                      lambda o: float(max(members, 1)), "stake.p2p_members", body, cards, "risk.p2p_leavers",
                      references=("zhou-2018-p2p-mechanisms",))


def _npv(ctx: Context, outcomes: Sequence[Outcome]) -> list[_Candidate]:
    out = []
    base = outcomes[0]
    for who, value in base.npv.items():
        if value < 0 or base.invested.get(who, 0.0) <= 0:
            continue  # a loss in the base world, or without investment, is the ``loss`` risk

        def shortfall(o: Outcome, who: str = who) -> float:
            # A lender at its cost of funds has NPV 0 up to rounding: no shortfall below the loss floor.
            v = o.npv.get(who, 0.0)
            return -v if v < -MIN_LOSS_EUR and o.scenario is not None else 0.0

        def body(o: Outcome, x: float, share: float, who: str = who) -> Text:
            return with_stakeholders("risk.npv_negative", {"who": who}, years=ctx.years, scenario=_under(o))
        def invested(o: Outcome, who: str = who) -> float:
            return o.invested.get(who, 0.0)
        out.append(_Candidate(RiskKind.INTEREST_RATE, "risk.npv_negative", who, shortfall, "EUR",
                              invested, "stake.investment_total", body,
                              tuple(c.id for c in ctx.cards if c.effects.capital), "risk.npv_negative"))
    return out


def _rate(c: _Candidate, outcomes: Sequence[Outcome]) -> tuple[int, int, float, float, Outcome] | None:
    """(probability, impact, exposure, share, outcome) of ``c`` in the world where it scores
    highest (probability of that world x impact there), or None when no world triggers it."""
    best: tuple[int, int, float, float, Outcome] | None = None
    for o in outcomes:
        x = c.exposure(o)
        if x <= 0:
            continue
        stake = c.stake(o)
        share = x / stake if stake > 1.0 else 1.0
        p, i = (4 if o.scenario is None else o.likelihood), impact(share)
        if best is None or p * i > best[0] * best[1]:
            best = (p, i, x, share, o)
    return best


def _regulatory(ctx: Context) -> list[Risk]:
    """Each rule the base run breaks (:func:`game_rules.regulation.findings`): certain
    (probability 4); impact by the share above a quantitative limit (power cap, price cap), 4
    where the legal route is closed (another country's law, not in force, perimeter)."""
    out = []
    for f in ctx.findings:
        measured = f.value is not None and f.limit is not None and f.value > 0 and f.code != "risk.perimeter"
        level = impact((f.value - f.limit) / f.value) if measured and f.value and f.limit is not None else 4
        excess = f.value - f.limit if f.value is not None and f.limit is not None else None
        out.append(Risk(kind=RiskKind.REGULATORY.value, code=f.code, probability=4, impact=level, score=4 * level,
                        text=f.text, bearer=ctx.owner, exposure=excess, exposure_unit=f.unit or None,
                        triggered_by=("base",),
                        provenance=Provenance(cards=f.cards, rule=f"regulatory.{f.rule}", source=f.legal,
                                              references=(*f.references, *SOURCES))))
    return out


def _candidates_for(kind: RiskKind, ctx: Context) -> list[Card]:
    """Deck cards not on the table that may lower ``kind`` (tried, then kept only when the
    re-run shows a lower exposure): for a financing gap the cards that bring capital, most
    capital first; otherwise the cards that declare the strongest lowering of that kind."""
    on_table = {c.id for c in ctx.cards}
    playable = [c for c in ctx.deck if c.category not in (Category.ROLE, Category.SCENARIO) and c.id not in on_table]
    if kind is RiskKind.FINANCING_GAP:
        capital = [c for c in playable if c.effects.capital]
        capital.sort(key=lambda c: -max(s.max_share_of_capex for s in c.effects.capital))
        return capital[:MAX_CANDIDATES]
    found = [c for c in playable if any(m.risk is kind and (m.probability < 0 or m.impact < 0) for m in c.effects.risks)]
    found.sort(key=lambda c: min(m.probability + m.impact for m in c.effects.risks if m.risk is kind))
    return found[:MAX_CANDIDATES]


def _mitigations(c: _Candidate, worst: Outcome, exposure: float, ctx: Context) -> tuple[Mitigation, ...]:
    if ctx.rerun is None:
        return ()
    out = []
    for card in _candidates_for(c.kind, ctx):
        again = ctx.rerun(card, worst.scenario)
        if again is None:
            continue
        after = c.exposure(again)
        if after < exposure * (1 - MIN_REDUCTION):
            out.append(Mitigation(card=card.id, exposure_after=after, reduction=exposure - after, unit=c.unit,
                                  provenance=Provenance(cards=(card.id,), rule=f"mitigation: {c.rule} re-run with {card.id}",
                                                        source=MITIGATION_SOURCE, references=SOURCES)))
    out.sort(key=lambda m: -m.reduction)
    return tuple(out[:MAX_MITIGATIONS])


def _scenario_kind(o: Outcome) -> RiskKind:
    """A risk that only a scenario triggers is filed under what the scenario changed."""
    changed = {k for k, v in o.params.origin.items() if o.scenario in v}
    if "participation.share" in changed:
        return RiskKind.PARTICIPATION
    if any(name.startswith("finance.") for name in changed):
        return RiskKind.INTEREST_RATE
    if any(name.startswith("regulation.") or name in ("tariff.surcharge", "tariff.feed_in") for name in changed):
        return RiskKind.REGULATORY
    if any(name.startswith("demand.") or name in ("pv.yield_factor", "grid.export_limit") for name in changed):
        return RiskKind.TECHNOLOGY
    return RiskKind.PRICE_VOLATILITY


def compute(ctx: Context, outcomes: Sequence[Outcome]) -> list[Risk]:
    """All computed risks, highest score first (ties: larger share of the stake first); the
    :data:`MITIGATED` highest get their mitigating cards by re-run."""
    candidates = [*_losses(ctx, outcomes), _gap(ctx), _balance(ctx), _grid(ctx), _idle_battery(ctx), _p2p_leavers(ctx),
                  *_npv(ctx, outcomes)]
    rated: list[tuple[_Candidate, tuple[int, int, float, float, Outcome]]] = []
    for c in candidates:
        found = _rate(c, outcomes)
        if found is not None:
            rated.append((c, found))
    rated.sort(key=lambda r: (-r[1][0] * r[1][1], -r[1][3], r[0].kind.value))
    risks: list[tuple[Risk, float]] = []
    for rank, (c, (p, i, x, share, shown)) in enumerate(rated):
        kind = c.kind if c.kind not in (RiskKind.PARTICIPATION, RiskKind.INTEREST_RATE) or shown.scenario is None else _scenario_kind(shown)
        triggers = tuple(o.scenario or "base" for o in outcomes if c.exposure(o) > 0)
        cards = tuple(dict.fromkeys((*((shown.scenario,) if shown.scenario else ()), *c.cards)))
        mitigations = _mitigations(c, shown, x, ctx) if rank < MITIGATED else ()
        risks.append((Risk(
            kind=kind.value, code=c.code, probability=p, impact=i, score=p * i, scenario=shown.scenario,
            text=c.body(shown, x, share), bearer=c.bearer, exposure=x, exposure_unit=c.unit, stake=c.stake(shown),
            stake_label=text(c.stake_text), share=share, triggered_by=triggers,
            mitigating_cards=tuple(m.card for m in mitigations), mitigations=mitigations,
            provenance=Provenance(cards=cards, rule=c.rule, source=c.source, references=c.references),
        ), share))
    risks += [(r, 1.0) for r in _regulatory(ctx)]
    risks.sort(key=lambda r: (-r[0].score, -r[1], r[0].kind))
    return [r for r, _ in risks]
