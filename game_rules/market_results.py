"""The typed results of the common energy market (docs/rules.md, "Markets"): peer-to-peer trading
(:mod:`game_rules.p2p`), the local flexibility market (:mod:`game_rules.flexibility`) and
e-mobility as a service (:mod:`game_rules.emaas`), as :class:`game_rules.results.Assessment`
carries them. Units in brackets in each field's description.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from game_rules.provenance import Provenance, _Frozen


class MarketParticipant(_Frozen):
    """One building in the peer-to-peer market over the year [kWh/yr, EUR/yr, EUR/kWh]: what it
    bought and sold locally, the average local price, its gain against the same year without
    trading (split into the occupant's side, buying, and the PV owner's side, selling), the
    platform fee and the grid fees and levies it paid on local kWh. Buildings with identical
    figures (a group's equal split) share one row listing their ids; figures are per building."""

    buildings: tuple[str, ...]
    group: str
    occupant: str
    pv_owner: str
    bought_kwh: float
    sold_kwh: float
    buy_price: float | None = Field(description="average price paid per local kWh [EUR/kWh], before fees and charges")
    sell_price: float | None = Field(description="average price received per local kWh [EUR/kWh], before fees")
    gain_buying: float = Field(description="occupant's gain [EUR/yr] after its platform fee and charges")
    gain_selling: float = Field(description="PV owner's gain [EUR/yr] after its platform fee")
    fee_eur: float
    charges_eur: float

    @property
    def gain(self) -> float:
        return self.gain_buying + self.gain_selling


class MarketRuleSummary(_Frozen):
    """One clearing rule over the year: volume [kWh/yr], average price [EUR/kWh], total gain and
    fees [EUR/yr], and how many participants lose [-]."""

    rule: str
    traded_kwh: float
    average_price: float | None
    gain_eur: float
    fee_eur: float
    losers: int
    fairness: float | None


class MarketGroup(_Frozen):
    """Gain [EUR/yr] reaching one kind of stakeholder (tenants, owner-occupiers, SMEs, the cooperative...)."""

    stakeholder: str
    side: Literal["buying", "selling"]
    participants: int
    gain_eur: float


class MarketHour(_Frozen):
    """One hour of the typical day's clearing under the table's rule: local kWh traded and the
    average local price [EUR/kWh] (None when nothing is traded)."""

    hour: int = Field(ge=0, le=23, description="hour of the day, local clock time (the market's time base)")
    traded_kwh: float = Field(description="kWh traded locally in that hour [kWh]")
    price: float | None = Field(description="volume-weighted local price [EUR/kWh], before fees and charges")


class Market(_Frozen):
    """Peer-to-peer trading among the scheme's members, hour by hour (game_rules.p2p), under the
    table's clearing ``rule``; ``rules`` compares every clearing rule on the same year."""

    rule: str
    regime: str
    members: int
    traded_kwh: float
    saving_eur: float = Field(description="the community's saving before fees [EUR/yr]")
    fee_eur: float
    fee_eur_per_kwh: float
    charges_eur_per_kwh: float
    gain_eur: float
    fairness: float | None = Field(description="share of the gains reaching households without a roof of their own [fraction, 0-1]: tenants' buying gains / all members' gains, each side counted where it gains (losses are the leavers); None when nobody gains")
    participants: tuple[MarketParticipant, ...]
    groups: tuple[MarketGroup, ...]
    leavers: tuple[str, ...] = Field(description="buildings that would be better off not trading")
    rules: tuple[MarketRuleSummary, ...]
    time_base: str
    provenance: Provenance
    typical_day: tuple[MarketHour, ...] = Field(default=(), description="the clearing hour by hour on the typical day: the day "
                                                "whose traded kWh are the median of the days with trade")
    typical_day_index: int | None = Field(default=None, description="that day's index in the year, 0 = the first day")


class FlexibilityAsset(_Frozen):
    """What one kind of asset adds on the flexibility market: peak reduction [kW] and energy not
    drawn in the market's hours [kWh/yr]."""

    asset: Literal["smart_charging", "heat_pumps", "stationary_battery", "v2g"]
    peak_kw: float
    kwh: float


class FlexibilityMarket(_Frozen):
    """The local flexibility market over one year (game_rules.flexibility): the grid operator buys
    peak reduction at the district's connection in the market's hours, at the prices in effect
    (defaults sourced from British DSO markets, or the facilitator's override)."""

    market_hours: int = Field(description="hours whose import reaches the service threshold of the year's peak [h/yr]")
    peak_kw: float = Field(description="the year's import peak before any flexible asset responds [kW]")
    peak_reduction_kw: float = Field(description="firm peak reduction [kW]: the year's import peak minus the highest import after the response over all hours")
    delivered_kwh: float = Field(description="import avoided in the market's hours [kWh/yr]")
    utilised_kwh: float = Field(description="import avoided in the hours the grid operator calls [kWh/yr]")
    availability_eur_per_kw_h: float = Field(description="availability price [EUR per kW and market hour]")
    utilisation_eur_per_kwh: float = Field(description="utilisation price [EUR per kWh not drawn]")
    availability_eur: float = Field(description="peak reduction x availability price x market hours [EUR/yr]")
    utilisation_eur: float = Field(description="utilised kWh x utilisation price [EUR/yr]")
    revenue_eur: float = Field(description="what the grid operator pays: availability + utilisation [EUR/yr]")
    reinforcement_eur: float = Field(description="the grid operator's avoided reinforcement (assumption) [EUR/yr]")
    seller: str = Field(description="who sells the flexibility: the aggregator, else the assets' owner")
    assets: tuple[FlexibilityAsset, ...]
    provenance: Provenance


class Mobility(_Frozen):
    """e-Mobility as a service for one year (game_rules.emaas): the fleet the cards leave, the
    car-free ambition (cars per dwelling, car-km shifted), charging in surplus hours, V2G on the
    flexibility market and the service's subscription revenue and cost per user."""

    private_evs: float = Field(description="private electric cars left [cars]")
    shared_cars: float = Field(description="shared electric cars [cars]")
    replaced_cars: float = Field(description="private cars the shared ones replace [cars]")
    v2g_cars: float = Field(description="electric cars offering vehicle-to-grid [cars]")
    users: float = Field(description="subscribers of the shared cars [users]")
    cars_per_dwelling_before: float = Field(description="[cars/dwelling]")
    cars_per_dwelling_after: float = Field(description="[cars/dwelling]")
    km_shifted: float = Field(description="private car-km no longer driven, net of the shared cars' km [km/yr]")
    solar_charging_share: float = Field(description="EV charging covered by the hour's PV surplus [fraction]")
    v2g_peak_kw: float = Field(description="V2G's peak reduction on the flexibility market [kW]")
    v2g_kwh: float = Field(description="V2G energy delivered in the market's hours [kWh/yr]")
    fee_per_car_eur: float = Field(description="subscription fees a shared car earns [EUR/yr]")
    revenue_per_user_eur: float = Field(description="subscription per user [EUR/yr]")
    cost_per_user_eur: float = Field(description="cost of the service per user: car annuity and running costs [EUR/yr]")
    provenance: Provenance


class MarketFigures(_Frozen):
    """A table's market figures side by side with other tables' (game_rules.compare): None where
    the table plays no such market. Not weighted in the ranking; shown beside it."""

    p2p_traded_kwh: float | None = Field(default=None, description="kWh traded peer to peer [kWh/yr]")
    p2p_gain_eur: float | None = Field(default=None, description="participants' gain after fees [EUR/yr]")
    fairness: float | None = Field(default=None, description="share of the P2P gain reaching households without a roof of their own [fraction]")
    flexibility_revenue_eur: float | None = Field(default=None, description="what the grid operator pays on the flexibility market [EUR/yr]")
    shared_cars: float | None = Field(default=None, description="eMaaS shared cars [cars]")
    km_shifted: float | None = Field(default=None, description="private car-km shifted by eMaaS [km/yr]")
    npv_eur: float | None = Field(default=None, description="the project NPV, the markets' counted parts included [EUR]")
    npv_without_markets_eur: float | None = Field(
        default=None, description="the project NPV without the market benefits (flexibility sales, eMaaS savings), "
                                  "their investment and running costs kept [EUR]")
    provenance: Provenance

    @property
    def empty(self) -> bool:
        """True when the table plays no market at all."""
        return self.p2p_traded_kwh is None and self.flexibility_revenue_eur is None and self.shared_cars is None


class MarketNpvPart(_Frozen):
    """One market's money in the project NPV (docs/rules.md, "The markets in the project NPV"):
    its year-1 amount [EUR/yr], its present value over the horizon at the project rate [EUR] and
    whether the project NPV counts it (``in_npv``; a transfer between the district's parties or a
    saving the energy balance already counts is shown, not added again)."""

    part: Literal["flexibility_sales", "p2p_saving", "p2p_fee", "emaas_car_costs_avoided", "emaas_fleet_running"]
    year1_eur: float = Field(description="year-1 amount [EUR/yr]; negative for a cost")
    present_value_eur: float = Field(description="present value over the horizon at the project rate [EUR]")
    in_npv: bool = Field(description="whether the project NPV counts it")
    provenance: Provenance
