"""The base of the report models (:mod:`printables.report.model`): the frozen, strict model class
and :class:`Provenance`, which every section's figures carry."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Model):
    """Where a figure comes from: the cards on the board, the rule that combined them and the data."""

    cards: tuple[str, ...] = Field(default=(), description="card ids, e.g. GOV-03")
    rule: str = Field(description="the rule or formula, e.g. 'flows.local_sale: kWh × tariff'")
    source: str = Field(default="", description="data source, e.g. 'district: tariffs (CRE 2025)'")
    references: tuple[str, ...] = Field(default=(), description="ids of entries in the report's ``references``")
