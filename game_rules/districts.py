"""Districts: the place a table's model is assessed in.

A district is data: buildings grouped by use, age and energy class, roofs for PV, existing PV
and heating systems, tariffs, CO₂ and primary-energy factors, the regulation regime (FR/DE) and
the climate normals the hourly weather is synthesised from. Two presets ship with the product
(``data/districts/*.yaml``); a facilitator copies one, edits it and passes the file path.
Every section names a ``source`` so a number in a report can be traced back to it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cards.effects import LocalLabel, Stakeholder

DATA_DIR = Path(__file__).parent / "data" / "districts"

#: Built-in districts by name (the file stem under ``data/districts``).
DISTRICT_PRESETS: tuple[str, ...] = ("lyon-confluence", "munich-harthof")

Source = Annotated[str, Field(min_length=3, description="where the numbers come from")]
Fraction = Annotated[float, Field(ge=0, le=1)]
Positive = Annotated[float, Field(ge=0)]


class DistrictError(ValueError):
    """A district file is missing, malformed or inconsistent; the message names the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Strict):
    """Where the district is: used for solar position and clear-sky irradiance (pvlib)."""

    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
    altitude_m: float = 0.0
    timezone: str
    source: Source


class Climate(_Strict):
    """Climate normals the reproducible hourly weather is synthesised from."""

    monthly_temp_c: tuple[float, ...] = Field(description="mean air temperature per month [°C]")
    daily_range_k: tuple[float, ...] = Field(description="mean daily max - min per month [K]")
    monthly_ghi_kwh_m2: tuple[Positive, ...] = Field(description="global horizontal irradiation [kWh/m²]")
    pv_yield_kwh_per_kwp: Annotated[float, Field(gt=300, lt=2500)]
    pv_tilt_deg: Annotated[float, Field(ge=0, le=90)] = 30.0
    source: Source

    @model_validator(mode="after")
    def _twelve_months(self) -> Climate:
        for name in ("monthly_temp_c", "daily_range_k", "monthly_ghi_kwh_m2"):
            values = getattr(self, name)
            if len(values) != 12:
                raise ValueError(f"{name}: expected 12 monthly values, got {len(values)}")
        return self


Heating = Literal["gas_boiler", "oil_boiler", "district_heating", "heat_pump_air", "heat_pump_ground"]


class BuildingGroup(_Strict):
    """Buildings of one use, age band and energy class, with one owner type and heating system."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: LocalLabel
    use: Literal["residential", "non_residential"]
    owner: Stakeholder
    occupant: Stakeholder
    built: str
    energy_class: Annotated[str, Field(pattern=r"^(A\+|[A-H])$")]
    floor_area_m2: Annotated[float, Field(gt=0)]
    dwellings: Annotated[int, Field(ge=0)] = 0
    heat_kwh_per_m2: Annotated[float, Field(ge=0, le=600)]
    electricity_kwh_per_dwelling: Positive = 0.0
    electricity_kwh_per_m2: Positive = 0.0
    heating: Heating
    roof_area_m2: Positive = 0.0
    owners: Annotated[int, Field(ge=1)] = 1
    source: Source

    @model_validator(mode="after")
    def _has_electricity(self) -> BuildingGroup:
        if self.use == "residential" and self.dwellings == 0:
            raise ValueError(f"building group {self.id}: residential groups need dwellings > 0")
        if self.electricity_kwh_per_dwelling == 0 and self.electricity_kwh_per_m2 == 0:
            raise ValueError(
                f"building group {self.id}: expected electricity_kwh_per_dwelling or "
                "electricity_kwh_per_m2 > 0, got neither"
            )
        return self

    @property
    def heat_kwh(self) -> float:
        """Annual space heat and hot water demand [kWh/yr] before measures."""
        return self.floor_area_m2 * self.heat_kwh_per_m2

    @property
    def electricity_kwh(self) -> float:
        """Annual household/appliance electricity demand [kWh/yr] before measures."""
        return self.dwellings * self.electricity_kwh_per_dwelling + (
            self.floor_area_m2 * self.electricity_kwh_per_m2
        )


class Existing(_Strict):
    pv_kwp: Positive = 0.0
    source: Source


class Tariffs(_Strict):
    """Prices [EUR/kWh] the value flows and energy costs are computed with."""

    electricity_eur_per_kwh: Annotated[float, Field(gt=0, lt=2)]
    feed_in_eur_per_kwh: Annotated[float, Field(ge=0, lt=1)]
    gas_eur_per_kwh: Annotated[float, Field(gt=0, lt=1)]
    district_heat_eur_per_kwh: Annotated[float, Field(gt=0, lt=1)]
    grid_fee_eur_per_kwh: Annotated[float, Field(ge=0, lt=1)]
    mieterstrom_surcharge_eur_per_kwh: Annotated[float, Field(ge=0, lt=1)] = 0.0
    source: Source


class Emissions(_Strict):
    """CO₂ factors [g/kWh final energy]."""

    grid_g_per_kwh: Positive
    gas_g_per_kwh: Positive
    district_heat_g_per_kwh: Positive
    source: Source


class PrimaryEnergy(_Strict):
    """Non-renewable primary-energy factors [kWh_PE/kWh final]."""

    grid: Positive
    gas: Positive
    district_heat: Positive
    export: Positive
    source: Source


class Regulation(_Strict):
    perimeter_km: Positive = Field(description="distance between the furthest participants [km]")
    grid_capacity_kw: Annotated[float, Field(gt=0)]
    source: Source


class Finance(_Strict):
    discount_rate: Annotated[float, Field(ge=0, le=0.3)]
    lifetime_years: Annotated[int, Field(ge=1, le=60)]
    source: Source


class Mobility(_Strict):
    cars: Annotated[int, Field(ge=0)]
    ev_share: Fraction
    ev_kwh_per_year: Positive
    source: Source


class District(_Strict):
    """One district, validated; hashable (frozen) so profiles can be cached per district."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    name: LocalLabel
    country: Literal["FR", "DE", "EU"]
    regime: Literal["FR", "DE", "EU"]
    location: Location
    climate: Climate
    buildings: tuple[BuildingGroup, ...] = Field(min_length=1)
    existing: Existing
    tariffs: Tariffs
    emissions: Emissions
    primary_energy: PrimaryEnergy
    regulation: Regulation
    finance: Finance
    orchestrator: bool = Field(description="an urban orchestrator (e.g. SPL Lyon Confluence) exists")
    mobility: Mobility

    @model_validator(mode="after")
    def _unique_groups(self) -> District:
        ids = [group.id for group in self.buildings]
        if len(set(ids)) != len(ids):
            raise ValueError(f"building group ids must be unique, got {ids}")
        return self

    @property
    def dwellings(self) -> int:
        return sum(group.dwellings for group in self.buildings)

    @property
    def floor_area_m2(self) -> float:
        return sum(group.floor_area_m2 for group in self.buildings)

    @property
    def roof_area_m2(self) -> float:
        return sum(group.roof_area_m2 for group in self.buildings)

    def owner_shares(self) -> dict[Stakeholder, float]:
        """Share of floor area [fraction] held by each owner type."""
        total = self.floor_area_m2
        shares: dict[Stakeholder, float] = {}
        for group in self.buildings:
            shares[group.owner] = shares.get(group.owner, 0.0) + group.floor_area_m2 / total
        return shares

    def owner_count(self) -> int:
        """How many distinct owners must agree (one per group unless ``owners`` says more)."""
        return sum(group.owners for group in self.buildings)

    def label(self, lang: str) -> str:
        text: str = self.name.get(lang)
        return text


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(district)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def district_from_mapping(data: object, *, origin: str = "district") -> District:
    """Validate a mapping (parsed YAML) into a :class:`District` or raise :class:`DistrictError`."""
    if not isinstance(data, dict):
        raise DistrictError(f"{origin}: expected a mapping of district fields, got {type(data).__name__}")
    try:
        return District.model_validate(data)
    except ValidationError as exc:
        raise DistrictError(f"{origin}: {_describe(exc)}") from None


def _read(path: Path) -> District:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DistrictError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise DistrictError(f"{path.name}: not valid YAML ({exc})") from None
    return district_from_mapping(data, origin=path.name)


@lru_cache(maxsize=16)
def _preset(name: str) -> District:
    return _read(DATA_DIR / f"{name}.yaml")


def load_district(name_or_path: str | Path) -> District:
    """A preset by name (:data:`DISTRICT_PRESETS`) or a custom district YAML file by path."""
    if isinstance(name_or_path, str) and name_or_path in DISTRICT_PRESETS:
        return _preset(name_or_path)
    path = Path(name_or_path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise DistrictError(
            f"expected a district preset {list(DISTRICT_PRESETS)} or a .yaml file, got {str(name_or_path)!r}"
        )
    if not path.is_file():
        raise DistrictError(f"district file {path} does not exist")
    return _read(path)
