"""``assembler assess``: assess a table model (card ids per slot) in a district.

Readable summary by default: KPIs, net values, financing with the project NPV and its horizon,
governance, risks, today without the project beside the project, every scenario side by side,
P5/P50/P95 and, with ``--sensitivity``, the tornado. ``--json`` prints the full assessment with
provenance and the full bibliography (``references``); shares are fractions there and per cent
only in the summary. ``--hourly FILE.csv`` writes the 8,760-hour run of the world asked for (as played, or the
``--scenario`` given; one file per scenario when several are given; ``printables.report.hourly``). A bad
model, district, date or file exits 2 with one line naming what was expected.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from catalogs import languages


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="assess a table model (cards per slot) in a district under scenarios",
        description="Assess MODEL.yaml: KPIs, value flows, governance fit, financing, risks, scenarios side by "
                    "side, sensitivity and uncertainty (docs/rules.md, docs/reports.md).",
    )
    parser.add_argument("model", type=Path, help="model file: slots -> card ids, roles (see examples/)")
    parser.add_argument("--district", default=None, metavar="ID|FILE",
                        help="a built-in district id (e.g. lyon-confluence, munich-harthof) or a district YAML file "
                             "(default: the model's district)")
    parser.add_argument("--weather", type=Path, default=None, metavar="FILE",
                        help="EPW or PVGIS TMY weather file replacing the district's synthetic year")
    parser.add_argument("--scenario", action="append", default=[], metavar="SCN-xx", help="scenario card id (repeatable)")
    parser.add_argument("--sensitivity", action="store_true",
                        help="also run the sensitivity analysis (tornado of the project NPV) and print it")
    parser.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", type=_as_of,
                        help="the date whose rules are in force (default: today)")
    parser.add_argument("--hourly", default=None, metavar="FILE.csv", type=Path,
                        help="write the 8,760 hourly rows of the project's energy run (every series) to FILE.csv, in the "
                             "world of --scenario (FILE-SCN-xx.csv per scenario when several are given)")
    parser.add_argument("--replicate-to", default=None, metavar="DISTRICT", help="also report what changes in another district")
    parser.add_argument("--json", action="store_true", help="print the full assessment as JSON")
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the summary (default en)")
    parser.set_defaults(func=run)


def _as_of(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, e.g. 2026-06-01, got {raw!r}") from None


def net_value_lines(value: Any, lang: str) -> list[str]:
    """A stakeholder's net value, then the engine's sum in words (in ``lang``) under it, so a
    reader sees where the number comes from (money in - money out - own running costs)."""
    from catalogs.formatting import money

    lines = [f"  {value.label.get(lang):40s} {money(value.net, lang):>12s}"]
    if value.explanation is not None:
        lines.append(f"      {value.explanation.get(lang)}")
    return lines


def summary(assessment: Any, lang: str) -> str:
    """The readable report: KPIs, net values, financing, governance, risks, warnings, scenarios;
    headings in ``lang`` (the report's labels, ``printables.report.i18n``), every number in the
    language's CLDR format (``printables.report.formatting``, ``catalogs.formatting``) and each
    KPI's rule in words (``printables.report.provenance_text``)."""
    from catalogs import entries, message
    from catalogs.formatting import money
    from printables.report.formatting import format_value as fv
    from printables.report.formatting import unit_text
    from printables.report.i18n import has, t
    from printables.report.provenance_text import rule_text

    a = assessment
    district = message(f"district:{a.district}.name", lang) if f"district:{a.district}.name" in entries(lang) else a.district
    lines = [f"{t('cover.district', lang)} {district} · {' '.join(a.cards)}", "", t("energy.kpis", lang)]
    for k in a.kpis:
        mark = "" if k.meets is None else ("  ✓" if k.meets else "  ✗")
        lines.append(f"  {k.label.get(lang):40s} {fv(k.value, k.unit, lang):>22s}{mark}   [{rule_text(k.provenance.rule, lang)}]")
    lines += ["", f"{t('flows.net_values', lang)} [{unit_text('EUR/yr', lang)}] = {t('term.net_value', lang)}"]
    for v in sorted(a.stakeholders, key=lambda v: v.net):
        if abs(v.net) >= 1 or v.costs >= 1:
            lines += net_value_lines(v, lang)
    f = a.financing
    lines += ["", f"{t('sec.financing', lang)}{t('term.colon', lang)}{t('fin.capex', lang)} {money(f.capex, lang)}, {t('fin.gap', lang)} "
                  f"{money(f.gap, lang)}, {t('fin.wacc', lang)} {fv(f.cost_of_capital, 'fraction', lang)}, "
                  f"{t('col.npv', lang)} {money(f.npv, lang)}"
                  + ("" if f.npv_without_markets is None else
                     f", {t('fin.project_npv_without_markets', lang)} {money(f.npv_without_markets, lang)}")]
    for s in f.sources:
        lines.append(f"  {s.card or '-':8s} {money(s.amount, lang):>12s} · {fv(s.rate, 'fraction', lang)} · "
                     f"{fv(s.term_years, 'count', lang)} {unit_text('years', lang)}")
    g = a.governance
    lines += ["", f"{t('sec.governance', lang)} {fv(g.score, 'count', lang)}/100 ({g.card or '-'})"]
    lines += [f"  {'+' if r.effect >= 0 else '-'} {r.text.get(lang)}" for r in g.reasons]
    lines += sharing_lines(a, lang)
    lines += ["", f"{t('sec.risks', lang)} ({t('risk.probability', lang)} × {t('risk.impact', lang)})"]
    for r in a.risks:
        where = f" [{r.scenario}]" if r.scenario else ""
        fix = f"  → {', '.join(r.mitigating_cards[:4])}" if r.mitigating_cards else ""
        kind = t(f"riskkind.{r.kind}", lang) if has(f"riskkind.{r.kind}") else str(r.kind)
        lines.append(f"  {r.score:2d} {kind:20s}{where} {r.text.get(lang)}{fix}")
    if a.warnings:
        lines += ["", t("sec.warnings", lang)] + [f"  ! {w.text.get(lang)}" for w in a.warnings]
    return "\n".join(lines)


def sharing_lines(a: Any, lang: str) -> list[str]:
    """The sharing scheme (game_rules.schemes): scheme and law, key, members of candidates,
    self-consumption and self-sufficiency per scheme and for the district, and where the
    buildings' positions come from (the district file's sites or the assumed grid), in ``lang``."""
    from catalogs.formatting import day
    from printables.report.formatting import format_value
    from printables.report.i18n import t

    s = a.sharing
    if s is None:
        return []

    def shares(balance: Any) -> str:
        return (f"{t('col.self_consumption', lang)} {format_value(balance.self_consumption, 'fraction', lang)}, "
                f"{t('col.self_sufficiency', lang)} {format_value(balance.self_sufficiency, 'fraction', lang)}")

    colon = t("term.colon", lang)
    # The rules' date as the language writes it (CLDR via Babel), not ISO 8601.
    lines = ["", f"{t('sec.sharing', lang)} ({day(date.fromisoformat(str(s.as_of)), lang)})"]
    if not s.schemes:
        lines.append(f"  {t('sharing.none', lang)}")
    for x in s.schemes:
        members = t("sharing.members_of_candidates", lang, members=len(x.members), candidates=x.candidates)
        lines.append(f"  {x.label.get(lang)} ({x.legal}) · {t('col.key', lang)}{colon}{t(f'sharing.key.{x.key}', lang)}")
        lines.append(f"  {t('col.scheme_members', lang)}{colon}{members} · {shares(x.balance)}   [{x.provenance.rule}]")
        lines += [f"  ✗ {r.text.get(lang)}" for r in x.refused]
    lines.append(f"  {t('sharing.district_scheme', lang)}{colon}{shares(s.district)}   [{s.district.provenance.rule}]")
    if s.one_node is not None:
        lines.append(f"  {t('sharing.district_node', lang)}{colon}{shares(s.one_node)}   [{s.one_node.provenance.rule}]")
    lines.append(f"  {t(f'sharing.placement.{s.placement}', lang)}")
    return lines


def _row(label: str, cells: list[str], width: int = 36, cell: int = 19) -> str:
    """A text table row: the label in ``width`` characters, each cell right-aligned, at least one
    space apart. A longer label (a German compound) keeps every word: it takes its own line and
    the cells follow on the next."""
    values = "".join(f" {c:>{cell}s}" for c in cells)
    if len(label) > width:
        return f"  {label}\n  {'':{width}s}{values}"
    return f"  {label:{width}s}{values}"


def council_lines(a: Any, parts: dict[str, Any], lang: str) -> list[str]:
    """Project NPV and horizon, today vs the project, scenarios side by side, P5/P50/P95 and the
    tornado (when run), formatted for people in ``lang`` (``printables.report.formatting``)."""
    from printables.report.council_pages import citation_text
    from printables.report.formatting import format_value as fv
    from printables.report.formatting import unit_text
    from printables.report.i18n import t

    fin = parts["financing"]
    lines = ["", f"{t('fin.project_npv', lang)}{t('term.colon', lang)}{fv(fin.project_npv.value, 'EUR', lang)}, "
                 f"{t('fin.horizon', lang)} {fv(fin.horizon_years, 'count', lang)} {unit_text('years', lang)}"]
    if fin.project_npv_without_markets is not None:  # beside every NPV (docs/rules.md "Which NPV this is")
        lines.append(f"  {t('fin.project_npv_without_markets', lang)}{t('term.colon', lang)}"
                     f"{fv(fin.project_npv_without_markets.value, 'EUR', lang)}")
    for key, fig in (("fin.irr", fin.irr), ("fin.discounted_payback", fin.discounted_payback_years),
                     ("fin.lcoe_electricity", fin.lcoe_electricity), ("fin.lcoe_heat", fin.lcoe_heat)):
        if fig is not None:
            lines.append(f"  {t(key, lang)}{t('term.colon', lang)}{fv(fig.value, fig.unit, lang)}")
    project = {k.key: k for k in parts["kpis"]}
    lines += ["", t("sec.baseline", lang), _row(t("col.kpi", lang), [t("col.today_short", lang), t("col.project", lang)])]
    for k in parts["baseline"].kpis:
        if k.key in project:
            lines.append(_row(k.name.get(lang), [fv(k.value, k.unit, lang), fv(project[k.key].value, k.unit, lang)]))
    outcomes = parts["scenario_outcomes"]
    if outcomes:
        lines += ["", t("sec.scenarios", lang), _row("", [t("col.main", lang)] + [o.scenario_card for o in outcomes])]
        from printables.report.council_pages import inert_text, occurrence_text

        # An inert scenario (not applicable here, its law already in force) says why, not a likelihood.
        lines.append(_row(t("scn.occurs", lang), [""] + [inert_text(o, lang) if o.inert else occurrence_text(o, lang)
                                                         if o.occurrence else "–" for o in outcomes]))
        lines.append(_row(t("scn.project_npv", lang), [fv(a.financing.npv, "EUR", lang)]
                          + ["–" if o.inert else fv(o.npv.value, "EUR", lang) for o in outcomes]))
        if a.financing.npv_without_markets is not None:
            lines.append(_row(t("fin.project_npv_without_markets", lang), [fv(a.financing.npv_without_markets, "EUR", lang)]
                              + ["–" if o.inert or o.npv_without_markets is None else fv(o.npv_without_markets.value, "EUR", lang)
                                 for o in outcomes]))
        for k in parts["kpis"]:
            cells = [fv(k.value, k.unit, lang)]
            for o in outcomes:
                m = None if o.inert else next((x for x in o.kpis if x.key == k.key), None)
                cells.append("–" if m is None else fv(m.value, m.unit, lang))
            lines.append(_row(k.name.get(lang), cells))
        here = {s.stakeholder: s.net for s in a.stakeholders}
        ids = list(dict.fromkeys([*here, *(s.id for o in outcomes for s in o.net_values)]))
        for sid in ids:
            nets = [here.get(sid, 0.0)] + [next((s.net_value_eur for s in o.net_values if s.id == sid), 0.0) for o in outcomes]
            if any(abs(v) >= 1 for v in nets):
                name = next((s.label.get(lang) for s in a.stakeholders if s.stakeholder == sid), sid)
                lines.append(_row(f"{t('col.net_value', lang)}{t('term.colon', lang)}{name}", [fv(nets[0], "EUR/yr", lang)]
                                  + ["–" if o.inert else fv(v, "EUR/yr", lang) for o, v in zip(outcomes, nets[1:], strict=True)]))
        if any(o.occurrence == "event" for o in outcomes):
            lines.append("  " + t("scn.event_note", lang))
    u = parts["uncertainty"]
    lines += ["", f"{t('sec.uncertainty', lang)} · {t('unc.draws', lang, n=int(u.samples))}",
              _row("", [t("col.p5", lang), t("col.p50", lang), t("col.p95", lang)])]
    lines += [_row(o.name.get(lang), [fv(v, o.unit, lang) for v in (o.p5, o.p50, o.p95)]) for o in u.outputs]
    s = parts["sensitivity"]
    if s is not None:
        lines += ["", f"{t('sec.sensitivity', lang)}{t('term.colon', lang)}{s.output_name.get(lang)} = {fv(s.base_output, s.unit, lang)} "
                      f"({t('cli.assumption', lang)})",
                  _row(t("col.parameter", lang), [t(k, lang) for k in ("col.base_input", "col.low_input", "col.high_input",
                                                                     "col.at_low", "col.at_high")])]
        for b in s.bars:
            lines.append(_row(b.name.get(lang) + (" *" if b.assumption else "") + (" †" if b.range_basis == "district" else ""),
                              [fv(b.base_input, b.unit, lang), fv(b.low_input, b.unit, lang), fv(b.high_input, b.unit, lang),
                               fv(b.low_output, s.unit, lang), fv(b.high_output, s.unit, lang)]))
    refs = parts["references"]
    lines += ["", t("sec.references", lang)] + [f"  [{r.id}] {citation_text(r, lang)}" for r in refs]
    return lines


def council_parts(a: Any, model: Any, district: Any, deck: Any) -> dict[str, Any]:
    """The report-model parts the summary and the JSON show (``printables.report.council``)."""
    from printables.report import council
    from printables.report.content import financing

    return {
        "financing": financing(a, deck, district, model),
        "kpis": tuple(council.kpi(k) for k in a.kpis),
        "baseline": council.baseline(a, district, deck),
        "scenario_outcomes": council.scenario_outcomes(a),
        "uncertainty": council.uncertainty(a, model, district, deck),
        "sensitivity": council.sensitivity(a),
        "references": council.references(a),
    }


def assessment_json(a: Any, model: Any, district: Any, deck: Any) -> dict[str, Any]:
    """The assessment as JSON with what a council compares filled in: the project NPV's
    ``financing.horizon_years``, the uncertainty run and the full entry of every reference id
    cited anywhere in it (``references``)."""
    from game_rules import uncertainty as unc
    from printables.report import council

    if a.uncertainty is None:
        from game_rules.outcome import prepare

        # The assessment's rules and the workshop's overrides, not today's rules and the defaults.
        prep = prepare(model, district, deck=deck, as_of=a.as_of, overrides=a.overrides or None, explain=False)
        a = a.model_copy(update={"uncertainty": unc.report(
            district, prep.params, council.measure_cards(prep.params), prep=prep, base=prep.table.base,
            npv_references=prep.main.financing.provenance.references)})
    data: dict[str, Any] = a.model_dump(mode="json")
    if not data["financing"].get("horizon_years"):
        data["financing"]["horizon_years"] = council.horizon_years(a, district)
    cited = sorted({r for r in _cited(data)})
    known = {r["id"] for r in data.get("references", [])}
    extra = council.references(a.model_copy(update={"references": ()}), [i for i in cited if i not in known])
    data["references"] = list(data.get("references", [])) + [r.model_dump(mode="json") for r in extra]
    return data


def _cited(value: Any) -> list[str]:
    """Every reference id a provenance cites anywhere in dumped JSON: its ``references`` list
    and the ``ref:<id>`` tokens of its ``source`` phrase."""
    from game_rules.references import cited_in

    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "references" and isinstance(item, list) and all(isinstance(i, str) for i in item):
                out.extend(item)
            elif key == "source" and isinstance(item, str):
                out.extend(cited_in(item))
            else:
                out.extend(_cited(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(_cited(item))
    return out


def hourly_paths(path: Path, scenarios: tuple[str, ...]) -> dict[str | None, Path]:
    """Where ``--hourly FILE.csv`` writes each world: FILE.csv for the world as played (no
    ``--scenario``) or the one scenario given; with several scenarios one file per scenario,
    ``FILE-SCN-xx.csv``, as the summary shows each scenario side by side (each its own world)."""
    if path.suffix.lower() != ".csv":
        raise ValueError(f"expected --hourly FILE.csv, got {str(path)!r}")
    if not scenarios:
        return {None: path}
    if len(scenarios) == 1:
        return {scenarios[0]: path}
    return {s: path.with_name(f"{path.stem}-{s}{path.suffix}") for s in dict.fromkeys(scenarios)}


def write_hourly(path: Path, model: Any, district: Any, deck: Any, scenarios: tuple[str, ...], as_of: date | None) -> None:
    """The 8,760-hour run of each world asked for (``printables.report.hourly``: its first line
    states the world, the time base and the units), one file per world (:func:`hourly_paths`)."""
    import sys

    from printables.report.hourly import hourly_csv

    paths = hourly_paths(path, scenarios)
    for scenario, target in paths.items():
        try:
            target.write_text(hourly_csv(model, district, deck, scenario, as_of=as_of), encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"--hourly {target}: cannot be written ({exc.strerror})") from None
        if len(paths) > 1:
            print(f"{target} ({scenario})", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from cards.deck import default_deck
    from game_rules import TableModel, assess, load_district, replicate

    deck = default_deck()
    model = TableModel.from_yaml(args.model)
    name = args.district or model.district
    if name is None:
        raise ValueError("expected --district (a built-in district id or a district file); the model names none")
    district = load_district(name)
    if getattr(args, "weather", None) is not None:
        from game_rules.profiles import with_weather

        district = with_weather(district, args.weather)
    assessment = assess(model, district, args.scenario, deck=deck, as_of=args.as_of, sensitivity=args.sensitivity)
    if args.hourly is not None:
        write_hourly(args.hourly, model, district, deck, tuple(args.scenario), args.as_of)
    if args.replicate_to:
        rep = replicate(model, district, load_district(args.replicate_to), scenarios=tuple(args.scenario))
        if args.json:
            print(json.dumps(rep.model_dump(mode="json"), ensure_ascii=False, indent=1))
            return 0
        print(summary(assessment, args.lang))
        from catalogs import entries, message
        from printables.report.i18n import t

        key = f"district:{rep.to_district}.name"
        to = message(key, args.lang) if key in entries(args.lang) else rep.to_district
        print("\n" + t("cli.replication", args.lang, district=to))
        for change in (*rep.kpi_changes, *rep.breaks, *rep.new_warnings):
            print("  ", change.text.get(args.lang))
        return 0
    if args.json:
        print(json.dumps(assessment_json(assessment, model, district, deck), ensure_ascii=False, indent=1))
    else:
        print(summary(assessment, args.lang))
        print("\n".join(council_lines(assessment, council_parts(assessment, model, district, deck), args.lang)))
    return 0
