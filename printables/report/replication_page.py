"""The workshop report's replication page: each table's model in every built-in district.

Content (:func:`replication_matrices`, pure but for the rules engine): each table with cards on
its board is transferred to every built-in district (:data:`game_rules.DISTRICT_PRESETS`, the
workshop's own district first when it is a custom one) by
:func:`game_rules.replication.replicate_all`: base world, no sensitivity or uncertainty run, no
mitigation re-runs; tables with the same board share one transfer, and every table of a district
shares that district's profiles and reference runs (the engine's caches). Each row keeps three
key KPIs (self-sufficiency, CO₂ reduction, PV yield), the worst-off stakeholder's net value
[EUR/yr], the project NPV [EUR] and what breaks there and why.

Drawing (:func:`replication_section`): one ruled table per model, a district per row, its law
under its name; what breaks is a footnote number in the last column, the notes under the table
(one note per reason, naming every district it applies to), and the districts under the generic
EU regime are named once in the introduction. Vector text, 8 pt cells: A4 at print size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from cards.deck import Deck
from printables.geometry import MM
from printables.report import model as rm
from printables.report.council import kpi, net_values, prov
from printables.report.council import text as _text
from printables.report.doc import FRAME_W, Heading, esc, grid_table, styles
from printables.report.formatting import format_value
from printables.report.i18n import label, t
from printables.report.rows import Cell

if TYPE_CHECKING:
    from game_rules.districts import District
    from game_rules.results import Assessment, Replication
    from game_rules.table import TableModel

KEY_KPIS = ("self_sufficiency", "co2_reduction", "pv_yield")
"""The KPIs a replication row shows, in column order (keys of ``game_rules.assessment``)."""


def _row(rep: Replication, district: District, home: bool, built_in: bool) -> rm.DistrictOutcome:
    a = rep.target
    worst = min(a.stakeholders, key=lambda s: s.net, default=None)
    breaks = tuple(dict.fromkeys(_text(c.what) for c in (*rep.breaks, *rep.new_warnings) if c.what is not None))
    return rm.DistrictOutcome(
        district_id=district.id, district=_text(district.name), regime=district.regime, home=home, built_in=built_in,
        kpis=tuple(kpi(a.kpi(key)) for key in KEY_KPIS),
        worst=None if worst is None else net_values([worst])[0],
        project_npv=rm.Figure(value=a.financing.npv, unit="EUR", provenance=prov(a.financing.provenance)),
        breaks=breaks)


def _model_name(a: Assessment, deck: Deck) -> rm.Text:
    if a.governance.card is None:
        return label("gov.none")
    return rm.Text.build(deck.get(a.governance.card).title)


def replication_matrices(tables: Sequence[tuple[str, str, TableModel | None, Assessment]], home_id: str | District,
                         deck: Deck) -> tuple[rm.ReplicationMatrix, ...]:
    """One :class:`~printables.report.model.ReplicationMatrix` per table with cards.

    ``tables``: (table name, table id, model or None, its assessment in the workshop's district
    ``home_id``, a preset name, a district file or a workshop's uploaded :class:`District`,
    which is then listed first). Raises what ``game_rules.assess`` raises.
    """
    from game_rules import DISTRICT_PRESETS, load_district
    from game_rules.replication import replicate_all

    home = load_district(home_id)
    targets = [load_district(name) for name in DISTRICT_PRESETS]
    if home.id not in DISTRICT_PRESETS:
        targets.insert(0, home)
    done: dict[tuple[object, ...], tuple[Replication, ...]] = {}
    out = []
    for name, table_id, model, source in tables:
        if model is None or not source.cards:
            continue
        key = (tuple(sorted((s.value, ids) for s, ids in model.slots.items())), tuple(model.roles))
        if key not in done:
            done[key] = replicate_all(model, home, targets, deck=deck, source=source)
        rows = tuple(_row(rep, d, d.id == home.id, d.id in DISTRICT_PRESETS) for rep, d in zip(done[key], targets, strict=True))
        out.append(rm.ReplicationMatrix(table=name, table_id=table_id, model=_model_name(source, deck), rows=rows))
    return tuple(out)


# --------------------------------------------------------------------------- drawing

DISTRICT_COL = 29 * MM
KPI_COLS = (25 * MM, 22 * MM, 23 * MM)  # self-sufficiency, CO2 reduction, PV yield ("1 189 kWh/kWp")
WORST_COL = 29 * MM
NPV_COL = 24 * MM
HEAD_SIZE = 7.0
"""[pt] of the header cells: the longest KPI name's longest word ("Self-sufficiency") fits its column."""


def short_name(name: str) -> str:
    """A district's name without its bracketed qualifier ("Porto (representative district)" ->
    "Porto"): the introduction says once which districts are representative ones."""
    return name.split(" (", 1)[0]


def _cell(text: str, bold: bool = False, right: bool = False, size: float = 8.0) -> Cell:
    return Cell(text, bold=bold, right=right, size=size)


def _district_cell(row: rm.DistrictOutcome, lang: str) -> Cell:
    under = t(f"ws.rep.regime.{row.regime}", lang)
    if row.home:
        under = f"{under} · {t('ws.rep.home', lang)}"
    return Cell(f"{short_name(row.district.get(lang))}\n{under}", bold=row.home)


def _notes(matrix: rm.ReplicationMatrix, lang: str) -> tuple[dict[str, int], list[tuple[int, list[str], str]]]:
    """Footnote number of each reason (in ``lang``), and the notes: number, districts, reason."""
    numbers: dict[str, int] = {}
    where: dict[str, list[str]] = {}
    for row in matrix.rows:
        for b in row.breaks:
            words = b.get(lang)
            numbers.setdefault(words, len(numbers) + 1)
            where.setdefault(words, []).append(short_name(row.district.get(lang)))
    return numbers, [(n, where[w], w) for w, n in numbers.items()]


def matrix_story(matrix: rm.ReplicationMatrix, lang: str, anchor: str) -> list[Flowable]:
    """One table's model in every district: the ruled table, then its notes."""
    st = styles()
    first = matrix.rows[0]
    head = [_cell(t("cover.district", lang), size=HEAD_SIZE)] + [
        _cell(k.name.get(lang), right=True, size=HEAD_SIZE) for k in first.kpis] + [
        _cell(t("ws.rep.worst", lang), right=True, size=HEAD_SIZE),
        _cell(t("fin.project_npv", lang), right=True, size=HEAD_SIZE), _cell(t("rep.breaks", lang), size=HEAD_SIZE)]
    numbers, notes = _notes(matrix, lang)
    rows: list[list[Cell]] = [head]
    for row in matrix.rows:
        worst = "–" if row.worst is None else (
            f"{format_value(row.worst.net_value_eur, 'EUR/yr', lang)}\n{row.worst.name.get(lang)}")
        npv = "–" if row.project_npv is None else format_value(row.project_npv.value, "EUR", lang)
        marks = ", ".join(str(n) for n in sorted({numbers[b.get(lang)] for b in row.breaks}))
        rows.append([_district_cell(row, lang)]
                    + [_cell(format_value(k.value, k.unit, lang), right=True) for k in row.kpis]
                    + [_cell(worst, right=True), _cell(npv, right=True),
                       _cell(marks or t("ws.rep.nothing", lang))])
    kpi_cols = KPI_COLS[:len(first.kpis)]
    rest = FRAME_W - DISTRICT_COL - sum(kpi_cols) - WORST_COL - NPV_COL
    widths = [DISTRICT_COL, *kpi_cols, WORST_COL, NPV_COL, rest]
    title = f"{t('cover.table', lang)} {matrix.table}{t('term.colon', lang)}{matrix.model.get(lang)}"
    story: list[Flowable] = [CondPageBreak(70 * MM), Heading(title, st.h2, 1, anchor),
                             grid_table(rows, widths, right_cols=()), Spacer(1, 1.5 * MM)]
    for n, districts, words in notes:
        story.append(Paragraph(esc(t("ws.rep.note", lang, n=str(n), districts=", ".join(districts), what=words)), st.small))
    story.append(Spacer(1, 4 * MM))
    return story


def replication_section(report: rm.WorkshopReport, lang: str) -> list[Flowable]:
    """The replication page(s): the introduction, the generic-EU note, a table per model."""
    if not report.replications:
        return []
    st = styles()
    story: list[Flowable] = [PageBreak(), Heading(t("sec.ws_replication", lang), st.h1, 0, "ws-replication"),
                             Paragraph(esc(t("ws.rep.intro", lang)), st.body)]
    # The six multiplier-city districts are representative ones, as the note says; a custom
    # district under the EU regime says so in its own row.
    generic = [short_name(r.district.get(lang)) for r in report.replications[0].rows if r.regime == "EU" and r.built_in]
    if generic:
        story.append(Paragraph(esc(t("ws.rep.generic_eu", lang, districts=", ".join(generic))), st.small))
    for k, matrix in enumerate(report.replications):
        story += matrix_story(matrix, lang, f"ws-rep-{k}")
    return story
