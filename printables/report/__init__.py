"""Session outcome reports: the PDF a city reviews after a workshop, and the data behind it.

Input is the typed model of :mod:`printables.report.model` (built by :mod:`printables.report.content`
from the server's log and the rules engine's assessment); output is PDF bytes. Everything is
drawn as vector graphics and real text in the shipped, embedded font.

    from printables.report import render_table_report, render_workshop_report
    pdf: bytes = render_table_report(table_report, lang="fr")
"""

from printables.report.formatting import format_value
from printables.report.model import TableReport, WorkshopReport
from printables.report.table_report import render_table_report
from printables.report.workshop_report import render_workshop_report

__all__ = ["TableReport", "WorkshopReport", "format_value", "render_table_report", "render_workshop_report"]
