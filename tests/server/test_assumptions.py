"""A workshop's assumptions (server/assumptions.py): stored with the workshop, offered with their
labels and sources, and handed to every assessment of its tables and to its reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game_rules.params import spec_of
from printables.report.content import ReportOptions, board_of
from server.assessing import BoardInput
from server.assumptions import OFFERED, AssumptionsIn, assumptions_out
from server.store import Store, WorkshopRow


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    s.migrate()
    s.create_workshop(WorkshopRow(id="w1", name="Prices", lang="en", district="lyon-confluence", is_open=True), [], {})
    yield s
    s.dispose()


def test_stored_values_come_back_sorted_and_reset(store: Store) -> None:
    """Values set are read back with the workshop (sorted by name); None restores the defaults."""
    store.set_assumptions("w1", {"p2p.fee_eur_per_kwh": 0.015, "emaas.fee_eur_per_car": 7000.0})
    row = store.workshop("w1")
    assert row is not None and row.assumptions == (("emaas.fee_eur_per_car", 7000.0), ("p2p.fee_eur_per_kwh", 0.015))
    store.set_assumptions("w1", None)
    row = store.workshop("w1")
    assert row is not None and row.assumptions == ()
    with pytest.raises(KeyError, match="workshop"):
        store.set_assumptions("nope", {"p2p.fee_eur_per_kwh": 0.01})


def test_the_console_is_offered_the_market_prices_with_their_sources() -> None:
    """The four market prices, each labelled in every language, with its default and, for the
    flexibility prices, the British DSO sources of the defaults (game_rules.params)."""
    out = assumptions_out({"p2p.fee_eur_per_kwh": 0.015})
    assert [p.key for p in out.parameters] == list(OFFERED)
    by_key = {p.key: p for p in out.parameters}
    assert by_key["flex.availability_eur_per_kw_h"].default == 0.025
    assert "nged-flex-earnings" in by_key["flex.availability_eur_per_kw_h"].references
    assert by_key["p2p.fee_eur_per_kwh"].plausible == spec_of("p2p.fee_eur_per_kwh").plausible
    assert all(set(p.label.root) >= {"en", "fr", "de", "pt"} for p in out.parameters)
    assert out.values == {"p2p.fee_eur_per_kwh": 0.015}


def test_values_reach_the_live_assessment_and_the_report(store: Store) -> None:
    """The live assessment's board and the report's board carry the workshop's values, and the
    report's assessment key changes with them (a board assessed at other prices is not reused)."""
    from game_rules.play import Table

    store.set_assumptions("w1", {"flex.utilisation_eur_per_kwh": 0.6})
    row = store.workshop("w1")
    assert row is not None
    live = BoardInput(slots={}, roles=(), scenarios=(), district="lyon-confluence", overrides=row.assumptions)
    assert dict(live.overrides) == {"flex.utilisation_eur_per_kwh": 0.6}
    with_values = board_of(Table(), row, ReportOptions())
    without = board_of(Table(), WorkshopRow(id="w1", name="Prices", lang="en", district="lyon-confluence", is_open=True),
                       ReportOptions())
    assert dict(with_values.overrides) == {"flex.utilisation_eur_per_kwh": 0.6}
    assert with_values.key != without.key


def test_the_request_shape_refuses_non_numbers() -> None:
    with pytest.raises(ValueError):
        AssumptionsIn.model_validate({"values": {"p2p.fee_eur_per_kwh": "cheap"}})
    with pytest.raises(ValueError):
        AssumptionsIn.model_validate({"values": {"p2p.fee_eur_per_kwh": 0.01}, "extra": 1})
