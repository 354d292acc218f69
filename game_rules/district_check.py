"""Checking a city's own district file: every wrong field named, with its allowed range.

One check for both ways a district file arrives: ``assembler district check FILE`` (the CLI) and
a file uploaded with a new workshop (the server). :func:`check_district_text` parses the YAML
text, validates it against :class:`game_rules.districts.District`, then computes the district's
hourly profiles once (which finds what the schema cannot: e.g. a climate with no sun in any
month). The result is typed: the district, or one :class:`FieldProblem` per wrong field, so the
CLI prints lines and the console translates the range ("allowed -90 to 90") into its language.

An uploaded file is text from outside: it may not name a weather file (that would be a path on
the server), and its problems never quote a server path or a stack trace.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from game_rules.district_loading import _field_info
from game_rules.districts import District, DistrictError

_NAMED = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (.+)$", re.DOTALL)
"""A check's message that starts with the dotted path of the field it names."""

MAX_DISTRICT_BYTES = 64 * 1024
"""[bytes] largest district file accepted over HTTP; the built-in files are 5-9 kB."""


MAX_VALUES = 100_000
"""Values (mapping entries and list items) a district file may hold with its YAML aliases
expanded; a 200-building district holds about 10,000."""


def _expanded_over(data: object, limit: int) -> bool:
    """Whether ``data`` holds more than ``limit`` values counted as if every alias were a copy;
    stops counting at the limit, so the walk is bounded whatever the file."""
    count = 0
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items: list[object] = [*node.keys(), *node.values()]
        elif isinstance(node, list):
            items = list(node)
        else:
            continue
        count += len(items)
        if count > limit:
            return True
        stack.extend(items)
    return False


@dataclass(frozen=True)
class FieldProblem:
    """One wrong field: dotted path (``location.latitude``; ``(file)`` for the whole file),
    what was wrong (English, pydantic's words), the allowed bounds if the field has any, and a
    short rendering of the value given."""

    field: str
    message: str
    low: float | None = None
    high: float | None = None
    got: str | None = None

    def line(self) -> str:
        """``field: message (got 'x'); allowed low ≤ value ≤ high``, as ``district check`` prints."""
        shown = f" (got {self.got})" if self.got is not None else ""
        bounds = []
        if self.low is not None:
            bounds.append(f"{self.low:g} ≤ ")
        bounds.append("value")
        if self.high is not None:
            bounds.append(f" ≤ {self.high:g}")
        allowed = f"; allowed {''.join(bounds)}" if self.low is not None or self.high is not None else ""
        return f"{self.field}: {self.message}{shown}{allowed}"


@dataclass(frozen=True)
class DistrictCheck:
    """The outcome of a check: ``district`` when ``problems`` is empty, and its PV specific yield
    [kWh/kWp·yr] from the computed profiles."""

    district: District | None
    problems: tuple[FieldProblem, ...]
    pv_yield: float | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _bounds(loc: tuple[int | str, ...]) -> tuple[float | None, float | None]:
    info = _field_info(loc)
    low: float | None = None
    high: float | None = None
    for meta in info.metadata if info is not None else ():
        for name in ("ge", "gt"):
            value = getattr(meta, name, None)
            if isinstance(value, (int, float)):
                low = float(value)
        for name in ("le", "lt"):
            value = getattr(meta, name, None)
            if isinstance(value, (int, float)):
                high = float(value)
    return low, high


def field_problems(error: ValidationError) -> tuple[FieldProblem, ...]:
    """One :class:`FieldProblem` per pydantic error of a :class:`District` validation."""
    out = []
    for item in error.errors():
        loc = tuple(item["loc"])
        got = item.get("input")
        shown = repr(got)[:40] if isinstance(got, (int, float, str)) and item["type"] != "missing" else None
        message = str(item["msg"]).removeprefix("Value error, ")
        # A section's own check names the field it found wrong first ("sites.roof_share: ...", the
        # district's "buildings.0.sites.1: ..."): the problem points at that field, not the section.
        inner = _NAMED.match(message) if item["type"] == "value_error" else None
        if inner is not None:
            named = tuple(int(part) if part.isdigit() else part for part in inner[1].split("."))
            loc, message, shown = (*loc, *named), inner[2], None
        low, high = _bounds(loc)
        out.append(FieldProblem(field=".".join(str(p) for p in loc) or "(district)", message=message,
                                low=low, high=high, got=shown))
    return tuple(out)


def check_district_text(text: str, origin: str, *, base: Path | None = None) -> DistrictCheck:
    """Parse, validate and profile a district file's text.

    ``origin`` names the file in messages (a file name, never a server path). ``base``: the
    folder a relative ``weather`` path is read from (the CLI); ``None`` (an upload) refuses a
    ``weather`` field. Never raises for a bad file: problems are returned.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        return DistrictCheck(None, (FieldProblem("(file)", f"{origin}: expected valid YAML, the parser stopped{where}"),))
    if _expanded_over(data, MAX_VALUES):
        # YAML aliases may repeat one list inside another ("billion laughs"): a 64 kB file could
        # otherwise stand for billions of values that validation would walk.
        return DistrictCheck(None, (FieldProblem("(file)", f"{origin}: expected at most {MAX_VALUES} values with its "
                                                           "YAML aliases expanded, got more"),))
    if not isinstance(data, dict):
        return DistrictCheck(None, (FieldProblem("(file)", f"{origin}: expected a mapping of district fields, "
                                                           f"got {type(data).__name__}"),))
    try:
        district = District.model_validate(data)
    except ValidationError as exc:
        return DistrictCheck(None, field_problems(exc))
    from game_rules.district_plausibility import plausibility_problems

    implausible = tuple(FieldProblem(field, message, low, high, got)
                        for field, message, low, high, got in plausibility_problems(district))
    if implausible:
        return DistrictCheck(None, implausible)
    if district.weather is not None:
        if base is None:
            return DistrictCheck(None, (FieldProblem("weather", "expected no weather file in an uploaded district "
                                                     "(the synthetic year is used); remove the field"),))
        if not Path(district.weather).is_absolute():
            district = district.model_copy(update={"weather": str((base / district.weather).resolve())})
    from game_rules.profiles import profiles_for

    try:
        pv_yield = float(profiles_for(district).pv_roof.sum())
    except (DistrictError, ValueError) as exc:
        # No path can appear here for an upload: it names no weather file.
        return DistrictCheck(None, (FieldProblem("(district)", str(exc)),))
    return DistrictCheck(district, (), pv_yield)


_WEATHER_LINE = re.compile(r"^weather:[ \t]*(?P<name>[^\n#]*?)[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
"""A top-level one-line ``weather: FILE`` field, as ``assembler district new --weather`` writes it."""


def without_weather(text: str) -> tuple[str, str | None]:
    """An uploaded district file's text with its top-level ``weather:`` line turned into a comment,
    and the file name it named (None if it named none).

    A file written by ``assembler district new --weather FILE`` names its weather file, which an
    upload cannot bring (it would be a path on the server). Its climate normals were computed from
    that very file (:func:`game_rules.typologies.normals_from_weather`), so the server runs the
    synthetic year of those normals instead, and the comment left in the stored file says so."""
    found = _WEATHER_LINE.search(text)
    if found is None:
        return text, None
    name = found["name"].strip().strip("'\"")
    note = (f"# weather: {name} -- not uploaded with the file: the synthetic year of the monthly normals above "
            f"(computed from it) is used")
    return text[:found.start()] + note + text[found.end():], name


@lru_cache(maxsize=32)
def uploaded_district(text: str) -> District:
    """The :class:`District` of a stored uploaded file, checked in full when it was uploaded: here
    only parsed and validated again (no profiles: milliseconds, so a server may call it on its
    event loop). Raises :class:`DistrictError` naming the fields if it no longer validates (the
    schema changed since) or names a weather file."""
    data = yaml.safe_load(text)
    try:
        district = District.model_validate(data)
    except ValidationError as exc:
        raise DistrictError("uploaded district: " + "; ".join(p.line() for p in field_problems(exc))) from None
    if district.weather is not None:
        raise DistrictError("uploaded district: expected no weather file, got one")
    return district


def district_digest(text: str) -> str:
    """A short content hash of a district file: equal files share cached assessments, and two
    different files with the same ``id`` never do."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
