"""Lifecycle finance: yearly cash flows per asset, per stakeholder and for the project.

One analysis horizon H [years] for everything (``game_rules/data/assets.yaml``, default 25):
an asset that lives shorter is replaced within it, one that lives longer keeps a residual value
at its end, so a retrofit (40 years) and a battery (15 years) are judged over the same years
(VDI 2067-1 period of observation; EC CBA guide reference period). Year 0 is the investment
year; years 1..H are operation. Money is nominal EUR; inflows positive.

Per asset (:func:`asset_cash_flows`), for CAPEX C split into its body and its components
(e.g. a PV inverter, ``share_of_parent`` of C):

* operation_t = -C x fixed_om x (1 + e_om)^(t-1);
* replacement_t = -cost x replacement_cost at every multiple of the part's lifetime < H;
* residual_H = sum over the last installation of each part of cost x max(0, 1 - age / lifetime)
  (straight line over the remaining life);
* energy_t = E_1 x (1 - d)^(t - 1 - last body installation) for PV (degradation d).

Metrics (each a pure function below, formula in its docstring): NPV, IRR (root of NPV found with
``scipy.optimize.brentq``), discounted payback, and the levelised cost of energy in the
Fraunhofer ISE definition, LCOE = sum_t cost_t / (1 + r)^t / sum_t energy_t / (1 + r)^t
(Kost et al., "Stromgestehungskosten erneuerbare Energien", 2024, ref:fraunhofer-ise-lcoe-2024).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from scipy.optimize import brentq

from catalogs.data_phrases import data_phrase
from game_rules.results import AssetCashFlows, CashFlowRow, Provenance

ASSETS_FILE = Path(__file__).parent / "data" / "assets.yaml"

#: Field names of a cash-flow row that add up to ``net``.
ROW_PARTS = ("investment", "grants", "operation", "replacement", "residual", "revenue", "financing")


class FinanceDataError(ValueError):
    """``assets.yaml`` is malformed: the message names the entry and what was expected."""


class Sourced(BaseModel):
    """A value with either published references or an assumption range (low, high)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    assumption: tuple[float, float] | None = None
    references: tuple[str, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _sourced(self) -> Sourced:
        if self.assumption is None and not self.references:
            raise ValueError("needs references or an assumption range [low, high]")
        if self.assumption is not None and not self.assumption[0] <= self.value <= self.assumption[1]:
            raise ValueError(f"value {self.value} outside its assumption range {self.assumption}")
        if self.assumption is not None and not self.assumption[0] < self.assumption[1]:
            raise ValueError(f"assumption range {self.assumption}: expected low < high (a range, not a point)")
        return self

    def source(self) -> str:
        """A short phrase for provenance: the note, and the assumption range if any."""
        rng = data_phrase(f"assumption [{self.assumption[0]:g}-{self.assumption[1]:g}]") if self.assumption else ""
        return "; ".join(p for p in (self.note, rng) if p)


#: What an asset class does not state: not applicable (no degradation, no O&M, replaced at its
#: cost). Built without validation: these points are definitions, not assumptions, and
#: :func:`is_stated` keeps them out of the assessment's assumptions.
NOT_STATED_ZERO = Sourced.model_construct(value=0.0, assumption=(0.0, 0.0), references=(), note="")
NOT_STATED_ONE = Sourced.model_construct(value=1.0, assumption=(1.0, 1.0), references=(), note="")
_NONE = NOT_STATED_ZERO
_ONE = NOT_STATED_ONE


def is_stated(item: Sourced) -> bool:
    """False for a value the data does not state (:data:`NOT_STATED_ZERO`, :data:`NOT_STATED_ONE`)."""
    return item is not NOT_STATED_ZERO and item is not NOT_STATED_ONE


class AssetClass(BaseModel):
    """Lifetime [years], degradation [1/yr], fixed O&M [fraction of CAPEX/yr], replaced parts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    lifetime: Sourced
    degradation: Sourced = _NONE
    fixed_om: Sourced = _NONE
    components: tuple[str, ...] = ()
    share_of_parent: Sourced | None = None
    replacement_cost: Sourced = _ONE
    energy: Literal["electricity", "heat"] | None = None

    @property
    def life(self) -> int:
        return max(1, round(self.lifetime.value))

    def references(self) -> tuple[str, ...]:
        parts = (self.lifetime, self.degradation, self.fixed_om, self.replacement_cost, self.share_of_parent)
        return tuple(dict.fromkeys(r for p in parts if p is not None for r in p.references))


class LenderRule(BaseModel):
    """Which capital kinds a lender discounts at the loan's own rate (its cost of funds), with
    the reason and its references; other loans at the rate of the lender's stakeholder type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at_loan_rate: tuple[str, ...]
    note: str
    references: tuple[str, ...] = Field(min_length=1)


class FinanceData(BaseModel):
    """The contents of ``assets.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    horizon: Sourced
    escalation: dict[Literal["energy", "operation"], Sourced]
    discount_rates: dict[str, Sourced]
    lenders: LenderRule
    stakeholder_types: dict[str, str]
    assets: dict[str, AssetClass]
    #: Scales the residual values at the horizon (1: straight line, VDI 2067-1; 0: none); moved
    #: by ``lifecycle.residual_value`` to show how much of an NPV rests on the method.
    residual_factor: float = Field(default=1.0, ge=0.0)

    @model_validator(mode="after")
    def _consistent(self) -> FinanceData:
        for who, kind in self.stakeholder_types.items():
            if kind not in self.discount_rates:
                raise ValueError(f"stakeholder {who!r} has type {kind!r}; expected one of {sorted(self.discount_rates)}")
        for key, asset in self.assets.items():
            for part in asset.components:
                if part not in self.assets or self.assets[part].share_of_parent is None:
                    raise ValueError(f"asset {key!r}: component {part!r} must be an asset with share_of_parent")
        return self

    @property
    def horizon_years(self) -> int:
        return round(self.horizon.value)

    def stakeholder_type(self, stakeholder: str) -> str:
        """The type of ``stakeholder`` (``commercial`` for one not listed)."""
        return self.stakeholder_types.get(stakeholder, "commercial")

    def discount_rate(self, stakeholder: str) -> Sourced:
        return self.discount_rates[self.stakeholder_type(stakeholder)]


#: Lifecycle assumptions a workshop or the sensitivity run may move, by parameter name:
#: (unit, what it is). Defaults and ranges: :func:`lifecycle_assumptions`; applied by :func:`adjusted`.
LIFECYCLE_PARAMS: dict[str, tuple[str, str]] = {
    "lifecycle.horizon_years": ("years", "analysis horizon of the lifecycle finance"),
    "lifecycle.energy_escalation": ("fraction/yr", "yearly rise of energy prices and the savings they drive"),
    "lifecycle.om_escalation": ("fraction/yr", "yearly rise of O&M costs"),
    "lifecycle.pv_degradation": ("fraction/yr", "PV output lost per year"),
    "lifecycle.om_factor": ("factor", "scales every asset class's fixed O&M"),
    "lifecycle.asset_lifetimes": ("factor", "every asset class's lifetime at the low (-1), stated (0) or high (+1) "
                                              "end of its own range, linear between"),
    "lifecycle.residual_value": ("factor", "scales the straight-line residual value at the horizon (0: none)"),
}


def _lifecycle_value(data: FinanceData, name: str) -> Sourced:
    return {
        "lifecycle.horizon_years": data.horizon,
        "lifecycle.energy_escalation": data.escalation["energy"],
        "lifecycle.om_escalation": data.escalation["operation"],
        "lifecycle.pv_degradation": data.assets["pv"].degradation,
        "lifecycle.om_factor": Sourced(value=1.0, assumption=(0.7, 1.5), note="scales the O&M shares of every asset class, themselves assumptions"),
        "lifecycle.asset_lifetimes": Sourced(value=0.0, assumption=(-1.0, 1.0),
                                             note="moves every asset class's lifetime to the ends of its own stated range"),
        "lifecycle.residual_value": Sourced(value=1.0, assumption=(0.0, 1.0),
                                            note="residual value method: straight line over the remaining life (VDI 2067-1) or none"),
    }[name]


def lifecycle_assumptions(data: FinanceData | None = None) -> dict[str, Sourced]:
    """Each :data:`LIFECYCLE_PARAMS` name with its default and plausible range (for a parameter
    vocabulary, facilitator overrides and the sensitivity run)."""
    data = data or load()
    return {name: _lifecycle_value(data, name) for name in LIFECYCLE_PARAMS}


def adjusted(values: Mapping[str, float], data: FinanceData | None = None) -> FinanceData:
    """The finance data with lifecycle assumptions set to ``values`` (names of
    :data:`LIFECYCLE_PARAMS`); ``ValueError`` names an unknown name or a value outside (0, ∞)
    for the horizon. Ranges are not enforced: a sensitivity run may go to their ends."""
    data = data or load()
    unknown = sorted(set(values) - set(LIFECYCLE_PARAMS))
    if unknown:
        raise ValueError(f"unknown lifecycle parameter(s) {unknown}; expected one of {sorted(LIFECYCLE_PARAMS)}")
    if not values:
        return data

    def moved(item: Sourced, value: float) -> Sourced:
        # A value the data does not state stays the same object (it is not an assumption).
        return item if not is_stated(item) and value == item.value else item.model_copy(update={"value": value})

    horizon = values.get("lifecycle.horizon_years", data.horizon.value)
    if horizon < 1:
        raise ValueError(f"lifecycle.horizon_years: expected at least 1 year, got {horizon}")
    escalation = dict(data.escalation)
    if "lifecycle.energy_escalation" in values:
        escalation["energy"] = moved(escalation["energy"], values["lifecycle.energy_escalation"])
    if "lifecycle.om_escalation" in values:
        escalation["operation"] = moved(escalation["operation"], values["lifecycle.om_escalation"])
    factor = values.get("lifecycle.om_factor", 1.0)
    position = values.get("lifecycle.asset_lifetimes", 0.0)
    assets = {}
    for key, asset in data.assets.items():
        update: dict[str, Sourced] = {"fixed_om": moved(asset.fixed_om, asset.fixed_om.value * factor)}
        if key in ("pv", "bipv") and "lifecycle.pv_degradation" in values:
            update["degradation"] = moved(asset.degradation, values["lifecycle.pv_degradation"])
        if position and asset.lifetime.assumption is not None:
            update["lifetime"] = moved(asset.lifetime, lifetime_at(asset.lifetime, position))
        assets[key] = asset.model_copy(update=update)
    return data.model_copy(update={"horizon": moved(data.horizon, round(horizon)), "escalation": escalation, "assets": assets,
                                   "residual_factor": values.get("lifecycle.residual_value", data.residual_factor)})


def lifetime_at(lifetime: Sourced, position: float) -> float:
    """A lifetime [years] at ``position`` in its assumption range: -1 the low end, 0 the stated
    value, +1 the high end, linear between (so a tornado bar moves every class to the ends of
    its own range at once); the stated value for a lifetime without a range."""
    if lifetime.assumption is None:
        return lifetime.value
    low, high = lifetime.assumption
    end = low if position < 0 else high
    return lifetime.value + abs(position) * (end - lifetime.value)


def read(path: Path) -> FinanceData:
    """Parse and validate a finance data file; :class:`FinanceDataError` names what is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return FinanceData.model_validate(raw)
    except OSError as exc:
        raise FinanceDataError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise FinanceDataError(f"{path.name}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise FinanceDataError(f"{path.name}: {where}") from None


@lru_cache(maxsize=1)
def load() -> FinanceData:
    """The shipped ``game_rules/data/assets.yaml`` (cached)."""
    return read(ASSETS_FILE)


# -- metrics ---------------------------------------------------------------------------------


def discount_factor(rate: float, year: int) -> float:
    """1 / (1 + r)^t."""
    return float((1.0 + rate) ** -year)


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value [EUR]: NPV = sum_t CF_t / (1 + r)^t, t = 0..n (``flows[0]`` is year 0).

    Raises ``ValueError`` for r <= -1 (the discount factor is undefined)."""
    if rate <= -1:
        raise ValueError(f"expected a discount rate above -1, got {rate}")
    values = np.asarray(flows, dtype=float)
    return float(values @ (1.0 + rate) ** -np.arange(values.size, dtype=float))


def irr(flows: Sequence[float], low: float = -0.99, high: float = 1.0) -> float | None:
    """Internal rate of return [fraction/yr]: the r with NPV(r) = 0 (Brent's method,
    ``scipy.optimize.brentq``, on [low, high]).

    None when the flows do not change sign or NPV keeps one sign over the bracket (no IRR in a
    meaningful range); with several sign changes the root in the bracket nearest 0 is returned."""
    if not any(f < 0 for f in flows) or not any(f > 0 for f in flows):
        return None
    lo, hi = npv(low, flows), npv(high, flows)
    if lo * hi > 0:
        return None
    return float(brentq(lambda r: npv(r, flows), low, high, xtol=1e-10, maxiter=200))


def discounted_payback(rate: float, flows: Sequence[float]) -> float | None:
    """Years until the cumulative discounted cash flow first turns non-negative, interpolated
    linearly within that year; 0 when year 0 is already non-negative; None if it never does."""
    total = 0.0
    for t, cf in enumerate(flows):
        step = cf * discount_factor(rate, t)
        if total + step >= 0:
            if t == 0:
                return 0.0
            return (t - 1) + (-total / step if step > 0 else 1.0)
        total += step
    return None


def lcoe(rate: float, costs: Sequence[float], energy: Sequence[float]) -> float | None:
    """Levelised cost [EUR/kWh] = sum_t cost_t (1 + r)^-t / sum_t energy_t (1 + r)^-t
    (Fraunhofer ISE 2024 definition; costs positive, in EUR; energy in kWh; t = 0..n).
    None when no energy is delivered."""
    denominator = sum(e * discount_factor(rate, t) for t, e in enumerate(energy))
    if denominator <= 0:
        return None
    return float(sum(c * discount_factor(rate, t) for t, c in enumerate(costs)) / denominator)


def residual_value(cost: float, lifetime: int, age: int) -> float:
    """Straight-line residual value [EUR] of a part bought for ``cost`` and ``age`` years old."""
    return cost * max(0.0, 1.0 - age / lifetime)


# -- assets ----------------------------------------------------------------------------------


def _part_schedule(cost: float, life: int, horizon: int, rebuy: float) -> tuple[dict[int, float], float, int]:
    """(replacement year -> cost, residual value at the horizon, year of the last installation)."""
    replaced: dict[int, float] = {}
    last = 0
    year = life
    while year < horizon:
        replaced[year] = cost * rebuy
        last = year
        year += life
    bought = cost * rebuy if last > 0 else cost
    return replaced, residual_value(bought, life, horizon - last), last


def asset_cash_flows(asset: str, item: str, capex: float, rate: float, *, data: FinanceData | None = None,
                     first_year_kwh: float | None = None, cards: tuple[str, ...] = ()) -> AssetCashFlows:
    """The yearly rows 0..H of one asset class bought for ``capex`` [EUR] (module doc formulas),
    discounted at ``rate``; ``first_year_kwh`` [kWh] is its output in year 1 (degraded after).

    Raises ``KeyError`` naming the known classes for an unknown ``asset``."""
    data = data or load()
    if asset not in data.assets:
        raise KeyError(f"unknown asset class {asset!r}; expected one of {sorted(data.assets)}")
    spec = data.assets[asset]
    horizon = data.horizon_years
    shares = {part: data.assets[part].share_of_parent.value for part in spec.components  # type: ignore[union-attr]
              if data.assets[part].share_of_parent is not None}
    body_cost = capex * (1.0 - sum(shares.values()))
    body_repl, residual, body_last = _part_schedule(body_cost, spec.life, horizon, spec.replacement_cost.value)
    cols = columns(horizon)
    for year, cost in body_repl.items():
        cols["replacement"][year] -= cost
    for part, share in shares.items():
        sub = data.assets[part]
        repl, rest, _ = _part_schedule(capex * share, sub.life, horizon, sub.replacement_cost.value)
        for year, cost in repl.items():
            cols["replacement"][year] -= cost
        residual += rest
    cols["investment"][0] = -capex
    cols["operation"] = -escalation(capex * spec.fixed_om.value, data.escalation["operation"].value, horizon)
    cols["residual"][horizon] = residual * data.residual_factor
    degradation = spec.degradation.value
    energy = None
    if first_year_kwh is not None:
        years = np.arange(horizon + 1)
        age = years - 1 - np.where((body_last > 0) & (years > body_last), body_last, 0)
        energy = np.where(years > 0, first_year_kwh * (1 - degradation) ** age, 0.0)
    parts = ", ".join(f"{p} every {data.assets[p].life} yr" for p in spec.components)
    rule = (f"asset_cash_flows: {spec.label}, life {spec.life} yr, O&M {spec.fixed_om.value * 100:.1f} % of CAPEX/yr"
            + (f", degradation {degradation * 100:.1f} %/yr" if degradation else "")
            + (f", replaced: {parts}" if parts else "") + f", horizon {horizon} yr")
    refs = tuple(dict.fromkeys((*spec.references(), *(r for p in spec.components for r in data.assets[p].references()))))
    source = "; ".join(s for s in (spec.lifetime.source(), spec.fixed_om.source()) if s)
    return AssetCashFlows(asset=asset, item=item, capex=capex, lifetime_years=spec.life, residual_value=residual * data.residual_factor,
                          rows=to_rows(rate, cols, energy),
                          provenance=Provenance(cards=cards, rule=rule, source=source or f"{spec.label}: asset-class data",
                                                references=tuple(dict.fromkeys((*refs, "vdi-2067-1-2012")))))


def columns(horizon: int) -> dict[str, np.ndarray]:
    """Zeroed yearly columns 0..``horizon`` for every part of a row (:data:`ROW_PARTS`)."""
    return {field: np.zeros(horizon + 1) for field in ROW_PARTS}


def escalation(first_year: float, rate: float, horizon: int) -> np.ndarray:
    """A yearly amount over years 0..``horizon`` that is 0 in year 0 and rises at ``rate`` from
    ``first_year`` in year 1: a_t = a_1 (1 + rate)^(t-1)."""
    out = first_year * (1.0 + rate) ** (np.arange(horizon + 1, dtype=float) - 1.0)
    out[0] = 0.0
    return out


def escalated(first_year: float, rate: float, year: int) -> float:
    """One year of :func:`escalation` (0 in year 0)."""
    return 0.0 if year <= 0 else first_year * (1 + rate) ** (year - 1)


_ROWS: TypeAdapter[tuple[CashFlowRow, ...]] = TypeAdapter(tuple[CashFlowRow, ...])


def to_rows(rate: float, cols: Mapping[str, np.ndarray], energy: np.ndarray | None = None) -> tuple[CashFlowRow, ...]:
    """Rows 0..n from yearly columns (missing parts are 0), with ``net`` (the parts' sum) and
    ``discounted`` (net / (1 + rate)^t); validated in one pass (it runs for every table of every
    scenario)."""
    n = len(next(iter(cols.values())))
    parts = {f: np.asarray(cols[f], dtype=float) if f in cols else np.zeros(n) for f in ROW_PARTS}
    net = np.sum(list(parts.values()), axis=0)
    discounted = net * (1.0 + rate) ** -np.arange(n, dtype=float)
    lists = {f: v.tolist() for f, v in parts.items()}
    net_l, disc_l = net.tolist(), discounted.tolist()
    kwh = energy.tolist() if energy is not None else [None] * n
    return _ROWS.validate_python([
        {"year": t, **{f: lists[f][t] for f in ROW_PARTS}, "net": net_l[t], "discounted": disc_l[t], "energy_kwh": kwh[t]}
        for t in range(n)])


def column(rows: Sequence[CashFlowRow], field: str) -> np.ndarray:
    """One part of a table as an array over the years."""
    return np.fromiter((getattr(r, field) for r in rows), dtype=float, count=len(rows))


def row(year: int, rate: float, **parts: float) -> CashFlowRow:
    """One :class:`CashFlowRow` with ``net`` and ``discounted`` computed from ``parts``."""
    net = float(sum(parts.values()))
    return CashFlowRow(year=year, net=net, discounted=net * discount_factor(rate, year), **parts)


def total_rows(tables: Sequence[Sequence[CashFlowRow]], rate: float) -> tuple[CashFlowRow, ...]:
    """Year-by-year sums of several tables of the same length, re-discounted at ``rate``."""
    if not tables:
        return ()
    return to_rows(rate, {f: np.sum([column(tab, f) for tab in tables], axis=0) for f in ROW_PARTS})


def npv_without_residual(rate: float, rows: Sequence[CashFlowRow]) -> float:
    """NPV [EUR] of ``rows`` at ``rate`` without their residual values: sum_t (CF_t - RV_t) /
    (1 + r)^t. The residual value is the straight-line remainder at the horizon (VDI 2067-1);
    this figure shows how much of an NPV rests on that method."""
    return npv(rate, [r.net - r.residual for r in rows])


def nets(rows: Sequence[CashFlowRow]) -> list[float]:
    return [r.net for r in rows]


def is_finite(value: float | None) -> float | None:
    """``value`` when finite, else None (keeps NaN and inf out of the JSON)."""
    return value if value is not None and math.isfinite(value) else None


__all__ = [
    "ASSETS_FILE",
    "LIFECYCLE_PARAMS",
    "ROW_PARTS",
    "AssetClass",
    "FinanceData",
    "FinanceDataError",
    "LenderRule",
    "Sourced",
    "adjusted",
    "asset_cash_flows",
    "column",
    "columns",
    "discount_factor",
    "discounted_payback",
    "escalated",
    "escalation",
    "irr",
    "is_finite",
    "lcoe",
    "lifecycle_assumptions",
    "load",
    "nets",
    "npv",
    "npv_without_residual",
    "read",
    "residual_value",
    "row",
    "to_rows",
    "total_rows",
]
