"""Allocation keys of French collective self-consumption (game_rules/allocation.py).

Sources: décret n° 2017-676 (Code de l'énergie D. 315-1 ff.: allocation by default pro rata of
consumption, per metering step); Enedis, note Enedis-NOI-CF_110E (allocation transmitted by the
PMO per metering step); Enogrid, "Les clés de répartition en autoconsommation collective" (static: fixed shares,
what a participant cannot use is not passed on; dynamic by default: pro rata of each
participant's consumption in the step; dynamic "simple": shares set by the PMO such as
cascading priorities); Code de l'énergie L315-4.
"""

from __future__ import annotations

import numpy as np
import pytest

from cards.effects import Stakeholder
from game_rules.allocation import (
    AllocationError,
    CustomKey,
    DynamicKey,
    StaticKey,
    allocate,
    district_balance,
    share,
)
from game_rules.buildings import Building, BuildingSet


def _building(bid: str, pv_kwp: float = 0.0, participates: bool = True) -> Building:
    return Building(id=bid, group="g", use="residential", roof_owner=Stakeholder.HOUSING_COMPANY, occupant=Stakeholder.RESIDENTS,
                    x_m=0.0, y_m=0.0, connection=bid, quarter="q", area="a", residential_share=1.0,
                    pv_kwp=pv_kwp, participates=participates)


def _small() -> BuildingSet:
    """A producer P (no demand) and consumers A, B, C over two steps [kWh per step]:
    P produces 6 then 10; A needs 2 then 1, B 4 then 2, C 6 then 3."""
    ids = ("P", "A", "B", "C")
    pv = np.array([[6.0, 0, 0, 0], [10.0, 0, 0, 0]])
    demand = np.array([[0.0, 2, 4, 6], [0.0, 1, 2, 3]])
    return BuildingSet(tuple(_building(i, 10.0 if i == "P" else 0.0) for i in ids), demand=demand, pv=pv)


def test_the_default_dynamic_key_allocates_pro_rata_of_consumption_in_each_step() -> None:
    """Enedis's default key, by hand: step 1 pool 6 kWh for net demand 2 + 4 + 6 = 12 kWh, so
    each receives half: A 1, B 2, C 3, nothing left. Step 2 pool 10 kWh for 1 + 2 + 3 = 6 kWh:
    everyone is served in full (A 1, B 2, C 3) and 4 kWh are not allocated (exported)."""
    result = share(_small())
    assert result.ids == ("P", "A", "B", "C")
    assert result.allocated.tolist() == [[0, 1, 2, 3], [0, 1, 2, 3]]
    assert result.unallocated.tolist() == [0, 4]
    a = result.members[1]
    assert (a.allocated_kwh, a.residual_kwh, a.self_consumed_kwh) == (2, 1, 0)
    assert result.self_consumption == pytest.approx(12 / 16)
    assert result.self_sufficiency == pytest.approx(12 / 18)


def test_the_static_key_caps_each_share_at_consumption_and_does_not_pass_it_on() -> None:
    """Static coefficients P 0, A 0.5, B 0.25, C 0.25. Step 1 (pool 6): A min(3, 2) = 2,
    B min(1.5, 4) = 1.5, C min(1.5, 6) = 1.5; the 1 kWh A cannot use is exported although B and
    C still need power. Step 2 (pool 10): A min(5, 1) = 1, B min(2.5, 2) = 2, C min(2.5, 3) = 2.5;
    4.5 kWh exported."""
    result = share(_small(), StaticKey((0.0, 0.5, 0.25, 0.25)))
    assert result.allocated.tolist() == [[0, 2, 1.5, 1.5], [0, 1, 2, 2.5]]
    assert result.unallocated.tolist() == [1, 4.5]


def test_the_custom_key_serves_priority_tiers_in_order() -> None:
    """Tiers (C), then (A, B), then (P). Step 1 (pool 6): C takes its full 6 kWh, nothing is
    left for A and B. Step 2 (pool 10): C 3, then A 1 and B 2 in full; 4 kWh exported."""
    result = share(_small(), CustomKey((("C",), ("A", "B"), ("P",))))
    assert result.allocated.tolist() == [[0, 0, 0, 6], [0, 1, 2, 3]]
    assert result.unallocated.tolist() == [0, 4]


def test_own_pv_is_used_behind_the_meter_before_the_pool() -> None:
    """A prosumer with 5 kWh PV and 3 kWh demand uses 3 itself and feeds 2 into the pool, which
    goes to its neighbour needing 4: self-consumed 3, allocated 2, residual 2."""
    members = (_building("X", 5.0), _building("Y"))
    result = share(BuildingSet(members, demand=np.array([[3.0, 4.0]]), pv=np.array([[5.0, 0.0]])))
    x, y = result.members
    assert (x.self_consumed_kwh, x.fed_kwh, x.residual_kwh) == (3, 2, 0)
    assert (y.allocated_kwh, y.residual_kwh) == (2, 2)


def test_a_building_that_does_not_participate_neither_pools_nor_receives() -> None:
    """Y stays out: the 2 kWh X has left are exported, Y imports its 4 kWh."""
    members = (_building("X", 5.0), _building("Y", participates=False))
    result = share(BuildingSet(members, demand=np.array([[3.0, 4.0]]), pv=np.array([[5.0, 0.0]])))
    assert result.ids == ("X",)
    assert result.unallocated.tolist() == [2.0]


@pytest.mark.parametrize("key", [DynamicKey(), StaticKey((0.1, 0.3, 0.2, 0.15, 0.25)),
                                 CustomKey((("m3",), ("m0", "m4"), ("m1", "m2")))])
def test_allocations_never_exceed_production_nor_a_members_consumption(key: object) -> None:
    """The invariant of every key, on 500 random steps: Σ a_i ≤ pool and 0 ≤ a_i ≤ C_i."""
    rng = np.random.default_rng(3)
    pool = rng.random(500) * 10
    net = rng.random((500, 5)) * rng.choice([0.0, 1.0, 4.0], size=(500, 5))
    out = allocate(pool, net, key, ("m0", "m1", "m2", "m3", "m4"))  # type: ignore[arg-type]
    assert np.all(out >= 0)
    assert np.all(out <= net + 1e-12)
    assert np.all(out.sum(axis=1) <= pool + 1e-9)


def test_a_key_that_does_not_fit_names_what_was_expected() -> None:
    with pytest.raises(AllocationError, match=r"summing to at most 1, got sum 1.2"):
        share(_small(), StaticKey((0.3, 0.3, 0.3, 0.3)))
    with pytest.raises(AllocationError, match=r"expected 4 coefficients"):
        share(_small(), StaticKey((0.5, 0.5)))
    with pytest.raises(AllocationError, match=r"missing \['P'\]"):
        share(_small(), CustomKey((("A", "B", "C"),)))
    nobody = _small().with_participation(())
    with pytest.raises(AllocationError, match="at least one participating building"):
        share(nobody)


def test_the_district_balance_adds_what_outsiders_use_of_their_own_pv() -> None:
    """X (5 kWh PV, 3 kWh demand) shares with Y (needs 4); Z stays out with 2 kWh PV and 1 kWh
    demand. Scheme local use 3 + 2 = 5 kWh; Z uses 1 kWh of its own; district: 6 kWh local of
    7 kWh produced and 8 kWh demand."""
    members = (_building("X", 5.0), _building("Y"), _building("Z", 2.0, participates=False))
    buildings = BuildingSet(members, demand=np.array([[3.0, 4.0, 1.0]]), pv=np.array([[5.0, 0.0, 2.0]]))
    balance = district_balance(buildings, share(buildings))
    assert (balance.local_kwh, balance.production_kwh, balance.demand_kwh) == (6.0, 7.0, 8.0)
    assert balance.self_consumption == pytest.approx(6 / 7) and balance.self_sufficiency == pytest.approx(6 / 8)
