"""Comparison of several tables' models on weighted criteria with TOPSIS (pymcdm).

Each criterion is a KPI key; its direction comes from the KPI (``better``: higher is a benefit,
lower a cost). Weights are normalised to sum 1. TOPSIS ranks by relative closeness to the ideal
solution (Hwang & Yoon 1981; pymcdm's implementation with vector normalisation). The reasons name,
for each model, the criteria on which it is best and worst among the models compared. Each ranked
model carries its market figures (:func:`market_figures`: P2P volume, gains and fairness,
flexibility revenue, eMaaS fleet) beside the ranking, unweighted.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np

from game_rules.results import Assessment, Comparison, MarketFigures, Provenance, Ranked
from game_rules.texts import Text, text

DEFAULT_WEIGHTS: dict[str, float] = {
    "pe_balance": 0.2, "co2_reduction": 0.2, "self_sufficiency": 0.1, "worst_stakeholder": 0.15,
    "financing_gap": 0.1, "governance_fit": 0.15, "risk_score": 0.1,
}


def _label_list(keys: list[str], a: Assessment) -> Text:
    labels = [a.kpi(k).label for k in keys]
    return Text.build(lambda lang: ", ".join(x.get(lang) for x in labels))


def market_figures(a: Assessment) -> MarketFigures | None:
    """The market figures of ``a`` [kWh/yr, EUR/yr, fraction, cars, km/yr] and its project NPV
    with and without the markets' counted parts [EUR] (``Financing.npv_without_markets``,
    docs/rules.md "The markets in the project NPV"), with the provenance of the results they come
    from (:attr:`Assessment.market`, ``flexibility``, ``mobility``, ``financing``); None when the
    table plays no market."""
    m, flex, mob = a.market, a.flexibility, a.mobility
    if m is None and flex is None and mob is None:
        return None
    inputs = [x.provenance for x in (m, flex, mob) if x is not None]
    f = a.financing
    inputs.append(f.provenance)
    return MarketFigures(
        p2p_traded_kwh=m.traded_kwh if m is not None else None, p2p_gain_eur=m.gain_eur if m is not None else None,
        fairness=m.fairness if m is not None else None, flexibility_revenue_eur=flex.revenue_eur if flex is not None else None,
        shared_cars=mob.shared_cars if mob is not None else None, km_shifted=mob.km_shifted if mob is not None else None,
        npv_eur=f.npv, npv_without_markets_eur=f.npv_without_markets,
        provenance=Provenance.combine("compare.market", *inputs, source="the table's markets (p2p, flexibility, emaas)"))


def compare(assessments: Mapping[str, Assessment], weights: Mapping[str, float] | None = None) -> Comparison:
    """Rank the named assessments with TOPSIS over ``weights`` (KPI key -> weight)."""
    from pymcdm.methods import TOPSIS

    weights = dict(weights or DEFAULT_WEIGHTS)
    if len(assessments) < 2:
        raise ValueError(f"expected at least two models to compare, got {len(assessments)}")
    if not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError(f"expected non-negative criteria weights with a positive sum, got {weights}")
    names = list(assessments)
    first = assessments[names[0]]
    keys = list(weights)
    for key in keys:
        first.kpi(key)  # raises KeyError naming the known KPIs
    matrix = np.array([[assessments[n].kpi(k).value for k in keys] for n in names], dtype=float)
    types = np.array([1 if first.kpi(k).better == "higher" else -1 for k in keys])
    w = np.array([weights[k] for k in keys], dtype=float)
    w = w / w.sum()
    # TOPSIS needs a non-constant, non-zero column; shift columns so vector normalisation works.
    span = matrix.max(axis=0) - matrix.min(axis=0)
    shifted = matrix - matrix.min(axis=0) + np.where(span > 0, span, 1.0)
    with warnings.catch_warnings():
        # With a handful of tables one often dominates another; TOPSIS is well defined then,
        # so pymcdm's advice to drop dominated alternatives is noise in a workshop's log.
        warnings.filterwarnings("ignore", message=r"Alternatives with indices .* (dominant|dominated)", category=UserWarning)
        # Models equal on every weighted criterion are as far from the ideal as from the
        # anti-ideal: TOPSIS divides 0 by 0 there; they tie at the midpoint 0.5.
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = np.nan_to_num(TOPSIS()(shifted, w, types), nan=0.5)
    order = np.argsort(-scores)
    ranking = []
    for rank, idx in enumerate(order, start=1):
        name = names[idx]
        good = [k for j, k in enumerate(keys) if span[j] > 0 and matrix[idx, j] == (matrix[:, j].max() if types[j] > 0 else matrix[:, j].min())]
        bad = [k for j, k in enumerate(keys) if span[j] > 0 and matrix[idx, j] == (matrix[:, j].min() if types[j] > 0 else matrix[:, j].max())]
        reasons = [text("cmp.rank", name=name, rank=rank, count=len(names), score=f"{scores[idx]:.2f}")]
        for code, ks in (("cmp.best_on", good), ("cmp.worst_on", bad)):
            if ks:
                reasons.append(text(code, criteria=_label_list(ks, first)))
        ranking.append(Ranked(name=name, rank=rank, score=float(scores[idx]),
                              criteria={k: float(matrix[idx, j]) for j, k in enumerate(keys)}, reasons=tuple(reasons),
                              market=market_figures(assessments[name])))
    return Comparison(method="TOPSIS (pymcdm)", weights={k: float(x) for k, x in zip(keys, w, strict=True)}, ranking=tuple(ranking))
