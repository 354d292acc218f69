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

#: Container formats a phone or a camera produces and the recogniser decodes (HEIF: an
#: iPhone's default "High Efficiency" photo, decoded by pillow-heif when it is installed).
ACCEPTED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "HEIF")


def _register_heif() -> bool:
    """Teach Pillow to read HEIC/HEIF (pillow-heif); False when it is not installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener(thumbnails=False)
    return True


HEIF_READABLE = _register_heif()

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
    """What the header says: container format, size [pixels], Pillow colour mode, whether a
    ``tRNS`` colour or palette entry makes some pixels transparent, and where the first complete
    image ends in the file [bytes] (trailing data, such as a Motion Photo's video, comes after)."""

    format: str
    width: int
    height: int
    mode: str
    transparency: bool = False
    end: int | None = None

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def has_alpha(self) -> bool:
        """Any form of transparency: an alpha channel, or a palette/grey/RGB ``tRNS`` entry."""
        return self.transparency or self.mode in {"LA", "La", "PA", "RGBA", "RGBa"}


def inspect_image(data: bytes, limits: ImageLimits) -> ImageInfo:
    """Check ``data`` against ``limits`` from its header alone; raise :class:`ImageRejected`."""
    if len(data) > limits.max_bytes:
        raise ImageRejected(
            "too_large", f"expected an image of at most {limits.max_bytes:,} bytes, got {len(data):,} bytes"
        )
    if not data:
        raise ImageRejected("not_an_image", "expected a JPEG, PNG, WebP or HEIC image, got an empty file")
    info, frames = _read_header(data, limits)
    if info.format not in ACCEPTED_FORMATS:
        reason = "animated" if frames > 1 else "unsupported_format"
        raise ImageRejected(reason, f"expected a JPEG, PNG, WebP or HEIC photo, got a {info.format} file")
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
    end = _check_complete(data, info.format)
    return ImageInfo(info.format, info.width, info.height, info.mode, info.transparency, end)


def _pixels_message(limits: ImageLimits, got: str) -> str:
    return f"expected at most {limits.max_pixels:,} pixels, got {got} (a decompression bomb or an oversized photo)"


def _read_header(data: bytes, limits: ImageLimits) -> tuple[ImageInfo, int]:
    """Parse the header with Pillow (no pixel data is decoded); return the info and frame count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_PROBE_FORMATS) as image:
                info = ImageInfo(image.format or "unknown", image.width, image.height, image.mode,
                                 "transparency" in image.info)
                frames = _frame_count(image, info)
    except Image.DecompressionBombError:
        # Pillow refuses headers past 2 x its own limit (about 179 MP) inside ``open``.
        raise ImageRejected("too_many_pixels", _pixels_message(limits, f"more than {2 * (Image.MAX_IMAGE_PIXELS or 0):,}")) from None
    except UnidentifiedImageError:
        named = name_of(data)
        if named is not None:
            raise ImageRejected("unsupported_format", f"expected a JPEG, PNG, WebP or HEIC photo, got {named}") from None
        raise ImageRejected("not_an_image", "expected a JPEG, PNG, WebP or HEIC image, got bytes that are no image format this "
                            "server knows") from None
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


_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis")


def name_of(data: bytes) -> str | None:
    """What a file the recogniser does not decode is, said so people can act on it (or None)."""
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        kind = ("an AVIF image" if data[8:12] in (b"avif", b"avis") else
                "a HEIC/HEIF photo that could not be read (damaged, or a variant the decoder does not know)"
                if HEIF_READABLE else "a HEIC/HEIF photo (the iPhone's default format)")
        return (f"{kind}: send it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible, "
                "or share the photo by mail, which converts it)")
    if data[:5] == b"%PDF-":
        return "a PDF document: photograph the table, or export the page as a JPEG or PNG image"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "an SVG drawing: export it as a PNG image"
    return None


def _check_complete(data: bytes, fmt: str) -> int:
    """Refuse a file cut short in transfer (decoders would fill the rest with grey and say
    nothing); return where the first complete image ends [bytes].

    JPEG: the markers are walked from the start, skipping every segment by its length (an EXIF
    thumbnail lies inside one) and every scan's entropy-coded data, up to the end-of-image
    marker. PNG: the chunks are walked up to IEND. WebP: the RIFF length must not exceed the
    bytes received. Bytes after the end (a Motion Photo's video, an editor's trailer) are not
    part of the image and are ignored.
    """
    if fmt == "HEIF":  # boxes with their own lengths: a cut file fails to decode and is refused then
        return len(data)
    end = _jpeg_end(data) if fmt == "JPEG" else _png_end(data) if fmt == "PNG" else _riff_end(data)
    if end is None:
        raise ImageRejected("truncated", f"expected a complete {fmt} file, got one that ends early after {len(data):,} bytes")
    return end


def _jpeg_end(data: bytes) -> int | None:
    """Offset just past the first image's EOI marker (ITU-T T.81 B.1.1), or None when cut short."""
    n, i = len(data), 2
    while i + 1 < n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:
            return i + 2
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if i + 3 >= n:
            return None
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xDA:  # entropy-coded data up to the next marker that is not FF00 or RSTn
            while True:
                i = data.find(b"\xff", i)
                if i < 0 or i + 1 >= n:
                    return None
                following = data[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    i += 1 if following == 0xFF else 2
                    continue
                break
    return None


def _png_end(data: bytes) -> int | None:
    """Offset just past the IEND chunk (PNG spec 5.3: length, type, data, CRC), or None."""
    i, n = 8, len(data)
    while i + 8 <= n:
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        i += 12 + length
        if i > n:
            return None
        if kind == b"IEND":
            return i
    return None


def _riff_end(data: bytes) -> int | None:
    declared = int.from_bytes(data[4:8], "little") + 8 if len(data) >= 8 else -1
    return declared if 0 < declared <= len(data) else None
