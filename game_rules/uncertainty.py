"""Monte Carlo uncertainty of the key energy KPIs, vectorised over samples.

Uncertain inputs (independent, seeded): PV yield factor ~ N(1, 0.07) (year-to-year variation of
specific yield, an assumption), electric demand factor ~ N(1, 0.08) (appliances and heat pumps),
battery round-trip efficiency ~ U(0.85, 0.95) (spread of the systems in HTW Berlin's
Stromspeicher-Inspektion). Generation and demand scale linearly with their factors, so one
hourly run gives the shapes and :func:`~game_rules.dispatch.dispatch_samples` runs the dispatch
rule (heat store and battery) once over the year with vectors over samples.
Export curtailment is left out: it changes neither self-sufficiency nor self-consumption.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from game_rules.dispatch import Storage, dispatch_samples
from game_rules.districts import District
from game_rules.energy import energy_run
from game_rules.kpis import kpi_references
from game_rules.params import Params
from game_rules.results import Provenance
from game_rules.results import Uncertainty as UncertaintyResult

#: Draws of the reported run: the P5/P95 move by less than 0.2 points between seeds at this size.
SAMPLES = 1000
METHOD = ("Monte Carlo, seed 1: PV yield factor ~ N(1, 0.07), electric demand factor ~ N(1, 0.08), "
          "battery round-trip efficiency ~ U(0.85, 0.95); hourly dispatch per sample")


@dataclass(frozen=True)
class Uncertainty:
    """Percentiles (5, 50, 95) of self-sufficiency and self-consumption [fraction]."""

    samples: int
    self_sufficiency: tuple[float, float, float]
    self_consumption: tuple[float, float, float]


def _pct(values: np.ndarray) -> tuple[float, float, float]:
    low, mid, high = np.percentile(values, [5, 50, 95])
    return float(low), float(mid), float(high)


def run_samples(district: District, params: Params, samples: int = 1000, seed: int = 1) -> Uncertainty:
    """Sample the inputs of the module doc and dispatch all samples at once."""
    if samples < 1:
        raise ValueError(f"expected at least 1 sample, got {samples}")
    rng = np.random.default_rng(seed)
    base = energy_run(district, params)
    pv_f = rng.normal(1.0, 0.07, samples)
    load_f = rng.normal(1.0, 0.08, samples)
    eff = rng.uniform(0.85, 0.95, samples)
    demand = base.demand if base.demand is not None else base.load
    hp_heat = base.hp_heat if base.hp_heat is not None else np.zeros_like(demand)
    cop = np.divide(hp_heat, base.heat_pump_el, out=np.ones_like(hp_heat), where=base.heat_pump_el > 0)
    storage = replace(base.storage or Storage(), efficiency=eff)
    totals = dispatch_samples(base.pv, demand, hp_heat, cop, pv_f, load_f, storage)
    ss = 1 - totals.grid_import / np.maximum(totals.load, 1e-9)
    sc = 1 - totals.grid_export / np.maximum(totals.pv, 1e-9)
    return Uncertainty(samples, _pct(ss), _pct(sc))


def report(district: District, params: Params, cards: tuple[str, ...] = (), samples: int = SAMPLES) -> UncertaintyResult:
    """:func:`run_samples` as the assessment's typed result (P5, P50, P95 [fraction])."""
    run = run_samples(district, params, samples)
    return UncertaintyResult(samples=run.samples, self_sufficiency=run.self_sufficiency,
                             self_consumption=run.self_consumption, method=METHOD,
                             provenance=Provenance(cards=cards, rule="uncertainty", source=f"{district.id}: {district.climate.source}",
                                                   references=kpi_references("self_sufficiency", district)))
