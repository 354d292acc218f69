"""Neutral colours go out as DeviceGray (printables.canvas), so black prints on the black plate.

Reference: ISO 32000-1:2008, 10.3.2/10.3.4: DeviceGray level v and DeviceRGB (v, v, v) are the same
colour; reportlab writes ``v g`` / ``v G`` for gray and ``r g b rg`` / ``RG`` for RGB.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.colors import CMYKColor, Color

from printables.canvas import PrintCanvas, neutral_level


def test_neutral_rgb_is_written_as_gray_and_colour_stays_rgb() -> None:
    buffer = io.BytesIO()
    canvas = PrintCanvas(buffer, pagesize=(100, 100), invariant=True)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0.13, 0.13, 0.13)
    canvas.setFillColorRGB(0.9, 0.62, 0.0)
    canvas.setFillColor(Color(0.5, 0.5, 0.5))
    canvas.rect(10, 10, 50, 50, fill=1)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(buffer)
    ops = [(op.decode(), [float(v) for v in args]) for args, op in ContentStream(reader.pages[0].get_contents(), reader).operations
           if op in (b"g", b"G", b"rg", b"RG")]
    assert ops == [("g", [0.0]), ("G", [0.13]), ("rg", [0.9, 0.62, 0.0]), ("g", [0.5])]


def test_only_opaque_neutral_rgb_counts_as_neutral() -> None:
    assert neutral_level((0.3, 0.3, 0.3)) == 0.3
    assert neutral_level((0.3, 0.3, 0.31)) is None
    assert neutral_level(Color(0.2, 0.2, 0.2, alpha=0.5)) is None
    assert neutral_level(CMYKColor(0, 0, 0, 1)) is None
    assert neutral_level("black") is None
