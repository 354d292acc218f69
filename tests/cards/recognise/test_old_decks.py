"""Decks printed before issue 15 keep working: their codes (version 2 at H in a 24 mm box, or a
base-URL payload at L) carry the same payload format and no card marker, and the recogniser reads
them by their QR code alone."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from cards.codes import card_payload
from cards.deck import Deck
from cards.recognise import recognise_image

card_face = pytest.importorskip("printables.card_face", reason="printables draws the card face")
CARD = "WHO-02"


def _old_front(deck: Deck, card_id: str, level: str, base_url: str | None, tmp: Path) -> np.ndarray:
    """The card front as the deck printed it before issue 15, rasterised at 300 dpi (grey)."""
    from reportlab.pdfgen.canvas import Canvas

    from printables import qr
    from printables.fonts import register_fonts
    from printables.geometry import CARD_SIZES

    card = deck.get(card_id)
    size = dataclasses.replace(CARD_SIZES["poker"], qr_box=24.0, marker=0.0)
    fonts = register_fonts()
    payload = card_payload(deck, card, base_url)
    content = dataclasses.replace(card_face.prepare_front(card, "en", size, fonts, payload), qr=qr.matrix(payload, level))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size.size_pt, initialFontName=fonts.regular)
    card_face.draw_front(canvas, content, 0, 0, size, 0.0, fonts)
    canvas.showPage()
    canvas.save()
    (tmp / "old.pdf").write_bytes(buffer.getvalue())
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", str(tmp / "old.pdf"), str(tmp / "old")], check=True, timeout=60)
    return np.asarray(cv2.imread(str(tmp / "old.png"), cv2.IMREAD_GRAYSCALE), dtype=np.uint8)


@pytest.mark.parametrize(("level", "base_url", "size"), [("H", None, 25), ("L", "http://192.168.1.10:8000", 25)])
def test_a_card_printed_before_issue_15_is_read(deck: Deck, tmp_path: Path, level: str, base_url: str | None, size: int) -> None:
    """The old codes: the compact payload at version 2-H (25 modules) and the base-URL payload at
    version 2-L (25 modules), both in a 24 mm box, photographed at 1280 x 720 on a grey table."""
    face = _old_front(deck, CARD, level, base_url, tmp_path)
    photo = np.full((720, 1280), 120, np.uint8)
    small = cv2.resize(face, (round(face.shape[1] * 560 / face.shape[0]), 560), interpolation=cv2.INTER_AREA)
    y, x = (720 - small.shape[0]) // 2, (1280 - small.shape[1]) // 2
    photo[y : y + small.shape[0], x : x + small.shape[1]] = small
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    from printables import qr

    assert qr.matrix(card_payload(deck, deck.get(CARD), base_url), level).size == size
    assert [(c.id, c.read_by) for c in recognise_image(jpeg.tobytes(), deck).cards] == [(CARD, "qr")]
