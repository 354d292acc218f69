"""An image fuzzer (issue 14, "Done when"): formats, modes, bit depths, sizes, truncations and
trailing bytes. Every file either yields a recognition or an ``ImageRejected`` with one of the
documented reasons; nothing else escapes (no decoder error, no crash)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from cards.deck import Deck
from cards.recognise import ImageRejected, recognise_image
from cards.recognise.limits import REASONS

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF")
MODES = ("1", "L", "LA", "P", "P+trns", "L+trns", "RGB", "RGBA", "I;16", "I", "CMYK", "F")


@st.composite
def image_file(draw: Any) -> bytes:
    fmt = draw(st.sampled_from(FORMATS))
    mode = draw(st.sampled_from(MODES))
    wide = draw(st.booleans())
    width = draw(st.integers(1, 20000 if wide else 300))
    height = draw(st.integers(1, 3 if wide else 300))
    if draw(st.booleans()):
        width, height = height, width
    seed = draw(st.integers(0, 2**16))
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width), dtype=np.uint8)
    base = mode.split("+")[0]
    image = Image.fromarray(pixels, mode="L")
    try:
        image = image.convert(base) if base != "P" else image.convert("P")
    except ValueError:
        image = image.convert("RGB")
    out = io.BytesIO()
    extra: dict[str, Any] = {"transparency": 0} if mode.endswith("+trns") and fmt in ("PNG", "GIF") else {}
    try:
        image.save(out, fmt, **extra)
    except (OSError, ValueError, KeyError, RuntimeError):  # a mode or size this encoder cannot write
        out = io.BytesIO()
        image.convert("RGB").save(out, fmt if fmt in ("JPEG", "PNG", "WEBP", "BMP", "TIFF") else "PNG")
    data = out.getvalue()
    cut = draw(st.sampled_from((None, None, 0.5, 0.9, 0.99)))
    if cut is not None:
        data = data[: max(1, int(len(data) * cut))]
    if draw(st.booleans()):
        data += draw(st.binary(max_size=64))
    return data


@given(data=image_file())
@settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_every_image_is_read_or_refused_with_a_reason(deck: Deck, data: bytes) -> None:
    try:
        recognise_image(data, deck)
    except ImageRejected as exc:
        assert exc.reason in REASONS and str(exc) and "Traceback" not in str(exc)


@given(data=st.binary(max_size=300))
@settings(max_examples=100, deadline=None, derandomize=True, database=None)
def test_random_bytes_are_refused_with_a_reason(deck: Deck, data: bytes) -> None:
    try:
        recognise_image(data, deck)
    except ImageRejected as exc:
        assert exc.reason in REASONS
