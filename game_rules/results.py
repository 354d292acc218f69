"""The typed results of an assessment: what the server sends, the reports print and the CLI shows.

Every number a city reads is wrapped with a :class:`Provenance` naming the cards, the rule
(a name documented in ``docs/rules.md``) and the data source that produced it. JSON via
``model_dump(mode="json")``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

# Re-exported: the market results and Provenance are imported from here across the code.
from game_rules.market_results import FlexibilityAsset as FlexibilityAsset
from game_rules.market_results import FlexibilityMarket as FlexibilityMarket
from game_rules.market_results import Market as Market
from game_rules.market_results import MarketFigures as MarketFigures
from game_rules.market_results import MarketGroup as MarketGroup
from game_rules.market_results import MarketHour as MarketHour
from game_rules.market_results import MarketNpvPart as MarketNpvPart
from game_rules.market_results import MarketParticipant as MarketParticipant
from game_rules.market_results import MarketRuleSummary as MarketRuleSummary
from game_rules.market_results import Mobility as Mobility
from game_rules.provenance import Provenance as Provenance
from game_rules.provenance import _Frozen
from game_rules.references import Reference
from game_rules.sharing_results import BuildingSharing as BuildingSharing
from game_rules.sharing_results import GroupSharing as GroupSharing
from game_rules.sharing_results import SchemeRefusal as SchemeRefusal
from game_rules.sharing_results import SchemeSharing as SchemeSharing
from game_rules.sharing_results import SchemeWorld as SchemeWorld
from game_rules.sharing_results import Sharing as Sharing
from game_rules.sharing_results import SharingBalance as SharingBalance
from game_rules.sharing_results import SharingSummary as SharingSummary
from game_rules.texts import Text


class Assumption(_Frozen):
    """A value used without a published source: where it is set, its value and the plausible
    range a sensitivity run varies it over (a facilitator may override it)."""

    parameter: str = Field(description="parameter name (params.py) or district field, e.g. 'district.tariffs.gas_eur_per_kwh'")
    value: float
    unit: str = Field(min_length=1, description="unit of value, low and high, e.g. 'EUR/kWh'; dimensionless: 'fraction' or 'factor'")
    low: float
    high: float
    set_by: str = Field(description="'default', 'district:<id>' or the card id that set it")
    reason: str = ""


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
    years: int | None = Field(default=None, ge=1, description="years a money flow lasts from year 1, fixed in nominal EUR "
                                                             "(None: the whole horizon), e.g. a French energy-savings "
                                                             "contribution, at most 15, or the Mieterstromzuschlag, 20")
    after_term: float | None = Field(default=None, description=(
        "what a flow with ``years`` pays each year after its fixed term, in year-1 prices [EUR/yr], rising with "
        "energy prices (None: nothing), e.g. exported kWh at their market value once the feed-in tariff has ended"))


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
    """One stakeholder's lifecycle result over the analysis horizon, discounted at the rate of its
    type (``game_rules/data/assets.yaml``; rules in docs/rules.md, "Finance")."""

    stakeholder: str
    invested: float = Field(description="money put in up front, year 0 [EUR]: equity and gap, loans lent, grants given")
    npv: float = Field(description="net present value of the stakeholder's yearly cash flows over the horizon [EUR]")
    payback_years: float | None = Field(description="simple payback: invested / first-year net [years]")
    provenance: Provenance
    stakeholder_type: str = Field(default="", description="public, housing_company, cooperative, households or commercial")
    discount_rate: float = Field(default=0.0, description="nominal discount rate of the stakeholder's type, or of its loans "
                                                          "for a lender at its cost of funds [fraction/yr]")
    irr: float | None = Field(default=None, description="internal rate of return [fraction/yr]; None without a sign change")
    discounted_payback_years: float | None = Field(default=None, description="years until the discounted cumulative cash flow turns positive")
    npv_without_residual: float | None = Field(
        default=None, description="the NPV without the residual value of the assets at the horizon [EUR]: how much "
                                  "of the NPV rests on the straight-line residual value (VDI 2067-1)")


class CashFlowRow(_Frozen):
    """One year of cash flows [EUR, nominal]; inflows positive, outflows negative.

    ``net`` = investment + grants + operation + replacement + residual + revenue + financing;
    ``discounted`` = net / (1 + r)^year at the row owner's discount rate.
    """

    year: int = Field(ge=0, description="0 = investment year")
    investment: float = 0.0
    grants: float = 0.0
    operation: float = Field(default=0.0, description="O&M and running costs, escalated")
    replacement: float = Field(default=0.0, description="components or assets replaced within the horizon")
    residual: float = Field(default=0.0, description="straight-line residual value at the horizon (last year only)")
    revenue: float = Field(default=0.0, description="savings and revenues, escalated (and degraded for PV)")
    financing: float = Field(default=0.0, description="loan principal lent (year 0) and debt service received or paid")
    net: float
    discounted: float
    energy_kwh: float | None = Field(default=None, description="energy the asset delivers that year [kWh]")


class AssetCashFlows(_Frozen):
    """The lifecycle of one asset class: investment, O&M, replacements, residual value, output."""

    asset: str = Field(description="asset class key in game_rules/data/assets.yaml")
    item: str = Field(description="the CAPEX item it costs")
    capex: float
    lifetime_years: int
    residual_value: float
    rows: tuple[CashFlowRow, ...]
    provenance: Provenance


class StakeholderCashFlows(_Frozen):
    stakeholder: str
    stakeholder_type: str
    discount_rate: float
    rows: tuple[CashFlowRow, ...]
    provenance: Provenance


class CashFlows(_Frozen):
    """Yearly cash-flow tables: the project (district view), each asset and each stakeholder."""

    horizon_years: int = 0
    project: tuple[CashFlowRow, ...] = ()
    assets: tuple[AssetCashFlows, ...] = ()
    stakeholders: tuple[StakeholderCashFlows, ...] = ()


class Financing(_Frozen):
    """What the project costs, who pays, and its lifecycle value (docs/rules.md, "Finance")."""

    capex: float
    capex_items: tuple[CapexItem, ...]
    sources: tuple[CapitalUse, ...]
    gap: float
    cost_of_capital: float = Field(description="weighted annual rate of the capital used [fraction]")
    payback_years: float | None
    npv: float = Field(description="project NPV over the horizon at discount_rate [EUR], the district's parties "
                                   "together: grants from outside the district count as a source, transfers between "
                                   "the district's parties net out")
    npv_before_grants: float | None = Field(default=None, description="project NPV without any grant [EUR]: the return on "
                                                                      "the whole investment (EC CBA guide 2014, FNPV(C))")
    npv_without_residual: float | None = Field(
        default=None, description="project NPV without the assets' residual value at the horizon [EUR]: how much of "
                                  "the NPV rests on the straight-line residual value (VDI 2067-1; EC CBA guide 2014)")
    npv_without_markets: float | None = Field(
        default=None, description="project NPV without the market benefits, their investment and running costs kept "
                                  "[EUR]: the NPV less the market parts it counts (market_parts with in_npv: flexibility "
                                  "sales, eMaaS savings); not the NPV of the table without the market cards (game_rules.market_npv)")
    market_parts: tuple[MarketNpvPart, ...] = Field(
        default=(), description="each market's money in the project NPV, counted or shown as a transfer (game_rules.market_npv)")
    per_stakeholder: tuple[StakeholderFinance, ...]
    provenance: Provenance
    horizon_years: int = Field(default=0, description="analysis horizon [years]")
    discount_rate: float = Field(default=0.0, description="project discount rate [fraction/yr]")
    irr: float | None = Field(default=None, description="project internal rate of return [fraction/yr]")
    discounted_payback_years: float | None = None
    lcoe_electricity_eur_per_kwh: float | None = Field(default=None, description="LCOE of the new PV (and battery) [EUR/kWh]")
    lcoe_heat_eur_per_kwh: float | None = Field(default=None, description="levelised cost of the new heat supply [EUR/kWh]")
    cash_flows: CashFlows = Field(default_factory=CashFlows)


class Mitigation(_Frozen):
    """A card not on the table that lowers a risk's computed exposure, by the amount a re-run
    with the card computes (never by a constant)."""

    card: str
    exposure_after: float = Field(description="the risk's exposure with the card added [unit]")
    reduction: float = Field(description="exposure - exposure_after [unit], > 0")
    unit: str
    provenance: Provenance


class Risk(_Frozen):
    """A risk computed from the outcomes, rated on the COBEN 4 x 4 matrix (docs/rules.md, "Risks"):
    probability from the worlds that trigger it, impact from ``share`` = exposure / stake."""

    kind: str
    code: str
    probability: int = Field(ge=1, le=4)
    impact: int = Field(ge=1, le=4)
    score: int = Field(ge=1, le=16)
    scenario: str | None = None
    mitigating_cards: tuple[str, ...] = ()
    text: Text
    provenance: Provenance
    bearer: str | None = Field(default=None, description="stakeholder who bears the exposure")
    exposure: float | None = Field(default=None, description="what is at stake when the risk occurs [exposure_unit]")
    exposure_unit: str | None = None
    stake: float | None = Field(default=None, description="what the bearer has at stake [exposure_unit]")
    stake_label: Text | None = None
    share: float | None = Field(default=None, description="exposure / stake [fraction]; sets the impact")
    triggered_by: tuple[str, ...] = Field(default=(), description="'base' and the scenario cards whose worlds trigger it")
    mitigations: tuple[Mitigation, ...] = ()


class Warning(_Frozen):
    code: str
    cards: tuple[str, ...] = ()
    text: Text
    references: tuple[str, ...] = Field(default=(), description="bibliography ids of the rule the warning names")


class ScenarioOccurrence(_Frozen):
    """When a scenario's world holds over the horizon (``cards.effects.Occurrence``; docs/rules.md,
    "Scenarios as worlds"): ``persistent`` from ``from_year`` on, or an ``event`` about once
    every ``every_years`` years (plausible range ``every_range``), ``lasts_years`` at a time."""

    kind: Literal["persistent", "event"]
    from_year: int = Field(default=1, description="persistent: first operating year in the scenario's world")
    every_years: float | None = Field(default=None, description="event: mean recurrence interval [years]")
    every_range: tuple[float, float] | None = Field(default=None, description="event: plausible range of the interval [years]")
    lasts_years: int = Field(default=1, description="event: years each occurrence lasts")
    share_of_years: float = Field(description="expected share of the operating years in the scenario's world [fraction]")
    basis: str = Field(default="", description="where the kind and frequency come from")
    annual_figures: Literal["every_year", "event_year"] = Field(
        description="what the scenario's annual KPIs and net values describe: every year from from_year on, or the event year")


class ScenarioResult(_Frozen):
    """One scenario as a world: the project's KPIs, net values and NPV beside the reference
    (today's district without the project) in the same world. For an event the annual KPIs and
    net values are those of the event year, while ``npv`` is the lifecycle's expected value
    (the base world's cash flows plus the event years' difference weighted by its frequency)."""

    scenario: str
    label: Text
    kpis: tuple[KPI, ...]
    stakeholders: tuple[StakeholderValue, ...]
    npv: float
    changes: tuple[str, ...] = Field(description="parameters the scenario card changed")
    baseline: tuple[KPI, ...] = Field(default=(), description="KPIs of today's district without the project in this world")
    likelihood: int = Field(default=2, ge=1, le=4, description="COBEN probability level of the scenario (1 unlikely - 4 certain)")
    likelihood_basis: str = ""
    inert: tuple[str, ...] = Field(default=(), description="parameters the card would change under another regime, not applied here")
    in_force: tuple[str, ...] = Field(default=(), description="parameters the card would change, left out because its law is already in force on the as-of date")
    status: Literal["acts", "not_applicable", "in_force"] = Field(default="acts", description=(
        "acts: the world differs from the base; not_applicable: none of its changes apply under the district's regime; "
        "in_force: the law it puts in force already is on the as-of date (figures = the base world's, not rated)"))
    in_force_since: date | None = Field(default=None, description="in_force: the day the scenario's law took effect")
    sharing: SharingSummary | None = Field(default=None, description=(
        "the table's scheme in this world (its PV yield, uptake, key, battery), by scheme and building group"))
    occurrence: ScenarioOccurrence | None = Field(default=None, description="persistent or an event, with its frequency")
    npv_event_every_year: float | None = Field(
        default=None, description="event: the project NPV if the event year recurred every year of the horizon [EUR] "
                                  "(a stress bound, not an expected value)")
    npv_without_markets: float | None = Field(
        default=None, description="the scenario's project NPV without the market benefits, their investment and running "
                                  "costs kept [EUR] (Financing.npv_without_markets); None without a counted market")


class SensitivityRow(_Frozen):
    """One bar of the tornado: a parameter moved to its low and high value, all else at base."""

    parameter: str
    label: Text = Field(description="what the parameter is, in words")
    unit: str
    assumption: bool = Field(description="true when the parameter's value has no published source")
    base: float
    low: float
    high: float
    range_basis: Literal["district", "plausible", "±20 %"] = Field(
        description="where the range comes from: the range the district file states for the value, the parameter's "
                    "plausible range, or ±20 % around a sourced value or neutral factor")
    npv_low: float = Field(description="project NPV [EUR] with the parameter at its low value")
    npv_high: float = Field(description="project NPV [EUR] with the parameter at its high value")
    kpis_low: dict[str, float] = Field(default_factory=dict, description="key KPIs at the low value (units as in Assessment.kpis)")
    kpis_high: dict[str, float] = Field(default_factory=dict, description="key KPIs at the high value")
    provenance: Provenance

    @property
    def swing(self) -> float:
        """|NPV(high) - NPV(low)| [EUR]: the bar's length."""
        return abs(self.npv_high - self.npv_low)


class Sensitivity(_Frozen):
    """A one-at-a-time sensitivity analysis (tornado) of project NPV and key KPIs."""

    npv: float = Field(description="project NPV at base [EUR]")
    kpis: dict[str, float] = Field(description="key KPIs at base")
    rows: tuple[SensitivityRow, ...] = Field(description="largest NPV swing first")
    method: str
    no_effect: tuple[str, ...] = Field(default=(), description="parameters varied that move neither the NPV nor a key KPI here")


class Uncertainty(_Frozen):
    """Monte Carlo percentiles (P5, P50, P95) of the energy KPIs [fraction] and the project NPV [EUR]."""

    samples: int
    self_sufficiency: tuple[float, float, float]
    self_consumption: tuple[float, float, float]
    npv: tuple[float, float, float] | None = Field(
        default=None, description="P5, P50, P95 of the project NPV [EUR] (response surface over the same draws)")
    method: str
    provenance: Provenance
    drawn: tuple[str, ...] = Field(default=(), description="the parameters drawn; every other input stays at its "
                                                           "value (its effect is in the sensitivity run)")


class Assessment(_Frozen):
    district: str
    as_of: date | None = Field(default=None, description="the date whose rules are in force in every run of this assessment")
    overrides: dict[str, float] = Field(default_factory=dict, description=(
        "the facilitator's parameter values this assessment was computed with (assess(overrides=...), "
        "units as in game_rules.params): every re-run after the fact (uncertainty, baseline) applies them too"))
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
    baseline: tuple[KPI, ...] = Field(default=(), description="KPIs of today's district without the project (base world)")
    sensitivity: Sensitivity | None = None
    uncertainty: Uncertainty | None = None
    references: tuple[Reference, ...] = Field(
        default=(), description="every published source cited anywhere in this assessment (game_rules.references.collect)")
    assumptions: tuple[Assumption, ...] = Field(
        default=(), description="every value used without a published source, with its plausible range (game_rules.params.assumptions)")
    sharing: Sharing | None = Field(default=None, description="the sharing scheme building by building (game_rules.schemes)")
    market: Market | None = Field(default=None, description="peer-to-peer trading hour by hour, when a P2P card is played (game_rules.p2p)")
    flexibility: FlexibilityMarket | None = Field(default=None, description="the local flexibility market, when a market card is played (game_rules.flexibility)")
    mobility: Mobility | None = Field(default=None, description="e-mobility as a service, when shared cars are on the table (game_rules.emaas)")

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
    """One difference a replication finds: ``code`` (rule or KPI key), the sentence naming the
    district, and ``what``: the reason alone (the same in every district it occurs in), or None."""

    code: str
    text: Text
    what: Text | None = None


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
    market: MarketFigures | None = Field(default=None, description="the table's market figures, shown beside the ranking (not weighted)")


class Comparison(_Frozen):
    method: str
    weights: dict[str, float]
    ranking: tuple[Ranked, ...]


# Sharing schemes building by building: game_rules.sharing_results (re-exported above).
Assessment.model_rebuild()
