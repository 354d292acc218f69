"""Replication: the same table model assessed in another district, and what changes or breaks.

What *breaks* = risks of the regulatory kind, financing gaps and governance reasons with a
negative effect that appear in the target but not in the source (e.g. a Mieterstrom model moved
to Lyon: the French regime has no §42a EnWG). KPI changes list every KPI whose value moves.
"""

from __future__ import annotations

from cards.deck import Deck
from catalogs import SOURCE_LANG
from catalogs import formatting as fmt
from game_rules.assessment import assess
from game_rules.districts import District
from game_rules.results import Assessment, Change, Replication
from game_rules.table import TableModel
from game_rules.texts import Text, text

_KEY_KPIS = ("pv_yield", "self_sufficiency", "renewable_share", "pe_balance", "co2_reduction", "capex",
             "financing_gap", "worst_stakeholder", "governance_fit", "risk_score")


def _fmt(value: float, unit: str) -> Text:
    """A KPI value with its unit in each language (CLDR numbers, catalog unit names)."""
    if unit == "fraction":
        return Text.build(lambda lang: fmt.percent(value, lang))
    return Text.build(lambda lang: fmt.quantity(value, unit, lang) if unit else fmt.number(value, lang))


def _broken(a: Assessment) -> dict[str, Text]:
    out = {f"{r.code}:{r.text.get(SOURCE_LANG)}": r.text for r in a.risks if r.kind in ("regulatory", "financing_gap")}
    out.update({f"{r.code}": r.text for r in a.governance.reasons if r.effect < 0})
    return out


def replicate(model: TableModel, from_district: District, to_district: District, *, deck: Deck | None = None,
              scenarios: tuple[str, ...] = (), source: Assessment | None = None) -> Replication:
    """Assess ``model`` in both districts and explain the differences. ``source``: the model's
    assessment in ``from_district`` under ``scenarios`` when the caller has it already (a report
    assesses it with the sensitivity run first), so it is not computed twice."""
    if source is None:
        source = assess(model, from_district, scenarios, deck=deck)
    target = assess(model, to_district, scenarios, deck=deck)
    changes = []
    for key in _KEY_KPIS:
        before, after = source.kpi(key), target.kpi(key)
        if abs(after.value - before.value) > 1e-6 * max(1.0, abs(before.value)):
            changes.append(Change(code=f"kpi.{key}", text=text(
                "rep.kpi_change", kpi=before.label, before=_fmt(before.value, before.unit),
                after=_fmt(after.value, after.unit))))
    old, new = _broken(source), _broken(target)
    name = to_district.name
    breaks = [Change(code=key.split(":")[0], text=text("rep.breaks", district=Text(name.root), what=t))
              for key, t in new.items() if key not in old]
    old_w = {w.code for w in source.warnings}
    warnings = [Change(code=w.code, text=text("rep.new_warning", district=Text(name.root), what=w.text))
                for w in target.warnings if w.code not in old_w]
    return Replication(model_cards=source.cards, from_district=from_district.id, to_district=to_district.id,
                       source=source, target=target, kpi_changes=tuple(changes), breaks=tuple(breaks),
                       new_warnings=tuple(warnings))
