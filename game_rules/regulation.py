"""The rules in force: which legal routes a table may take, on which date, and their limits.

Each regime (``DE``, ``FR``; ``EU`` applies everywhere) is a data file
``data/regulation/<regime>.yaml`` of rules. A rule has a stable ``key`` (``energy_sharing``,
``acc.power_cap_kw``), its legal reference, its value and unit (or size ``bands``, optionally
lowered by a statutory ``degression``), the dates it applies and the bibliography ids behind it.
A rule that changed is listed once per version with its dates, so a workshop can ask "under the
2025 rules" (:func:`rules_in_force` with ``as_of``).

:func:`findings` checks a table's model against a :class:`RuleSet`: a French collective
self-consumption (ACC) wider than its perimeter or above its power cap (arrêtés of 21 November
2019, 19 September 2023, 21 February 2025), a Mieterstrom price above 90 % of the default
tariff (§ 42a EnWG), energy sharing before § 42c EnWG applies (1 June 2026), and a mechanism
card whose law is not the district's. The assessment turns findings into risks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cards.model import Card, Category
from game_rules.districts import District
from game_rules.texts import Text, card_name, pct, regimes, text

REGULATION_DIR = Path(__file__).parent / "data" / "regulation"

Regime = Literal["DE", "FR", "EU"]

#: Mechanism tags that commit a table to one country's legal route, with the rule that opens it.
ROUTES: dict[str, tuple[Regime, str]] = {
    "mieterstrom": ("DE", "mieterstrom.price_cap"),
    "shared_building_supply": ("DE", "building_supply"),
    "energy_sharing": ("DE", "energy_sharing"),
    "collective_self_consumption": ("FR", "acc.pmo"),
}

Settlement = Literal["urban", "peri_urban", "rural"]

#: Each regime's own route for sharing local power between neighbours (the rule that opens it):
#: what a finding about another country's route cites, since a national law is cited only in its
#: own country (docs/rules.md, "Provenance").
HOME_ROUTES: dict[str, str] = {"FR": "acc.pmo", "DE": "energy_sharing", "EU": "rec"}


class RegulationError(ValueError):
    """A regulation file is malformed or a regime is unknown; the message names what was expected."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Frozen):
    """A value for plants up to ``up_to_kw`` [kW] (inclusive)."""

    up_to_kw: Annotated[float, Field(gt=0)]
    value: float


class Degression(_Frozen):
    """A statutory reduction: ``value × factor^n`` after n full periods since ``start``."""

    start: date
    every_months: Annotated[int, Field(ge=1)]
    factor: Annotated[float, Field(gt=0, le=1)]
    decimals: Annotated[int, Field(ge=0, le=8)] = 4

    def periods(self, as_of: date) -> int:
        """Full periods begun between ``start`` and ``as_of`` (0 before ``start``)."""
        if as_of < self.start:
            return 0
        months = (as_of.year - self.start.year) * 12 + as_of.month - self.start.month
        if as_of.day < self.start.day:
            months -= 1
        return months // self.every_months + 1


class Rule(_Frozen):
    """One version of one rule, with its legal reference and sources."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*$")]
    title: Annotated[str, Field(min_length=3)]
    legal: Annotated[str, Field(min_length=3, description="the legal reference, e.g. '§ 42c EnWG'")]
    value: float | None = None
    unit: str = ""
    bands: tuple[Band, ...] = ()
    degression: Degression | None = None
    in_force_from: date
    in_force_until: date | None = Field(default=None, description="last day in force (inclusive)")
    references: tuple[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")], ...] = Field(min_length=1)
    note: str = ""
    conditions: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_value(self) -> Rule:
        if (self.value is None) == (not self.bands):
            raise ValueError(f"rule {self.key}: expected either a value or size bands, got {'both' if self.bands else 'neither'}")
        if self.in_force_until is not None and self.in_force_until < self.in_force_from:
            raise ValueError(f"rule {self.key}: in_force_until {self.in_force_until} is before in_force_from {self.in_force_from}")
        return self

    def applies_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day <= self.in_force_until)

    def value_at(self, as_of: date, kw: float | None = None) -> float:
        """The rule's value on ``as_of`` for a plant of ``kw`` [kW] (size bands: the band that
        contains ``kw``; the largest band when ``kw`` is None), after any degression.

        Raises ``ValueError`` when ``kw`` exceeds the largest band.
        """
        if self.bands:
            bands = sorted(self.bands, key=lambda band: band.up_to_kw)
            chosen = bands[-1] if kw is None else next((b for b in bands if kw <= b.up_to_kw), None)
            if chosen is None:
                raise ValueError(f"{self.key}: expected a plant of at most {bands[-1].up_to_kw:g} kW, got {kw:g} kW")
            base = chosen.value
        else:
            assert self.value is not None  # guaranteed by _has_value
            base = self.value
        if self.degression is None:
            return base
        step = self.degression
        return round(base * step.factor ** step.periods(as_of), step.decimals)


class RuleSet(_Frozen):
    """The rules of one regime (plus EU rules) in force on ``as_of``."""

    regime: Regime
    as_of: date
    rules: tuple[Rule, ...]

    def get(self, key: str) -> Rule | None:
        """The rule in force under ``key``, or None when no such rule applies on ``as_of``."""
        return next((rule for rule in self.rules if rule.key == key), None)

    def allows(self, key: str) -> bool:
        """Whether a permissive rule (value 1) is in force under ``key``."""
        rule = self.get(key)
        return rule is not None and rule.value_at(self.as_of) >= 0.5

    def value(self, key: str, kw: float | None = None) -> float:
        """The value of rule ``key`` on ``as_of``; ``KeyError`` names the keys in force."""
        rule = self.get(key)
        if rule is None:
            raise KeyError(f"no rule {key!r} in force under {self.regime} on {self.as_of}; in force: {sorted({r.key for r in self.rules})}")
        return rule.value_at(self.as_of, kw)


class _RuleFile(_Frozen):
    regime: Regime
    rules: tuple[Rule, ...]


def _describe(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors())


def read_rules(path: Path) -> tuple[Rule, ...]:
    """All rule versions in one regulation file; :class:`RegulationError` names the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _RuleFile.model_validate(data).rules
    except OSError as exc:
        raise RegulationError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise RegulationError(f"{path.name}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        raise RegulationError(f"{path.name}: {_describe(exc)}") from None


@lru_cache(maxsize=8)
def _regime_rules(regime: str) -> tuple[Rule, ...]:
    return read_rules(REGULATION_DIR / f"{regime.lower()}.yaml")


def all_rules(regime: str) -> tuple[Rule, ...]:
    """Every version of every rule of ``regime`` (without the EU rules), as shipped."""
    if regime not in ("DE", "FR", "EU"):
        raise RegulationError(f"unknown regime {regime!r}; expected one of ['DE', 'EU', 'FR']")
    return _regime_rules(regime)


def rules_in_force(regime: str, as_of: date, enacted: Collection[str] = ()) -> RuleSet:
    """The rules of ``regime`` and the EU rules that apply on ``as_of``; ``enacted``: rule keys a
    scenario's world puts in force before their day ("what if § 42c EnWG comes in"), each by
    its first version after ``as_of`` when none of its versions applies on ``as_of`` (a key
    with no later version adds nothing).

    Sources: the legal references and bibliography ids of each rule
    (``data/regulation/*.yaml``). Raises :class:`RegulationError` for an unknown regime.
    """
    own = all_rules(regime)
    shared = () if regime == "EU" else all_rules("EU")
    rules = [rule for rule in (*own, *shared) if rule.applies_on(as_of)]
    for key in enacted:
        if not any(rule.key == key for rule in rules):
            later = sorted((r for r in (*own, *shared) if r.key == key and r.in_force_from > as_of), key=lambda r: r.in_force_from)
            rules.extend(later[:1])
    return RuleSet(regime=regime, as_of=as_of, rules=tuple(rules))  # type: ignore[arg-type]


class RegulatoryFinding(_Frozen):
    """A rule the table's model breaks (or a route not open on the date), with its law."""

    code: str = Field(description="text key of the finding, e.g. 'risk.perimeter'")
    rule: str = Field(description="rule key, e.g. 'acc.power_cap_kw'")
    cards: tuple[str, ...] = ()
    value: float | None = Field(default=None, description="the model's value, in the rule's unit")
    limit: float | None = Field(default=None, description="the rule's limit, in its unit")
    unit: str = ""
    legal: str = ""
    references: tuple[str, ...] = ()
    text: Text


class _Sized(Protocol):
    @property
    def kwp(self) -> float: ...


def _mechanisms(cards: Iterable[Card]) -> list[Card]:
    # Only mechanism cards (how, governance) commit the table to one legal route.
    return [card for card in cards if card.category in (Category.HOW, Category.GOVERNANCE)]


def _by_tag(cards: Sequence[Card]) -> Mapping[str, tuple[Card, ...]]:
    tags: dict[str, tuple[Card, ...]] = {}
    for card in cards:
        for tag in card.effects.tags:
            tags[tag] = (*tags.get(tag, ()), card)
    return tags


def _settlement(district: District) -> Settlement:
    value = getattr(district.regulation, "settlement", "urban")
    for known in ("peri_urban", "rural"):
        if value == known:
            return known
    return "urban"


def _acc_findings(district: District, cards: tuple[Card, ...], kwp: float, rules: RuleSet) -> list[RegulatoryFinding]:
    out: list[RegulatoryFinding] = []
    ids = tuple(card.id for card in cards)
    public = bool(getattr(district.regulation, "public_body_project", False))
    cap_rule = rules.get("acc.power_cap_kw.public_bodies") if public else None
    cap_rule = cap_rule or rules.get("acc.power_cap_kw")
    # Arrêté du 21 novembre 2019 art. 1 2°: cumulated power "inférieure à" the cap, so reaching it breaks it.
    if cap_rule is not None and kwp >= cap_rule.value_at(rules.as_of):
        limit = cap_rule.value_at(rules.as_of)
        out.append(RegulatoryFinding(
            code="risk.power_cap", rule=cap_rule.key, cards=ids, value=kwp, limit=limit, unit="kW", legal=cap_rule.legal,
            references=cap_rule.references, text=text("risk.power_cap", kw=round(kwp), limit=round(limit))))
    # Public-body projects are bounded by their EPCI's territory, not by a distance (2025 arrêté).
    if public and cap_rule is not None and cap_rule.key.endswith("public_bodies"):
        return out
    perimeter = rules.get(f"acc.perimeter_km.{_settlement(district)}") or rules.get("acc.perimeter_km.urban")
    if perimeter is not None and district.regulation.perimeter_km > perimeter.value_at(rules.as_of):
        limit = perimeter.value_at(rules.as_of)
        out.append(RegulatoryFinding(
            code="risk.perimeter", rule=perimeter.key, cards=ids, value=district.regulation.perimeter_km, limit=limit,
            unit="km", legal=perimeter.legal, references=perimeter.references,
            text=text("risk.perimeter", km=district.regulation.perimeter_km, limit=limit)))
    return out


def home_route(district: District) -> tuple[str, tuple[str, ...]]:
    """The law and reference ids of the district's own route for local sharing (:data:`HOME_ROUTES`),
    cited by a finding about a card or scheme of another country's law instead of that law's sources."""
    regime = district.regime if district.regime in HOME_ROUTES else "EU"
    key = HOME_ROUTES[regime]
    rule = next(r for r in (*all_rules(regime), *all_rules("EU")) if r.key == key)
    return rule.legal, rule.references


def findings(district: District, cards: Iterable[Card], run: _Sized, rules: RuleSet,
             local_price_ratio: float | None = None) -> list[RegulatoryFinding]:
    """The rules the model breaks under ``rules`` (empty when it complies).

    ``run`` gives the installed PV power ``kwp`` [kWp] that counts toward the ACC power cap;
    ``local_price_ratio`` is the local (Mieterstrom) price / default tariff [fraction], checked
    against § 42a EnWG when a Mieterstrom card is on the table. Only mechanism cards (how,
    governance) are checked: a card whose route is another country's law, a route not yet (or no
    longer) in force on ``rules.as_of``, the ACC perimeter by settlement type (2 km; 10 km
    peri-urban, 20 km rural by derogation) and power cap (5 MW; 10 MW for public-body projects).
    """
    mechanisms = _mechanisms(cards)
    tags = _by_tag(mechanisms)
    out: list[RegulatoryFinding] = []
    for tag, (regime, key) in ROUTES.items():
        for card in tags.get(tag, ()):
            if district.regime not in (regime, "EU"):
                # The foreign law is named in words; the citation is the route this district's law opens.
                legal, refs = home_route(district)
                out.append(RegulatoryFinding(
                    code="risk.regime", rule=key, cards=(card.id,), legal=legal, references=refs,
                    text=text("risk.regime", card=card_name(card), needs=regimes((regime,)), regime=regimes((district.regime,)))))
            elif district.regime == regime and rules.get(key) is None:
                rule = next((r for r in all_rules(regime) if r.key == key), None)
                since = rule.in_force_from.isoformat() if rule else "?"
                out.append(RegulatoryFinding(
                    code="reg.not_in_force", rule=key, cards=(card.id,), legal=rule.legal if rule else "",
                    references=rule.references if rule else (),
                    text=text("reg.not_in_force", card=card_name(card), legal=rule.legal if rule else key,
                              since=since, as_of=rules.as_of.isoformat())))
    if district.regime == "FR" and tags.get("collective_self_consumption"):
        out.extend(_acc_findings(district, tags["collective_self_consumption"], float(run.kwp), rules))
    cap = rules.get("mieterstrom.price_cap")
    if district.regime == "DE" and cap is not None and tags.get("mieterstrom") and local_price_ratio is not None:
        limit = cap.value_at(rules.as_of)
        if local_price_ratio > limit + 1e-9:
            out.append(RegulatoryFinding(
                code="risk.mieterstrom_cap", rule=cap.key, cards=tuple(c.id for c in tags["mieterstrom"]),
                value=local_price_ratio, limit=limit, unit=cap.unit, legal=cap.legal, references=cap.references,
                text=text("risk.mieterstrom_cap", ratio=pct(local_price_ratio), cap=pct(limit))))
    return out
