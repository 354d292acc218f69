"""The print-shop output (issue 13, point 16): CMYK PDF/X-1a:2001 with an output intent, trim and
bleed boxes and embedded fonts, for the deck, the table mat and the join posters, read back from
the files and rendered.

Reference: ISO 15930-1:2001 (PDF/X-1a) requires PDF 1.3, ``/GTS_PDFXVersion (PDF/X-1:2001)`` and
``/GTS_PDFXConformance (PDF/X-1a:2001)`` in the document information, ``/Trapped``, one
``/OutputIntents`` entry of subtype ``/GTS_PDFX`` with the printing condition's ICC profile
embedded when the condition is not registered, a TrimBox on every page, every font embedded and
colour only in CMYK or gray, without transparency (see ``pdfx_preflight``, which checks all of it;
Ghostscript documentation, "High Level Devices: PDF/X-3 file output",
https://ghostscript.readthedocs.io/en/gs10.01.2/VectorDevices.html). Print shops ask for 3 mm bleed.
"""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from pdfx_preflight import pdfx_problems
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

from cards.codes import card_payload
from cards.deck import default_deck
from cards.model import Category
from printables.deck_pdf import DeckOptions, build_deck
from printables.geometry import MM, PAPERS
from printables.mat import build_mat
from printables.poster import PosterTable, build_posters
from printables.print_shop import (
    PRINT_SHOP_BLEED_MM,
    PrintShopError,
    default_condition,
    output_condition,
    to_print_shop,
)

BLEED = PRINT_SHOP_BLEED_MM * MM
A3_LANDSCAPE = (420 * MM, 297 * MM)


@pytest.fixture(scope="module")
def office() -> dict[str, bytes]:
    """The office (RGB) PDFs of a small deck, the A3 mat and one poster, built with 3 mm bleed
    where the print shop gets it."""
    if shutil.which("gs") is None:
        pytest.fail("the print-shop test needs Ghostscript: apt-get install ghostscript (scripts/test.sh does it)")
    return {
        "deck": build_deck(DeckOptions(lang="de", only=(Category.WHO,), base_url="http://192.168.1.20:8000")).pdf_bytes,
        "mat": build_mat("fr", "a3", PRINT_SHOP_BLEED_MM).pdf_bytes,
        "poster": build_posters([PosterTable("Mesa 2", "https://pced.example/j/K7MP3X", "K7MP3X")], "pt", "a4", PRINT_SHOP_BLEED_MM),
    }


@pytest.fixture(scope="module")
def shop(office: dict[str, bytes]) -> dict[str, bytes]:
    return {name: to_print_shop(pdf, f"PCED {name}") for name, pdf in office.items()}


@pytest.mark.parametrize("name", ["deck", "mat", "poster"])
def test_each_print_shop_output_passes_the_pdfx1a_preflight(shop: dict[str, bytes], name: str) -> None:
    """Deck, mat and poster: version keys, output intent, boxes, fonts, CMYK/gray only, no transparency."""
    assert pdfx_problems(shop[name]) == []


@pytest.mark.parametrize("name", ["deck", "mat", "poster"])
def test_the_office_output_is_no_pdfx(office: dict[str, bytes], name: str) -> None:
    """The office default stays as it was: no output intent, no PDF/X keys, and the coloured deck
    and mat in RGB (the poster is black on white: all gray)."""
    problems = pdfx_problems(office[name])
    assert any("/OutputIntents" in p for p in problems)
    assert any("/GTS_PDFXVersion" in p for p in problems)
    assert any("DeviceRGB colour operator" in p for p in problems) == (name != "poster")


def test_the_output_intent_names_its_condition_and_embeds_the_cmyk_profile(shop: dict[str, bytes]) -> None:
    """Read directly: PDF/X-1a:2001 keys, and Ghostscript's default_cmyk.icc ("Artifex CMYK SWOP
    Profile") embedded under the honest identifier ``Custom`` (it is no registered condition)."""
    reader = PdfReader(BytesIO(shop["deck"]))
    info = reader.trailer["/Info"].get_object()
    assert (info["/GTS_PDFXVersion"], info["/GTS_PDFXConformance"], info["/Trapped"]) == ("PDF/X-1:2001", "PDF/X-1a:2001", "/False")
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "Custom"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/OutputCondition"].startswith("Artifex CMYK SWOP Profile (Ghostscript default_cmyk.icc)")
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == default_condition().profile.read_bytes(), "the profile file, byte for byte"


def test_the_preflight_fails_when_the_output_intent_is_missing(shop: dict[str, bytes]) -> None:
    """The same PDF/X deck with its /OutputIntents removed is refused: the check really reads it."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(shop["deck"])))
    del writer._root_object[NameObject("/OutputIntents")]
    stripped = BytesIO()
    writer.write(stripped)
    problems = pdfx_problems(stripped.getvalue())
    assert "expected one /OutputIntents entry of subtype /GTS_PDFX, got 0" in problems


def test_mat_and_poster_get_3_mm_bleed_around_their_trim(shop: dict[str, bytes]) -> None:
    """TrimBox = the A3 mat / the A4 poster, BleedBox = MediaBox = 3 mm more on every side."""
    for name, trim_size in (("mat", A3_LANDSCAPE), ("poster", PAPERS["a4"].size_pt)):
        page = PdfReader(BytesIO(shop[name])).pages[0]
        trim = [float(v) for v in page.trimbox]
        assert trim == pytest.approx([BLEED, BLEED, BLEED + trim_size[0], BLEED + trim_size[1]], abs=0.05), name
        assert [float(v) for v in page.bleedbox] == pytest.approx([0, 0, trim_size[0] + 2 * BLEED, trim_size[1] + 2 * BLEED], abs=0.05)
        assert [float(v) for v in page.mediabox] == pytest.approx([float(v) for v in page.bleedbox], abs=0.05)


def test_deck_card_sheets_keep_their_trim_and_3_mm_bleed(shop: dict[str, bytes]) -> None:
    """Card sheets: the BleedBox is the cards' trim grid plus the 3 mm bleed on every side."""
    sheets = 0
    for page in PdfReader(BytesIO(shop["deck"])).pages:
        trim, bleed = [float(v) for v in page.trimbox], [float(v) for v in page.bleedbox]
        if trim[2] - trim[0] < float(page.mediabox.width) - 1:
            sheets += 1
            assert bleed == pytest.approx([trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED], abs=0.05)
    assert sheets >= 2


def test_black_prints_on_the_black_plate_alone(shop: dict[str, bytes]) -> None:
    """Black type, QR modules and crop marks stay DeviceGray (``g``/``G``): no four-colour "rich"
    black. Before, RGB black came out of the ICC conversion as C72 M68 Y67 K88 (about 295 % ink)."""
    reader = PdfReader(BytesIO(shop["deck"]))
    page = reader.pages[4]  # the first card sheet
    operations = ContentStream(page.get_contents(), reader).operations
    grays = [float(ops[0]) for ops, op in operations if op in (b"g", b"G")]
    rich = [[float(v) for v in ops] for ops, op in operations if op in (b"k", b"K") and min(float(v) for v in ops[:3]) > 0.5]
    assert 0.0 in grays, "pure black as gray 0"
    assert rich == []


@pytest.mark.parametrize(("name", "page", "coloured"), [("deck", 1, False), ("deck", 5, True), ("mat", 1, True), ("poster", 1, False)])
def test_the_print_shop_files_render_to_png(shop: dict[str, bytes], name: str, page: int, coloured: bool, tmp_path: Path) -> None:
    """pdftoppm (Poppler) renders page 1 (and a deck card sheet): ink on the page, and the colours
    of the card sheet and the mat survive the CMYK conversion (cover and poster are mostly black
    on white, so only their ink is counted)."""
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(shop[name])
    subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    str(source), str(tmp_path / "page")], check=True)
    pixels = np.asarray(Image.open(tmp_path / "page.png").convert("RGB"), dtype=int).reshape(-1, 3)
    dark = int((pixels.max(axis=1) < 100).sum())
    colours = {tuple(px) for px in pixels[pixels.max(axis=1) - pixels.min(axis=1) > 60] // 8}
    assert dark > 500, f"{name} page {page}: black type and QR modules are drawn ({dark} dark pixels)"
    if coloured:
        assert len(colours) > 20, f"{name} page {page}: {len(colours)} distinct colours"


def test_a_print_shops_profile_must_be_a_cmyk_output_profile(tmp_path: Path) -> None:
    """An RGB display profile (Ghostscript's srgb.icc, class 'mntr') or a non-ICC file is refused."""
    srgb = default_condition().profile.with_name("srgb.icc")
    with pytest.raises(PrintShopError, match=r"expected a CMYK output .* got class 'mntr'"):
        output_condition(srgb, "FOGRA39")
    (tmp_path / "x.icc").write_bytes(b"not a profile" * 20)
    with pytest.raises(PrintShopError, match="acsp"):
        output_condition(tmp_path / "x.icc")
    named = output_condition(default_condition().profile, "FOGRA39")
    assert (named.identifier, named.condition) == ("FOGRA39", "Artifex CMYK SWOP Profile (FOGRA39)")


def test_qr_codes_still_read_after_the_conversion(shop: dict[str, bytes], tmp_path: Path) -> None:
    """zxing-cpp reads every card's QR code on the first card sheet (6 poker cards on A4 with 3 mm
    bleed, docs/printing.md) and the poster's join URL exactly as given, from 150 dpi renders."""
    found: dict[str, list[str]] = {}
    for name, page in (("deck", 5), ("poster", 1)):
        (tmp_path / f"{name}.pdf").write_bytes(shop[name])
        subprocess.run(["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                        str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
        found[name] = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / f"{name}.png"))]
    deck = default_deck()
    first_sheet = [card for card in deck if card.category == Category.WHO][:6]
    # A URL printed in QR alphanumeric mode reads back in capitals (ISO/IEC 18004 has no lower case there).
    expected = {card_payload(deck, card, "http://192.168.1.20:8000").upper() for card in first_sheet}
    assert {text.upper() for text in found["deck"]} == expected
    assert found["poster"] == ["https://pced.example/j/K7MP3X"]
