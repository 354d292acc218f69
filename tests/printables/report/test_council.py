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


def test_the_percentile_rerun_keeps_the_facilitators_overrides() -> None:
    """The report and ``assess --json`` run the P5/P50/P95 NPV after the fact when the assessment
    came without it (printables.report.council.uncertainty). The workshop's overrides
    (server/assumptions.py, ``assess(overrides=...)``) travel with the assessment
    (``Assessment.overrides``) and every re-run applies them: with the discount rate set to 8 %
    instead of Munich's 4 % (the district's finance section), the P50 NPV is the one of the
    overridden run (the median of draws around its base, as ``assess(sensitivity=True)`` reports
    it), not the default rate's."""
    from printables.report.council import uncertainty

    model = TableModel.from_yaml(EXAMPLES / "munich-harthof.yaml")
    district = load_district(model.district or "")
    deck = default_deck()
    overrides = {"finance.discount_rate": 0.08}
    a = assess(model, district, deck=deck, overrides=overrides)
    assert a.overrides == overrides
    default = assess(model, district, deck=deck)
    assert abs(a.financing.npv - default.financing.npv) > 1e6  # the override matters
    p50 = next(o.p50 for o in uncertainty(a, model, district, deck).outputs if o.key == "npv")
    with_run = assess(model, district, deck=deck, overrides=overrides, sensitivity=True).uncertainty
    assert with_run is not None and with_run.npv is not None
    assert p50 == pytest.approx(with_run.npv[1], rel=1e-9)
    assert abs(p50 - a.financing.npv) < abs(p50 - default.financing.npv)
