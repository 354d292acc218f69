"""Every label an outcome report prints, in every shipped language.

The labels are messages ``report:<key>`` of the PO catalogs (:mod:`catalogs`;
docs/translating.md); :func:`t` picks the language and fills ``{name}`` placeholders. Names of
stakeholders, risk families, flow kinds, phases, slots and log events live there too, under
prefixed keys (``report:stakeholder.residents``), so the adapter and the report translate them
the same way. A test renders every non-English report and checks that none of the English
labels appears in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from catalogs import check_lang, entries, message, plural
from printables.report.model import Text

PREFIX = "report:"


class _Labels(Mapping[str, Text]):
    """Every label of a report, by key (read from the catalogs)."""

    def __getitem__(self, key: str) -> Text:
        return label(key)

    def __iter__(self) -> Iterator[str]:
        return iter([k.removeprefix(PREFIX) for k in entries("en") if k.startswith(PREFIX)])

    def __len__(self) -> int:
        return sum(1 for _ in self)


LABELS: Mapping[str, Text] = _Labels()
"""Every label of a report, by key."""


def _missing(key: str) -> KeyError:
    return KeyError(f"no report label {key!r}; add msgctxt \"{PREFIX}{key}\" to catalogs/locale/*/LC_MESSAGES/messages.po")


def t(key: str, lang: str, **params: object) -> str:
    """The label ``key`` in ``lang`` with ``{name}`` placeholders filled from ``params``.

    A plural message takes its form from the integer parameter ``n`` (CLDR plural rules) and
    prints ``n`` in the language's CLDR format (``2 000`` in French, ``2.000`` in German).
    Raises ``KeyError`` naming the key when a label is missing: a report never prints a key.
    """
    if not has(key):
        raise _missing(key)
    check_lang(lang)
    count = params.get("n")
    if isinstance(count, int) and not isinstance(count, bool):
        from catalogs.formatting import number

        text = plural(PREFIX + key, lang, count)
        params = {**params, "n": number(count, lang)}
    else:
        text = message(PREFIX + key, lang)
    return text.format(**params) if params else text


def label(key: str) -> Text:
    """The label ``key`` in every language (for models that carry a :class:`Text`)."""
    if not has(key):
        raise _missing(key)
    return Text.of(PREFIX + key)


def has(key: str) -> bool:
    """True when a label ``key`` exists (e.g. for a stakeholder or KPI the engine may add later)."""
    return PREFIX + key in entries("en")
