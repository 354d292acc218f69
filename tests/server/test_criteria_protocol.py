"""The comparison criteria a facilitator may weight are exactly the rules engine's KPIs."""

from __future__ import annotations

from typing import get_args

import pytest

from game_rules import DEFAULT_WEIGHTS
from game_rules.texts import CATALOGUE
from server.exports import parse_weights
from server.protocol import CriteriaIn, CriterionKey, check_weights


def test_criteria_are_the_engines_kpis() -> None:
    engine = {key.removeprefix("kpi.") for key in CATALOGUE if key.startswith("kpi.")}
    assert set(get_args(CriterionKey)) == engine
    assert set(DEFAULT_WEIGHTS) <= engine
    assert CriteriaIn.model_validate({"weights": DEFAULT_WEIGHTS}).weights == DEFAULT_WEIGHTS


def test_zero_weights_are_dropped_and_the_rest_kept() -> None:
    assert check_weights({"capex": 0, "co2_reduction": 2.5}) == {"co2_reduction": 2.5}
    assert parse_weights("capex:0, co2_reduction:2.5") == {"co2_reduction": 2.5}
    assert parse_weights("") is None and CriteriaIn.model_validate({"weights": None}).weights is None


@pytest.mark.parametrize(("weights", "words"), [
    ({"sunshine": 1.0}, ["sunshine", "co2_reduction"]),
    ({"capex": -0.5}, ["capex", "greater than or equal to 0"]),
    ({"capex": float("inf")}, ["capex", "finite"]),
    ({"capex": 0.0}, ["at least one criterion with a weight above 0"]),
    ({}, ["at least one criterion with a weight above 0", "none"]),
])
def test_bad_weights_name_the_problem(weights: dict[str, float], words: list[str]) -> None:
    with pytest.raises(ValueError, match="bad comparison weights") as caught:
        check_weights(weights)
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_malformed_query_weights_name_the_part() -> None:
    with pytest.raises(ValueError, match=r"key:number pairs.*'capex'"):
        parse_weights("capex")
