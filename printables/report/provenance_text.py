"""A provenance's rule and data source in the report's language (the appendix and the CLI).

The rules engine writes a provenance's ``rule`` as a technical English string: a rule id, then
its formula with the numbers it used, e.g. ``procurement_avoided: 1,336,759 kWh/yr not sold x
0.0900 EUR/kWh; ...`` (``game_rules.flows``, ``game_rules.financing``, ...), and its ``source`` as
English phrases from the data files. This module reads them back for people, without changing
how the engine builds them:

* the **rule id** (the identifier before ``:``, a space or ``(``; a KPI's key) names a catalog
  message ``report:rule.<id>`` describing the rule in words; ids with a variable last part
  (``capex.pv``, ``regulatory.<rule>``) fall back to ``report:rule.capex`` with the part named;
  a ``baseline.<id>`` is the baseline's description, then ``<id>``'s;
* the **formula** that follows keeps its symbols (``local_new_kwh * tariff.local``), card ids and
  identifiers; every English phrase of it is a catalog term ``report:term.<key>`` (msgid = the
  English phrase) replaced by its translation, longest first; numbers are reformatted by CLDR in
  the language (``1,336,759`` -> ``1 336 759``, ``0.0900`` -> ``0,0900``), dates too
  (``29 Nov 2026`` -> ``29 novembre 2026``);
* the **source** is read the same way (district ids become the district's name).

:func:`untranslated` lists what of a rule or a source has no catalog text (an unknown rule id,
English words outside any term): ``tests/printables/report/test_provenance_text.py`` runs it on
every provenance of the example assessments, so a new rule or data phrase fails there until it
has its text in every language.

Sources: CLDR number and date formats through Babel (:mod:`catalogs.formatting`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from catalogs import check_lang, entries, message
from catalogs import formatting as cldr

RULE = "report:rule."
TERM = "report:term."
STAKEHOLDER = "report:stakeholder."

#: The leading rule id: ``kpi.co2``, ``card_flow``, ``capex.smart_meters``.
_RULE_ID = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*")
#: A number the engine formatted in English: with thousands commas and/or a decimal point, or
#: a whole number of five digits or more (years and article numbers have fewer and stay as written).
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{5,})(?![\w]|\.\d)")
#: A date as the engine writes it (``29 Nov 2026``).
_DATE = re.compile(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Rule ids whose detail starts with the card's own formula (symbols), kept as written.
_FORMULA_FIRST = frozenset({"card_flow"})
#: Words of an English phrase: what :func:`untranslated` looks for outside the catalog terms.
_WORD = re.compile(r"(?<![\w.\-/'])[A-Za-z][a-z]+(?:['-][a-z]+)*(?![\w.\-/]*[\w])")


def rule_id(rule: str) -> str:
    """The rule id of a provenance rule string (``""`` when it starts with no identifier)."""
    found = _RULE_ID.match(rule)
    return found.group(0) if found else ""


def _rule_key(rid: str) -> tuple[str, str] | None:
    """(catalog key, variable part) describing ``rid``: the id itself, else its longest
    dotted prefix with a message (``capex.pv`` -> ``report:rule.capex``, ``pv``)."""
    known = entries("en")
    parts = rid.split(".")
    for cut in range(len(parts), 0, -1):
        key = RULE + ".".join(parts[:cut])
        if key in known:
            return key, ".".join(parts[cut:])
    return None


def _item_name(item: str, lang: str) -> str:
    """A variable part of a rule id in words: an asset class or a KPI name, else as written."""
    for key in (f"report:asset.{item}", f"rules:kpi.{item}", f"report:{item}"):
        if key in entries(lang):
            return message(key, lang)
    return item


def describe_id(rid: str, lang: str) -> str | None:
    """The words of the rule ``rid`` in ``lang``; None when the catalogs have no text for it."""
    if rid.startswith("baseline."):
        rest = describe_id(rid.removeprefix("baseline."), lang)
        return None if rest is None else _joined(message(RULE + "baseline", lang), rest, lang)
    found = _rule_key(rid)
    if found is None:
        return None
    key, item = found
    text = message(key, lang)
    return text.format(item=_item_name(item, lang)) if "{item}" in text else text


#: A placeholder of a term: ``{0}`` stands for a number of the data (``39.7``, ``3,500``, ``2025``).
_SLOT = re.compile(r"\\\{(\d)\\\}")
_SLOT_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"


def _slot_group(index: int) -> Callable[[re.Match[str]], str]:
    """The regex group that matches placeholder ``{k}`` of term ``index``: ``(?P<t<index>_<k>>...)``."""
    def group(found: re.Match[str]) -> str:
        return f"(?P<t{index}_{found.group(1)}>{_SLOT_NUMBER})"
    return group


@dataclass(frozen=True)
class _Terms:
    """The catalog terms of one language: one pattern over every English phrase (longest first,
    each a named group ``t<i>``) and, per phrase, its text in the language."""

    pattern: re.Pattern[str] | None
    texts: tuple[str, ...]


@cache
def _terms(lang: str) -> _Terms:
    """The English phrases of the catalog terms (``report:term.*``, stakeholder ids, district
    ids) as one pattern and their texts in ``lang``. A term's ``{0}``, ``{1}`` match numbers."""
    src, here = entries("en"), entries(lang)
    table: dict[str, str] = {}
    for key, entry in src.items():
        if key.startswith(TERM) and key in here:
            table[entry.source] = message(key, lang)
        elif key.startswith(STAKEHOLDER) and key in here:
            table[key.removeprefix(STAKEHOLDER)] = message(key, lang)
        elif key.startswith("district:") and key.endswith(".name") and key in here:
            table[key.removeprefix("district:").removesuffix(".name")] = message(key, lang)
    phrases = sorted(table, key=len, reverse=True)
    alternatives = []
    for i, phrase in enumerate(phrases):
        body = _SLOT.sub(_slot_group(i), re.escape(phrase))
        head = r"(?<![\w.,])" if phrase[0].isalnum() or phrase[0] == "{" else ""
        tail = r"(?![\w]|\.\w)" if phrase[-1].isalnum() or phrase[-1] == "}" else ""
        alternatives.append(f"(?P<t{i}>{head}{body}{tail})")
    pattern = re.compile("|".join(alternatives)) if alternatives else None
    return _Terms(pattern, tuple(table[p] for p in phrases))


def _term_text(found: re.Match[str], terms: _Terms, lang: str) -> str:
    """The language's text of the term ``found`` matched, its numbers in CLDR formats."""
    name = found.lastgroup or ""
    index = int(name[1:])
    values = {k.split("_")[1]: _numbers(v, lang) for k, v in found.groupdict().items()
              if v is not None and k.startswith(f"t{index}_")}
    text = terms.texts[index]
    return text.format(*(values[str(k)] for k in range(len(values)))) if values else text


def _numbers(text: str, lang: str) -> str:
    """English-formatted numbers and dates of ``text`` in ``lang``'s CLDR formats."""
    if lang == "en":
        return text

    def number(found: re.Match[str]) -> str:
        raw = found.group(1)
        digits = len(raw.split(".")[1]) if "." in raw else 0
        return cldr.number(float(raw.replace(",", "")), lang, digits)

    def day(found: re.Match[str]) -> str:
        when = date(int(found.group(3)), _MONTHS.index(found.group(2)) + 1, int(found.group(1)))
        return cldr.day(when, lang)

    return _NUMBER.sub(number, _DATE.sub(day, text))


def localise(text: str, lang: str) -> str:
    """``text`` (a rule's formula or a data source) in ``lang``: catalog terms translated, the
    rest (symbols, ids, names) kept, numbers and dates in CLDR formats, ``x`` written ``×``."""
    check_lang(lang)
    terms = _terms(lang)
    out: list[str] = []
    at = 0
    for found in terms.pattern.finditer(text) if terms.pattern is not None else ():
        out.append(_numbers(text[at:found.start()], lang))
        out.append(_term_text(found, terms, lang))
        at = found.end()
    out.append(_numbers(text[at:], lang))
    return "".join(out).replace(" x ", " × ")


def _joined(rule: str, formula: str, lang: str) -> str:
    """A rule's words and its formula, joined as the language writes a colon (``report:rule.formula``)."""
    return message(RULE + "formula", lang).format(rule=rule, formula=formula)


def _split(rule: str) -> tuple[str, str]:
    rid = rule_id(rule)
    return rid, rule[len(rid):].removeprefix(":").strip()


def rule_text(rule: str, lang: str) -> str:
    """A provenance rule for people in ``lang``: the rule's words, then its formula.

    A rule id without a catalog text is printed as written (``untranslated`` names it; the
    tests fail on it), so a report never fails on a rule the engine added later."""
    rid, detail = _split(rule)
    words = describe_id(rid, lang) if rid else None
    if words is None:
        return localise(rule, lang)
    if not detail:
        return words
    if rid in _FORMULA_FIRST and not detail.startswith("("):
        # The card's own formula is symbols: only its numbers change; the roles after it are words.
        formula, sep, rest = detail.partition(" (")
        return _joined(words, _numbers(formula, lang) + (f" ({localise(rest, lang)}" if sep else ""), lang)
    return _joined(words, localise(detail, lang), lang)


def source_text(source: str, lang: str) -> str:
    """A provenance's data source for people in ``lang``: its phrases from the catalog terms,
    district ids as the district's name, numbers and dates in CLDR formats."""
    return localise(source, lang) if source else ""


def _leftover_words(text: str) -> list[str]:
    """English words of ``text`` outside every catalog term and symbol (card formulas' symbols,
    identifiers with ``_`` or ``.``, card and reference ids, names in capitals)."""
    pattern = _terms("en").pattern
    rest = pattern.sub(" ", text) if pattern is not None else text
    rest = re.sub(r"ref:\S+", " ", rest)
    return [w for w in _WORD.findall(rest) if not w[0].isupper() or w.lower() in _CAPITALISED_ENGLISH]


#: Capitalised English words that are not names (a sentence's first word).
_CAPITALISED_ENGLISH = frozenset({"the", "building", "smart", "stationary", "platform", "rooftop", "air", "ground",
                                  "solar", "thermal", "district", "energy", "household", "gas", "electricity"})


def untranslated(rule: str, source: str = "") -> list[str]:
    """What of a provenance has no catalog text: ``rule id '<id>'`` for an unknown rule id, and
    each English word of the formula or the source outside the catalog terms."""
    problems: list[str] = []
    rid, detail = _split(rule)
    if not rid or describe_id(rid, "en") is None:
        problems.append(f"rule id {rid or rule!r}")
    if rid in _FORMULA_FIRST and not detail.startswith("("):
        detail = detail.partition(" (")[2]
    problems += [f"{w!r} in rule {rule!r}" for w in _leftover_words(detail)]
    problems += [f"{w!r} in source {source!r}" for w in _leftover_words(source)]
    return problems
