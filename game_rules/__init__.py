"""The assessment: pure functions from (cards on a table, district, scenarios) to an Assessment.

Public API (the server and the reports depend on these names):
``TableModel``, ``ModelError``, ``District``, ``load_district``, ``DISTRICT_PRESETS``,
``assess``, ``Assessment``, ``replicate``, ``Replication``, ``compare``, ``Comparison``.
"""

from game_rules.assessment import assess
from game_rules.compare import DEFAULT_WEIGHTS, compare
from game_rules.districts import DISTRICT_PRESETS, District, DistrictError, load_district
from game_rules.replication import replicate
from game_rules.results import Assessment, Comparison, Replication
from game_rules.table import ModelError, TableModel

__all__ = [
    "DEFAULT_WEIGHTS", "DISTRICT_PRESETS", "Assessment", "Comparison", "District", "DistrictError",
    "ModelError", "Replication", "TableModel", "assess", "compare", "load_district", "replicate",
]
