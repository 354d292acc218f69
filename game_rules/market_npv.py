"""The markets in the project NPV: which market money is a saving of the district and which a transfer.

The project NPV is the district's parties together against the world outside (docs/rules.md,
"Project cash flows"): money between two of the district's parties nets out. Each market's
money is one line (:class:`game_rules.results.MarketNpvPart`), so a council sees the NPV with
and without the market benefits (``Financing.npv_without_markets``):

* ``flexibility_sales`` [EUR/yr]: what the grid operator (outside) pays for flexibility
  (:func:`game_rules.flows.is_flexibility_sale`); already in the benefit B of
  :func:`game_rules.financing.project_benefit`, escalating with energy prices e. In the NPV.
* ``p2p_saving`` = (λ_b - f) x Q, the community's saving of :mod:`game_rules.p2p` (the kWh Q a
  neighbour buys instead of the supplier's at λ_b = P - c, its seller no longer exporting at f).
  Real, but **not added again**: the district energy model meters all buildings at one
  connection (:mod:`game_rules.energy`, :mod:`game_rules.dispatch`), so each such kWh already
  lowers the district's imports and exports, in B for the new PV's kWh and in the reference for
  today's PV. The trade price moves money between buyer and seller (a transfer); the market
  decides who gets the saving, not whether it exists. Shown for the council.
* ``p2p_fee`` = φ x Q, paid by the traders to the platform (:func:`game_rules.p2p._platform`, the
  aggregator): a transfer between the district's parties, not in the NPV.
* ``emaas_car_costs_avoided`` = private cars given up x :data:`game_rules.emaas.PRIVATE_CAR_EUR_PER_YR`
  and ``emaas_fleet_running`` = -shared cars x :data:`game_rules.emaas.RUNNING_EUR_PER_SHARED_CAR`
  (:func:`game_rules.emaas.cost_items`): the users' saving and the service's running cost are
  real resources of the district, added to the project rows, escalating with O&M prices e_om;
  the subscriptions (users -> provider) and the lease (provider -> owner) are transfers, and the
  shared cars' purchase is the CAPEX line ``shared_cars`` already.

PV of a part = Σ_t a_1 (1 + g)^(t-1) / (1 + r)^t, t = 1..H (:func:`game_rules.cashflow.escalation`,
:func:`game_rules.cashflow.npv`), g = e or e_om as above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from game_rules import cashflow as cf
from game_rules import flows as fl
from game_rules.results import CostItem, FlowResult, Market, MarketNpvPart, Provenance

Part = Literal["flexibility_sales", "p2p_saving", "p2p_fee", "emaas_car_costs_avoided", "emaas_fleet_running"]
#: eMaaS running-cost items (game_rules.emaas.cost_items) that are real resources of the district.
EMAAS_ITEMS: dict[str, Part] = {"private_car_avoided": "emaas_car_costs_avoided", "emaas_fleet_running": "emaas_fleet_running"}


@dataclass(frozen=True)
class MarketLine:
    """A market part before discounting: year-1 amount [EUR/yr] (negative for a cost), whether
    the NPV counts it, whether the benefit B already carries it (so the project rows do not add
    it twice), which escalation it follows ("energy" or "operation") and its provenance."""

    part: Part
    year1_eur: float
    in_npv: bool
    in_benefit: bool
    escalates_with: Literal["energy", "operation"]
    provenance: Provenance


def lines(flows: Sequence[FlowResult], market: Market | None,
          costs: Mapping[str, Sequence[CostItem]]) -> tuple[MarketLine, ...]:
    """The market lines of the module doc from the outcome's ``flows``, its P2P ``market`` and
    the eMaaS running costs ``costs`` (stakeholder -> items, :func:`game_rules.emaas.cost_items`)."""
    out: list[MarketLine] = []
    flex = [f for f in flows if f.kind == "money" and f.unit == "EUR/yr" and fl.is_flexibility_sale(f)]
    if flex:
        out.append(MarketLine("flexibility_sales", sum(f.amount for f in flex), True, True, "energy",
                              Provenance.combine("market_npv.flexibility_sales",
                                                 *(f.provenance for f in flex))))
    if market is not None and market.traded_kwh > 0:
        out.append(MarketLine("p2p_saving", market.saving_eur, False, False, "energy",
                              Provenance.combine("market_npv.p2p_saving", market.provenance)))
        out.append(MarketLine("p2p_fee", -market.fee_eur, False, False, "energy",
                              Provenance.combine("market_npv.p2p_fee", market.provenance)))
    for items in costs.values():
        for item in items:
            part = EMAAS_ITEMS.get(item.item)
            if part is not None and abs(item.amount) >= 0.5:
                out.append(MarketLine(part, -item.amount, True, False, "operation",
                                      Provenance.combine(f"market_npv.{part}",
                                                         item.provenance)))
    return tuple(out)


def rows_addition(parts: Sequence[MarketLine], energy_rate: float, om_rate: float, horizon: int) -> np.ndarray:
    """What the project rows add for ``parts`` [EUR per year 0..horizon]: the counted parts B
    does not carry yet, each escalated at its rate."""
    total: np.ndarray = np.zeros(horizon + 1)
    for p in parts:
        if p.in_npv and not p.in_benefit:
            total += cf.escalation(p.year1_eur, energy_rate if p.escalates_with == "energy" else om_rate, horizon)
    return total


def valued(parts: Sequence[MarketLine], rate: float, energy_rate: float, om_rate: float,
           horizon: int) -> tuple[MarketNpvPart, ...]:
    """Each part with its present value at ``rate`` over ``horizon`` [EUR] (module doc)."""
    return tuple(MarketNpvPart(
        part=p.part, year1_eur=p.year1_eur, in_npv=p.in_npv, provenance=p.provenance,
        present_value_eur=cf.npv(rate, list(cf.escalation(
            p.year1_eur, energy_rate if p.escalates_with == "energy" else om_rate, horizon))))
        for p in parts)
