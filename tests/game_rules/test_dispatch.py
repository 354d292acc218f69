"""The dispatch rule: the per-model and the vectorised (uncertainty) implementations agree."""

from __future__ import annotations

import numpy as np
import pytest

from game_rules.dispatch import Storage, dispatch, dispatch_samples
from game_rules.energy import flat_load
from game_rules.profiles import profiles_for


@pytest.mark.parametrize("storage", [Storage(10, 5), Storage(10, 5, thermal_kwh=30), Storage(0, 0, thermal_kwh=30),
                                     Storage(0, 0), Storage(10, 2, efficiency=0.8, usable=1.0, standby_w_per_kwh=2.0)])
def test_vectorised_dispatch_matches_the_single_model(munich, storage: Storage) -> None:
    prof = profiles_for(munich)
    pv = 5.0 * prof.pv_roof
    hp_heat = 3000 * prof.heat_residential
    load = flat_load(munich, 3000) + hp_heat / prof.cop_air
    one = dispatch(pv, load, hp_heat, prof.cop_air, storage)
    many = dispatch_samples(pv, load, hp_heat, prof.cop_air, np.ones(3), np.ones(3), storage)
    for name, hourly in (("grid_import", one.grid_import), ("grid_export", one.grid_export), ("load", one.load),
                         ("battery_out", one.battery_out), ("standby", one.standby)):
        assert getattr(many, name) == pytest.approx(np.full(3, hourly.sum()), rel=1e-9, abs=1e-6), name


def test_samples_scale_generation_and_demand(munich) -> None:
    prof = profiles_for(munich)
    pv, load = 4.0 * prof.pv_roof, flat_load(munich, 4000)
    zeros, ones = np.zeros(8760), np.ones(8760)
    totals = dispatch_samples(pv, load, zeros, ones, np.array([1.0, 1.2]), np.array([1.0, 0.8]),
                              Storage(np.array([8.0, 8.0]), np.array([4.0, 4.0]), np.array([0.9, 0.9])))
    single = dispatch(1.2 * pv, 0.8 * load, zeros, ones, Storage(8.0, 4.0, 0.9))
    assert totals.pv[1] == pytest.approx(1.2 * pv.sum())
    assert totals.grid_import[1] == pytest.approx(single.grid_import.sum())
    assert totals.grid_import[1] < totals.grid_import[0]


def test_uncertainty_percentiles_bracket_the_model(munich) -> None:
    from cards.effects import Op, ParameterChange
    from game_rules.kpis import annual
    from game_rules.params import base_params
    from game_rules.uncertainty import run_samples

    changes = [ParameterChange(param="pv.roof_use", op=Op.SET, value=0.8, source="test"),
               ParameterChange(param="battery.kwh", op=Op.ADD, value=2000, source="test"),
               ParameterChange(param="thermal_storage.kwh", op=Op.ADD, value=5000, source="test"),
               ParameterChange(param="heat_pump.air_share", op=Op.SET, value=0.5, source="test")]
    params = base_params(munich).apply(("T", c) for c in changes)
    from game_rules.assessment import energy_run

    model = annual(energy_run(munich, params), munich, params)
    result = run_samples(munich, params, 200)
    low, mid, high = result.self_sufficiency
    assert low < mid < high
    assert low <= model.self_sufficiency <= high
    assert abs(mid - model.self_sufficiency) < 0.02


def _rule_hour_by_hour(gen: np.ndarray, load: np.ndarray, hp_heat: np.ndarray, cop: np.ndarray,
                       s: Storage) -> tuple[np.ndarray, ...]:
    """The module doc's rule, every step of every hour in one loop (as ``dispatch`` ran it
    before only the storage states were left to the loop)."""
    from game_rules.dispatch import THERMAL_LOSS_PER_HOUR

    e2, root = float(s.efficiency), float(s.efficiency) ** 0.5
    cap_in, power = float(s.battery_kwh) * s.usable / root, float(s.battery_kw)
    standby, thermal = float(s.battery_kwh) * s.standby_w_per_kwh / 1000.0, float(s.thermal_kwh)
    u = heat = 0.0
    rows = []
    for g, raw, h, c in zip(gen.tolist(), load.tolist(), hp_heat.tolist(), cop.tolist(), strict=True):
        lo, to_heat = raw, 0.0
        if thermal > 0:
            used = heat if heat < h else h
            heat = (heat - used) * (1 - THERMAL_LOSS_PER_HOUR)
            lo = raw - used / c
            spare, room_heat = g - lo, (thermal - heat) / c
            to_heat = spare if spare < room_heat else room_heat
            to_heat = to_heat if to_heat > 0 else 0.0
            heat += to_heat * c
        net = g - lo - to_heat
        charge = discharge = 0.0
        if net > 0:
            charge = net if net < power else power
            charge = charge if charge < cap_in - u else cap_in - u
            u += charge
        elif net < 0:
            discharge = (-net if -net < power else power) / e2
            discharge = discharge if discharge < u else u
            u -= discharge
        export = net - charge if net > 0 else 0.0
        grid = -net - discharge * e2 if net < 0 else 0.0
        idle = standby if (charge == 0.0 and discharge == 0.0) else 0.0
        from_pv = idle if idle < export else export
        rows.append((grid + idle - from_pv, export - from_pv, lo + to_heat, u * root, discharge * e2, idle))
    return tuple(np.array(column) for column in zip(*rows, strict=True))


@pytest.mark.parametrize("storage", [Storage(10, 5), Storage(10, 5, thermal_kwh=30), Storage(0, 0, thermal_kwh=30),
                                     Storage(10, 2, efficiency=0.8, usable=1.0, standby_w_per_kwh=2.0),
                                     Storage(400, 100, efficiency=0.85)])
def test_dispatch_gives_the_hour_by_hour_rule_exactly(munich, storage: Storage) -> None:
    """``dispatch`` loops over the storage states only and computes the other steps on whole
    series; the hourly flows are bit for bit those of the rule stepped hour by hour (same
    IEEE-754 operations in the same order), on Munich's profiles with PV surplus and deficit."""
    prof = profiles_for(munich)
    pv = 60.0 * prof.pv_roof
    hp_heat = 30000 * prof.heat_residential
    load = 12 * flat_load(munich, 3000) + hp_heat / prof.cop_air
    flows = dispatch(pv, load, hp_heat, prof.cop_air, storage)
    expected = _rule_hour_by_hour(pv, load, hp_heat, prof.cop_air, storage)
    for name, column in zip(("grid_import", "grid_export", "load", "battery_soc", "battery_out", "standby"), expected,
                            strict=True):
        assert getattr(flows, name).tobytes() == column.tobytes(), name
