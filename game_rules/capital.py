"""Capital: what the measures cost, which capital pays for them and who puts in what.

Split from :mod:`game_rules.financing` (which re-exports every public name here and builds the
lifecycle cash flows from them).

* CAPEX [EUR] per item = size added by the cards x unit cost parameter x ``capex.factor``
  (sizes are differences to the district as it is; unit costs in :mod:`game_rules.params`).
* Capital sources (``effects.capital`` of the cards in the financing slot) are used in order:
  grants first (times ``finance.grant_factor``), then the others in table order, each up to
  ``max_share_of_capex x CAPEX`` and ``max_eur``. What remains is the financing gap.
* Annual service of a loan-like source = annuity: A = P x r / (1 - (1 + r)^-n), with
  r = card rate + ``finance.rate_add`` (for interest-bearing kinds) and n = term [years].
* Cost of capital = amount-weighted mean rate of the non-grant sources.
* Who invests what in year 0 (:func:`invested_by`, :func:`granted_by`, :func:`outside_grants`)
  and the rate each stakeholder discounts its money at (:func:`stakeholder_rate`,
  :func:`lender_rate`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cards.effects import CapitalKind, Stakeholder
from cards.model import Card
from game_rules import cashflow as cf
from game_rules.districts import District
from game_rules.energy import RETROFIT_CLASSES
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.results import CapexItem, CapitalUse, Provenance
from game_rules.sources import capex_references, capital_references

#: Stakeholders outside the district (EU, national and regional programmes): what they pay into
#: it (grants, operating subsidies) is a gain of the district's parties in the project NPV, while
#: a transfer between two of the district's parties (a city grant to the asset owner) nets out.
OUTSIDE_FUNDERS = frozenset({Stakeholder.PUBLIC_FUNDERS.value})

#: Capital kinds that cost interest that follows the market (a rate scenario moves them).
RATE_LINKED = frozenset({CapitalKind.DEBT, CapitalKind.GREEN_BOND, CapitalKind.ON_BILL,
                         CapitalKind.THIRD_PARTY, CapitalKind.CITIZEN_SHARES, CapitalKind.CROWDFUNDING})


def annuity(principal: float, rate: float, years: int) -> float:
    """Constant annual payment [EUR/yr] repaying ``principal`` over ``years`` at ``rate``."""
    if principal <= 0:
        return 0.0
    if rate <= 0:
        return principal / years
    return principal * rate / (1 - (1 + rate) ** -years)


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 EUR per year for ``years`` at ``rate`` (for NPV)."""
    if rate <= 0:
        return float(years)
    return (1 - (1 + rate) ** -years) / rate


def _cards(params: Params, *names: str) -> tuple[str, ...]:
    seen: list[str] = []
    for name in names:
        for origin in params.origin.get(name, ()):
            if origin not in seen and not origin.startswith("district:") and origin != "default":
                seen.append(origin)
    return tuple(seen)


def capex_items(district: District, params: Params, base: Params, run: Annual, base_run: Annual) -> list[CapexItem]:
    """Investment per measure [EUR], each with the cards whose parameters sized it."""
    f = params["capex.factor"]
    old_area = sum(g.floor_area_m2 for g in district.buildings if g.energy_class in RETROFIT_CLASSES)
    hp_heat = max(run.heat_kwh - run.gas_kwh - run.dh_kwh - run.solar_heat_kwh, 0.0)
    base_hp = max(base_run.heat_kwh - base_run.gas_kwh - base_run.dh_kwh - base_run.solar_heat_kwh, 0.0)
    new_dh = max(run.dh_kwh - base_run.dh_kwh * params["demand.heat"] / max(base["demand.heat"], 1e-9), 0.0)
    ev_cars = district.mobility.cars * params["ev.share"] + params["ev.shared_cars"]
    sizes: list[tuple[str, float, tuple[str, ...]]] = [
        ("pv", (run.kwp - params["bipv.kwp"] - base_run.kwp) * params["cost.pv_eur_per_kwp"],
         ("pv.roof_use", "pv.kwp_extra", "pv.kwp_per_m2", "cost.pv_eur_per_kwp")),
        ("bipv", params["bipv.kwp"] * params["cost.bipv_eur_per_kwp"], ("bipv.kwp", "cost.bipv_eur_per_kwp")),
        ("battery", params["battery.kwh"] * params["cost.battery_eur_per_kwh"], ("battery.kwh", "cost.battery_eur_per_kwh")),
        ("thermal_storage", params["thermal_storage.kwh"] * params["cost.thermal_storage_eur_per_kwh"], ("thermal_storage.kwh",)),
        ("solar_thermal", params["solar_thermal.m2"] * params["cost.solar_thermal_eur_per_m2"], ("solar_thermal.m2",)),
        ("retrofit", old_area * params["retrofit.share"] * params["cost.retrofit_eur_per_m2"],
         ("retrofit.share", "retrofit.saving", "cost.retrofit_eur_per_m2")),
        ("heat_pumps", max(hp_heat - base_hp, 0.0) / 1000 * (
            params["cost.heat_pump_air_eur_per_mwh"] if params["heat_pump.air_share"] >= params["heat_pump.ground_share"]
            else params["cost.heat_pump_ground_eur_per_mwh"]), ("heat_pump.air_share", "heat_pump.ground_share")),
        ("district_heating", new_dh / 1000 * params["cost.dh_connection_eur_per_mwh"], ("district_heating.connect_share",)),
        ("smart_meters", district.dwellings * params["smart_meters.share"] * params["cost.smart_meter_eur"], ("smart_meters.share",)),
        ("chargers", ev_cars * max(params["ev.smart_share"], params["ev.v2g_share"]) * params["cost.charger_eur"],
         ("ev.smart_share", "ev.v2g_share")),
        ("shared_cars", params["ev.shared_cars"] * params["cost.shared_car_eur"], ("ev.shared_cars",)),
        ("set_up", params["capex.extra_eur"], ("capex.extra_eur",)),
    ]
    items = []
    for name, amount, names in sizes:
        if amount > 0.5:
            items.append(CapexItem(item=name, amount=amount * f, provenance=Provenance(
                cards=_cards(params, *names, "capex.factor"), rule=f"capex.{name}",
                source="unit investment costs of the parameter list, each with its source or plausible range",
                references=capex_references(name, names, district, params))))
    return items


def allocate(capex: float, cards: Sequence[Card], params: Params) -> tuple[list[CapitalUse], float]:
    """Use the financing cards' capital against ``capex``: (sources used, gap [EUR])."""
    entries = [(card, source) for card in cards for source in card.effects.capital]
    entries.sort(key=lambda e: 0 if e[1].kind is CapitalKind.GRANT else 1)
    remaining = capex
    used: list[CapitalUse] = []
    for card, source in entries:
        if remaining <= 0:
            break
        factor = params["finance.grant_factor"] if source.kind is CapitalKind.GRANT else 1.0
        cap = source.max_share_of_capex * capex * factor
        if source.max_eur is not None:
            cap = min(cap, source.max_eur * factor)
        amount = min(cap, remaining)
        if amount <= 0:
            continue
        rate = source.rate + (params["finance.rate_add"] if source.kind in RATE_LINKED else 0.0)
        rate = max(rate, 0.0)
        service = 0.0 if source.kind in (CapitalKind.GRANT, CapitalKind.EQUITY) else annuity(amount, rate, source.term_years)
        used.append(CapitalUse(
            card=card.id, kind=source.kind.value, provider=source.provider.value, amount=amount,
            rate=rate, term_years=source.term_years, annual_service=service,
            provenance=Provenance(cards=(card.id, *_cards(params, "finance.rate_add", "finance.grant_factor")),
                                  rule="financing.allocate", source=source.source,
                                  references=capital_references(source.source, card)),
        ))
        remaining -= amount
    return used, max(remaining, 0.0)


def cost_of_capital(sources: Sequence[CapitalUse]) -> float:
    """Amount-weighted rate of the non-grant capital [fraction/yr]."""
    paid = [s for s in sources if s.kind != CapitalKind.GRANT.value]
    total = sum(s.amount for s in paid)
    return sum(s.amount * s.rate for s in paid) / total if total > 0 else 0.0


def invested_by(owner: Stakeholder, sources: Sequence[CapitalUse], gap: float,
                owned: Mapping[str, float] | None = None) -> dict[str, float]:
    """Money each stakeholder puts in up front, in year 0 [EUR]: the asset owners their equity
    and the gap, lenders their loans, grantors their grants. A grant is a transfer: the grantor pays it
    (EC CBA guide 2014: a financing source, paid by whoever grants it), and the recipient's own
    outlay is smaller by it, because grants are used first and the gap is what remains.
    ``owned``: each asset owner's share of the CAPEX (:func:`game_rules.pv_ownership.capex_shares`),
    which splits the gap; None: ``owner`` owns everything."""
    out: dict[str, float] = {who: gap * share for who, share in (owned or {owner.value: 1.0}).items()}
    for s in sources:
        out[s.provider] = out.get(s.provider, 0.0) + s.amount
    return out


def granted_by(sources: Sequence[CapitalUse]) -> dict[str, float]:
    """The grants each stakeholder gives [EUR, year 0] (part of :func:`invested_by`)."""
    out: dict[str, float] = {}
    for s in sources:
        if s.kind == CapitalKind.GRANT.value:
            out[s.provider] = out.get(s.provider, 0.0) + s.amount
    return out


def outside_grants(sources: Sequence[CapitalUse]) -> float:
    """Grants paid from outside the district (:data:`OUTSIDE_FUNDERS`) [EUR]: the only ones the
    project NPV counts as a source (docs/rules.md, "Project cash flows")."""
    return sum(amount for who, amount in granted_by(sources).items() if who in OUTSIDE_FUNDERS)


def lender_rate(stakeholder: str, sources: Sequence[CapitalUse], owner: Stakeholder,
                data: cf.FinanceData) -> float | None:
    """The rate a lender discounts its own cash flows at when all it puts in is lent at its
    cost of funds (``assets.yaml`` ``lenders.at_loan_rate``: promotional-bank loans, bonds
    bought at par): the amount-weighted rate of those loans [fraction/yr], so that a loan at
    rate r discounted at r has NPV 0 (annuity: P = A x (1 - (1 + r)^-n) / r, VDI 2067-1).
    None for any other stakeholder (discounted at its type's rate). A lender that also owns PV on
    its own roofs (:mod:`game_rules.pv_ownership`) keeps its loans' rate: what it puts in up front
    is its loans; its PV's yield adds to that NPV."""
    if stakeholder == owner.value:
        return None
    lent = [s for s in sources if s.provider == stakeholder]
    if not lent or any(s.kind not in data.lenders.at_loan_rate for s in lent):
        return None
    total = sum(s.amount for s in lent)
    return sum(s.amount * s.rate for s in lent) / total if total > 0 else None


def stakeholder_rate(stakeholder: str, params: Params, district: District, sources: Sequence[CapitalUse],
                     owner: Stakeholder, data: cf.FinanceData | None = None) -> float:
    """The nominal discount rate [fraction/yr] ``stakeholder`` judges its money at (docs/rules.md,
    "Stakeholders"): a lender at its cost of funds its loans' rate (:func:`lender_rate`), anyone
    else the rate of its type (``assets.yaml``: public 3 %, housing company 5 %, cooperative 4 %,
    households 4 %, commercial 7 %) shifted by ``finance.discount_rate`` minus the district's
    default, at least 0."""
    data = data or finance_data(params)
    at_loan = lender_rate(stakeholder, sources, owner, data)
    if at_loan is not None:
        return at_loan
    shift = params["finance.discount_rate"] - district.finance.discount_rate
    return max(data.discount_rate(stakeholder).value + shift, 0.0)




def finance_data(params: Params) -> cf.FinanceData:
    """The lifecycle data with any :data:`game_rules.cashflow.LIFECYCLE_PARAMS` that ``params``
    carries (once the parameter vocabulary lists them, overrides and the sensitivity run move
    them like any other assumption)."""
    values = {name: params.values[name] for name in cf.LIFECYCLE_PARAMS if name in params.values}
    return cf.adjusted(values) if values else cf.load()
