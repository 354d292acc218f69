"""Reading districts: presets and district files into a validated :class:`~game_rules.districts.District`,
validation errors described field by field (the dotted path, the reason, the allowed range), and
a district as a cache key.

The model (sections, fields, units, checks) is :mod:`game_rules.districts`, which re-exports
these names; this module reads it inside its functions only, so either may be imported first.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

if TYPE_CHECKING:
    from game_rules.districts import District


def _field_info(loc: tuple[int | str, ...]) -> FieldInfo | None:
    """The pydantic field a validation error location points at (None if not a model field)."""
    from game_rules.districts import District

    model: type[BaseModel] = District
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if part not in model.model_fields:
            return info if part in ("function-after", "function-before") else None
        info = model.model_fields[part]
        inner = [a for a in (info.annotation, *get_args(info.annotation)) if isinstance(a, type) and issubclass(a, BaseModel)]
        if inner:
            model = inner[0]
    return info


def allowed_range(info: FieldInfo) -> str | None:
    """A field's bounds in words, e.g. "allowed -90 ≤ value ≤ 90", or None if unbounded."""
    bounds = []
    for meta in info.metadata:
        for name, sign in (("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤")):
            value = getattr(meta, name, None)
            if value is not None:
                bounds.append((name, sign, value))
    if not bounds:
        return None
    low = [f"{v} {'<' if s == '>' else '≤'} " for n, s, v in bounds if n in ("gt", "ge")]
    high = [f" {s} {v}" for n, s, v in bounds if n in ("lt", "le")]
    return f"allowed {''.join(low)}value{''.join(high)}"


def describe_errors(error: ValidationError) -> list[str]:
    """One line per wrong field: dotted path, pydantic's reason, and the allowed range if any."""
    parts = []
    for item in error.errors():
        loc = tuple(item["loc"])
        where = ".".join(str(p) for p in loc) or "(district)"
        message = str(item["msg"]).removeprefix("Value error, ")
        info = _field_info(loc)
        bounds = allowed_range(info) if info is not None else None
        got = item.get("input")
        shown = f" (got {got!r})" if isinstance(got, (int, float, str)) and item["type"] != "missing" else ""
        parts.append(f"{where}: {message}{shown}" + (f"; {bounds}" if bounds and bounds not in message else ""))
    return parts


def _describe(error: ValidationError) -> str:
    return "; ".join(describe_errors(error))


def district_from_mapping(data: object, *, origin: str = "district") -> District:
    """Validate a mapping (parsed YAML) into a :class:`District` or raise :class:`DistrictError`."""
    from game_rules.districts import District, DistrictError

    if not isinstance(data, dict):
        raise DistrictError(f"{origin}: expected a mapping of district fields, got {type(data).__name__}")
    try:
        return District.model_validate(data)
    except ValidationError as exc:
        raise DistrictError(f"{origin}: {_describe(exc)}") from None


def _read(path: Path) -> District:
    from game_rules.districts import DistrictError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DistrictError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise DistrictError(f"{path.name}: not valid YAML ({exc})") from None
    district = district_from_mapping(data, origin=path.name)
    if district.weather is not None and not Path(district.weather).is_absolute():
        district = district.model_copy(update={"weather": str((path.parent / district.weather).resolve())})
    return district


@lru_cache(maxsize=16)
def _preset(name: str) -> District:
    from game_rules.districts import DATA_DIR

    return _read(DATA_DIR / f"{name}.yaml")


def load_district(name_or_path: str | Path | District) -> District:
    """A preset by name (:data:`DISTRICT_PRESETS`) or a custom district YAML file by path; a
    :class:`District` already loaded (a workshop's uploaded district) is returned as it is."""
    from game_rules.districts import DISTRICT_PRESETS, District, DistrictError

    if isinstance(name_or_path, District):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in DISTRICT_PRESETS:
        return _preset(name_or_path)
    path = Path(name_or_path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise DistrictError(
            f"expected a district preset {list(DISTRICT_PRESETS)} or a .yaml file, got {str(name_or_path)!r}"
        )
    if not path.is_file():
        raise DistrictError(f"district file {path} does not exist")
    return _read(path)


class CacheKey:
    """A district as a cache key: hashed once (a district's hash walks every section and
    building), equal to another key when the districts are equal, so equal districts share
    cache entries as before. Made by :func:`cache_key`."""

    __slots__ = ("_hash", "district")

    def __init__(self, district: District) -> None:
        self.district = district
        self._hash = hash(district)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CacheKey) and (self.district is other.district or self.district == other.district)


_KEYS: dict[int, CacheKey] = {}
_KEYS_MAX = 64


def cache_key(district: District) -> CacheKey:
    """The :class:`CacheKey` of ``district``, reused for the same object (the key holds the
    district, so its ``id`` is not reused while the entry exists; at most 64 entries, all
    dropped at once when full: one atomic step, safe with the server's report threads)."""
    key = _KEYS.get(id(district))
    if key is None or key.district is not district:
        key = CacheKey(district)
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        _KEYS[id(district)] = key
    return key
