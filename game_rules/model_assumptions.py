"""The assumptions an assessment rests on beyond the parameter vocabulary: the model's own data
(discount rates by stakeholder type, asset lifetimes and O&M, price components), the constants of
the cards' value flows and capital, and the governance fit's points.

:func:`game_rules.params.assumptions` lists the parameters, card changes and district fields
without a published source; this module lists the rest, so that every number whose provenance
says "assumption" has its value and plausible range (low <= value <= high) in
``Assessment.assumptions`` (docs/rules.md, "Provenance"). Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cards.model import Card
from game_rules import cashflow as cf
from game_rules.charges import prices_for
from game_rules.districts import District
from game_rules.governance import score_range
from game_rules.kpis import stand_in_methods
from game_rules.results import Assumption, Financing, GovernanceFit

#: ``[low-high]`` anywhere in a text that says "assumption" (card flow bases, capital sources).
_RANGE = re.compile(r"\[\s*(-?\d+(?:\.\d+)?)\s*[-–]\s*(-?\d+(?:\.\d+)?)\s*\]")
#: The unit written after an assumption's range, before its colon: ``[3-8] EUR per month: ...``.
_UNIT_AFTER = re.compile(r"\]\s*([^:;\[\]]+?)\s*:")
_NUMBER = re.compile(r"(?<![A-Za-z_.])(\d+(?:\.\d+)?)")
#: How a formula constant may be stated in its basis: as is, per cent / cent, per month.
_SCALES = (1.0, 100.0, 1 / 12)


def _range(text: str) -> tuple[float, float] | None:
    """The ``[low-high]`` of an assumption stated in ``text``, else None."""
    if "assumption" not in text.lower():
        return None
    match = _RANGE.search(text)
    return (float(match[1]), float(match[2])) if match else None


def assumption_span(text: str) -> tuple[float, float] | None:
    """The ``[low-high]`` of an assumption stated in ``text`` (a card's capital source, a flow's
    basis), else None."""
    return _range(text)


def _sourced(parameter: str, item: cf.Sourced, unit: str, reason: str) -> Assumption | None:
    """A data value with an assumption range as an :class:`Assumption` (None when sourced, or
    when the data does not state it: :func:`game_rules.cashflow.is_stated`)."""
    if item.assumption is None or item.references or not cf.is_stated(item):
        return None
    low, high = item.assumption
    return Assumption(parameter=parameter, value=item.value, unit=unit, low=low, high=high, set_by="default",
                      reason=item.note or reason)


def finance_assumptions(financing: Financing, data: cf.FinanceData | None = None) -> list[Assumption]:
    """The discount rates of the stakeholder types in ``financing`` and the lifetimes, O&M,
    degradation, replacement costs and component shares of its asset classes, where they are
    assumptions (``game_rules/data/assets.yaml``)."""
    data = data or cf.load()
    out: list[Assumption | None] = []
    for kind in dict.fromkeys(s.stakeholder_type for s in financing.per_stakeholder if s.stakeholder_type):
        out.append(_sourced(f"lifecycle.discount_rate.{kind}", data.discount_rates[kind], "fraction/yr",
                            f"nominal discount rate of a {kind} stakeholder"))
    for asset in dict.fromkeys(a.asset for a in financing.cash_flows.assets):
        spec = data.assets[asset]
        for name, item, unit in (("lifetime", spec.lifetime, "yr"), ("fixed_om", spec.fixed_om, "fraction of CAPEX/yr"),
                                 ("degradation", spec.degradation, "fraction/yr"),
                                 ("replacement_cost", spec.replacement_cost, "factor")):
            if item.value or name == "fixed_om":
                out.append(_sourced(f"asset.{asset}.{name}", item, unit, f"{spec.label}: {name}"))
        for part in spec.components:
            sub = data.assets[part]
            if sub.share_of_parent is not None:
                out.append(_sourced(f"asset.{part}.share_of_parent", sub.share_of_parent, "fraction", f"{sub.label} share of {spec.label}"))
            out.append(_sourced(f"asset.{part}.lifetime", sub.lifetime, "yr", f"{sub.label}: lifetime"))
    return [a for a in out if a is not None]


def price_assumptions(district: District) -> list[Assumption]:
    """The price components of the district's regime that are assumptions (procurement,
    pass-through and cost shares, generic levies: ``game_rules/data/price_components.yaml``)."""
    p = prices_for(district)
    items: list[tuple[str, cf.Sourced, str]] = [
        ("vat", p.vat, "fraction"), ("procurement", p.procurement, "EUR/kWh"),
        ("gas.pass_through_share", p.gas.pass_through_share, "fraction"), ("gas.procurement", p.gas.procurement, "EUR/kWh"),
        ("district_heat.cost_share", p.district_heat.cost_share, "fraction"),
        *((f"levies.{name}", item, "EUR/kWh") for name, item in p.levies.items()),
    ]
    found = (_sourced(f"prices.{district.regime}.{name}", item, unit, name) for name, item, unit in items)
    return [a for a in found if a is not None]


def method_assumptions(district: District) -> list[Assumption]:
    """The energy model's parts whose published method describes another country (e.g. the
    German load profiles in Lyon), each as a stand-in assumption: a factor 1 on what the part
    shapes, with the range it may be off by (:func:`game_rules.kpis.stand_in_methods`)."""
    return [Assumption(parameter=f"model.{part}", value=1.0, unit="factor", low=low, high=high, set_by="default", reason=why)
            for part, (why, low, high) in stand_in_methods(district).items()]


def _unit(text: str) -> str:
    """The unit an assumption's text writes after its range (``EUR per month``, ``ct/kWh``);
    a bare range is a share of the amount it splits (``fraction``)."""
    match = _UNIT_AFTER.search(text)
    return match[1] if match else "fraction"


def _constant(formula: str, low: float, high: float) -> float | None:
    """The formula constant an assumption range speaks of: a number in the formula that lies in
    [low, high] as stated (in units, per cent or cent, or per month), else a factor 1 on the
    whole formula when the range is around 1; None when nothing fits."""
    for raw in _NUMBER.findall(formula):
        for scale in _SCALES:
            value = float(raw) * scale
            if low <= value <= high:
                return value
    return 1.0 if low <= 1.0 <= high else None


def card_assumptions(cards: Iterable[Card]) -> list[Assumption]:
    """The constants of the cards' value-flow formulas and the terms of their capital whose
    basis or source is an assumption with a range."""
    out = []
    for card in cards:
        for index, vf in enumerate(card.effects.value_flows):
            span = _range(vf.basis)
            value = _constant(vf.formula, *span) if span else None
            if span is not None and value is not None:
                out.append(Assumption(parameter=f"{card.id}.value_flows[{index}]", value=value, unit=_unit(vf.basis),
                                      low=span[0], high=span[1], set_by=card.id, reason=f"{vf.formula}: {vf.basis}"))
        for index, source in enumerate(card.effects.capital):
            span = _range(source.source)
            if span is None:
                continue
            share = "share of capex" in source.source.lower()
            value = source.max_share_of_capex if share else source.rate
            if span[0] <= value <= span[1]:
                out.append(Assumption(parameter=f"{card.id}.capital[{index}].{'max_share_of_capex' if share else 'rate'}",
                                      value=value, unit="fraction" if share else "fraction/yr", low=span[0], high=span[1],
                                      set_by=card.id, reason=source.source))
    return out


def governance_assumption(fit: GovernanceFit) -> list[Assumption]:
    """The fit score as an assumption: its points per reason are a workshop rule; the range
    scales each reason's points by ±50 % (:func:`game_rules.governance.score_range`)."""
    if fit.card is None:
        return []
    low, high = score_range(fit)
    return [Assumption(parameter="governance_fit.score", value=float(fit.score), unit="points", low=min(low, fit.score),
                       high=max(high, fit.score), set_by=fit.card, reason="workshop scoring rule: points per reason ±50 %")]


def collect(listed: Sequence[Assumption], *more: Iterable[Assumption]) -> tuple[Assumption, ...]:
    """``listed`` then ``more``, each parameter and setter once (the first wins)."""
    seen: dict[tuple[str, str], Assumption] = {}
    for item in (*listed, *(a for group in more for a in group)):
        seen.setdefault((item.parameter, item.set_by), item)
    return tuple(seen.values())
