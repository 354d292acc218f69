"""Risks, computed from the assessment rather than looked up, rated on the COBEN 4 x 4 matrix.

Triggers (rule names as in ``docs/rules.md``):

* ``net_negative``: a stakeholder in the model loses money per year (base: probability 3;
  only under a scenario: 2); impact by the loss relative to the CAPEX annuity (≥ 50 %: 4,
  ≥ 20 %: 3, else 2). When the loser is the asset owner and occupants gain: split incentives.
  Feed-in paid by the regime's obligated buyer is refinanced outside the district (DE: the EEG
  account, EEG 2023 § 57 ff.; FR: the public-service charges, CSPE, Code de l'énergie L121-7),
  so it is added back before this test (``Outcome.refinanced``): a buyer is not at risk for it.
* ``financing_gap``: CAPEX not covered by capital (probability 4; impact 4 if > 50 %, 3 if
  > 20 %, else 2).
* ``regulatory``: a French collective self-consumption beyond the perimeter or power cap; a
  Mieterstrom price above the cap; a card that works under another regime only; energy sharing
  or P2P trading where the rules do not allow it yet (probability 4, impact 3-4).
* ``ped_balance``: a positive primary-energy balance lost under a scenario, or never reached.
* ``grid_constraints``: peak export above the district's grid capacity.
* ``interest_rate``: an investor's NPV turns negative under a scenario.
* ``data_privacy``: consumption data shared (smart meters, data platforms, P2P); lower when a
  non-profit coordinates (FACTS.md: trust is higher in non-profits).
* ``card``: a card on the table raises a risk kind that no trigger above produced.

Then the table's cards' ``effects.risks`` modifiers move probability and impact (clamped 1-4),
and every risk lists the deck's cards that would lower it (mitigating cards).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cards.deck import Deck
from cards.effects import RiskKind, Stakeholder
from cards.model import Card, Category
from game_rules.districts import District
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.results import Provenance, Risk
from game_rules.texts import (
    Text,
    card_name,
    card_names,
    energy_text,
    money_text,
    pct,
    regimes,
    text,
    with_stakeholders,
)

#: Tags whose card only works under one regulation regime (FACTS.md).
REGIME_TAGS: dict[str, str] = {"mieterstrom": "DE", "shared_building_supply": "DE",
                               "collective_self_consumption": "FR"}
NON_PROFIT = frozenset({Stakeholder.COOPERATIVE.value, Stakeholder.CITY.value, Stakeholder.ORCHESTRATOR.value,
                        Stakeholder.RESIDENTS.value, Stakeholder.ENERGY_AGENCY.value})


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


@dataclass(frozen=True)
class Context:
    district: District
    cards: tuple[Card, ...]
    deck: Deck
    owner: str
    coordinator: str | None
    capex: float
    capex_annuity: float
    gap: float
    tags: frozenset[str]
    present: tuple[str, ...]


def _raw(kind: RiskKind, code: str, p: int, i: int, body: Text, cards: tuple[str, ...], rule: str,
         scenario: str | None = None, source: str = "") -> Risk:
    return Risk(kind=kind.value, code=code, probability=p, impact=i, score=p * i, scenario=scenario, text=body,
                provenance=Provenance(cards=cards, rule=rule, source=source))


def _under(outcome: Outcome) -> Text:
    if outcome.scenario is None or outcome.label is None:
        return Text.same("")
    return text("scenario.under", name=outcome.label)


def _net_risks(ctx: Context, outcomes: Sequence[Outcome]) -> list[Risk]:
    out: list[Risk] = []
    base_net = outcomes[0].net
    for who in ctx.present:
        for outcome in outcomes:
            value = outcome.net.get(who, 0.0) + outcome.refinanced.get(who, 0.0)
            base_value = base_net.get(who, 0.0) + outcomes[0].refinanced.get(who, 0.0)
            if value >= -1 or (outcome.scenario is not None and base_value < -1):
                continue
            share = -value / max(ctx.capex_annuity, 1.0)
            impact = 4 if share >= 0.5 else 3 if share >= 0.2 else 2
            probability = 3 if outcome.scenario is None else 2
            under = _under(outcome)
            body = with_stakeholders("risk.net_negative", {"who": who}, net=money_text(-outcome.net.get(who, 0.0)), scenario=under)
            # Split incentives: the owner pays while the occupants, whose bills fall, gain.
            occupants = {g.occupant.value for g in ctx.district.buildings}
            gainers = sorted((k for k, v in outcome.net.items() if v > 0 and k != who and k in occupants),
                             key=lambda k: -outcome.net[k])
            split = who == ctx.owner and bool(gainers) and outcome.scenario is None
            kind = RiskKind.SPLIT_INCENTIVES if split else _scenario_kind(outcome)
            if split:
                body = with_stakeholders("risk.split_incentives", {"owner": who, "occupant": gainers[0]})
            cards = tuple(c for c in (outcome.scenario,) if c)
            out.append(_raw(kind, "risk.split_incentives" if split else "risk.net_negative", probability, impact, body,
                            cards + tuple(c.id for c in ctx.cards if c.effects.value_flows)[:6], "net_negative", outcome.scenario))
    return out


def _scenario_kind(outcome: Outcome) -> RiskKind:
    """A loss in the base case means the stakeholder will not join (participation); under a
    scenario the kind follows what the scenario changed."""
    changed = _changed(outcome)
    if outcome.scenario is None or "participation.share" in changed:
        return RiskKind.PARTICIPATION
    if any(name.startswith("finance.") for name in changed):
        return RiskKind.INTEREST_RATE
    if any(name.startswith("regulation.") or name == "tariff.surcharge" for name in changed):
        return RiskKind.REGULATORY
    return RiskKind.PRICE_VOLATILITY


def _changed(outcome: Outcome) -> set[str]:
    return {k for k, v in outcome.params.origin.items() if outcome.scenario in v}


def _regulatory(ctx: Context, base: Outcome) -> list[Risk]:
    d, params, out = ctx.district, base.params, []
    # Only mechanism cards (how, governance) commit the table to one legal route.
    mechanisms = [c for c in ctx.cards if c.category in (Category.HOW, Category.GOVERNANCE)]
    by_tag = {tag: tuple(c.id for c in mechanisms if tag in c.effects.tags) for tag in ctx.tags}
    src = d.regulation.source
    if by_tag.get("collective_self_consumption") and d.regime == "FR":
        limit = params["regulation.perimeter_limit_km"]
        if d.regulation.perimeter_km > limit:
            out.append(_raw(RiskKind.REGULATORY, "risk.perimeter", 4, 4, text("risk.perimeter", km=d.regulation.perimeter_km, limit=limit),
                            by_tag["collective_self_consumption"], "regulatory.perimeter", source=src))
        if base.run.kwp > params["regulation.power_cap_kw"]:
            out.append(_raw(RiskKind.REGULATORY, "risk.power_cap", 4, 3, text("risk.power_cap", kw=round(base.run.kwp), limit=round(params["regulation.power_cap_kw"])),
                            by_tag["collective_self_consumption"], "regulatory.power_cap", source=src))
    if by_tag.get("mieterstrom") and d.regime == "DE" and params["tariff.local_ratio"] > params["regulation.mieterstrom_cap"] + 1e-9:
        out.append(_raw(RiskKind.REGULATORY, "risk.mieterstrom_cap", 4, 3,
                        text("risk.mieterstrom_cap", ratio=pct(params["tariff.local_ratio"]), cap=pct(params["regulation.mieterstrom_cap"])),
                        by_tag["mieterstrom"] + tuple(params.origin.get("tariff.local_ratio", ())), "regulatory.mieterstrom_cap", source="§42a EnWG (FACTS.md)"))
    for tag, regime in REGIME_TAGS.items():
        if by_tag.get(tag) and d.regime != regime:
            for card_id in by_tag[tag]:
                out.append(_raw(RiskKind.REGULATORY, "risk.regime", 4, 4, text("risk.regime", card=card_name(ctx.deck.get(card_id)), needs=regimes((regime,)), regime=regimes((d.regime,))),
                                (card_id,), "regulatory.regime", source="FACTS.md"))
    for tag, flag in (("energy_sharing", "regulation.energy_sharing"), ("p2p_trading", "regulation.p2p_allowed")):
        if by_tag.get(tag) and params[flag] < 0.5 and not (tag == "energy_sharing" and d.regime == "FR"):
            for card_id in by_tag[tag]:
                out.append(_raw(RiskKind.REGULATORY, "risk.sharing_not_allowed", 3, 3, text("risk.sharing_not_allowed", card=card_name(ctx.deck.get(card_id))),
                                (card_id,), f"regulatory.{tag}", source="FACTS.md (§42c EnWG from June 2026)"))
    return out


def _balance(ctx: Context, outcomes: Sequence[Outcome]) -> list[Risk]:
    base = outcomes[0]
    measures = tuple(c.id for c in ctx.cards if c.category is Category.ENERGY)
    if base.run.pe_balance_mwh < 0:
        return [_raw(RiskKind.PED_BALANCE, "risk.ped_missed", 4, 2, text("risk.ped_missed", balance=energy_text(base.run.pe_balance_mwh)),
                     measures, "ped_balance", source=ctx.district.primary_energy.source)]
    out = []
    for o in outcomes[1:]:
        if o.run.pe_balance_mwh < 0:
            body = text("risk.ped_lost", scenario=_under(o), balance=energy_text(o.run.pe_balance_mwh))
            out.append(_raw(RiskKind.PED_BALANCE, "risk.ped_lost", 2, 3, body, (*((o.scenario,) if o.scenario else ()), *measures),
                            "ped_balance", o.scenario, ctx.district.primary_energy.source))
    return out


def _other(ctx: Context, outcomes: Sequence[Outcome]) -> list[Risk]:
    base, out = outcomes[0], []
    measures = tuple(c.id for c in ctx.cards if c.category is Category.ENERGY)
    if ctx.gap > 1:
        share = ctx.gap / max(ctx.capex, 1.0)
        out.append(_raw(RiskKind.FINANCING_GAP, "risk.financing_gap", 4, 4 if share > 0.5 else 3 if share > 0.2 else 2,
                        text("risk.financing_gap", gap=money_text(ctx.gap), capex=money_text(ctx.capex)),
                        tuple(c.id for c in ctx.cards if c.effects.capital) + measures, "financing_gap"))
    capacity = ctx.district.regulation.grid_capacity_kw
    if base.run.peak_export_kw > capacity:
        out.append(_raw(RiskKind.GRID_CONSTRAINTS, "risk.grid_export", 3, 3,
                        text("risk.grid_export", kw=round(base.run.peak_export_kw), limit=round(capacity)),
                        measures, "grid_export", source=ctx.district.regulation.source))
    for o in outcomes[1:]:
        for who, value in o.npv.items():
            if value < 0 <= base.npv.get(who, 0.0) and "finance.rate_add" in _changed(o):
                body = with_stakeholders("risk.npv_negative", {"who": who}, years=ctx.district.finance.lifetime_years, scenario=_under(o))
                out.append(_raw(RiskKind.INTEREST_RATE, "risk.npv_negative", 2, 3, body, (o.scenario or "",), "interest_rate", o.scenario))
    data_tags = {"smart_meters", "data_platform", "p2p_trading"} & ctx.tags
    if data_tags:
        p = 1 if ctx.coordinator in NON_PROFIT else 2
        cards = tuple(c.id for c in ctx.cards if data_tags & set(c.effects.tags))
        out.append(_raw(RiskKind.DATA_PRIVACY, "risk.data_privacy", p, 2, text("risk.data_privacy"), cards, "data_privacy"))
    return out


_MITIGATORS: dict[tuple[str, int, int, str], tuple[str, ...]] = {}


def _mitigators(kind: str, deck: Deck) -> tuple[str, ...]:
    key = (deck.deck_id, deck.version, id(deck), kind)
    if key not in _MITIGATORS:
        _MITIGATORS[key] = _find_mitigators(kind, deck)
    return _MITIGATORS[key]


def _find_mitigators(kind: str, deck: Deck) -> tuple[str, ...]:
    found = [c.id for c in deck if c.category not in (Category.ROLE, Category.SCENARIO) and any(m.risk.value == kind and (m.probability < 0 or m.impact < 0) for m in c.effects.risks)]
    return tuple(found[:8])


def _modify(risk: Risk, ctx: Context) -> Risk:
    dp = di = 0
    movers: list[str] = []
    for card in ctx.cards:
        for mod in card.effects.risks:
            if mod.risk.value == risk.kind and (mod.probability or mod.impact):
                dp += mod.probability
                di += mod.impact
                movers.append(card.id)
    p = max(1, min(4, risk.probability + dp))
    i = max(1, min(4, risk.impact + di))
    cards = tuple(dict.fromkeys([*risk.provenance.cards, *movers]))
    return risk.model_copy(update={"probability": p, "impact": i, "score": p * i,
                                   "mitigating_cards": _mitigators(risk.kind, ctx.deck),
                                   "provenance": risk.provenance.model_copy(update={"cards": cards})})


def _card_raised(ctx: Context, computed: set[str]) -> list[Risk]:
    out = []
    for kind in RiskKind:
        if kind.value in computed:
            continue
        raisers = [c for c in ctx.cards for m in c.effects.risks if m.risk is kind and m.probability > 0]
        if raisers:
            unique = list({c.id: c for c in raisers}.values())
            out.append(_raw(kind, "risk.card", 1, 2, text("risk.card", card=card_names(unique)), tuple(dict.fromkeys(c.id for c in raisers)), "card_risk"))
    return out


def compute(ctx: Context, outcomes: Sequence[Outcome]) -> list[Risk]:
    """All risks, modified by the table's cards, highest score first."""
    raw = [*_net_risks(ctx, outcomes), *_regulatory(ctx, outcomes[0]), *_balance(ctx, outcomes), *_other(ctx, outcomes)]
    raw += _card_raised(ctx, {r.kind for r in raw})
    rated = [_modify(r, ctx) for r in raw]
    return sorted(rated, key=lambda r: (-r.score, r.kind))
