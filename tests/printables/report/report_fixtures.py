"""Hand-built report inputs: a table report whose every number is known, and hostile texts.

Independent of the rules engine and the server, so the renderer is tested on its own contract
(``printables.report.model``); the end-to-end tests build the same models from the real server.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from catalogs import languages
from printables.report.i18n import label
from printables.report.model import (
    Baseline,
    BoardSlot,
    CapitalSource,
    CardRef,
    CashFlows,
    CashFlowYear,
    Comparison,
    CostItem,
    Criterion,
    Energy,
    Figure,
    Financing,
    GovernanceFit,
    Kpi,
    LogEntry,
    MonthBalance,
    Participant,
    Percentiles,
    Provenance,
    RankedTable,
    Reference,
    Replication,
    ReportWarning,
    Risk,
    ScenarioOutcome,
    ScenarioRisks,
    Sensitivity,
    Stakeholder,
    StakeholderNpv,
    TableMeta,
    TableReport,
    Text,
    TornadoBar,
    TypicalDay,
    Uncertainty,
    ValueFlow,
    WorkshopMeta,
    WorkshopReport,
)

HOSTILE = "<b>Bold</b> & <script>alert(1)</script>"

T0 = datetime(2025, 6, 12, 9, 30, tzinfo=timezone(timedelta(hours=2)))


def tx(en: str, fr: str | None = None, de: str | None = None, **more: str) -> Text:
    """A text in every shipped language: the given ones, "<English> (<lang>)" for the others."""
    given = {"en": en, "fr": fr, "de": de, **more}
    return Text({lang: given.get(lang) or f"{en} ({lang})" for lang in languages()})


def card(cid: str, code: str, category: str, en: str, fr: str, de: str, **more: str) -> CardRef:
    return CardRef(id=cid, code=code, category=category, title=tx(en, fr, de, **more))


CARDS = {
    "GOV-01": card("GOV-01", "G7KQ", "governance", "Energy cooperative", "Coopérative d'énergie", "Energiegenossenschaft"),
    "WHO-02": card("WHO-02", "W2HX", "who", "Tenants of social housing", "Locataires du logement social", "Mieter im Sozialwohnungsbau"),
    "WHAT-03": card("WHAT-03", "T3MN", "what", "Local solar power", "Électricité solaire locale", "Lokaler Solarstrom"),
    "HOW-04": card("HOW-04", "H4PR", "how", "Collective self-consumption", "Autoconsommation collective", "Gemeinschaftliche Eigenversorgung"),
    "WHY-05": card("WHY-05", "Y5ZA", "why", "Revenue sharing", "Partage des revenus", "Erlösbeteiligung"),
    "WHY-06": card("WHY-06", "Y6CD", "why", "Citizen shares", "Parts citoyennes", "Bürgeranteile"),
    "TECH-07": card("TECH-07", "E7FG", "energy", "Rooftop PV", "Photovoltaïque en toiture", "Dach-Photovoltaik"),
    "TECH-08": card("TECH-08", "E8JK", "energy", "Battery storage", "Stockage par batterie", "Batteriespeicher"),
    "SCN-09": card("SCN-09", "S9MN", "scenario", "Feed-in tariff cut", "Baisse du tarif de rachat", "Kürzung der Einspeisevergütung"),
}


def prov(*cards: str, rule: str = "flows.formula", source: str = "district: tariffs (CRE 2025)",
         refs: tuple[str, ...] = ()) -> Provenance:
    return Provenance(cards=cards, rule=rule, source=source, references=refs)


REFERENCES = (
    Reference(id="ec-cba-guide-2014", authors="European Commission, DG Regional and Urban Policy",
              title="Guide to Cost-Benefit Analysis of Investment Projects", year=2014,
              url="https://ec.europa.eu/regional_policy/sources/docgener/studies/pdf/cba_guide.pdf",
              accessed="2026-11-29", supports="one-way sensitivity analysis, NPV"),
    Reference(id="cre-tarifs-2025", authors="Commission de régulation de l'énergie",
              title="Tarifs réglementés de vente d'électricité", year=2025, url="https://www.cre.fr/",
              accessed="2026-11-29", supports="French regulated retail tariff"),
)


def cash_flows(years: int = 20, rate: float = 0.04) -> CashFlows:
    """A project of 1.1 M€ net investment, 95 k€/yr benefit, 12 k€/yr O&M, an inverter at year 12."""
    rows, cumulative = [], 0.0
    for year in range(years + 1):
        inv = -1_100_000.0 if year == 0 else 0.0
        op = 0.0 if year == 0 else -12_000.0
        rep_ = -45_000.0 if year == 12 else 0.0
        ben = 0.0 if year == 0 else 95_000.0
        res = 60_000.0 if year == years else 0.0
        net = inv + op + rep_ + ben + res
        disc = net / (1 + rate) ** year
        cumulative += disc
        rows.append(CashFlowYear(year=year, investment_eur=inv, operation_eur=op, replacement_eur=rep_, revenue_eur=ben,
                                 residual_eur=res, net_eur=net, discounted_eur=disc, cumulative_discounted_eur=cumulative))
    return CashFlows(scope="project", id="project", name=label("cash.project"), discount_rate=rate, years=tuple(rows),
                     provenance=prov("TECH-07", rule="cash_flows", refs=("ec-cba-guide-2014",)))


def council_parts(shift: float = 0.0) -> dict[str, object]:
    """Baseline, one scenario, a tornado and the P5/P50/P95 run, every number known."""
    today = tuple(k.model_copy(update={"value": k.value * 0.5}) for k in kpis(shift))
    scenario_kpis = tuple(k.model_copy(update={"value": k.value * 0.9}) for k in kpis(shift))
    bars = (
        TornadoBar(parameter="tariff.electricity", name=tx("retail electricity price", "prix de détail", "Strompreis"),
                   unit="EUR/kWh", base_input=0.2, low_input=0.16, high_input=0.24, low_output=-512_000.0,
                   high_output=43_000.0, provenance=prov(rule="sensitivity", refs=("cre-tarifs-2025",))),
        TornadoBar(parameter="finance.discount_rate", name=tx("discount rate", "taux d'actualisation", "Diskontsatz"),
                   unit="fraction", base_input=0.04, low_input=0.02, high_input=0.07, low_output=-101_000.0,
                   high_output=-377_000.0, assumption=True, provenance=prov(rule="sensitivity")),
    )
    return {
        "baseline": Baseline(kpis=today, provenance=prov(rule="baseline")),
        "scenario_outcomes": (ScenarioOutcome(
            scenario_card="SCN-09", name=CARDS["SCN-09"].title, kpis=scenario_kpis,
            net_values=(Stakeholder(id="residents", name=label("stakeholder.residents"), net_value_eur=31_234.0,
                                    provenance=prov(rule="net")),),
            npv=Figure(value=-654_321.0, unit="EUR", provenance=prov(rule="npv.scenario")), changes=("tariff.feed_in",)),),
        "sensitivity": Sensitivity(output="npv", output_name=label("sens.output.npv"), unit="EUR",
                                   base_output=-234_567.0, bars=bars),
        "uncertainty": Uncertainty(samples=1000, inputs=(label("unc.input.pv"),), outputs=(
            Percentiles(key="self_sufficiency", name=label("kpi.self_sufficiency"), unit="fraction",
                        p5=0.3811, p50=0.4126, p95=0.4417),), provenance=prov(rule="uncertainty")),
        "references": REFERENCES,
    }


def _months() -> tuple[MonthBalance, ...]:
    out = []
    for m in range(12):
        season = math.cos((m - 6) / 12 * 2 * math.pi)
        gen = 60_000 + 45_000 * season
        dem = 90_000 - 30_000 * season
        out.append(MonthBalance(generation_kwh=gen, demand_kwh=dem, import_kwh=max(dem - gen, 0) + 5_000,
                                export_kwh=max(gen - dem, 0) + 2_000))
    return tuple(out)


def _day(season: str) -> TypicalDay:
    peak = 320.0 if season == "summer" else 90.0
    gen = [max(0.0, peak * math.sin((h - 6) / 14 * math.pi)) if 6 <= h <= 20 else 0.0 for h in range(24)]
    dem = [120 + 60 * math.sin((h - 9) / 24 * 2 * math.pi) + (40 if season == "winter" else 0) for h in range(24)]
    imp = [max(d - g, 0) for d, g in zip(dem, gen, strict=True)]
    return TypicalDay(season=season, demand_kw=tuple(dem), generation_kw=tuple(gen), import_kw=tuple(imp))


def kpis(shift: float = 0.0) -> tuple[Kpi, ...]:
    def k(key: str, value: float, unit: str, threshold: float | None, higher: bool = True) -> Kpi:
        return Kpi(key=key, name=label(f"kpi.{key}"), value=value, unit=unit, threshold=threshold,
                   higher_is_better=higher, provenance=prov("TECH-07", "TECH-08", rule=f"kpis.{key}",
                                                            source="energy model, docs/kpis.md"))

    return (
        k("ped_balance", -123_456.7 + shift * 1000, "MWh", 0.0),
        k("self_sufficiency", (41.26 + shift) / 100, "fraction", 0.5),
        k("self_consumption", (78.94 - shift) / 100, "fraction", None),
        k("renewable_share", (55.55 + shift) / 100, "fraction", 1.0),
        k("co2", 412.345 - shift, "t/yr", 0.0, higher=False),
        k("peak_import", 1_234.56, "kW", None),
        k("energy_cost", 987_654.3, "EUR/yr", None),
    )


COOPERATIVE_COSTS = (
    CostItem(label=tx("Staff", "Personnel", "Personal"), amount_eur=15_000.0,
             provenance=prov("GOV-01", rule="opex_cost", source="card GOV-01: opex.extra_eur")),
    CostItem(label=tx("Metering platform", "Plateforme de comptage", "Messplattform"), amount_eur=5_000.0,
             provenance=prov("HOW-07", rule="aggregator_cost", source="card HOW-07: opex.aggregator_eur")),
)
"""The cooperative's own running costs [EUR/yr]: 20 000 in all, each with its own provenance."""


def table_report(*, table: str = "1", nickname: str | None = None, lang: str = "en", shift: float = 0.0,
                 hostile: bool = False) -> TableReport:
    """A complete table report; ``hostile`` puts markup into nicknames, card titles and texts."""
    stakeholders = (
        Stakeholder(id="residents", name=label("stakeholder.residents"), net_value_eur=84_321.5 + shift,
                    provenance=prov("WHO-02", "HOW-04", rule="net_value = Σ in − Σ out")),
        Stakeholder(id="cooperative", name=label("stakeholder.cooperative"), net_value_eur=12_345.0,
                    provenance=prov("GOV-01", rule="net_value (in - out - running costs)"),
                    costs_eur=20_000.0, cost_items=COOPERATIVE_COSTS, explanation=tx(
                        "Money in €150 k − money out €117.7 k − own costs €20 k (staff, metering platform) "
                        "= €12.3 k per year.",
                        "Entrées 150 k€ − sorties 117,7 k€ − coûts propres 20 k€ (personnel, plateforme de "
                        "comptage) = 12,3 k€ par an.",
                        "Einnahmen 150 T€ − Ausgaben 117,7 T€ − eigene Kosten 20 T€ (Personal, Messplattform) "
                        "= 12,3 T€ pro Jahr.")),
        Stakeholder(id="housing_company", name=label("stakeholder.housing_company"), net_value_eur=-4_321.9,
                    provenance=prov("WHO-02", rule="net_value = Σ in − Σ out")),
        Stakeholder(id="dso", name=label("stakeholder.dso"), net_value_eur=1_500.0,
                    provenance=prov("HOW-04", rule="net_value = Σ in − Σ out")),
        Stakeholder(id="investors", name=label("stakeholder.investors"), net_value_eur=9_876.0,
                    provenance=prov("WHY-06", rule="net_value = Σ in − Σ out")),
    )
    flow_title = tx(HOSTILE) if hostile else tx("Local electricity sales", "Ventes d'électricité locale", "Lokaler Stromverkauf")
    flows = (
        ValueFlow(source="residents", target="cooperative", kind="money", amount=150_000.0, unit="EUR/yr",
                  label=flow_title, provenance=prov("HOW-04", "WHAT-03", rule="local_kwh × local tariff")),
        ValueFlow(source="cooperative", target="residents", kind="money", amount=30_000.0, unit="EUR/yr",
                  label=tx("Dividends", "Dividendes", "Dividenden"), provenance=prov("WHY-05", rule="profit × share")),
        ValueFlow(source="cooperative", target="housing_company", kind="money", amount=20_000.0, unit="EUR/yr",
                  label=tx("Roof rent", "Loyer de toiture", "Dachpacht"), provenance=prov("GOV-01", rule="roof m² × rent")),
        ValueFlow(source="cooperative", target="dso", kind="money", amount=8_000.0, unit="EUR/yr",
                  label=tx("Grid fees", "Tarif d'acheminement", "Netzentgelte"), provenance=prov("HOW-04", rule="kWh × TURPE")),
        ValueFlow(source="cooperative", target="investors", kind="money", amount=15_000.0, unit="EUR/yr",
                  label=tx("Interest", "Intérêts", "Zinsen"), provenance=prov("WHY-06", rule="debt × rate")),
        ValueFlow(source="cooperative", target="residents", kind="energy", amount=640.0, unit="MWh/yr",
                  label=tx("Solar power", "Électricité solaire", "Solarstrom"), provenance=prov("TECH-07", rule="pv self-consumed")),
        ValueFlow(source="cooperative", target="dso", kind="energy", amount=210.0, unit="MWh/yr",
                  label=tx("Surplus", "Surplus", "Überschuss"), provenance=prov("TECH-07", rule="pv exported")),
        ValueFlow(source="residents", target="cooperative", kind="data", amount=850.0, unit="count",
                  label=tx("Meter data", "Données de comptage", "Zählerdaten"), provenance=prov("HOW-04", rule="meters")),
    )
    board = (
        BoardSlot(slot="who", cards=(CARDS["WHO-02"],)),
        BoardSlot(slot="what", cards=(CARDS["WHAT-03"],)),
        BoardSlot(slot="how", cards=(CARDS["HOW-04"],)),
        BoardSlot(slot="why", cards=(CARDS["WHY-05"],)),
        BoardSlot(slot="governance", cards=(CARDS["GOV-01"],)),
        BoardSlot(slot="financing", cards=(CARDS["WHY-06"],)),
        BoardSlot(slot="measures", cards=(CARDS["TECH-07"], CARDS["TECH-08"])),
        BoardSlot(slot="scenario", cards=(CARDS["SCN-09"],)),
    )
    if hostile:
        evil = card("WHY-99", "ZZZZ", "why", HOSTILE, HOSTILE, HOSTILE)
        board = (*board[:3], BoardSlot(slot="why", cards=(CARDS["WHY-05"], evil)), *board[4:])
    risks_base = (
        Risk(id="r-gap", kind="financing_gap", title=tx("CAPEX not covered", "CAPEX non couvert", "CAPEX nicht gedeckt"),
             probability=3, impact=3, mitigating_cards=(CARDS["WHY-06"],), provenance=prov("WHY-06", rule="risks.gap")),
        Risk(id="r-ped", kind="ped_balance", title=tx("PED balance negative", "Bilan PED négatif", "PED-Bilanz negativ"),
             probability=4, impact=2, provenance=prov("TECH-07", rule="risks.ped")),
    )
    risks_scn = (*risks_base,
                 Risk(id="r-neg", kind="price_volatility",
                      title=tx("Housing company loses money", "Le bailleur perd de l'argent", "Wohnungsgesellschaft verliert Geld"),
                      probability=2, impact=4, mitigating_cards=(CARDS["WHY-05"], CARDS["GOV-01"]),
                      provenance=prov("SCN-09", "WHO-02", rule="risks.negative_net_value")))
    log = [
        LogEntry(seq=1, at=T0, kind="join", actor=Text.same(nickname) if nickname else label("actor.participant"), detail=""),
        LogEntry(seq=2, at=T0 + timedelta(seconds=40), kind="role", actor=label("stakeholder.residents"), detail=""),
        LogEntry(seq=3, at=T0 + timedelta(minutes=2), kind="phase", actor=label("actor.facilitator"), detail="governance"),
        LogEntry(seq=4, at=T0 + timedelta(minutes=3), kind="play", actor=label("stakeholder.residents"), card=CARDS["GOV-01"], slot="governance"),
        LogEntry(seq=5, at=T0 + timedelta(minutes=4), kind="play", actor=label("stakeholder.residents"), card=CARDS["TECH-08"], slot="measures"),
        LogEntry(seq=6, at=T0 + timedelta(minutes=5), kind="undo", actor=label("actor.facilitator"), detail="5"),
        LogEntry(seq=7, at=T0 + timedelta(minutes=9), kind="reveal", actor=label("actor.facilitator"), card=CARDS["SCN-09"], slot="scenario"),
        LogEntry(seq=8, at=T0 + timedelta(minutes=11), kind="comment", actor=Text.same(nickname) if nickname else label("stakeholder.residents"),
                 detail=HOSTILE if hostile else "Looks fine"),
    ]
    meta = TableMeta(
        workshop=HOSTILE if hostile else "Lyon PCED workshop", table=table, table_id=f"t{table}",
        district=tx("Lyon Confluence", "Lyon Confluence", "Lyon Confluence"), date=T0, lang=lang,  # type: ignore[arg-type]
        participants=(Participant(role=label("stakeholder.residents"), role_card="ROLE-01", nickname=nickname),
                      Participant(role=label("stakeholder.city"), role_card="ROLE-02")),
    )
    return TableReport(
        meta=meta, board=board, stakeholders=stakeholders, flows=flows,
        governance=GovernanceFit(model=CARDS["GOV-01"].title, level="partial", score=62.5,
                                 reasons=(tx("Owners are few: a cooperative can gather them.",
                                             "Peu de propriétaires : une coopérative peut les réunir.",
                                             "Wenige Eigentümer: eine Genossenschaft kann sie bündeln."),),
                                 provenance=prov("GOV-01", rule="governance.fit")),
        financing=Financing(
            capex=Figure(value=1_500_000.0, unit="EUR", provenance=prov("TECH-07", "TECH-08", rule="capex = kWp × €/kWp")),
            sources=(CapitalSource(name=CARDS["WHY-06"].title, amount_eur=400_000.0, rate=0.035,
                                   provenance=prov("WHY-06", rule="capital.limit")),),
            gap=Figure(value=1_100_000.0, unit="EUR", provenance=prov(rule="gap = capex − Σ sources")),
            payback_years=Figure(value=11.7 + shift, unit="years", provenance=prov(rule="payback")),
            cost_of_capital=Figure(value=0.035, unit="fraction", provenance=prov("WHY-06", rule="wacc")),
            horizon_years=20,
            project_npv=Figure(value=-234_567.0, unit="EUR", provenance=prov(rule="npv.project", refs=("ec-cba-guide-2014",))),
            project_npv_before_grants=Figure(value=-534_567.0, unit="EUR",
                                             provenance=prov(rule="npv.project", refs=("ec-cba-guide-2014",))),
            irr=Figure(value=0.0213, unit="fraction", provenance=prov(rule="irr")),
            lcoe_electricity=Figure(value=0.0987, unit="EUR/kWh", provenance=prov(rule="lcoe")),
            cash_flows=(cash_flows(),),
            npv=(StakeholderNpv(stakeholder="residents", npv_eur=812_345.0, provenance=prov(rule="npv")),
                 StakeholderNpv(stakeholder="housing_company", npv_eur=-54_321.0, provenance=prov(rule="npv"))),
        ),
        scenarios=(ScenarioRisks(scenario=label("scenario.baseline"), risks=risks_base),
                   ScenarioRisks(scenario=CARDS["SCN-09"].title, scenario_card="SCN-09", risks=risks_scn)),
        energy=Energy(months=_months(), summer_day=_day("summer"), winter_day=_day("winter"), kpis=kpis(shift)),
        replication=Replication(
            district=tx("Munich Harthof", "Munich Harthof", "München Harthof"), kpis=kpis(-5.0)[:3],
            net_values=(stakeholders[0].model_copy(update={"net_value_eur": 51_000.0}),),
            changes=(tx("Tariffs are higher in Germany.", "Les tarifs sont plus élevés en Allemagne.",
                        "Die Tarife sind in Deutschland höher."),),
            breaks=(tx("Collective self-consumption is French law.", "L'autoconsommation collective relève du droit français.",
                       "Gemeinschaftliche Eigenversorgung ist französisches Recht."),)),
        log=tuple(log),
        warnings=(ReportWarning(text=tx("P2P trading without smart meters.", "Échange P2P sans compteurs communicants.",
                                   "P2P-Handel ohne intelligente Zähler."), provenance=prov("HOW-04", rule="warnings.p2p")),),
        **council_parts(shift),  # type: ignore[arg-type]
    )


def workshop_report(n_tables: int = 3, lang: str = "en") -> WorkshopReport:
    tables = tuple(table_report(table=str(k + 1), lang=lang, shift=float(k)) for k in range(n_tables))
    criteria = (
        Criterion(key="self_sufficiency", name=label("kpi.self_sufficiency"), weight=0.5, unit="fraction"),
        Criterion(key="co2", name=label("kpi.co2"), weight=0.3, unit="t/yr", higher_is_better=False),
        Criterion(key="gap", name=label("fin.gap"), weight=0.2, unit="EUR", higher_is_better=False),
    )
    ranking = tuple(
        RankedTable(table_id=tr.meta.table_id, table=tr.meta.table, rank=n_tables - k,
                    score=0.2 + 0.6 * k / max(n_tables - 1, 1),
                    values={"self_sufficiency": (41.26 + k) / 100, "co2": 412.345 - k, "gap": 1_100_000.0},
                    reasons=(tx("Highest self-sufficiency.", "Autosuffisance la plus élevée.", "Höchster Autarkiegrad."),))
        for k, tr in enumerate(tables)
    )
    return WorkshopReport(
        meta=WorkshopMeta(workshop="Lyon PCED workshop", workshop_id="w1",
                          district=tx("Lyon Confluence", "Lyon Confluence", "Lyon Confluence"), date=T0, lang=lang),  # type: ignore[arg-type]
        tables=tables,
        comparison=Comparison(method="TOPSIS (pymcdm)", criteria=criteria,
                              ranking=tuple(sorted(ranking, key=lambda r: r.rank))),
    )
