"""Unusual but legitimate images, and files that are no photo at all (issue 14, points 12-15).

Every form of transparency is laid on white (PNG spec, 11.3.2.1 tRNS: a palette entry's alpha, or
one grey or RGB colour that is fully transparent; https://www.w3.org/TR/png/#11tRNS); a complete
image followed by other bytes (a Motion Photo's video after the JPEG's EOI marker, ITU-T T.81
B.1.1.3; bytes after PNG's IEND) is read; very wide images never reach the decoder past its
65,535-pixel limit; HEIC, PDF and SVG are named for what they are.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cards.deck import Deck
from cards.recognise import ImageRejected, recognise_image
from cards.recognise import synthetic as syn


def _card(payloads: dict[str, str]) -> np.ndarray:
    return syn.card_image(payloads["WHO-01"], 8.0)


def _png(image: Image.Image, **kwargs: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **kwargs)
    return out.getvalue()


def _transparent_forms(grey: np.ndarray) -> dict[str, bytes]:
    """The card's dark modules opaque black; its light background transparent, in each form,
    with the transparent colour itself black (so ignoring transparency shows black on black)."""
    dark = grey < 128
    palette = Image.fromarray(np.where(dark, 1, 0).astype(np.uint8), mode="P")
    palette.putpalette([0, 0, 0, 0, 0, 0] + [0] * 762)
    grey_trns = Image.fromarray(np.where(dark, 0, 7).astype(np.uint8), mode="L")
    la = np.zeros((*grey.shape, 2), np.uint8)
    la[..., 1] = np.where(dark, 255, 0)
    rgba = np.zeros((*grey.shape, 4), np.uint8)
    rgba[..., 3] = np.where(dark, 255, 0)
    return {
        "palette_trns": _png(palette, transparency=bytes([0, 255])),
        "grey_trns": _png(grey_trns, transparency=7),
        "la": _png(Image.fromarray(la, mode="LA")),
        "rgba": _png(Image.fromarray(rgba, mode="RGBA")),
    }


@pytest.mark.parametrize("form", ["palette_trns", "grey_trns", "la", "rgba"])
def test_every_form_of_transparency_is_laid_on_white(deck: Deck, payloads: dict[str, str], form: str) -> None:
    data = _transparent_forms(_card(payloads))[form]
    found = recognise_image(data, deck)
    assert [c.id for c in found.cards] == ["WHO-01"], form


def test_a_jpeg_followed_by_a_video_is_read(deck: Deck, payloads: dict[str, str]) -> None:
    """A Motion Photo: the JPEG, then an MP4 (whose bytes may contain FF DA and FF D9)."""
    jpeg = syn.encode(_card(payloads), ".jpg", 90)
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40 + b"\xff\xda\x00\x08junk\xff\xd9" + b"\x01" * 99 + b"\xff\xda" + b"\x02" * 999
    assert [c.id for c in recognise_image(jpeg + video, deck).cards] == ["WHO-01"]


def test_a_png_with_bytes_after_iend_is_read(deck: Deck, payloads: dict[str, str]) -> None:
    png = syn.encode(_card(payloads), ".png")
    assert [c.id for c in recognise_image(png + b"trailer " * 100, deck).cards] == ["WHO-01"]


def test_a_cut_jpeg_is_still_refused_even_with_an_exif_thumbnail(deck: Deck, payloads: dict[str, str]) -> None:
    image = Image.fromarray(_card(payloads))
    thumb = io.BytesIO()
    image.resize((64, 64)).save(thumb, "JPEG")
    exif = Image.Exif()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes() + thumb.getvalue())
    data = out.getvalue()
    with pytest.raises(ImageRejected) as caught:
        recognise_image(data[: len(data) * 2 // 3], deck)
    assert caught.value.reason == "truncated"
    assert [c.id for c in recognise_image(data, deck).cards] == ["WHO-01"]


@pytest.mark.parametrize(("width", "height"), [(60000, 1), (22000, 1), (40000, 60), (1, 60000)])
def test_very_wide_images_never_crash_the_decoder(deck: Deck, width: int, height: int) -> None:
    data = _png(Image.new("L", (width, height), 255))
    assert recognise_image(data, deck).cards == ()


@pytest.mark.parametrize(("data", "named"), [
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "HEIC"),
    (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heic" + b"\x00" * 200, "HEIC"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "SVG"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
])
def test_heic_pdf_and_svg_are_named_for_what_they_are(deck: Deck, data: bytes, named: str) -> None:
    with pytest.raises(ImageRejected) as caught:
        recognise_image(data, deck)
    assert caught.value.reason == "unsupported_format"
    assert named in str(caught.value) and ("JPEG" in str(caught.value) or "PNG" in str(caught.value))
    assert "\\x" not in str(caught.value)  # no raw bytes echoed at people


def test_an_iphone_heic_photo_is_decoded(deck: Deck, payloads: dict[str, str]) -> None:
    """HEIC (ISO/IEC 23008-12), the iPhone camera's default, decoded through pillow-heif."""
    out = io.BytesIO()
    Image.fromarray(_card(payloads)).convert("RGB").save(out, "HEIF", quality=95)
    data = out.getvalue()
    assert data[4:12] == b"ftypheic"
    assert [c.id for c in recognise_image(data, deck).cards] == ["WHO-01"]


_PEAK_CHILD = r"""
import sys
from pathlib import Path
from cards.deck import load_deck
from cards.recognise import recognise_image
deck = load_deck(Path(sys.argv[2]), check_counts=False)
data = Path(sys.argv[1]).read_bytes()
def status(field):
    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(field + ':'))
open('/proc/self/clear_refs', 'w').write('5')  # reset the peak to the current resident size
before = status('VmRSS')
recognise_image(data, deck)
print((status('VmHWM') - before) / 1024)
"""


def test_a_large_transparent_png_stays_within_300_mb(tmp_path: Path) -> None:
    """A 40 MP RGBA PNG (a few hundred KB on the wire): issue 14 measured 2.9 GB for 64 MP before
    the strip-wise compositing; the bound for any accepted upload is 300 MB."""
    path = tmp_path / "big.png"
    path.write_bytes(_png(Image.new("RGBA", (8000, 5000), (0, 0, 0, 0))))
    result = subprocess.run([sys.executable, "-c", _PEAK_CHILD, str(path), str(Path(__file__).parent / "fixtures" / "deck")], capture_output=True,
                            text=True, check=True, cwd=Path(__file__).resolve().parents[3])
    assert float(result.stdout.strip()) <= 300.0, result.stdout


def test_a_64_mp_transparent_png_is_refused_with_a_way_out(deck: Deck) -> None:
    with pytest.raises(ImageRejected) as caught:
        recognise_image(_png(Image.new("RGBA", (8000, 8000), (0, 0, 0, 0))), deck)
    assert caught.value.reason == "too_many_pixels" and "without transparency" in str(caught.value)
