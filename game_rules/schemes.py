"""The table's sharing scheme, building by building, inside the assessment.

The pure modules :mod:`game_rules.buildings` (buildings and their hourly series),
:mod:`game_rules.perimeters` (who may share, by law and date), :mod:`game_rules.allocation`
(the keys) and :mod:`game_rules.community_battery` do the work; this module decides what the
table's cards ask for and puts the pieces together for :func:`game_rules.assessment.assess`:

1. **Scheme** (:func:`scheme_of`), from the mechanism cards' tags, with the precedence of
   :func:`game_rules.charges.sharing_regime` (so money and energy follow one scheme): an explicit
   grid-based card (energy sharing, PMO) gives the regime's grid scheme (FR: ACC, Code de l'énergie
   L315-2; DE: energy sharing, § 42c EnWG; EU: a renewable energy community, RED II art. 22); then
   Mieterstrom (§ 42a EnWG); then shared building supply (§ 42b EnWG; in France a building's
   ACC); then a renewable or citizen energy community card (RED II art. 22; Directive
   2019/944 art. 16); a generic local-power card alone takes the grid scheme. No such card: no
   scheme, every building uses its own PV behind its meter.
2. **Candidates**: the buildings that take part. Per residential group ``participation.share``
   of its buildings, spread evenly over the group (building ``k`` of ``n`` takes part when
   ``floor((k + 1) s) > floor(k s)``); non-residential buildings (offices, schools, shops: one
   decision-maker each) take part. Assumption: a building takes part as a whole.
3. **Perimeter** (:func:`game_rules.perimeters.district_schemes` on the assessment's as-of
   date). Mieterstrom and § 42b supply do not cross the public grid, so they are formed behind
   each grid connection (one scheme per connection, each checked). The grid-based schemes
   (ACC, § 42c, REC, CEC) are one scheme of all candidates. A refusal excludes buildings, never
   silently keeps them: ACC beyond the distance, the members the verdict names (furthest from
   the producers first); above the power cap, producers, largest first, until the rest fit; §
   42c across balancing areas, every area but the one with most members; a scheme not open
   under the regime or not in force, every candidate. Each refusal keeps its rule, legal
   reference, sources and sentence (:class:`~game_rules.results.SchemeRefusal`).
4. **Allocation** with the key of ``sharing.key`` (0 dynamic, Enedis's default, décret n°
   2017-676; 1 static, coefficients pro rata of each member's annual net demand, the usual static
   key; 2 custom, residential members served first, then the others: both keys are assumptions
   on how a PMO would set them). Behind one connection the production is shared pro rata of
   consumption (the dynamic rule).
5. **Results** [kWh/yr, fraction]: per building (demand, PV, used behind its own meter,
   received from the scheme, fed, residual; self-consumption = own use / own PV,
   self-sufficiency = (own use + received) / demand), per scheme and for the district
   (as :func:`game_rules.allocation.district_balance`: the scheme plus what the other buildings
   use of their own PV, plus what the pooled storage adds; self-consumption = local / PV,
   self-sufficiency = 1 - (the one node's import + what the scheme cannot pool) / load). Mieterstrom reports the kWh that earn the Mieterstromzuschlag (used in
   a residential PV building or in residential buildings of its quarter, § 21 Abs. 3 EEG 2023).

Loads and PV: everything the cards built, allocated to the buildings by the keys of
:func:`game_rules.buildings.buildings_for_run` (appliances and heat pumps per group, the shifted
household load by household electricity, EVs by dwellings, PV outside the roofs and façade PV by
floor area), so the buildings' columns sum to the district model's demand and PV
(:mod:`game_rules.energy`). **Storage** (batteries, V2G, the heat store) is one pooled asset, as
in the district model: it is dispatched (:func:`game_rules.dispatch.dispatch`) on the buildings'
summed series, which gives the district **as one node** (:attr:`~game_rules.results.Sharing.one_node`,
the district KPIs' self-consumption and self-sufficiency). The district row (rule 5) is the one
node less what the scheme cannot pool (exported, then imported instead), so it is lower than
the one-node figure only by that: buildings outside it
(not candidates, refused) use their own PV alone, and a static or custom key leaves PV unallocated.
**PV owner**: the roof owner; :func:`game_rules.pv_ownership.lessee_view` names the governance
owner instead (leased from the roof owner) where a roof-lease card is on the table (HOW-15 rents
equipment to the household, who stays the roof's and the plant's user: no lease).
Time base: the profiles' (:attr:`game_rules.buildings.BuildingSet.time_base`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

import numpy as np

from cards.model import Card, Category
from catalogs import formatting as fmt
from catalogs import message
from catalogs.data_phrases import data_phrase
from game_rules import allocation as al
from game_rules import geo, kpis
from game_rules.buildings import Building, BuildingSet, buildings_for_run
from game_rules.dispatch import Storage, dispatch
from game_rules.districts import District
from game_rules.energy import ENERGY_PARAMS, energy_run
from game_rules.params import Params, enacted_rules
from game_rules.perimeters import Scheme, number
from game_rules.references import fitting
from game_rules.regulation import RegulatoryFinding, rules_in_force
from game_rules.results import (
    BuildingSharing,
    GroupSharing,
    Provenance,
    SchemeRefusal,
    SchemeSharing,
    SchemeWorld,
    Sharing,
    SharingBalance,
    SharingSummary,
    Warning,
)
from game_rules.scheme_forming import form_per_connection, form_wide
from game_rules.texts import Text, text

#: Schemes formed behind one grid connection: no public grid (§ 42a, § 42b EnWG).
PER_CONNECTION: frozenset[str] = frozenset({"mieterstrom", "building_supply", "jacs"})
#: ``sharing.key`` values and the key each selects.
KEYS = {0: "dynamic", 1: "static", 2: "custom"}
# Marked so the catalogs carry the key names that provenance sources print (catalogs.data_phrases).
_KEY_PHRASES = (data_phrase("dynamic"), data_phrase("static"), data_phrase("custom"))
#: Legal route of each scheme, for people (the rule texts carry the full references).
LEGAL: dict[str, str] = {
    "mieterstrom": "§ 42a EnWG; § 21 Abs. 3 EEG 2023", "building_supply": "§ 42b EnWG", "energy_sharing": "§ 42c EnWG",
    "acc": "Code de l'énergie L315-2", "jacs": "Directive (EU) 2018/2001 art. 21(4)", "rec": "Directive (EU) 2018/2001 art. 22", "cec": "Directive (EU) 2019/944 art. 16",
}
BUILDING_REFERENCES = ("vdew-lastprofile-1999", "pvlib-python")


def building_references(district: District) -> tuple[str, ...]:
    """:data:`BUILDING_REFERENCES` that fit ``district``'s country (the German load profiles are a
    stand-in elsewhere, listed with the assessment's assumptions)."""
    return fitting(BUILDING_REFERENCES, district.country)
#: Where the buildings stand (:attr:`game_rules.buildings.BuildingSet.placement`), as the sources say it.
PLACEMENT: dict[str, str] = {
    "sites": data_phrase("buildings at their sites (positions, grid connections, quarters, DSO areas)"),
    # The grid's diagonal is regulation.perimeter_km, whose range the district file lists.
    "assumed": data_phrase("buildings on a square grid across the district perimeter, each behind its own "
                           "grid connection, in one quarter and one DSO area (positions assumed)"),
    "mixed": data_phrase("buildings at the district file's sites where it gives them, the other groups on a "
                         "square grid (positions assumed)"),
}
_GRID_TAGS = frozenset({"energy_sharing", "collective_self_consumption"})
#: Regimes with a national scheme for sharing inside a building (Mieterstrom/§ 42b; a building's ACC).
SCHEMES_BY_BUILDING = frozenset({"DE", "FR"})
_GENERIC = "local_green_power"


def _grid_scheme(regime: str) -> Scheme:
    return {"FR": "acc", "DE": "energy_sharing"}.get(regime, "rec")  # type: ignore[return-value]


def scheme_of(cards: Iterable[Card], district: District) -> Scheme | None:
    """The scheme the cards ask for in ``district`` (precedence in the module doc), None for none."""
    cards = tuple(cards)
    explicit = [c for c in cards if _GENERIC not in c.effects.tags and c.category is not Category.SCENARIO]
    tags = {t for c in explicit for t in c.effects.tags}
    if tags & _GRID_TAGS:
        return _grid_scheme(district.regime)
    if tags & {"mieterstrom", "shared_building_supply"} and district.regime not in SCHEMES_BY_BUILDING:
        # RED II art. 21(4): the generic EU regime's scheme inside one building.
        return "jacs"
    if "mieterstrom" in tags:
        return "mieterstrom"
    if "shared_building_supply" in tags:
        return "acc" if district.regime == "FR" else "building_supply"
    if "gov_cec" in tags:
        return "cec"
    if tags & {"gov_rec", "energy_community"}:
        return "rec"
    if any(_GENERIC in c.effects.tags for c in cards):
        return _grid_scheme(district.regime)
    return None


def key_for(code: float, members: BuildingSet) -> al.Key:
    """The allocation key ``sharing.key`` selects for ``members`` (the participating buildings
    of ``members``); ``ValueError`` names the allowed codes."""
    which = KEYS.get(round(code))
    if which is None:
        raise ValueError(f"sharing.key: expected one of {sorted(KEYS)} ({', '.join(KEYS.values())}), got {code}")
    chosen = [b for b in members.buildings if b.participates]
    if which == "dynamic":
        return al.DynamicKey()
    if which == "static":
        mask = members.participants
        net = np.maximum(members.demand[:, mask] - members.pv[:, mask], 0.0).sum(axis=0)
        total = float(net.sum())
        shares = net / total if total > 0 else np.full(len(chosen), 1.0 / len(chosen))
        # A rounding error must not push the sum over 1 (the key's invariant).
        return al.StaticKey(tuple(float(s) for s in shares * (1 - 1e-12)))
    first = tuple(b.id for b in chosen if b.use == "residential")
    rest = tuple(b.id for b in chosen if b.use != "residential")
    return al.CustomKey(tuple(t for t in (first, rest) if t))


def candidates(buildings: Sequence[Building], share: float) -> tuple[str, ...]:
    """Ids of the buildings taking part at ``participation.share`` = ``share`` (rule 2 of the module doc)."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for b in buildings:
        if b.use != "residential":
            out.append(b.id)
            continue
        k = seen.get(b.group, 0)
        seen[b.group] = k + 1
        if math.floor((k + 1) * share + 1e-9) > math.floor(k * share + 1e-9):
            out.append(b.id)
    return tuple(out)


Sums = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Per building [kWh/yr]: PV used behind its own meter, PV, demand."""


def column_sums(bs: BuildingSet) -> Sums:
    """Own use (``min(pv, demand)`` each step), PV and demand per building, summed over the year."""
    return np.minimum(bs.pv, bs.demand).sum(axis=0), bs.pv.sum(axis=0), bs.demand.sum(axis=0)


@lru_cache(maxsize=4)
def _built(district: District, key: tuple[float, ...]) -> tuple[BuildingSet, Sums]:
    # Two (8,760 x buildings) arrays, about 30 MB for 200 buildings: a few are kept.
    params = Params(dict(zip(ENERGY_PARAMS, key, strict=True)))
    bs = buildings_for_run(district, params, energy_run(district, params))
    return bs, column_sums(bs)


def _prepared(district: District, params: Params) -> tuple[BuildingSet, Sums]:
    """The buildings at the run's parameters and their annual sums (cached on the energy parameters)."""
    return _built(district, params.key(ENERGY_PARAMS))


def building_set(district: District, params: Params) -> BuildingSet:
    """The district's buildings with the cards' loads, PV and the run's weather
    (:func:`game_rules.buildings.buildings_for_run`), cached on the energy parameters, so
    scenarios that move only prices reuse them."""
    return _prepared(district, params)[0]


def scheme_label(scheme: str) -> Text:
    """The scheme's name in every language (``rules:word.scheme.<scheme>``)."""
    return Text.build(lambda lang: message(f"rules:word.scheme.{scheme}", lang))


def _grouped_dynamic(demand: np.ndarray, pv: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Received [kWh per step] per column when the columns sharing a label pool their surplus
    pro rata of consumption (the dynamic rule, :mod:`game_rules.allocation`), all groups at once."""
    own = np.minimum(pv, demand)
    net, surplus = demand - own, pv - own
    order = np.argsort(np.asarray(labels), kind="stable")
    sorted_labels = np.asarray(labels)[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    sizes = np.diff(np.r_[starts, len(labels)])
    pool = np.add.reduceat(surplus[:, order], starts, axis=1)
    wanted = np.add.reduceat(net[:, order], starts, axis=1)
    ratio = np.minimum(np.divide(pool, wanted, out=np.zeros_like(pool), where=wanted > 0), 1.0)
    out: np.ndarray = np.empty_like(net)
    out[:, order] = net[:, order] * np.repeat(ratio, sizes, axis=1)
    return out


def _balance(production: float, demand: float, local: float, prov: Provenance) -> SharingBalance:
    # Local use never exceeds production or demand; the sums of many columns can by rounding.
    return SharingBalance(production_kwh=production, demand_kwh=demand, local_kwh=local,
                          self_consumption=min(local / production, 1.0) if production > 0 else 0.0,
                          self_sufficiency=min(local / demand, 1.0) if demand > 0 else 0.0, provenance=prov)


def _scheme_cards(cards: Sequence[Card]) -> tuple[str, ...]:
    wanted = _GRID_TAGS | {"mieterstrom", "shared_building_supply", "gov_rec", "gov_cec", "energy_community", _GENERIC}
    return tuple(c.id for c in cards if wanted & set(c.effects.tags) and c.category is not Category.SCENARIO)


#: Parameters the building model reads: worlds that differ in nothing else share one result.
#: Everything a run reads: the district model's parameters (its buildings carry the cards' loads
#: and PV, and the one-node figure dispatches the cards' storage), uptake and key.
READS = tuple(dict.fromkeys((*ENERGY_PARAMS, "participation.share", "sharing.key")))
#: The community battery's own settings, read only with its card (:func:`_reads`).
_BATTERY_READS = ("battery.kwh", "battery.c_rate", "battery.efficiency")
#: Parameters whose card origins the provenance names (:func:`_named_cards`).
_NAMED = ("pv.roof_use", "pv.kwp_per_m2", "participation.share", "sharing.key")


def sharing(district: District, cards: Sequence[Card], params: Params, as_of: date,
            buildings: BuildingSet | None = None) -> Sharing:
    """The table's scheme building by building (rules 1-5 of the module doc) on ``as_of``.

    ``params``: the project's parameters (:data:`READS`); ``buildings``: real buildings
    (positions, connections, areas) instead of the district file's split. A run on the district
    file's split is cached on what it reads (the scheme the cards ask for, whether a
    community-battery card is played, the values of :data:`READS` it uses, the date), so a
    scenario that moves only prices or rates, a battery figure on a table without a battery, or
    a mitigation re-run with one more card of the same scheme reuses it; only the cards its
    provenance names are set anew. A rule flag ``params`` turns on before its rule's day (a law
    scenario's world, :func:`game_rules.params.enacted_rules`) puts that rule in force for the
    run. Raises ``ValueError`` for a ``sharing.key`` that names no key.
    """
    if buildings is not None:
        return _sharing(district, tuple(cards), params, as_of, buildings)
    return _cached(district, tuple(cards), as_of, params)


_memo: dict[tuple[object, ...], Sharing] = {}
_MEMO_SIZE = 64


def dispatched_cycles(district: District, params: Params, market_kwh: float = 0.0) -> float:
    """Equivalent full cycles a year [1/yr] of the storage the energy model actually dispatches
    (:func:`game_rules.energy.energy_run`: the battery pooled district-wide, incl. V2G, whose flows
    the KPIs and the money read): (discharge + ``market_kwh`` delivered on a flexibility market)
    / nominal kWh (community_battery module doc, RWTH ISEA field range). The one figure the
    scheme's ``battery_cycles``, ``warn.idle_asset`` and the report print; 0 without storage."""
    run = energy_run(district, params)
    return (float(run.battery_out.sum()) + market_kwh) / run.battery_kwh if run.battery_kwh > 0 else 0.0


def _has_battery(cards: Sequence[Card]) -> bool:
    return any("community_battery" in c.effects.tags for c in cards)


def _reads(scheme: Scheme | None, battery: bool, params: Params) -> tuple[float, ...]:
    """The parameter values [units of :mod:`game_rules.params`] a run of :func:`_sharing` reads:
    the district model's always; uptake and key with a scheme; the community battery's only where it runs (a scheme formed
    over the public grid, a community-battery card, a capacity above 0)."""
    names: tuple[str, ...] = ENERGY_PARAMS if scheme is None else READS
    if battery and scheme is not None and scheme not in PER_CONNECTION and params["battery.kwh"] > 0:
        names = (*names, *_BATTERY_READS)
    return tuple(params[name] for name in names)


def _named_cards(cards: Sequence[Card], params: Params) -> tuple[str, ...]:
    """The cards a run's provenance names: the scheme's cards, then the measures that set the PV
    size, the uptake or the key (their origins in ``params``)."""
    measures = (o for name in _NAMED for o in params.origin.get(name, ()) if "-" in o and not o.startswith("district:"))
    return tuple(dict.fromkeys((*_scheme_cards(cards), *measures)))


def _cached(district: District, cards: tuple[Card, ...], as_of: date, params: Params) -> Sharing:
    # The result reads the cards only through the scheme they ask for and a community-battery
    # card; the cards it names come in through provenance alone, set on a reused run.
    scheme, battery = scheme_of(cards, district), _has_battery(cards)
    key = (district, scheme, battery, _reads(scheme, battery, params), as_of, enacted_rules(params, district.regime, as_of))
    found = _memo.get(key)
    if found is None:
        if len(_memo) >= _MEMO_SIZE:
            _memo.pop(next(iter(_memo)))
        found = _memo[key] = _sharing(district, cards, params, as_of, None)
    named = _named_cards(cards, params)
    return found if found.provenance.cards == named else _naming(found, named)


def _naming(result: Sharing, cards: tuple[str, ...]) -> Sharing:
    """``result`` with every provenance naming ``cards`` (all of a run's provenances name the
    same cards, :func:`_sharing`)."""
    def named(prov: Provenance) -> Provenance:
        return prov.model_copy(update={"cards": cards})

    schemes = tuple(s.model_copy(update={"provenance": named(s.provenance), "balance": s.balance.model_copy(
        update={"provenance": named(s.balance.provenance)})}) for s in result.schemes)
    return result.model_copy(update={
        "schemes": schemes, "buildings_provenance": named(result.buildings_provenance),
        "district": result.district.model_copy(update={"provenance": named(result.district.provenance)}),
        "one_node": None if result.one_node is None else result.one_node.model_copy(
            update={"provenance": named(result.one_node.provenance)}),
        "provenance": named(result.provenance)})


def _sharing(district: District, cards: Sequence[Card], params: Params, as_of: date,
             buildings: BuildingSet | None) -> Sharing:
    """:func:`sharing` without the cache."""
    bs, (own_kwh, pv_kwh, demand_kwh) = ((buildings, column_sums(buildings)) if buildings is not None
                                         else _prepared(district, params))
    scheme = scheme_of(cards, district)
    enacted = enacted_rules(params, district.regime, as_of)
    named = _named_cards(cards, params)
    base_refs = tuple(dict.fromkeys((*kpis.kpi_references("self_sufficiency", district), *building_references(district))))
    placed = PLACEMENT[bs.placement]
    place_refs = geo.PLANE_REFERENCES if bs.placement != "assumed" else ()
    received = np.zeros(len(bs.buildings))
    excluded: dict[str, list[str]] = {}
    schemes: list[SchemeSharing] = []
    members: set[str] = set()
    chosen_ids: set[str] = set()
    if scheme is not None:
        chosen_ids = set(candidates(bs.buildings, params["participation.share"]))
        pool = tuple(b for b in bs.buildings if b.id in chosen_ids)
        wide = scheme not in PER_CONNECTION
        formed = (form_wide if wide else form_per_connection)(district, pool, scheme, as_of, enacted)
        members = set(formed.members)
        for refusal, ids in formed.refusals:
            for i in ids:
                excluded.setdefault(i, []).append(refusal.rule)
        mask = np.array([b.id in members for b in bs.buildings], dtype=bool)
        key_name = KEYS.get(round(params["sharing.key"]), "dynamic") if wide else "dynamic"
        cycles: float | None = None
        if mask.any() and wide:
            inside = bs.with_participation(tuple(formed.members))
            shares = al.share(inside, key_for(params["sharing.key"], inside))
            got = {m.id: m.allocated_kwh for m in shares.members}
            received = np.array([got.get(b.id, 0.0) for b in bs.buildings])
            if params["battery.kwh"] > 0 and _has_battery(cards):
                cycles = dispatched_cycles(district, params)
        elif mask.any():
            # Only connections with several members pass anything between meters.
            # A connection split by quarter shares within each of its parts (formed.perimeter).
            where = {b.id: formed.perimeter.get(b.id, b.connection) for b in bs.buildings if b.id in members}
            count: dict[str, int] = {}
            for key in where.values():
                count[key] = count.get(key, 0) + 1
            cols = np.array([c for c, b in enumerate(bs.buildings) if b.id in members and count[where[b.id]] > 1], dtype=int)
            if cols.size:
                received[cols] = _grouped_dynamic(bs.demand[:, cols], bs.pv[:, cols],
                                                  [where[bs.buildings[c].id] for c in cols]).sum(axis=0)
        rules = tuple(dict.fromkeys(k for v in formed.verdicts for k in v.rules)) or tuple(
            dict.fromkeys(r.rule for r, _ in formed.refusals))
        in_force = rules_in_force(district.regime, as_of, enacted)
        refs = tuple(dict.fromkeys(ref for k in rules for rule in (in_force.get(k),) if rule is not None
                                   for ref in rule.references))
        if wide:
            refs = tuple(dict.fromkeys((*refs, *al.key_references(district.country))))
        surcharge: float | None = None
        if scheme == "mieterstrom":
            earning = {i for v in formed.verdicts for i in v.surcharge_members}
            cols_s = [c for c, b in enumerate(bs.buildings) if b.id in earning]
            surcharge = float(_beneficiary_kwh(own_kwh, received, np.isin(np.arange(len(bs.buildings)), cols_s)).sum())
        # The law is in ``legal`` and ``references``; the source names only catalog phrases
        # (printables.report.provenance_text reads it in the report's language).
        prov = Provenance(cards=named, rule=f"sharing.{scheme}", source=f"{district.id}: {placed}; "
                          f"allocation key: {key_name}", references=(*refs, *base_refs, *place_refs))
        local = float(_beneficiary_kwh(own_kwh, received, mask).sum())
        schemes.append(SchemeSharing(
            scheme=scheme, label=scheme_label(scheme), legal=LEGAL[scheme], rules=rules, key=key_name,  # type: ignore[arg-type]
            perimeters=len({formed.perimeter.get(b.id, b.connection) for b in bs.buildings if b.id in members}) if not wide else int(bool(members)),
            candidates=len(pool), members=tuple(b.id for b in bs.buildings if b.id in members),
            refused=tuple(SchemeRefusal(code=r.code, rule=r.rule, legal=r.legal, references=r.references, buildings=ids,
                                        value=r.value, limit=r.limit, unit=r.unit, text=r.text) for r, ids in formed.refusals),
            balance=_balance(float(pv_kwh[mask].sum()), float(demand_kwh[mask].sum()), local, prov),
            surcharge_kwh=surcharge, battery_cycles=cycles, provenance=prov))
    bprov = Provenance(cards=named, rule="sharing.building", source=f"{district.id}: {placed}; "
                       "own use behind the meter first", references=(*base_refs, *place_refs))
    # Buildings with identical figures (a group's equal split) share one row listing their ids.
    collapsed: dict[tuple[str, str, str, str, bool, bool, tuple[str, ...], float, float, float, float], list[str]] = {}
    for c, b in enumerate(bs.buildings):
        signature = (b.group, b.use, b.roof_owner.value, b.occupant.value, b.id in chosen_ids, b.id in members,
                     tuple(excluded.get(b.id, ())),
                     float(demand_kwh[c]), float(pv_kwh[c]), float(own_kwh[c]), float(received[c]))
        collapsed.setdefault(signature, []).append(b.id)
    rows = tuple(BuildingSharing(
        buildings=tuple(ids), group=group, use=use, pv_owner=owner, occupant=occupant, candidate=candidate, member=member,
        excluded_by=rules_out,
        demand_kwh=demand, pv_kwh=pv, own_use_kwh=own, received_kwh=got, fed_kwh=pv - own,
        residual_kwh=max(demand - own - got, 0.0), self_consumption=own / pv if pv > 0 else 0.0,
        self_sufficiency=(own + got) / demand if demand > 0 else 0.0)
        for (group, use, owner, occupant, candidate, member, rules_out, demand, pv, own, got), ids in collapsed.items())
    dprov = Provenance(cards=named, rule="sharing.district", source=f"{district.id}: the scheme's members plus "
                       "what the other buildings use of their own PV", references=tuple(dict.fromkeys(
                           (*(r for s in schemes for r in s.provenance.references), *base_refs))))
    # One node's local use of the same buildings without storage, against which the money scales
    # its local kWh (game_rules.scheme_shares): the scheme's local kWh are on the same basis.
    pooled_pv, pooled_demand = bs.pv.sum(axis=1), bs.demand.sum(axis=1)
    pooled = float(np.minimum(pooled_pv, pooled_demand).sum())
    node = _one_node(district, params, pooled_pv, pooled_demand, dprov) if buildings is None else None
    local_all = float(own_kwh.sum() + received.sum())
    if node is None:
        district_bal = _balance(float(pv_kwh.sum()), float(demand_kwh.sum()), local_all, dprov)
    else:
        # The one node less what the scheme cannot pool (buildings outside it, PV its key leaves
        # unallocated), which is exported and imported instead: equal to it when all pool.
        unpooled = max(pooled - local_all, 0.0)
        imported = (1 - node.self_sufficiency) * node.demand_kwh + unpooled
        local = node.local_kwh - unpooled
        district_bal = SharingBalance(
            production_kwh=node.production_kwh, demand_kwh=node.demand_kwh, local_kwh=local,
            self_consumption=local / node.production_kwh if node.production_kwh > 0 else 0.0,
            self_sufficiency=max(1 - imported / node.demand_kwh, 0.0) if node.demand_kwh > 0 else 0.0, provenance=dprov)
    return Sharing(schemes=tuple(schemes), buildings=rows, buildings_provenance=bprov, district=district_bal,
                   time_base=bs.time_base, as_of=as_of.isoformat(), provenance=dprov, pooled_kwh=pooled,
                   placement=bs.placement, one_node=node)


def summary(result: Sharing, district: District) -> SharingSummary:
    """``result`` without its building rows: each scheme, each building group of ``district``
    (its buildings' figures summed [kWh/yr]; self-consumption = own use / PV, self-sufficiency =
    (own use + received) / demand, as per building) and the district; what a scenario world
    carries into the report."""
    groups: list[GroupSharing] = []
    for g in district.buildings:
        rows = [b for b in result.buildings if b.group == g.id]
        if not rows:
            continue
        n = [len(b.buildings) for b in rows]
        production = sum(k * b.pv_kwh for k, b in zip(n, rows, strict=True))
        demand = sum(k * b.demand_kwh for k, b in zip(n, rows, strict=True))
        own = sum(k * b.own_use_kwh for k, b in zip(n, rows, strict=True))
        local = sum(k * (b.own_use_kwh + b.received_kwh) for k, b in zip(n, rows, strict=True))
        balance = SharingBalance(production_kwh=production, demand_kwh=demand, local_kwh=local,
                                 self_consumption=own / production if production > 0 else 0.0,
                                 self_sufficiency=local / demand if demand > 0 else 0.0,
                                 provenance=result.buildings_provenance)
        groups.append(GroupSharing(group=g.id, buildings=sum(n), members=sum(k for k, b in zip(n, rows, strict=True) if b.member),
                                   pv_owner=rows[0].pv_owner, pv_leased_from=rows[0].pv_leased_from, balance=balance))
    worlds = tuple(SchemeWorld(scheme=x.scheme, label=x.label, candidates=x.candidates, members=len(x.members),
                               balance=x.balance, surcharge_kwh=x.surcharge_kwh, battery_cycles=x.battery_cycles)
                   for x in result.schemes)
    return SharingSummary(schemes=worlds, groups=tuple(groups), district=result.district)


def _one_node(district: District, params: Params, pv: np.ndarray, demand: np.ndarray, prov: Provenance) -> SharingBalance:
    """The buildings as one node [kWh/yr, fraction]: the cards' storage (the district model's
    :class:`~game_rules.dispatch.Storage`) dispatched on their summed hourly ``pv`` and
    ``demand``; self-consumption = 1 - (export + curtailed) / PV, self-sufficiency = 1 - import /
    load (:mod:`game_rules.kpis`), local = PV - export - curtailed."""
    energy = energy_run(district, params)
    hp_heat = energy.hp_heat if energy.hp_heat is not None else np.zeros_like(pv)
    cop = np.divide(hp_heat, energy.heat_pump_el, out=np.ones_like(hp_heat), where=energy.heat_pump_el > 0)
    flows = dispatch(pv, demand, hp_heat, cop, energy.storage if energy.storage is not None else Storage())
    production, load = float(pv.sum()), float(flows.load.sum())
    unused, imported = float(flows.grid_export.sum()), float(flows.grid_import.sum())
    return SharingBalance(production_kwh=production, demand_kwh=load, local_kwh=production - unused,
                          self_consumption=1 - unused / production if production > 0 else 0.0,
                          self_sufficiency=1 - imported / load if load > 0 else 0.0,
                          provenance=prov.model_copy(update={"rule": "sharing.one_node", "source": f"{district.id}: every "
                                                     "building as one node, the cards' storage dispatched on the pooled series"}))


def _beneficiary_kwh(own: np.ndarray, received: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Local kWh each building takes from the scheme [kWh/yr]: own use + received where ``mask``
    (a member), else 0; the arrays' form of :func:`game_rules.scheme_shares.shared_by_beneficiary`,
    so the scheme's balance and the money read one figure."""
    return np.where(mask, own + received, 0.0)


def _groups_text(ids: Sequence[str], result: Sharing, district: District) -> Text:
    """The excluded buildings by group, in words: "New housing (phase 2): 61, New offices: 1"."""
    group_of = {i: b.group for b in result.buildings for i in b.buildings}
    counts: dict[str, int] = {}
    for i in ids:
        counts[group_of.get(i, "")] = counts.get(group_of.get(i, ""), 0) + 1
    labels = {g.id: g.label for g in district.buildings}

    def one(lang: str) -> str:
        return ", ".join(f"{labels[g].get(lang) if g in labels else g}: {fmt.number(n, lang)}" for g, n in counts.items())
    return Text.build(one)


def warnings(result: Sharing, district: District) -> list[Warning]:
    """``warn.share_excluded``: each refusal that kept buildings out, naming the rule and its law."""
    out: list[Warning] = []
    for s in result.schemes:
        for r in s.refused:
            out.append(Warning(code="warn.share_excluded", cards=s.provenance.cards, references=r.references,
                               text=text("warn.share_excluded", scheme=s.label, n=number(len(r.buildings)),
                                         total=number(s.candidates), buildings=_groups_text(r.buildings, result, district),
                                         reason=r.text)))
    return out


def findings(result: Sharing, known: Iterable[RegulatoryFinding]) -> list[RegulatoryFinding]:
    """The refusals as regulatory findings (risks, :func:`game_rules.risks.compute`), except a
    rule the district-level :func:`game_rules.regulation.findings` already reports."""
    seen = {f.rule for f in known}
    out: list[RegulatoryFinding] = []
    for s in result.schemes:
        for r in s.refused:
            if r.rule in seen:
                continue
            seen.add(r.rule)
            out.append(RegulatoryFinding(code=r.code, rule=r.rule, cards=s.provenance.cards, value=r.value, limit=r.limit,
                                         unit=r.unit, legal=r.legal, references=r.references, text=r.text))
    return out
