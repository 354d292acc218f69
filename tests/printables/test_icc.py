"""Reading an ICC profile's header and description (printables.icc).

Reference values: Ghostscript's own profiles (Debian package ghostscript, /usr/share/color/icc/
ghostscript): default_cmyk.icc is a version 2 printer profile ('prtr', 'CMYK') whose 'desc' tag says
"Artifex CMYK SWOP Profile"; srgb.icc a display profile ('mntr', 'RGB '), per ICC.1:2022 header layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from printables.icc import IccError, read_profile

GS_ICC = Path("/usr/share/color/icc/ghostscript")


def test_ghostscripts_cmyk_profile_is_a_cmyk_output_profile() -> None:
    profile = read_profile((GS_ICC / "default_cmyk.icc").read_bytes())
    assert (profile.device_class, profile.colour_space, profile.components) == ("prtr", "CMYK", 4)
    assert profile.description == "Artifex CMYK SWOP Profile"
    assert profile.is_cmyk_output


def test_an_rgb_display_profile_is_not_an_output_profile() -> None:
    profile = read_profile((GS_ICC / "srgb.icc").read_bytes())
    assert (profile.device_class, profile.colour_space, profile.components) == ("mntr", "RGB", 3)
    assert not profile.is_cmyk_output


def test_bytes_without_the_acsp_signature_are_refused() -> None:
    with pytest.raises(IccError, match="expected an ICC profile"):
        read_profile(b"\0" * 200)
