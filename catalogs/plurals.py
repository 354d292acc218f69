"""Turn catalog messages into plural messages (gettext ``msgid_plural``): a maintenance step.

``python -m catalogs.plurals KEY`` is not needed by the runtime; :func:`make_plural` is what a
developer calls (from a script or a test) when a message with a count ``{n}`` must agree with
it, giving each language's forms in the order of its ``Plural-Forms`` header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from catalogs import LOCALE_DIR, po_path
from catalogs.migrate import load_po, save_po


def make_plural(key: str, forms: Mapping[str, Sequence[str]], root: Path = LOCALE_DIR) -> None:
    """Make ``key`` a plural message with ``forms[lang]`` (``forms["en"]`` = singular, plural).

    Raises ``ValueError`` when a language's number of forms differs from its ``Plural-Forms``.
    """
    singular, plural_source = forms["en"][0], forms["en"][1]
    for lang, texts in forms.items():
        path = po_path(lang, "messages", root)
        catalog = load_po(path, lang, "messages")
        if len(texts) != catalog.num_plurals:
            raise ValueError(f"{lang}: expected {catalog.num_plurals} plural forms for {key!r}, got {len(texts)}")
        old = next((m for m in catalog if m.id and m.context == key), None)
        comments = list(old.auto_comments) if old is not None else []
        if old is not None:
            catalog.delete(old.id, context=key)
        catalog.add((singular, plural_source), tuple(texts), context=key, auto_comments=comments)
        save_po(catalog, path)
