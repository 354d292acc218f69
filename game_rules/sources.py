"""Which published sources a number of the value flows and the finance rests on.

A flow, a cost or an investment names the bibliography ids (``game_rules/data/references``) of
the inputs it reads: a formula variable the district data and the energy model's methods behind
it (:func:`variable_references`), a price the parameter it is read from
(:func:`game_rules.params.parameter_references`), an investment its unit costs and sizing data
(:func:`capex_references`); a value that rests on the cards alone names the deck's source,
ASCEND (:data:`DECK_SOURCE`). Where an input is an assumption its range is stated
(:func:`card_range`). Rules: docs/rules.md, "Provenance". Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cards.model import Card
from catalogs.data_phrases import data_phrase
from game_rules.charges import price_stack
from game_rules.districts import District
from game_rules.kpis import model_references, section_references
from game_rules.params import Params, parameter_references, spec_of
from game_rules.references import assumption_range, cited_in

#: Annuity of a loan (capital recovery factor), the method of VDI 2067-1 (bibliography id).
ANNUITY_METHOD = "vdi-2067-1-2012"
#: The source of the deck's business-model patterns and stakeholder roles (bibliography id):
#: what a rule of the game that reads only cards rests on.
DECK_SOURCE = "ascend-project"

#: Formula variables the energy model computes (kWh/yr, kWp, t/yr, EUR/yr of bills).
_ENERGY_VARIABLES = frozenset({
    "pv_kwh", "self_kwh", "export_kwh", "import_kwh", "demand_kwh", "heat_kwh", "heat_saved_kwh", "gas_kwh",
    "dh_kwh", "dh_new_kwh", "hp_kwh", "hp_heat_kwh", "solar_heat_kwh", "ev_kwh", "flex_kwh", "local_kwh",
    "local_new_kwh", "surcharge_new_kwh", "kwp", "new_kwp", "bills_saved", "co2_saved_t"})
#: Unit investment costs whose references back the ``capex`` variable.
_COST_PARAMETERS = ("cost.pv_eur_per_kwp", "cost.bipv_eur_per_kwp", "cost.battery_eur_per_kwh", "cost.retrofit_eur_per_m2",
                    "cost.heat_pump_air_eur_per_mwh", "cost.dh_connection_eur_per_mwh", "cost.smart_meter_eur")
_NAME = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?")


def variable_references(name: str, district: District, params: Params, cards: Sequence[Card] = ()) -> tuple[str, ...]:
    """The bibliography ids behind formula variable ``name`` (:func:`variables`): energy
    quantities rest on the district's climate, buildings and existing PV plus the model's
    methods; prices on the parameter they read (district tariffs, rules in force, cards); counts
    on the district's buildings or mobility; ``capex`` on the unit costs. Empty for a value
    that rests on an assumption only (e.g. ``participation``)."""
    def param(*names: str) -> tuple[str, ...]:
        return tuple(ref for n in names for ref in parameter_references(n, district, params, cards))

    if name in _ENERGY_VARIABLES:
        refs = (*section_references(district, "climate", "buildings", "existing"), *model_references(district))
        if name == "bills_saved":
            refs += (*section_references(district, "tariffs"), *param("tariff.electricity", "tariff.feed_in"))
        if name == "co2_saved_t":
            refs += section_references(district, "emissions")
        if name in ("ev_kwh", "flex_kwh"):
            refs += section_references(district, "mobility")  # EV charging: the district's cars
        return tuple(dict.fromkeys(refs))
    if name == "tariff.local":
        return tuple(dict.fromkeys((*param("tariff.electricity", "tariff.local_ratio"), *price_stack(district, params).references)))
    if name.startswith("tariff."):
        return param(name)
    if name == "tariff.flex":
        return param("tariff.flex_eur_per_kwh")
    if name in ("households", "participants", "floor_m2", "retrofit_m2"):
        return section_references(district, "buildings")
    if name in ("ev_count", "shared_cars"):
        return section_references(district, "mobility")
    if name == "capex":
        return tuple(dict.fromkeys(param(*_COST_PARAMETERS)))
    if name == "battery_kwh":
        return param("battery.kwh")
    if name == "p2p_kwh":  # the hourly matching of the scheme's buildings (game_rules.p2p)
        return tuple(dict.fromkeys((*section_references(district, "climate", "buildings", "existing"), *model_references(),
                                    "zhou-2018-p2p-mechanisms")))
    if name == "price.p2p_fee":
        return param("p2p.fee_eur_per_kwh")
    if name == "price.shared_car":
        return param("emaas.fee_eur_per_car")
    return ()


def formula_references(formula: str, district: District, params: Params, cards: Sequence[Card] = (),
                       memo: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The bibliography ids behind every variable ``formula`` reads (:func:`variable_references`);
    ``memo`` keeps each variable's ids across the formulas of one table and world."""
    memo = {} if memo is None else memo
    for name in _NAME.findall(formula):
        if name not in memo:
            memo[name] = variable_references(name, district, params, cards)
    return tuple(dict.fromkeys(ref for name in _NAME.findall(formula) for ref in memo[name]))


#: What sizes each CAPEX item besides its parameters: district sections (bibliography ids).
_CAPEX_SIZING: dict[str, tuple[str, ...]] = {
    "pv": ("buildings", "existing"), "retrofit": ("buildings",), "heat_pumps": ("buildings",),
    "district_heating": ("buildings",), "smart_meters": ("buildings",), "chargers": ("mobility",),
}
#: The method behind every investment item: investment costs in a cost-benefit analysis (EC CBA guide).
CAPEX_METHOD = "ec-cba-guide-2014"


#: The method behind discounting a stakeholder's cash flows at the rate of its type: the EC CBA
#: guide's financial discount rate (a 4 % real benchmark, a nominal rate with current prices).
DISCOUNT_METHOD: tuple[str, ...] = ("ec-cba-guide-2014",)


def discount_rate_source(source: str) -> str:
    """The phrase for a stakeholder type's discount rate: its note and ``assumption [low-high]``
    range, and the benchmark it is set against."""
    return data_phrase(f"{source}; set against the EC CBA guide's financial discount rate")


def assumed_range(param: str) -> str:
    """``assumption [low-high]`` of a vocabulary parameter (its plausible range)."""
    spec = spec_of(param)
    low, high = spec.plausible or (spec.default or 0.0, spec.default or 0.0)
    return data_phrase(f"assumption [{low:g}-{high:g}]")


def capital_references(source: str, card: Card) -> tuple[str, ...]:
    """The bibliography ids behind a financing card's capital: the ``ref:<id>`` tokens of its
    source, and the deck's source for the card's terms (an assumption with a range otherwise)."""
    return tuple(dict.fromkeys((*cited_in(source), DECK_SOURCE)))


def capex_references(item: str, names: Sequence[str], district: District, params: Params) -> tuple[str, ...]:
    """The bibliography ids behind CAPEX item ``item`` sized by parameters ``names``: the
    parameters' references (unit costs, district values, rules), the district sections that
    size it (:data:`_CAPEX_SIZING`) and the costing method (:data:`CAPEX_METHOD`)."""
    refs = [ref for name in names for ref in parameter_references(name, district, params)]
    refs += section_references(district, *_CAPEX_SIZING.get(item, ()))
    return tuple(dict.fromkeys((*refs, CAPEX_METHOD)))


def card_range(params: Params, param: str, cards: Sequence[Card]) -> tuple[float, float] | None:
    """The plausible range of ``param``'s value from the ``assumption [low-high]`` of each card
    change behind it: the value moved by each change's distance to its range ends; None when
    no change states a range."""
    value, low, high, found = params[param], params[param], params[param], False
    for card in cards:
        for change in card.effects.parameters:
            span = assumption_range(change.source) if change.param == param else None
            if span is not None and card.id in params.origin.get(param, ()):
                low, high, found = low - (change.value - span[0]), high + (span[1] - change.value), True
    return (min(low, value), max(high, value)) if found else None
