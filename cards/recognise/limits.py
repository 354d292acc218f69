"""Refuse hostile or unusable image files before anything expensive happens.

A photo arrives from a phone over the network, so it may be anything: a 200 MB upload, a PNG whose
header declares 100,000 x 100,000 pixels (a *decompression bomb*: a few kilobytes on the wire, 10 GB
once decoded), a truncated JPEG, random bytes, an animated GIF or a CMYK file from a print shop.
:func:`inspect_image` reads only the container header (Pillow's lazy ``Image.open`` parses the
header and does not decode pixel data) plus a structural end-of-file check, and raises
:class:`ImageRejected` with a stable ``reason`` before a single pixel buffer is allocated.

CMYK (and other print colour spaces) are **refused**, not converted: a CMYK file is a print
master, not a photo of a table, and converting it would need a colour profile to be faithful.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

#: Container formats a phone or a camera produces and the recogniser decodes.
ACCEPTED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP")

#: Pillow modes that are a photo's colour spaces (grey, palette, RGB, with or without alpha,
#: 16-bit grey PNG). Anything else (CMYK, YCCK, LAB, HSV) is refused as ``unsupported_colour``.
ACCEPTED_MODES: frozenset[str] = frozenset(
    {"1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "I", "I;16", "I;16B", "I;16L", "I;16N"}
)

#: Formats Pillow is allowed to try; GIF is identified only to name it in the refusal.
_PROBE_FORMATS: tuple[str, ...] = (*ACCEPTED_FORMATS, "GIF")

REASONS: tuple[str, ...] = (
    "too_large",
    "too_many_pixels",
    "not_an_image",
    "unsupported_format",
    "truncated",
    "animated",
    "unsupported_colour",
    "corrupt",
)
"""Every ``ImageRejected.reason``, stable codes a client translates."""


class ImageRejected(ValueError):  # noqa: N818 - the name is the public API agreed with the server
    """An image the recogniser refuses; ``reason`` is one of :data:`REASONS`.

    The message names what was expected and what came, e.g. "expected at most 40,000,000 pixels,
    got 10,000 x 10,000 = 100,000,000".
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ImageLimits:
    """What the recogniser accepts.

    ``max_bytes`` [bytes] caps the upload (a 12 MP phone JPEG is 3-8 MB, a 48 MP one up to 20 MB).
    ``max_pixels`` [pixels] caps the decoded size (a 48 MP photo decodes to 48 MB of grey).
    ``work_pixels`` [pixels]: larger photos are decoded at a reduced scale (JPEG DCT scaling) or
    downscaled to about this size before decoding codes; 12 MP keeps a whole-table photo's codes
    above 3 pixels per module while bounding the time per photo.
    """

    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 64_000_000
    work_pixels: int = 13_000_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pixels", "work_pixels"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"expected ImageLimits.{name} to be a positive integer, got {value!r}")


@dataclass(frozen=True)
class ImageInfo:
    """What the header says: container format, size [pixels] and Pillow colour mode."""

    format: str
    width: int
    height: int
    mode: str

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def has_alpha(self) -> bool:
        return self.mode in {"LA", "La", "PA", "RGBA", "RGBa"}


def inspect_image(data: bytes, limits: ImageLimits) -> ImageInfo:
    """Check ``data`` against ``limits`` from its header alone; raise :class:`ImageRejected`."""
    if len(data) > limits.max_bytes:
        raise ImageRejected(
            "too_large", f"expected an image of at most {limits.max_bytes:,} bytes, got {len(data):,} bytes"
        )
    if not data:
        raise ImageRejected("not_an_image", "expected a JPEG, PNG or WebP image, got an empty file")
    info, frames = _read_header(data, limits)
    if info.format not in ACCEPTED_FORMATS:
        reason = "animated" if frames > 1 else "unsupported_format"
        raise ImageRejected(reason, f"expected a JPEG, PNG or WebP photo, got a {info.format} file")
    if frames > 1:
        raise ImageRejected(
            "animated", f"expected a still image, got an animated {info.format} with {frames} frames"
        )
    if info.pixels > limits.max_pixels:
        raise ImageRejected("too_many_pixels", _pixels_message(limits, f"{info.width:,} x {info.height:,} = {info.pixels:,}"))
    if info.mode not in ACCEPTED_MODES:
        raise ImageRejected(
            "unsupported_colour",
            f"expected a grey, RGB or palette photo, got a {info.format} in {info.mode} colour: "
            "export it as RGB (sRGB) first",
        )
    _check_complete(data, info.format)
    return info


def _pixels_message(limits: ImageLimits, got: str) -> str:
    return f"expected at most {limits.max_pixels:,} pixels, got {got} (a decompression bomb or an oversized photo)"


def _read_header(data: bytes, limits: ImageLimits) -> tuple[ImageInfo, int]:
    """Parse the header with Pillow (no pixel data is decoded); return the info and frame count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_PROBE_FORMATS) as image:
                info = ImageInfo(image.format or "unknown", image.width, image.height, image.mode)
                frames = _frame_count(image, info)
    except Image.DecompressionBombError:
        # Pillow refuses headers past 2 x its own limit (about 179 MP) inside ``open``.
        raise ImageRejected("too_many_pixels", _pixels_message(limits, f"more than {2 * (Image.MAX_IMAGE_PIXELS or 0):,}")) from None
    except UnidentifiedImageError:
        raise ImageRejected("not_an_image", f"expected a JPEG, PNG or WebP image, got unrecognised bytes starting {data[:8]!r}") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected("truncated", f"expected a complete image header, got a broken one ({exc})") from None
    return info, frames


def _frame_count(image: Image.Image, info: ImageInfo) -> int:
    """Frames in an animation (APNG, animated WebP, GIF), read from headers only.

    A GIF with a huge canvas is not walked: it is refused as a format anyway, so one frame is
    assumed unless Pillow already knows otherwise.
    """
    if info.format == "GIF" and info.pixels > 4_000_000:
        return 1
    return int(getattr(image, "n_frames", 1))


def _check_complete(data: bytes, fmt: str) -> None:
    """Refuse a file cut short in transfer: decoders would fill the rest with grey and say nothing.

    JPEG: an end-of-image marker (FF D9) must follow the last start-of-scan (FF DA); an EXIF
    thumbnail has its own pair, which is why the *last* SOS counts. PNG: the IEND chunk must be
    present. WebP: the RIFF length field must not exceed the bytes received.
    """
    if fmt == "JPEG":
        last_sos = data.rfind(b"\xff\xda")
        complete = last_sos >= 0 and data.rfind(b"\xff\xd9") > last_sos
    elif fmt == "PNG":
        complete = data.rfind(b"IEND", max(0, len(data) - 64)) >= 0
    else:
        declared = int.from_bytes(data[4:8], "little") + 8 if len(data) >= 8 else -1
        complete = 0 < declared <= len(data)
    if not complete:
        raise ImageRejected("truncated", f"expected a complete {fmt} file, got one that ends early after {len(data):,} bytes")
