"""Hourly dispatch of local generation, heat storage and batteries: the documented rule.

Rule, every hour, in this order (source: the usual "self-consumption first" operating mode of
residential PV storage systems, as simulated by HTW Berlin's Unabhängigkeitsrechner and in
Weniger, Tjaden & Quaschning 2014, "Sizing of residential PV battery systems", Energy Procedia
46:78-87):

1. Local generation covers the electric load directly.
2. Heat stored earlier covers the heat pumps' heat demand first, which removes that heat
   pump electricity (``heat / COP``) from the load.
3. A remaining surplus drives heat pumps to charge the thermal store (heat = electricity x COP),
   up to the store's free capacity.
4. The rest charges the battery (power limit ``battery_kw``; one-way efficiency √η; up to the
   usable capacity), then is exported.
5. A deficit is served by the battery (same limits), then imported.
6. In an hour the battery neither charges nor discharges (it is full with a surplus, or empty
   with a deficit) its stand-by power is an extra load, served by the remaining PV surplus, else
   by the grid; it never drains the battery (HTW measures stand-by from the grid in the
   discharged state).

Battery realism (all defaults here, sizes from the cards):

* usable capacity = :data:`USABLE_FRACTION` x nominal kWh (depth of discharge);
* round-trip efficiency η (``battery.efficiency``, default 0.90 AC-AC): HTW Berlin's
  Stromspeicher-Inspektion measures mean conversion efficiencies of about 95 % in charging and
  95 % in discharging for current home systems (2025 edition), i.e. 0.95² ≈ 0.90 round trip
  including the inverter;
* stand-by: :data:`STANDBY_W_PER_KWH`;
* power limit ``battery.c_rate`` x nominal kWh.

Two implementations of the same rule: :func:`dispatch` steps one model's storage states
through the year with Python floats (fast for one series, hourly flows out; the steps that do
not depend on a state run on whole series); :func:`dispatch_samples` steps all
uncertainty samples at once: per block of :data:`BLOCK_HOURS` hours everything that does not
depend on the storage state is computed as (hours x samples) arrays, and only the state update
(about 5 vector operations per hour for a battery, 17 with a heat store) runs hour by hour;
annual sums are kept, no (8760 x samples) arrays. A test checks that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

THERMAL_LOSS_PER_HOUR = 0.0005
"""Standing loss of a well-insulated heat store [fraction per hour] (about 1.2 %/day, unverified)."""
ROUND_TRIP_EFFICIENCY = 0.9
"""AC-to-AC round-trip efficiency of a home battery system incl. inverter (HTW Berlin,
Stromspeicher-Inspektion 2025: mean charge and discharge conversion efficiency ≈ 95 % each)."""
USABLE_FRACTION = 0.9
"""Usable / nominal battery capacity (depth of discharge). Data sheets compared in HTW Berlin's
Stromspeicher-Inspektion list usable capacities of roughly 85-100 % of nominal; the
BVES/BSW Effizienzleitfaden rates systems on usable capacity. 0.9 is a typical value."""
STANDBY_W_PER_KWH = 0.5
"""Stand-by power of the battery system [W per kWh nominal]: 5 W for a 10 kWh home system. HTW
Berlin measures stand-by consumption from a few watts to over 10 W and recommends under 5 W,
since home batteries sit 2,000-4,000 h/yr discharged (Quaschning in photovoltaik.eu, 2019,
on the Stromspeicher-Inspektion)."""


@dataclass(frozen=True)
class Storage:
    """Storage sizes for one run (floats) or for each sample (vectors).

    ``battery_kwh`` is the nominal capacity [kWh], ``battery_kw`` the power limit [kW],
    ``efficiency`` the round-trip efficiency [-], ``thermal_kwh`` the heat store [kWh heat].
    """

    battery_kwh: Any = 0.0
    battery_kw: Any = 0.0
    efficiency: Any = ROUND_TRIP_EFFICIENCY
    thermal_kwh: Any = 0.0
    usable: float = USABLE_FRACTION
    standby_w_per_kwh: float = STANDBY_W_PER_KWH


@dataclass(frozen=True)
class Flows:
    """Hourly results of one model [kWh per hour]."""

    grid_import: np.ndarray
    grid_export: np.ndarray
    load: np.ndarray  # electric load after heat-store savings, incl. heat-store charging
    battery_soc: np.ndarray  # energy stored at the end of each hour [kWh]
    battery_out: np.ndarray  # AC energy the battery delivered
    standby: np.ndarray  # battery stand-by energy drawn (from its charge or the grid)


@dataclass(frozen=True)
class Totals:
    """Annual sums per sample [kWh/yr], each a vector over samples."""

    pv: np.ndarray
    load: np.ndarray
    grid_import: np.ndarray
    grid_export: np.ndarray
    battery_out: np.ndarray
    standby: np.ndarray


def _thermal(gen: list[float], load: list[float], hp_heat: list[float], cop: list[float],
             thermal: float) -> tuple[list[float], list[float]]:
    """Steps 2-3 hour by hour on floats: the load after the heat store's savings and the
    electricity that charges the store (its state depends on nothing but these series)."""
    keep = 1 - THERMAL_LOSS_PER_HOUR
    heat = 0.0
    loads: list[float] = []
    to_heat_out: list[float] = []
    add_load, add_heat = loads.append, to_heat_out.append
    for g, raw, h, c in zip(gen, load, hp_heat, cop, strict=True):
        used = heat if heat < h else h
        heat = (heat - used) * keep
        lo = raw - used / c
        room_heat = (thermal - heat) / c
        spare = g - lo
        to_heat = spare if spare < room_heat else room_heat
        to_heat = to_heat if to_heat > 0 else 0.0
        heat += to_heat * c
        add_load(lo)
        add_heat(to_heat)
    return loads, to_heat_out


def _battery(net: list[float], s: Storage) -> tuple[list[float], list[float], list[float]]:
    """Steps 4-5 hour by hour on floats: charge and discharge [charging-side kWh] and the state
    ``u`` at the end of each hour, kept in charging-side units (stored energy / √η) so charging
    adds the AC energy taken in. Only this loop depends on the battery's state; what follows
    from it is computed on whole series (:func:`dispatch`)."""
    e2 = float(s.efficiency)
    cap_in = float(s.battery_kwh) * s.usable / e2**0.5
    power = float(s.battery_kw)
    u = 0.0
    charges: list[float] = []
    discharges: list[float] = []
    states: list[float] = []
    add_charge, add_discharge, add_state = charges.append, discharges.append, states.append
    for n in net:
        charge = discharge = 0.0
        if n > 0:
            charge = n if n < power else power
            room = cap_in - u
            charge = charge if charge < room else room
            u += charge
        elif n < 0:
            need = -n if -n < power else power
            discharge = need / e2
            discharge = discharge if discharge < u else u
            u -= discharge
        add_charge(charge)
        add_discharge(discharge)
        add_state(u)
    return charges, discharges, states


def dispatch(gen: np.ndarray, load: np.ndarray, hp_heat: np.ndarray, cop: np.ndarray,
             storage: Storage) -> Flows:
    """Run the rule over one year for one model; ``gen``/``load`` are (8760,) [kWh/h].

    ``hp_heat`` is the heat the heat pumps must deliver each hour [kWh] and ``cop`` their
    coefficient of performance; both only matter when a thermal store exists.
    """
    if gen.ndim != 1 or gen.shape != load.shape:
        raise ValueError(f"expected generation and load of equal shape (8760,), got {gen.shape} and {load.shape}; "
                         "use dispatch_samples for uncertainty samples")
    if float(storage.battery_kwh) <= 0 and float(storage.thermal_kwh) <= 0:
        net = gen - load
        zeros = np.zeros_like(gen)
        return Flows(np.maximum(-net, 0.0), np.maximum(net, 0.0), load, zeros, zeros, zeros)
    # Only the storage states need an hour-by-hour loop; every other step is the same float
    # operation on whole series (numpy's float64 arithmetic is Python's: results are identical).
    if float(storage.thermal_kwh) > 0:
        lo_list, to_heat_list = _thermal(gen.tolist(), load.tolist(), hp_heat.tolist(), cop.tolist(),
                                         float(storage.thermal_kwh))
        lo, to_heat = np.asarray(lo_list, dtype=float), np.asarray(to_heat_list, dtype=float)
    else:
        lo, to_heat = np.asarray(load, dtype=float), np.zeros(len(gen))
    net = gen - lo - to_heat
    charge, discharge, state = (np.asarray(column, dtype=float) for column in _battery(net.tolist(), storage))
    e2 = float(storage.efficiency)
    standby = float(storage.battery_kwh) * storage.standby_w_per_kwh / 1000.0
    export = np.where(net > 0, net - charge, 0.0)
    grid = np.where(net < 0, -net - discharge * e2, 0.0)
    idle = np.where((charge == 0.0) & (discharge == 0.0), standby, 0.0)
    from_pv = np.where(idle < export, idle, export)  # stand-by served by PV left after charging
    return Flows(grid + idle - from_pv, export - from_pv, lo + to_heat, state * e2**0.5, discharge * e2, idle)


BLOCK_HOURS = 24
"""Hours per block of :func:`dispatch_samples` (one day: (24 x samples) work arrays stay in cache)."""


def _vec(value: Any, n: int) -> np.ndarray:
    result: np.ndarray = np.asarray(value, dtype=float) * np.ones(n)
    return result


@dataclass
class _State:
    """Storage state and constants of :func:`dispatch_samples`, vectors over samples."""

    e2: np.ndarray
    cap_in: np.ndarray
    power: np.ndarray
    standby: np.ndarray
    thermal: np.ndarray
    u: np.ndarray
    heat: np.ndarray


def _thermal_block(net: np.ndarray, hp: np.ndarray, cop: np.ndarray, st: _State, to_heat: np.ndarray) -> None:
    """Steps 2-3 for one block, hour by hour: ``net`` (hours x samples) is generation minus
    demand on entry and minus heat-store charging on exit; ``to_heat`` receives that charging."""
    keep = 1 - THERMAL_LOSS_PER_HOUR
    used, room = np.empty_like(st.heat), np.empty_like(st.heat)
    for t in range(net.shape[0]):
        c = float(cop[t])
        np.minimum(st.heat, hp[t], out=used)
        st.heat -= used
        st.heat *= keep
        used /= c
        net[t] += used  # heat from the store saves heat-pump electricity
        np.subtract(st.thermal, st.heat, out=room)
        room /= c
        np.maximum(net[t], 0.0, out=to_heat[t])
        np.minimum(to_heat[t], room, out=to_heat[t])
        net[t] -= to_heat[t]
        np.multiply(to_heat[t], c, out=room)
        st.heat += room


def _battery_block(charge: np.ndarray, out: np.ndarray, st: _State) -> None:
    """Steps 4-5 for one block: on entry ``charge``/``out`` hold the power-limited surplus and
    deficit (``out`` already in charging-side units, / η); on exit what the state allowed."""
    room = np.empty_like(st.u)
    for t in range(charge.shape[0]):
        np.subtract(st.cap_in, st.u, out=room)
        np.minimum(charge[t], room, out=charge[t])
        np.minimum(out[t], st.u, out=out[t])
        st.u += charge[t]
        st.u -= out[t]


def dispatch_samples(pv: np.ndarray, load: np.ndarray, hp_heat: np.ndarray, cop: np.ndarray,
                     pv_scale: np.ndarray, load_scale: np.ndarray, storage: Storage) -> Totals:
    """The same rule for many samples at once: sample ``i`` has generation ``pv x pv_scale[i]``
    and electric demand (incl. heat pumps, whose heat ``hp_heat`` scales alike)
    ``load x load_scale[i]``; ``storage`` fields may be vectors over samples. Returns annual sums.
    """
    n = len(pv_scale)
    e2 = _vec(storage.efficiency, n)
    nominal = _vec(storage.battery_kwh, n)
    st = _State(e2=e2, cap_in=nominal * storage.usable / np.sqrt(e2), power=_vec(storage.battery_kw, n),
                standby=nominal * storage.standby_w_per_kwh / 1000.0, thermal=_vec(storage.thermal_kwh, n),
                u=np.zeros(n), heat=np.zeros(n))
    has_thermal, has_battery = bool(np.any(st.thermal > 0)), bool(np.any(nominal > 0))
    sums = {k: np.zeros(n) for k in ("pv", "net", "surplus", "deficit", "charge", "out", "idle", "from_pv")}
    for start in range(0, len(pv), BLOCK_HOURS):
        hours = slice(start, start + BLOCK_HOURS)
        gen = np.multiply.outer(pv[hours], pv_scale)
        sums["pv"] += gen.sum(axis=0)
        net = np.multiply.outer(load[hours], load_scale)
        np.subtract(gen, net, out=net)
        if has_thermal:
            _thermal_block(net, np.multiply.outer(hp_heat[hours], load_scale), cop[hours], st, gen)
        sums["net"] += net.sum(axis=0)
        charge = np.maximum(net, 0.0)
        out = np.maximum(np.negative(net, out=gen), 0.0, out=gen)
        sums["surplus"] += charge.sum(axis=0)
        sums["deficit"] += out.sum(axis=0)
        if not has_battery:
            continue
        np.minimum(charge, st.power, out=charge)
        np.minimum(out, st.power, out=out)
        out /= st.e2
        _battery_block(charge, out, st)
        sums["charge"] += charge.sum(axis=0)
        sums["out"] += out.sum(axis=0)
        idle = (charge == 0.0) & (out == 0.0)
        sums["idle"] += idle.sum(axis=0)
        np.maximum(net, 0.0, out=net)
        net -= charge  # export before stand-by
        np.minimum(net, st.standby, out=net)
        net *= idle
        sums["from_pv"] += net.sum(axis=0)
    standby = sums["idle"] * st.standby
    delivered = sums["out"] * st.e2
    return Totals(pv=sums["pv"], load=sums["pv"] - sums["net"],
                  grid_import=sums["deficit"] - delivered + standby - sums["from_pv"],
                  grid_export=sums["surplus"] - sums["charge"] - sums["from_pv"],
                  battery_out=delivered, standby=standby)
