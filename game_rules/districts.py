"""Districts: the place a table's model is assessed in.

A district is data: buildings grouped by use, age and energy class, roofs for PV, existing PV
and heating systems, tariffs, CO₂ and primary-energy factors, the regulation regime (FR/DE) and
the climate normals the hourly weather is synthesised from. Two presets ship with the product
(``data/districts/*.yaml``); a facilitator copies one, edits it and passes the file path.
Every section names a ``source`` so a number in a report can be traced back to it.

A building group may list its real buildings as ``sites`` (:class:`Site`: id, latitude and
longitude, grid connection, quarter, DSO balancing area, shares of the group's floor area, roof
and dwellings), which the sharing perimeters are checked on (:mod:`game_rules.buildings`,
:mod:`game_rules.perimeters`); a group without sites is laid on an assumed grid. A site must lie
within :data:`MAX_SITE_KM` of the district's ``location``; site ids are unique in the district.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta
from pathlib import Path
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cards.effects import LocalLabel, Stakeholder

DATA_DIR = Path(__file__).parent / "data" / "districts"

#: Built-in districts by name (the file stem under ``data/districts``).
DISTRICT_PRESETS: tuple[str, ...] = (
    "lyon-confluence", "munich-harthof", "porto", "charleroi", "stockholm", "prague", "budapest", "alba-iulia",
)

Source = Annotated[str, Field(min_length=3, description="where the numbers come from")]
Fraction = Annotated[float, Field(ge=0, le=1)]
Positive = Annotated[float, Field(ge=0)]


class DistrictError(ValueError):
    """A district file is missing, malformed or inconsistent; the message names the field."""


def _frozen(value: object) -> object:
    """A hashable stand-in for ``value`` (dicts become sorted item tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    return value


def _numeric(annotation: object) -> bool:
    """Whether a field holds numbers (float, int, optional or tuples of them)."""
    if annotation in (float, int):
        return True
    args = [a for a in get_args(annotation) if a is not type(None) and a is not Ellipsis]
    return get_origin(annotation) in (tuple, Union, UnionType) and bool(args) and all(_numeric(a) for a in args)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_numbers(cls, data: object) -> object:
        # pydantic's lax mode would read "12" as 12: a district file's numbers must be numbers.
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(name)
                values = value if isinstance(value, (list, tuple)) else [value]
                if _numeric(field.annotation) and any(isinstance(v, (str, bool)) for v in values):
                    raise ValueError(f"{name}: expected a number, got {value!r}")
        return data

    def __hash__(self) -> int:
        # pydantic's frozen hash fails on dict fields (``assumptions``); districts key caches.
        return hash((type(self), *(_frozen(getattr(self, name)) for name in type(self).model_fields)))


RefIds = tuple[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")], ...]
Range = tuple[float, float]


#: The unit of every district field that may be listed as an assumption: a tuple field (monthly
#: values) counts as its annual sum. Dimensionless values are a ``fraction`` (a share of a whole)
#: or a ``factor`` (a ratio or multiplier), as the parameter vocabulary writes them.
FIELD_UNITS: dict[str, str] = {
    "latitude": "°", "longitude": "°", "altitude_m": "m",
    "monthly_temp_c": "°C", "daily_range_k": "K", "monthly_ghi_kwh_m2": "kWh/m²/yr", "pv_yield_kwh_per_kwp": "kWh/kWp/yr",
    "pv_tilt_deg": "°", "design_temp_c": "°C",
    "floor_area_m2": "m²", "dwellings": "dwellings", "heat_kwh_per_m2": "kWh/m²/yr", "electricity_kwh_per_dwelling": "kWh/yr per dwelling",
    "electricity_kwh_per_m2": "kWh/m²/yr", "roof_area_m2": "m²", "owners": "owners", "buildings": "buildings",
    "pv_kwp": "kWp",
    "electricity_eur_per_kwh": "EUR/kWh", "feed_in_eur_per_kwh": "EUR/kWh", "gas_eur_per_kwh": "EUR/kWh",
    "district_heat_eur_per_kwh": "EUR/kWh", "grid_fee_eur_per_kwh": "EUR/kWh", "mieterstrom_surcharge_eur_per_kwh": "EUR/kWh", "standing_charge_eur_per_year": "EUR/yr",
    "grid_g_per_kwh": "g/kWh", "gas_g_per_kwh": "g/kWh", "district_heat_g_per_kwh": "g/kWh",
    "grid": "factor", "gas": "factor", "district_heat": "factor", "export": "factor", "district_heat_renewable_share": "fraction",
    "perimeter_km": "km", "grid_capacity_kw": "kW",
    "discount_rate": "fraction/yr", "lifetime_years": "yr",
    "cars": "cars", "ev_share": "fraction", "ev_kwh_per_year": "kWh/yr per car",
}


def district_unit(field_name: str) -> str:
    """The unit of district field ``field_name`` (:data:`FIELD_UNITS`); ``ValueError`` names a
    field without one, so a new assumption cannot go out unitless."""
    try:
        return FIELD_UNITS[field_name]
    except KeyError:
        raise ValueError(f"district field {field_name!r} has no unit; expected one of {sorted(FIELD_UNITS)}") from None


class _Sourced(_Strict):
    """A district section: ``source`` (a human phrase), ``references`` (bibliography ids in
    ``game_rules/data/references/*.yaml``), ``assumptions`` (field name -> plausible
    (low, high), low < high, for values without a published source) and ``notes`` (field name ->
    the phrase that says where that one value comes from, e.g. why an assumption's range; the
    section's ``source`` speaks for the fields without a note)."""

    references: RefIds = ()
    assumptions: dict[str, Range] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _assumption_ranges(self) -> _Sourced:
        fields = sorted(set(type(self).model_fields) - {"source", "references", "assumptions", "notes"})
        for name, (low, high) in self.assumptions.items():
            if name not in fields:
                raise ValueError(f"assumptions.{name}: expected one of this section's fields {fields}, got {name!r}")
            if not low < high:
                raise ValueError(f"assumptions.{name}: expected low < high (a range, not a point), got ({low}, {high})")
        for name in self.notes:
            if name not in fields:
                raise ValueError(f"notes.{name}: expected one of this section's fields {fields}, got {name!r}")
        return self

    def note(self, name: str) -> str:
        """The phrase for field ``name``: its own note, else the section's ``source``."""
        return self.notes.get(name) or str(getattr(self, "source", ""))


_ZERO = timedelta(0)

#: A district section with its sources, assumptions and notes (every section type derives from it).
SourcedSection = _Sourced


#: [h] farthest a time zone's standard UTC offset may lie from the longitude's mean solar time
#: (longitude / 15°/h). Legal zones stray up to about 2.5 h (western China on UTC+8, Spain on
#: UTC+1 at 4° W: 1.3 h), so more than 3 h is a wrong zone. Nearer mistakes pass (La Réunion
#: given Europe/Paris: 2.7 h; Ireland given Etc/GMT+1: 0.4 h, summer time lost): ``district
#: new`` looks the zone up from the coordinates instead (game_rules.typologies.timezone_at).
MAX_SOLAR_OFFSET_H = 3.0


def standard_offset_h(timezone: str) -> float:
    """The zone's standard (winter clock, without summer time) UTC offset [h]; raises
    :class:`ValueError` naming ``location.timezone`` when ``timezone`` is no IANA zone."""
    try:
        tz = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone: expected an IANA time zone such as 'Europe/Paris', got {timezone!r}") from None
    # Summer time is January in the south, July in the north, and always puts clocks forward:
    # the smaller of the two offsets is the standard one (zoneinfo's dst() is no help: Ireland's
    # tzdata calls winter a negative summer time).
    return min((datetime(2025, month, 15, 12, tzinfo=tz).utcoffset() or _ZERO).total_seconds() / 3600
               for month in (1, 7))


class Location(_Sourced):
    """Where the district is: used for solar position and clear-sky irradiance (pvlib).

    ``timezone`` is an IANA zone whose standard UTC offset lies within :data:`MAX_SOLAR_OFFSET_H`
    of the longitude's mean solar time (longitude / 15 [h]); else the file is refused naming
    ``location.timezone`` (the profiles run on that clock)."""

    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
    altitude_m: float = 0.0
    timezone: str
    source: Source

    @model_validator(mode="after")
    def _clock_near_the_sun(self) -> Location:
        offset = standard_offset_h(self.timezone)
        solar = self.longitude / 15.0
        if abs(offset - solar) > MAX_SOLAR_OFFSET_H:
            raise ValueError(
                f"timezone: expected a zone within {MAX_SOLAR_OFFSET_H:g} h of the mean solar time at longitude "
                f"{self.longitude:g} (UTC{solar:+.1f} h), got {self.timezone!r} (UTC{offset:+g} h)")
        return self


class Climate(_Sourced):
    """Climate normals the reproducible hourly weather is synthesised from."""

    monthly_temp_c: tuple[float, ...] = Field(description="mean air temperature per month [°C]")
    daily_range_k: tuple[float, ...] = Field(description="mean daily max - min per month [K]")
    monthly_ghi_kwh_m2: tuple[Positive, ...] = Field(description="global horizontal irradiation [kWh/m²]")
    pv_yield_kwh_per_kwp: Annotated[float | None, Field(gt=300, lt=2500, description=(
        "OPTIONAL measured specific yield [kWh/kWp·yr] the synthetic year's computed PV yield is "
        "calibrated to; a weather file's computed yield wins unless pv_yield_calibrates_weather_file"))] = None
    pv_yield_calibrates_weather_file: bool = Field(default=False, description=(
        "true: pv_yield_kwh_per_kwp (e.g. the measured yield of this very plant) calibrates a weather "
        "file's computed yield too; false (default): a weather file's yield stands"))
    pv_tilt_deg: Annotated[float, Field(ge=0, le=90)] = 30.0
    design_temp_c: Annotated[float | None, Field(ge=-60, le=30, description=(
        "design outdoor temperature θ_e [°C] (DIN EN 12831: lowest 2-day mean reached 10 times in 20 years)"))] = None
    source: Source

    @model_validator(mode="after")
    def _calibration_target(self) -> Climate:
        if self.pv_yield_calibrates_weather_file and self.pv_yield_kwh_per_kwp is None:
            raise ValueError("pv_yield_calibrates_weather_file: expected a pv_yield_kwh_per_kwp to calibrate to, got none")
        return self

    @model_validator(mode="after")
    def _twelve_months(self) -> Climate:
        for name in ("monthly_temp_c", "daily_range_k", "monthly_ghi_kwh_m2"):
            values = getattr(self, name)
            if len(values) != 12:
                raise ValueError(f"{name}: expected 12 monthly values, got {len(values)}")
        return self


SiteId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
SHARE_TOLERANCE = 1e-3
"""How far the shares a group's sites give may sum off 1 [fraction] (rounded shares in a file)."""
SHARES = ("floor_share", "roof_share", "dwelling_share")
MAX_SITE_KM = 50.0
"""How far a site may lie from the district's ``location`` [km]: 2.5 times the widest sharing
perimeter modelled (French rural ACC, 20 km), so a site beyond it is a typing error (a swapped
latitude and longitude, a lost sign), not a member of any scheme."""


class Site(_Strict):
    """One real building of a group: where it stands and how it is connected.

    ``latitude``/``longitude`` [degrees, WGS84] (an OpenStreetMap building centroid will do);
    ``connection`` the grid connection point it sits behind (sites naming one connection share a
    private network, no public grid between them; default: its own); ``quarter`` the urban
    quarter (Quartier, § 21 Abs. 3 EEG 2023; default: the district); ``grid_area`` the DSO
    balancing area (§ 42c EnWG; default: one area for the district); ``floor_share``,
    ``roof_share``, ``dwelling_share`` the part of the group's floor area, roof area and
    dwellings it holds [fraction] (default: what the sites giving none leave, shared equally).
    """

    id: SiteId
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
    connection: SiteId | None = Field(None, description="grid connection point id (default: the site's own)")
    quarter: SiteId | None = Field(None, description="urban quarter id (default: the district)")
    grid_area: SiteId | None = Field(None, description="DSO balancing area id (default: one for the district)")
    floor_share: Fraction | None = Field(None, description="share of the group's floor area [fraction]")
    roof_share: Fraction | None = Field(None, description="share of the group's roof area [fraction]")
    dwelling_share: Fraction | None = Field(None, description="share of the group's dwellings [fraction]")


def site_shares(sites: tuple[Site, ...], name: str) -> tuple[float, ...]:
    """Each site's share of the group's ``name`` (``floor_share``, ``roof_share`` or
    ``dwelling_share``) [fraction]: the given ones, the rest of 1 split equally between the sites
    giving none. The group's validation guarantees they sum to 1."""
    given = [getattr(s, name) for s in sites]
    missing = sum(1 for v in given if v is None)
    rest = max(0.0, 1.0 - sum(v for v in given if v is not None)) / missing if missing else 0.0
    return tuple(rest if v is None else float(v) for v in given)


LoadProfile = Literal["H0", "G0", "G1", "G2", "G3", "G4", "G5", "G6"]
Heating = Literal["gas_boiler", "oil_boiler", "district_heating", "heat_pump_air", "heat_pump_ground"]


class BuildingGroup(_Sourced):
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
    buildings: Annotated[int, Field(ge=1, description="number of buildings in the group")] = 1
    load_profile: LoadProfile | None = Field(None, description=(
        "BDEW standard load profile: H0 households; G0 commerce in general, G1 weekdays 8-18 (offices, "
        "workshops), G2 evening use, G3 continuous, G4 shops, G5 bakeries, G6 weekend use "
        "(default H0 for residential, G0 otherwise)"))
    sites: tuple[Site, ...] = Field(default=(), description=(
        "OPTIONAL the group's real buildings (position, grid connection, quarter, DSO area, shares); "
        "without them the buildings are laid on an assumed grid (game_rules.buildings)"))
    source: Source

    @model_validator(mode="after")
    def _sites_fit(self) -> BuildingGroup:
        if not self.sites:
            return self
        ids = [s.id for s in self.sites]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"sites: expected unique site ids, got {twice} more than once")
        if "buildings" in self.model_fields_set and self.buildings != len(self.sites):
            raise ValueError(f"buildings: expected the number of sites ({len(self.sites)}) or no count, got {self.buildings}")
        for name in SHARES:
            given = [getattr(s, name) for s in self.sites if getattr(s, name) is not None]
            total = sum(given)
            if total > 1 + SHARE_TOLERANCE or (len(given) == len(self.sites) and abs(total - 1) > SHARE_TOLERANCE):
                raise ValueError(f"sites.{name}: expected the sites' shares to sum to 1 (sites without one share "
                                 f"the rest equally), got {total:g}")
        return self

    @property
    def count(self) -> int:
        """Buildings in the group: its sites, else ``buildings``."""
        return len(self.sites) or self.buildings

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
    def profile(self) -> LoadProfile:
        """The BDEW load profile this group's electricity follows."""
        if self.load_profile is not None:
            return self.load_profile
        return "H0" if self.use == "residential" else "G0"

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


class Existing(_Sourced):
    pv_kwp: Positive = 0.0
    source: Source


class Tariffs(_Sourced):
    """Prices [EUR/kWh] the value flows and energy costs are computed with."""

    electricity_eur_per_kwh: Annotated[float, Field(gt=0, lt=2)]
    feed_in_eur_per_kwh: Annotated[float, Field(ge=0, lt=1)]
    gas_eur_per_kwh: Annotated[float, Field(gt=0, lt=1)]
    district_heat_eur_per_kwh: Annotated[float, Field(gt=0, lt=1)]
    grid_fee_eur_per_kwh: Annotated[float, Field(ge=0, lt=1)]
    mieterstrom_surcharge_eur_per_kwh: Annotated[float, Field(ge=0, lt=1)] = 0.0
    # Added by engineer A (issue 11, units and scopes): what the electricity price includes.
    electricity_basis: Literal["energy_price", "average_incl_fixed"] = Field(
        default="energy_price",
        description="energy_price: price per kWh without the standing charge (what a saved kWh saves); "
        "average_incl_fixed: annual bill / kWh incl. the standing charge")
    # Issue 11 review (finding 6): the standing charge a meter pays whatever it draws. A saved,
    # self-consumed or shared kWh does not avoid it, and the project and its reference pay it alike,
    # so it enters no saving; kept to show what the energy price leaves out.
    standing_charge_eur_per_year: Annotated[float, Field(ge=0, lt=2000)] | None = Field(
        default=None, description="standing charge (Grundpreis, abonnement) per meter [EUR/yr], not in the energy price")
    source: Source


class Emissions(_Sourced):
    """CO₂ factors [g/kWh final energy]."""

    grid_g_per_kwh: Positive
    gas_g_per_kwh: Positive
    district_heat_g_per_kwh: Positive
    # Added by engineer A (issue 11, units and scopes): one scope and year for all factors.
    scope: Literal["direct", "life_cycle"] = Field(
        default="direct", description="direct: CO₂ at combustion or generation; life_cycle: incl. upstream chains")
    year: Annotated[int, Field(ge=1990, le=2100)] | None = Field(default=None, description="year the factors describe")
    source: Source


class PrimaryEnergy(_Sourced):
    """Non-renewable primary-energy factors [kWh_PE/kWh final]."""

    grid: Positive
    gas: Positive
    district_heat: Positive
    export: Positive
    # Added by engineer A (issue 11): renewable and recovered share of district heat [fraction],
    # counted toward the local renewable share.
    district_heat_renewable_share: Fraction = 0.0
    source: Source


class Regulation(_Sourced):
    perimeter_km: Positive = Field(description="distance between the furthest participants [km]")
    grid_capacity_kw: Annotated[float, Field(gt=0)]
    # Added by engineer A (issue 11, rules in force): the settlement type sets the French ACC
    # perimeter by derogation (INSEE density grid), and public-body projects have their own cap.
    settlement: Literal["urban", "peri_urban", "rural"] = "urban"
    public_body_project: bool = Field(default=False, description="all participants public bodies (ACC 10 MW derogation)")
    source: Source


class Finance(_Sourced):
    discount_rate: Annotated[float, Field(ge=0, le=0.3)]
    lifetime_years: Annotated[int, Field(ge=1, le=60)]
    source: Source


class Mobility(_Sourced):
    cars: Annotated[int, Field(ge=0)]
    ev_share: Fraction
    ev_kwh_per_year: Positive
    source: Source


class District(_Strict):
    """One district, validated; hashable (frozen) so profiles can be cached per district."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    name: LocalLabel
    country: Annotated[str, Field(pattern=r"^([A-Z]{2}|EU)$", description="ISO 3166-1 alpha-2 code")]
    regime: Literal["FR", "DE", "EU"]
    regime_note: LocalLabel | None = Field(None, description=(
        "printed by reports: which legal regime the assessment applies and why (e.g. the generic EU "
        "regime where the country's own sharing scheme is not modelled)"))
    weather: str | None = Field(None, description=(
        "EPW or PVGIS TMY file (path relative to the district file) replacing the synthetic year"))
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

    @model_validator(mode="after")
    def _sites_in_district(self) -> District:
        from game_rules.geo import great_circle_km

        seen: dict[str, str] = {}
        gridded = [g.id for g in self.buildings if not g.sites]
        centre = (self.location.latitude, self.location.longitude)
        for i, group in enumerate(self.buildings):
            for k, site in enumerate(group.sites):
                where = f"buildings.{i}.sites.{k}"
                if site.id in seen:
                    raise ValueError(f"{where}.id: expected a site id unique in the district, got {site.id!r} "
                                     f"(also in group {seen[site.id]})")
                seen[site.id] = group.id
                # Buildings without sites are named <group>-<n> (game_rules.buildings).
                clash = next((g for g in gridded if re.fullmatch(rf"{g}-\d+", site.id)), None)
                if clash is not None:
                    raise ValueError(f"{where}.id: expected an id other than the assumed buildings' "
                                     f"<group>-<n> of group {clash}, got {site.id!r}")
                km = great_circle_km(centre, (site.latitude, site.longitude))
                if km > MAX_SITE_KM:
                    raise ValueError(f"{where}: expected within {MAX_SITE_KM:g} km of the district's location "
                                     f"({centre[0]:g}, {centre[1]:g}), got {km:.0f} km (latitude and longitude swapped?)")
        return self

    @property
    def has_sites(self) -> bool:
        """Whether any building group gives real sites (else every position is assumed)."""
        return any(group.sites for group in self.buildings)

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


__all__ = [
    "DATA_DIR", "DISTRICT_PRESETS", "FIELD_UNITS", "MAX_SITE_KM", "MAX_SOLAR_OFFSET_H", "SHARES", "SHARE_TOLERANCE",
    "BuildingGroup", "Climate", "District", "DistrictError", "Emissions", "Existing", "Finance",
    "Location", "Mobility", "PrimaryEnergy", "Regulation", "Site", "Tariffs", "district_unit", "site_shares",
    "standard_offset_h",
]
