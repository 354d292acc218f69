"""Net values in words (game_rules.flows.net_values): the sums a council reads beside the tables."""

from __future__ import annotations

from game_rules.flows import net_values
from game_rules.results import CostItem, FlowResult, Provenance
from game_rules.texts import Text


def _prov() -> Provenance:
    return Provenance(rule="test", references=("ec-cba-guide-2014",))


def test_costs_below_zero_are_added_as_savings_never_a_double_minus() -> None:
    """A utility whose own costs sum below zero (wholesale purchases avoided) nets
    15,837 - 190,571 + 169,336 = -5,398 EUR/yr (the Lyon example's utility); the sentence adds the
    saving as a positive amount instead of subtracting a negative one ("− own costs −€169,336")."""
    flows = [FlowResult(source="dso", to="utility", kind="money", amount=15_837.0, unit="EUR/yr",
                        label=Text.same("fees"), provenance=_prov()),
             FlowResult(source="utility", to="residents", kind="money", amount=190_571.0, unit="EUR/yr",
                        label=Text.same("bills"), provenance=_prov())]
    saved = CostItem(item="procurement_avoided", amount=-169_336.0, label=Text.same("Energy purchases avoided"),
                     provenance=_prov())
    values = {v.stakeholder: v for v in net_values(flows, ["utility"], {"utility": [saved]})}
    utility = values["utility"]
    assert utility.net == 15_837.0 - 190_571.0 + 169_336.0
    why = utility.explanation
    assert why is not None
    assert why.get("en") == ("Money in €15,837 − money out €190,571 + own costs saved €169,336 "
                             "(energy purchases avoided) = -€5,398 per year.")
    for lang in ("en", "fr", "de", "pt"):
        assert "−-" not in why.get(lang).replace(" ", "").replace("\u00a0", ""), lang
        assert "169" in why.get(lang)


def test_amounts_of_a_million_and_more_keep_every_euro() -> None:
    """Money out of 1,037,878 EUR/yr reads in whole euros as in the tables, never "€1M"."""
    flows = [FlowResult(source="cooperative", to="residents", kind="money", amount=1_037_878.0, unit="EUR/yr",
                        label=Text.same("dividends"), provenance=_prov())]
    owner = {v.stakeholder: v for v in net_values(flows, ["cooperative"])}["cooperative"]
    assert owner.explanation is not None
    assert owner.explanation.get("en") == "Money in €0 − money out €1,037,878 = -€1,037,878 per year."
    assert owner.explanation.get("fr") == "Recettes 0\u00a0€ − dépenses 1\u202f037\u202f878\u00a0€ = -1\u202f037\u202f878\u00a0€ par an."
