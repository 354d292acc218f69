"""Sharing local PV between the members of a scheme: the allocation keys of French collective
self-consumption (ACC) as Enedis applies them, and each member's self-consumed, allocated and
residual energy.

Each step (the metering step of imbalance settlement, décret n° 2017-676: 30 minutes at Enedis;
the district model is hourly, so one step is one hour here, which slightly overstates sharing
within the hour):

1. **Own consumption first.** A member with PV on its own roof uses it behind its own meter:
   ``self = min(pv, demand)``. What its PV produces beyond that is fed into the pool
   (``surplus = pv - self``); what it still needs is its net demand (``net = demand - self``).
2. **Allocation of the pool** ``P = Σ surplus`` over the members' net demand ``C_i`` with one
   of the keys Enedis offers the organising legal person (PMO) (Code de l'énergie L315-4: the PMO
   gives the DSO the key; décret n° 2017-676: by default pro rata of consumption; Enedis note
   Enedis-NOI-CF_110E; the four key types as Enogrid describes them):

   * :class:`StaticKey` — fixed coefficients ``c_i`` (Σ c_i ≤ 1): ``a_i = min(c_i · P, C_i)``;
     what a member cannot use is not passed on to the others, it leaves the scheme as surplus.
   * :class:`DynamicKey` — the default key (décret n° 2017-676), applied when the PMO gives none:
     pro rata of each member's consumption in the step, ``a_i = C_i · min(1, P / Σ C_j)``.
   * :class:`CustomKey` — ordered priorities (a "dynamic simple" key of cascading shares): the
     first tier is served pro rata of its consumption, what is left passes to the next tier.

3. **Residual** ``r_i = C_i - a_i`` comes from the member's supplier over the grid; the pool not
   allocated (``P - Σ a_i``) is the scheme's export.

Invariant (tested): in every step ``Σ a_i ≤ P`` and ``a_i ≤ C_i``.
Only participating members (:attr:`Building.participates`) pool and receive; the others' PV
and demand stay their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game_rules.buildings import BuildingSet

REFERENCES = ("decret-2017-676-acc", "enedis-acc-modalites-noi-cf-110e", "enogrid-cles-repartition", "code-energie-l315-2")
"""Bibliography ids behind the keys under French law (game_rules/data/references/regulation.yaml)."""
#: The law that asks a sharing scheme for an allocation key, by country; the EU's energy-sharing
#: right (RED II art. 22) elsewhere. The dynamic default outside France is an assumption
#: (``sharing.key``, game_rules.params).
KEY_LAW: dict[str, tuple[str, ...]] = {"FR": REFERENCES, "DE": ("enwg-42c",)}


def key_references(country: str) -> tuple[str, ...]:
    """The bibliography ids behind the allocation keys in ``country`` (:data:`KEY_LAW`)."""
    return KEY_LAW.get(country, ("red-ii-art-22",))
TOLERANCE = 1e-9


class AllocationError(ValueError):
    """A key does not fit the scheme's members; the message names what was expected."""


@dataclass(frozen=True)
class StaticKey:
    """Fixed coefficients [fraction of the pool], one per participating member, Σ ≤ 1."""

    shares: tuple[float, ...]


@dataclass(frozen=True)
class DynamicKey:
    """Enedis's default key: pro rata of each member's consumption in each step."""


@dataclass(frozen=True)
class CustomKey:
    """Priority tiers: ``tiers[0]`` lists the ids of participating members served first, and so
    on; within a tier pro rata of consumption. Every participating member in exactly one tier."""

    tiers: tuple[tuple[str, ...], ...]


Key = StaticKey | DynamicKey | CustomKey


@dataclass(frozen=True)
class MemberShare:
    """One member's year [kWh/yr]: demand, own PV, PV used behind its own meter, what it fed into
    the pool, what it received from it, and what it still took from its supplier."""

    id: str
    demand_kwh: float
    pv_kwh: float
    self_consumed_kwh: float
    fed_kwh: float
    allocated_kwh: float
    residual_kwh: float

    @property
    def self_sufficiency(self) -> float:
        """(self-consumed + allocated) / demand [fraction] (0 without demand)."""
        return (self.self_consumed_kwh + self.allocated_kwh) / self.demand_kwh if self.demand_kwh > 0 else 0.0


@dataclass(frozen=True)
class SchemeShares:
    """The scheme's allocation: per-step arrays for the participating members (steps, members)
    [kWh per step], the pool's unallocated rest (steps,), and annual sums per member."""

    ids: tuple[str, ...]
    key: Key
    self_consumed: np.ndarray
    allocated: np.ndarray
    residual: np.ndarray
    pool: np.ndarray
    unallocated: np.ndarray
    members: tuple[MemberShare, ...]
    step_hours: float
    time_base: str

    @property
    def production_kwh(self) -> float:
        return float(sum(m.pv_kwh for m in self.members))

    @property
    def demand_kwh(self) -> float:
        return float(sum(m.demand_kwh for m in self.members))

    @property
    def local_kwh(self) -> float:
        """PV used within the scheme: behind members' meters plus allocated [kWh/yr]."""
        return float(self.self_consumed.sum() + self.allocated.sum())

    @property
    def self_consumption(self) -> float:
        """Local use / production [fraction] (0 without production)."""
        production = self.production_kwh
        return self.local_kwh / production if production > 0 else 0.0

    @property
    def self_sufficiency(self) -> float:
        """Local use / demand [fraction] (0 without demand)."""
        demand = self.demand_kwh
        return self.local_kwh / demand if demand > 0 else 0.0


@dataclass(frozen=True)
class Balance:
    """Annual local balance [kWh/yr] of a set of buildings and its two ratios [fraction]."""

    production_kwh: float
    demand_kwh: float
    local_kwh: float

    @property
    def self_consumption(self) -> float:
        """Local use / production (0 without production)."""
        return self.local_kwh / self.production_kwh if self.production_kwh > 0 else 0.0

    @property
    def self_sufficiency(self) -> float:
        """Local use / demand (0 without demand)."""
        return self.local_kwh / self.demand_kwh if self.demand_kwh > 0 else 0.0


def district_balance(buildings: BuildingSet, scheme: SchemeShares) -> Balance:
    """The whole district's balance: the scheme's members (own use + allocated) and the other
    buildings, which use their own PV behind their meters only."""
    outside = ~buildings.participants
    own = float(np.minimum(buildings.pv[:, outside], buildings.demand[:, outside]).sum()) if outside.any() else 0.0
    return Balance(production_kwh=float(buildings.pv.sum()), demand_kwh=float(buildings.demand.sum()),
                   local_kwh=scheme.local_kwh + own)


def _pro_rata(pool: np.ndarray, net: np.ndarray) -> np.ndarray:
    total = net.sum(axis=1)
    ratio = np.divide(pool, total, out=np.zeros_like(pool), where=total > 0)
    np.minimum(ratio, 1.0, out=ratio)
    result: np.ndarray = net * ratio[:, None]
    return result


def allocate(pool: np.ndarray, net: np.ndarray, key: Key, ids: tuple[str, ...] = ()) -> np.ndarray:
    """Allocation (steps, members) [kWh per step] of ``pool`` (steps,) over net demand ``net``
    (steps, members) with ``key`` (rules in the module doc). ``ids`` name the members' columns
    (needed by :class:`CustomKey`). Raises :class:`AllocationError` for a key that does not fit.
    """
    if net.ndim != 2 or pool.shape != (net.shape[0],):
        raise AllocationError(f"expected pool (steps,) and net demand (steps, members), got {pool.shape} and {net.shape}")
    members = net.shape[1]
    if isinstance(key, DynamicKey):
        return _pro_rata(pool, net)
    if isinstance(key, StaticKey):
        shares = np.asarray(key.shares, dtype=float)
        if shares.shape != (members,):
            raise AllocationError(f"static key: expected {members} coefficients (one per participating member), got {len(key.shares)}")
        if np.any(shares < 0) or shares.sum() > 1 + TOLERANCE:
            raise AllocationError(f"static key: expected coefficients ≥ 0 summing to at most 1, got sum {shares.sum():.6g}")
        result: np.ndarray = np.minimum(pool[:, None] * shares[None, :], net)
        return result
    if len(ids) != members:
        raise AllocationError(f"custom key: expected {members} member ids, got {len(ids)}")
    listed = [i for tier in key.tiers for i in tier]
    if sorted(listed) != sorted(ids):
        missing, extra = sorted(set(ids) - set(listed)), sorted(set(listed) - set(ids))
        raise AllocationError(f"custom key: expected every participating member in exactly one tier; missing {missing}, "
                              f"unknown {extra}, listed {len(listed)} for {members} members")
    column = {i: c for c, i in enumerate(ids)}
    out = np.zeros_like(net)
    left = pool.copy()
    for tier in key.tiers:
        cols = [column[i] for i in tier]
        given = _pro_rata(left, net[:, cols])
        out[:, cols] = given
        left = np.maximum(left - given.sum(axis=1), 0.0)
    return out


def share(buildings: BuildingSet, key: Key | None = None) -> SchemeShares:
    """Run the scheme of ``buildings``' participating members with ``key`` (default: Enedis's
    dynamic default key). Steps 1-3 of the module doc; arrays in kWh per step of
    ``buildings.step_hours``. Raises :class:`AllocationError` when no building participates.
    """
    chosen = key if key is not None else DynamicKey()
    mask = buildings.participants
    if not mask.any():
        raise AllocationError("expected at least one participating building, got none")
    ids = tuple(b.id for b, m in zip(buildings.buildings, mask, strict=True) if m)
    # All members: views, not copies (two 8,760 x n arrays fewer).
    every = bool(mask.all())
    demand, pv = (buildings.demand, buildings.pv) if every else (buildings.demand[:, mask], buildings.pv[:, mask])
    own = np.minimum(pv, demand)
    net = demand - own
    # The pool is Σ (pv - own) = Σ pv - Σ own per step: no surplus array (8,760 x n) is made.
    own_steps = own.sum(axis=1)
    pool = np.maximum(pv.sum(axis=1) - own_steps, 0.0)
    allocated = allocate(pool, net, chosen, ids)
    residual = np.subtract(net, allocated, out=net)  # net is not needed after the allocation
    unallocated = np.maximum(pool - allocated.sum(axis=1), 0.0)
    sums = {name: series.sum(axis=0) for name, series in
            (("demand", demand), ("pv", pv), ("own", own), ("alloc", allocated))}
    # fed = pv - own and residual = demand - own - allocated, summed without two more passes.
    sums["fed"] = sums["pv"] - sums["own"]
    sums["res"] = np.maximum(sums["demand"] - sums["own"] - sums["alloc"], 0.0)
    members = tuple(MemberShare(
        id=i, demand_kwh=float(sums["demand"][c]), pv_kwh=float(sums["pv"][c]), self_consumed_kwh=float(sums["own"][c]),
        fed_kwh=float(sums["fed"][c]), allocated_kwh=float(sums["alloc"][c]), residual_kwh=float(sums["res"][c]))
        for c, i in enumerate(ids))
    return SchemeShares(ids=ids, key=chosen, self_consumed=own, allocated=allocated, residual=residual, pool=pool,
                        unallocated=unallocated, members=members, step_hours=buildings.step_hours,
                        time_base=buildings.time_base)
