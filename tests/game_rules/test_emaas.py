"""e-Mobility as a service (game_rules/emaas.py): fleet, car-free KPI, charging in surplus
hours, revenue and cost per user, pinned for a small fleet.

Mileage 12,320 km per car and year: KBA, Verkehr in Kilometern 2023 (``kba-vk-2023``); the
private cars sold per shared car: 2.1-5.3 (KIT/Share Now 2020, ``kit-ksri-share-now-2020``),
3.7 by default; the other figures are the module's assumptions (20,000 km per shared car, 20
users per car, EUR 2,500/yr running costs, 8-year life). The mechanics tests pass 8 cars per
shared car explicitly.
"""

from __future__ import annotations

import numpy as np
import pytest

from cards.deck import Deck
from game_rules import District
from game_rules.emaas import Fleet, annuity, assess, solar_share

FLEET = Fleet(cars=100, ev_share=0.5, shared=5, v2g_share=0.2, dwellings=200)


def test_small_fleet_pinned() -> None:
    """Hand computation: 5 shared cars replace min(5 x 8, 100) = 40 private cars; 60 remain,
    30 of them electric; cars per dwelling 100/200 = 0.5 before, (60 + 5)/200 = 0.325 after;
    km shifted 40 x 12,320 - 5 x 20,000 = 392,800 km/yr; V2G cars (30 + 5) x 0.2 = 7.
    100 users: revenue 5 x 6,000 / 100 = EUR 300 per user; cost per car = annuity of
    EUR 35,000 at 5 % over 8 years (35,000 x 0.05 / (1 - 1.05^-8) = 5,415.2) + 2,500 = 7,915.2,
    x 5 / 100 users = EUR 395.76 per user."""
    e = assess(FLEET, fee_per_car_eur=6000, car_cost_eur=35000, discount_rate=0.05, v2g=(12.0, 3400.0), replaced_per_car=8.0)
    assert e.replaced_cars == 40
    assert e.private_evs == 30
    assert e.cars_per_dwelling_before == pytest.approx(0.5)
    assert e.cars_per_dwelling_after == pytest.approx(0.325)
    assert e.km_shifted == pytest.approx(392_800)
    assert e.v2g_cars == pytest.approx(7)
    assert e.revenue_per_user_eur == pytest.approx(300)
    assert e.cost_per_user_eur == pytest.approx(395.76, abs=0.01)
    assert (e.v2g_peak_kw, e.v2g_kwh) == (12.0, 3400.0)


def test_charging_in_surplus_hours() -> None:
    """Two hours, 2 kWh of EV charging each; PV 5 and 0 against loads 6 and 3 (EV included):
    surplus over the other load max(5 - 4, 0) = 1 and 0, so 1 of 4 kWh is solar: 0.25."""
    assert solar_share(np.array([2.0, 2.0]), np.array([5.0, 0.0]), np.array([6.0, 3.0])) == pytest.approx(0.25)


def test_shared_cars_cannot_replace_more_cars_than_exist() -> None:
    """20 shared cars x 8 = 160 > 100 cars: all 100 are replaced, none is left."""
    e = assess(Fleet(cars=100, ev_share=0.5, shared=20, v2g_share=0.0, dwellings=200), fee_per_car_eur=6000,
               car_cost_eur=35000, discount_rate=0.0, replaced_per_car=8.0)
    assert e.replaced_cars == 100 and e.private_evs == 0
    assert e.cars_per_dwelling_after == pytest.approx(0.1)


def test_the_default_counts_the_private_cars_sold_not_the_purchases_suppressed() -> None:
    """KIT/Share Now 2020 (``kit-ksri-share-now-2020``): per free-floating shared car 2.1-5.3
    private cars SOLD and 7.8-18.6 purchases SUPPRESSED; today's stock falls by the cars sold, so
    the default is their middle, (2.1 + 5.3) / 2 = 3.7 (review of issue #17, finding 2). The
    small fleet: 5 x 3.7 = 18.5 cars replaced, 81.5 left (40.75 electric), (81.5 + 5) / 200 =
    0.4325 cars per dwelling, 18.5 x 12,320 - 5 x 20,000 = 127,920 km shifted."""
    from game_rules.params import VOCABULARY

    spec = VOCABULARY["emaas.cars_replaced_per_shared_car"]
    assert (spec.default, spec.plausible) == (3.7, (2.1, 5.3))
    e = assess(FLEET, fee_per_car_eur=6000, car_cost_eur=35000, discount_rate=0.05)
    assert e.replaced_cars == pytest.approx(18.5) and e.private_evs == pytest.approx(40.75)
    assert e.cars_per_dwelling_after == pytest.approx(0.4325)
    assert e.km_shifted == pytest.approx(127_920)


def test_errors_name_what_was_expected() -> None:
    with pytest.raises(ValueError, match="dwellings"):
        assess(Fleet(cars=1, ev_share=0, shared=0, v2g_share=0, dwellings=0), fee_per_car_eur=0, car_cost_eur=0,
               discount_rate=0)
    with pytest.raises(ValueError, match="positive number of years"):
        annuity(1.0, 0.05, 0)


def test_a_mobility_hub_in_munich(munich: District, deck: Deck) -> None:
    """HOW-11 (mobility hub with V2G: 15 shared cars, +10 % V2G) in Munich Harthof: the 15 cars
    replace 15 x 3.7 = 55.5 private cars (the cars sold, KIT/Share Now 2020), so cars per
    dwelling fall by 55.5 - 15 = 40.5 cars over the district's dwellings, and
    55.5 x 12,320 - 15 x 20,000 = 383,760 car-km a year shift."""
    from game_rules.emaas import for_table
    from game_rules.energy import energy_run
    from game_rules.params import base_params

    card = deck.get("HOW-11")
    params = base_params(munich).apply((card.id, ch) for ch in card.effects.parameters)
    e = for_table(munich, params, energy_run(munich, params))
    assert e.shared_cars == 15 and e.replaced_cars == pytest.approx(55.5)
    assert e.cars_per_dwelling_before - e.cars_per_dwelling_after == pytest.approx(40.5 / munich.dwellings)
    assert e.km_shifted == pytest.approx(383_760)
    assert 0.0 <= e.solar_charging_share <= 1.0


def test_emaas_and_the_flexibility_market_in_the_assessment_json(munich: District, example) -> None:  # type: ignore[no-untyped-def]
    """Munich's example with the mobility hub HOW-11 (15 shared cars, +10 % V2G) and the local
    flexibility market HOW-06: the assessment JSON carries ``mobility`` (the hand figures of
    :func:`test_a_mobility_hub_in_munich`: 55.5 cars replaced, 383,760 car-km; 15 x 20 = 300
    users) and ``flexibility``, each with its provenance. With the facilitator's fee of EUR 8,000
    per shared car (``emaas.fee_eur_per_car``) the revenue per user is 8,000 / 20 = EUR 400 and
    HOW-11's flow 15 x 8,000 = EUR 120,000: the service's figures and the card's money agree. The
    flexibility market's revenue is the DSO's ``flexibility_market`` flow."""
    from game_rules import TableModel, assess

    data = example("munich-harthof").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-11", "HOW-06"]
    a = assess(TableModel.model_validate(data), munich, (), overrides={"emaas.fee_eur_per_car": 8000.0}, mitigations=False)
    body = a.model_dump(mode="json")
    mob = body["mobility"]
    assert mob["shared_cars"] == 15 and mob["replaced_cars"] == pytest.approx(55.5) and mob["users"] == 300
    assert mob["km_shifted"] == pytest.approx(383_760)
    assert mob["revenue_per_user_eur"] == pytest.approx(400.0)
    assert mob["provenance"]["cards"] == ["HOW-11"] and "kba-vk-2023" in mob["provenance"]["references"]
    how11 = [f for f in a.value_flows if "price.shared_car" in f.provenance.rule]
    assert [f.amount for f in how11] == [pytest.approx(120_000.0)]
    flex = body["flexibility"]
    assert flex is not None and flex["provenance"]["rule"] == "flexibility_market"
    paid = [f for f in a.value_flows if f.provenance.rule.startswith("flexibility_market:")]
    assert flex["revenue_eur"] == pytest.approx(sum(f.amount for f in paid), rel=1e-9)
    assert {x["asset"] for x in flex["assets"]} <= {"smart_charging", "heat_pumps", "stationary_battery", "v2g"}


def test_no_emaas_without_shared_cars(munich: District, example) -> None:  # type: ignore[no-untyped-def]
    """Munich's example has no shared-mobility card: no ``mobility`` and no flexibility market."""
    from game_rules import assess

    a = assess(example("munich-harthof"), munich, (), mitigations=False)
    assert a.mobility is None and a.flexibility is None


def test_the_subscribers_save_their_cars_and_the_provider_pays_the_fleet(munich: District, example) -> None:  # type: ignore[no-untyped-def]
    """Issue #17: residents paid the subscriptions and saved nothing; the provider had revenue and
    no costs. Munich's example with HOW-11 (15 shared cars, fee EUR 6,000 per car, owner = the
    table's owner who buys the cars as CAPEX):

    * residents: ``private_car_avoided`` = -55.5 cars sold (15 x 3.7) x (EUR 4,800/yr - EUR 756/yr)
      = -EUR 224,442/yr: the ADAC car costs (``adac-autokosten-2025``; assumption [3,000-6,500])
      less the trips still paid, one Deutschlandticket at EUR 63 a month (2026,
      ``upday-deutschlandticket-2026``; assumption [696-1,500]). Review of issue #17: it was
      -120 x 4,800 = -EUR 576,000/yr, gross and with the purchases suppressed counted as sold;
    * mobility provider: ``emaas_fleet_running`` 15 x EUR 2,500 = EUR 37,500/yr and the lease of
      the cars to their owner, 15 x annuity(EUR 35,000, 8 yr, discount rate); so its net =
      90,000 - 37,500 - lease = users x (revenue per user - cost per user), the eMaaS table's margin."""
    from game_rules import TableModel, assess

    data = example("munich-harthof").model_dump(mode="json")
    data["slots"]["how"] = [*data["slots"]["how"], "HOW-11"]
    a = assess(TableModel.model_validate(data), munich, (), mitigations=False)
    values = {s.stakeholder: s for s in a.stakeholders}
    residents = {i.item: i.amount for i in values["residents"].cost_items}
    assert residents["private_car_avoided"] == pytest.approx(-55.5 * (4_800.0 - 756.0))
    assert residents["private_car_avoided"] == pytest.approx(-224_442.0)
    provider = values["mobility_provider"]
    assert {i.item: i.amount for i in provider.cost_items}["emaas_fleet_running"] == pytest.approx(37_500.0)
    lease = [f for f in a.value_flows if f.provenance.rule.startswith("emaas_lease:")]
    assert len(lease) == 1 and lease[0].source == "mobility_provider" and lease[0].to == a.governance.owner
    mob = a.mobility
    assert mob is not None and mob.users == 300
    assert provider.net == pytest.approx(mob.users * (mob.revenue_per_user_eur - mob.cost_per_user_eur), rel=1e-9)
    assert "adac-autokosten-2025" in mob.provenance.references
