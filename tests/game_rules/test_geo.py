"""Positions on a district's local plane (game_rules/geo.py).

Sources: Snyder 1987, *Map Projections: A Working Manual* (USGS PP 1395): the equirectangular
projection (pp. 90-91) and the great-circle distance in haversine form (eq. 5-3a); Moritz 2000
(GRS 80): mean Earth radius 6,371,008.8 m. One degree of latitude on that sphere is
2π × 6,371,008.8 / 360 = 111,195.08 m.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game_rules.geo import EARTH_RADIUS_M, centroid, great_circle_km, local_plane


def test_one_degree_of_latitude_is_111_195_m_on_the_grs80_mean_sphere() -> None:
    """2π R / 360 with R = 6,371,008.8 m (Moritz 2000)."""
    assert great_circle_km((45.0, 4.0), (46.0, 4.0)) == pytest.approx(111.19508, abs=1e-4)
    xy = local_plane([46.0], [4.0], (45.0, 4.0))
    assert xy[0] == pytest.approx((0.0, 111_195.08), abs=0.01)


def test_the_plane_keeps_district_distances_within_a_tenth_of_a_per_cent() -> None:
    """Two buildings 3 km apart diagonally at Lyon's latitude: the equirectangular plane about
    their centroid gives the great-circle distance within 0.1 % (error ~ tan φ0 × Δφ, Snyder 1987)."""
    lat0, lon0 = 45.741, 4.818
    north = math.degrees(2121.32 / EARTH_RADIUS_M)
    east = math.degrees(2121.32 / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    points = ([lat0, lat0 + north], [lon0, lon0 + east])
    xy = local_plane(*points, centroid(*points))
    plane_km = float(np.hypot(*(xy[1] - xy[0]))) / 1000
    sphere_km = great_circle_km((points[0][0], points[1][0]), (points[0][1], points[1][1]))
    assert sphere_km == pytest.approx(3.0, rel=2e-3)
    assert plane_km == pytest.approx(sphere_km, rel=1e-3)


def test_a_district_across_the_antimeridian_stays_a_few_hundred_metres_wide() -> None:
    """Longitudes 179.999° and -179.999° (Taveuni, Fiji) are 0.002° apart, not 360°."""
    lats, lons = [-16.8, -16.8], [179.999, -179.999]
    origin = centroid(lats, lons)
    assert abs(origin[1]) == pytest.approx(180.0)
    xy = local_plane(lats, lons, origin)
    assert float(np.hypot(*(xy[1] - xy[0]))) == pytest.approx(great_circle_km((-16.8, 179.999), (-16.8, -179.999)) * 1000, rel=1e-6)
    assert great_circle_km((-16.8, 179.999), (-16.8, -179.999)) < 0.25


def test_a_centroid_needs_as_many_latitudes_as_longitudes() -> None:
    with pytest.raises(ValueError, match="expected as many latitudes as longitudes"):
        centroid([1.0, 2.0], [3.0])
