"""Physical plausibility of a validated district (``district check`` and the upload).

The schema (:class:`game_rules.districts.District`) checks types and hard ranges; here the
values are checked against each other and against physics, each bound with its reason, so a
file with 10⁹ m² of roof, 60 °C all year or no sun in summer is refused naming the field, the
allowed range and what came.
"""

from __future__ import annotations

from game_rules.districts import District

MONTHLY_TEMP_C = (-50.0, 40.0)
"""[°C] monthly mean outdoor temperature: the extremes of inhabited places' normals lie inside
(Oymyakon's January about −46 °C, Death Valley's July about +39 °C; WMO normals)."""
MAX_ANNUAL_RANGE_K = 65.0
"""[K] warmest minus coldest monthly mean: Verkhoyansk, the largest on record, is about 64 K."""
ROOF_PER_FLOOR = 1.5
"""Roof area [m²] per m² of floor area at most: a one-storey building's roof is its floor area,
a pitched roof up to about 1.4 times its footprint (45° pitch: 1/cos 45° = 1.41)."""
CLEAR_SKY_MAX = 1.15
"""Monthly GHI at most this times the clear-sky GHI (Ineichen-Perez) plus 1 kWh/m²: cloud
enhancement does not lift a month's sum beyond clear sky by more than the model's ~10 % error."""
CLEAR_SKY_MIN = 0.15
"""Monthly GHI at least this times the clear-sky GHI in a month whose clear sky gives at least
:data:`DAYLIGHT_KWH_M2`: even the cloudiest European winter months keep a clear-sky index near
0.4 (Stockholm, Charleroi, the built-in files); 0.15 leaves a wide margin."""
DAYLIGHT_KWH_M2 = 5.0
"""[kWh/m²] a month's clear-sky GHI from which it counts as a month with daylight."""


def plausibility_problems(district: District) -> list[tuple[str, str, float | None, float | None, str]]:
    """``(field, message, low, high, got)`` for every implausible value; empty when plausible."""
    from game_rules.sunshine import clear_sky_monthly

    out: list[tuple[str, str, float | None, float | None, str]] = []
    climate = district.climate
    temps = list(climate.monthly_temp_c)
    low, high = MONTHLY_TEMP_C
    for month, t in enumerate(temps):
        if not low <= t <= high:
            out.append((f"climate.monthly_temp_c.{month}", "expected a monthly mean outdoor temperature of an "
                         "inhabited place", low, high, f"{t:g}"))
    if len(temps) == 12 and max(temps) - min(temps) > MAX_ANNUAL_RANGE_K:
        out.append(("climate.monthly_temp_c", "expected warmest minus coldest month at most the largest on record "
                    "(Verkhoyansk about 64 K)", 0.0, MAX_ANNUAL_RANGE_K, f"{max(temps) - min(temps):g} K"))
    if climate.design_temp_c is not None and temps and climate.design_temp_c > min(temps):
        out.append(("climate.design_temp_c", "expected a design outdoor temperature no warmer than the coldest "
                    "monthly mean", None, min(temps), f"{climate.design_temp_c:g}"))
    ghi = list(climate.monthly_ghi_kwh_m2)
    if len(ghi) == 12:
        loc = district.location
        clear = clear_sky_monthly(loc.latitude, loc.longitude, float(loc.altitude_m or 0.0))
        for month, (g, c) in enumerate(zip(ghi, clear, strict=True)):
            top = round(CLEAR_SKY_MAX * c + 1.0, 1)
            bottom = round(CLEAR_SKY_MIN * c, 1) if c >= DAYLIGHT_KWH_M2 else 0.0
            if not bottom <= g <= top:
                out.append((f"climate.monthly_ghi_kwh_m2.{month}", "expected a monthly irradiation between a very "
                            "cloudy month and clear sky at this latitude", bottom, top, f"{g:g}"))
    for index, group in enumerate(district.buildings):
        limit = ROOF_PER_FLOOR * group.floor_area_m2
        if group.roof_area_m2 > limit:
            out.append((f"buildings.{index}.roof_area_m2", "expected a roof area at most 1.5 x the floor area "
                        "(a one-storey building with a steep pitched roof)", 0.0, round(limit), f"{group.roof_area_m2:g}"))
    return out
