"""A workshop's assumptions: parameter values the facilitator sets for every assessment of its tables.

``GET /api/workshops/{workshop_id}/assumptions`` answers :class:`AssumptionsOut`: the values in
effect and, for each parameter the console offers (:data:`OFFERED`: the market prices of the
peer-to-peer, flexibility and eMaaS markets, and the eMaaS saving's two numbers), its label in every language, unit, default,
bounds, plausible range and sources. ``POST`` an :class:`AssumptionsIn` to set them (any
parameter of :mod:`game_rules.params` within its bounds; ``values: null`` restores the
defaults); 422 names the parameter, its unit and allowed range. The stored values reach the
live assessments (:class:`server.assessing.BoardInput`), the reports and exports
(:func:`printables.report.content.board_of`) as ``assess(overrides=...)``: applied to the
district defaults before the cards (docs/rules.md, "Market prices per workshop"). Every open
table of the workshop is assessed again after a change.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from catalogs.text import Text as LocalText

#: The parameters the console offers: the common energy market's prices, and the two numbers the
#: eMaaS users' avoided car costs rest on (docs/rules.md, "The markets in the project NPV").
OFFERED: tuple[str, ...] = ("p2p.fee_eur_per_kwh", "flex.availability_eur_per_kw_h", "flex.utilisation_eur_per_kwh",
                            "emaas.fee_eur_per_car", "emaas.cars_replaced_per_shared_car", "emaas.private_car_eur_per_yr")
MAX_VALUES = 64
"""At most this many parameters in one request (the vocabulary has fewer)."""


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid")


Value = Annotated[float, Field(allow_inf_nan=False)]


class AssumptionsIn(_Msg):
    """The facilitator's values {parameter: value} [the parameter's unit]; ``null`` restores the defaults."""

    values: dict[str, Value] | None = Field(max_length=MAX_VALUES, description="e.g. {\"p2p.fee_eur_per_kwh\": 0.015}")


class AssumptionInfo(_Msg):
    key: str = Field(description="parameter name (game_rules.params)")
    label: LocalText
    unit: str
    default: float = Field(description="the value without an override")
    low: float = Field(description="lowest allowed value")
    high: float = Field(description="highest allowed value")
    plausible: tuple[float, float] | None = Field(description="the range a sensitivity run varies it over")
    source: str = Field(description="where the default comes from")
    references: list[str] = Field(description="bibliography ids behind the default")


class AssumptionsOut(_Msg):
    values: dict[str, float] = Field(description="the facilitator's values in effect ({}: the defaults everywhere)")
    parameters: list[AssumptionInfo] = Field(description="the parameters the console offers, with labels and ranges")


def assumptions_out(stored: dict[str, float]) -> AssumptionsOut:
    """The stored values and every offered parameter's spec and label (catalog ``rules:param.<name>``)."""
    from game_rules.params import spec_of
    from game_rules.texts import text

    infos = []
    for key in OFFERED:
        spec = spec_of(key)
        infos.append(AssumptionInfo(key=key, label=LocalText(text(f"param.{key}").root), unit=spec.unit,
                                    default=float(spec.default or 0.0), low=spec.low, high=spec.high,
                                    plausible=spec.plausible, source=spec.source, references=list(spec.references)))
    return AssumptionsOut(values=stored, parameters=infos)
