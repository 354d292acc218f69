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
  energy part, P - (g + l) (1 + v);
* except the French excise on ACC kWh: CIBS L312-79 and L312-87 as amended by loi n° 2025-127
  art. 75 (ref:cibs-l312-87, ref:loi-2025-127-art-75) give a zero rate to renewable electricity
  from a production site below 1 MW consumed by the participants of an ACC. When the rule is in
  force (``regulation.acc_excise_site_cap_kw`` > 0) and every production site of the district
  (:func:`game_rules.buildings.site_kwp`) is below it, a shared ACC kWh avoids
  P - (g + l - accise) (1 + v). Sites at or above the cap keep the excise on their output: the
  shared kWh come from the pooled production, so the zero rate applies to the share
  e = kWp of the sites below the cap / all kWp (the excise kept is accise x (1 - e)), and the
  basis says so. The tax administration's narrower reading (ref:bofip-res-eat-000208) is noted in
  the rule.

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
from game_rules.buildings import site_kwp
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
                        ("code-energie-l315-2", "accise-electricite-2025-08")),
}

#: ACC whose production sites are all below the excise cap: zero excise on the shared kWh.
ACC_EXCISE_EXEMPT = ("collective self-consumption (ACC, Code de l'énergie L315-2): allocated kWh cross the public grid and bear TURPE; "
                     "zero excise rate for renewable sites below 1 MW (CIBS L312-79, L312-87)",
                     ("code-energie-l315-2", "cibs-l312-87", "loi-2025-127-art-75"))
#: ACC with production sites at or above the excise cap: the excise stays on their share of the shared kWh.
ACC_EXCISE_OVER_CAP = ("collective self-consumption (ACC, Code de l'énergie L315-2): allocated kWh cross the public grid and bear TURPE, "
                       "and the excise on the share produced by sites of 1 MW or more (CIBS L312-87)",
                       ("code-energie-l315-2", "accise-electricite-2025-08", "cibs-l312-87"))

#: Energy sharing in a district of no shipped national regime: the EU's right to share (RED II art. 22).
_EU_SHARING = ("energy sharing (RED II art. 22): shared kWh cross the public grid and bear grid fees, levies and taxes",
               ("red-ii-art-22",))


def legal_basis(regime: SharingRegime, district: District, stack: PriceStack | None = None) -> tuple[str, tuple[str, ...]]:
    """The phrase and reference ids of ``regime``'s legal basis in ``district``: :data:`BASIS`,
    except that energy sharing in a district of the generic EU regime rests on the EU directive,
    not on § 42c EnWG (a national law is cited only in its own country), and that an ACC says
    whether its shared kWh have the zero excise rate (``stack.excise``)."""
    if regime is SharingRegime.ENERGY_SHARING and district.regime not in ("DE",):
        return _EU_SHARING
    if regime is SharingRegime.ACC and stack is not None:
        if stack.excise is ExciseStatus.EXEMPT:
            return ACC_EXCISE_EXEMPT
        if stack.excise is ExciseStatus.OVER_CAP:
            return ACC_EXCISE_OVER_CAP
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


class ExciseStatus(StrEnum):
    """Whether the French zero excise rate on ACC kWh (CIBS L312-87) applies to a district."""

    NOT_APPLICABLE = "not_applicable"  # not France, or the rule not in force on the date
    EXEMPT = "exempt"  # every production site below the cap
    OVER_CAP = "over_cap"  # a site at or above the cap: the excise stays on its share of the output


@dataclass(frozen=True)
class PriceStack:
    """One kWh of household electricity taken apart [EUR/kWh]; ``retail`` incl. VAT, the rest net.
    ``acc_exempt``: the levies [EUR/kWh net] a kWh shared in an ACC does not bear on average (the
    excise x the share of the output from sites below the cap, :func:`acc_excise`; else 0)."""

    retail: float
    vat_rate: float
    grid_fee: float
    levies: float
    procurement: float
    references: tuple[str, ...]
    acc_exempt: float = 0.0
    excise: ExciseStatus = ExciseStatus.NOT_APPLICABLE

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

    def grid_charges(self, regime: SharingRegime) -> float:
        """What a kWh shared over the public grid under ``regime`` pays to the grid and the state
        [EUR/kWh incl. VAT]: (grid fee + levies - the ACC exemption) x (1 + VAT)."""
        exempt = self.acc_exempt if regime is SharingRegime.ACC else 0.0
        return (self.grid_fee + self.levies - exempt) * (1 + self.vat_rate)

    def charges_kept(self, regime: SharingRegime) -> float:
        """What a local kWh still pays to the grid and the state [EUR/kWh incl. VAT]:
        :meth:`grid_charges` when it crosses the public grid, else 0."""
        return self.grid_charges(regime) if regime.uses_public_grid else 0.0

    def avoided(self, regime: SharingRegime) -> float:
        """What a local kWh saves a participant against the retail price [EUR/kWh]."""
        return max(self.retail - self.charges_kept(regime), 0.0)


#: The levy the French ACC zero rate waives (``price_components.yaml``, FR levies).
EXCISE_LEVY = "accise"


def acc_excise(district: District, params: Params) -> tuple[ExciseStatus, float]:
    """Whether shared ACC kWh in ``district`` have the zero excise rate (CIBS L312-79, L312-87 as
    amended by loi n° 2025-127 art. 75), and on which share e [fraction 0-1] of them: France, the
    rule in force (``regulation.acc_excise_site_cap_kw`` > 0 [kW]); e = kWp of the production
    sites (:func:`game_rules.buildings.site_kwp`) strictly below the cap ("inférieure à un
    mégawatt", L312-87 2°) / all kWp, the pooled output being shared pro rata of power. PV is
    renewable (1°). ``(NOT_APPLICABLE, 0)`` outside France or before the rule; ``OVER_CAP`` when
    a site reaches the cap; e = 1 without any PV (nothing to tax)."""
    cap = params["regulation.acc_excise_site_cap_kw"]
    if district.regime != "FR" or cap <= 0:
        return ExciseStatus.NOT_APPLICABLE, 0.0
    sites = site_kwp(district, params)
    total = sum(sites)
    below = sum(kw for kw in sites if kw < cap)
    share = below / total if total > 0 else 1.0
    return (ExciseStatus.EXEMPT if below >= total else ExciseStatus.OVER_CAP), share


def price_stack(district: District, params: Params) -> PriceStack:
    """The retail price of ``params`` (``tariff.electricity``, ``tariff.grid_fee``) taken apart
    with the regime's levies, VAT and procurement cost, and the excise a shared ACC kWh does not
    bear (:func:`acc_excise`)."""
    prices = prices_for(district)
    status, share = acc_excise(district, params)
    excise = prices.levies.get(EXCISE_LEVY)
    exempt = excise.value * share if excise is not None else 0.0
    refs = prices.references()
    if status is not ExciseStatus.NOT_APPLICABLE:
        refs = tuple(dict.fromkeys((*refs, "cibs-l312-87", "loi-2025-127-art-75")))
    return PriceStack(retail=params["tariff.electricity"], vat_rate=prices.vat.value, grid_fee=params["tariff.grid_fee"],
                      levies=prices.levies_eur_per_kwh, procurement=prices.procurement.value,
                      references=refs, acc_exempt=exempt, excise=status)


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
