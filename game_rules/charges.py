"""Grid fees, levies and taxes on local kWh by sharing regime, and the supplier's margin.

A household's electricity price P [EUR/kWh, incl. VAT v] is a stack (BDEW Strompreisanalyse
2025 for Germany, ref:bdew-strompreis-2025; CRE TRVE cost stacking for France, ref:cre-trve-2025):

    P / (1 + v) = grid fee g + levies and taxes l + energy procurement c + supplier margin m

(``g`` from the district's tariffs, ``tariff.grid_fee``; ``l`` and ``c`` from
``game_rules/data/price_components.yaml``; ``m`` is what remains).

**Which charges a local kWh still bears** depends on whether it crosses the public grid:

* behind the meter (individual self-consumption), Mieterstrom (§42a EnWG) and shared building
  supply (§42b EnWG): no grid fee, no grid-linked levies, no concession fee, no electricity tax
  (ref:mieterstrom-kostenbestandteile-2018, ref:mieterstromgesetz-begruendung-2017), so the
  kWh avoids the whole retail price;
* energy sharing (§42c EnWG, ref:enwg-42c, ref:recht-energisch-42c-2026) and French collective
  self-consumption (ACC, Code de l'énergie L315-2, ref:code-energie-l315-2): the shared kWh is
  withdrawn from the public grid, so g and l (and VAT on them) are still paid; it avoids only the
  energy part, P - (g + l) (1 + v).

**The supplier's exposure** to a kWh it no longer sells is its margin m, not P: it stops passing
on VAT, grid fee and levies and stops buying the energy (c). Rules in docs/rules.md, "Finance".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from cards.model import Card
from game_rules.cashflow import Sourced
from game_rules.districts import District
from game_rules.params import Params

PRICE_FILE = Path(__file__).parent / "data" / "price_components.yaml"


class SharingRegime(StrEnum):
    """How new local PV reaches the participants."""

    SELF_CONSUMPTION = "self_consumption"  # behind the meter, no scheme card
    MIETERSTROM = "mieterstrom"  # §42a EnWG, within the building or Quartier, no public grid
    BUILDING_SUPPLY = "building_supply"  # §42b EnWG gemeinschaftliche Gebäudeversorgung
    ENERGY_SHARING = "energy_sharing"  # §42c EnWG, over the public grid
    ACC = "acc"  # French autoconsommation collective, over the public grid

    @property
    def uses_public_grid(self) -> bool:
        return self in (SharingRegime.ENERGY_SHARING, SharingRegime.ACC)


#: Legal basis of each regime, for provenance.
BASIS: dict[SharingRegime, tuple[str, tuple[str, ...]]] = {
    SharingRegime.SELF_CONSUMPTION: ("behind-the-meter self-consumption: no grid fee, levy or electricity tax",
                                     ("mieterstromgesetz-begruendung-2017",)),
    SharingRegime.MIETERSTROM: ("Mieterstrom (§42a EnWG): no public grid, so no grid fee, grid levies, concession fee or electricity tax",
                                ("enwg-42a", "mieterstrom-kostenbestandteile-2018", "mieterstromgesetz-begruendung-2017")),
    SharingRegime.BUILDING_SUPPLY: ("shared building supply (§42b EnWG): no public grid, so no grid fee or grid levies",
                                    ("enwg-42b", "mieterstrom-kostenbestandteile-2018")),
    SharingRegime.ENERGY_SHARING: ("energy sharing (§42c EnWG): shared kWh cross the public grid and bear grid fees, levies and taxes",
                                   ("enwg-42c", "recht-energisch-42c-2026")),
    SharingRegime.ACC: ("collective self-consumption (ACC, Code de l'énergie L315-2): allocated kWh cross the public grid and bear TURPE and the excise",
                        ("code-energie-l315-2", "accise-electricite-2025")),
}

#: Energy sharing in a district of no shipped national regime: the EU's right to share (RED II art. 22).
_EU_SHARING = ("energy sharing (RED II art. 22): shared kWh cross the public grid and bear grid fees, levies and taxes",
               ("red-ii-art-22",))


def legal_basis(regime: SharingRegime, district: District) -> tuple[str, tuple[str, ...]]:
    """The phrase and reference ids of ``regime``'s legal basis in ``district``: :data:`BASIS`,
    except that energy sharing in a district of the generic EU regime rests on the EU directive,
    not on § 42c EnWG (a national law is cited only in its own country)."""
    if regime is SharingRegime.ENERGY_SHARING and district.regime not in ("DE",):
        return _EU_SHARING
    return BASIS[regime]


#: Card tags that name a sharing scheme explicitly (governance and "how" cards).
_GRID_TAGS = frozenset({"energy_sharing", "collective_self_consumption"})
#: A generic "local green power" card takes the country's grid-based scheme.
_GENERIC_TAG = "local_green_power"


def sharing_regime(cards: Iterable[Card], district: District) -> SharingRegime:
    """The scheme new local PV is shared under, from the cards on the table and the regime.

    An explicit grid-based scheme (energy sharing, PMO/ACC) wins, being the conservative case
    for charges; then Mieterstrom, then §42b building supply; a generic local-power card alone
    takes the country's grid-based scheme (ACC in France, §42c in Germany and the generic EU
    district); without any of these, self-consumption behind the meter."""
    cards = tuple(cards)
    explicit = [c for c in cards if _GENERIC_TAG not in c.effects.tags]
    tags = {t for c in explicit for t in c.effects.tags}
    grid = SharingRegime.ACC if district.regime == "FR" else SharingRegime.ENERGY_SHARING
    if tags & _GRID_TAGS:
        return grid
    if "mieterstrom" in tags:
        return SharingRegime.MIETERSTROM
    if "shared_building_supply" in tags:
        return SharingRegime.BUILDING_SUPPLY
    if any(_GENERIC_TAG in c.effects.tags for c in cards):
        return grid
    return SharingRegime.SELF_CONSUMPTION


class GasPrices(BaseModel):
    """Share of the gross gas price passed on (network, taxes, levies, VAT) and procurement [EUR/kWh]."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pass_through_share: Sourced
    procurement: Sourced


class HeatPrices(BaseModel):
    """Share of the district-heat price that pays generation, network operation and VAT."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cost_share: Sourced


class RegimePrices(BaseModel):
    """VAT [fraction], levies and taxes [EUR/kWh net] and energy procurement [EUR/kWh] of one
    regime's electricity; its gas and district-heat cost shares."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vat: Sourced
    levies: dict[str, Sourced]
    procurement: Sourced
    gas: GasPrices
    district_heat: HeatPrices

    @property
    def levies_eur_per_kwh(self) -> float:
        return sum(item.value for item in self.levies.values())

    def references(self) -> tuple[str, ...]:
        parts = (self.vat, self.procurement, *self.levies.values())
        return tuple(dict.fromkeys(r for p in parts for r in p.references))

    def heat_references(self) -> tuple[str, ...]:
        parts = (self.gas.pass_through_share, self.gas.procurement, self.district_heat.cost_share)
        return tuple(dict.fromkeys(r for p in parts for r in p.references))


@lru_cache(maxsize=1)
def price_components() -> dict[str, RegimePrices]:
    """``price_components.yaml`` by regime (FR, DE, EU), validated; ``ValueError`` names the entry."""
    try:
        raw = yaml.safe_load(PRICE_FILE.read_text(encoding="utf-8"))
        return {regime: RegimePrices.model_validate(entry) for regime, entry in raw.items()}
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"{PRICE_FILE.name}: {where}") from None


def prices_for(district: District) -> RegimePrices:
    """The price components of the district's regime (the generic EU ones for another regime)."""
    table = price_components()
    return table.get(district.regime, table["EU"])


@dataclass(frozen=True)
class PriceStack:
    """One kWh of household electricity taken apart [EUR/kWh]; ``retail`` incl. VAT, the rest net."""

    retail: float
    vat_rate: float
    grid_fee: float
    levies: float
    procurement: float
    references: tuple[str, ...]

    @property
    def net(self) -> float:
        return self.retail / (1 + self.vat_rate)

    @property
    def vat(self) -> float:
        return self.retail - self.net

    @property
    def margin(self) -> float:
        """The supplier's margin (sales costs and profit) [EUR/kWh]: net - grid fee - levies -
        procurement; never below 0 (a price that does not cover its components has no margin)."""
        return max(self.net - self.grid_fee - self.levies - self.procurement, 0.0)

    def charges_kept(self, regime: SharingRegime) -> float:
        """What a local kWh still pays to the grid and the state [EUR/kWh incl. VAT]:
        (grid fee + levies) x (1 + VAT) when it crosses the public grid, else 0."""
        return (self.grid_fee + self.levies) * (1 + self.vat_rate) if regime.uses_public_grid else 0.0

    def avoided(self, regime: SharingRegime) -> float:
        """What a local kWh saves a participant against the retail price [EUR/kWh]."""
        return max(self.retail - self.charges_kept(regime), 0.0)


def price_stack(district: District, params: Params) -> PriceStack:
    """The retail price of ``params`` (``tariff.electricity``, ``tariff.grid_fee``) taken apart
    with the regime's levies, VAT and procurement cost."""
    prices = prices_for(district)
    return PriceStack(retail=params["tariff.electricity"], vat_rate=prices.vat.value, grid_fee=params["tariff.grid_fee"],
                      levies=prices.levies_eur_per_kwh, procurement=prices.procurement.value,
                      references=prices.references())


@dataclass(frozen=True)
class HeatMargins:
    """The supplier's margin [EUR/kWh] on gas and on district heat, with what it passes on."""

    gas_price: float  # incl. the carbon price [EUR/kWh]
    gas_pass_through: float  # network, taxes, levies, VAT and the carbon price [EUR/kWh]
    gas_procurement: float
    heat_price: float
    heat_cost: float  # generation, network operation, VAT [EUR/kWh]
    references: tuple[str, ...]

    @property
    def gas(self) -> float:
        return max(self.gas_price - self.gas_pass_through - self.gas_procurement, 0.0)

    @property
    def heat(self) -> float:
        return max(self.heat_price - self.heat_cost, 0.0)


def heat_margins(district: District, params: Params) -> HeatMargins:
    """Gas: price p_g (+ carbon price), of which ``pass_through_share`` x p_g and the carbon
    price are passed on and ``procurement`` is bought in (BDEW Gaspreisanalyse 2025,
    ref:bdew-gaspreis-2025-components); district heat: ``cost_share`` x p_heat pays generation,
    network and VAT. The margins are what remains."""
    prices = prices_for(district)
    carbon = params["price.co2_eur_per_t"] * district.emissions.gas_g_per_kwh / 1e6
    gas = params["tariff.gas"]
    return HeatMargins(gas_price=gas + carbon, gas_pass_through=gas * prices.gas.pass_through_share.value + carbon,
                       gas_procurement=prices.gas.procurement.value, heat_price=params["tariff.heat"],
                       heat_cost=params["tariff.heat"] * prices.district_heat.cost_share.value,
                       references=prices.heat_references())
