"""What an ICC profile says about itself: device class, colour space and description.

The print-shop output embeds an ICC *output* profile as the PDF/X output intent; before it does,
it checks that the file is a printer profile for CMYK and reads the profile's own description, so
the output intent names the printing condition the profile really describes.

Layout read here (ICC.1:2022, "Image technology colour management — Architecture, profile format,
and data structure", International Color Consortium, https://www.color.org/specification/ICC.1-2022-05.pdf):
a 128-byte header (profile size at byte 0, device class at 12, data colour space at 16, the
signature ``acsp`` at 36), then the tag table (count, then 12-byte entries: signature, offset,
size). The description tag ``desc`` is a ``textDescriptionType`` in version 2 profiles (ASCII)
and a ``multiLocalizedUnicodeType`` (``mluc``, UTF-16BE) in version 4.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

HEADER_BYTES = 128


class IccError(ValueError):
    """The bytes are not an ICC profile this module can read (names what was expected and what came)."""


@dataclass(frozen=True)
class IccProfile:
    """The facts of one ICC profile that a PDF/X output intent needs.

    ``device_class`` is the 4-character class (``prtr`` for an output profile), ``colour_space``
    the data colour space (``CMYK``, ``RGB``, ``GRAY``: trailing blanks removed), ``components``
    the number of colour components [1] and ``description`` the profile's own name."""

    device_class: str
    colour_space: str
    components: int
    description: str

    @property
    def is_cmyk_output(self) -> bool:
        """True for a printer (``prtr``) profile whose data colour space is CMYK."""
        return self.device_class == "prtr" and self.colour_space == "CMYK"


_COMPONENTS = {"GRAY": 1, "RGB": 3, "Lab": 3, "XYZ": 3, "CMY": 3, "CMYK": 4}


def _text(data: bytes, offset: int, size: int) -> str:
    tag = data[offset : offset + size]
    kind = tag[:4]
    if kind == b"desc" and len(tag) >= 12:
        (count,) = struct.unpack(">I", tag[8:12])
        return tag[12 : 12 + count].split(b"\0", 1)[0].decode("ascii", "replace").strip()
    if kind == b"mluc" and len(tag) >= 28:
        # The first record is enough: the profile's maker names it in its primary language.
        length, start = struct.unpack(">II", tag[20:28])
        return tag[start : start + length].decode("utf-16-be", "replace").strip("\0 ")
    if kind == b"text":
        return tag[8:].split(b"\0", 1)[0].decode("ascii", "replace").strip()
    return ""


def read_profile(data: bytes) -> IccProfile:
    """The device class, colour space, component count and description of the profile ``data``.

    :raises IccError: when ``data`` is shorter than a header, lacks the ``acsp`` signature at
        byte 36, or its tag table runs past the end of the file.
    """
    if len(data) < HEADER_BYTES + 4 or data[36:40] != b"acsp":
        raise IccError(f"expected an ICC profile (signature 'acsp' at byte 36), got {data[36:40]!r} in {len(data)} bytes")
    device_class = data[12:16].decode("ascii", "replace").strip()
    colour_space = data[16:20].decode("ascii", "replace").strip()
    (count,) = struct.unpack(">I", data[HEADER_BYTES : HEADER_BYTES + 4])
    table_end = HEADER_BYTES + 4 + 12 * count
    if table_end > len(data):
        raise IccError(f"expected a tag table of {count} entries inside the {len(data)}-byte profile, it runs past the end")
    description = ""
    for index in range(count):
        at = HEADER_BYTES + 4 + 12 * index
        signature, offset, size = struct.unpack(">4sII", data[at : at + 12])
        if signature == b"desc" and offset + size <= len(data):
            description = _text(data, offset, size)
    return IccProfile(device_class, colour_space, _COMPONENTS.get(colour_space, 0), description)
