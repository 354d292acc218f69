"""``--print-shop`` on ``assembler deck``, ``mat`` and ``poster`` (issue 13, point 16): each writes a
PDF/X-1a:2001 file with a 3 mm bleed; wrong combinations stop with one line naming what was expected.

Reference: ISO 15930-1:2001 names the file ``/GTS_PDFXConformance (PDF/X-1a:2001)``; print shops
ask for 3 mm bleed (docs/printing.md).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from printables.geometry import MM
from server.cli import main


def _conformance(path: Path) -> str:
    return str(PdfReader(BytesIO(path.read_bytes())).trailer["/Info"].get_object().get("/GTS_PDFXConformance"))


def test_mat_and_poster_write_pdfx_with_bleed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The A3 mat's page is 420 x 297 mm plus 3 mm each side: 426 x 303 mm."""
    mat, poster = tmp_path / "mat.pdf", tmp_path / "poster.pdf"
    assert main(["mat", "-o", str(mat), "--lang", "de", "--print-shop"]) == 0
    assert main(["poster", "-o", str(poster), "--table", "T1", "--join-url", "https://h/j/T1", "--print-shop"]) == 0
    assert "PDF/X-1a with 3 mm bleed" in capsys.readouterr().out
    assert _conformance(mat) == _conformance(poster) == "PDF/X-1a:2001"
    page = PdfReader(BytesIO(mat.read_bytes())).pages[0]
    assert (float(page.mediabox.width) / MM, float(page.mediabox.height) / MM) == pytest.approx((426, 303), abs=0.05)


def test_the_office_default_has_no_bleed_and_no_pdfx(tmp_path: Path) -> None:
    mat = tmp_path / "mat.pdf"
    assert main(["mat", "-o", str(mat)]) == 0
    page = PdfReader(BytesIO(mat.read_bytes())).pages[0]
    assert _conformance(mat) == "None"
    assert float(page.mediabox.width) / MM == pytest.approx(420, abs=0.05)


def test_wrong_combinations_name_what_was_expected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "x.pdf")
    assert main(["deck", "-o", out, "--only", "who", "--print-shop", "--print-and-play"]) == 2
    assert "expected --print-shop with a bleed" in capsys.readouterr().err
    assert main(["mat", "-o", out, "--print-shop", "--output-condition", "FOGRA39"]) == 2
    assert "expected --output-profile with the ICC profile of 'FOGRA39'" in capsys.readouterr().err
    assert main(["mat", "-o", out, "--output-profile", "/usr/share/color/icc/ghostscript/default_cmyk.icc"]) == 2
    assert "expected --print-shop with --output-profile" in capsys.readouterr().err
    assert main(["poster", "-o", out, "--table", "T", "--join-url", "https://h/j/T", "--print-shop",
                 "--output-profile", "/usr/share/color/icc/ghostscript/srgb.icc"]) == 2
    assert "expected a CMYK output (printer) ICC profile" in capsys.readouterr().err
    assert not Path(out).exists(), "nothing is written when the command stops"
