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
