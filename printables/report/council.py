"""What a council compares, gathered from an assessment for the reports and ``assembler assess``.

The rules engine (``game_rules``) computes the baseline ("today, without the project"), each
scenario's world, the sensitivity run, the uncertainty run, the lifecycle cash flows and the
bibliography. This module turns them into the report's typed parts
(:mod:`printables.report.model`) so the PDF, the report JSON and the CLI show the same numbers.

Where an :class:`~game_rules.results.Assessment` does not (yet) carry a part, it is computed
here from the engine's public functions, never invented:

* baseline: the same district assessed with an empty table (no card, so no measure, no
  financing): exactly the engine's "today" reference;
* uncertainty: :func:`game_rules.uncertainty.report` over the table's parameters;
* references: every id cited by a provenance, resolved in ``game_rules.references.load()``.

Units: shares stay fractions (the formatter writes per cent for people).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from printables.report import model as rm
from printables.report.i18n import label

if TYPE_CHECKING:
    from cards.deck import Deck
    from game_rules.districts import District
    from game_rules.references import Reference
    from game_rules.results import KPI, Assessment, AssetCashFlows
    from game_rules.results import Provenance as RulesProvenance
    from game_rules.table import TableModel

class _Texts(Protocol):
    @property
    def root(self) -> dict[str, str]: ...


def text(value: _Texts) -> rm.Text:
    """A ``game_rules`` / ``cards`` text (a mapping keyed by language) as a report Text."""
    return rm.Text(value.root)


def prov(p: RulesProvenance) -> rm.Provenance:
    """A report provenance: cards, rule, source phrase and the bibliography ids it cites (its
    ``references`` and the ``ref:<id>`` tokens in its source phrase)."""
    from game_rules.references import cited_in

    refs = tuple(dict.fromkeys((*p.references, *cited_in(p.source))))
    return rm.Provenance(cards=tuple(p.cards), rule=p.rule, source=p.source, references=refs)


def kpi(k: KPI) -> rm.Kpi:
    """A report KPI from a ``game_rules.results.KPI``; the unit is the engine's (fractions stay
    fractions, the formatter prints them as per cent)."""
    return rm.Kpi(key=k.key, name=text(k.label), value=k.value, unit=k.unit, threshold=k.threshold,
                  higher_is_better=k.better == "higher", provenance=prov(k.provenance))


def net_values(values: Iterable[Any]) -> tuple[rm.Stakeholder, ...]:
    """Net values (net = in − out − own costs [EUR/yr]) of ``StakeholderValue`` items."""
    return tuple(rm.Stakeholder(
        id=s.stakeholder, name=text(s.label), net_value_eur=s.net, provenance=prov(s.provenance),
        costs_eur=s.costs, explanation=None if s.explanation is None else text(s.explanation),
        cost_items=tuple(rm.CostItem(label=text(i.label), amount_eur=i.amount, provenance=prov(i.provenance))
                         for i in s.cost_items),
    ) for s in values)


# --------------------------------------------------------------------------- baseline and scenarios


def baseline(a: Assessment, district: District, deck: Deck) -> rm.Baseline:
    """Today's district without the project in the same world: the engine's
    ``Assessment.baseline`` when it has one, else the district assessed with an empty table
    under the assessment's rules and the facilitator's overrides (``as_of``, ``overrides``)."""
    from game_rules import TableModel, assess

    kpis = a.baseline
    rule = "baseline"
    if not kpis:
        kpis = assess(TableModel(slots={}), district, (), deck=deck, as_of=a.as_of, overrides=a.overrides or None).kpis
        rule = "baseline: the district assessed with no card"
    keys = {k.key for k in a.kpis}
    return rm.Baseline(kpis=tuple(kpi(k) for k in kpis if k.key in keys),
                       provenance=rm.Provenance(rule=rule, source=district.id))


def scenario_outcomes(a: Assessment) -> tuple[rm.ScenarioOutcome, ...]:
    """Every scenario card's KPIs, net values and project NPV, in the order of the assessment."""
    out = []
    for s in a.scenario_results:
        # The scenario's lifecycle: the base world's with the scenario's years weighted in (scenarios.lifecycle_in_world).
        npv_prov = prov(a.financing.provenance)
        out.append(rm.ScenarioOutcome(
            scenario_card=s.scenario, name=text(s.label), kpis=tuple(kpi(k) for k in s.kpis),
            net_values=net_values(s.stakeholders),
            npv=rm.Figure(value=s.npv, unit="EUR", provenance=npv_prov), changes=tuple(s.changes),
            npv_without_markets=(None if s.npv_without_markets is None
                                 else rm.Figure(value=s.npv_without_markets, unit="EUR", provenance=npv_prov)),
            baseline_kpis=tuple(kpi(k) for k in s.baseline), likelihood=s.likelihood if s.status == "acts" else None,
            status=s.status, in_force_since=s.in_force_since,
            occurrence=s.occurrence.kind if s.occurrence else None, from_year=s.occurrence.from_year if s.occurrence else 1,
            every_years=s.occurrence.every_years if s.occurrence else None,
            lasts_years=s.occurrence.lasts_years if s.occurrence else 1))
    return tuple(out)


# --------------------------------------------------------------------------- uncertainty and sensitivity


def measure_cards(params: Any) -> tuple[str, ...]:
    """The cards that set any of ``params`` (the provenance the engine gives its energy runs)."""
    out: list[str] = []
    for origin in params.origin.values():
        out.extend(o for o in origin if "-" in o and not o.startswith("district:") and o not in out)
    return tuple(out)


def uncertainty(a: Assessment, model: TableModel, district: District, deck: Deck) -> rm.Uncertainty:
    """P5/P50/P95 of self-sufficiency and self-consumption [fraction] and of the project NPV
    [EUR]: the engine's ``Assessment.uncertainty`` (run with ``sensitivity=True``), else the same
    run (:func:`game_rules.uncertainty.report`) over the table's parameters under the rules in
    force on the assessment's date (``Assessment.as_of``; today for an assessment without one)
    and with the facilitator's overrides it was computed with (``Assessment.overrides``)."""
    from game_rules import uncertainty as unc
    from game_rules.outcome import prepare

    run = a.uncertainty
    if run is None:
        # The assessment's rules and the workshop's overrides, not today's rules and the defaults.
        prep = prepare(model, district, deck=deck, as_of=a.as_of, overrides=a.overrides or None, explain=False)
        run = unc.report(district, prep.params, measure_cards(prep.params), prep=prep, base=prep.table.base,
                         npv_references=prep.main.financing.provenance.references)
    names = {k.key: text(k.label) for k in a.kpis}
    outputs = []
    for key, (p5, p50, p95) in (("self_sufficiency", run.self_sufficiency), ("self_consumption", run.self_consumption)):
        name = names.get(key, rm.Text.same(key))
        outputs.append(rm.Percentiles(key=key, name=name, unit="fraction", p5=p5, p50=p50, p95=p95))
    if run.npv is not None:
        p5, p50, p95 = run.npv
        outputs.append(rm.Percentiles(key="npv", name=label("fin.project_npv"), unit="EUR", p5=p5, p50=p50, p95=p95))
    inputs = tuple(label(f"unc.input.{k}") for k in ("pv", "load", "battery"))
    return rm.Uncertainty(samples=run.samples, inputs=inputs, drawn=run.drawn or unc.DRAWN, outputs=tuple(outputs),
                          provenance=prov(run.provenance))


def sensitivity(a: Assessment) -> rm.Sensitivity | None:
    """The engine's tornado of the project NPV (``Assessment.sensitivity``, run with
    ``sensitivity=True``) as report bars, largest swing first; None without it."""
    s = a.sensitivity
    if s is None:
        return None
    bars = [rm.TornadoBar(parameter=r.parameter, name=text(r.label), unit=r.unit, base_input=r.base,
                          low_input=r.low, high_input=r.high, low_output=r.npv_low, high_output=r.npv_high,
                          assumption=r.assumption, range_basis=r.range_basis, kpis_low=dict(r.kpis_low),
                          kpis_high=dict(r.kpis_high), provenance=prov(r.provenance)) for r in s.rows]
    bars.sort(key=lambda b: -abs(b.high_output - b.low_output))
    return rm.Sensitivity(output="npv", output_name=label("sens.output.npv"), unit="EUR", base_output=s.npv,
                          bars=tuple(bars))


# --------------------------------------------------------------------------- finance


def horizon_years(a: Assessment, district: District) -> int:
    """The project NPV's horizon [years]: the engine's ``Financing.horizon_years`` when set,
    else the district's finance lifetime the engine discounts over."""
    return a.financing.horizon_years or int(district.finance.lifetime_years)


def _years(rows: Iterable[Any]) -> tuple[rm.CashFlowYear, ...]:
    """Engine ``CashFlowRow`` items as report rows with the running discounted sum."""
    out, cumulative = [], 0.0
    for y in rows:
        cumulative += y.discounted
        out.append(rm.CashFlowYear(
            year=y.year, investment_eur=y.investment, grants_eur=y.grants, operation_eur=y.operation,
            replacement_eur=y.replacement, revenue_eur=y.revenue, residual_eur=y.residual, financing_eur=y.financing,
            net_eur=y.net, discounted_eur=y.discounted, cumulative_discounted_eur=cumulative))
    return tuple(out)


def _name(prefix: str, key: str) -> rm.Text:
    from printables.report.i18n import has

    return label(f"{prefix}.{key}") if has(f"{prefix}.{key}") else rm.Text.same(key.replace("_", " "))


def _engine_cash_flows(a: Assessment) -> tuple[rm.CashFlows, ...]:
    """``Financing.cash_flows`` of the lifecycle model: the project, then each stakeholder
    (at the discount rate of its type), then each asset class."""
    f, cf = a.financing, a.financing.cash_flows
    if not cf.project:
        return ()
    out = [rm.CashFlows(scope="project", id="project", name=label("cash.project"), discount_rate=f.discount_rate,
                        years=_years(cf.project), provenance=prov(f.provenance))]
    out += [rm.CashFlows(scope="stakeholder", id=s.stakeholder, name=_name("stakeholder", s.stakeholder),
                         discount_rate=s.discount_rate, years=_years(s.rows), provenance=prov(s.provenance))
            for s in cf.stakeholders]
    out += [rm.CashFlows(scope="asset", id=x.asset, name=_name("asset", x.asset), discount_rate=f.discount_rate,
                         years=_years(x.rows), provenance=prov(x.provenance),
                         present_value_of_costs_eur=_asset_costs(x, f.discount_rate),
                         lcoe_eur_per_kwh=_asset_lcoe(x, f.discount_rate)) for x in cf.assets]
    return tuple(out)


def _asset_cost_rows(x: AssetCashFlows) -> list[float]:
    """An asset class's yearly costs [EUR, positive]: investment, O&M, replacements less residual."""
    return [-(y.investment + y.operation + y.replacement + y.residual) for y in x.rows]


def _asset_costs(x: AssetCashFlows, rate: float) -> float:
    """Present value of an asset class's costs [EUR] at ``rate``: sum_t cost_t / (1 + r)^t
    (VDI 2067-1); the savings it brings are the project's and are not attributed to it."""
    from game_rules.cashflow import npv

    return npv(rate, _asset_cost_rows(x))


def _asset_lcoe(x: AssetCashFlows, rate: float) -> float | None:
    """LCOE [EUR/kWh] of an electricity-generating asset class (Fraunhofer ISE 2024 definition,
    :func:`game_rules.cashflow.lcoe`); None for other classes (a heat asset's cost leaves out the
    energy it buys, so only the project's heat LCOE is stated)."""
    from game_rules.cashflow import lcoe, load

    spec = load().assets.get(x.asset)
    if spec is None or spec.energy != "electricity" or not any(y.energy_kwh for y in x.rows):
        return None
    return lcoe(rate, _asset_cost_rows(x), [y.energy_kwh or 0.0 for y in x.rows])


def project_cash_flows(a: Assessment) -> tuple[rm.CashFlows, ...]:
    """The lifecycle cash-flow tables of the engine (project, stakeholders, asset classes);
    empty when the assessment has none (no investment), and then the report has no such page."""
    return _engine_cash_flows(a)


def _figure(value: float | None, unit: str, p: rm.Provenance) -> rm.Figure | None:
    return None if value is None else rm.Figure(value=float(value), unit=unit, provenance=p)


def _residual_prov(p: rm.Provenance) -> rm.Provenance:
    """The project NPV's provenance with the residual-value method it leaves out: straight-line
    residual value at the horizon (VDI 2067-1), the reference period of the EC CBA guide."""
    return p.model_copy(update={
        "rule": f"{p.rule}; NPV without the assets' straight-line residual value at the horizon",
        "references": tuple(dict.fromkeys((*p.references, "vdi-2067-1-2012", "ec-cba-guide-2014")))})


def finance_extras(a: Assessment, model: TableModel | None, district: District, deck: Deck) -> dict[str, Any]:
    """The lifecycle figures of ``rm.Financing`` beyond CAPEX and sources: horizon, project NPV,
    IRR, discounted payback, LCOE and the cash-flow tables."""
    f = a.financing
    p = prov(f.provenance)
    horizon = horizon_years(a, district)
    return {
        "horizon_years": horizon,
        "project_npv": rm.Figure(value=f.npv, unit="EUR", provenance=p),
        # Shown only where grants count: without them it repeats the project NPV.
        "project_npv_before_grants": _figure(f.npv_before_grants, "EUR", p)
        if f.npv_before_grants is not None and abs(f.npv_before_grants - f.npv) >= 0.5 else None,
        "project_npv_without_residual": _figure(f.npv_without_residual, "EUR", _residual_prov(p)),
        "project_npv_without_markets": _figure(f.npv_without_markets, "EUR", p),
        "market_npv": tuple(rm.MarketNpvLine(part=m.part, in_npv=m.in_npv, figure=rm.Figure(
            value=m.present_value_eur, unit="EUR", provenance=prov(m.provenance))) for m in f.market_parts),
        "irr": _figure(f.irr, "fraction", p),
        "discounted_payback_years": _figure(f.discounted_payback_years, "years", p),
        "lcoe_electricity": _figure(f.lcoe_electricity_eur_per_kwh, "EUR/kWh", p),
        "lcoe_heat": _figure(f.lcoe_heat_eur_per_kwh, "EUR/kWh", p),
        "cash_flows": project_cash_flows(a),
    }


# --------------------------------------------------------------------------- references


def provenances(obj: object) -> Iterable[rm.Provenance]:
    """Every :class:`rm.Provenance` inside a report model (depth first)."""
    from pydantic import BaseModel

    if isinstance(obj, rm.Provenance):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from provenances(getattr(obj, name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from provenances(item)


def cited_ids(parts: Iterable[rm.Provenance]) -> list[str]:
    """Every reference id the provenances cite, first appearance first."""
    out: list[str] = []
    for p in parts:
        out.extend(r for r in p.references if r not in out)
    return out


def references(a: Assessment, extra_ids: Sequence[str] = ()) -> tuple[rm.Reference, ...]:
    """The full bibliography entries the assessment cites: ``Assessment.references`` when the
    engine collected them, plus any ``extra_ids`` resolved in ``game_rules.references.load()`` (an
    id the bibliography lacks is left out here; ``tests/game_rules`` reject such ids at the source)."""
    found: dict[str, rm.Reference] = {}
    for r in a.references:
        found[r.id] = _reference(r)
    missing = [i for i in extra_ids if i not in found]
    if missing:
        from game_rules.references import load

        library = load()
        for i in missing:
            if i in library:
                found[i] = _reference(library[i])
    return tuple(found.values())


def _reference(r: Reference) -> rm.Reference:
    return rm.Reference(id=r.id, authors=r.authors, after=r.after or "", via=r.via or "", title=r.title, year=r.year,
                        url=r.url, accessed=r.accessed.isoformat(), supports=r.supports, note=r.note or "")
