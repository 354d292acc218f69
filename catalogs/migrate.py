"""Old-style translations into the PO catalogs: the migration, reusable on any checkout.

Before the catalogs, texts lived in four hand-written shapes; branches written in that style
still arrive. :func:`read_old_sources` reads them from the files of any checkout, by reading
the Python source (``ast``, nothing is imported or run):

* ``game_rules/texts.py``: dicts of tuples in ``LANGS`` order (``CATALOGUE``, ``STAKEHOLDERS``,
  ``_REGIMES``, ``_TAGS``, ``_CAPITAL``), ``_SUBJECTS`` (pairs of phrase and plural flag) and the
  tuples ``_AND`` / ``_OR``;
* ``printables/i18n.py``: dicts of ``{"en": ..., "fr": ..., "de": ...}`` keyed by a string or
  an enum member (``CATEGORY_NAMES``, ``CATEGORY_QUESTIONS``, ``SLOT_NAMES``, ``SLOT_GUIDANCE``,
  ``TEXTS``);
* ``printables/report/i18n.py``: ``_L``, a dict of tuples in en, fr, de order;
* ``printables/report/formatting.py``: ``_UNIT_TEXT``, unit -> ``{lang: text}``;
* ``clients/i18n/<lang>.json``: flat ``{key: text}`` per language;
* ``cards/deck/*.yaml``: each card's ``text: {<lang>: {title, hook, body}}``.

:func:`merge` adds what the catalogs lack (a key, or a language's empty translation) and, with
``update=True``, also replaces a text that differs. It never deletes. Keys get the context
prefixes listed in :data:`PREFIXES`, the ones the runtime looks up.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from catalogs import LOCALE_DIR, SOURCE_LANG, message_key, po_path

#: (file relative to a checkout, table name) -> context prefix of its keys in the catalogs.
PREFIXES: dict[tuple[str, str], str] = {
    ("game_rules/texts.py", "CATALOGUE"): "rules:",
    ("game_rules/texts.py", "STAKEHOLDERS"): "rules:stakeholder.",
    ("game_rules/texts.py", "_SUBJECTS"): "rules:subject.",
    ("game_rules/texts.py", "_REGIMES"): "rules:regime.",
    ("game_rules/texts.py", "_TAGS"): "rules:tag.",
    ("game_rules/texts.py", "_CAPITAL"): "rules:capital.",
    ("game_rules/texts.py", "_AND"): "rules:word.and",
    ("game_rules/texts.py", "_OR"): "rules:word.or",
    ("printables/i18n.py", "CATEGORY_NAMES"): "print:category.",
    ("printables/i18n.py", "CATEGORY_QUESTIONS"): "print:question.",
    ("printables/i18n.py", "SLOT_NAMES"): "print:slot.",
    ("printables/i18n.py", "SLOT_GUIDANCE"): "print:guidance.",
    ("printables/i18n.py", "TEXTS"): "print:",
    ("printables/report/i18n.py", "_L"): "report:",
    ("printables/report/formatting.py", "_UNIT_TEXT"): "unit:",
}
SUBJECT_NUMBER = "rules:subject_number."
"""Grammatical number of each ``rules:subject.*`` phrase: the text is ``singular`` or ``plural``."""
SCREEN = "screen:"
CARD_FIELDS = ("title", "hook", "body")
OLD_LANGS = ("en", "fr", "de")


@dataclass
class Found:
    """Texts read from old-style sources: domain -> key -> language -> text, and notes on
    what could not be read (each names the file and the construct)."""

    texts: dict[str, dict[str, dict[str, str]]] = field(default_factory=lambda: {"messages": {}, "cards": {}})
    notes: list[str] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)
    """key -> a note for translators (written as the entry's ``#.`` comment)."""

    def add(self, domain: str, key: str, lang: str, text: str) -> None:
        self.texts[domain].setdefault(key, {})[lang] = text


def _key_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Attribute):  # Category.ROLE -> "role" (the enums' values are lower case)
        return node.attr.lower()
    return None


def _strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return None


def _literal_langs(tree: ast.Module) -> tuple[str, ...]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "LANGS" for t in node.targets):
            values = _strings(node.value)
            if values:
                return tuple(values)
    return OLD_LANGS


def read_python(path: Path, relative: str, found: Found) -> None:
    """Read the old-style tables of ``path`` (known as ``relative`` in :data:`PREFIXES`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    langs = _literal_langs(tree)
    for node in tree.body:
        target, value = (node.target, node.value) if isinstance(node, ast.AnnAssign) else (
            (node.targets[0], node.value) if isinstance(node, ast.Assign) and len(node.targets) == 1 else (None, None))
        if not isinstance(target, ast.Name) or value is None:
            continue
        prefix = PREFIXES.get((relative, target.id))
        if prefix is None:
            continue
        if isinstance(value, ast.Tuple):  # _AND = ("and", "et", "und")
            for lang, text in zip(langs, _strings(value) or [], strict=False):
                found.add("messages", prefix, lang, text)
            continue
        if not isinstance(value, ast.Dict):
            found.notes.append(f"{relative}: {target.id} is not a dict literal; skipped")
            continue
        for k, v in zip(value.keys, value.values, strict=True):
            key = _key_of(k) if k is not None else None
            if key is None:
                found.notes.append(f"{relative}: {target.id} has a key that is not a string or enum member; skipped")
                continue
            _read_value(found, prefix + key, key, v, langs, f"{relative}: {target.id}[{key!r}]")


def _read_value(found: Found, full: str, key: str, v: ast.expr, langs: tuple[str, ...], where: str) -> None:
    strings = _strings(v)
    if strings is not None:
        for lang, text in zip(langs, strings, strict=False):
            found.add("messages", full, lang, text)
        return
    if isinstance(v, ast.Dict):
        for lk, lv in zip(v.keys, v.values, strict=True):
            # An empty text (a unit with no symbol) is no message: nothing to translate.
            if isinstance(lk, ast.Constant) and isinstance(lv, ast.Constant) and isinstance(lv.value, str) and lv.value:
                found.add("messages", full, str(lk.value), lv.value)
        return
    if isinstance(v, ast.Tuple) and all(isinstance(e, ast.Tuple) and len(e.elts) == 2 for e in v.elts):
        for lang, pair in zip(langs, v.elts, strict=False):  # _SUBJECTS: (phrase, plural?) per language
            phrase, number = pair.elts if isinstance(pair, ast.Tuple) else (None, None)
            if isinstance(phrase, ast.Constant) and isinstance(number, ast.Constant):
                found.add("messages", full, lang, str(phrase.value))
                found.add("messages", SUBJECT_NUMBER + key, lang, "plural" if number.value else "singular")
        return
    found.notes.append(f"{where}: not a tuple or a dict of strings; skipped")


def read_clients(directory: Path, found: Found) -> None:
    """Read ``clients/i18n/<lang>.json`` files (flat key -> text)."""
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            found.notes.append(f"{path}: expected a JSON object of key -> text, got {type(data).__name__}")
            continue
        for key, text in data.items():
            if isinstance(text, str):
                found.add("messages", SCREEN + key, path.stem, text)


_ID_LINE = re.compile(r"^\s*-\s+id:\s*([\w-]+)\s*$")
_FLOW_LABEL = re.compile(r"^(\s*(?:-\s+)?)(label|name):\s*(\{.*\})\s*$")
_BLOCK_NAME = re.compile(r"^(name|label):\s*$")
_TEXT_BLOCK = re.compile(r"^(\s+)text:\s*$")


def inline_labels(path: Path, prefix: str) -> tuple[str, dict[str, dict[str, str]]]:
    """Multilingual labels written inline in a YAML data file, and the file with each replaced
    by a catalog reference ``"@KEY"``.

    ``prefix`` makes the keys: for a deck file, labels inside card ``ID`` become
    ``ID|label.1``, ``ID|label.2`` (in file order); for a district file (``prefix`` such as
    ``district:munich-harthof.``) the top-level ``name`` becomes ``<prefix>name`` and a building's
    label ``<prefix>label.<building id>``. Card ``text:`` blocks are dropped from the rewritten
    file (their texts are read by :func:`read_deck`). Only one-line flow mappings
    (``label: {en: ..., fr: ...}``) and a top-level block ``name:`` with one line per language
    are recognised; anything else stays as it is.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    labels: dict[str, dict[str, str]] = {}
    owner, count, skip_indent = "", 0, -1
    deck = "|" in prefix or prefix == ""
    k = 0
    while k < len(lines):
        line = lines[k]
        indent = len(line) - len(line.lstrip())
        if skip_indent >= 0:
            if line.strip() and indent <= skip_indent:
                skip_indent = -1
            else:
                k += 1
                continue
        if (m := _ID_LINE.match(line)) is not None:
            owner, count = m.group(1), 0
        if deck and _TEXT_BLOCK.match(line):
            skip_indent = indent
            k += 1
            continue
        if (m := _FLOW_LABEL.match(line)) is not None:
            try:
                value = yaml.safe_load(m.group(3))
            except yaml.YAMLError:  # part of a larger flow mapping: left as it is
                value = None
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                count += 1
                key = (f"{owner}|label.{count}" if deck else
                       f"{prefix}{'name' if m.group(2) == 'name' and indent == 0 else 'label.' + owner}")
                labels[key] = {str(lang): text for lang, text in value.items()}
                out.append(f'{m.group(1)}{m.group(2)}: "@{key}"\n')
                k += 1
                continue
        if not deck and indent == 0 and (m := _BLOCK_NAME.match(line)) is not None:
            block: dict[str, str] = {}
            j = k + 1
            while j < len(lines) and lines[j].startswith((" ", "\t")) and ":" in lines[j]:
                lang, _, text = lines[j].strip().partition(":")
                block[lang] = str(yaml.safe_load(text.strip()))
                j += 1
            if block:
                key = f"{prefix}{m.group(1)}"
                labels[key] = block
                out.append(f'{m.group(1)}: "@{key}"\n')
                k = j
                continue
        out.append(line)
        k += 1
    return "".join(out), labels


def read_deck(directory: Path, found: Found, rewrite: bool = False) -> None:
    """Read card texts (``text: {<lang>: {title, hook, body}}``) and inline effect labels from
    deck YAML files; with ``rewrite``, leave the files with catalog references only."""
    for path in sorted(directory.glob("*.yaml")):
        rewritten, labels = inline_labels(path, "")
        for key, label_texts in labels.items():
            for lang, text in label_texts.items():
                found.add("cards", key, lang, text)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if rewrite:
            path.write_text(rewritten, encoding="utf-8")
        for card in data.get("cards", []) if isinstance(data, dict) else []:
            inline = card.get("text") if isinstance(card, dict) else None
            if not isinstance(inline, dict):
                continue
            texts: dict[str, object] = inline
            for lang, fields in texts.items():
                for name in CARD_FIELDS:
                    value = fields.get(name) if isinstance(fields, dict) else None
                    if isinstance(value, str):
                        found.add("cards", f"{card['id']}|{name}", str(lang), " ".join(value.split()))


def read_districts(directory: Path, found: Found, rewrite: bool = False) -> None:
    """Read inline names and labels of district files (``game_rules/data/districts``)."""
    for path in sorted(directory.glob("*.yaml")):
        rewritten, labels = inline_labels(path, f"district:{path.stem}.")
        for key, texts in labels.items():
            for lang, text in texts.items():
                found.add("messages", key, lang, text)
        if rewrite and labels:
            path.write_text(rewritten, encoding="utf-8")


def read_old_sources(root: Path, rewrite: bool = False) -> Found:
    """Every old-style text in the checkout at ``root`` (files that are absent are skipped).

    With ``rewrite``, the YAML data files of that checkout (deck, districts) are rewritten to
    hold catalog references instead of inline texts (run it on the tree being merged into).
    """
    found = Found()
    for relative in sorted({rel for rel, _ in PREFIXES}):
        if (root / relative).exists():
            read_python(root / relative, relative, found)
    if (root / "clients" / "i18n").is_dir():
        read_clients(root / "clients" / "i18n", found)
    if (root / "cards" / "deck").is_dir():
        read_deck(root / "cards" / "deck", found, rewrite)
    if (root / "game_rules" / "data" / "districts").is_dir():
        read_districts(root / "game_rules" / "data" / "districts", found, rewrite)
    return found


# --------------------------------------------------------------------------- writing


def load_po(path: Path, lang: str, domain: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def save_po(catalog: Catalog, path: Path, template: bool = False) -> None:
    """Write ``catalog`` sorted by key, wrapped at 100 columns, without a timestamp churn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, omit_header=False, ignore_obsolete=True,
                 include_previous=False)


def new_catalog(lang: str, domain: str) -> Catalog:
    """An empty catalog with the project's headers (plural forms from CLDR via Babel)."""
    # A new language is unreviewed by definition; a reviewer edits the line (catalogs.check).
    return Catalog(locale=lang, domain=domain, project="PCED Business Model Assembler", version="1",
                   header_comment=f"# {domain} of the PCED Business Model Assembler, language {lang}.\n"
                                  "# Review: awaiting a native speaker's review",
                   fuzzy=False)


@dataclass
class MergeReport:
    """What :func:`merge` changed: (domain, language) -> keys added or updated."""

    added: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    updated: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"{domain}/{lang}: {len(keys)} added" for (domain, lang), keys in sorted(self.added.items())]
        out += [f"{domain}/{lang}: {len(keys)} updated" for (domain, lang), keys in sorted(self.updated.items())]
        return out or ["nothing to merge: the catalogs already hold every text"]


def merge(found: Found, root: Path = LOCALE_DIR, langs: Iterable[str] | None = None,
          update: bool = False) -> MergeReport:
    """Merge ``found`` into the catalogs under ``root`` (one PO per language and domain).

    A key new to the catalogs is added to every language's catalog (empty where ``found`` has
    no text for that language, so the completeness test names it); English supplies the msgid.
    Languages default to those with a catalog under ``root`` plus those ``found`` holds.
    """
    report = MergeReport()
    for domain, keys in found.texts.items():
        if not keys:
            continue
        present = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{domain}.po")}
        wanted = set(langs) if langs is not None else present | {lang for texts in keys.values() for lang in texts}
        english = _source_texts(root, domain, keys)
        for lang in sorted(wanted):
            path = po_path(lang, domain, root)
            catalog = load_po(path, lang, domain) if path.exists() else new_catalog(lang, domain)
            by_key = {message_key(m): m for m in catalog if m.id and m.context}
            for key in sorted(keys):
                source = english.get(key)
                if source is None:
                    continue
                text = keys[key].get(lang, "")
                current = by_key.get(key)
                if current is None:
                    note = found.comments.get(key)
                    catalog.add(source, text, context=key, auto_comments=[note] if note else ())
                    report.added.setdefault((domain, lang), []).append(key)
                elif isinstance(current.id, (tuple, list)):
                    # A plural message: the old style had one string ("{n} card(s)"), never the
                    # forms CLDR asks for; overwriting would break msgid_plural (merge 16).
                    continue
                elif text and (not current.string or (update and current.string != text)):
                    changed = bool(current.string)
                    current.string = text
                    if lang == SOURCE_LANG and current.id != source:
                        catalog.delete(current.id, context=key)
                        catalog.add(source, text, context=key)
                    (report.updated if changed else report.added).setdefault((domain, lang), []).append(key)
            save_po(catalog, path)
        _write_template(root, domain)
    return report


def _source_texts(root: Path, domain: str, keys: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The English text of each key: from ``found`` if it has it, else from the English catalog."""
    out: dict[str, str] = {}
    path = po_path(SOURCE_LANG, domain, root)
    if path.exists():
        out = {message_key(m): (m.id if isinstance(m.id, str) else m.id[0]) for m in load_po(path, SOURCE_LANG, domain)
               if m.id and m.context}
    for key, texts in keys.items():
        if texts.get(SOURCE_LANG):
            out[key] = texts[SOURCE_LANG]
    return out


def _write_template(root: Path, domain: str) -> None:
    """``<domain>.pot`` from the English catalog: what ``pybabel init`` starts a language from."""
    path = po_path(SOURCE_LANG, domain, root)
    if not path.exists():
        return
    english = load_po(path, SOURCE_LANG, domain)
    template = Catalog(domain=domain, project="PCED Business Model Assembler", version="1",
                       header_comment=f"# Template of the {domain} catalog (English msgids).", fuzzy=False)
    for m in english:
        if m.id:
            template.add(m.id, "" if isinstance(m.id, str) else ("", ""), context=m.context,
                         auto_comments=m.auto_comments, flags=m.flags)
    save_po(template, root / f"{domain}.pot")
