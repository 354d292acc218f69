"""The typed results of an assessment: what the server sends, the reports print and the CLI shows.

Every number a city reads is wrapped with a :class:`Provenance` naming the cards, the rule
(a name documented in ``docs/rules.md``) and the data source that produced it. JSON via
``model_dump(mode="json")``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from game_rules.texts import Text


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Provenance(_Frozen):
    """Where a number comes from: cards on the table, the rule that combined them, the data."""

    cards: tuple[str, ...] = ()
    rule: str
    source: str = ""


class KPI(_Frozen):
    key: str
    label: Text
    value: float
    unit: str
    threshold: float | None = None
    better: Literal["higher", "lower"] = "higher"
    provenance: Provenance

    @property
    def meets(self) -> bool | None:
        """Whether the value reaches its threshold (None when the KPI has none)."""
        if self.threshold is None:
            return None
        return self.value >= self.threshold if self.better == "higher" else self.value <= self.threshold


class TypicalDay(_Frozen):
    """24 hourly values [kWh/h] averaged over the days of one season."""

    season: Literal["summer", "winter"]
    pv: tuple[float, ...]
    load: tuple[float, ...]
    grid_import: tuple[float, ...]
    grid_export: tuple[float, ...]


class EnergySummary(_Frozen):
    """Monthly balance [kWh], typical days and annual totals [kWh/yr]."""

    monthly: dict[str, tuple[float, ...]]
    typical_days: tuple[TypicalDay, ...]
    annual: dict[str, float]
    provenance: Provenance


class FlowResult(_Frozen):
    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    source: str = Field(alias="from")
    to: str
    kind: str
    amount: float
    unit: str
    label: Text
    provenance: Provenance


class CostItem(_Frozen):
    """A running cost a stakeholder spends outside the model's stakeholders [EUR/yr] (staff,
    platforms, metering): it lowers that stakeholder's net value but is no flow to anyone."""

    item: str
    amount: float
    unit: str = "EUR/yr"
    label: Text
    provenance: Provenance


class StakeholderValue(_Frozen):
    """One stakeholder's annual money: net = inflow - outflow - costs [EUR/yr].

    ``costs`` (with ``cost_items``) are the stakeholder's own running costs (e.g. the coordinator
    spends the ``opex`` it is paid on staff and platforms), so covering costs nets to zero;
    ``explanation`` spells the sum out in every language.
    """

    stakeholder: str
    label: Text
    inflow: float
    outflow: float
    net: float
    unit: str = "EUR/yr"
    provenance: Provenance
    costs: float = Field(default=0.0, description="own running costs [EUR/yr], subtracted in net")
    cost_items: tuple[CostItem, ...] = ()
    explanation: Text | None = Field(default=None, description="net = in - out - costs, in words")


class Reason(_Frozen):
    code: str
    effect: int = Field(description="points this reason adds to or removes from the fit score")
    text: Text


class GovernanceFit(_Frozen):
    card: str | None
    coordinator: str | None
    owner: str | None
    risk_bearer: str | None
    score: int = Field(ge=0, le=100)
    reasons: tuple[Reason, ...]
    provenance: Provenance


class CapitalUse(_Frozen):
    card: str
    kind: str
    provider: str
    amount: float
    rate: float
    term_years: int
    annual_service: float
    provenance: Provenance


class CapexItem(_Frozen):
    item: str
    amount: float
    provenance: Provenance


class StakeholderFinance(_Frozen):
    stakeholder: str
    invested: float
    npv: float
    payback_years: float | None
    provenance: Provenance


class Financing(_Frozen):
    capex: float
    capex_items: tuple[CapexItem, ...]
    sources: tuple[CapitalUse, ...]
    gap: float
    cost_of_capital: float = Field(description="weighted annual rate of the capital used [fraction]")
    payback_years: float | None
    npv: float
    per_stakeholder: tuple[StakeholderFinance, ...]
    provenance: Provenance


class Risk(_Frozen):
    kind: str
    code: str
    probability: int = Field(ge=1, le=4)
    impact: int = Field(ge=1, le=4)
    score: int = Field(ge=1, le=16)
    scenario: str | None = None
    mitigating_cards: tuple[str, ...] = ()
    text: Text
    provenance: Provenance


class Warning(_Frozen):
    code: str
    cards: tuple[str, ...] = ()
    text: Text


class ScenarioResult(_Frozen):
    scenario: str
    label: Text
    kpis: tuple[KPI, ...]
    stakeholders: tuple[StakeholderValue, ...]
    npv: float
    changes: tuple[str, ...] = Field(description="parameters the scenario card changed")


class Assessment(_Frozen):
    district: str
    cards: tuple[str, ...]
    scenarios: tuple[str, ...]
    kpis: tuple[KPI, ...]
    energy: EnergySummary
    stakeholders: tuple[StakeholderValue, ...]
    value_flows: tuple[FlowResult, ...]
    governance: GovernanceFit
    financing: Financing
    risks: tuple[Risk, ...]
    warnings: tuple[Warning, ...]
    scenario_results: tuple[ScenarioResult, ...]

    def kpi(self, key: str) -> KPI:
        """The KPI named ``key`` or a ``KeyError`` listing the keys."""
        for item in self.kpis:
            if item.key == key:
                return item
        raise KeyError(f"no KPI {key!r}; expected one of {[k.key for k in self.kpis]}")

    def net_value(self, stakeholder: str) -> float:
        for item in self.stakeholders:
            if item.stakeholder == stakeholder:
                return item.net
        return 0.0


class Change(_Frozen):
    code: str
    text: Text


class Replication(_Frozen):
    model_cards: tuple[str, ...]
    from_district: str
    to_district: str
    source: Assessment
    target: Assessment
    kpi_changes: tuple[Change, ...]
    breaks: tuple[Change, ...]
    new_warnings: tuple[Change, ...]


class Ranked(_Frozen):
    name: str
    rank: int
    score: float
    criteria: dict[str, float]
    reasons: tuple[Text, ...]


class Comparison(_Frozen):
    method: str
    weights: dict[str, float]
    ranking: tuple[Ranked, ...]
