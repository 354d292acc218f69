"""Governance fit: the chosen governance card against the district and the value it leaves.

Score starts at 50 and each reason adds or removes points (clamped to 0-100):
regime allowed +15 / not allowed -40; asset owner holds ≥ 50 % of floor area +15, < 20 % -10;
more owners than the model binds (and the owner holds < 50 %) -20; orchestrator-led where one exists +10 / missing -15;
risk bearer's net value ≥ 0 +10 / < 0 -15. No governance card scores 0.
The points are a workshop assumption: a transparent scoring rule, not a published index.

:func:`table_roles` resolves the flow roles of ``cards.effects.Role`` (owner, coordinator, risk
bearer, occupants) for the cards on a table, so card value flows follow the governance model the
table chose (``docs/rules.md``, "Roles in card flows").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.effects import Role, Stakeholder
from cards.model import Card
from game_rules.districts import District
from game_rules.results import GovernanceFit, Provenance, Reason
from game_rules.texts import card_names, money_text, pct, regimes, text, with_stakeholders


def default_owner(district: District) -> Stakeholder:
    """Without a governance card, the largest owner by floor area owns the measures."""
    shares = district.owner_shares()
    return max(shares, key=lambda k: shares[k])


def occupant_shares(district: District) -> dict[Stakeholder, float]:
    """Each occupant stakeholder's share of the district's demand (heat + electricity [kWh/yr]).

    The one key that splits both the engine's ``bills_avoided`` flow and card flows from or to
    ``occupants``, so payments and the savings they buy are allocated alike. Shares sum to 1.
    """
    demand = {g.id: g.heat_kwh + g.electricity_kwh for g in district.buildings}
    total = sum(demand.values())
    shares: dict[Stakeholder, float] = {}
    for g in district.buildings:
        shares[g.occupant] = shares.get(g.occupant, 0.0) + demand[g.id] / total
    return shares


@dataclass(frozen=True)
class Roles:
    """Who fills each :class:`~cards.effects.Role` on a table.

    ``card`` is the governance card that decided (the first on the table) or ``None`` when no
    governance card is played: then the district's largest owner by floor area is owner,
    coordinator and risk bearer (the engine warns ``gov.none``). ``occupants`` holds each
    occupant stakeholder's share of demand (:func:`occupant_shares`).
    """

    owner: Stakeholder
    coordinator: Stakeholder
    risk_bearer: Stakeholder
    card: str | None
    occupants: tuple[tuple[Stakeholder, float], ...]

    def party(self, role: Role) -> Stakeholder:
        """The stakeholder behind ``owner``, ``coordinator`` or ``risk_bearer``."""
        if role is Role.OWNER:
            return self.owner
        if role is Role.COORDINATOR:
            return self.coordinator
        if role is Role.RISK_BEARER:
            return self.risk_bearer
        raise ValueError(f"expected owner, coordinator or risk_bearer, got {role.value!r} (split it with .occupants)")

    @property
    def decided_by(self) -> str:
        """How the roles were decided, for provenance: ``via GOV-01`` or the default rule."""
        if self.card is not None:
            return f"via {self.card}"
        return "by default: no governance card, largest owner by floor area"


def table_roles(cards: Sequence[Card], district: District) -> Roles:
    """Resolve the flow roles from the first governance card on the table (see :class:`Roles`)."""
    occupants = tuple(occupant_shares(district).items())
    card = next((c for c in cards if c.effects.governance is not None), None)
    if card is None or card.effects.governance is None:
        owner = default_owner(district)
        return Roles(owner=owner, coordinator=owner, risk_bearer=owner, card=None, occupants=occupants)
    gov = card.effects.governance
    return Roles(owner=gov.owner, coordinator=gov.coordinator, risk_bearer=gov.risk_bearer, card=card.id,
                 occupants=occupants)


def fit(cards: Sequence[Card], district: District, net: dict[str, float]) -> GovernanceFit:
    """Score the first governance card on the table (see module doc)."""
    pairs = [(c, c.effects.governance) for c in cards if c.effects.governance is not None]
    gov_cards = [c for c, _ in pairs]
    if not pairs:
        return GovernanceFit(card=None, coordinator=None, owner=None, risk_bearer=None, score=0,
                             reasons=(Reason(code="gov.none", effect=-50, text=text("gov.none")),),
                             provenance=_provenance((), district, "no governance card: score 0 by the game's rule"))
    card, gov = pairs[0]
    reasons: list[Reason] = []
    if len(gov_cards) > 1:
        reasons.append(Reason(code="gov.several", effect=-10,
                              text=text("gov.several", cards=card_names(gov_cards))))
    if district.regime in gov.regimes or "EU" in gov.regimes:
        reasons.append(Reason(code="gov.regime_ok", effect=15, text=text("gov.regime_ok", regime=regimes((district.regime,)))))
    else:
        reasons.append(Reason(code="gov.regime_broken", effect=-40,
                              text=text("gov.regime_broken", needs=regimes(gov.regimes), regime=regimes((district.regime,)))))
    share = district.owner_shares().get(gov.owner, 0.0)
    roles = {"owner": gov.owner.value}
    if share >= 0.5:
        reasons.append(Reason(code="gov.owner_major", effect=15, text=with_stakeholders("gov.owner_major", roles, share=pct(share))))
    elif share < 0.2:
        reasons.append(Reason(code="gov.owner_minor", effect=-10, text=with_stakeholders("gov.owner_minor", roles, share=pct(share))))
    count = district.owner_count()
    if gov.max_owners is not None and count > gov.max_owners and share < 0.5:
        reasons.append(Reason(code="gov.too_many_owners", effect=-20,
                              text=text("gov.too_many_owners", count=count, limit=gov.max_owners)))
    if gov.coordinator is Stakeholder.ORCHESTRATOR:
        ok = district.orchestrator
        reasons.append(Reason(code="gov.orchestrator_ok" if ok else "gov.orchestrator_missing",
                              effect=10 if ok else -15, text=text("gov.orchestrator_ok" if ok else "gov.orchestrator_missing")))
    bearer_net = net.get(gov.risk_bearer.value, 0.0)
    code = "gov.risk_bearer_ok" if bearer_net >= 0 else "gov.risk_bearer_weak"
    reasons.append(Reason(code=code, effect=10 if bearer_net >= 0 else -15,
                          text=with_stakeholders(code, {"bearer": gov.risk_bearer.value}, net=money_text(abs(bearer_net)))))
    score = max(0, min(100, 50 + sum(r.effect for r in reasons)))
    result = GovernanceFit(card=card.id, coordinator=gov.coordinator.value, owner=gov.owner.value,
                           risk_bearer=gov.risk_bearer.value, score=score, reasons=tuple(reasons),
                           provenance=_provenance((card.id,), district, district.regulation.source))
    low, high = score_range(result)
    source = (f"{district.regulation.source}; score {score}: assumption [{min(low, score):.0f}-{max(high, score):.0f}] "
              f"points (workshop scoring rule, each reason's points ±50 %)")
    return result.model_copy(update={"provenance": result.provenance.model_copy(update={"source": source})})


#: The source of the governance models on the cards (ASCEND business-model patterns).
GOVERNANCE_SOURCE = "ascend-project"


def _provenance(cards: tuple[str, ...], district: District, source: str) -> Provenance:
    """The fit's provenance: the governance models (ASCEND) and the district data it reads
    (regulation, buildings' owners); :func:`fit` adds the score's range (:func:`score_range`),
    the points per reason being a workshop assumption."""
    refs = [GOVERNANCE_SOURCE, *district.regulation.references, *(r for g in district.buildings for r in g.references)]
    return Provenance(cards=cards, rule="governance_fit", references=tuple(dict.fromkeys(refs)), source=source)


#: Plausible spread of every reason's points (the weights are a workshop assumption).
WEIGHT_SPREAD = 0.5


def score_range(result: GovernanceFit) -> tuple[float, float]:
    """The fit score with every reason's points scaled by 1 ± :data:`WEIGHT_SPREAD` towards its
    lowest and highest outcome, clamped to 0-100: the plausible range of the assumption."""
    if result.card is None:
        return 0.0, 0.0
    low = 50 + sum(r.effect * (1 + WEIGHT_SPREAD if r.effect < 0 else 1 - WEIGHT_SPREAD) for r in result.reasons)
    high = 50 + sum(r.effect * (1 - WEIGHT_SPREAD if r.effect < 0 else 1 + WEIGHT_SPREAD) for r in result.reasons)
    return max(0.0, min(100.0, low)), max(0.0, min(100.0, high))
