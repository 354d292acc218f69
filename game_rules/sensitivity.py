"""One-at-a-time sensitivity (a tornado) of the project NPV and key KPIs.

Each parameter is moved to a low and a high value while all others stay at base; the project
and its reference are re-run with the parameter changed in the district's defaults, so the
table's cards act on top of it and a world parameter (a price, the PV yield) changes the
reference too (:mod:`game_rules.scenarios`). Ranges (docs/rules.md, "Sensitivity"):

* an assumption's plausible range: the district's own range for a district value it lists as
  an assumption, else ``ParamSpec.plausible`` (:func:`game_rules.params.assumption_of`); such a
  bar is marked as an assumption and its source is the district's (or vocabulary's) phrase;
* otherwise ±20 % around the value (a sourced value or a neutral factor), clamped to the
  parameter's bounds; a value of 0 has no such range and is left out;
* a value a card sets with a stated ``assumption [low-high]``: that range (:func:`card_assumptions`).

Parameters: the prices (electricity, feed-in, gas, heat), the investment level (``capex.factor``),
the discount rate, the PV yield, participation, and every parameter whose value in the district
is an assumption (unsourced, listed in the district's ``assumptions``, or a foreign stand-in),
the lifecycle's among them (asset lifetimes, O&M level, escalations, residual-value method:
``game_rules.cashflow.LIFECYCLE_PARAMS``, which move only the finance), and the grants the cards
state with a share-of-CAPEX range (:func:`grant_span`); with shared cars on the table, the two
numbers the eMaaS users' saving rests on (:data:`EMAAS`), sourced or not.
This is the one-way (one-at-a-time) sensitivity analysis of project appraisal. Rows come
largest NPV swing first; parameters that move neither the NPV nor a key KPI for this table
(e.g. the battery price on a table without a battery) are listed apart (``no_effect``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from cards.effects import Op
from cards.model import Card
from game_rules.districts import District
from game_rules.kpis import Annual
from game_rules.params import (
    VOCABULARY,
    AssumedValue,
    Params,
    ParamSpec,
    assumption_of,
    parameter_references,
)
from game_rules.references import assumption_range
from game_rules.results import Financing, Provenance, Sensitivity, SensitivityRow, StakeholderValue
from game_rules.texts import CATALOGUE, Text, text


# What the tornado reads of an assessment (game_rules.assessment.Prepared and its outcomes),
# stated as protocols so that the assessment may call this module without a cycle back.
class _Outcome(Protocol):
    @property
    def run(self) -> Annual: ...
    @property
    def reference(self) -> Annual: ...
    @property
    def values(self) -> tuple[StakeholderValue, ...]: ...
    @property
    def financing(self) -> Financing: ...


class _Table(Protocol):
    @property
    def district(self) -> District: ...
    @property
    def cards(self) -> tuple[Card, ...]: ...
    @property
    def base(self) -> Params: ...


class Prepared(Protocol):
    """A table read for one district (``game_rules.assessment.prepare``)."""

    @property
    def table(self) -> _Table: ...
    @property
    def main(self) -> _Outcome: ...
    @property
    def params(self) -> Params: ...
    def evaluate(self, overrides: Mapping[str, float]) -> _Outcome: ...
    def evaluate_on_cards(self, overrides: Mapping[str, float]) -> _Outcome: ...

#: Always varied: prices, investment level, discount rate, PV yield, participation.
CORE: tuple[str, ...] = (
    "tariff.electricity", "tariff.feed_in", "tariff.feed_in_after_term", "tariff.gas", "tariff.heat", "capex.factor",
    "finance.discount_rate", "pv.yield_factor", "participation.share",
)
#: The eMaaS users' saving (:func:`game_rules.emaas.cost_items`): varied across their plausible
#: ranges whenever shared cars are on the table, sourced or not, since this one line can turn
#: the project NPV's sign (docs/rules.md, "The markets in the project NPV").
EMAAS: tuple[str, ...] = ("emaas.cars_replaced_per_shared_car", "emaas.private_car_eur_per_yr",
                          "emaas.substitute_mobility_eur_per_yr")
#: Sourced values are varied by this share either side when no plausible range is given.
SOURCED_SPAN = 0.2
#: An NPV swing below this [EUR] is rounding: with no KPI moving either, the row is "no effect".
NO_EFFECT_EUR = 1.0
#: KPIs reported at each bar end (keys as in ``Assessment.kpis``).
KEY_KPIS: tuple[str, ...] = ("self_sufficiency", "renewable_share", "co2_reduction", "pe_balance", "worst_stakeholder")
METHOD = ("one-at-a-time: each parameter at the low and high end of the range the district states for it, else "
          "its plausible range (assumptions) or ±20 % (sourced values), all others at base; project and reference "
          "re-run in the same world")


def plausible(spec: ParamSpec) -> tuple[float, float] | None:
    """The parameter's plausible range (low, high), or None (a sourced value: ±20 %)."""
    if spec.plausible is None:
        return None
    low, high = spec.plausible
    return float(low), float(high)


def is_assumption(spec: ParamSpec) -> bool:
    """True when the parameter's default has no published source (``ParamSpec.assumption``)."""
    return spec.assumption


def parameters(district: District | None = None, base: Params | None = None, emaas: bool = False) -> tuple[str, ...]:
    """The parameters of the tornado: :data:`CORE` then every assumption, vocabulary order; with
    a ``district`` and its ``base`` parameters, every value that is an assumption there
    (:func:`game_rules.params.assumption_of`: unsourced, the district's, or a foreign stand-in);
    with ``emaas`` (shared cars on the table) also :data:`EMAAS`."""
    if district is not None and base is not None:
        extra = [name for name in VOCABULARY if name not in CORE and assumption_of(name, district, base) is not None]
    else:
        extra = [name for name, spec in VOCABULARY.items() if is_assumption(spec) and name not in CORE]
    if emaas:
        extra += [name for name in EMAAS if name not in extra]
    return (*CORE, *extra)


def span(name: str, base: float, assumed: AssumedValue | None = None) -> tuple[float, float, str] | None:
    """(low, high, basis) of parameter ``name`` around ``base``: ``assumed``'s range when given
    (the value is an assumption in this district), else the spec's plausible range, else ±20 %;
    None when there is no range."""
    spec = VOCABULARY[name]
    rng = (assumed.low, assumed.high) if assumed is not None else plausible(spec)
    if rng is not None:
        low, high = rng
        basis = "plausible"
    else:
        if abs(base) < 1e-12:
            return None
        low, high = base * (1 - SOURCED_SPAN), base * (1 + SOURCED_SPAN)
        basis = "±20 %"
    low, high = max(spec.low, min(low, high)), min(spec.high, max(low, high))
    if high - low < 1e-12:
        return None
    return low, high, basis


def label(name: str) -> Text:
    """The parameter's name for people in every language (``param.<name>`` in the catalogue).
    A parameter added to the vocabulary without a label yet shows its dotted name (a test keeps
    every tornado parameter labelled), so a workshop never fails on a missing label."""
    if f"param.{name}" not in CATALOGUE:
        return Text.same(name)
    return text(f"param.{name}")


#: The method of the tornado: one-way sensitivity analysis of project appraisal (EC CBA guide).
METHOD_REFERENCES: tuple[str, ...] = ("ec-cba-guide-2014",)


def _references(name: str, prep: Prepared) -> tuple[str, ...]:
    """The bibliography ids behind a tornado bar: those of the varied parameter's base value
    (its own, the district section or rule it is read from:
    :func:`game_rules.params.parameter_references`), then the method's (:data:`METHOD_REFERENCES`)."""
    refs = parameter_references(name, prep.table.district, prep.table.base)
    return tuple(dict.fromkeys((*refs, *METHOD_REFERENCES)))


def _source(name: str, spec: ParamSpec, assumed: AssumedValue | None) -> str:
    """A bar's source phrase: the district's (or vocabulary's) own phrase for an assumption with
    its range, else the parameter's source."""
    if assumed is None:
        return f"{name}: {spec.source}"
    return f"{name}: {assumed.reason}; assumption [{assumed.low:g}-{assumed.high:g}]"


def key_kpis(o: _Outcome) -> dict[str, float]:
    """The :data:`KEY_KPIS` of one outcome (fractions, MWh_PE/yr, EUR/yr)."""
    r, ref = o.run, o.reference
    return {
        "self_sufficiency": r.self_sufficiency,
        "renewable_share": r.renewable_share,
        "co2_reduction": 1 - r.co2_t / ref.co2_t if ref.co2_t > 0 else 0.0,
        "pe_balance": r.pe_balance_mwh,
        "worst_stakeholder": min((v.net for v in o.values), default=0.0),
    }


def _ends(lo: _Outcome, hi: _Outcome) -> dict[str, Any] | None:
    """A bar's NPV and key KPIs at its two ends, or None when neither moves (a "no effect" row)."""
    k_lo, k_hi = key_kpis(lo), key_kpis(hi)
    if abs(hi.financing.npv - lo.financing.npv) < NO_EFFECT_EUR and all(
            abs(k_hi[k] - k_lo[k]) <= 1e-9 * max(1.0, abs(k_lo[k])) for k in k_lo):
        return None
    return {"npv_low": lo.financing.npv, "npv_high": hi.financing.npv, "kpis_low": k_lo, "kpis_high": k_hi}


def card_assumptions(prep: Prepared) -> dict[str, tuple[float, float, float, str]]:
    """Values the table's cards set or change with a stated ``assumption [low-high]`` (e.g. a
    deep retrofit at 450 EUR/m², assumption [300-700]): parameter -> (value on the table, low,
    high, card id), the range carried to the value on the table (``add``: shifted by the
    difference, ``mul``: scaled by the ratio). Varying such a parameter on the base moves
    nothing, since the card overrides it; the tornado varies it on top of the cards instead."""
    out: dict[str, tuple[float, float, float, str]] = {}
    on_table = prep.params
    for card in prep.table.cards:
        for change in card.effects.parameters:
            rng = assumption_range(change.source)
            if rng is None or change.param not in VOCABULARY:
                continue
            value, (lo, hi) = on_table[change.param], rng
            if change.op is Op.SET:
                low, high = lo, hi
            elif change.op is Op.ADD:
                low, high = value + lo - change.value, value + hi - change.value
            elif abs(change.value) > 1e-12:
                low, high = value * lo / change.value, value * hi / change.value
            else:
                continue
            spec = VOCABULARY[change.param]
            low, high = max(spec.low, min(low, high)), min(spec.high, max(low, high))
            if high - low > 1e-12:
                out[change.param] = (value, low, high, card.id)
    return out


#: The parameter that scales every grant (:func:`game_rules.financing.allocate`).
GRANT_FACTOR = "finance.grant_factor"


def grant_span(prep: Prepared) -> tuple[float, float, str] | None:
    """(low, high, card ids) of ``finance.grant_factor`` that move the table's grants to the
    ends of the share-of-CAPEX ranges their cards state (``assumption [0.2-0.5] (share of
    CAPEX)``): the factor scales every grant alike, so with several grants the bar spans the
    widest of their ranges (low: the lowest low / stated share, high: the highest high /
    stated share). None when no grant on the table states a range."""
    from cards.effects import CapitalKind
    from game_rules.model_assumptions import assumption_span

    ratios: list[tuple[float, float]] = []
    cards: list[str] = []
    for card in prep.table.cards:
        for source in card.effects.capital:
            rng = assumption_span(source.source)
            if source.kind is not CapitalKind.GRANT or rng is None or source.max_share_of_capex <= 0:
                continue
            if "share of capex" not in source.source.lower():
                continue
            ratios.append((rng[0] / source.max_share_of_capex, rng[1] / source.max_share_of_capex))
            cards.append(card.id)
    if not ratios:
        return None
    base = prep.table.base[GRANT_FACTOR]
    return base * min(r[0] for r in ratios), base * max(r[1] for r in ratios), ", ".join(dict.fromkeys(cards))


def tornado(prep: Prepared, names: Sequence[str] | None = None) -> Sensitivity:
    """The tornado of ``prep``'s project over ``names`` (default :func:`parameters`), then every
    value a card sets with a stated assumption range (:func:`card_assumptions`), varied on top of
    the cards across that range."""
    rows, idle = [], []
    base_values = prep.table.base
    district = prep.table.district
    by_cards = card_assumptions(prep) if names is None else {}
    with_emaas = prep.params["ev.shared_cars"] > 0
    for name in names if names is not None else parameters(district, base_values, emaas=with_emaas):
        spec = VOCABULARY[name]
        base = base_values[name]
        if name in by_cards:
            continue
        assumed = assumption_of(name, district, base_values)
        rng = span(name, base, assumed)
        if rng is None:
            continue
        low, high, basis = rng
        ends = _ends(prep.evaluate({name: low}), prep.evaluate({name: high}))
        if ends is None:
            idle.append(name)
            continue
        rows.append(SensitivityRow(
            parameter=name, label=label(name), unit=spec.unit,
            assumption=assumed is not None, base=base, low=low, high=high,
            range_basis=("district" if assumed is not None and assumed.set_by.startswith("district:")
                         else "plausible" if basis == "plausible" else "±20 %"), **ends,
            provenance=Provenance(cards=tuple(c.id for c in prep.table.cards), rule="sensitivity",
                                  source=_source(name, spec, assumed), references=_references(name, prep))))
    for name, (value, low, high, card) in by_cards.items():
        spec = VOCABULARY[name]
        ends = _ends(prep.evaluate_on_cards({name: low}), prep.evaluate_on_cards({name: high}))
        if ends is None:
            idle.append(name)
            continue
        rows.append(SensitivityRow(
            parameter=name, label=label(name), unit=spec.unit, assumption=True, base=value, low=low, high=high,
            range_basis="plausible", **ends,
            provenance=Provenance(cards=(card,), rule="sensitivity",
                                  source=f"{name}: set by {card}, assumption [{low:g}-{high:g}]",
                                  references=_references(name, prep))))
    grants = grant_span(prep) if names is None and all(r.parameter != GRANT_FACTOR for r in rows) else None
    if grants is not None:
        low, high, by = grants
        spec = VOCABULARY[GRANT_FACTOR]
        ends = _ends(prep.evaluate({GRANT_FACTOR: low}), prep.evaluate({GRANT_FACTOR: high}))
        if ends is None:
            idle.append(GRANT_FACTOR)
        else:
            rows.append(SensitivityRow(
                parameter=GRANT_FACTOR, label=label(GRANT_FACTOR), unit=spec.unit, assumption=True,
                base=prep.table.base[GRANT_FACTOR], low=low, high=high, range_basis="plausible", **ends,
                provenance=Provenance(cards=tuple(by.split(", ")), rule="sensitivity",
                                      source=f"{GRANT_FACTOR}: every grant at the ends of the share-of-CAPEX range its card "
                                             f"states ({by})", references=METHOD_REFERENCES)))
    rows.sort(key=lambda r: -r.swing)
    return Sensitivity(npv=prep.main.financing.npv, kpis=key_kpis(prep.main), rows=tuple(rows), method=METHOD,
                       no_effect=tuple(idle))
