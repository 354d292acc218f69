"""Reference climate stations (``data/climate_stations.yaml``): places with published monthly
normals and measured irradiation, read by :mod:`game_rules.typologies` (the normals of a new
district) and :mod:`game_rules.sunshine` (its irradiation), so neither reads the other.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

STATIONS = Path(__file__).parent / "data" / "climate_stations.yaml"


@lru_cache(maxsize=1)
def reference_stations() -> tuple[dict[str, Any], ...]:
    """Reference stations with published monthly normals (``data/climate_stations.yaml``): the
    built-in districts (normals, design temperature and sources from their files) and the places
    the file lists; each a mapping with id, name, latitude, longitude, altitude_m,
    monthly_temp_c, daily_range_k, design_temp_c (or None), source, references."""
    from game_rules.district_loading import load_district

    data = yaml.safe_load(STATIONS.read_text(encoding="utf-8"))
    out = []
    for row in data["stations"]:
        if "preset" in row:
            d = load_district(row["preset"])
            out.append({"id": d.id, "name": d.id, "latitude": d.location.latitude, "longitude": d.location.longitude,
                        "altitude_m": d.location.altitude_m, "monthly_temp_c": list(d.climate.monthly_temp_c),
                        "daily_range_k": list(d.climate.daily_range_k), "design_temp_c": d.climate.design_temp_c,
                        "monthly_ghi_kwh_m2": list(d.climate.monthly_ghi_kwh_m2),
                        "ghi_source": f"the measured irradiation of the built-in district {d.id}",
                        "source": f"the normals of the built-in district {d.id} ({d.climate.source})",
                        "references": list(d.climate.references)})
        else:
            out.append({"design_temp_c": None, **row})
    return tuple(out)
