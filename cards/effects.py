"""The ``effects`` block of a card: what the rules engine reads.

The schema is defined here, with the deck, so that a card file is validated on load; the meaning
of each field (which model parameter, which formula variable) belongs to :mod:`game_rules` and is
documented in ``docs/cards.md`` and ``docs/rules.md``. Every number that ends up in front of a city
names a ``source`` so its provenance can be printed.
"""

from __future__ import annotations

import ast
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from catalogs.text import Label


class Stakeholder(StrEnum):
    """The stakeholders that recur in PCED projects.

    Source: ASCEND, Horizon Europe grant 101096571, https://ascend-project.eu.
    """

    RESIDENTS = "residents"  # tenants and residents
    HOMEOWNERS = "homeowners"  # owner-occupiers and homeowners' associations
    HOUSING_COMPANY = "housing_company"  # municipal housing company (GWG in Munich)
    CITY = "city"  # city departments
    ORCHESTRATOR = "orchestrator"  # urban orchestrator (SPL Lyon Confluence)
    UTILITY = "utility"  # municipal utility / supplier (SWM)
    DSO = "dso"  # distribution system operator
    ENERGY_AGENCY = "energy_agency"  # e.g. Hespul
    ESCO = "esco"  # energy service company
    AGGREGATOR = "aggregator"
    COOPERATIVE = "cooperative"  # REScoop-style energy cooperative
    INVESTORS = "investors"  # investors and banks
    MOBILITY_PROVIDER = "mobility_provider"  # car sharing, e.g. Stattauto
    SMES = "smes"  # local businesses
    RESEARCH = "research"
    PUBLIC_FUNDERS = "public_funders"  # EU, national and regional programmes


class Role(StrEnum):
    """A party of a value flow that the rules engine resolves from the table, not from the card.

    Who sells local power, who is repaid from savings or who shares revenue depends on the
    governance model the table chose, so a card names the role and the engine fills it in:
    ``owner``, ``coordinator`` and ``risk_bearer`` come from the governance card on the table
    (``Governance``; without one, the district's largest owner by floor area takes all three);
    ``occupants`` is split over the district's occupant stakeholders by their share of demand,
    exactly like the engine's ``bills_avoided`` flow, so a payment ``occupants -> owner`` is
    allocated like the savings it buys (``docs/rules.md``, "Roles in card flows").
    """

    OWNER = "owner"
    COORDINATOR = "coordinator"
    RISK_BEARER = "risk_bearer"
    OCCUPANTS = "occupants"


def _party(value: object) -> Stakeholder | Role:
    """Read a flow's ``from``/``to``: a stakeholder id or a role, with an error naming both lists."""
    if isinstance(value, Stakeholder | Role):
        return value
    if isinstance(value, str):
        for kind in (Stakeholder, Role):
            if value in {member.value for member in kind}:
                return kind(value)
    raise ValueError(
        f"expected a stakeholder id ({', '.join(Stakeholder)}) or a role "
        f"({', '.join(Role)}), got {value!r}"
    )


#: One party of a value flow: a concrete stakeholder (``residents``) or a :class:`Role` (``owner``).
FlowParty = Annotated[Stakeholder | Role, BeforeValidator(_party)]


class FlowKind(StrEnum):
    """What a value flow carries."""

    MONEY = "money"
    ENERGY = "energy"
    DATA = "data"
    SERVICE = "service"


class Op(StrEnum):
    """How a card changes a parameter: replace it, add to it or scale it."""

    SET = "set"
    ADD = "add"
    MUL = "mul"


class RiskKind(StrEnum):
    """Risk families of civic energy projects.

    Source: COBEN, Civic Energy Cycle, feasibility risks (2021),
    https://www.coben.org/informer/t5.php (bibliography id ``coben-feasibility-risks``).
    """

    PARTICIPATION = "participation"
    PRICE_VOLATILITY = "price_volatility"
    REGULATORY = "regulatory"
    INTEREST_RATE = "interest_rate"
    TECHNOLOGY = "technology"
    SPLIT_INCENTIVES = "split_incentives"
    DATA_PRIVACY = "data_privacy"
    GRID_CONSTRAINTS = "grid_constraints"
    MANAGEMENT_CAPACITY = "management_capacity"
    FRAGMENTATION = "fragmentation"
    OWNER_AGREEMENT = "owner_agreement"
    HERITAGE = "heritage"
    FINANCING_GAP = "financing_gap"
    PED_BALANCE = "ped_balance"


class CapitalKind(StrEnum):
    """Kinds of money that pay for measures."""

    EQUITY = "equity"
    DEBT = "debt"
    GRANT = "grant"
    CITIZEN_SHARES = "citizen_shares"
    CROWDFUNDING = "crowdfunding"
    GREEN_BOND = "green_bond"
    ON_BILL = "on_bill"
    THIRD_PARTY = "third_party"  # e.g. ESCO or contractor finances and is repaid from savings


_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant, ast.Call,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd, ast.Attribute,
    ast.IfExp, ast.Compare, ast.Gt, ast.GtE, ast.Lt, ast.LtE,
)
_ALLOWED_CALLS = frozenset({"min", "max", "abs"})


def check_formula(text: str) -> str:
    """Return ``text`` if it is a safe arithmetic expression, else raise ``ValueError``.

    Formulas are evaluated by the rules engine over the energy model's outputs; only numbers,
    names (``pv_kwh``, ``tariff.local``), + - * / **, comparisons, ``a if c else b`` and
    ``min``/``max``/``abs`` are allowed, so a card file can never run code.
    """
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"expected an arithmetic formula, got {text!r} ({exc.msg})") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValueError(
                f"formula {text!r} uses {type(node).__name__}; only arithmetic is allowed"
            )
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in _ALLOWED_CALLS
        ):
            raise ValueError(f"formula {text!r} calls something other than min, max or abs")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


LocalLabel = Label
"""A short label in every language (for flows whose card title is not label enough): a catalog
reference ``"@HOW-03|label.grid_fees"`` in the deck files (see :func:`catalogs.text.resolve`)."""


class ValueFlow(_Strict):
    """Value that moves from one stakeholder to another each year while the model runs.

    ``formula`` is evaluated by the rules engine over the energy model's annual outputs and
    the district's tariffs; ``unit`` names what it yields. ``from``/``to`` name a stakeholder
    where the party is intrinsic to the card (the DSO buys flexibility) or a :class:`Role`
    where it depends on the governance model (the owner sells local power).
    """

    source: FlowParty = Field(alias="from")
    to: FlowParty
    kind: FlowKind
    formula: str
    unit: Literal["EUR/yr", "kWh/yr", "MWh/yr", "count"] = "EUR/yr"
    label: LocalLabel | None = None
    basis: str = Field(default="", description="where the formula's constants come from")
    fixed_years: int | None = Field(
        default=None, ge=1, le=50,
        description="a legally fixed rate (a feed-in tariff, a surcharge, a levy): the year-1 amount is paid "
                    "unchanged in nominal EUR for this many years from commissioning, then stops; None: the "
                    "amount follows energy prices over the whole horizon")
    bases: dict[Literal["FR", "DE", "EU"], str] = Field(default_factory=dict, description=(
        "the basis under one regulation regime where its law differs (FR, DE, EU): a national law is cited only "
        "in its own country; ``basis`` in every other regime"))

    def basis_in(self, regime: str | None) -> str:
        """The basis under ``regime`` (``bases``), else :attr:`basis` (None: :attr:`basis`)."""
        return self.bases.get(regime, self.basis) if regime is not None else self.basis  # type: ignore[call-overload]

    @field_validator("formula")
    @classmethod
    def _formula_is_safe(cls, value: str) -> str:
        return check_formula(value)

    @model_validator(mode="after")
    def _two_parties(self) -> ValueFlow:
        if self.source == self.to:
            raise ValueError(f"a value flow needs two different parties, got {self.to} twice")
        return self


class ParameterChange(_Strict):
    """A change to one parameter of the district energy model or the scenario.

    ``param`` is a dotted name from the rules engine's parameter vocabulary (``docs/rules.md``),
    e.g. ``pv.kwp_per_roof_m2`` or ``price.electricity``.
    """

    param: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$")]
    op: Op
    value: float
    source: str = Field(min_length=3, description="where the number comes from")
    regimes: tuple[Literal["FR", "DE"], ...] = Field(default=(), description=(
        "the countries whose national scheme the change encodes (e.g. a direct-marketing premium of German or "
        "French law); under any other regime the change is not applied; empty: applied everywhere"))


class ScenarioChange(ParameterChange):
    """A scenario's change to one exogenous ("world") parameter.

    A scenario changes the conditions the project AND its reference (today's district without
    the project) meet alike, so its magnitude is stated in one of two kinds (docs/rules.md,
    "Scenarios as worlds"): relative to the district's current value (``op: mul`` or ``add``:
    "prices +50 %"), or as an explicit new value (``op: set``) with the date it took or takes
    effect (``since``). ``regime`` names the one country whose law the change encodes; elsewhere
    the change is not applied and the assessment says so. A law already in force on the as-of
    date is the card's :class:`ScenarioLaw`'s business: the whole scenario is then inert.
    """

    regime: Literal["FR", "DE"] | None = None
    since: date | None = Field(default=None, description="date an explicit new value is in force from")

    @model_validator(mode="after")
    def _dated_values_are_set(self) -> ScenarioChange:
        if self.since is not None and self.op is not Op.SET:
            raise ValueError(f"a dated value ('since: {self.since}') must be an explicit new value (op: set), got op: {self.op}")
        return self


class ScenarioLaw(_Strict):
    """The law a scenario card puts in force in its world ("what if § 42c EnWG comes in"): the
    ``regime`` whose law it is, the regulation rule ``rule`` (a key of
    ``game_rules/data/regulation/<regime>.yaml``) and the day ``since`` its version takes
    effect. Where that version is already in force on the as-of date, the scenario changes
    nothing and the assessment says "already in force" (docs/rules.md, "Scenarios as worlds")."""

    regime: Literal["FR", "DE"]
    rule: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*$")]
    since: date


class Likelihood(_Strict):
    """How likely a scenario is over the assessment horizon, on the COBEN 1-4 probability scale
    (1 rare, 2 possible, 3 likely, 4 almost certain), with the basis of that judgement."""

    level: Annotated[int, Field(ge=1, le=4)]
    basis: str = Field(min_length=3, description="why this level: a source or the workshop assumption")


class Occurrence(_Strict):
    """When a scenario's world holds over the assessment horizon (docs/rules.md, "Scenarios as
    worlds"): **persistent** (a price path, a law, an uptake: every year from ``from_year`` on,
    the years before in the base world) or an **event** (a cold winter, a price spike) that
    occurs ``lasts_years`` at a time, about once every ``every_years`` years, within the
    plausible range ``every_range`` [years]. ``basis`` says where the frequency comes from
    (a source or the workshop assumption)."""

    kind: Literal["persistent", "event"]
    from_year: Annotated[int, Field(ge=1, le=60)] = Field(
        default=1, description="persistent: the first operating year the world holds (year 1 = the first year of operation)")
    every_years: Annotated[float | None, Field(gt=1, le=100)] = Field(
        default=None, description="event: mean recurrence interval [years]")
    every_range: tuple[float, float] | None = Field(
        default=None, description="event: plausible range of the recurrence interval [years] (the sensitivity of the expected value)")
    lasts_years: Annotated[int, Field(ge=1, le=10)] = Field(default=1, description="event: years each occurrence lasts")
    basis: str = Field(min_length=3, description="why this kind and frequency: a source or the workshop assumption")

    @model_validator(mode="after")
    def _kind_fields(self) -> Occurrence:
        if self.kind == "event":
            if self.every_years is None or self.every_range is None:
                raise ValueError("an event needs 'every_years' (its mean recurrence interval) and 'every_range' [low, high]")
            low, high = self.every_range
            if not 1 < low <= self.every_years <= high:
                raise ValueError(f"every_range {self.every_range} must contain every_years {self.every_years} and start above 1")
            if self.lasts_years >= self.every_years:
                raise ValueError(f"an event lasting {self.lasts_years} years cannot recur every {self.every_years} years")
            if self.from_year != 1:
                raise ValueError(f"'from_year' is for persistent worlds; an event recurs from year 1, got {self.from_year}")
        elif self.every_years is not None or self.every_range is not None or self.lasts_years != 1:
            raise ValueError("a persistent world has no frequency: drop 'every_years', 'every_range' and 'lasts_years'")
        return self

    @property
    def share_of_years(self) -> float:
        """Expected share of the operating years in the scenario's world [fraction]: an event's
        ``lasts_years / every_years``; 1 for a persistent world (from ``from_year`` on)."""
        if self.kind == "event" and self.every_years is not None:
            return self.lasts_years / self.every_years
        return 1.0


class CapitalSource(_Strict):
    """Money a financing card brings, with its limits and its cost."""

    kind: CapitalKind
    provider: Stakeholder
    max_share_of_capex: Annotated[float, Field(ge=0, le=1)] = 1.0
    max_eur: Annotated[float | None, Field(ge=0)] = None
    rate: Annotated[float, Field(ge=0, le=0.5)] = Field(
        default=0.0, description="annual cost of capital [fraction]"
    )
    term_years: Annotated[int, Field(ge=1, le=50)] = 20
    source: str = Field(min_length=3)


class Governance(_Strict):
    """Who coordinates, who owns the assets and who carries the risk under a governance card."""

    coordinator: Stakeholder
    owner: Stakeholder
    risk_bearer: Stakeholder
    regimes: tuple[Literal["FR", "DE", "EU"], ...] = ("EU",)
    max_owners: int | None = Field(default=None, ge=1, description="owners it can bind; None = any")


class RiskModifier(_Strict):
    """How a card moves a risk on the 4 x 4 probability x impact matrix (COBEN)."""

    risk: RiskKind
    probability: Annotated[int, Field(ge=-3, le=3)] = 0
    impact: Annotated[int, Field(ge=-3, le=3)] = 0


class Effects(_Strict):
    """What playing the card does to the assessment.

    ``requires``/``synergies``/``conflicts`` name card ids (``TECH-03``) or tags (``smart_meters``);
    a requirement holds when any card on the table has that id or tag.
    """

    stakeholders: tuple[Stakeholder, ...] = ()
    tags: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ...] = ()
    value_flows: tuple[ValueFlow, ...] = ()
    parameters: tuple[ParameterChange, ...] = ()
    capital: tuple[CapitalSource, ...] = ()
    scenario: tuple[ScenarioChange, ...] = ()
    likelihood: Likelihood | None = Field(default=None, description="scenario cards: how likely the scenario is")
    occurrence: Occurrence | None = Field(
        default=None, description="scenario cards: persistent from a year on, or an event with its frequency")
    law: ScenarioLaw | None = Field(
        default=None, description="scenario cards: the law the scenario puts in force; inert where it already is")
    governance: Governance | None = None
    pv_ownership: Literal["roof_owner", "roof_lease"] | None = Field(
        default=None,
        description="who owns new roof PV: roof_owner (the default rule: each roof's owner invests and earns) or "
                    "roof_lease (the governance owner owns all new PV and pays the other roof owners a roof lease "
                    "per kWp, pv.roof_lease_eur_per_kwp); docs/rules.md, 'Who owns the PV'")
    requires: tuple[str, ...] = ()
    synergies: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    risks: tuple[RiskModifier, ...] = ()
    informational: bool = Field(
        default=False, description="true when the card frames the discussion but moves no number"
    )
