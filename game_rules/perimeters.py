"""Which sharing schemes a set of buildings may form, by regime and date, each refusal with its law.

The rules in force come from ``data/regulation/*.yaml`` (:func:`game_rules.regulation.rules_in_force`);
this module draws each scheme's perimeter around the members (:class:`~game_rules.buildings.Building`:
position, grid connection, quarter, DSO balancing area, residential share, PV):

* **Mieterstrom** (DE, § 42a EnWG; surcharge § 21 Abs. 3 EEG 2023): supply without the public
  grid, so every member behind one grid connection (a private customer installation); within
  the PV building or residential buildings of the same quarter (``mieterstrom.perimeter``, EEG
  2023; earlier wordings are not modelled: before 2023 one building, several are refused with
  the date the quarter rule applies from). Until 15 May 2024 the Mieterstromzuschlag is paid only
  on kWh used in the PV building or in residential buildings of its quarter, and only if the PV
  building is residential (at least 40 % of its floor area housing,
  ``mieterstrom.residential_share``), so shops in another building receive Mieterstrom without
  the surcharge. Since the Solarpaket I (BGBl. 2024 I Nr. 151, in force 16 May 2024) the PV may
  sit on any building and every building of the quarter earns it (the rule's value is then 0).
  :attr:`SchemeVerdict.surcharge_members` lists who qualifies on ``as_of``.
* **Gemeinschaftliche Gebäudeversorgung** (DE, § 42b EnWG, ``building_supply``): one building,
  behind its grid connection.
* **Energy sharing** (DE, § 42c EnWG, ``energy_sharing``, from 1 June 2026): over the public
  grid, all members (plant and consumption points) in the same balancing area of one DSO
  (§ 42c Abs. 1 Nr. 4); from 1 June 2028 also adjacent balancing areas
  (``energy_sharing.adjacent_areas``), given as pairs in ``adjacent_areas``; every pair of the
  members' areas must then be adjacent (a conservative reading).
* **Autoconsommation collective** (FR, Code de l'énergie L315-2, arrêtés of 21 November 2019,
  19 September 2023, 21 February 2025): one PMO (``acc.pmo``); the two furthest participants at
  most 2 km apart (10 km peri-urban, 20 km rural by derogation: ``acc.perimeter_km.*``); installed
  power at most 5 MW (10 MW for public-body projects, whose perimeter is their EPCI's territory
  instead of a distance: ``acc.power_cap_kw*``). Beyond the distance, the verdict names the
  participants to exclude (:func:`fit_distance`).
* **Jointly acting renewables self-consumers** (generic EU regime, RED II art. 21(4), ``jacs``):
  the residents of one building share its PV, behind its grid connection (checked like § 42b:
  one building, one connection). The national regimes transpose it with their own schemes
  (§ 42b EnWG, the ACC of a building), so it is the EU regime's own scheme only.
* **EU** (every regime): renewable energy communities (RED II art. 22, ``rec``: "proximity" is
  left to national law, so no distance is checked here) and citizen energy communities
  (Directive 2019/944 art. 16, ``cec``: no proximity rule).

A scheme whose rule is not in force on ``as_of`` is refused with the date it applies from.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np

from catalogs import formatting as fmt
from game_rules.buildings import Building
from game_rules.districts import District
from game_rules.regulation import Rule, RuleSet, Settlement, all_rules, rules_in_force
from game_rules.texts import Text, text

Scheme = Literal["mieterstrom", "building_supply", "energy_sharing", "acc", "jacs", "rec", "cec"]

#: Schemes open under each regime (the EU ones everywhere), with the rule that opens each.
SCHEMES: dict[str, tuple[tuple[Scheme, str], ...]] = {
    "DE": (("mieterstrom", "mieterstrom.price_cap"), ("building_supply", "building_supply"),
           ("energy_sharing", "energy_sharing")),
    "FR": (("acc", "acc.pmo"),),
    "EU": (("jacs", "jacs"),),
}
EU_SCHEMES: tuple[tuple[Scheme, str], ...] = (("rec", "rec"), ("cec", "cec"))
RESIDENTIAL_SHARE = 0.4
"""Fallback for ``mieterstrom.residential_share`` when the rule is not in force [fraction]."""


@dataclass(frozen=True)
class Refusal:
    """Why the members may not form a scheme: the rule, its law and sources, the members' value
    against the rule's limit (in ``unit``), and the sentence for people."""

    code: str
    rule: str
    legal: str
    references: tuple[str, ...]
    text: Text
    value: float | None = None
    limit: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class SchemeVerdict:
    """Whether the members may form ``scheme`` on ``as_of``; ``rules`` lists the rule keys
    applied (so a report can cite them); ``surcharge_members`` (Mieterstrom only) the members
    whose kWh earn the Mieterstromzuschlag; ``excluded`` (ACC only) the members that must
    leave for the rest to fit the distance perimeter (:func:`fit_distance`)."""

    scheme: Scheme
    allowed: bool
    refusals: tuple[Refusal, ...]
    rules: tuple[str, ...]
    surcharge_members: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


def _refuse(code: str, rule: Rule, *, value: float | None = None, limit: float | None = None, unit: str = "",
            **words: object) -> Refusal:
    """A refusal of ``rule``; ``words`` fill the sentence, ``limit`` is shown in each language's format."""
    shown = {"limit": number(limit, 0 if float(limit).is_integer() else 1)} if limit is not None else {}
    return Refusal(code=code, rule=rule.key, legal=rule.legal, references=rule.references,
                   text=text(code, legal=rule.legal, **shown, **words),
                   value=None if value is None else float(value), limit=None if limit is None else float(limit), unit=unit)


def number(value: float, digits: int = 0) -> Text:
    """A number in each language's CLDR convention (``2.5`` / ``2,5``; grouping of thousands)."""
    return Text.build(lambda lang: fmt.number(value, lang, digits))


def _day(value: date) -> Text:
    return Text.build(lambda lang: fmt.day(value, lang))


def _first_version(regime: str, key: str) -> Rule:
    return min((r for r in all_rules(regime) if r.key == key), key=lambda r: r.in_force_from)


def max_distance_km(members: Sequence[Building]) -> float:
    """Distance between the two furthest members [km] (straight line on the local plane)."""
    if len(members) < 2:
        return 0.0
    xy = np.array([(b.x_m, b.y_m) for b in members], dtype=float)
    diff = xy[:, None, :] - xy[None, :, :]
    return float(np.sqrt((diff**2).sum(axis=2)).max() / 1000.0)


def fit_distance(members: Sequence[Building], limit_km: float) -> tuple[tuple[Building, ...], tuple[Building, ...]]:
    """(kept, excluded): the members furthest from the producers leave, one at a time, until the
    two furthest of the rest are at most ``limit_km`` apart. Distances are taken from the
    PV-weighted centre of the producers (of all members when none has PV), so producers stay as
    long as possible; the fewest leavers in that order, not the largest possible group.
    """
    producers = [b for b in members if b.pv_kwp > 0] or list(members)
    weights = np.array([max(b.pv_kwp, 1e-9) for b in producers])
    centre = np.average(np.array([(b.x_m, b.y_m) for b in producers]), axis=0, weights=weights)
    xy = np.array([(b.x_m, b.y_m) for b in members], dtype=float)
    order = np.argsort(-np.hypot(xy[:, 0] - centre[0], xy[:, 1] - centre[1]), kind="stable")
    pairs = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1]) / 1000.0

    def fits(leaving: int) -> bool:
        rest = order[leaving:]
        return bool(pairs[np.ix_(rest, rest)].max() <= limit_km)

    # The diameter only shrinks as members leave, so the fewest leavers are found by bisection.
    low, high = 0, len(members) - 1
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    leaving = set(order[:low].tolist())
    return (tuple(b for i, b in enumerate(members) if i not in leaving),
            tuple(members[i] for i in order[:low].tolist()))


def _count(values: Collection[str]) -> int:
    return len(set(values))


def _mieterstrom(members: Sequence[Building], rules: RuleSet, opener: Rule) -> SchemeVerdict:
    out: list[Refusal] = []
    applied = [opener.key]
    perimeter = rules.get("mieterstrom.perimeter")
    connections = _count([b.connection for b in members])
    if connections > 1:
        out.append(_refuse("share.public_grid", perimeter or opener, n=number(connections), value=connections, limit=1))
    quarters = _count([b.quarter for b in members])
    if perimeter is not None:
        applied.append(perimeter.key)
        if quarters > 1:
            out.append(_refuse("share.quarter", perimeter, n=number(quarters), value=quarters, limit=1,
                               connection=", ".join(sorted({b.connection for b in members})),
                               quarters=", ".join(sorted({b.quarter for b in members}))))
    elif len(members) > 1:
        # Before the EEG 2023 wording (not modelled) Mieterstrom is kept to one building: the
        # quarter rule is reported as not yet in force.
        first = _first_version("DE", "mieterstrom.perimeter")
        out.append(_refuse("share.not_in_force", first, as_of=_day(rules.as_of), since=_day(first.in_force_from)))
    share_rule = rules.get("mieterstrom.residential_share")
    floor = share_rule.value_at(rules.as_of) if share_rule is not None else RESIDENTIAL_SHARE
    if share_rule is not None:
        applied.append(share_rule.key)
    hosts = [b for b in members if b.pv_kwp > 0 and b.residential_share >= floor]
    eligible = tuple(c.id for c in members if any(
        c.id == h.id or (c.quarter == h.quarter and c.residential_share >= floor) for h in hosts))
    return SchemeVerdict("mieterstrom", not out, tuple(out), tuple(applied), eligible)


def _building_supply(members: Sequence[Building], rule: Rule, scheme: Scheme = "building_supply") -> SchemeVerdict:
    out: list[Refusal] = []
    if len(members) > 1:
        out.append(_refuse("share.one_building", rule, n=number(len(members)), value=len(members), limit=1))
    connections = _count([b.connection for b in members])
    if connections > 1:
        out.append(_refuse("share.public_grid", rule, n=number(connections), value=connections, limit=1))
    return SchemeVerdict(scheme, not out, tuple(out), (rule.key,))


def _energy_sharing(members: Sequence[Building], rules: RuleSet, rule: Rule,
                    adjacent: Collection[frozenset[str]]) -> SchemeVerdict:
    areas = sorted({b.area for b in members})
    applied = [rule.key]
    if len(areas) <= 1:
        return SchemeVerdict("energy_sharing", True, (), tuple(applied))
    wider = rules.get("energy_sharing.adjacent_areas")
    if wider is None:
        refusal = _refuse("share.area", rule, n=number(len(areas)), value=len(areas), limit=1)
        return SchemeVerdict("energy_sharing", False, (refusal,), tuple(applied))
    applied.append(wider.key)
    apart = [f"{a}/{b}" for i, a in enumerate(areas) for b in areas[i + 1:] if frozenset((a, b)) not in adjacent]
    if not apart:
        return SchemeVerdict("energy_sharing", True, (), tuple(applied))
    return SchemeVerdict("energy_sharing", False, (_refuse("share.area_adjacent", wider, areas=", ".join(apart)),),
                         tuple(applied))


def _acc(members: Sequence[Building], rules: RuleSet, opener: Rule, settlement: Settlement,
         public_bodies: bool) -> SchemeVerdict:
    out: list[Refusal] = []
    excluded: tuple[str, ...] = ()
    applied = [opener.key]
    cap = (rules.get("acc.power_cap_kw.public_bodies") if public_bodies else None) or rules.get("acc.power_cap_kw")
    kw = sum(b.pv_kwp for b in members)
    if cap is not None:
        applied.append(cap.key)
        limit = cap.value_at(rules.as_of)
        if kw > limit:
            out.append(_refuse("share.power_cap", cap, kw=number(kw), value=kw, limit=limit, unit="kW"))
    if not (cap is not None and cap.key.endswith("public_bodies")):
        perimeter = rules.get(f"acc.perimeter_km.{settlement}") or rules.get("acc.perimeter_km.urban")
        if perimeter is not None:
            applied.append(perimeter.key)
            limit = perimeter.value_at(rules.as_of)
            km = max_distance_km(members)
            if km > limit:
                out.append(_refuse("share.distance", perimeter, km=number(km, 1), value=km, limit=limit, unit="km"))
                excluded = tuple(b.id for b in fit_distance(members, limit)[1])
    return SchemeVerdict("acc", not out, tuple(out), tuple(applied), excluded=excluded)


def schemes_for(members: Sequence[Building], regime: str, as_of: date, *, settlement: Settlement = "urban",
                public_bodies: bool = False, adjacent_areas: Collection[frozenset[str]] = (),
                enacted: Collection[str] = ()) -> tuple[SchemeVerdict, ...]:
    """Every scheme of ``regime`` (``DE``, ``FR``, ``EU``) and the EU schemes, each allowed or
    refused for ``members`` (the buildings that would form it, e.g.
    :meth:`~game_rules.buildings.BuildingSet.members`) on ``as_of`` (rules in the module doc).
    ``settlement`` selects the French ACC perimeter; ``public_bodies`` the 10 MW cap and EPCI
    perimeter; ``adjacent_areas`` are pairs of adjacent DSO balancing areas (§ 42c EnWG from
    2028). Raises ``ValueError`` for no members and
    :class:`~game_rules.regulation.RegulationError` for an unknown regime. ``enacted``: rule keys
    a scenario's world puts in force before their day (:func:`~game_rules.regulation.rules_in_force`).
    """
    if not members:
        raise ValueError("expected at least one building, got none")
    rules = rules_in_force(regime, as_of, enacted)
    verdicts: list[SchemeVerdict] = []
    routes = SCHEMES.get(regime, ())
    for scheme, key in (*routes, *EU_SCHEMES):
        rule = rules.get(key)
        if rule is None:
            first = _first_version("EU" if (scheme, key) in EU_SCHEMES else regime, key)
            refusal = _refuse("share.not_in_force", first, as_of=_day(as_of), since=_day(first.in_force_from))
            verdicts.append(SchemeVerdict(scheme, False, (refusal,), (key,)))
        elif scheme == "mieterstrom":
            verdicts.append(_mieterstrom(members, rules, rule))
        elif scheme in ("building_supply", "jacs"):
            verdicts.append(_building_supply(members, rule, scheme))
        elif scheme == "energy_sharing":
            verdicts.append(_energy_sharing(members, rules, rule, adjacent_areas))
        elif scheme == "acc":
            verdicts.append(_acc(members, rules, rule, settlement, public_bodies))
        else:
            verdicts.append(SchemeVerdict(scheme, True, (), (key,)))
    return tuple(verdicts)


def verdict(members: Sequence[Building], scheme: Scheme, regime: str, as_of: date, **options: object) -> SchemeVerdict:
    """The verdict on one ``scheme`` (see :func:`schemes_for`); ``KeyError`` names the schemes of the regime."""
    found = {v.scheme: v for v in schemes_for(members, regime, as_of, **options)}  # type: ignore[arg-type]
    if scheme not in found:
        raise KeyError(f"expected a scheme of regime {regime}: {sorted(found)}, got {scheme!r}")
    return found[scheme]


def district_schemes(district: District, members: Sequence[Building], as_of: date,
                     adjacent_areas: Collection[frozenset[str]] = (), enacted: Collection[str] = ()) -> tuple[SchemeVerdict, ...]:
    """:func:`schemes_for` under the district's regime, settlement type and public-body flag
    (``district.regulation``)."""
    return schemes_for(members, district.regime, as_of, settlement=district.regulation.settlement,
                       public_bodies=district.regulation.public_body_project, adjacent_areas=adjacent_areas, enacted=enacted)
