"""e-Mobility as a service (eMaaS): shared and private EVs, their charging, V2G and the car-free KPI.

From the cards (``ev.share``, ``ev.smart_share``, ``ev.v2g_share``, ``ev.shared_cars`` and the
shared-mobility cards' fee per car) and the hourly energy run (:mod:`game_rules.energy`):

* **fleet**: private EVs = district cars x ``ev.share`` minus the private cars the shared cars
  replace; shared cars = ``ev.shared_cars``;
* **availability at home**: V2G cars are plugged in :data:`game_rules.energy.V2G_AVAILABILITY`
  of the day (the energy model's assumption);
* **charging in surplus hours**: share of the EV charging covered by the hour's local PV
  surplus (surplus = max(PV - other load, 0), hour by hour);
* **V2G contribution** to the flexibility market: its peak reduction [kW] and energy [kWh] from
  :mod:`game_rules.flexibility`;
* **subscription revenue and cost per user**: the fee per shared car (``emaas.fee_eur_per_car``,
  the cards' basis of about EUR 6,000, an assumption [4,000-8,000] a facilitator may override) over
  :data:`USERS_PER_SHARED_CAR` users; the cost = annuity of the car (``cost.shared_car_eur``
  over :data:`SHARED_CAR_LIFE_YEARS` at the discount rate, VDI 2067-1 annuity) plus
  :data:`RUNNING_EUR_PER_SHARED_CAR` a year, over the same users;
* **money** (:func:`cost_items`, :func:`lease_flows`): the subscribers save
  ``emaas.private_car_eur_per_yr`` (default :data:`PRIVATE_CAR_EUR_PER_YR`) less
  ``emaas.substitute_mobility_eur_per_yr`` (the trips still paid, :data:`SUBSTITUTE_EUR_PER_YR`)
  on each private car sold (a negative running cost); the
  mobility provider runs the fleet (:data:`RUNNING_EUR_PER_SHARED_CAR` a car) and leases the
  cars from the owner who bought them (the CAPEX line ``shared_cars``) at their annuity, so its net
  is users x (subscription - cost per user), the eMaaS table's margin;
* **car-free ambition** (ASCEND's car-free district): cars per dwelling before and after, and
  the private car-km shifted = private cars replaced x :data:`KM_PER_CAR` (KBA 2023,
  ref:kba-vk-2023), less the km the shared cars drive (:data:`KM_PER_SHARED_CAR`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cards.effects import Stakeholder
from cards.model import Card
from catalogs.data_phrases import data_phrase
from game_rules.districts import District
from game_rules.energy import EnergyResult
from game_rules.kpis import section_references
from game_rules.params import VOCABULARY, Params
from game_rules.results import CostItem, FlowResult, Mobility, Provenance
from game_rules.texts import text

KM_PER_CAR = 12_320.0
"""Mean annual mileage of a passenger car [km/yr], Germany 2023 (KBA, Verkehr in Kilometern,
ref:kba-vk-2023)."""


def _default(name: str) -> float:
    """The vocabulary default of parameter ``name`` (a fixed number, not read from the district)."""
    value = VOCABULARY[name].default
    if value is None:
        raise ValueError(f"expected a fixed default for {name!r}, got one read from the district")
    return value


CARS_REPLACED_PER_SHARED_CAR = _default("emaas.cars_replaced_per_shared_car")
"""Default of ``emaas.cars_replaced_per_shared_car`` [cars]: private cars one shared car replaces,
3.7, the middle of the 2.1-5.3 private cars SOLD per free-floating shared car
(ref:kit-ksri-share-now-2020), assumption [2.1-5.3]. The 7.8-18.6 purchases the same study finds
SUPPRESSED are cars never bought, not a cost taken off today's stock; counting them would raise
the figure (:mod:`game_rules.params`)."""
KM_PER_SHARED_CAR = 20_000.0
"""Annual mileage of a shared car [km/yr]; assumption [12,000-30,000]."""
USERS_PER_SHARED_CAR = 20.0
"""Subscribers per shared car [users]; assumption [10-40]."""
RUNNING_EUR_PER_SHARED_CAR = 2_500.0
"""Insurance, cleaning, maintenance, platform per shared car [EUR/yr]; assumption [1,500-4,000].
The one upkeep line of a shared car: the asset class ``shared_cars`` carries no fixed O&M
(game_rules/data/assets.yaml), so maintenance is not counted twice."""
SHARED_CAR_LIFE_YEARS = 8
"""Service life of a shared car [yr]; assumption [6-10]."""
SUBSTITUTE_EUR_PER_YR = _default("emaas.substitute_mobility_eur_per_yr")
"""Default of ``emaas.substitute_mobility_eur_per_yr`` [EUR/yr]: what a household that gave up its
car still pays for its trips, one Deutschlandticket (EUR 63 a month from 2026,
ref:upday-deutschlandticket-2026); the shared car's own use is in the subscription; assumption
[696-1,500] (a 2025 pass to a pass with taxis and rentals). German figure, a stand-in elsewhere."""
PRIVATE_CAR_EUR_PER_YR = _default("emaas.private_car_eur_per_yr")
"""Default of ``emaas.private_car_eur_per_yr`` [EUR/yr]: what a household saves a year on a private
car it gives up (depreciation, energy, insurance, tax and workshop). The ADAC's car-cost
calculation puts the cheapest small cars at about EUR 430-530 a month at 15,000 km a year
(ref:adac-autokosten-2025); a car given up for a shared one is often older and drives less
(12,320 km, ref:kba-vk-2023; shared cars mostly replace a second or third car,
ref:nijland-2017-car-sharing), so EUR 400 a month; assumption [3,000-6,500]. German figures, a
stand-in elsewhere."""


@dataclass(frozen=True)
class Fleet:
    """The district's cars as the cards leave them [cars]: ``cars`` today's private cars,
    ``ev_share`` the electric share of private cars, ``shared`` shared EVs, ``v2g_share`` the
    share of EVs offering V2G, ``dwellings`` [dwellings]."""

    cars: float
    ev_share: float
    shared: float
    v2g_share: float
    dwellings: float


@dataclass(frozen=True)
class Emaas:
    """eMaaS figures for one year [units in the field names' docs]."""

    private_evs: float  # private EVs left [cars]
    shared_cars: float  # shared EVs [cars]
    replaced_cars: float  # private cars the shared ones replace [cars]
    v2g_cars: float  # EVs offering V2G [cars]
    cars_per_dwelling_before: float  # [cars/dwelling]
    cars_per_dwelling_after: float  # [cars/dwelling]
    km_shifted: float  # private car-km no longer driven, net of shared-car km [km/yr]
    solar_charging_share: float  # EV charging covered by the hour's PV surplus [fraction]
    v2g_peak_kw: float  # V2G's peak reduction on the flexibility market [kW]
    v2g_kwh: float  # V2G energy delivered in the market's hours [kWh/yr]
    revenue_per_user_eur: float  # subscription per user [EUR/yr]
    cost_per_user_eur: float  # cost of the service per user [EUR/yr]


def annuity(amount: float, rate: float, years: int) -> float:
    """Equal annual payment repaying ``amount`` [EUR] over ``years`` at ``rate`` [EUR/yr]
    (annuity method, VDI 2067-1); ``amount / years`` at a zero rate."""
    if years <= 0:
        raise ValueError(f"expected a positive number of years, got {years}")
    if rate == 0:
        return amount / years
    return amount * rate / (1 - (1 + rate) ** -years)


def solar_share(ev: np.ndarray, pv: np.ndarray, load: np.ndarray) -> float:
    """Share of EV charging [fraction] covered by the hour's PV surplus over the rest of the
    load: sum(min(ev, max(pv - (load - ev), 0))) / sum(ev); ``load`` includes ``ev`` [kWh/h]."""
    total = float(ev.sum())
    if total <= 0:
        return 0.0
    surplus = np.maximum(pv - (load - ev), 0.0)
    return float(np.minimum(ev, surplus).sum()) / total


def assess(fleet: Fleet, *, fee_per_car_eur: float, car_cost_eur: float, discount_rate: float,
           ev: np.ndarray | None = None, pv: np.ndarray | None = None, load: np.ndarray | None = None,
           v2g: tuple[float, float] = (0.0, 0.0), replaced_per_car: float = CARS_REPLACED_PER_SHARED_CAR) -> Emaas:
    """The eMaaS figures of the module doc. ``fee_per_car_eur`` [EUR/yr per shared car] from
    the card's flow, ``car_cost_eur`` [EUR] the shared car's price, ``replaced_per_car`` [cars]
    the private cars one shared car replaces, ``v2g`` (kW, kWh/yr) from
    :class:`game_rules.flexibility.Market.by_asset`. ``ValueError`` when there are no dwellings."""
    if fleet.dwellings <= 0:
        raise ValueError(f"expected a district with dwellings, got {fleet.dwellings}")
    replaced = min(fleet.shared * replaced_per_car, fleet.cars)
    private_left = fleet.cars - replaced
    private_evs = private_left * fleet.ev_share
    users = fleet.shared * USERS_PER_SHARED_CAR
    cost = fleet.shared * (annuity(car_cost_eur, discount_rate, SHARED_CAR_LIFE_YEARS) + RUNNING_EUR_PER_SHARED_CAR)
    share = solar_share(ev, pv, load) if ev is not None and pv is not None and load is not None else 0.0
    return Emaas(
        private_evs=private_evs, shared_cars=fleet.shared, replaced_cars=replaced,
        v2g_cars=(private_evs + fleet.shared) * fleet.v2g_share,
        cars_per_dwelling_before=fleet.cars / fleet.dwellings,
        cars_per_dwelling_after=(private_left + fleet.shared) / fleet.dwellings,
        km_shifted=max(replaced * KM_PER_CAR - fleet.shared * KM_PER_SHARED_CAR, 0.0),
        solar_charging_share=share, v2g_peak_kw=v2g[0], v2g_kwh=v2g[1],
        revenue_per_user_eur=fleet.shared * fee_per_car_eur / users if users > 0 else 0.0,
        cost_per_user_eur=cost / users if users > 0 else 0.0)


def for_table(district: District, params: Params, energy: EnergyResult,
              v2g: tuple[float, float] = (0.0, 0.0)) -> Emaas:
    """The eMaaS figures of a table: the fleet from the district's mobility and the cards'
    ``ev.*`` parameters, the hourly EV charging, PV and load of its energy run, the fee per car
    ``emaas.fee_eur_per_car`` (the cards' basis, or the facilitator's override), the private cars
    one shared car replaces ``emaas.cars_replaced_per_shared_car``, the car price
    ``cost.shared_car_eur`` at ``finance.discount_rate`` and the V2G share of its flexibility
    market (``Market.by_asset["v2g"]``, :mod:`game_rules.flexibility`)."""
    fleet = Fleet(cars=float(district.mobility.cars), ev_share=params["ev.share"], shared=params["ev.shared_cars"],
                  v2g_share=params["ev.v2g_share"], dwellings=float(district.dwellings))
    load = energy.demand if energy.demand is not None else energy.load
    return assess(fleet, fee_per_car_eur=params["emaas.fee_eur_per_car"], car_cost_eur=params["cost.shared_car_eur"],
                  discount_rate=params["finance.discount_rate"], ev=energy.ev, pv=energy.pv, load=load, v2g=v2g,
                  replaced_per_car=params["emaas.cars_replaced_per_shared_car"])


#: The parameters whose cards and sources an eMaaS figure rests on.
_PARAMS = ("ev.shared_cars", "ev.share", "ev.v2g_share", "ev.smart_share", "emaas.fee_eur_per_car", "cost.shared_car_eur",
           "emaas.cars_replaced_per_shared_car", "emaas.private_car_eur_per_yr", "emaas.substitute_mobility_eur_per_yr")
#: The module's assumptions, named with their ranges in the provenance (docstrings above).
ASSUMPTIONS = data_phrase("assumptions: 20 users per car [10-40], 20,000 km per shared car [12,000-30,000], EUR 2,500 "
                          "running costs per car [1,500-4,000], 8 years of car life [6-10]")


def _replacement_source(params: Params) -> str:
    """The cars one shared car replaces on this table (``emaas.cars_replaced_per_shared_car``,
    the default or a facilitator's value) with its range, for the provenance."""
    return data_phrase(f"{params['emaas.cars_replaced_per_shared_car']:g} private cars sold per shared car, "
                       "assumption [2.1-5.3] after the car-sharing studies")


def result(district: District, params: Params, energy: EnergyResult, v2g: tuple[float, float] = (0.0, 0.0),
           flexibility_references: tuple[str, ...] = ()) -> Mobility | None:
    """The table's eMaaS as the assessment reports it (:class:`game_rules.results.Mobility`),
    None without shared cars; provenance: the cards that set the ``ev.*`` parameters and the fee,
    the district's mobility sources, KBA's mileage, the annuity method and, when V2G earns on the
    flexibility market, that market's ``flexibility_references``."""
    if params["ev.shared_cars"] <= 0:
        return None
    e = for_table(district, params, energy, v2g)
    # Card ids only: origins also name defaults, districts, rules and the facilitator's overrides.
    cards = tuple(dict.fromkeys(o for name in _PARAMS for o in params.origin.get(name, ())
                                if "-" in o and not o.startswith(("district:", "rule:"))))
    refs = (*section_references(district, "mobility"), "kba-vk-2023", "vdi-2067-1-2012", *(flexibility_references if v2g[1] > 0 else ()))
    prov = Provenance(cards=cards, rule="emaas", references=tuple(dict.fromkeys((*refs, "adac-autokosten-method", "adac-autokosten-2025",
                                                                                   *REPLACEMENT_REFERENCES))),
                      source=f"{district.id}: mobility; {_mileage_source(district, params)}; {_replacement_source(params)}; {ASSUMPTIONS}")
    return Mobility(private_evs=e.private_evs, shared_cars=e.shared_cars, replaced_cars=e.replaced_cars, v2g_cars=e.v2g_cars,
                    users=e.shared_cars * USERS_PER_SHARED_CAR, cars_per_dwelling_before=e.cars_per_dwelling_before,
                    cars_per_dwelling_after=e.cars_per_dwelling_after, km_shifted=e.km_shifted,
                    solar_charging_share=e.solar_charging_share, v2g_peak_kw=e.v2g_peak_kw, v2g_kwh=e.v2g_kwh,
                    fee_per_car_eur=params["emaas.fee_eur_per_car"], revenue_per_user_eur=e.revenue_per_user_eur,
                    cost_per_user_eur=e.cost_per_user_eur, provenance=prov)


#: The published car-sharing studies behind ``emaas.cars_replaced_per_shared_car`` (:mod:`game_rules.params`).
REPLACEMENT_REFERENCES: tuple[str, ...] = ("jochem-2020-share-now", "kit-ksri-share-now-2020", "nijland-2017-car-sharing")


def _mileage_source(district: District, params: Params) -> str:
    """Where the private car's mileage and cost come from: German statistics, labelled as a
    stand-in assumption outside Germany (no French or Portuguese figure in our sources)."""
    car_eur = params["emaas.private_car_eur_per_yr"]
    if district.country == "DE":
        return data_phrase(f"KBA 2023 mileage {KM_PER_CAR:,.0f} km per car, ADAC car cost EUR {car_eur:,.0f} per car given up")
    # One phrase, not two joined: the report translates a source phrase by phrase (catalogs.data_phrases).
    return data_phrase(f"KBA 2023 mileage {KM_PER_CAR:,.0f} km per car, ADAC car cost EUR {car_eur:,.0f} per car given up "
                       f"(German figures as a stand-in assumption for {district.country})")


def _subscription(cards: Sequence[Card]) -> tuple[Stakeholder, Stakeholder, tuple[str, ...]] | None:
    """(subscribers, mobility provider, cards) of the cards' subscription flow (formula on
    ``shared_cars``), None without one."""
    found = [(card.id, vf) for card in cards for vf in card.effects.value_flows if "shared_cars" in vf.formula]
    if not found:
        return None
    vf = found[0][1]
    users = vf.source if isinstance(vf.source, Stakeholder) else Stakeholder.RESIDENTS
    provider = vf.to if isinstance(vf.to, Stakeholder) else Stakeholder.MOBILITY_PROVIDER
    return users, provider, tuple(c for c, _ in found)


def cost_items(district: District, params: Params, cards: Sequence[Card]) -> dict[str, tuple[CostItem, ...]]:
    """eMaaS running costs by stakeholder [EUR/yr]: ``private_car_avoided`` (negative: the
    subscribers no longer pay replaced cars x (``emaas.private_car_eur_per_yr`` -
    ``emaas.substitute_mobility_eur_per_yr``, the trips they still pay for), the replaced cars
    being shared cars x ``emaas.cars_replaced_per_shared_car``, at most the district's cars) and
    ``emaas_fleet_running`` (the provider: shared cars x :data:`RUNNING_EUR_PER_SHARED_CAR`).
    Empty without shared cars or a subscription card."""
    shared = params["ev.shared_cars"]
    parties = _subscription(cards)
    if shared <= 0 or parties is None:
        return {}
    users, provider, chosen = parties
    per_car, car_eur = params["emaas.cars_replaced_per_shared_car"], params["emaas.private_car_eur_per_yr"]
    substitute = params["emaas.substitute_mobility_eur_per_yr"]
    replaced = min(shared * per_car, float(district.mobility.cars))
    refs = ("adac-autokosten-method", "adac-autokosten-2025", "kba-vk-2023", *REPLACEMENT_REFERENCES,
            "upday-deutschlandticket-2026", "finanztip-deutschlandticket")
    avoided = CostItem(item="private_car_avoided", amount=-replaced * (car_eur - substitute), label=text("cost.private_car_avoided"),
                       provenance=Provenance(cards=chosen, references=refs,
                                             rule=(f"private_car_avoided: {replaced:,.1f} private cars sold ({shared:,.0f} shared cars x "
                                                   f"{per_car:g}) x (EUR {car_eur:,.0f}/yr - EUR {substitute:,.0f}/yr of trips still paid)"),
                                             source=(f"assumption [3,000-6,500] EUR per car and year after the ADAC car costs; "
                                                     f"assumption [2.1-5.3] private cars sold per shared car after the car-sharing studies; "
                                                     f"assumption [696-1,500] EUR per car given up and year for public transport "
                                                     f"(Deutschlandticket); {_mileage_source(district, params)}")))
    running = CostItem(item="emaas_fleet_running", amount=shared * RUNNING_EUR_PER_SHARED_CAR, label=text("cost.emaas_fleet_running"),
                       provenance=Provenance(cards=chosen, rule=(f"emaas_fleet_running: {shared:,.0f} shared cars x EUR "
                                                                 f"{RUNNING_EUR_PER_SHARED_CAR:,.0f}/yr"),
                                             source="assumption [1,500-4,000] EUR per car and year: insurance, cleaning, maintenance, platform"))
    out: dict[str, list[CostItem]] = {}
    out.setdefault(users.value, []).append(avoided)
    out.setdefault(provider.value, []).append(running)
    return {who: tuple(items) for who, items in out.items()}


def lease_flows(params: Params, cards: Sequence[Card], owner: Stakeholder) -> list[FlowResult]:
    """``emaas_lease``: the mobility provider -> the owner who bought the shared cars, their
    annuity (``cost.shared_car_eur`` over :data:`SHARED_CAR_LIFE_YEARS` at ``finance.discount_rate``,
    VDI 2067-1) [EUR/yr]; none when the provider owns them or there is no subscription card."""
    shared = params["ev.shared_cars"]
    parties = _subscription(cards)
    if shared <= 0 or parties is None or parties[1] is owner:
        return []
    rate, price = params["finance.discount_rate"], params["cost.shared_car_eur"]
    amount = shared * annuity(price, rate, SHARED_CAR_LIFE_YEARS)
    rule = (f"emaas_lease: {shared:,.0f} shared cars x annuity of EUR {price:,.0f} over {SHARED_CAR_LIFE_YEARS} years at "
            f"{rate:.1%} (to owner = {owner.value}, who bought them)")
    return [FlowResult.model_validate({"from": parties[1].value, "to": owner.value, "kind": "money", "amount": amount, "unit": "EUR/yr",
                                      "label": text("flow.emaas_lease"),
                                      "provenance": Provenance(cards=parties[2], rule=rule, references=("vdi-2067-1-2012",),
                                                               source="assumption: the provider leases the cars at their annuity, "
                                                                      f"{SHARED_CAR_LIFE_YEARS} years of car life [6-10]")})]
