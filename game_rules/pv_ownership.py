"""Who owns each new asset: the building it sits in decides, unless a card says otherwise.

A measure's investment (its CAPEX share, the matching share of the financing, O&M, replacements
and residual value) belongs to the owner of the asset it sits in, and so do the asset's revenues
(docs/rules.md, "Who owns the PV" and "Who owns the other assets"):

* **Default (roof ownership).** New roof PV [kWp] of a building group = its roof area [m²] x
  (``pv.roof_use`` x ``pv.kwp_per_m2`` with the cards - the same in the reference), so the new
  kWp on each owner's roofs are pro rata to its roof area (the district's existing PV is spread
  over the roofs alike, as :mod:`game_rules.buildings` lays it out). The group's ``owner``
  (housing company, homeowners, city, SMEs ...) owns that PV: it invests in it and earns what it
  yields. Solar thermal collectors sit on the roofs too: pro rata to roof area. PV not on a roof
  (``pv.kwp_extra``: carports, ground) belongs to the governance card's owner
  (:class:`game_rules.governance.Roles`).
* **Building measures.** Façade PV (``bipv.kwp``) belongs to the building owners pro rata to
  floor area (:mod:`game_rules.buildings` lays it on the façades so); the envelope retrofit to
  the owners of the retrofitted buildings (energy class D or worse, pro rata to floor area, as
  :func:`game_rules.capital.capex_items` sizes it); heat pumps to the owners of the buildings
  whose fossil heating they replace, pro rata to the fossil heat left after the retrofit (as
  :func:`game_rules.modernisation.levies` splits their cost). The occupants keep the savings
  (``bills_avoided``); a landlord recovers part through the modernisation levy.
* **Community assets** (battery, heat store, district-heating connections, smart meters,
  chargers, shared cars, the set-up) belong to the governance owner.
* **Roof lease** (a card with ``effects.pv_ownership: roof_lease``, :class:`cards.effects.Effects`):
  the governance owner builds and owns all new roof and façade PV and the solar collectors and
  pays every other building owner a roof lease (Dachpacht, location de toiture) = the new kWp on
  its roofs and façades x ``pv.roof_lease_eur_per_kwp`` [EUR/yr], fixed in EUR over the contract
  (:data:`LEASE_RULE`).
* **Performance contracting** (a card tagged :data:`ESCO_TAGS`: HOW-09 shared savings, GOV-08
  the ESCO as governance owner): the ESCO invests in the retrofit and the heat pumps and is paid
  from the savings (HOW-09's flow); with a guaranteed-savings contract (HOW-10) the building
  owners invest and the ESCO guarantees for a fee, so the default rule holds.

Shapes: :attr:`PvOwnership.kwp` maps a stakeholder to the new kWp it owns; :meth:`PvOwnership.item_shares`
splits a CAPEX item between owners [fractions summing to 1] (a stakeholder id -> fraction); :func:`capex_shares` gives each
stakeholder's share of the whole CAPEX, which also splits the financing (gap, loans' service)
and the assets' O&M, replacements and residual values. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.effects import Stakeholder
from cards.model import Card
from game_rules.districts import District
from game_rules.energy import RETROFIT_CLASSES
from game_rules.params import Params
from game_rules.results import CapexItem, Sharing

#: Heating systems a heat pump replaces (as :mod:`game_rules.modernisation` counts them).
FOSSIL_HEATING = frozenset({"gas_boiler", "oil_boiler"})
#: The card attribute value that leases the roofs to the governance owner.
ROOF_LEASE = "roof_lease"
#: The provenance rule name of the roof lease flow (fixed in EUR, :mod:`game_rules.financing`).
LEASE_RULE = "roof_lease"
#: CAPEX items whose asset is the PV on the roofs (and beside them): split by :meth:`PvOwnership.item_shares`.
ROOF_ITEM = "pv"
#: CAPEX items on the roofs other than PV: split pro rata to roof area (leased with the roofs).
ROOF_AREA_ITEMS = frozenset({"solar_thermal"})
#: Façade PV: the building owners' pro rata to floor area (leased with the roofs).
FACADE_ITEM = "bipv"
#: Measures in the buildings an ESCO invests in under performance contracting.
BUILDING_ITEMS = frozenset({"retrofit", "heat_pumps"})
#: Card tags of a performance contract in which the ESCO invests and is paid from the savings.
ESCO_TAGS = frozenset({"shared_savings", "performance_contract"})

Weights = tuple[tuple[Stakeholder, float], ...]


def _normalised(weights: Weights) -> dict[str, float]:
    """``weights`` summed per stakeholder and scaled to 1 (empty when they sum to 0)."""
    out: dict[str, float] = {}
    for who, w in weights:
        if w > 0:
            out[who.value] = out.get(who.value, 0.0) + w
    total = sum(out.values())
    return {k: v / total for k, v in out.items()} if total > 0 else {}


@dataclass(frozen=True)
class PvOwnership:
    """Who owns the new PV of one outcome.

    ``owner``: the governance owner; ``roof_kwp``: new roof kWp per roof owner (who owns the
    roof); ``other_kwp``: new kWp off the roofs (``pv.kwp_extra``); ``facade_kwp``: new façade
    kWp (``bipv.kwp``); ``lease_cards``: the cards that lease the roofs (empty: roof ownership);
    ``lease_rate`` [EUR/kWp/yr]. Weights per building owner (any unit, normalised per item):
    ``roof_area`` [m²], ``floor_area`` [m², façades], ``retrofit_area`` [m² in class D or
    worse], ``fossil_heat`` [kWh/yr of fossil heat left]; ``esco``: the ESCO investing in the
    building measures under performance contracting (None: the building owners)."""

    owner: Stakeholder
    roof_kwp: tuple[tuple[Stakeholder, float], ...]
    other_kwp: float = 0.0
    facade_kwp: float = 0.0
    lease_cards: tuple[str, ...] = ()
    lease_rate: float = 0.0
    roof_area: Weights = ()
    floor_area: Weights = ()
    retrofit_area: Weights = ()
    fossil_heat: Weights = ()
    esco: Stakeholder | None = None

    @property
    def leased(self) -> bool:
        return bool(self.lease_cards)

    @property
    def kwp(self) -> dict[str, float]:
        """New kWp each stakeholder owns [kWp]: roof and façade owners theirs (all the owner's under a lease)."""
        out = {self.owner.value: self.other_kwp}
        for who, kwp in self._building_kwp().items():
            key = self.owner.value if self.leased else who
            out[key] = out.get(key, 0.0) + kwp
        return {k: v for k, v in out.items() if v > 0}

    def _building_kwp(self) -> dict[str, float]:
        """New roof and façade kWp per building owner [kWp] (façade kWp pro rata to floor area;
        the governance owner's when no building is given)."""
        out: dict[str, float] = {}
        for roof_owner, kwp in self.roof_kwp:
            out[roof_owner.value] = out.get(roof_owner.value, 0.0) + kwp
        facades = _normalised(self.floor_area) or {self.owner.value: 1.0}
        for facade_owner, share in facades.items():
            out[facade_owner] = out.get(facade_owner, 0.0) + self.facade_kwp * share
        return out

    def output_shares(self) -> dict[str, float]:
        """Each owner's share of the new PV's output [fraction] (pro rata to kWp; all roof and
        façade PV share one yield per kWp at the district level)."""
        owned = self.kwp
        total = sum(owned.values())
        return {k: v / total for k, v in owned.items()} if total > 0 else {self.owner.value: 1.0}

    def item_shares(self, item: str) -> dict[str, float]:
        """How CAPEX item ``item`` splits between owners [fraction] (module doc): the roof PV
        item by the new kWp of roofs and beside them, solar collectors by roof area and façade
        PV by floor area (all the governance owner's under a roof lease); the retrofit and the
        heat pumps by the buildings' owners (the ESCO's under performance contracting); every
        other asset is the governance owner's."""
        whole = {self.owner.value: 1.0}
        if item in BUILDING_ITEMS:
            if self.esco is not None:
                return {self.esco.value: 1.0}
            return _normalised(self.retrofit_area if item == "retrofit" else self.fossil_heat) or whole
        if self.leased:
            return whole
        if item == FACADE_ITEM:
            return _normalised(self.floor_area) or whole
        if item in ROOF_AREA_ITEMS:
            return _normalised(self.roof_area) or whole
        if item != ROOF_ITEM:
            return whole
        out = {self.owner.value: self.other_kwp}
        for who, kwp in self.roof_kwp:
            out[who.value] = out.get(who.value, 0.0) + kwp
        total = sum(out.values())
        return {k: v / total for k, v in out.items() if v > 0} if total > 0 else {self.owner.value: 1.0}

    def leases(self) -> dict[str, float]:
        """Leased new roof and façade kWp per building owner other than the governance owner
        [kWp] (empty without a lease)."""
        if not self.leased:
            return {}
        return {who: kwp for who, kwp in self._building_kwp().items() if who != self.owner.value and kwp > 0}

    def invests_in_own_buildings(self, who: Stakeholder) -> bool:
        """Whether building owner ``who`` pays for the retrofit and heat pumps of its buildings
        (not under performance contracting, where the ESCO does)."""
        return self.esco is None or self.esco is who


def lease_cards(cards: Sequence[Card]) -> tuple[str, ...]:
    """The cards on the table that lease the roofs (``effects.pv_ownership: roof_lease``)."""
    return tuple(c.id for c in cards if c.effects.pv_ownership == ROOF_LEASE)


def esco_cards(cards: Sequence[Card]) -> tuple[str, ...]:
    """The cards on the table under which an ESCO invests in the building measures (:data:`ESCO_TAGS`)."""
    return tuple(c.id for c in cards if ESCO_TAGS & set(c.effects.tags))


def pv_ownership(district: District, params: Params, reference: Params, owner: Stakeholder,
                 cards: Sequence[Card] = ()) -> PvOwnership:
    """Who owns the new assets of ``params`` against ``reference`` (module doc).

    New roof kWp of a group = roof area [m²] x max(roof_use x kWp/m² - the reference's, 0);
    off-roof kWp = max(``pv.kwp_extra`` - the reference's, 0); façade = ``bipv.kwp`` (the
    reference builds none, as :func:`game_rules.financing.capex_items` counts it). Retrofit
    weights: floor area of the groups in :data:`game_rules.energy.RETROFIT_CLASSES`; heat-pump
    weights: heat of the gas- and oil-heated groups x (1 - retrofit.share x retrofit.saving
    where retrofitted)."""
    density = params["pv.roof_use"] * params["pv.kwp_per_m2"] - reference["pv.roof_use"] * reference["pv.kwp_per_m2"]
    retrofit_left = 1 - params["retrofit.share"] * params["retrofit.saving"]
    roof: dict[Stakeholder, float] = {}
    for group in district.buildings:
        roof[group.owner] = roof.get(group.owner, 0.0) + group.roof_area_m2 * max(density, 0.0)
    leasing = lease_cards(cards)
    contracted = esco_cards(cards)
    return PvOwnership(owner=owner, roof_kwp=tuple(roof.items()),
                       other_kwp=max(params["pv.kwp_extra"] - reference["pv.kwp_extra"], 0.0),
                       facade_kwp=max(params["bipv.kwp"], 0.0), lease_cards=leasing,
                       lease_rate=params["pv.roof_lease_eur_per_kwp"] if leasing else 0.0,
                       roof_area=tuple((g.owner, g.roof_area_m2) for g in district.buildings),
                       floor_area=tuple((g.owner, g.floor_area_m2) for g in district.buildings),
                       retrofit_area=tuple((g.owner, g.floor_area_m2) for g in district.buildings
                                           if g.energy_class in RETROFIT_CLASSES),
                       fossil_heat=tuple((g.owner, g.heat_kwh * (retrofit_left if g.energy_class in RETROFIT_CLASSES else 1.0))
                                         for g in district.buildings if g.heating in FOSSIL_HEATING),
                       esco=Stakeholder.ESCO if contracted else None)


def whole_owner(owner: Stakeholder) -> PvOwnership:
    """Everything owned by ``owner`` (no split by buildings): for callers that have no district at hand."""
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


def lessee_view(sharing: Sharing, pv: PvOwnership) -> Sharing:
    """``sharing`` with each building row's PV owner as the money sees it: under a roof lease the
    governance owner, ``pv_leased_from`` the roof owner; unchanged without a lease."""
    if not pv.leased:
        return sharing
    rows = tuple(b.model_copy(update={"pv_owner": pv.owner.value, "pv_leased_from": b.pv_owner})
                 if b.pv_owner != pv.owner.value else b for b in sharing.buildings)
    return sharing.model_copy(update={"buildings": rows})
