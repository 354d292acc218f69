"""Positions on the Earth and on a district's local plane.

Sharing perimeters are distances between buildings of one district (at most tens of km), so a
district's sites (latitude, longitude [degrees, WGS84]) are put on a local plane [m] with the
**equirectangular projection** about the sites' centroid (Snyder 1987, *Map Projections: A
Working Manual*, USGS Professional Paper 1395, pp. 90-91, ``snyder-1987-map-projections``):

    x = R (λ - λ0) cos φ0,   y = R (φ - φ0)

with R = 6,371,008.8 m, the mean Earth radius of GRS 80 (Moritz 2000, *Geodetic Reference
System 1980*, ``moritz-2000-grs80``). Across a district a few km wide the plane's distances
differ from the great-circle distance (:func:`great_circle_km`, the haversine form, Snyder
1987, eq. 5-3a) by well under 1 % (tested at 3 km; the error grows with tan φ0 times the district's
north-south extent in radians, and the sphere itself is within 0.5 % of the ellipsoid).
Longitudes are differenced across the antimeridian (179.9° and -179.9° are 0.2° apart).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius [m] (GRS 80, Moritz 2000)."""
PLANE_REFERENCES = ("snyder-1987-map-projections", "moritz-2000-grs80")


def _wrap(delta_deg: np.ndarray) -> np.ndarray:
    """Longitude differences [degrees] in [-180, 180)."""
    out: np.ndarray = (delta_deg + 180.0) % 360.0 - 180.0
    return out


def centroid(latitudes: Sequence[float], longitudes: Sequence[float]) -> tuple[float, float]:
    """The mean (latitude, longitude) [degrees] of the points, longitudes averaged as differences
    from the first point (so a district across the antimeridian gets a centroid inside it).
    Raises ``ValueError`` for no points or lists of unequal length."""
    if not latitudes or len(latitudes) != len(longitudes):
        raise ValueError(f"expected as many latitudes as longitudes (at least one), got {len(latitudes)} and {len(longitudes)}")
    lon = np.asarray(longitudes, dtype=float)
    mean_lon = lon[0] + _wrap(lon - lon[0]).mean()
    return float(np.mean(latitudes)), float(_wrap(np.array(mean_lon)))


def local_plane(latitudes: Sequence[float], longitudes: Sequence[float],
                origin: tuple[float, float]) -> np.ndarray:
    """(n, 2) positions [m] east (x) and north (y) of ``origin`` (latitude, longitude [degrees])
    on the equirectangular plane of the module doc."""
    lat0, lon0 = origin
    lat = np.radians(np.asarray(latitudes, dtype=float))
    dlon = np.radians(_wrap(np.asarray(longitudes, dtype=float) - lon0))
    x = EARTH_RADIUS_M * dlon * math.cos(math.radians(lat0))
    y = EARTH_RADIUS_M * (lat - math.radians(lat0))
    return np.column_stack((x, y)).astype(float)


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance [km] between two (latitude, longitude) points [degrees] on the
    sphere of radius :data:`EARTH_RADIUS_M`: the haversine form (Snyder 1987, eq. 5-3a), exact on
    the sphere at short distances, where the cosine form loses digits."""
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    dphi, dlam = phi2 - phi1, math.radians(float(_wrap(np.array(b[1] - a[1]))))
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))) / 1000.0
