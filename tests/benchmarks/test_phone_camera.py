"""The benchmark's phone-camera model (bench/phone_camera.py) images the way a pinhole camera does.

Reference values are geometry, not measurements: a pinhole camera of focal length fx [px] images
a plane at distance d [mm] facing it at fx / d px/mm (Hartley & Zisserman, *Multiple View
Geometry in Computer Vision*, 2nd ed., 2004, section 6.1); a 26 mm-equivalent lens on a 4:3
sensor (the 35 mm format's 43.27 mm diagonal, 0.8 of it across) sees 2 atan(17.31 / 26) = 67.3
degrees across.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from bench import phone_camera as cam


def test_a_26_mm_equivalent_lens_sees_67_degrees_across() -> None:
    assert cam.hfov_for(26.0) == pytest.approx(math.degrees(2 * math.atan(0.8 * 43.27 / 2 / 26.0)))
    assert cam.hfov_for(26.0) == pytest.approx(67.3, abs=0.1)


def test_a_plane_facing_the_camera_is_imaged_at_fx_over_d() -> None:
    phone = cam.Phone(1920, 1080, cam.hfov_for(26.0))
    h = cam.plane_homography(phone, (100.0, 50.0), 400.0, 0.0, 0.0, 0.0)
    assert cam.px_per_mm_at(h, (100.0, 50.0)) == pytest.approx(phone.fx / 400.0, rel=1e-6)
    # The target lands in the middle of the frame; x and y keep their directions.
    centre, right, below = cam.project(h, [(100.0, 50.0), (110.0, 50.0), (100.0, 60.0)])
    assert centre == pytest.approx((960.0, 540.0))
    assert right[0] > centre[0] and below[1] > centre[1]


def test_tilting_away_shrinks_the_far_side() -> None:
    """Tilted 40 degrees, the camera stands at +y: points at -y are farther, hence smaller."""
    phone = cam.Phone(1920, 1080, cam.hfov_for(26.0))
    h = cam.plane_homography(phone, (0.0, 0.0), 500.0, 40.0, 0.0, 0.0)
    near, far = cam.px_per_mm_at(h, (0.0, 100.0)), cam.px_per_mm_at(h, (0.0, -100.0))
    assert far < near


def test_the_optical_limit_follows_the_transfer_function_zeros() -> None:
    """A streak of 2 modules (sinc zero at the module period) or a defocus disc of radius 1.22
    modules (first jinc zero, 0.61 / r) leaves no contrast at the finest detail of a QR code."""
    shot = cam.Shot(b"", {"A": None}, {"A": 3.0}, "motion", streak_px=6.0, defocus_px=0.0)
    assert shot.unreadable("A") == "motion streak >= 2 modules"
    assert cam.Shot(b"", {"A": None}, {"A": 3.0}, "motion", streak_px=5.9).unreadable("A") is None
    assert cam.Shot(b"", {"A": None}, {"A": 3.0}, "defocus", defocus_px=3.66).unreadable("A") == "defocus radius >= 1.22 modules"
    assert cam.Shot(b"", {"A": None}, {"A": 0.9}, "typical").unreadable("A") == "under 1 px per module"


def test_conditions_are_distributions_drawn_reproducibly() -> None:
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    for condition in cam.CONDITIONS:
        tilt = condition.tilt_deg(a)
        assert tilt == condition.tilt_deg(b) and 0 <= tilt <= 90
