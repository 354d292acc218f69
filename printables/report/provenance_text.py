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
* the **source** is split on ``"; "`` and ``": "`` outside brackets (:func:`catalogs.data_phrases.split`);
  each part that is a **data phrase** (``msgctxt "data"``, msgid = the English phrase,
  :mod:`catalogs.data_phrases`) is that message's text, its placeholders filled with the part's
  numbers in CLDR formats (or names: a stakeholder id); the other parts, kept together with
  their separators, are read like a formula (terms; district ids become the district's name).

:func:`untranslated` lists what of a rule or a source has no catalog text (an unknown rule id,
English words outside any term): ``tests/printables/report/test_provenance_text.py`` runs it on
every provenance of the example assessments, so a new rule or data phrase fails there until it
has its text in every language (``python scripts/data_phrases.py`` adds a data phrase to every
catalog, to be translated).

Sources: CLDR number and date formats through Babel (:mod:`catalogs.formatting`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from catalogs import check_lang, entries, message
from catalogs import data_phrases as data
from catalogs import formatting as cldr

RULE = "report:rule."
TERM = "report:term."
STAKEHOLDER = "report:stakeholder."

#: The leading rule id: ``kpi.co2``, ``card_flow``, ``capex.smart_meters``.
_RULE_ID = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*")
#: A number the engine formatted in English (thousands commas, a decimal point, five digits or
#: more) and a date as it writes them (``29 Nov 2026``): the same as the data phrases' placeholders.
_NUMBER = data.NUMBER
_DATE = data.DATE
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


#: An amount of euros as the engine writes it (``5,000,000 EUR``; not a unit price ``EUR/kWh``).
_EUROS = re.compile(r"(?<![\w.,])(-?\d{1,3}(?:,\d{3})+|-?\d+)(\.\d+)? EUR(?![\w/])")
#: A placeholder of a data phrase followed by the euro (``{0} EUR``, ``{0} €``): an amount.
_EURO_SLOT = re.compile(r"\{(\d+)\} (?:EUR|€)(?![\w/])")


def _euros(text: str, lang: str) -> tuple[str, list[str]]:
    """``text`` with each amount of euros replaced by a marker, and the amounts in ``lang``'s
    CLDR currency format (``€5,000,000``, ``5 000 000 €``, ``5.000.000 €``) to put back."""
    amounts: list[str] = []

    def amount(found: re.Match[str]) -> str:
        amounts.append(cldr.money(float(found.group(1).replace(",", "") + (found.group(2) or "")), lang))
        return f"\x00{len(amounts) - 1}\x00"

    return _EUROS.sub(amount, text), amounts


def _numbers(text: str, lang: str) -> str:
    """English-formatted numbers, amounts of euros and dates of ``text`` in ``lang``'s CLDR formats."""
    text, amounts = _euros(text, lang)
    if amounts:
        return re.sub("\x00(\\d+)\x00", lambda m: amounts[int(m.group(1))], _numbers(text, lang))
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


@dataclass(frozen=True)
class _Phrases:
    """The data phrases of one language (:mod:`catalogs.data_phrases`): by English msgid, and
    those with placeholders as patterns over a whole segment (each ``{k}`` any text)."""

    exact: dict[str, str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _phrases(lang: str) -> _Phrases:
    here = entries(lang)
    exact = {key.removeprefix(data.KEY): message(key, lang) for key in here
             if key.startswith(data.KEY) and all(here[key].forms)}
    slotted = sorted((p for p in exact if "{" in p), key=len, reverse=True)
    patterns = tuple((re.compile(re.sub(r"\\\{(\d+)\\\}", lambda m: f"(?P<s{m.group(1)}>.+?)", re.escape(p))), exact[p])
                     for p in slotted)
    return _Phrases(exact, patterns)


def _phrase(segment: str, lang: str) -> tuple[str, tuple[str, ...]] | None:
    """The data phrase ``segment`` is, in ``lang``: its text and the English values of its
    placeholders; None when no data phrase matches the whole segment."""
    phrases = _phrases(lang)
    if segment in phrases.exact:
        return phrases.exact[segment], ()
    key, values = data.template(segment)
    if key in phrases.exact:
        return phrases.exact[key], values
    for pattern, text in phrases.patterns:
        found = pattern.fullmatch(segment)
        if found is not None:
            slots = found.groupdict()
            return text, tuple(slots[f"s{k}"] for k in range(len(slots)))
    return None


def source_text(source: str, lang: str) -> str:
    """A provenance's data source for people in ``lang``: each phrase (the parts between
    ``"; "`` and ``": "`` outside brackets) from the data phrases of the catalogs, the others
    from the catalog terms, district ids as the district's name, numbers and dates in CLDR
    formats; the separators as the language writes them (``report:term.colon``)."""
    if not source:
        return ""
    check_lang(lang)
    out: list[str] = []
    for kind, text, values, sep in _pieces(source, lang):
        out.append(localise(text, lang) if kind == "terms" else _fill(text, values, lang))
        out.append(localise(sep, lang))
    return "".join(out)


def _fill(template: str, values: tuple[str, ...], lang: str) -> str:
    """A data phrase's text with its placeholders filled: a number the phrase marks as euros
    (``{0} EUR``) in the language's CLDR currency format, any other value localised."""
    amounts = {int(k) for k in _EURO_SLOT.findall(template)}
    number = re.compile(_SLOT_NUMBER)

    def value(k: int, raw: str) -> str:
        if k in amounts and number.fullmatch(raw):
            return cldr.money(float(raw.replace(",", "")), lang)
        return localise(raw, lang)

    filled = [value(k, v) for k, v in enumerate(values)]
    template = _EURO_SLOT.sub(lambda m: "{" + m.group(1) + "}" if int(m.group(1)) < len(values)
                              and number.fullmatch(values[int(m.group(1))]) else m.group(0), template)
    return template.format(*filled)


def _pieces(source: str, lang: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    """``source`` as (kind, text, values, separator after it): ``"data"`` for a data phrase (its
    text in ``lang``, the English values of its placeholders), ``"terms"`` for a run of other
    phrases kept together with their separators (a report term may span a ``": "``)."""
    out: list[tuple[str, str, tuple[str, ...], str]] = []
    run = ""
    for part, sep in data.split(source):
        found = _phrase(part, lang)
        if found is None:
            run += part + sep
            continue
        if run:
            body = run.rstrip("; :")
            out.append(("terms", body, (), run[len(body):]))
            run = ""
        out.append(("data", found[0], found[1], sep))
    if run:
        body = run.rstrip("; :")
        out.append(("terms", body, (), run[len(body):]))
    return out


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


def _source_leftovers(source: str) -> list[str]:
    """English words of a source outside its data phrases (their values included) and terms."""
    out: list[str] = []
    for kind, text, values, _ in _pieces(source, "en"):
        out += _leftover_words(text) if kind == "terms" else [w for v in values for w in _leftover_words(v)]
    return out


def covered(phrase: str) -> bool:
    """True when the report terms alone translate ``phrase`` (no data message needed); its
    placeholders stand for numbers, as in the report terms."""
    return not _leftover_words(re.sub(r"\{\d+\}", "1.5", phrase))


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
    problems += [f"{w!r} in source {source!r}" for w in _source_leftovers(source)]
    return problems
