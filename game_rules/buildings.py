"""Buildings as members of an energy-sharing scheme: who they are, where, and their hourly load and PV.

The district model (:mod:`game_rules.energy`) treats a district as one node; sharing schemes
need the buildings one by one, because the law draws its perimeter around buildings, grid
connections and distribution areas (:mod:`game_rules.perimeters`) and the allocation key shares
production between their meters (:mod:`game_rules.allocation`).

:func:`buildings_from_district` splits each building group of a district file into buildings
(and :func:`buildings_for_run` adds what the table's cards built, below):

* Count: the group's ``buildings`` when the file gives more than one; otherwise residential
  groups are cut into buildings of :data:`FLATS_PER_BUILDING` flats (assumption) and
  non-residential groups into buildings of :data:`M2_PER_NON_RESIDENTIAL_BUILDING` of floor area
  (assumption), so a group's roofs become plants of a realistic size: per-site thresholds (the
  French excise's 1 MW, the S21 tariff's 500 kWc, direct marketing above 100 kW) meet the sites
  a district has, not one plant for a whole quarter's offices.
* Demand [kWh per step]: the group's appliance electricity on its BDEW profile (dynamised H0 or
  G0-G6, :mod:`game_rules.profiles`), plus the electricity of heat pumps (heat on the BDEW heat
  profile / hourly COP) where the group heats with one; shared equally between its buildings.
* PV [kWh per step]: roof area x ``roof_use`` x ``kwp_per_m2`` [kWp/m²] on the roof yield pvlib
  computes from the district's weather (:mod:`game_rules.weather`). ``roof_use`` defaults to the
  district's existing PV over its roof potential, as :mod:`game_rules.params` does.
* Roof owner = the group's owner; occupant as in the file. Who owns (invests in and earns from)
  the new PV on a roof, the roof's owner or a governance owner leasing the roof, is
  :mod:`game_rules.pv_ownership`'s rule.
* Position, connection, quarter, area: a group with ``sites`` (:class:`game_rules.districts.Site`)
  has one building per site, named by the site's id, at the site's latitude/longitude put on the
  district's local plane (equirectangular about the sites' centroid, :mod:`game_rules.geo`),
  behind the site's ``connection`` (default its own), in its ``quarter`` (default the district)
  and ``grid_area`` (default :data:`DEFAULT_AREA`); its demand, roof and PV are the group's
  times the site's ``floor_share``/``dwelling_share``/``roof_share`` (default equal shares).
  A group without sites is laid on a square grid centred on the plane's origin whose diagonal
  is the district's ``regulation.perimeter_km`` (assumption: a compact district), one grid
  connection per building, the district's quarter and :data:`DEFAULT_AREA`; those buildings
  say ``located="assumed"`` (:attr:`BuildingSet.placement` names which applies).

With the cards (:func:`buildings_for_run`): the same buildings carry the district model's
demand and PV of the run (:mod:`game_rules.energy`), allocated by stated keys (its docstring),
so that their columns sum to the district's series hour by hour and the scheme's figures and the
district KPIs rest on one model.

Time base: the profiles' (local clock time with summer time, hour-beginning, hourly energy);
the ``time_base`` field names it. Shapes: ``demand`` and ``pv`` are (steps, buildings).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from cards.effects import Stakeholder
from game_rules.districts import BuildingGroup, District, site_shares
from game_rules.energy import EnergyResult, group_loads
from game_rules.geo import centroid, local_plane
from game_rules.params import Params
from game_rules.profiles import profiles_for

FLATS_PER_BUILDING = 12
"""Flats per multi-family building when a district file gives no building count (assumption,
plausible 6-40: a 4-storey walk-up with three entrances to a 10-storey slab)."""
FLATS_PER_BUILDING_RANGE = (6, 40)
M2_PER_NON_RESIDENTIAL_BUILDING = 5000.0
"""Floor area of one non-residential building when a district file gives no building count
[m²] (assumption, plausible 2,000-15,000: a four- to eight-storey office or school building on a
city block; issue 11 review, finding 2: Lyon's 55,000 m² of offices were one 1 MWp plant)."""
M2_PER_NON_RESIDENTIAL_BUILDING_RANGE = (2000.0, 15000.0)
DEFAULT_AREA = "dso-1"
"""The DSO balancing area of a building whose district file names none: one for the district."""
KWP_PER_M2 = 0.18
"""PV density on usable roof area [kWp/m²], the default of ``pv.kwp_per_m2`` (game_rules/params.py)."""

Use = Literal["residential", "non_residential"]
Located = Literal["site", "assumed"]
Placement = Literal["sites", "assumed", "mixed"]


class BuildingError(ValueError):
    """Buildings or their series are inconsistent; the message names what was expected."""


@dataclass(frozen=True)
class Building:
    """One building as a member of a sharing scheme.

    ``x_m``/``y_m`` position [m] on a local plane; ``connection`` the grid connection point it
    sits behind (buildings behind one connection share a private network: no public grid between
    them); ``quarter`` the urban quarter (Quartier, § 21 Abs. 3 EEG); ``area`` the DSO balancing
    area (§ 42c EnWG); ``residential_share`` the floor area used for housing [fraction];
    ``pv_kwp`` installed PV [kWp]; ``roof_owner`` who owns the roof and so the PV; ``located``
    "site" for a real position (a district file's site, or given by the caller), "assumed" for
    the assumed grid.
    """

    id: str
    group: str
    use: Use
    roof_owner: Stakeholder
    occupant: Stakeholder
    x_m: float
    y_m: float
    connection: str
    quarter: str
    area: str
    residential_share: float
    pv_kwp: float
    participates: bool = True
    located: Located = "site"


@dataclass(frozen=True)
class BuildingSet:
    """Buildings and their series: ``demand`` and ``pv`` are (steps, buildings) [kWh per step]."""

    buildings: tuple[Building, ...]
    demand: np.ndarray
    pv: np.ndarray
    step_hours: float = 1.0
    time_base: str = ""

    def __post_init__(self) -> None:
        n = len(self.buildings)
        for name in ("demand", "pv"):
            series = getattr(self, name)
            if series.ndim != 2 or series.shape[1] != n:
                raise BuildingError(f"{name}: expected shape (steps, {n}) for {n} buildings, got {series.shape}")
        if self.demand.shape != self.pv.shape:
            raise BuildingError(f"expected demand and pv of one shape, got {self.demand.shape} and {self.pv.shape}")
        if np.any(self.demand < 0) or np.any(self.pv < 0):
            raise BuildingError("expected non-negative demand and pv [kWh per step], got a negative value")
        ids = [b.id for b in self.buildings]
        if len(set(ids)) != len(ids):
            raise BuildingError("expected unique building ids, got duplicates")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(b.id for b in self.buildings)

    @property
    def placement(self) -> Placement:
        """Where the positions come from: "sites" (all real), "assumed" (all on the assumed
        grid) or "mixed"."""
        kinds = {b.located for b in self.buildings}
        if kinds == {"site"}:
            return "sites"
        return "assumed" if kinds == {"assumed"} else "mixed"

    @property
    def participants(self) -> np.ndarray:
        """Boolean mask (buildings,) of those taking part in the scheme."""
        return np.array([b.participates for b in self.buildings], dtype=bool)

    def members(self) -> tuple[Building, ...]:
        """The participating buildings (the candidates of a scheme, :mod:`game_rules.perimeters`)."""
        return tuple(b for b in self.buildings if b.participates)

    def with_participation(self, ids: Sequence[str]) -> BuildingSet:
        """The same set where exactly the buildings ``ids`` take part; ``BuildingError`` names an unknown id."""
        unknown = sorted(set(ids) - set(self.ids))
        if unknown:
            raise BuildingError(f"expected building ids among {list(self.ids)[:5]}..., got unknown {unknown}")
        chosen = set(ids)
        return replace(self, buildings=tuple(replace(b, participates=b.id in chosen) for b in self.buildings))

    def subset(self, ids: Sequence[str]) -> BuildingSet:
        """Only the buildings ``ids`` (in that order), with their columns."""
        index = {b.id: i for i, b in enumerate(self.buildings)}
        missing = [i for i in ids if i not in index]
        if missing:
            raise BuildingError(f"expected building ids of this set, got unknown {missing}")
        cols = [index[i] for i in ids]
        return replace(self, buildings=tuple(self.buildings[c] for c in cols),
                       demand=self.demand[:, cols], pv=self.pv[:, cols])


def _count(group: BuildingGroup, flats_per_building: int) -> int:
    if group.sites or group.buildings > 1:
        return group.count
    if group.use != "residential":
        return max(1, math.ceil(group.floor_area_m2 / M2_PER_NON_RESIDENTIAL_BUILDING))
    return max(1, math.ceil(group.dwellings / flats_per_building))


def grid_positions(n: int, diagonal_m: float) -> np.ndarray:
    """(n, 2) positions [m] on a square grid whose diagonal is ``diagonal_m`` (row by row),
    centred on the origin."""
    side = max(1, math.ceil(math.sqrt(n)))
    spacing = diagonal_m / (math.sqrt(2) * (side - 1)) if side > 1 else 0.0
    k = np.arange(n)
    half = (side - 1) * spacing / 2
    return np.column_stack(((k % side) * spacing - half, (k // side) * spacing - half)).astype(float)


@dataclass(frozen=True)
class _Place:
    """Where one building stands and how it is connected, with its shares of the group."""

    id: str
    x_m: float
    y_m: float
    connection: str
    quarter: str
    area: str
    located: Located
    floor: float
    roof: float
    dwellings: float


def _places(district: District, counts: Sequence[int], area: str) -> list[list[_Place]]:
    """Per group, its buildings' places: sites on the local plane, the others on the grid."""
    sites = [s for g in district.buildings for s in g.sites]
    origin = centroid([s.latitude for s in sites], [s.longitude for s in sites]) if sites else (0.0, 0.0)
    gridded = sum(n for g, n in zip(district.buildings, counts, strict=True) if not g.sites)
    grid = iter(grid_positions(gridded, district.regulation.perimeter_km * 1000.0).tolist())
    out: list[list[_Place]] = []
    for group, count in zip(district.buildings, counts, strict=True):
        if not group.sites:
            places = []
            for k in range(count):
                x, y = next(grid)
                places.append(_Place(f"{group.id}-{k + 1}", x, y, connection=f"{group.id}-{k + 1}", quarter=district.id,
                                     area=area, located="assumed", floor=1 / count, roof=1 / count, dwellings=1 / count))
            out.append(places)
            continue
        xy = local_plane([s.latitude for s in group.sites], [s.longitude for s in group.sites], origin)
        shares = [site_shares(group.sites, name) for name in ("floor_share", "roof_share", "dwelling_share")]
        out.append([_Place(s.id, float(x), float(y), connection=s.connection or s.id, quarter=s.quarter or district.id,
                           area=s.grid_area or area, located="site", floor=shares[0][k], roof=shares[1][k],
                           dwellings=shares[2][k]) for k, (s, (x, y)) in enumerate(zip(group.sites, xy, strict=True))])
    return out


def _layout(district: District, use_share: float, kwp_per_m2: float, flats_per_building: int,
            area: str) -> tuple[list[Building], list[list[_Place]]]:
    """The buildings of each group (ids, owners, places, roof kWp) and each group's places."""
    counts = [_count(g, flats_per_building) for g in district.buildings]
    placed = _places(district, counts, area)
    members: list[Building] = []
    for group, places in zip(district.buildings, placed, strict=True):
        housing = 1.0 if group.use == "residential" else 0.0
        for place in places:
            kwp = group.roof_area_m2 * place.roof * use_share * kwp_per_m2
            members.append(Building(
                id=place.id, group=group.id, use=group.use, roof_owner=group.owner, occupant=group.occupant,
                x_m=place.x_m, y_m=place.y_m, connection=place.connection, quarter=place.quarter, area=place.area,
                residential_share=housing, pv_kwp=float(kwp), located=place.located))
    return members, placed


def _check(roof_use: float | None, kwp_per_m2: float, flats_per_building: int) -> None:
    if roof_use is not None and not 0 <= roof_use <= 1:
        raise BuildingError(f"roof_use: expected a fraction 0-1, got {roof_use}")
    if not 0 < kwp_per_m2 <= 0.3:
        raise BuildingError(f"kwp_per_m2: expected 0 < value ≤ 0.3 kWp/m², got {kwp_per_m2}")
    if flats_per_building < 1:
        raise BuildingError(f"flats_per_building: expected at least 1, got {flats_per_building}")


def buildings_from_district(district: District, *, roof_use: float | None = None, kwp_per_m2: float = KWP_PER_M2,
                            flats_per_building: int = FLATS_PER_BUILDING, area: str = "dso-1") -> BuildingSet:
    """The district's buildings as the district file describes them, one column each (see the
    module doc for every rule and assumption; the cards' loads: :func:`buildings_for_run`).

    ``roof_use`` [fraction of roof area with PV], ``kwp_per_m2`` [kWp/m²]; raises
    :class:`BuildingError` for a value outside its range.
    """
    _check(roof_use, kwp_per_m2, flats_per_building)
    use_share = roof_use if roof_use is not None else min(
        1.0, district.existing.pv_kwp / max(district.roof_area_m2 * KWP_PER_M2, 1e-9))
    prof = profiles_for(district)
    members, placed = _layout(district, use_share, kwp_per_m2, flats_per_building, area)
    demand = np.empty((len(prof.pv_roof), len(members)))
    pv = np.empty_like(demand)
    column = 0
    for group, places in zip(district.buildings, placed, strict=True):
        appliances = prof.load_profile(group.profile)
        heat: np.ndarray | None = None
        if group.heating in ("heat_pump_air", "heat_pump_ground"):
            shape = prof.heat_residential if group.use == "residential" else prof.heat_commerce
            heat = shape / (prof.cop_air if group.heating == "heat_pump_air" else prof.cop_ground)
        for place in places:
            # Appliances follow dwellings and floor area as the group's total does (districts.BuildingGroup).
            kwh = (group.dwellings * group.electricity_kwh_per_dwelling * place.dwellings
                   + group.floor_area_m2 * group.electricity_kwh_per_m2 * place.floor)
            load = kwh * appliances if heat is None else kwh * appliances + group.heat_kwh * place.floor * heat
            demand[:, column] = load
            pv[:, column] = members[column].pv_kwp * prof.pv_roof
            column += 1
    return BuildingSet(buildings=tuple(members), demand=demand, pv=pv, step_hours=1.0, time_base=prof.time_base)


def _key(weights: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``weights`` normalised to sum 1 (``fallback`` normalised when they are all zero)."""
    chosen = weights if weights.sum() > 0 else fallback
    result: np.ndarray = chosen / chosen.sum() if chosen.sum() > 0 else np.full(len(chosen), 1.0 / len(chosen))
    return result


def buildings_for_run(district: District, params: Params, energy: EnergyResult, *,
                      flats_per_building: int = FLATS_PER_BUILDING, area: str = "dso-1") -> BuildingSet:
    """The district's buildings with everything the cards built, so that their columns sum, hour
    by hour, to the district model's electric demand before storage (``energy.demand``) and its
    PV (``energy.pv``) [kWh/h]. Allocation keys (assumptions, stated in the report's note):

    * appliances and heat pumps: each group's own series (:func:`game_rules.energy.group_loads`:
      demand factor, retrofit, solar thermal, the cards' heat-pump shares), split between its
      buildings by their floor-area share (equal parts without sites, as the district file's split);
    * the household load the smart meters shift (``energy.shifted``): pro rata of each group's
      household (H0) appliance electricity, whose shift it is, then by the buildings' dwelling share;
    * EV charging (``energy.ev``): pro rata of dwellings (cars belong to households; by floor area
      in a district without dwellings);
    * PV: each building's roof (``pv.roof_use`` x ``pv.kwp_per_m2`` x its roof area) on the roof
      profile; PV outside the roofs (``pv.kwp_extra``) and façade PV (``bipv.kwp``, on the façade
      profile) pro rata of floor area; all x ``pv.yield_factor``. ``pv_kwp`` counts all three.

    Storage (batteries, the heat store) is not a column: :mod:`game_rules.schemes` dispatches it
    on the buildings' pooled series. Raises :class:`BuildingError` as :func:`buildings_from_district`.
    """
    roof_use, kwp_per_m2 = min(1.0, max(0.0, params["pv.roof_use"])), params["pv.kwp_per_m2"]
    _check(roof_use, kwp_per_m2, flats_per_building)
    prof = profiles_for(district)
    members, placed = _layout(district, roof_use, kwp_per_m2, flats_per_building, area)
    loads = group_loads(district, params)
    groups = district.buildings
    floor = np.array([g.floor_area_m2 for g in groups])
    household = np.array([g.electricity_kwh if g.profile == "H0" else 0.0 for g in groups])
    dwellings = np.array([g.dwellings for g in groups], dtype=float)
    by_household, by_dwellings, by_floor = _key(household, floor), _key(dwellings, floor), _key(floor, floor)
    factor = params["pv.yield_factor"]
    demand = np.empty((len(prof.pv_roof), len(members)))
    pv = np.empty_like(demand)
    column = 0
    for k, (group, places) in enumerate(zip(groups, placed, strict=True)):
        own = loads[group.id]
        shifted = energy.shifted * by_household[k] if by_household[k] > 0 and params["flex.shift_share"] > 0 else None
        ev = energy.ev * by_dwellings[k] if by_dwellings[k] > 0 and energy.ev_count > 0 else None
        for place in places:
            load = own * place.floor
            if shifted is not None:
                load = load + shifted * place.dwellings
            if ev is not None:
                load = load + ev * place.dwellings
            extra, facade = params["pv.kwp_extra"] * by_floor[k] * place.floor, params["bipv.kwp"] * by_floor[k] * place.floor
            roof = members[column].pv_kwp
            yield_ = (roof + extra) * prof.pv_roof + (facade * prof.pv_facade if facade > 0 else 0.0)
            # Rounding of the shift's subtraction must not leave a negative load.
            demand[:, column] = np.maximum(load, 0.0)
            pv[:, column] = yield_ * factor
            if extra + facade > 0:
                members[column] = replace(members[column], pv_kwp=float(roof + extra + facade))
            column += 1
    return BuildingSet(buildings=tuple(members), demand=demand, pv=pv, step_hours=1.0, time_base=prof.time_base)


def site_kwp(district: District, params: Params, *, flats_per_building: int = FLATS_PER_BUILDING) -> tuple[float, ...]:
    """Installed PV per production site [kWp], one per building, as :func:`buildings_for_run`
    places it (its roof, plus ``pv.kwp_extra`` and ``bipv.kwp`` pro rata of floor area), without
    the hourly series: what a per-site power threshold (e.g. the French excise's 1 MW, CIBS
    L312-87 2°) is checked against. Raises :class:`BuildingError` as :func:`buildings_from_district`."""
    roof_use, kwp_per_m2 = min(1.0, max(0.0, params["pv.roof_use"])), params["pv.kwp_per_m2"]
    _check(roof_use, kwp_per_m2, flats_per_building)
    members, placed = _layout(district, roof_use, kwp_per_m2, flats_per_building, "dso-1")
    floor = np.array([g.floor_area_m2 for g in district.buildings])
    by_floor = _key(floor, floor)
    out: list[float] = []
    column = 0
    for k, places in enumerate(placed):
        for place in places:
            added = (params["pv.kwp_extra"] + params["bipv.kwp"]) * by_floor[k] * place.floor
            out.append(float(members[column].pv_kwp + added))
            column += 1
    return tuple(out)
