"""What an outcome report prints: the typed input of the report renderer and of the data exports.

The report does not read the rules engine's or the server's types directly: an adapter
(:mod:`printables.report.content`) turns an assessment, a board and a decision log into these models,
so the PDF, the JSON export (whose schema is generated from these classes, see
``docs/schemas/report.schema.json``) and the CSV exports all show the same numbers.

Units are in the field names or descriptions: EUR per year for value flows and net values, EUR
for capital, kWh for energy, years for payback. Every figure carries a :class:`Provenance` (the
cards, the rule and the data source that produced it), which the report's appendix lists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from catalogs import languages
from catalogs.text import Text as CatalogText

Lang = str
"""A language code of the shipped catalogs (:func:`catalogs.languages`)."""


def report_langs() -> tuple[str, ...]:
    """The languages a report can be written in: every shipped catalog."""
    return languages()


FlowKind = Literal["money", "energy", "data", "service"]
Probability = Annotated[int, Field(ge=1, le=4, description="1 unlikely … 4 certain (COBEN matrix)")]
Impact = Annotated[int, Field(ge=1, le=4, description="1 minor … 4 project cancelled (COBEN matrix)")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Text = CatalogText
"""A text for people in every report language: a mapping keyed by language (:mod:`catalogs.text`)."""


class Provenance(_Model):
    """Where a figure comes from: the cards on the board, the rule that combined them and the data."""

    cards: tuple[str, ...] = Field(default=(), description="card ids, e.g. GOV-03")
    rule: str = Field(description="the rule or formula, e.g. 'flows.local_sale: kWh × tariff'")
    source: str = Field(default="", description="data source, e.g. 'district: tariffs (CRE 2025)'")


class Figure(_Model):
    """One number with its unit and provenance (KPIs, financing figures)."""

    value: float
    unit: str = Field(description="one of the units printables.report.formatting knows, e.g. 'EUR'")
    provenance: Provenance


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
    rate_pct: float = Field(description="annual cost of this capital [%]")
    provenance: Provenance


class StakeholderNpv(_Model):
    stakeholder: str = Field(description="Stakeholder.id")
    npv_eur: float = Field(description="net present value over the horizon [EUR]")
    provenance: Provenance


class Financing(_Model):
    capex: Figure
    sources: tuple[CapitalSource, ...] = ()
    gap: Figure = Field(description="CAPEX not covered by the sources [EUR]; 0 when covered")
    payback_years: Figure | None = Field(description="None when the model never pays back")
    wacc_pct: Figure | None = None
    horizon_years: int | None = Field(default=None, description="NPV horizon [years] when known")
    npv: tuple[StakeholderNpv, ...] = ()


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


class Replication(_Model):
    """The same model applied to another district: what changes and what breaks."""

    district: Text
    kpis: tuple[Kpi, ...] = ()
    net_values: tuple[Stakeholder, ...] = ()
    changes: tuple[Text, ...] = ()
    breaks: tuple[Text, ...] = ()


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
