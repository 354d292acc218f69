"""``assembler assess``: assess a table model (card ids per slot) in a district.

Readable summary by default; ``--json`` prints the full assessment with provenance. A bad model
or district (unknown card, card in the wrong slot, malformed file) exits 2 with one line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from catalogs import languages


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="assess a table model (cards per slot) in a district under scenarios",
        description="Assess MODEL.yaml: KPIs, value flows, governance fit, financing, risks (docs/rules.md).",
    )
    parser.add_argument("model", type=Path, help="model file: slots -> card ids, roles (see examples/)")
    parser.add_argument("--district", default=None,
                        help="lyon-confluence, munich-harthof or a district YAML file (default: the model's district)")
    parser.add_argument("--scenario", action="append", default=[], metavar="SCN-xx", help="scenario card id (repeatable)")
    parser.add_argument("--replicate-to", default=None, metavar="DISTRICT", help="also report what changes in another district")
    parser.add_argument("--json", action="store_true", help="print the full assessment as JSON")
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the summary (default en)")
    parser.set_defaults(func=run)


def _value(value: float, unit: str) -> str:
    if unit == "fraction":
        return f"{value * 100:.1f} %"
    return f"{value:,.0f} {unit}"


def net_value_lines(value: Any, lang: str) -> list[str]:
    """A stakeholder's net value, then the engine's sum in words (in ``lang``) under it, so a
    reader sees where the number comes from (money in - money out - own running costs)."""
    from game_rules.texts import money

    lines = [f"  {value.label.get(lang):40s} {money(value.net):>12s}"]
    if value.explanation is not None:
        lines.append(f"      {value.explanation.get(lang)}")
    return lines


def summary(assessment: Any, lang: str) -> str:
    """The readable report: KPIs, net values, financing, governance, risks, warnings, scenarios."""
    from game_rules.texts import money

    a = assessment
    lines = [f"District {a.district} · cards {' '.join(a.cards)}", "", "KPIs"]
    for k in a.kpis:
        mark = "" if k.meets is None else ("  ✓" if k.meets else "  ✗")
        lines.append(f"  {k.label.get(lang):40s} {_value(k.value, k.unit):>22s}{mark}   [{k.provenance.rule}]")
    lines += ["", "Net value per stakeholder [EUR/yr] = money in - money out - own costs"]
    for v in sorted(a.stakeholders, key=lambda v: v.net):
        if abs(v.net) >= 1 or v.costs >= 1:
            lines += net_value_lines(v, lang)
    f = a.financing
    lines += ["", f"Financing: CAPEX {money(f.capex)}, gap {money(f.gap)}, cost of capital {f.cost_of_capital * 100:.1f} %, NPV {money(f.npv)}"]
    for s in f.sources:
        lines.append(f"  {s.card} {s.kind:15s} {money(s.amount):>10s} at {s.rate * 100:.1f} % over {s.term_years} yr")
    g = a.governance
    lines += ["", f"Governance fit {g.score}/100 ({g.card or '-'})"]
    lines += [f"  {'+' if r.effect >= 0 else '-'} {r.text.get(lang)}" for r in g.reasons]
    lines += ["", "Risks (probability x impact)"]
    for r in a.risks:
        where = f" [{r.scenario}]" if r.scenario else ""
        fix = f"  → {', '.join(r.mitigating_cards[:4])}" if r.mitigating_cards else ""
        lines.append(f"  {r.score:2d} {r.kind:20s}{where} {r.text.get(lang)}{fix}")
    if a.warnings:
        lines += ["", "Warnings"] + [f"  ! {w.text.get(lang)}" for w in a.warnings]
    for s in a.scenario_results:
        worst = min((v.net for v in s.stakeholders), default=0.0)
        pe = next(k for k in s.kpis if k.key == "pe_balance")
        lines.append(f"Scenario {s.scenario} {s.label.get(lang)}: NPV {money(s.npv)}, lowest net {money(worst)}, PE balance {pe.value:,.0f} MWh")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from game_rules import TableModel, assess, load_district, replicate

    model = TableModel.from_yaml(args.model)
    name = args.district or model.district
    if name is None:
        raise ValueError("expected --district (lyon-confluence, munich-harthof or a file); the model names none")
    district = load_district(name)
    assessment = assess(model, district, args.scenario)
    if args.replicate_to:
        rep = replicate(model, district, load_district(args.replicate_to), scenarios=tuple(args.scenario))
        if args.json:
            print(json.dumps(rep.model_dump(mode="json"), ensure_ascii=False, indent=1))
            return 0
        print(summary(assessment, args.lang))
        print("\nReplication to", rep.to_district)
        for change in (*rep.kpi_changes, *rep.breaks, *rep.new_warnings):
            print("  ", change.text.get(args.lang))
        return 0
    if args.json:
        print(json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False, indent=1))
    else:
        print(summary(assessment, args.lang))
    return 0
