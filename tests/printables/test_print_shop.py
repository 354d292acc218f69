"""The print-shop output (issue 13, point 16): CMYK PDF/X-3 with an output intent, bleed and trim
boxes and embedded fonts, read back from the file and rendered.

Reference: ISO 15930-3:2002 (PDF/X-3) requires ``/GTS_PDFXVersion (PDF/X-3:2002)`` in the document
information, ``/Trapped /False``, an ``/OutputIntents`` entry of subtype ``/GTS_PDFX`` with an
output condition identifier and (for an unregistered condition) the destination ICC profile,
a TrimBox or ArtBox on every page and every font embedded (Ghostscript documentation,
"VectorDevices: PDF/X", https://ghostscript.readthedocs.io/en/latest/VectorDevices.html).
"""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cards.model import Category
from printables.deck_pdf import DeckOptions, build_deck
from printables.print_shop import to_print_shop


@pytest.fixture(scope="module")
def pdfx() -> bytes:
    if shutil.which("gs") is None:
        pytest.fail("the print-shop test needs Ghostscript: apt-get install ghostscript (scripts/test.sh does it)")
    office = build_deck(DeckOptions(lang="de", only=(Category.WHO,), base_url="http://192.168.1.20:8000")).pdf_bytes
    return to_print_shop(office, "PCED deck (de)")


def test_the_print_shop_deck_is_pdfx_with_a_cmyk_output_intent(pdfx: bytes) -> None:
    reader = PdfReader(BytesIO(pdfx))
    info = reader.trailer["/Info"].get_object()
    assert info["/GTS_PDFXVersion"] == "PDF/X-3:2002"
    assert info["/Trapped"] == "/False"
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4, "a CMYK output profile"
    assert profile.get_data()[36:40] == b"acsp", "an ICC profile (signature 'acsp' at byte 36)"


def test_every_page_keeps_its_trim_and_bleed_and_every_font_is_embedded(pdfx: bytes, tmp_path: Path) -> None:
    reader = PdfReader(BytesIO(pdfx))
    card_pages = 0
    for page in reader.pages:
        assert "/TrimBox" in page, "PDF/X needs a TrimBox on every page"
        trim, bleed = page.trimbox, page.bleedbox
        if float(trim.width) < float(page.mediabox.width) - 1:
            card_pages += 1
            assert float(bleed.width) > float(trim.width) and float(bleed.height) > float(trim.height)
    assert card_pages >= 2, "the card sheets carry trim and bleed boxes inside the sheet"
    (tmp_path / "x.pdf").write_bytes(pdfx)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "x.pdf")], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


def test_the_print_shop_deck_renders_in_colour(pdfx: bytes, tmp_path: Path) -> None:
    """Rendered with Poppler, a card sheet shows its coloured category bands, not a blank page."""
    (tmp_path / "x.pdf").write_bytes(pdfx)
    subprocess.run(["pdftoppm", "-r", "50", "-f", "5", "-l", "5", "-png", str(tmp_path / "x.pdf"), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    colours = {px for px in image.resize((120, 170)).getdata() if max(px) - min(px) > 60}
    assert len(colours) > 20, "coloured content survives the CMYK conversion"
