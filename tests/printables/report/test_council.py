"""The financing figures the table report takes from an assessment (printables.report.council)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.deck import default_deck
from game_rules import TableModel, assess, load_district
from printables.report.council import finance_extras

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.mark.parametrize(("name", "grants"), [("munich-harthof", 5e6), ("citizen-cooperative", 0.0)])
def test_the_npv_before_grants_is_shown_where_grants_count(name: str, grants: float) -> None:
    """The project NPV counts grants from outside the district (the EU programme's EUR 5 M in
    Munich, WHY-11); the report shows beside it the return on the whole investment, FNPV(C) of
    the EC CBA guide 2014 (docs/rules.md, "Project cash flows"), 5 M lower. Without a grant (the
    cooperative) it would repeat the project NPV and is left out."""
    model = TableModel.from_yaml(EXAMPLES / f"{name}.yaml")
    district = load_district(model.district or "")
    a = assess(model, district)
    extras = finance_extras(a, model, district, default_deck())
    assert extras["project_npv"].value == pytest.approx(a.financing.npv)
    before = extras["project_npv_before_grants"]
    if grants:
        assert before is not None and before.value == pytest.approx(a.financing.npv - grants)
    else:
        assert before is None
