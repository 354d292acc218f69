"""What an outcome report prints: the typed input of the report renderer and of the data exports.

The report does not read the rules engine's or the server's types directly: an adapter
(:mod:`printables.report.content`) turns an assessment, a board and a decision log into these models,
so the PDF, the JSON export (whose schema is generated from these classes, see
``docs/schemas/report.schema.json``) and the CSV exports all show the same numbers.

Units are in the field names or descriptions: EUR per year for value flows and net values, EUR
for capital, kWh for energy, years for payback; shares and rates are fractions (0.412), never
per cent (only the renderer writes 41.2 %). Every figure carries a :class:`Provenance` (the
cards, the rule and the data source that produced it), which the report's appendix lists.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, computed_field, model_validator

from catalogs import languages
from catalogs.text import Text as CatalogText

# Re-exported: the base of every report model and the market sections live in their own modules.
from printables.report.market_model import FlexibilityAsset as FlexibilityAsset
from printables.report.market_model import FlexibilitySection as FlexibilitySection
from printables.report.market_model import Market as Market
from printables.report.market_model import MarketFigures as MarketFigures
from printables.report.market_model import MarketGroupRow as MarketGroupRow
from printables.report.market_model import MarketHourRow as MarketHourRow
from printables.report.market_model import MarketRuleRow as MarketRuleRow
from printables.report.market_model import MobilitySection as MobilitySection
from printables.report.model_base import Provenance as Provenance
from printables.report.model_base import _Model

Lang = str
"""A language code of the shipped catalogs (:func:`catalogs.languages`)."""


def report_langs() -> tuple[str, ...]:
    """The languages a report can be written in: every shipped catalog."""
    return languages()


FlowKind = Literal["money", "energy", "data", "service"]
Probability = Annotated[int, Field(ge=1, le=4, description="1 unlikely … 4 certain (COBEN matrix)")]
Impact = Annotated[int, Field(ge=1, le=4, description="1 minor … 4 project cancelled (COBEN matrix)")]


Text = CatalogText
"""A text for people in every report language: a mapping keyed by language (:mod:`catalogs.text`)."""


class Reference(_Model):
    """A published source in the report's bibliography; provenances cite it by ``id``."""

    id: str = Field(description="stable id, [a-z0-9-], e.g. 'bnetza-mieterstrom-2025'")
    authors: str = Field(description="authors or publisher (names only, the same in every language)")
    after: str = Field(default="", description="the original source this one reproduces or reports (a name)")
    via: str = Field(default="", description="where the text was read: the site or outlet that reports or reproduces it (a name)")
    title: str
    year: int
    url: str
    accessed: str = Field(description="date the URL was read, ISO 8601")
    supports: str = Field(default="", description="what the source supports in this model (English)")
    note: str = Field(default="", description="a note on the source in the bibliography's language (English)")


class Figure(_Model):
    """One number with its unit and provenance (KPIs, financing figures)."""

    value: float
    unit: str = Field(description="one of the units printables.report.formatting knows, e.g. 'EUR'")
    provenance: Provenance


class MarketNpvLine(_Model):
    """One market's money in the project NPV: its present value [EUR] and whether the NPV counts
    it (a transfer, or a saving the energy balance already counts, is shown only)."""

    part: str
    in_npv: bool
    figure: Figure


class CardRef(_Model):
    """A card as the report names it: id, the 4-character code printed on it, its title."""

    id: str
    code: str
    title: Text
    category: str = Field(description="cards.model.Category value, picks the colour on the mat")


class BoardSlot(_Model):
    """The cards lying in one slot of the mat at the end of the session."""

    slot: Literal["who", "what", "how", "why", "governance", "financing", "measures", "scenario"]
    cards: tuple[CardRef, ...] = ()


class CostItem(_Model):
    """A running cost a stakeholder spends outside the model (staff, platforms, metering)."""

    label: Text
    amount_eur: float = Field(description="annual running cost [EUR/yr]")
    provenance: Provenance


class Stakeholder(_Model):
    """A node of the value-flow network and its annual net value [EUR/yr].

    Net value = money in − money out − own running costs (``costs_eur``, itemised in
    ``cost_items``); ``explanation`` spells that sum out (docs/rules.md "Running costs and net
    value"). Reports written before running costs existed read back with no costs.
    """

    id: str
    name: Text
    net_value_eur: float = Field(description="annual net value [EUR/yr]: money in − money out − own costs")
    provenance: Provenance
    costs_eur: float = Field(default=0.0, description="own running costs [EUR/yr], subtracted in the net value")
    cost_items: tuple[CostItem, ...] = ()
    explanation: Text | None = Field(default=None, description="the net value's sum in words (in − out − costs)")


class ValueFlow(_Model):
    """An annual flow between two stakeholders; the Sankey draws its width ∝ ``amount``."""

    source: str = Field(description="Stakeholder.id")
    target: str = Field(description="Stakeholder.id")
    kind: FlowKind
    amount: float = Field(ge=0, description="annual amount in ``unit``")
    unit: str = Field(description="'EUR/yr', 'MWh/yr', 'kWh/yr' or 'count'")
    label: Text
    provenance: Provenance


class GovernanceFit(_Model):
    """How the chosen governance model fits the district's owners and regulation regime."""

    model: Text = Field(description="name of the governance model (card title or 'none')")
    level: Literal["good", "partial", "poor"]
    score: float = Field(ge=0, le=100, description="fit score [points], 0 (no fit) … 100 (full fit)")
    reasons: tuple[Text, ...] = ()
    provenance: Provenance


class CapitalSource(_Model):
    name: Text
    amount_eur: float = Field(ge=0, description="capital this source provides [EUR]")
    rate: float = Field(description="annual cost of this capital [fraction], e.g. 0.035")
    provenance: Provenance


class StakeholderNpv(_Model):
    stakeholder: str = Field(description="Stakeholder.id")
    npv_eur: float = Field(description="net present value over the horizon [EUR]")
    npv_without_residual_eur: float | None = Field(
        default=None, description="the same without the residual value of the assets at the horizon [EUR]")
    provenance: Provenance


class CashFlowYear(_Model):
    """One year of a cash-flow table [EUR, nominal]; year 0 is the investment year. Signs are
    the bearer's: money out negative, money in positive; ``net_eur`` is the sum of the items."""

    year: int = Field(ge=0)
    investment_eur: float = Field(default=0.0, description="CAPEX [EUR, ≤ 0]")
    grants_eur: float = Field(default=0.0, description="grants received [EUR, ≥ 0]")
    operation_eur: float = Field(default=0.0, description="operation, maintenance and running costs [EUR, ≤ 0]")
    replacement_eur: float = Field(default=0.0, description="replacements within the horizon (inverters, batteries) [EUR, ≤ 0]")
    revenue_eur: float = Field(default=0.0, description="savings and revenues [EUR]")
    residual_eur: float = Field(default=0.0, description="residual value at the horizon [EUR, ≥ 0]")
    financing_eur: float = Field(default=0.0, description="loans lent or received and debt service [EUR]")
    net_eur: float = Field(description="sum of the year's items [EUR]")
    discounted_eur: float = Field(description="net discounted to year 0 [EUR]")
    cumulative_discounted_eur: float = Field(description="running sum of the discounted net [EUR]")


class CashFlows(_Model):
    """The yearly cash flows of the project, one asset or one stakeholder over the horizon.

    An asset class carries its costs only (investment, O&M, replacements, less its residual
    value): the savings and revenue of the project are not attributed to asset classes, so an
    asset's cumulative discounted value is the present value of its costs, not an NPV."""

    scope: Literal["project", "asset", "stakeholder"]
    id: str = Field(description="'project', an asset class or a Stakeholder.id")
    name: Text
    discount_rate: float = Field(description="[fraction per year]")
    years: tuple[CashFlowYear, ...]
    provenance: Provenance
    present_value_of_costs_eur: float | None = Field(
        default=None, description="asset classes only: investment, O&M and replacements less residual value, "
                                  "discounted to year 0 [EUR, ≥ 0 for a cost]; not an NPV (no savings attributed)")
    lcoe_eur_per_kwh: float | None = Field(
        default=None, description="asset classes that generate electricity only: present value of costs over "
                                  "discounted kWh [EUR/kWh] (Fraunhofer ISE 2024 definition)")


class Financing(_Model):
    capex: Figure
    sources: tuple[CapitalSource, ...] = ()
    gap: Figure = Field(description="CAPEX not covered by the sources [EUR]; 0 when covered")
    payback_years: Figure | None = Field(description="None when the model never pays back")
    cost_of_capital: Figure | None = Field(default=None, description="weighted rate of the capital used [fraction]")
    horizon_years: int | None = Field(default=None, description="NPV horizon [years]")
    project_npv: Figure | None = Field(default=None, description="the project's NPV over ``horizon_years`` [EUR]")
    project_npv_before_grants: Figure | None = Field(
        default=None, description="the project's NPV without any grant [EUR]: the return on the whole investment")
    project_npv_without_residual: Figure | None = Field(
        default=None, description="the project's NPV without the assets' residual value at the horizon [EUR]: how "
                                  "much of the NPV rests on the straight-line residual value (VDI 2067-1)")
    project_npv_without_markets: Figure | None = Field(
        default=None, description="the project's NPV without the market benefits, their investment and running costs "
                                  "kept [EUR] (game_rules.market_npv)")
    market_npv: tuple[MarketNpvLine, ...] = Field(
        default=(), description="each market's present value in the project NPV [EUR], counted or shown only")
    irr: Figure | None = Field(default=None, description="the project's internal rate of return [fraction]")
    discounted_payback_years: Figure | None = Field(default=None, description="[years]; None when never")
    lcoe_electricity: Figure | None = Field(default=None, description="levelised cost of electricity [EUR/kWh]")
    lcoe_heat: Figure | None = Field(default=None, description="levelised cost of heat [EUR/kWh]")
    npv: tuple[StakeholderNpv, ...] = ()
    cash_flows: tuple[CashFlows, ...] = Field(default=(), description="project first, then assets and stakeholders")


class Risk(_Model):
    """One computed risk under one scenario, rated on the 4 × 4 matrix."""

    id: str
    kind: str = Field(description="cards.effects.RiskKind value; the report translates it")
    title: Text
    probability: Probability
    impact: Impact
    mitigating_cards: tuple[CardRef, ...] = ()
    provenance: Provenance

    @model_validator(mode="before")
    @classmethod
    def _drop_score(cls, data: object) -> object:
        # ``score`` is derived; an exported JSON carries it, so reading one back ignores it.
        return {k: v for k, v in data.items() if k != "score"} if isinstance(data, dict) else data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def score(self) -> int:
        """Probability × impact, 1–16 (COBEN)."""
        return self.probability * self.impact


class ScenarioRisks(_Model):
    scenario: Text = Field(description="scenario name, e.g. the scenario card title or 'baseline'")
    scenario_card: str | None = None
    risks: tuple[Risk, ...] = ()


class MonthBalance(_Model):
    """One month of the district's electricity and heat balance [kWh]."""

    generation_kwh: float = Field(ge=0, description="local renewable generation [kWh]")
    demand_kwh: float = Field(ge=0, description="final energy demand [kWh]")
    import_kwh: float = Field(ge=0, description="grid import [kWh]")
    export_kwh: float = Field(ge=0, description="grid export [kWh]")


class TypicalDay(_Model):
    """A typical day, hourly mean over the season's days [kW]."""

    season: Literal["summer", "winter"]
    demand_kw: tuple[float, ...]
    generation_kw: tuple[float, ...]
    import_kw: tuple[float, ...]

    @model_validator(mode="after")
    def _hours(self) -> TypicalDay:
        for name in ("demand_kw", "generation_kw", "import_kw"):
            if len(getattr(self, name)) != 24:
                raise ValueError(f"{name}: expected 24 hourly values, got {len(getattr(self, name))}")
        return self


class Kpi(_Model):
    """A KPI against its PED threshold; ``higher_is_better`` says which side passes."""

    key: str = Field(description="stable KPI key, e.g. 'self_sufficiency' (docs/kpis.md)")
    name: Text
    value: float
    unit: str
    threshold: float | None = Field(description="PED threshold, None when the KPI has none")
    higher_is_better: bool = True
    provenance: Provenance

    @model_validator(mode="before")
    @classmethod
    def _drop_passes(cls, data: object) -> object:
        return {k: v for k, v in data.items() if k != "passes"} if isinstance(data, dict) else data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passes(self) -> bool | None:
        """Whether the KPI meets its threshold (None without a threshold)."""
        if self.threshold is None:
            return None
        return self.value >= self.threshold if self.higher_is_better else self.value <= self.threshold


class Energy(_Model):
    months: tuple[MonthBalance, ...]
    summer_day: TypicalDay
    winter_day: TypicalDay
    kpis: tuple[Kpi, ...]

    @model_validator(mode="after")
    def _twelve(self) -> Energy:
        if len(self.months) != 12:
            raise ValueError(f"months: expected 12 monthly balances, got {len(self.months)}")
        return self


class Baseline(_Model):
    """Today's district without the project, in the same world (weather, prices, rules) as the
    project it is compared with: its KPIs beside the project's (``Energy.kpis``)."""

    kpis: tuple[Kpi, ...]
    provenance: Provenance


class ScenarioOutcome(_Model):
    """One scenario card's world: the project's KPIs, net values and NPV in it."""

    scenario_card: str
    name: Text
    kpis: tuple[Kpi, ...]
    net_values: tuple[Stakeholder, ...] = ()
    npv: Figure = Field(description="the project's NPV in this scenario [EUR]")
    npv_without_markets: Figure | None = Field(
        default=None, description="the scenario's project NPV without the market benefits, their investment and running "
                                  "costs kept [EUR]; None without a counted market")
    changes: tuple[str, ...] = Field(default=(), description="parameters the scenario changes")
    baseline_kpis: tuple[Kpi, ...] = Field(default=(), description="today's district without the project in this scenario's world")
    likelihood: int | None = Field(default=None, ge=1, le=4, description="probability level of the scenario, 1 unlikely … 4 certain")
    occurrence: Literal["persistent", "event"] | None = Field(
        default=None, description="persistent (every year from from_year on) or an event with its frequency")
    from_year: int = Field(default=1, description="persistent: first operating year in the scenario's world")
    every_years: float | None = Field(default=None, description="event: about once every so many years")
    lasts_years: int = Field(default=1, description="event: years each occurrence lasts")
    status: Literal["acts", "not_applicable", "in_force"] = Field(default="acts", description=(
        "acts: the scenario changes the world; not_applicable: none of its changes apply under the district's regime; "
        "in_force: its law already is on the as-of date. An inert scenario's figures are the base world's and it has "
        "no likelihood"))
    in_force_since: date | None = Field(default=None, description="in_force: the day the scenario's law took effect")

    @property
    def inert(self) -> bool:
        """True when the scenario changes nothing here (not applicable, or its law already in force)."""
        return self.status != "acts"


class TornadoBar(_Model):
    """One input moved to its low and high value, the output at each (all else at base)."""

    parameter: str = Field(description="parameter key, e.g. 'finance.discount_rate'")
    name: Text
    unit: str = Field(description="unit of the input values")
    base_input: float
    low_input: float
    high_input: float
    low_output: float = Field(description="the output with the input at ``low_input``")
    high_output: float = Field(description="the output with the input at ``high_input``")
    assumption: bool = Field(default=False, description="True when the input is an assumption (no published source)")
    range_basis: str = Field(default="", description="where the range comes from (plausible range, ±20 % of a sourced value)")
    kpis_low: dict[str, float] = Field(default_factory=dict, description="key KPIs at the low input (units as in Energy.kpis)")
    kpis_high: dict[str, float] = Field(default_factory=dict, description="key KPIs at the high input")
    provenance: Provenance


class Sensitivity(_Model):
    """A tornado: bars sorted by swing (|high − low output|), largest first."""

    output: str = Field(description="what moves, e.g. 'npv' (project NPV) or a KPI key")
    output_name: Text
    unit: str = Field(description="unit of the output values")
    base_output: float
    bars: tuple[TornadoBar, ...]


class Percentiles(_Model):
    """P5, P50 and P95 of one output of the uncertainty run."""

    key: str
    name: Text
    unit: str
    p5: float
    p50: float
    p95: float


class Uncertainty(_Model):
    """The Monte Carlo run: ``samples`` draws of the uncertain inputs, percentiles of outputs."""

    samples: int = Field(ge=1)
    inputs: tuple[Text, ...] = Field(default=(), description="the uncertain inputs and their distributions")
    drawn: tuple[str, ...] = Field(default=(), description="the parameters drawn (names of the parameter list); every "
                                                           "other input, prices and investment costs among them, stays at "
                                                           "its value: its effect is in the sensitivity run")
    outputs: tuple[Percentiles, ...]
    provenance: Provenance


class Replication(_Model):
    """The same model applied to another district: what changes and what breaks."""

    district: Text
    kpis: tuple[Kpi, ...] = ()
    net_values: tuple[Stakeholder, ...] = ()
    changes: tuple[Text, ...] = ()
    breaks: tuple[Text, ...] = ()


class DistrictOutcome(_Model):
    """One table's model in one built-in district (a row of the workshop report's replication
    page): key KPIs, net values and what breaks there that works in the workshop's district."""

    district_id: str
    district: Text
    regime: Literal["FR", "DE", "EU"] = Field(description="the district's regulation regime; EU: generic EU rules")
    home: bool = Field(default=False, description="the workshop's own district (the source)")
    built_in: bool = Field(default=True, description="a built-in district (game_rules.DISTRICT_PRESETS)")
    kpis: tuple[Kpi, ...] = Field(default=(), description="self-sufficiency, CO2 reduction, PV yield, in that order")
    worst: Stakeholder | None = Field(default=None, description="the stakeholder with the lowest net value [EUR/yr]")
    project_npv: Figure | None = Field(default=None, description="project NPV over the horizon [EUR]")
    breaks: tuple[Text, ...] = Field(default=(), description="each reason alone, without the district's name")


class ReplicationMatrix(_Model):
    """One table's model transferred to every built-in district, side by side."""

    table: str
    table_id: str
    model: Text = Field(description="the governance card's title (or 'no governance model')")
    rows: tuple[DistrictOutcome, ...]


LogKind = Literal[
    "join", "role", "phase", "play", "remove", "move", "undo", "reveal", "lock", "unlock",
    "kick", "comment", "vote", "timer",
]


class LogEntry(_Model):
    """One line of the decision log: when, what kind, who, and the details."""

    seq: int
    at: datetime
    kind: LogKind
    actor: Text = Field(description="role name or 'facilitator'; nicknames only when opted in")
    card: CardRef | None = None
    slot: str | None = None
    detail: str = Field(default="", description="phase name, undone seq, … (kept as data)")


class ReportWarning(_Model):
    text: Text
    provenance: Provenance


class Participant(_Model):
    role: Text
    role_card: str | None = None
    nickname: str | None = None


class TableMeta(_Model):
    workshop: str
    table: str
    table_id: str
    district: Text
    date: datetime
    lang: Lang
    participants: tuple[Participant, ...] = ()


class SharingScheme(_Model):
    """One sharing scheme as the table report prints it (game_rules.schemes)."""

    name: Text
    legal: str = Field(description="legal basis, e.g. '§ 42c EnWG'")
    key: Literal["dynamic", "static", "custom"] = Field(description="allocation key (Enedis: dynamic by default)")
    candidates: int = Field(ge=0, description="buildings that would take part")
    members: int = Field(ge=0, description="buildings in the scheme after the legal perimeter")
    perimeters: int = Field(ge=0, description="schemes formed: one per grid connection without the public grid, else one")
    refused: tuple[Text, ...] = Field(default=(), description="each refusal: rule, law and the buildings it excluded")
    production_kwh: float
    demand_kwh: float
    self_consumption: float = Field(description="local use / production of the members [fraction]")
    self_sufficiency: float = Field(description="local use / demand of the members [fraction]")
    surcharge_kwh: float | None = Field(default=None, description="kWh earning the Mieterstromzuschlag [kWh/yr]")
    provenance: Provenance


class SharingGroup(_Model):
    """A building group of the district in the scheme: its buildings, members, PV owner, balance."""

    name: Text
    buildings: int = Field(ge=0)
    members: int = Field(ge=0)
    pv_owner: str = Field(description="stakeholder id owning the new PV (the roof owner, or the governance owner "
                          "under a roof-lease card)")
    pv_leased_from: str = Field(default="", description="stakeholder id of the roof owner the PV's owner leases the "
                                "roofs from (empty: no lease)")
    production_kwh: float
    demand_kwh: float
    self_consumption: float
    self_sufficiency: float
    provenance: Provenance


class SharingWorld(_Model):
    """The scheme in one scenario world (its PV yield, uptake, key, battery): each scheme and the
    district as rows (a scheme row's ``buildings`` are its candidates), and the building groups
    when they differ from the base world's as printed."""

    scenario: str = Field(description="scenario card id")
    name: Text
    schemes: tuple[SharingGroup, ...]
    groups: tuple[SharingGroup, ...] = Field(default=(), description="empty when equal to the base world's as printed")
    district: SharingGroup


class Sharing(_Model):
    """The "Sharing scheme" section: schemes, building groups and the district's balance, in the
    base world and in each scenario world."""

    schemes: tuple[SharingScheme, ...]
    groups: tuple[SharingGroup, ...]
    district: SharingGroup = Field(description="the district under the scheme: members' own use and allocation, the "
                                   "other buildings' own use, and what the pooled storage adds")
    one_node: SharingGroup | None = Field(default=None, description="every building as one node with the cards' storage: "
                                          "the district KPIs' self-consumption and self-sufficiency")
    as_of: str = Field(description="date whose rules were applied, ISO 8601")
    placement: Literal["sites", "assumed", "mixed"] = Field("assumed", description=(
        "where the buildings' positions, grid connections, quarters and DSO areas come from: the district "
        "file's sites, an assumed grid, or both"))
    worlds: tuple[SharingWorld, ...] = Field(default=(), description="the scheme in each scenario world")


class TableReport(_Model):
    """Everything one table's report prints."""

    meta: TableMeta
    board: tuple[BoardSlot, ...]
    stakeholders: tuple[Stakeholder, ...]
    flows: tuple[ValueFlow, ...]
    governance: GovernanceFit
    financing: Financing
    scenarios: tuple[ScenarioRisks, ...]
    energy: Energy
    replication: Replication | None = None
    log: tuple[LogEntry, ...] = ()
    warnings: tuple[ReportWarning, ...] = ()
    baseline: Baseline | None = Field(default=None, description="today's district without the project")
    scenario_outcomes: tuple[ScenarioOutcome, ...] = ()
    sensitivity: Sensitivity | None = None
    uncertainty: Uncertainty | None = None
    references: tuple[Reference, ...] = Field(default=(), description="every reference a provenance cites")
    sharing: Sharing | None = Field(default=None, description="the sharing scheme building by building")
    market: Market | None = Field(default=None, description="peer-to-peer trading, when a P2P card is played")
    flexibility: FlexibilitySection | None = Field(default=None, description="the local flexibility market, when a market card is played")
    mobility: MobilitySection | None = Field(default=None, description="e-mobility as a service, when shared cars are on the table")


class Criterion(_Model):
    key: str = Field(description="KPI key or criterion key the ranking used")
    name: Text
    weight: float = Field(ge=0)
    unit: str = Field(default="", description="unit of the criterion's values (printables.report.formatting)")
    higher_is_better: bool = True


class RankedTable(_Model):
    table_id: str
    table: str
    rank: int = Field(ge=1)
    score: float = Field(description="closeness to the ideal, 0 … 1 (TOPSIS)")
    values: dict[str, float] = Field(description="criterion key -> the table's value")
    reasons: tuple[Text, ...] = ()
    market: MarketFigures | None = Field(default=None, description="the table's market figures beside the ranking (not weighted)")


class Comparison(_Model):
    method: str = Field(description="e.g. 'TOPSIS (pymcdm)'")
    criteria: tuple[Criterion, ...]
    ranking: tuple[RankedTable, ...]


class WorkshopMeta(_Model):
    workshop: str
    workshop_id: str
    district: Text
    date: datetime
    lang: Lang


class WorkshopReport(_Model):
    """A workshop's report: tables side by side, the comparison, then each table's report."""

    meta: WorkshopMeta
    tables: tuple[TableReport, ...]
    comparison: Comparison | None = None
    replications: tuple[ReplicationMatrix, ...] = Field(
        default=(), description="each table's model in every built-in district (the replication page)")
