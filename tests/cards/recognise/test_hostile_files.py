"""Hostile or unusable files are refused from their header, with a reason and a clear message."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from cards.deck import Deck
from cards.recognise import ImageLimits, ImageRejected, recognise_image
from cards.recognise import synthetic as syn


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR declares ``width`` x ``height`` with a tiny IDAT: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def _pil_bytes(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def _reason(data: bytes, deck: Deck, limits: ImageLimits | None = None) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        recognise_image(data, deck, limits or ImageLimits())
    assert isinstance(caught.value, ValueError)
    return caught.value


def test_oversized_upload_is_refused_before_parsing(deck: Deck) -> None:
    error = _reason(b"\xff\xd8" + b"\x00" * 2000, deck, ImageLimits(max_bytes=1000))
    assert error.reason == "too_large"
    assert "1,000" in str(error) and "2,002" in str(error)


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (100_000, 100_000)])
def test_pixel_bomb_png_header_is_refused(deck: Deck, width: int, height: int) -> None:
    error = _reason(_png_header_only(width, height), deck)
    assert error.reason == "too_many_pixels"
    assert "64,000,000" in str(error)


def test_truncated_jpeg_is_refused(deck: Deck, payloads: dict[str, str]) -> None:
    data = syn.encode(syn.card_image(payloads["WHO-01"], 8.0), ".jpg", 90)
    error = _reason(data[: len(data) // 2], deck)
    assert error.reason == "truncated"


def test_truncated_png_is_refused(deck: Deck, payloads: dict[str, str]) -> None:
    data = syn.encode(syn.card_image(payloads["WHO-01"], 8.0), ".png")
    assert _reason(data[: len(data) - 30], deck).reason == "truncated"


@pytest.mark.parametrize("data", [b"", b"hello world, not an image", bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8))])
def test_non_images_are_refused(deck: Deck, data: bytes) -> None:
    assert _reason(data, deck).reason == "not_an_image"


def test_animated_gif_is_refused(deck: Deck) -> None:
    frames = [Image.new("L", (64, 64), shade) for shade in (0, 128, 255)]
    data = _pil_bytes(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    error = _reason(data, deck)
    assert error.reason == "animated"
    assert "3 frames" in str(error) or "GIF" in str(error)


def test_animated_png_is_refused(deck: Deck) -> None:
    frames = [Image.new("RGB", (64, 64), (shade, shade, shade)) for shade in (0, 255)]
    data = _pil_bytes(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100)
    error = _reason(data, deck)
    assert error.reason == "animated" and "2 frames" in str(error)


def test_animated_webp_is_refused(deck: Deck) -> None:
    frames = [Image.new("RGB", (64, 64), (shade, 0, 0)) for shade in (0, 255)]
    data = _pil_bytes(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    assert _reason(data, deck).reason == "animated"


def test_cmyk_jpeg_is_refused(deck: Deck, payloads: dict[str, str]) -> None:
    card = Image.fromarray(syn.card_image(payloads["WHO-01"], 8.0)).convert("CMYK")
    error = _reason(_pil_bytes(card, "JPEG"), deck)
    assert error.reason == "unsupported_colour"
    assert "CMYK" in str(error)


def test_still_gif_is_an_unsupported_format(deck: Deck) -> None:
    assert _reason(_pil_bytes(Image.new("L", (32, 32), 255), "GIF"), deck).reason == "unsupported_format"


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_pixels"):
        ImageLimits(max_pixels=0)
