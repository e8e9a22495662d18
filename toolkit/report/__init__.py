"""The report of a comparison: one self-contained HTML page, and its tables for papers.

A :class:`toolkit.Comparison` holds the measures as tidy tables. This subpackage turns them into
what a reader needs: short tables (each group's own key terms, frame shares and rhetorical rates
with their intervals, who condemns or calls on whom), concordance lines that show the key terms
in use, the figures, and a note on method with the papers to cite. The same tables are written
as CSV (tidy, full precision) and as LaTeX (formatted as on the page) for papers. Every string
that comes from the data (group names, terms, statements) is escaped.

The report reads a comparison's fields (``format.ComparisonLike``), not its class, so that
``Comparison.to_html()`` can call it from the layer above.

Modules: ``format`` (numbers as text, the comparison's shape), ``tables``
(:func:`report_tables`), ``figures`` (:func:`report_figures`), ``markup`` (tables as HTML,
:func:`table_html`), ``page`` (:func:`report_html`) and ``write`` (:func:`write_report`).
"""

from toolkit.report.figures import report_figures
from toolkit.report.markup import table_html
from toolkit.report.page import report_html
from toolkit.report.tables import report_tables
from toolkit.report.write import write_report

__all__ = ["report_figures", "report_html", "report_tables", "table_html", "write_report"]
