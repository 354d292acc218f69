"""Who owns the new PV: the roof it sits on decides, unless a card leases the roofs.

Investment and revenue of each new kWp go to the same stakeholder (docs/rules.md, "Who owns the PV"):

* **Default (roof ownership).** New roof PV [kWp] of a building group = its roof area [m²] x
  (``pv.roof_use`` x ``pv.kwp_per_m2`` with the cards - the same in the reference), so the new
  kWp on each owner's roofs are pro rata to its roof area (the district's existing PV is spread
  over the roofs alike, as :mod:`game_rules.buildings` lays it out). The group's ``owner``
  (housing company, homeowners, city, SMEs ...) owns that PV: it invests in it and earns what it
  yields. PV not on a roof (``pv.kwp_extra``: carports, ground) and façade PV (``bipv.kwp``)
  belong to the governance card's owner (:class:`game_rules.governance.Roles`).
* **Roof lease** (a card with ``effects.pv_ownership: roof_lease``, :class:`cards.effects.Effects`):
  the governance owner builds and owns all new PV and pays every other roof owner a roof lease
  (Dachpacht, location de toiture) = the new kWp on its roofs x ``pv.roof_lease_eur_per_kwp``
  [EUR/yr], fixed in EUR over the contract (:data:`LEASE_RULE`).

Shapes: :attr:`PvOwnership.kwp` maps a stakeholder to the new kWp it owns; :meth:`PvOwnership.item_shares`
splits a CAPEX item between owners [fractions summing to 1]; :func:`capex_shares` gives each
stakeholder's share of the whole CAPEX, which also splits the financing (gap, loans' service)
and the assets' O&M, replacements and residual values. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.effects import Stakeholder
from cards.model import Card
from game_rules.districts import District
from game_rules.params import Params
from game_rules.results import CapexItem

#: The card attribute value that leases the roofs to the governance owner.
ROOF_LEASE = "roof_lease"
#: The provenance rule name of the roof lease flow (fixed in EUR, :mod:`game_rules.financing`).
LEASE_RULE = "roof_lease"
#: CAPEX items whose asset is the PV on the roofs (and beside them): split by :meth:`PvOwnership.item_shares`.
ROOF_ITEM = "pv"


@dataclass(frozen=True)
class PvOwnership:
    """Who owns the new PV of one outcome.

    ``owner``: the governance owner; ``roof_kwp``: new roof kWp per roof owner (who owns the
    roof); ``other_kwp``: new kWp off the roofs (``pv.kwp_extra``); ``facade_kwp``: new façade
    kWp (``bipv.kwp``); ``lease_cards``: the cards that lease the roofs (empty: roof ownership);
    ``lease_rate`` [EUR/kWp/yr]."""

    owner: Stakeholder
    roof_kwp: tuple[tuple[Stakeholder, float], ...]
    other_kwp: float = 0.0
    facade_kwp: float = 0.0
    lease_cards: tuple[str, ...] = ()
    lease_rate: float = 0.0

    @property
    def leased(self) -> bool:
        return bool(self.lease_cards)

    @property
    def kwp(self) -> dict[str, float]:
        """New kWp each stakeholder owns [kWp]: roof owners theirs (all the owner's under a lease)."""
        out = {self.owner.value: self.other_kwp + self.facade_kwp}
        for who, kwp in self.roof_kwp:
            key = self.owner.value if self.leased else who.value
            out[key] = out.get(key, 0.0) + kwp
        return {k: v for k, v in out.items() if v > 0}

    def output_shares(self) -> dict[str, float]:
        """Each owner's share of the new PV's output [fraction] (pro rata to kWp; all roof and
        façade PV share one yield per kWp at the district level)."""
        owned = self.kwp
        total = sum(owned.values())
        return {k: v / total for k, v in owned.items()} if total > 0 else {self.owner.value: 1.0}

    def item_shares(self, item: str) -> dict[str, float]:
        """How CAPEX item ``item`` splits between owners [fraction]: the roof PV item by the
        new kWp of roofs and beside them (façade PV is its own item); every other asset is the
        governance owner's."""
        if item != ROOF_ITEM or self.leased:
            return {self.owner.value: 1.0}
        out = {self.owner.value: self.other_kwp}
        for who, kwp in self.roof_kwp:
            out[who.value] = out.get(who.value, 0.0) + kwp
        total = sum(out.values())
        return {k: v / total for k, v in out.items() if v > 0} if total > 0 else {self.owner.value: 1.0}

    def leases(self) -> dict[str, float]:
        """Leased new kWp per roof owner other than the governance owner [kWp] (empty without a lease)."""
        if not self.leased:
            return {}
        out: dict[str, float] = {}
        for who, kwp in self.roof_kwp:
            if who is not self.owner and kwp > 0:
                out[who.value] = out.get(who.value, 0.0) + kwp
        return out


def lease_cards(cards: Sequence[Card]) -> tuple[str, ...]:
    """The cards on the table that lease the roofs (``effects.pv_ownership: roof_lease``)."""
    return tuple(c.id for c in cards if c.effects.pv_ownership == ROOF_LEASE)


def pv_ownership(district: District, params: Params, reference: Params, owner: Stakeholder,
                 cards: Sequence[Card] = ()) -> PvOwnership:
    """Who owns the new PV of ``params`` against ``reference`` (module doc).

    New roof kWp of a group = roof area [m²] x max(roof_use x kWp/m² - the reference's, 0);
    off-roof kWp = max(``pv.kwp_extra`` - the reference's, 0); façade = ``bipv.kwp`` (the
    reference builds none, as :func:`game_rules.financing.capex_items` counts it)."""
    density = params["pv.roof_use"] * params["pv.kwp_per_m2"] - reference["pv.roof_use"] * reference["pv.kwp_per_m2"]
    roof: dict[Stakeholder, float] = {}
    for group in district.buildings:
        roof[group.owner] = roof.get(group.owner, 0.0) + group.roof_area_m2 * max(density, 0.0)
    leasing = lease_cards(cards)
    return PvOwnership(owner=owner, roof_kwp=tuple(roof.items()),
                       other_kwp=max(params["pv.kwp_extra"] - reference["pv.kwp_extra"], 0.0),
                       facade_kwp=max(params["bipv.kwp"], 0.0), lease_cards=leasing,
                       lease_rate=params["pv.roof_lease_eur_per_kwp"] if leasing else 0.0)


def whole_owner(owner: Stakeholder) -> PvOwnership:
    """Everything owned by ``owner`` (no new roof PV split): the rule before roof ownership, for
    callers that have no district at hand."""
    return PvOwnership(owner=owner, roof_kwp=())


def capex_shares(items: Sequence[CapexItem], pv: PvOwnership) -> dict[str, float]:
    """Each stakeholder's share of the whole CAPEX [fraction, sums to 1]: the sum over items of
    amount x :meth:`PvOwnership.item_shares` over the CAPEX. The financing follows it (gap,
    loans' service) because every source pays for the project as a whole."""
    total = sum(i.amount for i in items)
    if total <= 0:
        return {pv.owner.value: 1.0}
    out: dict[str, float] = {}
    for item in items:
        for who, share in pv.item_shares(item.item).items():
            out[who] = out.get(who, 0.0) + item.amount * share / total
    return out
