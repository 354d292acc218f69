"""What every section of a table report shares: the context (report, language, appendix trace)
and the small builders for paragraphs, cells and headings. Kept apart from the sections so that
:mod:`printables.report.table_report` and :mod:`printables.report.council_pages` both build on it
without importing each other.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from reportlab.platypus import Paragraph

from printables.report.doc import Heading, esc, styles
from printables.report.i18n import t
from printables.report.model import Provenance, TableReport
from printables.report.rows import Cell


@dataclass
class Trace:
    """The appendix being collected while sections print their figures."""

    rows: list[tuple[str, str, Provenance]] = field(default_factory=list)

    def add(self, what: str, value: str, provenance: Provenance) -> None:
        self.rows.append((what, value, provenance))


@dataclass
class Ctx:
    """What every section needs: the report, the language, names and the appendix."""

    report: TableReport
    lang: str
    prefix: str
    trace: Trace = field(default_factory=Trace)
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def name(self, stakeholder_id: str) -> str:
        for s in self.report.stakeholders:
            if s.id == stakeholder_id:
                return s.name.get(self.lang)
        return stakeholder_id

    def key(self, section: str) -> str:
        return f"{self.prefix}{section}"


def _p(text: str, style_name: str = "body") -> Paragraph:
    return Paragraph(esc(text), getattr(styles(), style_name))


def _cell(text: str, bold: bool = False, right: bool = False) -> Cell:
    """A table cell (8 pt, wrapping; text is printed as given, never parsed as markup)."""
    return Cell(text, bold=bold, right=right)


def heading(ctx: Ctx, key: str, level: int = 0, text: str | None = None) -> Heading:
    """A section (level 0 + ``prefix`` depth) or subsection heading with its bookmark."""
    st = styles()
    depth = level + (2 if ctx.prefix else 0)
    style = (st.h1, st.h2, st.h3)[min(level, 2)]
    label = text if text is not None else t(key, ctx.lang)
    return Heading(label, style, depth, ctx.key(f"h{next(ctx.counter)}"))
