"""The typed results of a sharing scheme building by building (:mod:`game_rules.schemes`, docs/rules.md,
"Sharing schemes"): each building's local balance, the scheme's members and refusals with their
legal basis, the scheme in each scenario's world and the summary a report shows, as
:class:`game_rules.results.Assessment` carries them (re-exported by :mod:`game_rules.results`).
Units in brackets in each field's description.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from game_rules.provenance import Provenance, _Frozen
from game_rules.texts import Text


class SharingBalance(_Frozen):
    """An annual local balance [kWh/yr]: production, demand, PV used locally, and its two ratios
    [fraction]: self-consumption = local / production, self-sufficiency = local / demand."""

    production_kwh: float
    demand_kwh: float
    local_kwh: float
    self_consumption: float
    self_sufficiency: float
    provenance: Provenance


class BuildingSharing(_Frozen):
    """One building's year [kWh/yr]: its PV used behind its own meter, what the scheme gave it,
    what it fed in, what it still bought; self-consumption = own use / own PV, self-sufficiency
    = (own use + received) / demand [fraction]. Buildings with identical figures (the equal split
    of one group) share one row: ``buildings`` lists their ids, the figures are each one's.
    Provenance: :attr:`Sharing.buildings_provenance`."""

    buildings: tuple[str, ...]
    group: str
    use: str
    pv_owner: str = Field(description="who owns the new PV: the roof owner, or under a roof-lease card the governance "
                          "owner (game_rules.pv_ownership)")
    pv_leased_from: str = Field(default="", description="under a roof-lease card: the roof owner the PV's owner leases "
                                "the roof from (empty: no lease, or the PV's owner owns the roof)")
    occupant: str
    candidate: bool = Field(default=False, description="chosen to take part (participation.share) before the legal "
                            "perimeter: the scheme's ``candidates`` count these buildings")
    member: bool = Field(description="in the scheme after the legal perimeter")
    excluded_by: tuple[str, ...] = Field(default=(), description="rule keys that excluded the building")
    demand_kwh: float
    pv_kwh: float
    own_use_kwh: float
    received_kwh: float
    fed_kwh: float
    residual_kwh: float
    self_consumption: float
    self_sufficiency: float


class SchemeRefusal(_Frozen):
    """A rule that kept buildings out of the scheme: its key, law, sources, the value against
    the limit [unit], the buildings it excluded and the sentence for people."""

    code: str
    rule: str
    legal: str
    references: tuple[str, ...] = ()
    buildings: tuple[str, ...]
    value: float | None = None
    limit: float | None = None
    unit: str = ""
    text: Text


class SchemeSharing(_Frozen):
    """One scheme: legal basis, rules applied, allocation key, members and refusals, balance;
    ``perimeters`` is the number of schemes formed (one per grid connection for Mieterstrom and
    § 42b, else one); ``surcharge_kwh`` the kWh earning the Mieterstromzuschlag [kWh/yr];
    ``battery_cycles`` the community battery's equivalent full cycles [1/yr]."""

    scheme: str
    label: Text
    legal: str
    rules: tuple[str, ...]
    key: Literal["dynamic", "static", "custom"]
    perimeters: int
    candidates: int
    members: tuple[str, ...]
    refused: tuple[SchemeRefusal, ...] = ()
    balance: SharingBalance
    surcharge_kwh: float | None = None
    battery_cycles: float | None = None
    provenance: Provenance


class SchemeWorld(_Frozen):
    """One scheme's outcome in a scenario world: members after the perimeter of the candidates,
    the members' balance, the Mieterstrom kWh earning the surcharge [kWh/yr] and the community
    battery's full cycles [1/yr] (as :class:`SchemeSharing`, without the ids)."""

    scheme: str
    label: Text
    candidates: int
    members: int
    balance: SharingBalance
    surcharge_kwh: float | None = None
    battery_cycles: float | None = None


class GroupSharing(_Frozen):
    """A building group of the district file in the scheme: its buildings, how many are members,
    who owns its PV, and its buildings' summed balance (local = own use + received) [kWh/yr]."""

    group: str
    buildings: int
    members: int
    pv_owner: str
    balance: SharingBalance
    pv_leased_from: str = ""  # the roof owner under a roof-lease card (BuildingSharing.pv_leased_from)


class SharingSummary(_Frozen):
    """The scheme(s), the building groups and the district of a :class:`Sharing`, without the
    building rows: what a scenario world carries (:func:`game_rules.schemes.summary`)."""

    schemes: tuple[SchemeWorld, ...]
    groups: tuple[GroupSharing, ...]
    district: SharingBalance


class Sharing(_Frozen):
    """The table's sharing scheme(s), every building and the district's balance, on the profiles'
    ``time_base``, under the rules in force on ``as_of``; ``placement`` says where the buildings'
    positions, connections and areas come from."""

    schemes: tuple[SchemeSharing, ...]
    buildings: tuple[BuildingSharing, ...]
    buildings_provenance: Provenance = Field(description="cards, rule and sources of every building row")
    district: SharingBalance
    time_base: str
    as_of: str
    provenance: Provenance
    pooled_kwh: float | None = Field(None, description="PV the same buildings would use locally as one node "
                                     "[kWh/yr]: the denominator of the scheme's share of the local kWh in the money "
                                     "(game_rules.scheme_shares)")
    placement: Literal["sites", "assumed", "mixed"] = Field("assumed", description=(
        "sites: every building at a site of the district file (real positions, connections, quarters, DSO areas); "
        "assumed: on an assumed square grid across the district perimeter, each behind its own connection, one "
        "quarter, one DSO area; mixed: sites where the file gives them, the assumed grid for the other groups"))
    one_node: SharingBalance | None = Field(None, description=(
        "the same buildings as one node, the cards' storage dispatched on their pooled hourly series: "
        "self-consumption = 1 - (export + curtailed) / PV, self-sufficiency = 1 - import / load, the "
        "district KPIs' definitions (game_rules.kpis); None for buildings given instead of the district file"))
