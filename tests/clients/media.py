"""Test media for the browser tests: one card of the project's own deck rendered by the printables
code, and a YUV4MPEG2 video of it that Chromium plays as its fake camera.

The card is drawn by ``printables.card_face`` (the same code as the printed deck) on a page the
size of one card, rasterised with ``pdftoppm`` and placed on a grey table-top, as a phone camera
sees a card held about 25 cm away.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from cards.codes import card_payload
from cards.deck import Deck
from printables.card_face import draw_front, prepare_front
from printables.fonts import register_fonts
from printables.geometry import CARD_SIZES, MM

FRAME_W, FRAME_H = 960, 720
"""Fake camera frame [px]: 4:3 like most phone streams, large enough for 3+ px per QR module."""


def render_card_png(deck: Deck, card_id: str, out: Path, dpi: int = 200, lang: str = "en") -> Path:
    """Render the front of ``card_id`` as the printed deck draws it, to a PNG at ``dpi``."""
    card = deck.get(card_id)
    fonts = register_fonts()
    size = CARD_SIZES["poker"]
    content = prepare_front(card, lang, size, fonts, card_payload(deck, card))
    buffer = io.BytesIO()
    width, height = size.width * MM, size.height * MM
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=fonts.regular)
    draw_front(canvas, content, 0, 0, size, 0.0, fonts)
    canvas.showPage()
    canvas.save()
    pdf = out.with_suffix(".pdf")
    pdf.write_bytes(buffer.getvalue())
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(out.with_suffix(""))], check=True)
    return out


def card_scene(card_png: Path) -> Image.Image:
    """The card, upright and a little tilted, on a grey table, filling most of the frame height."""
    card = Image.open(card_png).convert("L")
    scale = (FRAME_H * 0.92) / card.height
    card = card.resize((round(card.width * scale), round(card.height * scale)), Image.Resampling.LANCZOS)
    card = card.rotate(4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=110)
    scene = Image.new("L", (FRAME_W, FRAME_H), 110)
    scene.paste(card, ((FRAME_W - card.width) // 2, (FRAME_H - card.height) // 2))
    return scene


def write_y4m(scene: Image.Image, out: Path, frames: int = 10) -> Path:
    """A grey-scale YUV4MPEG2 clip (4:2:0, chroma neutral 128) repeating ``scene`` [10 fps]."""
    luma = np.asarray(scene.convert("L"), dtype=np.uint8)
    chroma = np.full((FRAME_H // 2, FRAME_W // 2), 128, dtype=np.uint8).tobytes()
    with out.open("wb") as fh:
        fh.write(f"YUV4MPEG2 W{FRAME_W} H{FRAME_H} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            fh.write(b"FRAME\n")
            fh.write(luma.tobytes())
            fh.write(chroma)
            fh.write(chroma)
    return out



EXPOSURE = 0.85
"""Share of full scale a phone's auto-exposure gives white paper: it meters for mid-grey, so
paper stays below clipping (about 217 of 255) and only a reflection clips."""


def _code_centre() -> tuple[float, float, float]:
    """Centre and side [px] of the QR box in a :func:`card_scene` (poker card, 24 mm box inset
    3.5 mm from the right and bottom edges, the card 0.92 of the frame height, tilted 4 deg)."""
    px_per_mm = FRAME_H * 0.92 / 88.0
    dx, dy = (63 / 2 - 3.5 - 12) * px_per_mm, (88 / 2 - 3.5 - 12) * px_per_mm
    a = np.radians(4.0)  # PIL rotates counter-clockwise on screen
    x = FRAME_W / 2 + dx * np.cos(a) + dy * np.sin(a)
    y = FRAME_H / 2 - dx * np.sin(a) + dy * np.cos(a)
    return float(x), float(y), 24 * px_per_mm


def exposed_frame(scene: Image.Image) -> np.ndarray:
    """``scene`` as the phone exposes it (:data:`EXPOSURE`)."""
    return np.asarray(np.asarray(scene.convert("L"), dtype=np.float32) * EXPOSURE, dtype=np.uint8)


def glare_frame(scene: Image.Image) -> np.ndarray:
    """``scene`` with a ceiling light's reflection clipping the middle of the QR code to white."""
    luma = exposed_frame(scene).astype(np.float32)
    x, y, side = _code_centre()
    yy, xx = np.mgrid[:FRAME_H, :FRAME_W]
    blob = 400.0 * np.exp(-0.5 * (((xx - x) / (0.32 * side)) ** 2 + ((yy - y) / (0.22 * side)) ** 2))
    return np.clip(luma + blob, 0, 255).astype(np.uint8)


def motion_frame(scene: Image.Image, streak_px: int = 21) -> np.ndarray:
    """``scene`` smeared by a hand moving during the exposure: a horizontal streak of ``streak_px``
    (3.4 modules of the code, which no decoder reads)."""
    import cv2

    kernel = np.full((1, streak_px), 1.0 / streak_px, dtype=np.float32)
    return np.asarray(cv2.filter2D(exposed_frame(scene), -1, kernel, borderType=cv2.BORDER_REPLICATE), dtype=np.uint8)


def write_y4m_frames(frames: list[np.ndarray], out: Path, fps: int = 10) -> Path:
    """A grey-scale YUV4MPEG2 clip of ``frames`` (each FRAME_H x FRAME_W, uint8) at ``fps``."""
    chroma = np.full((FRAME_H // 2, FRAME_W // 2), 128, dtype=np.uint8).tobytes()
    with out.open("wb") as fh:
        fh.write(f"YUV4MPEG2 W{FRAME_W} H{FRAME_H} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames:
            fh.write(b"FRAME\n")
            fh.write(np.ascontiguousarray(frame, dtype=np.uint8).tobytes())
            fh.write(chroma)
            fh.write(chroma)
    return out
