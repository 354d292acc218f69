"""A report's content: from a table's log and its assessment to a report's input (pure).

Given a table rebuilt from its log (:func:`game_rules.play.replay`), its events and the rules
engine's results, assesses the final board when asked (:func:`assess_table`: the same call as
``server.assessing``, revealed scenario cards included, replicated to the other built-in
district), and turns all of it into :class:`printables.report.model.TableReport` or
:class:`~printables.report.model.WorkshopReport`. No I/O: the server's ``server.reporting`` reads
the store and calls these functions; the CLI's ``report`` and the HTTP routes both use it.

Units pass through as the engine gives them: shares are fractions in the JSON as in
``assembler assess --json``; ``printables.report.formatting`` prints them as per cent for people.
The parts a council compares (baseline, scenarios side by side, sensitivity, uncertainty, cash
flows, references) come from :mod:`printables.report.council`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol
from zoneinfo import ZoneInfo

from cards.deck import Deck
from cards.model import Card, Slot
from game_rules import play as ts
from game_rules.play import AnyEvent, Table
from printables.report import model as rm
from printables.report.council import kpi, net_values
from printables.report.council import prov as _prov
from printables.report.council import text as _text
from printables.report.i18n import label
from printables.report.market import figures_part, flexibility_part, market_part, mobility_part
from printables.report.sharing import sharing_part

if TYPE_CHECKING:  # the rules engine is imported lazily (pvlib, demandlib are slow to import)
    from game_rules.districts import District
    from game_rules.results import Assessment, Replication, Risk
    from game_rules.table import TableModel


class TableRow(Protocol):
    """What a report needs of a stored table (``server.store.TableRow`` has these fields)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def number(self) -> int: ...


class WorkshopRow(Protocol):
    """What a report needs of a stored workshop (``server.store.WorkshopRow`` has these fields)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def district(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def district_file(self) -> str | None:
        """YAML text of the workshop's uploaded district (``district`` is its id), or None."""
        ...


class ReportError(ValueError):
    """The table or workshop does not exist, or cannot be assessed; the message says which."""


@dataclass(frozen=True)
class ReportOptions:
    """What a reader may choose: language, nicknames (off by default), replication target,
    and the comparison's criteria weights (KPI key -> weight; the engine's defaults if None)."""

    lang: str | None = None
    nicknames: bool = False
    replicate_to: str | None = None
    weights: Mapping[str, float] | None = None


# --------------------------------------------------------------------------- small conversions
# (text, provenance and KPI conversions are shared with ``assembler assess``: printables.report.council)


def card_ref(card: Card) -> rm.CardRef:
    return rm.CardRef(id=card.id, code=card.code, category=card.category.value,
                      title=rm.Text.build(card.title))


def _cards(ids: Sequence[str], deck: Deck) -> tuple[rm.CardRef, ...]:
    out = []
    for cid in ids:
        try:
            out.append(card_ref(deck.get(cid)))
        except (KeyError, ValueError):
            continue
    return tuple(out)


# --------------------------------------------------------------------------- assessment parts


def stakeholders(a: Assessment) -> tuple[rm.Stakeholder, ...]:
    """Net values with the own running costs in them (net = in − out − costs [EUR/yr]),
    each cost item with its provenance, and the engine's sum in words."""
    return net_values(a.stakeholders)


def flows(a: Assessment) -> tuple[rm.ValueFlow, ...]:
    kinds: dict[str, rm.FlowKind] = {"money": "money", "energy": "energy", "data": "data", "service": "service"}
    return tuple(rm.ValueFlow(source=f.source, target=f.to, kind=kinds.get(f.kind, "service"),
                              amount=max(f.amount, 0.0), unit=f.unit, label=_text(f.label),
                              provenance=_prov(f.provenance))
                 for f in a.value_flows)


def governance(a: Assessment, deck: Deck) -> rm.GovernanceFit:
    """The fit with a level read against the engine's own ``governance_fit`` threshold:
    good at or above it, partial within 30 points below, poor further down."""
    g = a.governance
    threshold = next((k.threshold for k in a.kpis if k.key == "governance_fit" and k.threshold is not None), 60.0)
    level: Literal["good", "partial", "poor"] = (
        "good" if g.score >= threshold else "partial" if g.score >= threshold - 30 else "poor")
    name = card_ref(deck.get(g.card)).title if g.card else label("gov.none")
    reasons = tuple(rm.Text({lang: f"({r.effect:+d}) {words}" for lang, words in r.text.root.items()})
                    for r in g.reasons)
    return rm.GovernanceFit(model=name, level=level, score=float(g.score), reasons=reasons, provenance=_prov(g.provenance))


def financing(a: Assessment, deck: Deck, district: District | None = None,
              model: TableModel | None = None) -> rm.Financing:
    """CAPEX, sources, gap, cost of capital [fraction], NPV per stakeholder and, with the
    ``district``, the lifecycle figures: horizon, project NPV, IRR, LCOE, cash flows."""
    from printables.report.council import finance_extras

    f = a.financing
    prov = _prov(f.provenance)
    sources = []
    for s in f.sources:
        name = card_ref(deck.get(s.card)).title if s.card else rm.Text.same(s.kind)
        sources.append(rm.CapitalSource(name=name, amount_eur=s.amount, rate=s.rate,
                                        provenance=_prov(s.provenance)))
    return rm.Financing(
        capex=rm.Figure(value=f.capex, unit="EUR", provenance=prov),
        sources=tuple(sources),
        gap=rm.Figure(value=f.gap, unit="EUR", provenance=prov),
        payback_years=None if f.payback_years is None else rm.Figure(value=f.payback_years, unit="years", provenance=prov),
        cost_of_capital=rm.Figure(value=f.cost_of_capital, unit="fraction", provenance=prov),
        npv=tuple(rm.StakeholderNpv(stakeholder=s.stakeholder, npv_eur=s.npv, npv_without_residual_eur=s.npv_without_residual,
                                    provenance=_prov(s.provenance))
                  for s in f.per_stakeholder),
        **(finance_extras(a, model, district, deck) if district is not None else {}),
    )


def _risk(r: Risk, index: int, deck: Deck) -> rm.Risk:
    return rm.Risk(id=f"{index}:{r.code}", kind=r.kind, title=_text(r.text), probability=r.probability,
                   impact=r.impact, mitigating_cards=_cards(r.mitigating_cards, deck),
                   provenance=_prov(r.provenance))


def scenarios(a: Assessment, deck: Deck) -> tuple[rm.ScenarioRisks, ...]:
    """The baseline's risks, then per scenario card the baseline's plus those it triggers."""
    risks = [(r.scenario, _risk(r, k, deck)) for k, r in enumerate(a.risks)]
    base = tuple(r for s, r in risks if s is None)
    out = [rm.ScenarioRisks(scenario=label("scenario.baseline"), risks=base)]
    for result in a.scenario_results:
        extra = tuple(r for s, r in risks if s == result.scenario)
        out.append(rm.ScenarioRisks(scenario=_text(result.label), scenario_card=result.scenario, risks=base + extra))
    return tuple(out)


def energy(a: Assessment) -> rm.Energy:
    e = a.energy
    m = e.monthly
    months = tuple(rm.MonthBalance(generation_kwh=m["pv"][k], demand_kwh=m["load"][k], import_kwh=m["grid_import"][k],
                                   export_kwh=m["grid_export"][k]) for k in range(12))
    days = {d.season: rm.TypicalDay(season=d.season, demand_kw=tuple(d.load), generation_kw=tuple(d.pv),
                                    import_kw=tuple(d.grid_import)) for d in e.typical_days}
    return rm.Energy(months=months, summer_day=days["summer"], winter_day=days["winter"],
                     kpis=tuple(kpi(k) for k in a.kpis))


def replication(rep: Replication, to_name: rm.Text) -> rm.Replication:
    target = rep.target
    return rm.Replication(
        district=to_name, kpis=tuple(kpi(k) for k in target.kpis), net_values=stakeholders(target),
        changes=tuple(_text(c.text) for c in rep.kpi_changes),
        breaks=tuple(_text(c.text) for c in (*rep.breaks, *rep.new_warnings)),
    )


def warnings(a: Assessment) -> tuple[rm.ReportWarning, ...]:
    return tuple(rm.ReportWarning(text=_text(w.text), provenance=rm.Provenance(cards=tuple(w.cards), rule=w.code,
                                                                                references=tuple(w.references)))
                 for w in a.warnings)


# --------------------------------------------------------------------------- the table's log


def _role_text(card_id: str | None, deck: Deck) -> rm.Text:
    if card_id:
        try:
            return card_ref(deck.get(card_id)).title
        except (KeyError, ValueError):
            pass
    return label("actor.participant")


def _actor(actor: str, table: Table, deck: Deck, nicknames: bool) -> rm.Text:
    if actor in ("facilitator", "system"):
        return label(f"actor.{actor}")
    seat = table.seats.get(actor)
    role = _role_text(seat.role_card if seat else None, deck)
    if nicknames and seat is not None:
        return role.map(lambda _lang, name: f"{seat.nickname} ({name})")
    return role


def decision_log(events: Sequence[AnyEvent], table: Table, deck: Deck, tz: ZoneInfo,
                 nicknames: bool) -> tuple[rm.LogEntry, ...]:
    """The log as a city reads it: private facilitator notes and redactions left out; comments
    and nicknames only when nicknames are opted in (they are what people typed)."""
    plays: dict[int, str | None] = {}
    out: list[rm.LogEntry] = []
    for ev in events:
        entry = _log_entry(ev, plays, deck, nicknames)
        if entry is None:
            continue
        kind, card_id, slot, detail = entry
        card = _cards([card_id], deck)[0] if card_id and _cards([card_id], deck) else None
        out.append(rm.LogEntry(seq=ev.seq, at=datetime.fromtimestamp(ev.at, tz), kind=kind,
                               actor=_actor(ev.actor, table, deck, nicknames), card=card, slot=slot, detail=detail))
    return tuple(out)


def _log_entry(ev: AnyEvent, plays: dict[int, str | None], deck: Deck,
               nicknames: bool) -> tuple[rm.LogKind, str | None, str | None, str] | None:
    """(kind, card id, slot, detail) of one event, or None for what a city report leaves out."""
    if isinstance(ev, ts.CardPlayed):
        plays[ev.play_id] = ev.card_id
        return ("undo" if ev.undo_of else "play", ev.card_id, ev.slot.value, str(ev.undo_of or ""))
    if isinstance(ev, ts.CardRemoved):
        return ("undo" if ev.undo_of else "remove", plays.get(ev.play_id), None, str(ev.undo_of or ""))
    if isinstance(ev, ts.CardMoved):
        return ("undo" if ev.undo_of else "move", plays.get(ev.play_id), ev.to_slot.value, str(ev.undo_of or ""))
    if isinstance(ev, ts.RoleTaken):
        return ("role", ev.role_card, None, "")
    if isinstance(ev, ts.PhaseSet):
        return ("phase", None, None, ev.phase.value)
    if isinstance(ev, ts.ScenarioRevealed):
        return ("reveal", ev.card_id, "scenario", "")
    if isinstance(ev, ts.TimerStarted):
        return ("timer", None, None, f"{ev.duration_s / 60:.0f} min")
    if isinstance(ev, ts.VoteCast):
        return ("vote", None, None, f"{ev.value:+d}")
    if isinstance(ev, ts.CommentAdded):
        return ("comment", None, None, ev.text) if nicknames and not ev.private else None
    simple: dict[type, rm.LogKind] = {ts.SeatJoined: "join", ts.TableLocked: "lock", ts.TableUnlocked: "unlock",
                                      ts.SeatKicked: "kick", ts.TimerStopped: "timer"}
    kind = simple.get(type(ev))
    return (kind, None, None, "") if kind else None


# --------------------------------------------------------------------------- assembling


@dataclass(frozen=True)
class Played:
    """One table read from the store: its row, rebuilt state, log and the engine's results."""

    row: TableRow
    table: Table
    events: list[AnyEvent]
    assessment: Assessment
    replication: Replication | None
    model: TableModel | None = None


def _district_name(d: District) -> rm.Text:
    return _text(d.name)


def home_district(workshop: WorkshopRow) -> str | District:
    """What the engine's ``load_district`` reads for ``workshop``: the preset name, or the
    workshop's uploaded district (validated once per file text, ``uploaded_district``)."""
    if workshop.district_file is None:
        return workshop.district
    from game_rules.district_check import uploaded_district

    return uploaded_district(workshop.district_file)


def district_key(workshop: WorkshopRow) -> str:
    """The workshop's district in an :data:`AssessKey`: the preset name, or ``file:`` and the
    uploaded file's content hash (an uploaded district may reuse a preset's id)."""
    if workshop.district_file is None:
        return workshop.district
    from game_rules.district_check import district_digest

    return f"file:{district_digest(workshop.district_file)}"


def replication_target(workshop: WorkshopRow, options: ReportOptions) -> tuple[str | District, str]:
    """The table report's replication target and its key: ``options.replicate_to`` (the
    workshop's own uploaded district when it names its id), else the other built-in district."""
    wanted = options.replicate_to or other_district(workshop.district)
    if workshop.district_file is not None and wanted == workshop.district:
        return home_district(workshop), district_key(workshop)
    return wanted, wanted


def other_district(name: str) -> str:
    """The other built-in district (the first preset for a custom district)."""
    from game_rules import DISTRICT_PRESETS

    others = [p for p in DISTRICT_PRESETS if p != name]
    return others[0]


AssessKey = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...], tuple[str, ...], str, str,
                  tuple[tuple[str, float], ...]]
"""What an assessment with replication depends on: board (slot, card ids), role cards, revealed
scenario cards, the workshop's district, the replication target and the workshop's assumptions."""


@dataclass(frozen=True)
class Board:
    """What a table's assessment reads from its final state: the model (board without the
    scenario slot, role cards), the revealed scenario cards, the district, the replication
    target and the :data:`AssessKey` equal boards share. Plain data, so it can be handed to
    another process."""

    model: TableModel
    scenarios: tuple[str, ...]
    district: str | District
    target: str | District
    key: AssessKey
    overrides: tuple[tuple[str, float], ...] = ()
    """The workshop's assumptions (parameter values set before the cards, :mod:`server.assumptions`)."""


def board_of(table: Table, workshop: WorkshopRow, options: ReportOptions) -> Board:
    """The :class:`Board` of ``table`` in ``workshop`` (replication target from ``options``)."""
    from game_rules import TableModel

    board = table.board()
    slots: dict[Slot, tuple[str, ...]] = {s: ids for s, ids in board.items() if s is not Slot.SCENARIO}
    model = TableModel(slots=slots, roles=table.role_cards())
    target, target_key = replication_target(workshop, options)
    scenarios = tuple(table.revealed_scenarios())
    overrides = tuple(getattr(workshop, "assumptions", ()))
    key: AssessKey = (tuple((s.value, ids) for s, ids in slots.items()), tuple(model.roles), scenarios,
                      district_key(workshop), target_key, overrides)
    return Board(model=model, scenarios=scenarios, district=home_district(workshop), target=target, key=key,
                 overrides=overrides)


def assess_board(board: Board, deck: Deck) -> tuple[Replication, Assessment]:
    """The board's assessment in its district with the tornado and the P5/P50/P95 run, and its
    replication to the target district (which reuses that assessment as its source)."""
    from game_rules import assess, load_district, replicate

    district = load_district(board.district)
    # The report shows the tornado and the P5/P50/P95 run: the source assessed with them, once.
    # The workshop's assumptions apply in its own district; the replication target keeps its defaults.
    source = assess(board.model, district, board.scenarios, deck=deck, sensitivity=True, overrides=dict(board.overrides) or None)
    rep = replicate(board.model, district, load_district(board.target), deck=deck, scenarios=board.scenarios,
                    source=source)
    return rep, source


def assess_table(row: TableRow, table: Table, events: list[AnyEvent], workshop: WorkshopRow, deck: Deck,
                 options: ReportOptions, assessed: dict[AssessKey, tuple[Replication, Assessment]] | None = None) -> Played:
    """Assess ``table`` (rebuilt from ``events``) on the workshop's district, with replication.

    ``assessed`` is shared by the tables of one workshop report: tables whose boards, roles
    and revealed scenarios are equal reuse one assessment instead of running the engine again
    (``server.reporting`` may fill it beforehand, several boards at once).
    """
    board = board_of(table, workshop, options)
    found = assessed.get(board.key) if assessed is not None else None
    if found is None:
        found = assess_board(board, deck)
        if assessed is not None:
            assessed[board.key] = found
    rep, source = found
    return Played(row=row, table=table, events=events, assessment=source, replication=rep, model=board.model)


def report_lang(options: ReportOptions, workshop: WorkshopRow) -> rm.Lang:
    """``--lang`` if given, else the workshop's language; a ``ReportError`` names the choices."""
    lang = options.lang or workshop.lang
    if lang in rm.report_langs():
        return lang
    raise ReportError(f"expected a report language in {rm.report_langs()}, got {lang!r}")


def table_report(played: Played, workshop: WorkshopRow, deck: Deck, options: ReportOptions) -> rm.TableReport:
    """The report input of one played table."""
    from game_rules import load_district

    district = load_district(home_district(workshop))
    tz = ZoneInfo(district.location.timezone)
    a, table = played.assessment, played.table
    lang = report_lang(options, workshop)
    first = played.events[0].at if played.events else datetime.now(UTC).timestamp()
    participants = tuple(
        rm.Participant(role=_role_text(s.role_card, deck), role_card=s.role_card,
                       nickname=s.nickname if options.nicknames else None)
        for s in table.seats.values() if not s.kicked and s.role_card)
    meta = rm.TableMeta(workshop=workshop.name, table=played.row.name.removeprefix("Table ") or str(played.row.number),
                        table_id=played.row.id, district=_district_name(district),
                        date=datetime.fromtimestamp(first, tz), lang=lang, participants=participants)
    board = table.board()
    to_name = _district_name(load_district(replication_target(workshop, options)[0]))
    report = rm.TableReport(
        meta=meta,
        board=tuple(rm.BoardSlot(slot=s.value, cards=_cards(board.get(s, ()), deck)) for s in Slot),
        stakeholders=stakeholders(a), flows=flows(a), governance=governance(a, deck),
        financing=financing(a, deck, district, played.model),
        scenarios=scenarios(a, deck), energy=energy(a),
        replication=replication(played.replication, to_name) if played.replication is not None else None,
        log=decision_log(played.events, table, deck, tz, options.nicknames), warnings=warnings(a),
        sharing=sharing_part(a, district), market=market_part(a), flexibility=flexibility_part(a), mobility=mobility_part(a), **council_parts(a, played.model, district, deck),
    )
    return with_references(report, a)


def with_references(report: rm.TableReport, a: Assessment) -> rm.TableReport:
    """``report`` with the full entry of every reference id its provenances cite."""
    from printables.report import council

    cited = council.cited_ids(council.provenances(report))
    return report.model_copy(update={"references": council.references(a, cited)})


def council_parts(a: Assessment, model: TableModel | None, district: District, deck: Deck) -> dict[str, Any]:
    """Baseline, scenarios side by side, sensitivity, uncertainty and the references every
    provenance of the report cites (``printables.report.council``), as ``TableReport`` fields."""
    from printables.report import council

    parts: dict[str, Any] = {"baseline": council.baseline(a, district, deck),
                                "scenario_outcomes": council.scenario_outcomes(a),
                                "sensitivity": council.sensitivity(a)}
    if model is not None:
        parts["uncertainty"] = council.uncertainty(a, model, district, deck)
    return parts


def comparison(played: Sequence[Played], reports: Sequence[rm.TableReport],
               weights: Mapping[str, float] | None) -> rm.Comparison | None:
    """TOPSIS over the facilitator's weights (``game_rules.compare``); None under two tables with cards."""
    from game_rules import compare

    usable = {r.meta.table: p.assessment for p, r in zip(played, reports, strict=True) if p.table.board()}
    if len(usable) < 2:
        return None
    result = compare(usable, weights)
    first = next(iter(usable.values()))
    kpis = {k.key: k for k in first.kpis}
    criteria = []
    for key, weight in result.weights.items():
        k = kpi(kpis[key])
        criteria.append(rm.Criterion(key=key, name=k.name, weight=weight, unit=k.unit, higher_is_better=k.higher_is_better))
    ids = {r.meta.table: r.meta.table_id for r in reports}
    ranking = tuple(rm.RankedTable(
        table_id=ids[r.name], table=r.name, rank=r.rank, score=r.score,
        values=dict(r.criteria),
        reasons=tuple(_text(x) for x in r.reasons), market=figures_part(r.market)) for r in result.ranking)
    return rm.Comparison(method=result.method, criteria=tuple(criteria), ranking=ranking)


def workshop_report(workshop: WorkshopRow, played: Sequence[Played], deck: Deck,
                    options: ReportOptions = ReportOptions()) -> rm.WorkshopReport:
    """Every played table of a workshop, their comparison and each table's model replicated to
    every built-in district (:mod:`printables.report.replication_page`), in the workshop's
    language unless asked."""
    from game_rules import load_district

    reports = [table_report(p, workshop, deck, options) for p in played]
    district = load_district(home_district(workshop))
    first = min((p.events[0].at for p in played if p.events), default=datetime.now(UTC).timestamp())
    lang = report_lang(options, workshop)
    meta = rm.WorkshopMeta(workshop=workshop.name, workshop_id=workshop.id, district=_district_name(district),
                           date=datetime.fromtimestamp(first, ZoneInfo(district.location.timezone)), lang=lang)
    from printables.report.replication_page import replication_matrices

    replications = replication_matrices([(r.meta.table, r.meta.table_id, p.model, p.assessment)
                                         for p, r in zip(played, reports, strict=True)], home_district(workshop), deck)
    return rm.WorkshopReport(meta=meta, tables=tuple(reports), comparison=comparison(played, reports, options.weights),
                             replications=replications)
