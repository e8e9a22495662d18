"""HTML for reading tables: numbers right-aligned and never broken, text whole and left-aligned, all escaped."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from toolkit._util.markup import HTMLView, esc
from toolkit._util.validation import check_int, check_type

__all__ = ["table_html"]

_NUMBER = r"[<>]?-?\d[\d.,]*"


_INTERVAL = rf"\[{_NUMBER}, {_NUMBER}\]"


_CI_CELL = re.compile(rf"^({_NUMBER}) ({_INTERVAL})$")


_NUMERIC = re.compile(rf"^{_NUMBER}$|^{_INTERVAL}$|^–$|^-?∞$")


_UNBREAKABLE = re.compile(r"^\S{1,24}$")


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.6rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
h3{margin:1.2rem 0 .4rem;font-size:1.05rem}h4{margin:.8rem 0 .3rem;font-size:1rem}
.lead{color:#444;max-width:52rem}.note{color:#555;font-size:.9rem;max-width:52rem}
nav ol{columns:2;max-width:40rem;padding-left:1.2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0 1.2rem}
th,td{padding:.25rem .55rem;border-bottom:1px solid #e2e2e2;vertical-align:top}
th{text-align:left;border-bottom:2px solid #999;background:#fafafa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.text{text-align:left}.nowrap{white-space:nowrap}td.label{text-align:left;font-weight:600;min-width:8rem}
.ci{display:block;color:#777;font-size:.78rem}
.scroll{overflow-x:auto}
.card{border:1px solid #ddd;border-radius:6px;padding:.3rem .9rem .6rem;margin-bottom:1rem}
table.tk-fixed{table-layout:fixed;width:100%}
table.tk-fixed td{font-size:.8rem;border-bottom:1px dotted #ddd;white-space:nowrap;overflow:hidden}
table.tk-fixed td.tk-left{direction:rtl}
table.tk-fixed td.tk-right{text-overflow:ellipsis}
table.tk-fixed td.tk-id{color:#777;text-overflow:ellipsis}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}figcaption{color:#555;font-size:.85rem}
footer{margin-top:3rem;color:#666;font-size:.85rem;border-top:1px solid #ddd;padding-top:.6rem}
"""


def _cell(value: object, *, first: bool, numeric: bool) -> str:
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    if first:
        return f'<td class="label">{esc(text)}</td>'
    if not numeric:
        # Dates and identifiers must not break at their hyphens.
        wrap = " nowrap" if _UNBREAKABLE.match(text) else ""
        return f'<td class="text{wrap}">{esc(text)}</td>'
    match = _CI_CELL.match(text)
    if match:
        return f'<td class="num">{esc(match.group(1))}<span class="ci">{esc(match.group(2))}</span></td>'
    return f'<td class="num">{esc(text)}</td>'


def table_markup(table: pd.DataFrame, *, label_first: bool = True, caption: str | None = None) -> str:
    """A table whose numbers are right-aligned and never broken, text left-aligned, every value escaped."""
    numeric = [
        any(str(v) != "–" for v in table[c]) and all(_NUMERIC.match(str(v)) or _CI_CELL.match(str(v)) for v in table[c])
        for c in table.columns
    ]
    head = "".join(
        f'<th class="num">{esc(c)}</th>' if num and k else f"<th>{esc(c)}</th>"
        for k, (c, num) in enumerate(zip(table.columns, numeric))
    )
    body = "\n".join(
        "<tr>" + "".join(_cell(v, first=label_first and k == 0, numeric=numeric[k]) for k, v in enumerate(row)) + "</tr>"
        for row in table.itertuples(index=False)
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<div class="scroll"><table>{cap}<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>'


def figure_markup(name: str, data: str, caption: str) -> str:
    return (f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def table_html(frame: pd.DataFrame, *, max_rows: int = 50, digits: int = 3, caption: str | None = None) -> HTMLView:
    """Return an HTML view of a table for reading: text left-aligned and wrapped in full, numbers right-aligned.

    Jupyter shows every DataFrame cell right-aligned and cuts long text at 50 characters;
    sentences and descriptions are what a reader must read, so they are shown whole. Every
    value is escaped; ids and dates never break at their hyphens.

    Parameters
    ----------
    frame : pandas.DataFrame
    max_rows : int
        Show at most this many rows (the caption says how many there are).
    digits : int
        Decimals of non-integer numbers; p-values (columns ``p``, ``p_adj``) below that
        precision show as "<0.001" (with 3 digits), never as 0.
    caption : str, optional

    Returns
    -------
    HTMLView
        Renders in notebooks; ``.html`` holds the markup, ``.save(path)`` writes a page.

    Examples
    --------
    >>> import pandas as pd, toolkit as tk
    >>> view = tk.table_html(pd.DataFrame({"actor": ["<b>X</b>"], "share": [0.12345]}))
    >>> "&lt;b&gt;X&lt;/b&gt;" in view.html and ">0.123<" in view.html
    True
    """
    check_type(frame, pd.DataFrame, name="frame", func="table_html", expected="a pandas DataFrame")
    check_int(max_rows, name="max_rows", func="table_html", minimum=1)
    check_int(digits, name="digits", func="table_html", minimum=0)
    shown = frame.head(max_rows)
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c]) for c in shown.columns]

    def number(v: object) -> str:
        if v is None or pd.isna(v):
            return "–"
        v = float(v)
        if not np.isfinite(v):
            return "∞" if v > 0 else "-∞"  # e.g. the odds ratio of a word only one side uses
        return f"{v:.0f}" if v == round(v) and abs(v) < 1e15 else f"{round(v, digits) + 0.0:.{digits}f}"

    def cell(v: object, column: object) -> str:
        if column in ("p", "p_adj") and v is not None and not pd.isna(v) and float(v) < 10 ** -digits:
            return f"<{10 ** -digits:.{digits}f}"  # a p-value is never 0
        return number(v)

    num_style = "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;vertical-align:top"
    head = "".join(
        f'<th style="text-align:{"right" if num else "left"}">{esc(c)}</th>' for c, num in zip(shown.columns, numeric)
    )
    rows = []
    for values in shown.itertuples(index=False):
        cells = []
        for v, num, column in zip(values, numeric, shown.columns):
            if num:
                cells.append(f'<td style="{num_style}">{esc(cell(v, column))}</td>')
            else:
                text = "–" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
                wrap = "nowrap" if _UNBREAKABLE.match(text) else "normal"
                cells.append(f'<td style="text-align:left;white-space:{wrap};vertical-align:top;max-width:40em">{esc(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = f"{len(frame)} rows, first {len(shown)} shown" if len(shown) < len(frame) else ""
    cap = " · ".join(x for x in (caption, note) if x)
    html_text = (
        '<table class="tk-table">' + (f'<caption style="text-align:left">{esc(cap)}</caption>' if cap else "")
        + f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return HTMLView(html_text, (cap + "\n" if cap else "") + shown.to_string(index=False))
