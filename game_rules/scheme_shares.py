"""Shared kWh by beneficiary: the one figure the sharing scheme's energy and its money both read.

:func:`game_rules.schemes.sharing` decides, building by building, who may share and how much
local PV each member uses (own use behind its meter + what the scheme allocates it). This module
turns that result into what the value flows need (:mod:`game_rules.flows`,
:mod:`game_rules.financing`), so energy and money cannot disagree:

* :func:`shared_by_beneficiary` [kWh/yr per building id]: a member's own use + received; a
  building outside the scheme (not a candidate, or excluded by a legal perimeter, the power cap
  or the regime) 0. Its sum is the scheme's ``balance.local_kwh`` (the energy KPI; tested).
* :class:`SchemeShares`: the scheme's share of the local kWh,
  ``share`` = Σ beneficiaries / ``pooled_kwh``, where ``pooled_kwh`` = Σ_t min(Σ_i pv, Σ_i demand)
  is what the same buildings would use locally as one node, the district model's view
  (:mod:`game_rules.energy`). The flows count ``share`` x the district model's new local kWh as
  the participants' (bills avoided), the rest, excluded buildings' and what the perimeter
  cannot place, as export at the feed-in tariff (the regime's payment for an exported kWh).
  ``surcharge_share`` = kWh earning the Mieterstromzuschlag / ``pooled_kwh``: only kWh used in
  the residential PV building or residential buildings of its quarter without the public grid
  earn it (§ 21 Abs. 3 EEG 2023, ref:eeg-2023-21). ``occupants``: each occupant stakeholder's
  part of the beneficiaries' kWh, the key that splits the PV part of ``bills_avoided`` and the
  card flows priced on local kWh, so an excluded building's occupants neither save nor pay.

Why a share and not the kWh themselves: the buildings carry the same loads and PV as the district
model (:func:`game_rules.buildings.buildings_for_run`), but the bills come from the district
model with its storage, while the scheme's kWh and ``pooled_kwh`` are counted without it; so the
district model's new local kWh are split by the scheme's share (approximation stated in
docs/rules.md, "Money follows the scheme").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cards.effects import Stakeholder
from game_rules.governance import Roles
from game_rules.params import Params
from game_rules.results import Sharing


@dataclass(frozen=True)
class SchemeShares:
    """What the value flows read from one scheme (module doc).

    ``beneficiaries``: (building id, kWh/yr) of the members; ``local_kwh`` their sum [kWh/yr];
    ``surcharge_kwh`` the part earning the Mieterstromzuschlag (0 outside Mieterstrom)
    [kWh/yr]; ``pooled_kwh`` the one-node local use of the same buildings [kWh/yr];
    ``occupants``: (occupant stakeholder, share of ``local_kwh``) [fraction, sums to 1 when any
    kWh is shared]; ``members``/``candidates`` counts; ``cards``, ``references`` of the scheme.
    """

    scheme: str
    legal: str
    beneficiaries: tuple[tuple[str, float], ...]
    local_kwh: float
    surcharge_kwh: float
    pooled_kwh: float
    occupants: tuple[tuple[str, float], ...]
    members: int
    candidates: int
    cards: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def share(self) -> float:
        """The scheme's share of the district's local kWh [fraction, 0-1]."""
        return min(max(self.local_kwh / self.pooled_kwh, 0.0), 1.0) if self.pooled_kwh > 0 else 0.0

    @property
    def surcharge_share(self) -> float:
        """The share of the district's local kWh earning the Mieterstromzuschlag [fraction, 0-1]."""
        return min(max(self.surcharge_kwh / self.pooled_kwh, 0.0), 1.0) if self.pooled_kwh > 0 else 0.0

    def note(self) -> str:
        """The rule text the flows append (members and kWh, for the provenance; the scheme's law is
        in its references): one catalog term (``report:term.scheme_share``)."""
        return (f"new local PV counted for the scheme's members only: {self.members} of {self.candidates} candidate "
                f"buildings share {self.local_kwh:,.0f} of {self.pooled_kwh:,.0f} kWh/yr used locally "
                f"({self.share * 100:.0f} %)")


def shared_by_beneficiary(result: Sharing) -> dict[str, float]:
    """Local kWh each building takes from the table's scheme [kWh/yr]: own use + received for a
    member, 0 for every other building (module doc). Buildings of a collapsed row each get the
    row's figures (:class:`~game_rules.results.BuildingSharing`)."""
    return {i: (b.own_use_kwh + b.received_kwh) if b.member else 0.0 for b in result.buildings for i in b.buildings}


def scheme_shares(result: Sharing | None) -> SchemeShares | None:
    """The flows' view of ``result``'s scheme (module doc); None without a scheme (every building
    on its own PV behind its meter: the flows then keep ``participation.share``) or without
    :attr:`~game_rules.results.Sharing.pooled_kwh`."""
    if result is None or not result.schemes or result.pooled_kwh is None:
        return None
    scheme = result.schemes[0]
    kwh = shared_by_beneficiary(result)
    occupant_of = {i: b.occupant for b in result.buildings for i in b.buildings}
    total = sum(kwh.values())
    by_occupant: dict[str, float] = {}
    for i, value in kwh.items():
        if value > 0:
            by_occupant[occupant_of[i]] = by_occupant.get(occupant_of[i], 0.0) + value
    return SchemeShares(
        scheme=scheme.scheme, legal=scheme.legal, beneficiaries=tuple((i, v) for i, v in kwh.items() if v > 0),
        local_kwh=total, surcharge_kwh=scheme.surcharge_kwh or 0.0, pooled_kwh=result.pooled_kwh,
        occupants=tuple((who, v / total) for who, v in by_occupant.items()) if total > 0 else (),
        members=len(scheme.members), candidates=scheme.candidates, cards=scheme.provenance.cards,
        references=scheme.provenance.references)


def in_scheme_share(params: Params, scheme: SchemeShares | None) -> float:
    """The share of the district's new local kWh that reaches the scheme's members [fraction]:
    the scheme's own share (:class:`game_rules.scheme_shares.SchemeShares`: after the legal
    perimeter, the power cap and the regime) when the table has one, else ``participation.share``
    (self-consumption behind the meter, unchanged)."""
    return scheme.share if scheme is not None else params["participation.share"]


def surcharge_share(params: Params, scheme: SchemeShares | None) -> float:
    """The share of the new local kWh earning the Mieterstromzuschlag [fraction]: only kWh used in
    the residential PV building or residential buildings of its quarter without the public grid
    (§ 21 Abs. 3 EEG 2023); without a scheme result, as ``local_new_kwh``."""
    return scheme.surcharge_share if scheme is not None else params["participation.share"]


def bill_shares(roles: Roles, scheme: SchemeShares | None, saved: float, pv_part: float) -> list[tuple[str, float]]:
    """Each occupant's share of ``bills_avoided`` [fraction of ``saved``]: by share of demand
    (:func:`game_rules.governance.occupant_shares`), except that with a scheme the part bought by
    the members' new local kWh (``pv_part`` [EUR/yr]: those kWh x what they avoid) goes to the
    occupants of the buildings receiving them (:attr:`SchemeShares.occupants`), so a building the
    perimeter excludes saves nothing on local PV."""
    if scheme is None or not scheme.occupants or abs(saved) < 1e-9:
        return [(who.value, share) for who, share in roles.occupants]
    out: dict[str, float] = {}
    for who, share in roles.occupants:
        out[who.value] = (saved - pv_part) * share
    for who_name, share in scheme.occupants:
        out[who_name] = out.get(who_name, 0.0) + pv_part * share
    return [(who_name, amount / saved) for who_name, amount in out.items()]


def scheme_roles(roles: Roles, scheme: SchemeShares | None) -> Roles:
    """``roles`` with the occupants split by the scheme's beneficiaries (:attr:`SchemeShares.occupants`):
    the key for card flows priced on the members' local kWh, as :func:`bill_shares` splits the
    saving those kWh buy. Unchanged without a scheme or shared kWh."""
    if scheme is None or not scheme.occupants:
        return roles
    return replace(roles, occupants=tuple((Stakeholder(who), share) for who, share in scheme.occupants))
