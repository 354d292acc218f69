"""The report's ruled tables (``printables.report.rows``): wrapping, splitting, drawing."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from report_pdfcheck import norm
from reportlab.platypus import Flowable

from printables.fonts import register_fonts, text_width
from printables.report.doc import FRAME_H, FRAME_W, MARGIN, grid_table, render
from printables.report.formatting import NBSP
from printables.report.rows import PAD_X, Cell, RowTable, wrap_cell


def _fonts() -> tuple[str, str]:
    f = register_fonts()
    return f.regular, f.bold


def _line_texts(cell: Cell, width: float) -> list[str]:
    return ["".join(text for text, _ in line.runs) for line in wrap_cell(cell, width, *_fonts())]


def test_lines_stay_within_the_width_and_keep_every_word_in_order() -> None:
    words = ["Coopérative", "d'énergie", "citoyenne", "portée", "par", "les", "habitants", "et", "la", "commune"]
    for width in (50.0, 75.0, 130.0, 400.0):  # all wider than the longest word
        lines = wrap_cell(Cell(" ".join(words)), width, *_fonts())
        assert all(line.width <= width + 1e-6 for line in lines), width
        assert " ".join("".join(t for t, _ in line.runs) for line in lines).split() == words
        for line in lines:  # the stored width is what the font measures (right alignment relies on it)
            measured = sum(text_width(t, f, 8) for t, f in line.runs)
            assert line.width == pytest.approx(measured)


def test_a_number_never_breaks_from_its_unit_and_blanks_collapse() -> None:
    figure = f"1{NBSP}234{NBSP}567{NBSP}€/an"
    lines = _line_texts(Cell(f"Total:   {figure}"), text_width(figure, _fonts()[0], 8) + 1)
    assert lines == ["Total:", figure]


def test_a_word_wider_than_its_column_is_cut_between_characters() -> None:
    word = "Energiegemeinschaftsgenossenschaftsvertrag"
    lines = _line_texts(Cell(f"{word} ok"), 50)
    assert len(lines) > 2 and "".join(lines).replace(" ", "") == f"{word}ok"
    assert all(text_width(line, _fonts()[0], 8) <= 50 + 1e-6 for line in lines)


def test_newlines_start_lines_and_the_strong_prefix_is_bold_and_glued() -> None:
    regular, bold = _fonts()
    lines = wrap_cell(Cell(": title\nsecond", strong="Kind"), 300, regular, bold)
    assert [line.runs for line in lines] == [(("Kind", bold), (": title", regular)), (("second", regular),)]


def test_symbols_the_text_font_lacks_use_the_fallback_font() -> None:
    lines = wrap_cell(Cell("≥ 60 points"), 300, *_fonts())
    assert {f for _, f in lines[0].runs} == {register_fonts().regular, register_fonts().symbols}


def _doc_pdf(flowables: list[Flowable]) -> bytes:
    return render(flowables, title="t", subject="s", lang="en", footer="-")


def test_a_long_table_continues_on_the_next_page_under_its_header() -> None:
    rows = [["Nr", "Text", "Betrag"]] + [[str(k), f"Zeile {k} mit etwas Text", f"{k},0{NBSP}€"] for k in range(150)]
    pdf = _doc_pdf([grid_table(rows, [20, FRAME_W - 80, 60], right_cols=(2,))])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    assert len(pages) >= 2
    assert all(p.splitlines()[0].startswith("Nr Text Betrag") for p in pages)
    body = [norm(line) for p in pages for line in p.splitlines()[1:-1]]  # header and footer left out
    assert body == [f"{k} Zeile {k} mit etwas Text {k},0 €" for k in range(150)]


def test_markup_characters_print_as_typed() -> None:
    hostile = "<b>Zoé</b> & co <script>alert(1)</script>"
    pdf = _doc_pdf([grid_table([["Wer"], [hostile]], [FRAME_W])])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert hostile in (doc.pages[0].extract_text() or "")


def test_only_a_row_taller_than_a_page_is_split_between_its_lines() -> None:
    tall = "\n".join(f"figure {k}" for k in range(120))
    table = grid_table([["Figure"], [tall], ["after"]], [FRAME_W])
    assert isinstance(table, RowTable)
    parts = table.split(FRAME_W, FRAME_H)
    assert len(parts) == 2 and parts[0].wrap(FRAME_W, FRAME_H)[1] <= FRAME_H
    normal = grid_table([["Figure"], ["\n".join(["x"] * 10)]], [FRAME_W])
    assert normal.split(FRAME_W, 30) == [], "a row that fits a fresh page moves there whole"
    pdf = _doc_pdf([table])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
        pages = len(doc.pages)
    assert all(f"figure {k}" in text for k in range(120)) and "after" in text
    assert text.count("Figure") == pages >= 2, "the header repeats on each page"


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="expected 2 cells in row 1, got 1"):
        grid_table([["a", "b"], ["c"]], [50, 50])


def test_right_aligned_text_ends_at_the_column_padding() -> None:
    pdf = _doc_pdf([grid_table([["Value"], ["12,5 %"]], [100], right_cols=(0,))])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for c in doc.pages[0].chars if c["text"] == "%"]
    assert chars and chars[-1]["x1"] == pytest.approx(MARGIN + 100 - PAD_X, abs=0.6)


def test_fitted_columns_never_cut_a_number_or_a_word() -> None:
    """Issue 11 (fixC point 3): the cash flows per asset printed "-3.410.19 / 9 €" and
    "Replaceme / nt", the German scenario headers "Wahrscheinlichk / eit". ``fit_columns`` gives
    each column at least its widest word (headers measured bold), shrinking the font when the
    words need more than the frame, so every cell wraps only at blanks."""
    from printables.fonts import register_fonts
    from printables.report.doc import FRAME_W
    from printables.report.rows import Cell, fit_columns, widest_word, wrap_cell

    fonts = register_fonts()
    head = [Cell("Anlagenklasse", size=6.5)] + [Cell(w, right=True, size=6.5) for w in (
        "Diskontsatz", "Investition", "Betrieb", "Ersatzinvestition", "Einsparungen und Erlöse", "Restwert",
        "Darlehen", "Wahrscheinlichkeit", "Kapitalwert")]
    body = [Cell("Dach-Photovoltaik")] + [Cell("-16.970.790\u00a0€", right=True) for _ in range(9)]
    cells, widths = fit_columns([head, body], FRAME_W)
    assert sum(widths) == pytest.approx(FRAME_W)
    for k, row in enumerate(cells):
        for cell, width in zip(row, widths, strict=True):
            bold = k == 0
            shown = Cell(cell.text, bold=bold, right=cell.right, size=cell.size)
            lines = wrap_cell(shown, width - 6.0, fonts.regular, fonts.bold)
            words = cell.text.split()
            assert len(lines) <= len(words), (cell.text, [ln.runs for ln in lines])
            assert widest_word(shown, fonts.regular, fonts.bold) <= width - 6.0
    assert cells[1][1].size < 8.0  # ten columns of eight-digit sums: the font shrank to fit
