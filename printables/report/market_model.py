"""The report models of the common energy market (the table report's market page, the workshop
comparison's market figures): peer-to-peer trading, the local flexibility market and e-mobility
as a service, filled by :mod:`printables.report.market` from the assessment. Units in the field
descriptions; shares are fractions.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from printables.report.model_base import Provenance, _Model


class MarketRuleRow(_Model):
    """One clearing rule of the peer-to-peer market over the year (game_rules.p2p)."""

    rule: Literal["mid_market", "bill_sharing", "auction"]
    traded_kwh: float = Field(description="kWh/yr traded locally")
    average_price: float | None = Field(description="EUR/kWh, before fees and charges")
    gain_eur: float = Field(description="EUR/yr, after fees")
    fee_eur: float = Field(description="platform fees EUR/yr")
    losers: int = Field(ge=0)
    fairness: float | None = Field(description="share of the gains reaching households without a roof of their own, 0-1")


class MarketGroupRow(_Model):
    """Gain [EUR/yr] reaching one stakeholder on one side of the market."""

    stakeholder: str
    side: Literal["buying", "selling"]
    participants: int = Field(ge=0)
    gain_eur: float


class MarketHourRow(_Model):
    """One hour of the typical day's clearing under the table's rule."""

    hour: int = Field(ge=0, le=23, description="hour of the day, local clock time")
    traded_kwh: float = Field(description="kWh traded locally in that hour")
    price: float | None = Field(description="average local price, EUR/kWh, before fees and charges")


class Market(_Model):
    """The "Peer-to-peer market" section: the rules compared, who gains under the table's rule
    and the typical day's clearing hour by hour."""

    rule: str
    members: int = Field(ge=0)
    charges_eur_per_kwh: float
    fee_eur_per_kwh: float
    rules: tuple[MarketRuleRow, ...]
    groups: tuple[MarketGroupRow, ...]
    leavers: int = Field(ge=0)
    provenance: Provenance
    typical_day: tuple[MarketHourRow, ...] = Field(default=(), description="the median trading day's clearing, hour by hour")
    typical_day_index: int | None = Field(default=None, description="that day's index in the year, 0 = the first day")


class FlexibilityAsset(_Model):
    """What one kind of asset adds on the flexibility market."""

    asset: Literal["smart_charging", "heat_pumps", "stationary_battery", "v2g"]
    peak_kw: float = Field(description="peak reduction it adds, kW")
    kwh: float = Field(description="energy not drawn in the market's hours, kWh/yr")


class FlexibilitySection(_Model):
    """The "Local flexibility market" part of the market page (game_rules.flexibility)."""

    market_hours: int = Field(ge=0, description="hours a year the grid operator buys peak reduction")
    peak_kw: float = Field(description="the year's import peak before the response, kW")
    peak_reduction_kw: float = Field(description="firm peak reduction, kW: the year's import peak minus the highest import after the response over all hours")
    delivered_kwh: float = Field(description="import avoided in the market's hours, kWh/yr")
    availability_eur_per_kw_h: float = Field(description="availability price, EUR per kW and market hour")
    utilisation_eur_per_kwh: float = Field(description="utilisation price, EUR per kWh not drawn")
    revenue_eur: float = Field(description="what the grid operator pays, EUR/yr")
    reinforcement_eur: float = Field(description="the grid operator's avoided reinforcement, EUR/yr (assumption)")
    seller: str = Field(description="stakeholder who sells the flexibility")
    assets: tuple[FlexibilityAsset, ...]
    provenance: Provenance


class MobilitySection(_Model):
    """The "e-Mobility as a service" part of the market page (game_rules.emaas)."""

    shared_cars: float = Field(description="shared electric cars")
    private_evs: float = Field(description="private electric cars left")
    replaced_cars: float = Field(description="private cars the shared ones replace")
    users: float = Field(description="subscribers")
    cars_per_dwelling_before: float
    cars_per_dwelling_after: float
    km_shifted: float = Field(description="private car-km no longer driven, net, km/yr")
    solar_charging_share: float = Field(description="EV charging covered by the PV surplus, fraction")
    v2g_cars: float
    v2g_peak_kw: float = Field(description="V2G's peak reduction on the flexibility market, kW")
    v2g_kwh: float = Field(description="V2G energy in the market's hours, kWh/yr")
    fee_per_car_eur: float = Field(description="subscription fees per shared car, EUR/yr")
    revenue_per_user_eur: float = Field(description="EUR/yr")
    cost_per_user_eur: float = Field(description="EUR/yr")
    provenance: Provenance


class MarketFigures(_Model):
    """A table's market figures in the workshop comparison; None where it plays no such market."""

    p2p_traded_kwh: float | None = Field(default=None, description="kWh/yr traded peer to peer")
    p2p_gain_eur: float | None = Field(default=None, description="participants' gain after fees, EUR/yr")
    fairness: float | None = Field(default=None, description="share of the P2P gain reaching households without a roof of their own")
    flexibility_revenue_eur: float | None = Field(default=None, description="flexibility market revenue, EUR/yr")
    shared_cars: float | None = Field(default=None, description="eMaaS shared cars")
    km_shifted: float | None = Field(default=None, description="private car-km shifted, km/yr")
    npv_eur: float | None = Field(default=None, description="project NPV, the markets' counted parts included, EUR")
    npv_without_markets_eur: float | None = Field(default=None, description="project NPV without the markets' counted parts, EUR")
    provenance: Provenance
