"""Replication: the same table model assessed in another district, and what changes or breaks.

What *breaks* = what appears in the target but not in the source:

* risks of the regulatory kind (a card whose scheme is another country's law, the French ACC
  perimeter or power cap: :func:`game_rules.regulation.findings`) and financing gaps;
* governance reasons with a negative effect (:func:`game_rules.governance.fit`);
* a KPI that meets its threshold in the source and misses it in the target (thresholds of
  ``game_rules.assessment``, docs/kpis.md);
* a mechanism card whose scheme is another country's law (:data:`game_rules.regulation.ROUTES`:
  Mieterstrom, § 42b, § 42c are German, the ACC French), in every district alike: that scheme
  does not exist there, and the note names the scheme the figures were computed with instead,
  the one the district's law allows (:func:`game_rules.schemes.scheme_of`: § 42c becomes an ACC
  in France, a renewable energy community (RED II art. 22) under the generic EU regime;
  Mieterstrom and § 42b become jointly acting self-consumers in one building, RED II art. 21(4),
  under the generic EU regime), or says that none takes its place. So a note never contradicts
  the figures beside it.

* a sharing scheme of the source whose buildings the target's law refuses (a scheme of another
  country's law, a perimeter): ``sharing:<scheme>:<rule>``, naming the scheme, how many of its
  candidates remain and the rule's own sentence.

**Self-consumption and self-sufficiency under the law of each district.** The district KPIs of
an assessment are those of one node (every kWh of the district's PV counted against every
load). Transferred to a district whose law does not allow the source's sharing scheme (Munich's
Mieterstrom in Porto), one node would show sharing that may not happen there. So every
replicated assessment (source and targets, :func:`legal_kpis`) reads both KPIs from the
building-level model under that district's regime (``Assessment.sharing.district``,
:mod:`game_rules.schemes`): each building's own PV behind its meter, plus what a scheme its law
allows shares within its legal perimeter. The KPI's provenance says so.

KPI changes list every KPI whose value moves. :func:`replicate_all` transfers one model to many
districts at once for the workshop report's replication page: each target without the
sensitivity and uncertainty runs, the mitigation re-runs and the bibliography (none of which the
page shows), and the district reference runs shared through the engine's own caches.
"""

from __future__ import annotations

from collections.abc import Sequence

from cards.deck import Deck, default_deck
from cards.model import Category
from catalogs import SOURCE_LANG
from catalogs import formatting as fmt
from game_rules.assessment import assess
from game_rules.districts import District
from game_rules.regulation import ROUTES
from game_rules.results import Assessment, Change, Replication
from game_rules.table import TableModel
from game_rules.texts import Text, card_name, regimes, text

_KEY_KPIS = ("pv_yield", "self_sufficiency", "self_consumption", "renewable_share", "pe_balance", "co2_reduction", "capex",
             "financing_gap", "worst_stakeholder", "governance_fit", "risk_score")


#: The KPIs a replication reads from the building-level model under the district's law.
LEGAL_KPIS = ("self_consumption", "self_sufficiency")


def legal_kpis(a: Assessment) -> Assessment:
    """``a`` with :data:`LEGAL_KPIS` taken from its building-level sharing result under its
    district's regime (``a.sharing.district`` [fraction]; module doc), the provenance's rule
    saying so; ``a`` unchanged when it has no sharing result."""
    if a.sharing is None:
        return a
    balance = a.sharing.district
    kpis = tuple(k.model_copy(update={"value": float(getattr(balance, k.key)), "provenance": k.provenance.model_copy(update={
        "rule": f"{k.provenance.rule} (building by building under the district's law: its own PV behind each meter, "
                f"shared only within a scheme and perimeter the law allows)"})})
                 if k.key in LEGAL_KPIS else k for k in a.kpis)
    return a.model_copy(update={"kpis": kpis})


def refused_sharing(source: Assessment, target: Assessment) -> dict[str, Text]:
    """``sharing:<scheme>:<rule>`` -> the sentence, for each rule that refuses buildings of a
    target scheme and refused none of the same scheme in ``source`` (module doc)."""
    if target.sharing is None:
        return {}
    before = {(sc.scheme, r.rule) for sc in (source.sharing.schemes if source.sharing else ()) for r in sc.refused}
    out: dict[str, Text] = {}
    for sc in target.sharing.schemes:
        for r in sc.refused:
            if (sc.scheme, r.rule) not in before:
                out[f"sharing:{sc.scheme}:{r.rule}"] = text(
                    "rep.sharing_refused", scheme=sc.label, members=str(len(sc.members)),
                    candidates=str(sc.candidates), why=r.text)
    return out


def _fmt(value: float, unit: str) -> Text:
    """A KPI value with its unit in each language (CLDR numbers, catalog unit names)."""
    if unit == "fraction":
        return Text.build(lambda lang: fmt.percent(value, lang))
    return Text.build(lambda lang: fmt.quantity(value, unit, lang) if unit else fmt.number(value, lang))


def _missed(a: Assessment) -> dict[str, Text]:
    """``kpi_missed:<key>`` -> the sentence, for every KPI with a threshold it misses."""
    out: dict[str, Text] = {}
    for k in a.kpis:
        if k.meets is False and k.threshold is not None:
            words = "rep.kpi_missed_min" if k.better == "higher" else "rep.kpi_missed_max"
            # The value is left out of the sentence: the same reason then reads the same in every
            # district it applies to (the replication page prints one note for all of them).
            out[f"kpi_missed:{k.key}"] = text(words, kpi=k.label, threshold=_fmt(k.threshold, k.unit))
    return out


def foreign_scheme_breaks(a: Assessment, district: District, deck: Deck) -> dict[str, Text]:
    """``scheme_mapped:<card id>`` -> the sentence, for each mechanism card (how, governance) of
    ``a`` whose scheme is another country's law than ``district``'s (:data:`ROUTES`), in every
    district alike: the sentence names the scheme the figures were computed with instead (the
    first scheme :mod:`game_rules.schemes` formed with members under the district's law), or says
    that none replaces it and the figures count each building's own PV only (module doc)."""
    formed = next((x for x in (a.sharing.schemes if a.sharing else ()) if x.members), None)
    out: dict[str, Text] = {}
    for card_id in a.cards:
        card = deck.get(card_id)
        if card.category not in (Category.HOW, Category.GOVERNANCE):
            continue
        needs = sorted({regime for tag, (regime, _) in ROUTES.items() if tag in card.effects.tags} - {district.regime})
        if not needs:
            continue
        if formed is not None:
            out[f"scheme_mapped:{card.id}"] = text("rep.scheme_mapped", card=card_name(card), needs=regimes(needs),
                                                   scheme=formed.label, legal=formed.legal)
        else:
            out[f"scheme_mapped:{card.id}"] = text("rep.scheme_none", card=card_name(card), needs=regimes(needs))
    return out


def broken(a: Assessment, district: District, deck: Deck) -> dict[str, Text]:
    """What does not work in ``a`` (module doc), keyed so that the same reason in two districts
    has the same key where its wording does not depend on the district's numbers."""
    mapped = foreign_scheme_breaks(a, district, deck)
    # A foreign scheme's note names what the figures use instead: the risk saying only that the
    # card "only works under German law" would contradict it on the same page.
    noted = {key.split(":", 1)[1] for key in mapped}
    out = {f"{r.code}:{r.text.get(SOURCE_LANG)}": r.text for r in a.risks if r.kind in ("regulatory", "financing_gap")
           and not (r.code == "risk.regime" and noted & set(r.provenance.cards))}
    out.update({f"{r.code}": r.text for r in a.governance.reasons if r.effect < 0})
    out.update(_missed(a))
    out.update(mapped)
    return out


def _compare(source: Assessment, target: Assessment, from_district: District, to_district: District,
             deck: Deck, *, old: dict[str, Text] | None = None, changes: bool = True) -> Replication:
    """The differences of ``target`` from ``source``; ``old``: ``broken(source, ...)`` when the
    caller has it; ``changes=False`` leaves ``kpi_changes`` empty (a page that prints both
    districts' values does not need them in words)."""
    moved = []
    for key in _KEY_KPIS if changes else ():
        if key not in {k.key for k in target.kpis}:
            continue
        before, after = source.kpi(key), target.kpi(key)
        if abs(after.value - before.value) > 1e-6 * max(1.0, abs(before.value)):
            moved.append(Change(code=f"kpi.{key}", text=text(
                "rep.kpi_change", kpi=before.label, before=_fmt(before.value, before.unit),
                after=_fmt(after.value, after.unit))))
    old = broken(source, from_district, deck) if old is None else old
    refused = refused_sharing(source, target)
    new = broken(target, to_district, deck) | refused
    name = to_district.name
    breaks = [Change(code=key.split(":")[0], text=text("rep.breaks", district=Text(name.root), what=t), what=t)
              for key, t in new.items() if key not in old]
    old_w = {w.code for w in source.warnings}
    if refused:  # the sharing breaks say what warn.share_excluded says, and what it means for the KPIs
        old_w.add("warn.share_excluded")
    warnings = [Change(code=w.code, text=text("rep.new_warning", district=Text(name.root), what=w.text), what=w.text)
                for w in target.warnings if w.code not in old_w]
    return Replication(model_cards=source.cards, from_district=from_district.id, to_district=to_district.id,
                       source=source, target=target, kpi_changes=tuple(moved), breaks=tuple(breaks),
                       new_warnings=tuple(warnings))


def replicate(model: TableModel, from_district: District, to_district: District, *, deck: Deck | None = None,
              scenarios: tuple[str, ...] = (), source: Assessment | None = None) -> Replication:
    """Assess ``model`` in both districts and explain the differences. ``source``: the model's
    assessment in ``from_district`` under ``scenarios`` when the caller has it already (a report
    assesses it with the sensitivity run first), so it is not computed twice."""
    deck = deck or default_deck()
    if source is None:
        source = assess(model, from_district, scenarios, deck=deck)
    target = assess(model, to_district, scenarios, deck=deck)
    return _compare(legal_kpis(source), legal_kpis(target), from_district, to_district, deck)


def replicate_all(model: TableModel, from_district: District, targets: Sequence[District], *,
                  deck: Deck | None = None, source: Assessment | None = None) -> tuple[Replication, ...]:
    """``model`` transferred from ``from_district`` to each of ``targets`` (in that order; the
    source district itself may be one of them: nothing changes or breaks there).

    The targets are assessed in their base world (no scenario card: a replication page compares
    the districts, not the futures; the KPIs and net values are those of the base world either
    way), without the sensitivity and uncertainty runs, the mitigation re-runs and the
    bibliography (``game_rules.assessment.assess``), and without ``kpi_changes`` in words (the
    caller has both assessments' values). ``source``: the model's assessment in
    ``from_district`` if the caller has it (any scenarios; only its base-world KPIs, risks and
    reasons are compared). Raises ``ModelError`` as :func:`~game_rules.assessment.assess`.
    """
    deck = deck or default_deck()
    if source is None:
        source = assess(model, from_district, deck=deck, mitigations=False, bibliography=False)
    source = legal_kpis(source)
    old = broken(source, from_district, deck)
    out = []
    for district in targets:
        if district.id == from_district.id:
            out.append(Replication(model_cards=source.cards, from_district=from_district.id,
                                   to_district=district.id, source=source, target=source, kpi_changes=(),
                                   breaks=(), new_warnings=()))
            continue
        target = legal_kpis(assess(model, district, deck=deck, mitigations=False, bibliography=False))
        out.append(_compare(source, target, from_district, district, deck, old=old, changes=False))
    return tuple(out)
