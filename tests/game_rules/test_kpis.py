"""KPI units and scopes: one unit per KPI, renewable heat in the renewable share, scope and
basis stated in the provenance."""

from __future__ import annotations

import pytest

from cards.effects import Op, ParameterChange
from game_rules import District, assess
from game_rules.energy import simulate
from game_rules.kpis import KPI_UNITS, annual, kpi_basis, kpi_references
from game_rules.params import base_params


def _with_dh_share(district: District, share: float) -> District:
    pe = district.primary_energy.model_copy(update={"district_heat_renewable_share": share})
    return district.model_copy(update={"primary_energy": pe})


def test_renewable_district_heat_counts_toward_the_local_renewable_share(lyon: District) -> None:
    """Lyon's Centre-Métropole heat network is 65 % renewable and recovered (Le Moniteur 2023,
    after Dalkia): counting it raises the district's renewable share by 0.65 x D / final energy."""
    params = base_params(lyon)
    run = simulate(lyon, params)
    without = annual(run, _with_dh_share(lyon, 0.0), params)
    with_dh = annual(run, lyon, params)
    final = run.total("load") + without.gas_kwh + without.dh_kwh + without.solar_heat_kwh + without.ambient_kwh
    assert with_dh.renewable_share - without.renewable_share == pytest.approx(0.65 * without.dh_kwh / final)
    assert with_dh.renewable_share > 2.5 * without.renewable_share  # district heat is most of Lyon's heat


def test_each_kpi_has_one_unit_and_states_scope_and_basis(example, munich: District, lyon: District) -> None:
    """Shares are fractions [0-1] in every output; CO₂ says its scope and year (UBA 2024: 363 g/kWh
    direct; RTE 2023: 32 g/kWh produced); energy cost says its electricity price basis."""
    for name, district in (("munich-harthof", munich), ("lyon-confluence", lyon)):
        result = assess(example(name), district)
        for kpi in result.kpis:
            assert kpi.unit == KPI_UNITS[kpi.key], kpi.key
        co2 = result.kpi("co2").provenance
        assert "direct CO₂" in co2.source and str(district.emissions.year) in co2.source
        assert set(kpi_references("co2", district)) <= set(co2.references)
        assert "standing charge" in result.kpi("energy_cost").provenance.source
    assert kpi_basis("co2", lyon) == "direct CO₂ at combustion and generation, factors of 2023"
    assert "rte-bilan-2023-co2" in kpi_references("co2", lyon)


def test_annual_run_is_annual_of_the_energy_run_and_keys_on_all_it_reads(lyon: District) -> None:
    """``annual_run`` (memoised: a reference shared by tables and sensitivity bars is summed once)
    gives ``annual(energy_run(...))`` exactly, and its key covers every parameter ``annual``
    reads: a changed price or factor is a new entry, never a stale one (docs/kpis.md formulas)."""
    import inspect
    import re

    from game_rules import kpis
    from game_rules.energy import ENERGY_PARAMS, energy_run

    read = set(re.findall(r'params\["([^"]+)"\]', inspect.getsource(kpis.annual)))
    assert read and read <= set(kpis.ANNUAL_PARAMS) | set(ENERGY_PARAMS)
    base = base_params(lyon)
    for name in (None, *kpis.ANNUAL_PARAMS, "pv.yield_factor"):
        params = base if name is None else base.apply([("test", ParameterChange(
            param=name, op=Op.MUL, value=1.1, source="test"))])
        expected = annual(energy_run(lyon, params), lyon, params)
        assert kpis.annual_run(lyon, params) == expected, name
        assert kpis.annual_run(lyon, params) == expected, name  # the memoised entry
