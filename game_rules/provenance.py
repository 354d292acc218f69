"""Where a number comes from: :class:`Provenance` (cards, rule, data source, bibliography ids),
the base of every typed result (:mod:`game_rules.results`, :mod:`game_rules.market_results`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Provenance(_Frozen):
    """Where a number comes from: cards on the table, the rule that combined them, the data.

    ``source`` is a short phrase for people (never a file name); ``references`` are the ids of
    the published sources behind the data (``game_rules/data/references/*.yaml``), listed in
    full in :attr:`Assessment.references`; a value without one says "assumption" in ``source``.
    """

    cards: tuple[str, ...] = ()
    rule: str
    source: str = ""
    references: tuple[str, ...] = Field(default=(), description="bibliography ids (game_rules.references)")

    @classmethod
    def combine(cls, rule: str, *inputs: Provenance, cards: tuple[str, ...] = (), source: str = "",
                references: tuple[str, ...] = ()) -> Provenance:
        """The provenance of a number derived from ``inputs``: its own ``cards`` and
        ``references`` first, then the union of the inputs' cards and references, each once in
        order of first appearance (docs/rules.md, "Provenance"). A derived number rests on
        every source its inputs rest on, so a net value names the sources of its flows and
        costs, a sensitivity bar those of the parameter it varies plus the method's."""
        return cls(cards=_union(cards, *(p.cards for p in inputs)), rule=rule, source=source,
                   references=_union(references, *(p.references for p in inputs)))

    def citing(self, *references: str, source: str | None = None) -> Provenance:
        """This provenance with ``references`` added (kept once, existing ones first) and, when
        given, a new ``source``."""
        update: dict[str, object] = {"references": _union(self.references, references)}
        if source is not None:
            update["source"] = source
        return self.model_copy(update=update)


def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """The items of ``groups`` in order of first appearance, each once."""
    return tuple(dict.fromkeys(item for group in groups for item in group))
