"""The game's rules: how a table is played (:mod:`game_rules.play`) and how its cards are assessed.

The assessment is pure functions from (cards on a table, district, scenarios) to an Assessment.
Public API (the server and the reports depend on these names):
``TableModel``, ``ModelError``, ``District``, ``load_district``, ``DISTRICT_PRESETS``,
``assess``, ``Assessment``, ``replicate``, ``Replication``, ``compare``, ``Comparison``.

The names are loaded on first use (PEP 562): the assessment imports pvlib and demandlib, about a
second, which the rules of play (``game_rules.play``, imported by the server at start) do not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Eager, unlike the rest: the submodule ``game_rules.compare`` shares its name with the function,
# and loading a submodule sets the package's attribute to the module (about 0.2 s, numpy).
from game_rules.compare import DEFAULT_WEIGHTS, compare

if TYPE_CHECKING:
    from game_rules.assessment import assess
    from game_rules.district_loading import load_district
    from game_rules.districts import DISTRICT_PRESETS, District, DistrictError
    from game_rules.replication import replicate
    from game_rules.results import Assessment, Comparison, Replication
    from game_rules.table import ModelError, TableModel

_HOMES = {
    "assess": "game_rules.assessment",
    "DISTRICT_PRESETS": "game_rules.districts", "District": "game_rules.districts",
    "DistrictError": "game_rules.districts", "load_district": "game_rules.district_loading",
    "replicate": "game_rules.replication",
    "Assessment": "game_rules.results", "Comparison": "game_rules.results", "Replication": "game_rules.results",
    "ModelError": "game_rules.table", "TableModel": "game_rules.table",
}

__all__ = [
    "DEFAULT_WEIGHTS", "DISTRICT_PRESETS", "Assessment", "Comparison", "District", "DistrictError",
    "ModelError", "Replication", "TableModel", "assess", "compare", "load_district", "replicate",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` on first use; ``AttributeError`` for other names."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'game_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
