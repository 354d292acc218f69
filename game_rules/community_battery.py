"""A community battery serving a sharing scheme, and the warning when it barely works.

Dispatch, every step after the scheme's allocation (:func:`game_rules.allocation.share`):

1. The battery charges from the scheme's **unallocated production** (what would be exported),
   up to its power ``kw`` and usable capacity (``usable`` x nominal kWh), one-way efficiency √η.
2. It discharges into the members' **residual demand** (what they would import), same limits;
   the energy delivered is shared between members pro rata of their residual in that step.
3. In a step it neither charges nor discharges, its stand-by power is drawn from the remaining
   export, else from the grid.

With a static key a step can hold both an unallocated rest and residual demand; the battery
then takes in and gives out in the same step, a buffer between what the key leaves over and
what members still need.

Battery realism (round-trip efficiency, usable fraction, stand-by) is :mod:`game_rules.dispatch`'s
(HTW Berlin Stromspeicher-Inspektion). Steps may be hours or half hours (``step_hours``).

**Equivalent full cycles** [1/yr] = energy discharged (AC) / nominal capacity, over the year.
Field monitoring of German home batteries by RWTH Aachen (ISEA; K.-P. Kairies in pv Europe,
2016) found most systems at 200-250 full cycles a year, small ones 300-320, large ones about 150,
and none near 100. No published threshold for an "idle" battery exists, so
:data:`IDLE_CYCLES_PER_YEAR` is an assumption below that measured range, with its range; a
battery under it raises :class:`IdleAssetWarning` naming it (text ``warn.idle_asset``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalogs import formatting as fmt
from game_rules.allocation import SchemeShares
from game_rules.dispatch import ROUND_TRIP_EFFICIENCY, STANDBY_W_PER_KWH, USABLE_FRACTION
from game_rules.texts import Noun, Text, text

IDLE_CYCLES_PER_YEAR = 100.0
"""Below this many equivalent full cycles a year a battery is reported idle (assumption,
plausible 50-150: under the 150-320 cycles/yr measured on German home batteries)."""
IDLE_CYCLES_RANGE = (50.0, 150.0)
FIELD_CYCLES_RANGE = (150.0, 320.0)
"""Equivalent full cycles per year measured on German home batteries (RWTH ISEA field monitoring)."""
REFERENCES = ("pveurope-storage-monitoring-2016",)


class BatteryError(ValueError):
    """A battery size or efficiency outside its range; the message names it."""


@dataclass(frozen=True)
class IdleAssetWarning:
    """An asset that barely works: its cycles against the threshold, with sources."""

    asset: str
    cycles_per_year: float
    limit: float
    references: tuple[str, ...]
    text: Text


@dataclass(frozen=True)
class CommunityBatteryResult:
    """Series [kWh per step] and annual figures of one community battery in one scheme.

    ``charged`` (AC in), ``discharged`` (AC out), ``soc`` (stored at the end of each step),
    ``standby`` (drawn while idle), ``export``/``grid_import`` of the scheme after the battery
    (steps,), ``served`` (steps, members) the battery's energy per member; steps of
    ``step_hours`` on ``time_base`` (the scheme's).
    """

    name: str
    capacity_kwh: float
    charged: np.ndarray
    discharged: np.ndarray
    soc: np.ndarray
    standby: np.ndarray
    export: np.ndarray
    grid_import: np.ndarray
    served: np.ndarray
    full_cycles: float
    warning: IdleAssetWarning | None
    step_hours: float = 1.0
    time_base: str = ""


def idle_warning(asset: str | Noun, cycles: float, limit: float = IDLE_CYCLES_PER_YEAR) -> IdleAssetWarning | None:
    """The idle-asset warning for ``asset`` (a name, or cards as a :class:`~game_rules.texts.Noun`)
    running ``cycles`` equivalent full cycles a year [1/yr], or None at or above ``limit``."""
    if cycles >= limit:
        return None
    name = asset if isinstance(asset, str) else asset.forms.get("en", "")
    return IdleAssetWarning(asset=name, cycles_per_year=cycles, limit=limit, references=REFERENCES,
                            text=text("warn.idle_asset", asset=asset,
                                      cycles=Text.build(lambda lang: fmt.number(cycles, lang)),
                                      limit=Text.build(lambda lang: fmt.number(limit, lang))))


def _steps(surplus: list[float], deficit: list[float], cap_in: float, power: float,
           e2: float) -> tuple[list[float], list[float], list[float]]:
    """Steps 1-2 on floats: charge and delivery [AC kWh] and the state ``u`` at the end of each
    step, kept in charging-side units (stored / √η). Only this loop depends on the battery's
    state; stand-by, export and import follow from it on whole series (:func:`run_battery`)."""
    u = 0.0
    charges: list[float] = []
    delivered: list[float] = []
    states: list[float] = []
    add_charge, add_delivered, add_state = charges.append, delivered.append, states.append
    for s, d in zip(surplus, deficit, strict=True):
        # Comparisons in min()'s order (first of equals wins): the same floats as min(s, power, room).
        charge = 0.0
        if s > 0:
            charge = s
            if power < charge:
                charge = power
            room = cap_in - u
            if room < charge:
                charge = room
        u += charge
        deliver = 0.0
        if d > 0:
            deliver = d
            if power < deliver:
                deliver = power
            stored = u * e2
            if stored < deliver:
                deliver = stored
        u -= deliver / e2
        add_charge(charge)
        add_delivered(deliver)
        add_state(u)
    return charges, delivered, states


def run_battery(scheme: SchemeShares, capacity_kwh: float, *, c_rate: float = 0.5,
                efficiency: float = ROUND_TRIP_EFFICIENCY, name: str = "community battery",
                idle_below: float = IDLE_CYCLES_PER_YEAR) -> CommunityBatteryResult:
    """Dispatch a battery of ``capacity_kwh`` [kWh nominal] and ``c_rate`` [kW/kWh] for
    ``scheme`` (rules in the module doc); ``efficiency`` is round trip [-]. The warning is set
    when the equivalent full cycles per year fall below ``idle_below``. Raises
    :class:`BatteryError` for a size, power or efficiency out of range.
    """
    if capacity_kwh <= 0:
        raise BatteryError(f"capacity_kwh: expected > 0 kWh, got {capacity_kwh}")
    if not 0 < c_rate <= 4:
        raise BatteryError(f"c_rate: expected 0 < value ≤ 4 kW/kWh, got {c_rate}")
    if not 0.5 <= efficiency <= 1:
        raise BatteryError(f"efficiency: expected a round trip of 0.5-1, got {efficiency}")
    step = scheme.step_hours
    residual = scheme.residual
    deficit = residual.sum(axis=1)
    cap_in = capacity_kwh * USABLE_FRACTION / efficiency**0.5
    surplus = scheme.unallocated
    columns = _steps(surplus.tolist(), deficit.tolist(), cap_in, capacity_kwh * c_rate * step, efficiency)
    charged, out, state = (np.asarray(c, dtype=float) for c in columns)
    soc = state * efficiency**0.5
    # Step 3: stand-by in a step with neither charge nor discharge, from the export first.
    standby = np.where((charged == 0.0) & (out == 0.0), capacity_kwh * STANDBY_W_PER_KWH / 1000.0 * step, 0.0)
    left = surplus - charged
    from_export = np.where(left < standby, left, standby)  # min(standby, left), first of equals
    export = left - from_export
    grid = deficit - out + standby - from_export
    share = np.divide(out, deficit, out=np.zeros_like(out), where=deficit > 0)
    served = residual * share[:, None]
    years = len(out) * step / 8760.0
    cycles = float(out.sum() / capacity_kwh / years) if years > 0 else 0.0
    warning = idle_warning(name, cycles, idle_below)
    return CommunityBatteryResult(name=name, capacity_kwh=capacity_kwh, charged=charged, discharged=out, soc=soc,
                                  standby=standby, export=export, grid_import=grid, served=served,
                                  full_cycles=cycles, warning=warning, step_hours=step, time_base=scheme.time_base)
