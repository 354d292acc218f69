"""The bibliography: every published source a number in an assessment can be traced to.

References are data (``game_rules/data/references/*.yaml``, one file per topic, each a list of
entries with ``id``, ``authors`` (or publisher), ``title``, ``year``, ``jurisdiction``, ``url``,
``accessed`` and ``supports``). A value cites them by id: a :class:`~game_rules.results.Provenance` names
``references=(...)``, a district section lists ``references:``, and a card's parameter
``source`` embeds ``ref:<id>`` tokens. A value without a published source is an *assumption*
and says so with a plausible range, written ``assumption [low-high]`` in card sources (see
:func:`assumption_range`); the sensitivity run varies it over that range.

A reference's ``jurisdiction`` is the country whose law, market, prices, grid, statistics or
places it describes (ISO 3166 code: ``DE``, ``FR``, ``GB``...), or ``international`` for EU law and
for method and technology sources whose figures hold across borders (IPCC, pvlib, the EC CBA
guide, PV degradation reviews). A provenance cites a national source only for a district of that
country (:func:`fits`, :func:`foreign`): a German law or a German price never backs a value in
Lyon; where a foreign figure stands in for a missing local one, the value is a labelled
assumption with a range instead (docs/rules.md, "Provenance").

Pure functions over validated, frozen models; :func:`load` caches the shipped files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

REFERENCES_DIR = Path(__file__).parent / "data" / "references"

#: A bibliography id: lowercase letters, digits and hyphens, unique across all files.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

#: The jurisdiction of EU law and of method and technology sources valid in every district.
INTERNATIONAL = "international"

#: ``ref:<id>`` tokens inside free text (card ``source`` strings, district comments).
_CITED = re.compile(r"\bref:([a-z0-9][a-z0-9-]*)")

#: ``assumption [low-high]`` (also with an en dash): an unsourced value's plausible range.
_ASSUMPTION = re.compile(
    r"\bassumption\s*\[\s*(?P<low>-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*[-–]\s*(?P<high>-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*\]",
    re.IGNORECASE,
)


class ReferenceError(ValueError):
    """A reference file is malformed, an id is duplicated, or a cited id is unknown."""


class Reference(BaseModel):
    """One published source (a law, a statistic, a study, a tariff sheet)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    authors: Annotated[str, Field(min_length=2, description=(
        "authors, or the publishing body: names only, read the same in every language (a relation such as "
        "'after' or 'reported by' goes into ``after`` / ``via``, a description into ``note``)"))]
    after: Annotated[str | None, Field(min_length=2, description=(
        "the original source whose data or text this one reproduces (a name; the report writes 'after <name>' "
        "in its language)"))] = None
    via: Annotated[str | None, Field(min_length=2, description=(
        "the site or outlet the text was read on, which reports or reproduces it (a name; the report writes "
        "'reported by <name>' in its language)"))] = None
    title: Annotated[str, Field(min_length=3)]
    year: Annotated[int, Field(ge=1900, le=2100)]
    jurisdiction: Annotated[str, Field(pattern=r"^(?:[A-Z]{2}|international)$",
                                       description="ISO 3166 country whose law, market or places it describes, or 'international'")]
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+$")]
    accessed: date = Field(description="date the URL was last read")
    supports: Annotated[str, Field(min_length=3, description="which values this source supports")]
    note: Annotated[str | None, Field(min_length=3, description=(
        "a note on the source itself in the bibliography's language (English), e.g. what a publisher is"))] = None

    def citation(self) -> str:
        """``Authors (after X; via Y) (year). Title. URL (accessed YYYY-MM-DD).`` for appendices (English)."""
        notes = "; ".join(n for n in (f"after {self.after}" if self.after else "", f"via {self.via}" if self.via else "") if n)
        who = f"{self.authors} ({notes})" if notes else self.authors
        return f"{who} ({self.year}). {self.title}. {self.url} (accessed {self.accessed.isoformat()})."


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or '(entry)'}: {item['msg']}" for item in error.errors()
    )


def read_file(path: Path) -> tuple[Reference, ...]:
    """The validated entries of one reference file; :class:`ReferenceError` names file and entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ReferenceError(f"{path.name}: not valid YAML ({exc})") from None
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ReferenceError(f"{path.name}: expected a list of references, got {type(data).__name__}")
    entries = []
    for index, item in enumerate(data):
        try:
            entries.append(Reference.model_validate(item))
        except ValidationError as exc:
            where = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            raise ReferenceError(f"{path.name}, entry {where}: {_describe(exc)}") from None
    return tuple(entries)


def load_directory(directory: Path) -> dict[str, Reference]:
    """All references in ``directory/*.yaml`` by id; :class:`ReferenceError` on a duplicate id."""
    found: dict[str, Reference] = {}
    origin: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        for entry in read_file(path):
            if entry.id in found:
                raise ReferenceError(f"reference id {entry.id!r} appears in both {origin[entry.id]} and {path.name}")
            found[entry.id] = entry
            origin[entry.id] = path.name
    return found


@lru_cache(maxsize=1)
def _shipped() -> Mapping[str, Reference]:
    return load_directory(REFERENCES_DIR)


def load() -> dict[str, Reference]:
    """Every shipped reference by id (validated once per process)."""
    return dict(_shipped())


def resolve(ids: Iterable[str]) -> tuple[Reference, ...]:
    """The references named by ``ids`` in order, without repeats; :class:`ReferenceError` lists
    the unknown ids."""
    known = _shipped()
    wanted = list(dict.fromkeys(ids))
    missing = [ref_id for ref_id in wanted if ref_id not in known]
    if missing:
        raise ReferenceError(f"unknown reference ids {missing}; expected ids from game_rules/data/references/*.yaml")
    return tuple(known[ref_id] for ref_id in wanted)


def fits(ref_id: str, country: str) -> bool:
    """True when reference ``ref_id`` may back a value in a district of ``country`` (ISO 3166
    code): its jurisdiction is ``country`` or :data:`INTERNATIONAL`. :class:`ReferenceError`
    for an unknown id."""
    (ref,) = resolve((ref_id,))
    return ref.jurisdiction in (INTERNATIONAL, country)


def fitting(ids: Iterable[str], country: str) -> tuple[str, ...]:
    """The ids of ``ids`` that may back a value in ``country`` (:func:`fits`), in order, each once."""
    return tuple(ref_id for ref_id in dict.fromkeys(ids) if fits(ref_id, country))


def foreign(ids: Iterable[str], country: str) -> tuple[str, ...]:
    """The ids of ``ids`` whose jurisdiction is another country than ``country``, each once."""
    return tuple(ref_id for ref_id in dict.fromkeys(ids) if not fits(ref_id, country))


def cited_in(text: str) -> tuple[str, ...]:
    """The ``ref:<id>`` ids cited in ``text``, in order of appearance."""
    return tuple(dict.fromkeys(_CITED.findall(text)))


def assumption_range(text: str) -> tuple[float, float] | None:
    """The plausible ``(low, high)`` of an ``assumption [low-high]`` in ``text``, else None."""
    match = _ASSUMPTION.search(text)
    if match is None:
        return None
    return float(match["low"]), float(match["high"])


_LEAVES = (str, bytes, int, float, bool, date)


@cache
def _fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of model class ``cls`` that may hold a citation: ``references``, ``source``
    and any field whose annotation is not a plain scalar (an assessment holds thousands of
    floats and labels; skipping them keeps the walk linear in the models, not the numbers)."""
    scalars = {"float", "int", "str", "bool", "float | None", "int | None", "str | None", "bool | None", "date"}
    return tuple(name for name, info in cls.model_fields.items()
                 if name in ("references", "source") or (str(info.annotation).replace("typing.", "") not in scalars
                 and getattr(info.annotation, "__name__", "") not in scalars))


def _walk(value: object, seen: set[int]) -> Iterator[str]:
    """Reference ids anywhere in ``value``: ``references`` fields of models, ``ref:`` tokens in
    ``source`` strings, through models, mappings and sequences (iteratively: an assessment is
    deep and wide, and recursive generators made this a fifth of its time)."""
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, _LEAVES) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, BaseModel):
            children: list[object] = []
            for name in _fields(type(item)):
                field = getattr(item, name)
                if name == "references" and isinstance(field, (tuple, list)):
                    for entry in field:
                        if isinstance(entry, str):
                            yield entry
                        elif isinstance(entry, Reference):
                            yield entry.id
                elif name == "source" and isinstance(field, str):
                    yield from cited_in(field)
                else:
                    children.append(field)
            stack.extend(reversed(children))
        elif isinstance(item, Mapping):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
        elif isinstance(item, (set, frozenset)):
            stack.extend(sorted(item, key=repr))


def cited_ids(*parts: object) -> tuple[str, ...]:
    """Every reference id cited anywhere in ``parts`` (models, sequences, mappings), in order."""
    seen: set[int] = set()
    found: dict[str, None] = {}
    for part in parts:
        for ref_id in _walk(part, seen):
            found.setdefault(ref_id, None)
    return tuple(found)


def collect(*parts: object) -> tuple[Reference, ...]:
    """The references cited anywhere in ``parts`` (e.g. an assessment's KPIs, flows, risks,
    financing, its district), each once, in order of first citation.

    Raises :class:`ReferenceError` when a cited id is not in the bibliography, so an
    assessment can never name a source a reader cannot open.
    """
    return resolve(cited_ids(*parts))
