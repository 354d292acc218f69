"""The hourly export for analysts: 8,760 rows, every series of the district energy model, as CSV.

The first line states the time base (``# time base: ...``), the second is the header with the
unit of each column in its name (``pv_kwh``), then one row per hour. Values are the engine's
hourly energies [kWh in that hour, i.e. mean kW]; temperatures [°C]. Raw numbers: dot decimal,
no thousands separator, so pandas reads it with ``pd.read_csv(path, comment="#")``.

Time base: the energy model's own (``game_rules.weather.time_base``: the district's local clock
time with summer time, hour-beginning stamps); each stamp is written in ISO 8601 with its UTC
offset, so the summer-time change is visible in the file and a reader can convert to UTC.

Used by ``assembler assess --hourly FILE.csv`` and ``GET /api/tables/{id}/export/hourly.csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from cards.deck import Deck
    from game_rules.districts import District
    from game_rules.table import TableModel

#: (column, EnergyResult attribute) in the order of the file; units are in the column names.
SERIES: tuple[tuple[str, str], ...] = (
    ("pv_kwh", "pv"),
    ("electric_load_kwh", "load"),
    ("grid_import_kwh", "grid_import"),
    ("grid_export_kwh", "grid_export"),
    ("curtailed_kwh", "curtailed"),
    ("battery_out_kwh", "battery_out"),
    ("shifted_kwh", "shifted"),
    ("heat_demand_kwh", "heat_demand"),
    ("gas_kwh", "gas"),
    ("district_heat_kwh", "district_heat"),
    ("heat_pump_electricity_kwh", "heat_pump_el"),
    ("solar_heat_kwh", "solar_heat"),
    ("ev_charging_kwh", "ev"),
)
#: Series the run has only with storage or heat pumps (left out when the run has none).
OPTIONAL: tuple[tuple[str, str], ...] = (
    ("electric_demand_before_storage_kwh", "demand"),
    ("heat_pump_heat_kwh", "hp_heat"),
    ("battery_standby_kwh", "standby"),
)
#: Today's district without the project (no card, the engine's reference run), same time base.
TODAY: tuple[tuple[str, str], ...] = (
    ("today_pv_kwh", "pv"),
    ("today_electric_load_kwh", "load"),
    ("today_grid_import_kwh", "grid_import"),
    ("today_grid_export_kwh", "grid_export"),
    ("today_heat_demand_kwh", "heat_demand"),
    ("today_gas_kwh", "gas"),
    ("today_district_heat_kwh", "district_heat"),
)
HOURS = 8760


@dataclass(frozen=True)
class HourlyFrame:
    """The rows of the export: stamps (ISO 8601 with offset), columns name -> 8,760 values."""

    time_base: str
    stamps: tuple[str, ...]
    columns: dict[str, np.ndarray]


def time_base(district: District) -> tuple[str, Any]:
    """(sentence stating the time base, the 8,760 stamps) for ``district``: the energy model's
    own (:func:`game_rules.weather.time_base`, :func:`game_rules.weather.hourly_index`)."""
    from game_rules import weather

    tz = district.location.timezone
    sentence = (f"time base: {weather.time_base(tz)}; stamps in ISO 8601 with their UTC offset; "
                f"weather year {weather.YEAR}; energies in kWh per hour, temperature in degC")
    return sentence, weather.hourly_index(tz)


def frame(model: TableModel, district: District, deck: Deck, scenario: str | None = None, *,
          as_of: date | None = None, overrides: Mapping[str, float] | None = None) -> HourlyFrame:
    """The hourly runs of ``model``'s board in ``district`` in the base world or ``scenario``'s
    world, by the assessment's own rules (:func:`game_rules.reruns.hourly_runs`: rules in
    force ``as_of``, regime-bound scenario changes left out): every series of the project's
    :class:`game_rules.energy.EnergyResult` plus temperature, then today's district without the
    project in the same world (``today_*``). ``ModelError`` for an unknown scenario card."""
    from game_rules.profiles import profiles_for
    from game_rules.reruns import hourly_runs

    runs = hourly_runs(model, district, scenario, deck=deck, as_of=as_of, overrides=overrides)
    run, today = runs.project, runs.reference
    sentence, index = time_base(district)
    world = "as played" if runs.world is None else f"scenario {runs.world}"
    if runs.inert:
        world += f" (not applied under this district's rules: {', '.join(runs.inert)})"
    columns: dict[str, np.ndarray] = {"outdoor_temperature_degc": np.asarray(profiles_for(district).temp_c)}
    wanted = [(name, run, attr) for name, attr in SERIES]
    wanted += [(name, run, attr) for name, attr in OPTIONAL if getattr(run, attr) is not None]
    wanted += [(name, today, attr) for name, attr in TODAY]
    for name, source, attr in wanted:
        values = np.asarray(getattr(source, attr), dtype=float)
        if values.shape != (HOURS,):
            raise ValueError(f"expected {HOURS} hourly values of {attr}, got shape {values.shape}")
        columns[name] = values
    stamps = tuple(ts.isoformat() for ts in index)
    return HourlyFrame(time_base=f"{sentence}; district: {district.id}; world: {world}", stamps=stamps, columns=columns)


def to_csv(data: HourlyFrame) -> str:
    """The CSV text: ``# time base`` line, header, 8,760 rows."""
    out = io.StringIO()
    out.write(f"# {data.time_base}\n")
    writer = csv.writer(out, lineterminator="\n")
    names = list(data.columns)
    writer.writerow(["hour", "time_start", *names])
    arrays = [data.columns[n] for n in names]
    for hour, stamp in enumerate(data.stamps):
        writer.writerow([hour, stamp, *(f"{a[hour]:.4f}" for a in arrays)])
    return out.getvalue()


def hourly_csv(model: TableModel, district: District, deck: Deck, scenario: str | None = None, *,
               as_of: date | None = None, overrides: Mapping[str, float] | None = None) -> str:
    """:func:`frame` written by :func:`to_csv`; ``overrides``: the facilitator's parameter values
    (as ``assess(overrides=...)``), so the export shows the runs the workshop's assessment used."""
    return to_csv(frame(model, district, deck, scenario, as_of=as_of, overrides=overrides))
