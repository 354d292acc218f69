"""Monte Carlo uncertainty of the key energy KPIs, vectorised over samples.

Uncertain inputs (independent, seeded): PV yield factor ~ N(1, 0.07) (year-to-year variation of
specific yield, an assumption), electric demand factor ~ N(1, 0.08) (appliances and heat pumps),
battery round-trip efficiency ~ U(0.85, 0.95) (spread of the systems in HTW Berlin's
Stromspeicher-Inspektion). Generation and demand scale linearly with their factors, so one
hourly run gives the shapes and :func:`~game_rules.dispatch.dispatch_samples` runs the dispatch
rule (heat store and battery) once over the year with vectors over samples.
Export curtailment is left out: it changes neither self-sufficiency nor self-consumption.
With shared cars on the table (an eMaaS card), the two numbers the users' avoided car costs rest
on are drawn too, each ~ triangular(low, base, high) over its plausible range
(``emaas.cars_replaced_per_shared_car`` [2.1-5.3] cars, ``emaas.private_car_eur_per_yr``
[3,000-6,500] EUR/yr, :mod:`game_rules.params`; triangular with its mode at the base value is an
assumption: the studies give ranges, not distributions). They move only the
NPV, so they are drawn after the energy inputs and the energy KPIs' samples do not change.

The project NPV [EUR] of each sample comes from a response surface (Box and Wilson's response
surface methodology, ref:box-wilson-1951): the project and its reference are re-run in full
(:meth:`game_rules.assessment.Prepared.evaluate`, the sensitivity's bar ends) with each input
at its 2.5th and 97.5th percentile, all others at base; a parabola through the three NPVs of an
input gives its effect, and a sample's NPV is the base NPV plus the effects of its three draws
(interactions left out: within these ranges each input moves the NPV almost linearly). Six
re-runs instead of a thousand. In the financial run the demand factor scales the appliance
demand (``demand.electricity``); heat pumps follow the heat demand there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from game_rules.dispatch import Storage, dispatch_samples
from game_rules.districts import District
from game_rules.energy import energy_run
from game_rules.kpis import kpi_references
from game_rules.params import VOCABULARY, Params
from game_rules.results import Provenance
from game_rules.results import Uncertainty as UncertaintyResult

#: Draws of the reported run: the P5/P95 move by less than 0.2 points between seeds at this size.
SAMPLES = 1000
#: The inputs' distributions: (mean, standard deviation) of the two normals, (low, high) of the uniform.
PV_YIELD = (1.0, 0.07)
DEMAND = (1.0, 0.08)
EFFICIENCY = (0.85, 0.95)
#: The parameters drawn, in the order of the module doc; every other input, the prices and the
#: investment level among them, stays at its value (its effect is in the tornado, :mod:`game_rules.sensitivity`).
DRAWN: tuple[str, ...] = ("pv.yield_factor", "demand.electricity", "battery.efficiency")
#: Drawn only with shared cars on the table: the eMaaS users' saving (module doc).
EMAAS_DRAWN: tuple[str, ...] = ("emaas.cars_replaced_per_shared_car", "emaas.private_car_eur_per_yr")
EMAAS_METHOD = ("with shared cars: private cars replaced per shared car and the yearly cost of a car given up, "
                "each ~ triangular(low, base, high) over its plausible range")
#: Standard normal quantile of the 97.5th percentile: where the NPV response surface is fitted.
Z_975 = 1.959964
METHOD = ("Monte Carlo, seed 1: PV yield factor ~ N(1, 0.07), electric demand factor ~ N(1, 0.08), "
          "battery round-trip efficiency ~ U(0.85, 0.95); hourly dispatch per sample")
NPV_METHOD = ("project NPV per sample from an additive quadratic response surface fitted to full re-runs of the "
              "project and its reference with each input at its 2.5th and 97.5th percentile")
#: The response-surface method behind the NPV percentiles.
NPV_REFERENCES: tuple[str, ...] = ("box-wilson-1951",)
#: The eMaaS draws' ranges and their distribution (module doc).
EMAAS_REFERENCES: tuple[str, ...] = ("jochem-2020-share-now", "kit-ksri-share-now-2020", "adac-autokosten-2025")


class _Financed(Protocol):
    @property
    def npv(self) -> float: ...


class _Run(Protocol):
    @property
    def financing(self) -> _Financed: ...


class Evaluates(Protocol):
    """What the NPV response surface needs of a prepared table (``game_rules.assessment.Prepared``)."""

    @property
    def main(self) -> _Run: ...
    def evaluate(self, overrides: Mapping[str, float]) -> _Run: ...


@dataclass(frozen=True)
class Uncertainty:
    """Percentiles (5, 50, 95) of self-sufficiency and self-consumption [fraction], and of the
    project NPV [EUR] when the run had the table to re-run (None otherwise)."""

    samples: int
    self_sufficiency: tuple[float, float, float]
    self_consumption: tuple[float, float, float]
    npv: tuple[float, float, float] | None = None


def _pct(values: np.ndarray) -> tuple[float, float, float]:
    low, mid, high = np.percentile(values, [5, 50, 95])
    return float(low), float(mid), float(high)


def _parabola(xs: tuple[float, float, float], ys: tuple[float, float, float], x: np.ndarray) -> np.ndarray:
    """The parabola through the three points (Lagrange form) at ``x``; a line when two xs coincide."""
    (x0, x1, x2), (y0, y1, y2) = xs, ys
    if min(abs(x1 - x0), abs(x2 - x1), abs(x2 - x0)) < 1e-12:
        return np.full_like(x, y1, dtype=float)
    return (y0 * (x - x1) * (x - x2) / ((x0 - x1) * (x0 - x2)) + y1 * (x - x0) * (x - x2) / ((x1 - x0) * (x1 - x2))
            + y2 * (x - x0) * (x - x1) / ((x2 - x0) * (x2 - x1)))


def emaas_ranges(base: Params) -> dict[str, tuple[float, float, float]]:
    """(low, base, high) of each :data:`EMAAS_DRAWN` parameter: its plausible range around its
    value in ``base`` [cars; EUR/yr]."""
    out: dict[str, tuple[float, float, float]] = {}
    for name in EMAAS_DRAWN:
        spec = VOCABULARY[name]
        if spec.plausible is None:
            raise ValueError(f"expected a plausible range for {name!r}, got None")
        low, high = spec.plausible
        mid = min(max(base[name], low), high)
        out[name] = (float(low), float(mid), float(high))
    return out


def npv_samples(prep: Evaluates, base: Params, pv_f: np.ndarray, load_f: np.ndarray, eff: np.ndarray,
                has_battery: bool, emaas: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """The project NPV [EUR] of every sample by the response surface of the module doc: the base
    NPV plus, per input, the parabola through its NPVs at the 2.5th percentile, base and 97.5th
    percentile. ``base``: the parameters the draws scale (the district defaults before the cards);
    without a battery its efficiency moves nothing and is not re-run. ``emaas``: the draws of the
    :data:`EMAAS_DRAWN` parameters [their units], whose parabolas pass through the NPVs at the
    ends of their ranges (the triangular draws never leave them)."""
    npv0 = prep.main.financing.npv
    inputs: list[tuple[str, float, tuple[float, float, float], np.ndarray]] = [
        ("pv.yield_factor", base["pv.yield_factor"], (PV_YIELD[0] - Z_975 * PV_YIELD[1], PV_YIELD[0], PV_YIELD[0] + Z_975 * PV_YIELD[1]), pv_f),
        ("demand.electricity", base["demand.electricity"], (DEMAND[0] - Z_975 * DEMAND[1], DEMAND[0], DEMAND[0] + Z_975 * DEMAND[1]), load_f),
    ]
    if has_battery:
        span = EFFICIENCY[1] - EFFICIENCY[0]
        # The base run has the parameter's own efficiency: the parabola passes through it.
        inputs.append(("battery.efficiency", 1.0, (EFFICIENCY[0] + 0.025 * span, base["battery.efficiency"],
                                                   EFFICIENCY[0] + 0.975 * span), eff))
    for name, draws in (emaas or {}).items():
        inputs.append((name, 1.0, emaas_ranges(base)[name], draws))
    total = np.full(len(pv_f), npv0)
    for name, scale, (lo, mid, hi), draws in inputs:
        ends = [prep.evaluate({name: scale * x}).financing.npv for x in (lo, hi)]
        total += _parabola((lo, mid, hi), (ends[0], npv0, ends[1]), draws) - npv0
    return total


def run_samples(district: District, params: Params, samples: int = 1000, seed: int = 1,
                prep: Evaluates | None = None, base: Params | None = None) -> Uncertainty:
    """Sample the inputs of the module doc and dispatch all samples at once; with ``prep`` (and
    ``base``, the district defaults the draws scale) also the project NPV of every sample, the
    eMaaS inputs drawn when ``params`` has shared cars."""
    if samples < 1:
        raise ValueError(f"expected at least 1 sample, got {samples}")
    if prep is not None and base is None:
        raise ValueError("expected the base parameters with prep (the district defaults the draws scale), got None")
    rng = np.random.default_rng(seed)
    base_run = energy_run(district, params)
    pv_f = rng.normal(*PV_YIELD, samples)
    load_f = rng.normal(*DEMAND, samples)
    eff = rng.uniform(*EFFICIENCY, samples)
    demand = base_run.demand if base_run.demand is not None else base_run.load
    hp_heat = base_run.hp_heat if base_run.hp_heat is not None else np.zeros_like(demand)
    cop = np.divide(hp_heat, base_run.heat_pump_el, out=np.ones_like(hp_heat), where=base_run.heat_pump_el > 0)
    storage = replace(base_run.storage or Storage(), efficiency=eff)
    totals = dispatch_samples(base_run.pv, demand, hp_heat, cop, pv_f, load_f, storage)
    ss = 1 - totals.grid_import / np.maximum(totals.load, 1e-9)
    sc = 1 - totals.grid_export / np.maximum(totals.pv, 1e-9)
    npv = None
    if prep is not None and base is not None:
        has_battery = bool(np.any(np.asarray(storage.battery_kwh) > 0))
        emaas = ({name: rng.triangular(lo, mid, hi, samples) for name, (lo, mid, hi) in emaas_ranges(base).items()}
                 if params["ev.shared_cars"] > 0 else None)
        npv = _pct(npv_samples(prep, base, pv_f, load_f, eff, has_battery, emaas))
    return Uncertainty(samples, _pct(ss), _pct(sc), npv)


def report(district: District, params: Params, cards: tuple[str, ...] = (), samples: int = SAMPLES,
           prep: Evaluates | None = None, base: Params | None = None,
           npv_references: tuple[str, ...] = ()) -> UncertaintyResult:
    """:func:`run_samples` as the assessment's typed result (P5, P50, P95 [fraction]; the NPV's
    [EUR] with ``prep`` and ``base``, citing ``npv_references``, those of the project's financing,
    and the response surface's)."""
    run = run_samples(district, params, samples, prep=prep, base=base)
    refs = kpi_references("self_sufficiency", district)
    method, drawn = METHOD, DRAWN
    if run.npv is not None:
        refs = tuple(dict.fromkeys((*refs, *npv_references, *NPV_REFERENCES)))
        method = f"{METHOD}; {NPV_METHOD}"
        if params["ev.shared_cars"] > 0:
            method, drawn = f"{method}; {EMAAS_METHOD}", (*DRAWN, *EMAAS_DRAWN)
            refs = tuple(dict.fromkeys((*refs, *EMAAS_REFERENCES)))
    return UncertaintyResult(samples=run.samples, self_sufficiency=run.self_sufficiency,
                             self_consumption=run.self_consumption, npv=run.npv, method=method, drawn=drawn,
                             provenance=Provenance(cards=cards, rule="uncertainty", source=f"{district.id}: {district.climate.source}",
                                                   references=refs))
