"""Forming a sharing scheme: who is in, who is refused and why (docs/rules.md, "Sharing schemes").

A grid-based scheme (ACC, § 42c energy sharing) is formed of all candidate buildings, then the
buildings a rule refuses leave it, one kind of refusal per pass (:func:`form_wide`): those
beyond the perimeter, the largest producers until the installed power fits the cap, those
outside the majority's area. A scheme behind one grid connection (Mieterstrom § 42a,
gemeinschaftliche Gebäudeversorgung § 42b EnWG) is formed per connection, and a refused
connection's buildings stay out (:func:`form_per_connection`). The verdicts come from
:func:`game_rules.perimeters.district_schemes` under the rules in force ``as_of``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from game_rules.buildings import Building
from game_rules.districts import District
from game_rules.perimeters import SCHEMES, Refusal, Scheme, SchemeVerdict, district_schemes
from game_rules.regulation import all_rules, home_route
from game_rules.texts import regimes, text


@dataclass(frozen=True)
class Formed:
    """Who is in, who was refused and why, and the verdicts that applied."""

    members: tuple[str, ...]
    refusals: tuple[tuple[Refusal, tuple[str, ...]], ...]
    verdicts: tuple[SchemeVerdict, ...]
    perimeter: dict[str, str] = field(default_factory=dict)
    """Member id -> the perimeter it shares in, where it is not its grid connection (a
    connection split by quarter, :func:`_split_by_quarter`)."""


def _regime_refusal(scheme: Scheme, district: District) -> Refusal:
    """A scheme the district's regime does not open (e.g. Mieterstrom in France)."""
    home = next(r for r, routes in SCHEMES.items() if any(s == scheme for s, _ in routes))
    rule = next(r for r in all_rules(home) if r.key == dict(SCHEMES[home])[scheme])
    # The text names the foreign law; the refusal cites the route the district's own law opens.
    legal, refs = home_route(district)
    return Refusal(code="share.regime", rule=rule.key, legal=legal, references=refs,
                   text=text("share.regime", legal=rule.legal, needs=regimes((home,)), regime=regimes((district.regime,))))


def _verdict(district: District, members: Sequence[Building], scheme: Scheme, as_of: date,
             enacted: tuple[str, ...]) -> SchemeVerdict | None:
    return next((v for v in district_schemes(district, members, as_of, enacted=enacted) if v.scheme == scheme), None)


def _fit_cap(members: Sequence[Building], refusal: Refusal) -> tuple[str, ...]:
    """Producers leaving, largest first, until the installed power fits the cap."""
    limit = refusal.limit or 0.0
    total = sum(b.pv_kwp for b in members)
    out: list[str] = []
    for b in sorted((b for b in members if b.pv_kwp > 0), key=lambda b: -b.pv_kwp):
        if total <= limit:
            break
        out.append(b.id)
        total -= b.pv_kwp
    return tuple(out)


def form_wide(district: District, members: tuple[Building, ...], scheme: Scheme, as_of: date,
               enacted: tuple[str, ...]) -> Formed:
    """One grid-based scheme of all candidates, refused members excluded (rule 3)."""
    refusals: list[tuple[Refusal, tuple[str, ...]]] = []
    verdicts: list[SchemeVerdict] = []
    current = members
    for _ in range(4):  # each pass removes one kind of refusal; a fourth finds none or empties the scheme
        if not current:
            break
        found = _verdict(district, current, scheme, as_of, enacted)
        if found is None:
            refusals.append((_regime_refusal(scheme, district), tuple(b.id for b in current)))
            current = ()
            break
        verdicts.append(found)
        if found.allowed:
            break
        leaving: set[str] = set()
        for refusal in found.refusals:
            if refusal.code == "share.distance":
                out = found.excluded
            elif refusal.code == "share.power_cap":
                out = _fit_cap([b for b in current if b.id not in leaving], refusal)
            elif refusal.code == "share.area":
                areas = [b.area for b in current]
                keep = max(set(areas), key=areas.count)
                out = tuple(b.id for b in current if b.area != keep)
            else:
                out = tuple(b.id for b in current)
            refusals.append((refusal, tuple(out)))
            leaving.update(out)
        current = tuple(b for b in current if b.id not in leaving)
    return Formed(tuple(b.id for b in current), tuple(refusals), tuple(verdicts))


def form_per_connection(district: District, members: tuple[Building, ...], scheme: Scheme, as_of: date,
                         enacted: tuple[str, ...]) -> Formed:
    """One scheme behind each grid connection; a refused connection's buildings excluded."""
    groups: dict[str, list[Building]] = {}
    for b in members:
        groups.setdefault(b.connection, []).append(b)
    kept: list[str] = []
    refusals: list[tuple[Refusal, tuple[str, ...]]] = []
    verdicts: list[SchemeVerdict] = []
    perimeter: dict[str, str] = {}
    cache: dict[tuple[object, ...], tuple[SchemeVerdict | None, tuple[int, ...]]] = {}
    for group in groups.values():
        # Connections of one shape get one verdict: check each shape once (200 connections, few
        # shapes); the surcharge members map by position, which the shape fixes.
        shape = (len(group), tuple(sorted({b.quarter for b in group})), tuple(sorted({b.area for b in group})),
                 tuple((b.pv_kwp > 0, b.residential_share) for b in group))
        if shape not in cache:
            found = _verdict(district, group, scheme, as_of, enacted)
            named = set(found.surcharge_members) if found is not None else set()
            cache[shape] = (found, tuple(i for i, b in enumerate(group) if b.id in named))
        found, positions = cache[shape]
        ids = tuple(b.id for b in group)
        if found is None:
            refusals.append((_regime_refusal(scheme, district), ids))
        elif found.allowed:
            kept.extend(ids)
            verdicts.append(SchemeVerdict(found.scheme, True, (), found.rules, tuple(ids[i] for i in positions)))
        elif {r.code for r in found.refusals} == {"share.quarter"}:
            # The refusal names this connection: its own verdict, not the cached shape's.
            split = _split_by_quarter(district, group, scheme, as_of, enacted)
            kept.extend(split.members)
            refusals.extend(split.refusals)
            verdicts.extend(split.verdicts)
            perimeter.update(split.perimeter)
        else:
            refusals.extend((r, ids) for r in found.refusals)
    return Formed(tuple(kept), _merge(refusals), tuple(verdicts), perimeter)


def _split_by_quarter(district: District, group: Sequence[Building], scheme: Scheme, as_of: date,
                      enacted: tuple[str, ...]) -> Formed:
    """A Mieterstrom connection spanning quarters (§ 42a EnWG: within the building or in the
    same quarter, without the public grid; § 21 Abs. 3 EEG 2023): the quarter with the most PV
    behind the connection keeps the connection's scheme; in every other quarter a building with
    its own PV still supplies its own tenants (its own building is always inside the perimeter)
    and forms a scheme of its own; the others are refused with the rule's sentence, which names
    the connection and the quarters."""
    quarters: dict[str, list[Building]] = {}
    for b in group:
        quarters.setdefault(b.quarter, []).append(b)
    host = max(sorted(quarters), key=lambda q: sum(b.pv_kwp for b in quarters[q]))
    found = _verdict(district, group, scheme, as_of, enacted)
    refusal = next(r for r in (found.refusals if found is not None else ()) if r.code == "share.quarter")
    parts = [(f"{group[0].connection}/{host}", quarters[host])]
    parts += [(f"{b.connection}/{b.id}", [b]) for q, bs in quarters.items() if q != host for b in bs if b.pv_kwp > 0]
    outside = tuple(b.id for q, bs in quarters.items() if q != host for b in bs if b.pv_kwp <= 0)
    kept: list[str] = []
    refusals: list[tuple[Refusal, tuple[str, ...]]] = [(refusal, outside)] if outside else []
    verdicts: list[SchemeVerdict] = []
    perimeter: dict[str, str] = {}
    for key, part in parts:
        verdict = _verdict(district, part, scheme, as_of, enacted)
        ids = tuple(b.id for b in part)
        if verdict is not None and verdict.allowed:
            kept.extend(ids)
            verdicts.append(verdict)
            perimeter.update(dict.fromkeys(ids, key))
        elif verdict is not None:
            refusals.extend((r, ids) for r in verdict.refusals)
    return Formed(tuple(kept), tuple(refusals), tuple(verdicts), perimeter)


def _merge(refusals: list[tuple[Refusal, tuple[str, ...]]]) -> tuple[tuple[Refusal, tuple[str, ...]], ...]:
    """One entry per refusal code and rule, with every building it excludes."""
    merged: dict[tuple[str, str], tuple[Refusal, list[str]]] = {}
    for refusal, ids in refusals:
        entry = merged.setdefault((refusal.code, refusal.rule), (refusal, []))
        entry[1].extend(i for i in ids if i not in entry[1])
    return tuple((r, tuple(ids)) for r, ids in merged.values())
