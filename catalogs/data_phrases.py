"""Data phrases: the English ``source`` texts of the data files and the engine, as gettext messages.

A provenance's ``source`` is composed of English phrases: the ``source`` / ``note`` texts of the
district files, ``assets.yaml``, ``price_components.yaml``, ``typologies.yaml``, the regulation
files and the deck's financing sources, joined by the engine with ``"; "`` and ``": "`` and with
phrases of its own (``annuity of 918,600 EUR at 3.0 % over 20 yr (VDI 2067-1)``). Each phrase is a
message of ``messages.po`` in the context ``data`` whose ``msgid`` is the English phrase (standard
gettext practice; the catalogs key it ``data:<msgid>``, :func:`catalogs.message_key`):

* :func:`segments` splits a composed text on ``"; "`` and ``": "`` outside parentheses and
  brackets, so a phrase is translated whole, whatever it is joined with;
* :func:`template` turns a phrase's numbers in English format (``170,000``, ``46.5``, five digits
  or more) and dates (``1 Feb 2025``) into ``{0}``, ``{1}``...: the translation keeps the
  placeholders and the numbers are printed in the language's CLDR format;
* the engine marks its own phrases with :func:`data_phrase` (gettext's ``N_``): each f-string
  field becomes a placeholder (``annuity of {0} EUR at {1} % over {2} yr (VDI 2067-1)``);
* :func:`extract` walks the data files and those markers; ``scripts/data_phrases.py`` appends
  each new phrase to every catalog (English filled in, other languages empty, so
  ``tests/catalogs`` names what is left to translate).

A phrase that the report terms (``report:term.*``, ``printables.report.provenance_text``)
already cover word for word needs no data message: :func:`extract` takes a ``covered`` test.

Sources: GNU gettext manual, "Special cases of translatable strings" (``N_`` markers) and
"Contexts" (``msgctxt``), https://www.gnu.org/software/gettext/manual/gettext.html.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

CONTEXT = "data"
"""The ``msgctxt`` of every data phrase."""
KEY = CONTEXT + ":"
"""Prefix of a data phrase's key in :func:`catalogs.entries` (``data:<msgid>``)."""

#: A number the engine or a data file wrote in English format: thousands commas and/or a decimal
#: point, or a whole number of five digits or more (years and article numbers stay as written).
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{5,})(?![\w]|\.\d)")
#: The numbers a data phrase's placeholders stand for: thousands commas and/or a decimal point
#: (what reads differently in another language); whole numbers (``ISO 31000``, ``2 kW``) stay.
PHRASE_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w]|\.\d)")
#: A date as the engine and the data write it (``29 Nov 2026``).
DATE = re.compile(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")
#: Keys of the data files whose string values are provenance phrases.
PHRASE_KEYS = frozenset({"source", "note"})
#: Data files (relative to the project root) whose phrases end up in provenance sources.
DATA_GLOBS = ("game_rules/data/*.yaml", "game_rules/data/districts/*.yaml", "game_rules/data/regulation/*.yaml",
              "cards/deck/*.yaml")
#: Python sources whose :func:`data_phrase` markers are extracted.
CODE_GLOBS = ("game_rules/*.py", "game_rules/**/*.py")


def data_phrase(text: str) -> str:
    """Mark ``text`` (usually an f-string) as a data phrase for :func:`extract`; returns it unchanged."""
    return text


_REF = r"\bref:[a-z0-9][a-z0-9-]*"
#: Bibliography citations in a data text (``ref:<id>``, :func:`game_rules.references.cited_in`),
#: with what only they need: their own brackets, the separator before a closing one.
_CITATIONS = (re.compile(rf"\s*\({_REF}(?:\s+{_REF})*\)"), re.compile(rf"[;,]\s*{_REF}(?=\s*\)|\s*$)"),
              re.compile(rf"\s*{_REF}"))


def without_citations(text: str) -> str:
    """``text`` without its ``ref:<id>`` tokens: the report prints them as numbered citations
    after the text, and a phrase is translated without them."""
    for pattern in _CITATIONS:
        text = pattern.sub("", text)
    return text.strip()


def split(text: str) -> list[tuple[str, str]]:
    """``text`` as (phrase, separator after it) pairs, its ``ref:<id>`` tokens left out
    (:func:`without_citations`): split on ``"; "`` and ``": "`` outside ``()`` and ``[]``; the
    last separator is ``""``, empty phrases are dropped."""
    text = without_citations(text)
    out: list[tuple[str, str]] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and char in ";:" and text[i + 1:i + 2] == " ":
            out.append((text[start:i].strip(), char + " "))
            start = i + 2
            i += 1
        i += 1
    out.append((text[start:].strip(), ""))
    return [(part, sep) for part, sep in out if part]


def segments(text: str) -> list[str]:
    """The phrases of ``text`` (:func:`split` without the separators)."""
    return [part for part, _ in split(text)]


def template(phrase: str) -> tuple[str, tuple[str, ...]]:
    """``phrase`` with its English-format numbers and dates as ``{0}``, ``{1}``... and those values."""
    values: list[str] = []

    def slot(found: re.Match[str]) -> str:
        values.append(found.group(0))
        return "{" + str(len(values) - 1) + "}"

    combined = re.compile(f"{DATE.pattern}|{PHRASE_NUMBER.pattern}")
    return combined.sub(slot, phrase), tuple(values)


def has_words(msgid: str) -> bool:
    """True when ``msgid`` says something besides placeholders and punctuation."""
    return re.search(r"[A-Za-z]{2}", _PLACEHOLDER.sub("", msgid)) is not None


def _renumber(part: str) -> str:
    """A segment of a marked f-string with its placeholders numbered from ``{0}``."""
    order: dict[str, str] = {}
    return _PLACEHOLDER.sub(lambda m: "{" + order.setdefault(m.group(1), str(len(order))) + "}", part)


def _fstring(node: ast.expr) -> str | None:
    """The text of a string literal or an f-string with each field as ``{k}``; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        out, k = [], 0
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.append(value.value.replace("{", "{{").replace("}", "}}"))
            else:
                out.append("{" + str(k) + "}")
                k += 1
        return "".join(out)
    return None


def _texts(node: ast.expr | None) -> Iterator[ast.expr]:
    """The string expressions ``node`` may be: itself, or both branches of a conditional."""
    if isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)
    elif node is not None and _fstring(node) is not None:
        yield node


def _phrase_nodes(tree: ast.AST) -> Iterator[ast.expr]:
    """The strings of a module that become provenance phrases: the argument of every
    ``data_phrase(...)``, and by convention every string given to a ``source=`` / ``note=``
    keyword, a ``"source"`` / ``"note"`` dict key or assigned to a variable ``source``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "data_phrase" and node.args:
                if _fstring(node.args[0]) is None:
                    raise ValueError(f"line {node.lineno}: expected a string or f-string in data_phrase(), "
                                     f"got {ast.dump(node.args[0])[:60]}")
                yield node.args[0]
            for keyword in node.keywords:
                if keyword.arg in PHRASE_KEYS:
                    yield from _texts(keyword.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in PHRASE_KEYS:
                    yield from _texts(value)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "source" for t in targets):
                yield from _texts(node.value)


def code_phrases(path: Path) -> Iterator[str]:
    """The phrases of the Python file ``path`` (:func:`_phrase_nodes`), as templates."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in _phrase_nodes(tree):
        text = _fstring(node)
        if text is None:  # _phrase_nodes yields strings only
            continue
        # Literal braces were doubled by _fstring; the fields are {k}. Split, then undo the doubling.
        for part in segments(text):
            phrase = _renumber(part).replace("{{", "{").replace("}}", "}")
            # A phrase without fields reads like a data file's: its numbers become placeholders too.
            yield phrase if _PLACEHOLDER.search(phrase) else template(phrase)[0]


#: Keys of the data files whose mapping values are provenance phrases (a district section's
#: ``notes``: field name -> phrase).
PHRASE_MAPS = frozenset({"notes"})
#: A card's value flows (the list under this key): their legal ``basis`` and its version per
#: regime (``bases``) become the flow's provenance source, which the report prints.
FLOW_LIST = "value_flows"
FLOW_KEYS = frozenset({"basis"})
FLOW_MAPS = frozenset({"bases"})


def _yaml_strings(node: object, key: str = "", parent: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        flow = parent == FLOW_LIST
        for k, v in node.items():
            if (str(k) in PHRASE_MAPS or (flow and str(k) in FLOW_MAPS)) and isinstance(v, dict):
                yield from (text for text in v.values() if isinstance(text, str))
                continue
            if flow and str(k) in FLOW_KEYS and isinstance(v, str):
                yield v
                continue
            yield from _yaml_strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _yaml_strings(v, key, parent=key)
    elif isinstance(node, str) and key in PHRASE_KEYS:
        yield node


def data_file_phrases(path: Path) -> Iterator[str]:
    """The phrases of the ``source`` / ``note`` texts of the YAML file ``path``, as templates."""
    for text in _yaml_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
        for part in segments(text):
            yield template(part)[0]


def extract(root: Path, covered: Callable[[str], bool] = lambda _: False) -> dict[str, list[str]]:
    """Every data phrase under ``root`` that ``covered`` does not already translate, in the order
    found, with the files it comes from: ``{msgid: [relative paths]}``."""
    found: dict[str, list[str]] = {}
    files = [(p, data_file_phrases) for g in DATA_GLOBS for p in sorted(root.glob(g))]
    files += [(p, code_phrases) for g in CODE_GLOBS for p in sorted(root.glob(g))]
    seen: set[Path] = set()
    for path, reader in files:
        if path in seen:
            continue
        seen.add(path)
        for msgid in reader(path):
            if has_words(msgid) and not covered(msgid):
                where = found.setdefault(msgid, [])
                if str(path.relative_to(root)) not in where:
                    where.append(str(path.relative_to(root)))
    return found
