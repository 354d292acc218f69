"""Every assumption states its unit and a range (issue 11, "cite", item 3).

Before: 26 of 79 assumptions of the Munich example had no unit (the district's and the cards'
value-flow constants), ``tariff.feed_in`` set by a factor was labelled EUR/kWh, and
``asset.pv.replacement_cost`` had the zero-width range [1-1]."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game_rules import TableModel, assess, load_district
from game_rules.cashflow import Sourced, load
from game_rules.districts import DISTRICT_PRESETS, FIELD_UNITS, district_unit
from game_rules.params import VOCABULARY
from game_rules.results import Assessment

EXAMPLES = ("citizen-cooperative", "lyon-confluence", "munich-harthof")


@pytest.fixture(scope="module")
def assessed(example: Callable[[str], TableModel]) -> dict[str, Assessment]:
    out = {}
    for name in EXAMPLES:
        model = example(name)
        out[name] = assess(model, load_district(model.district), ("SCN-04", "SCN-10"))
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_assumption_of_an_example_has_a_unit_and_a_range(assessed: dict[str, Assessment], name: str) -> None:
    """Vocabulary defaults, card changes and value-flow constants, district fields, lifecycle
    data, price components, stand-ins: each has a unit and low < high around its value."""
    items = assessed[name].assumptions
    assert len(items) > 60
    for item in items:
        assert item.unit, item.parameter
        assert item.low < item.high, item.parameter
        assert item.low <= item.value <= item.high, item.parameter


def test_a_change_by_a_factor_is_a_factor(assessed: dict[str, Assessment]) -> None:
    """TECH-13 multiplies the electricity demand by 0.97, assumption [0.95-0.98] (consumption
    feedback): the value and its range are factors, not kWh. WHY-04 adds a premium in EUR/kWh,
    assumption [0-0.004] (at most the 0.4 ct of § 53 EEG 2023, ref:eeg-2023-53): its unit is the
    parameter's."""
    items = assessed["lyon-confluence"].assumptions
    demand = next(x for x in items if x.parameter == "demand.electricity" and x.set_by == "TECH-13")
    assert demand.unit == "factor" and (demand.low, demand.high) == (0.95, 0.98)
    premium = next(x for x in items if x.parameter == "tariff.direct_marketing_premium")
    assert premium.set_by == "WHY-04" and premium.unit == "EUR/kWh" and (premium.low, premium.high) == (0.0, 0.004)


def test_value_flow_constants_read_their_unit_from_the_card(assessed: dict[str, Assessment]) -> None:
    """WHY-02's flat fee is 'assumption [3-8] EUR per month'; WHAT-09's dividend '[0.02-0.06]'
    is a share of the capital (fraction)."""
    items = {x.parameter: x for x in assessed["citizen-cooperative"].assumptions}
    assert items["WHY-02.value_flows[0]"].unit == "EUR per month"
    assert items["WHAT-09.value_flows[0]"].unit == "fraction"


def test_every_vocabulary_assumption_has_a_unit_and_a_range() -> None:
    """A parameter with a plausible range (an assumption, or the range of a stand-in) has a unit
    and low < high inside its bounds."""
    for name, spec in VOCABULARY.items():
        assert spec.unit, name
        if spec.plausible is not None:
            low, high = spec.plausible
            assert spec.low <= low < high <= spec.high, name


@pytest.mark.parametrize("district", DISTRICT_PRESETS)
def test_every_district_assumption_has_a_unit_and_a_range(district: str) -> None:
    """Each field a district file lists as an assumption has a unit (districts.FIELD_UNITS) and
    a range low < high (the loader refuses a point)."""
    d = load_district(district)
    sections = [getattr(d, name) for name in ("location", "climate", "existing", "tariffs", "emissions",
                                              "primary_energy", "regulation", "finance", "mobility")]
    for section in (*sections, *d.buildings):
        for field_name, (low, high) in section.assumptions.items():
            assert district_unit(field_name) in FIELD_UNITS.values()
            assert low < high, (district, field_name)


def test_lifecycle_data_states_ranges_not_points() -> None:
    """assets.yaml: the PV body's replacement cost is 1.0 in [0.6-1.2] (module prices fall), the
    set-up's O&M 0 in [0-0.02]; a point range is refused when read."""
    data = load()
    assert data.assets["pv"].replacement_cost.assumption == (0.6, 1.2)
    assert data.assets["set_up"].fixed_om.assumption == (0.0, 0.02)
    with pytest.raises(ValueError, match="low < high"):
        Sourced(value=1.0, assumption=(1.0, 1.0))
    with pytest.raises(ValueError, match="has no unit"):
        district_unit("no_such_field")
