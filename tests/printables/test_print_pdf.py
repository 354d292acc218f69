"""Print-shop correctness read back from the PDF: boxes, fonts, viewer preferences, safe areas,
crop marks and duplex registration."""

from __future__ import annotations

import io
import subprocess

import pdfplumber
import pytest
from print_helpers import built_deck
from pypdf import PdfReader

from cards.deck import Deck
from printables.deck_pdf import DeckOptions, DeckPdf, Placement, build_deck
from printables.geometry import MM, Box
from printables.i18n import category_name

TOL = 0.05


def _box(values: object) -> Box:
    x1, y1, x2, y2 = (float(v) for v in values)  # type: ignore[attr-defined]
    return Box(x1, y1, x2 - x1, y2 - y1)


@pytest.mark.parametrize(("paper", "pnp"), [("a4", False), ("letter", True)])
def test_every_page_has_trim_and_bleed_boxes_matching_the_layout(paper: str, pnp: bool) -> None:
    result = built_deck("en", paper, pnp)
    reader = PdfReader(io.BytesIO(result.pdf_bytes))
    bleed = 0.0 if pnp else 3 * MM
    for index, page in enumerate(reader.pages):
        assert "/TrimBox" in page and "/BleedBox" in page, f"page {index + 1} lacks TrimBox or BleedBox"
        trim, bleed_box, media = _box(page.trimbox), _box(page.bleedbox), _box(page.mediabox)
        assert bleed_box.contains(trim) and media.contains(bleed_box)
        cards = [p for p in result.placements if p.page == index]
        if cards:
            left = min(p.x for p in cards)
            top = max(p.y + p.h for p in cards)
            assert trim.x <= left + TOL and trim.y2 >= top - TOL
            for p in cards:
                assert trim.contains(p.box, TOL)
            assert bleed_box.x == pytest.approx(trim.x - bleed, abs=TOL)
            assert bleed_box.y == pytest.approx(trim.y - bleed, abs=TOL)


def test_fonts_are_embedded_and_no_standard_font_is_used() -> None:
    result = built_deck("de", "a4", False)
    listing = subprocess.run(["pdffonts", "-"], input=result.pdf_bytes, capture_output=True, check=True).stdout.decode()
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows, listing
    for row in rows:
        name, emb = row[0], row[-5]
        assert emb == "yes", f"font {name} is not embedded:\n{listing}"
        assert "NotoSans" in name, f"unexpected font {name}"
    reader = PdfReader(io.BytesIO(result.pdf_bytes))
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            assert font.get("/BaseFont") not in ("/Helvetica", "/Times-Roman", "/Courier")


def test_viewer_preferences_ask_for_no_scaling_and_long_edge_duplex() -> None:
    reader = PdfReader(io.BytesIO(built_deck("fr", "a4", False).pdf_bytes))
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge"


def _safe_area_violations(result: DeckPdf) -> list[str]:
    """Characters inside a card's trim but outside its safe area, or in the bleed of a card."""
    problems = []
    with pdfplumber.open(io.BytesIO(result.pdf_bytes)) as pdf:
        height = result.page_size[1]
        for index, page in enumerate(pdf.pages):
            cards = [p for p in result.placements if p.page == index]
            if not cards:
                continue
            for ch in page.chars:
                box = Box(ch["x0"], height - ch["bottom"], ch["x1"] - ch["x0"], ch["bottom"] - ch["top"])
                cx, cy = box.x + box.w / 2, box.y + box.h / 2
                owner = next((p for p in cards if p.box.inset(-3 * MM).contains(Box(cx, cy, 0, 0))), None)
                if owner is None:
                    continue
                if not owner.box.inset(result.safe_inset).contains(box, 0.3):
                    problems.append(f"page {index + 1} {owner.side} of {owner.card_id}: {ch['text']!r} at {box}")
    return problems


@pytest.mark.parametrize(("lang", "paper", "pnp"), [("de", "a4", False), ("fr", "letter", True)])
def test_no_card_text_lies_outside_its_safe_area(lang: str, paper: str, pnp: bool) -> None:
    problems = _safe_area_violations(built_deck(lang, paper, pnp))
    assert problems == [], "\n".join(problems[:20])


def test_crop_marks_run_to_the_page_edge_and_stay_out_of_the_bleed() -> None:
    result = built_deck("en", "a4", False)
    height = result.page_size[1]
    page_index = result.sheet_kinds.index("front")
    cards = [p for p in result.placements if p.page == page_index]
    cut_xs = sorted({round(v, 2) for p in cards for v in (p.x, p.x + p.w)})
    with pdfplumber.open(io.BytesIO(result.pdf_bytes)) as pdf:
        lines = pdf.pages[page_index].lines
    marks = [ln for ln in lines if abs(ln["x0"] - ln["x1"]) < 0.01]
    for x in cut_xs:
        at_x = [ln for ln in marks if abs(ln["x0"] - x) < 0.05]
        assert any(ln["top"] <= 0.01 for ln in at_x), f"no crop mark at x={x} reaching the top edge"
        assert any(ln["bottom"] >= height - 0.01 for ln in at_x), f"no crop mark at x={x} reaching the bottom edge"
    for ln in lines:
        seg = Box(ln["x0"], height - ln["bottom"], ln["x1"] - ln["x0"], ln["bottom"] - ln["top"])
        for p in cards:
            grown = p.box.inset(-3 * MM + 0.01)
            overlap_w = min(seg.x2, grown.x2) - max(seg.x, grown.x)
            overlap_h = min(seg.y2, grown.y2) - max(seg.y, grown.y)
            assert not (overlap_w > 0.01 and overlap_h > 0.01) or (seg.w < 0.01 and overlap_h <= 0.01), f"mark {seg} enters the bleed of {p.card_id}"


@pytest.mark.parametrize("offset", [(0.0, 0.0), (1.5, -0.5)])
def test_backs_line_up_with_fronts_after_a_long_edge_flip(deck: Deck, offset: tuple[float, float]) -> None:
    result = build_deck(DeckOptions(lang="de", back_offset=offset), deck)
    width = result.page_size[0]
    backs = {(p.card_id, p.copy): p for p in result.backs()}
    fronts = result.fronts()
    assert len(backs) == len(fronts) == len(deck)
    for front in fronts:
        back = backs[(front.card_id, front.copy)]
        assert back.page == front.page + 1
        assert back.x == pytest.approx(width - front.x - front.w + offset[0] * MM, abs=1e-6)
        assert back.y == pytest.approx(front.y + offset[1] * MM, abs=1e-6)
    sheet = [p for p in fronts if p.page == fronts[0].page]
    leftmost = min(sheet, key=lambda p: (p.y, p.x))
    rightmost = max((p for p in sheet if p.y == leftmost.y), key=lambda p: p.x)
    assert backs[(leftmost.card_id, 0)].x > backs[(rightmost.card_id, 0)].x, "column order must mirror on the back"


def test_each_back_shows_its_cards_category(deck: Deck) -> None:
    result = built_deck("fr", "a4", False)
    cards = {c.id: c for c in deck}
    with pdfplumber.open(io.BytesIO(result.pdf_bytes)) as pdf:
        for back in result.backs()[:12]:
            page = pdf.pages[back.page]
            height = result.page_size[1]
            crop = page.crop((back.x, height - back.y - back.h, back.x + back.w, height - back.y))
            text = crop.extract_text()
            assert category_name(cards[back.card_id].category, "fr").upper() in text


def _cover_text(result: DeckPdf) -> str:
    with pdfplumber.open(io.BytesIO(result.pdf_bytes)) as pdf:
        return pdf.pages[0].extract_text()


def test_cover_states_deck_version_language_count_and_how_to_print(deck: Deck) -> None:
    text = _cover_text(built_deck("de", "letter", True))
    for needle in ("PCED", f"Version {deck.version}", "DE", f"{len(deck)} × 1", "So drucken Sie", "print & play"):
        assert needle in text, f"{needle!r} missing from the cover:\n{text}"


def test_placements_never_overlap(deck: Deck) -> None:
    result = built_deck("en", "letter", True)
    by_page: dict[int, list[Placement]] = {}
    for p in result.placements:
        by_page.setdefault(p.page, []).append(p)
    for cards in by_page.values():
        for i, a in enumerate(cards):
            for b in cards[i + 1 :]:
                assert min(a.box.x2, b.box.x2) - max(a.x, b.x) <= 1e-6 or min(a.box.y2, b.box.y2) - max(a.y, b.y) <= 1e-6
