"""The report of a comparison: one self-contained HTML page, and its tables for papers.

A :class:`toolkit.Comparison` holds the measures as tidy tables. This module turns them into
what a reader needs: short tables (each group's own key terms, frame shares and rhetorical
rates with their intervals, who condemns or calls on whom), concordance lines that show the
key terms in use, the figures, and a note on method with the papers to cite. The same tables
are written as CSV (tidy, full precision) and as LaTeX (formatted as on the page) for papers.

Every string that comes from the data (group names, terms, statements) is escaped.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit._html import HTMLView, esc
from toolkit._validation import check_type

__all__ = ["report_figures", "report_html", "report_tables", "table_html", "write_report"]

_log = logging.getLogger("toolkit")

# Acts shown in "who acts on whom", in this order, when found.
_TARGET_ACTS = ("condemn", "call", "reject", "warn", "support", "concern")
_RHETORIC_LABELS = {
    "obligation_per_1k": "obligation",
    "possibility_per_1k": "possibility",
    "commitment_per_1k": "commitment",
    "hedge_per_1k": "hedges",
    "booster_per_1k": "boosters",
    "attitude_per_1k": "attitude",
    "we_per_1k": "we/our/us",
    "they_per_1k": "they/their",
    "i_per_1k": "I/my/me",
    "vader_compound": "tone (VADER)",
}
_SAMPLE_TERMS = 3  # key terms per group shown in context
_SAMPLE_LINES = 2  # concordance lines per term


def _check(comparison, func: str) -> None:
    from toolkit.compare import Comparison

    check_type(comparison, Comparison, name="comparison", func=func, expected="a Comparison (the result of tk.compare)")


# -- formatting -----------------------------------------------------------------------------------------
def _num(value: float, digits: int) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return f"{round(float(value), digits) + 0.0:.{digits}f}"  # + 0.0: never "-0.00"


def _with_ci(value: float, low: float, high: float, digits: int, scale: float = 1.0) -> str:
    """'12.3 [8.1, 15.0]': the estimate, then its interval; the interval is left out where undefined."""
    text = _num(value * scale, digits)
    if low is None or high is None or not (np.isfinite(low) and np.isfinite(high)):
        return text
    return f"{text} {_interval(low * scale, high * scale, digits)}"


def _interval(low: float, high: float, digits: int) -> str:
    if low is None or high is None or not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    return f"[{_num(low, digits)}, {_num(high, digits)}]"


def _p(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _group_col(table: pd.DataFrame, by: str) -> str:
    return by if by in table.columns else "group"


# -- tables ---------------------------------------------------------------------------------------------
def _summary_table(comparison) -> pd.DataFrame:
    summary, by = comparison.summary, comparison.by
    rows = []
    for group, part in summary.groupby(by, sort=False):
        row = {
            by: group,
            "statements": len(part),
            "words": int(part["words"].sum()),
            "sentences": int(part["sentences"].sum()),
            "words per statement (median)": int(round(float(part["words"].median()))),
        }
        for col in ("date", "year"):
            if col in part.columns:
                values = sorted(str(v) for v in part[col] if pd.notna(v) and str(v).strip())
                row["first"], row["last"] = (values[0], values[-1]) if values else ("–", "–")
                break
        if "speaker" in part.columns and by != "speaker":
            row["speakers"] = int(part["speaker"].replace("", np.nan).nunique())
        rows.append(row)
    out = pd.DataFrame(rows)
    return _sorted_by_group(out, by)


def _sorted_by_group(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Rows in the order of the groups: numbers as numbers (sessions 9, 10), anything else as text."""
    from toolkit._validation import natural_sorted

    order = {g: k for k, g in enumerate(natural_sorted(table[by].unique()))}
    return table.sort_values(by, key=lambda col: col.map(order), kind="stable").reset_index(drop=True)


def _stat(keyness: pd.DataFrame) -> str:
    from toolkit.plots import _stat_column

    return _stat_column(keyness)


def _own_terms(comparison) -> pd.DataFrame:
    """Each group's own top terms: rank within ``n`` and more frequent in the group than expected."""
    key = comparison.keyness
    stat = _stat(key)
    n = comparison.settings.get("n", int(key["rank"].max()))
    from toolkit._validation import natural_sorted

    own = key[(key["rank"] <= n) & (key[stat] > 0)]
    order = ["period", "group", "rank"] if "period" in key.columns else ["group", "rank"]

    def natural(col: pd.Series) -> pd.Series:
        if col.name == "rank":
            return col
        position = {v: k for k, v in enumerate(natural_sorted(col.unique()))}
        return col.map(position)

    return own.sort_values(order, key=natural, kind="stable")


def _key_terms_table(comparison) -> pd.DataFrame:
    key = _own_terms(comparison)
    stat = _stat(key)
    by = comparison.by
    if "period" in key.columns:
        # Over periods a long list per group and period would not be read: the top five, side by side.
        top = key[key["rank"] <= 5].groupby(["period", "group"], sort=False)["feature"].agg(", ".join)
        table = top.unstack("group").fillna("–")
        table = table.reindex(columns=sorted(table.columns, key=str))
        from toolkit._validation import natural_sorted

        table = table.reindex(index=natural_sorted(table.index))
        table.index.name = comparison.over
        table.columns.name = None
        return table.reset_index()
    level = int(round(100 * key.attrs.get("ci", 0.95)))
    return pd.DataFrame({
        by: key["group"].to_numpy(),
        "rank": key["rank"].astype(int).to_numpy(),
        "term": key["feature"].to_numpy(),
        "in group": key["n_target"].astype(int).to_numpy(),
        "in others": key["n_reference"].astype(int).to_numpy(),
        "log ratio": [_num(v, 2) for v in key["log_ratio"]],
        f"{level}% CI": [
            _interval(lo, hi, 2) for lo, hi in zip(key["log_ratio_low"], key["log_ratio_high"])
        ],
        stat: [_num(v, 1) for v in key[stat]],
        "p (adj.)": [_p(v) for v in key["p_adj"]] if "p_adj" in key.columns else "–",
        "DP": [_num(v, 2) for v in key["dp"]],
    })


def _frames_table(comparison) -> pd.DataFrame:
    shares, by, over = comparison.frames, comparison.by, comparison.over
    group = _group_col(shares, by)
    index = [group] + ([over] if over and over in shares.columns else [])
    cells = shares.assign(cell=[_with_ci(v, lo, hi, 0, 100) for v, lo, hi in zip(shares["share"], shares["low"], shares["high"])])
    table = cells.pivot(index=index, columns="frame", values="cell").reindex(columns=list(dict.fromkeys(shares["frame"])))
    table.columns.name = None
    table = table.reset_index().rename(columns={group: by})
    return table


def _rhetoric_table(comparison) -> pd.DataFrame:
    profile, by = comparison.rhetoric, comparison.by
    measures = list(dict.fromkeys(profile["measure"]))
    cells = profile.assign(cell=[
        _with_ci(v, lo, hi, 2 if m == "vader_compound" else 1)
        for m, v, lo, hi in zip(profile["measure"], profile["value"], profile["low"], profile["high"])
    ])
    table = cells.pivot(index="group", columns="measure", values="cell").reindex(columns=measures)
    table = table.rename(columns=lambda m: _RHETORIC_LABELS.get(m, m.replace("_per_1k", "").replace("_", " ")))
    table.columns.name = None
    return table.reset_index().rename(columns={"group": by})


def _speech_acts_table(comparison) -> pd.DataFrame:
    counts = comparison.speech_acts
    if counts.empty:
        return pd.DataFrame({comparison.by: []})
    table = counts.copy()
    table.columns.name = None
    table.index.name = comparison.by
    return table.reset_index()


def _own_acts(comparison) -> pd.DataFrame:
    from toolkit.compare import _own

    acts = comparison.acts
    if acts is None or acts.empty:
        return pd.DataFrame(columns=["act", "target", comparison.by])
    return acts[_own(acts, comparison.by, comparison.speaker)]


# Targets that name nobody: a pronoun is resolved only for "we".
_PRONOUNS = frozenset({"them", "they", "it", "us", "we", "you", "him", "her", "those", "these"})


def _targets_table(comparison) -> pd.DataFrame:
    """Per group and act, the actors it is performed on most often, with counts (pronouns left out)."""
    own, by = _own_acts(comparison), comparison.by
    shown = [a for a in _TARGET_ACTS if a in set(own["act"])]
    rows = []
    for group, part in own.groupby(by, sort=False):
        row = {by: group}
        for act in shown:
            targets = part.loc[(part["act"] == act) & part["target"].notna(), "target"]
            targets = targets[~targets.str.lower().isin(_PRONOUNS)]
            counts = targets.value_counts()
            counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
            row[act] = "; ".join(f"{t} ({c})" for t, c in counts.head(3).items()) or "–"
        rows.append(row)
    if not rows:
        return pd.DataFrame({by: []})
    out = pd.DataFrame(rows)
    return _sorted_by_group(out, by)


def report_tables(comparison) -> dict[str, pd.DataFrame]:
    """Return the report's tables, formatted for reading and for papers, by name.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`toolkit.compare`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``summary`` (per group: statements, words, sentences, median words per statement,
        first and last date, speakers), ``keyness`` (each group's own key terms: rank, counts
        in the group and in the others, log ratio with its interval, the statistic, adjusted
        p, Gries' DP; with periods, the top five terms per period and group), ``frames``
        (percentage of sentences using each frame, with its interval), ``rhetoric`` (rates per
        1,000 words and tone, with intervals), ``speech_acts`` (acts each group performs
        itself) and ``targets`` (on whom it performs them most often). Cells are text.

    Examples
    --------
    >>> import toolkit as tk
    >>> tables = tk.report_tables(tk.compare(tk.demo_corpus(), "actor", n=5, n_boot=20))
    >>> sorted(tables)
    ['frames', 'keyness', 'rhetoric', 'speech_acts', 'summary', 'targets']
    """
    _check(comparison, "report_tables")
    return {
        "summary": _summary_table(comparison),
        "keyness": _key_terms_table(comparison),
        "frames": _frames_table(comparison),
        "rhetoric": _rhetoric_table(comparison),
        "speech_acts": _speech_acts_table(comparison),
        "targets": _targets_table(comparison),
    }


# -- figures --------------------------------------------------------------------------------------------
def _frames_over_figure(comparison):
    import matplotlib.pyplot as plt

    from toolkit.plots import plot_frames_over

    shares, over = comparison.frames, comparison.over
    # A frame nobody uses in any period would be an empty panel.
    used = shares.groupby("frame", sort=False)["share"].max()
    names = [f for f in dict.fromkeys(shares["frame"]) if used[f] > 0]
    if not names:
        return None
    ncols = 2
    nrows = int(np.ceil(len(names) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 2.9 * nrows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        plot_frames_over(shares, name, over=over, ax=ax)
        ax.set_title(name)
        ax.set_ylabel("% of sentences")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    for ax in axes.flat[: len(names)]:
        ax.get_legend().remove()
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"Frames over {over}, by {comparison.by} (shaded: bootstrap interval, where a group has "
                 "several statements in a period)")
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 6), frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


_MAX_HEATMAP_GROUPS = 12


def _figure_groups(comparison) -> list | None:
    """The groups of the key-term heatmap: all, or the twelve with most statements (a wider one is unreadable)."""
    groups = comparison.keyness["group"].unique()
    if len(groups) <= _MAX_HEATMAP_GROUPS or comparison.summary is None:
        return None
    sizes = comparison.summary[comparison.by].value_counts()
    ranked = sorted(groups, key=lambda g: (-int(sizes.get(g, 0)), str(g)))
    from toolkit._validation import natural_sorted

    return natural_sorted(ranked[:_MAX_HEATMAP_GROUPS])


def report_figures(comparison) -> dict[str, object]:
    """Return the report's figures by section: keyness, frames, rhetoric, speech_acts.

    Parameters
    ----------
    comparison : Comparison

    Returns
    -------
    dict of str to matplotlib.figure.Figure
        Without periods: a heatmap of the key terms (of the twelve groups with most statements
        when there are more), a heatmap of the frames, the rhetorical profile with intervals and
        the speech acts per 100 statements; with periods, the frames over time replace the two
        heatmaps. Close them (``plt.close(fig)``) when done.
    """
    from toolkit import plots

    _check(comparison, "report_figures")
    out = {}
    group = _group_col(comparison.frames, comparison.by)
    if "period" not in comparison.keyness.columns:
        out["keyness"] = plots.plot_keyness_heatmap(comparison.keyness, n=5, groups=_figure_groups(comparison))
        if group == "group":
            out["frames"] = plots.plot_frames_heatmap(comparison.frames)
    elif comparison.over in comparison.frames.columns:
        figure = _frames_over_figure(comparison)
        if figure is not None:
            out["frames"] = figure
    measures = [m for m in ("obligation_per_1k", "possibility_per_1k", "hedge_per_1k", "booster_per_1k", "we_per_1k",
                            "vader_compound") if m in set(comparison.rhetoric["measure"])]
    out["rhetoric"] = plots.plot_rhetoric(comparison.rhetoric, measures=measures)
    if not comparison.speech_acts.empty:
        # Per 100 statements: raw counts would mostly measure how much each group says.
        sizes = comparison.summary.groupby(comparison.by, sort=False).size() if comparison.summary is not None else None
        if sizes is not None:
            rates = comparison.speech_acts.div(sizes.reindex(comparison.speech_acts.index), axis=0) * 100
            out["speech_acts"] = plots.plot_speech_acts(rates.round(1), title="Own speech acts per 100 statements")
        else:
            out["speech_acts"] = plots.plot_speech_acts(comparison.speech_acts)
    return out


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    # No timestamp in the PNG, so that the same data gives the same page.
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- HTML -----------------------------------------------------------------------------------------------
_NUMBER = r"[<>]?-?\d[\d.,]*"
_INTERVAL = rf"\[{_NUMBER}, {_NUMBER}\]"
_CI_CELL = re.compile(rf"^({_NUMBER}) ({_INTERVAL})$")
_NUMERIC = re.compile(rf"^{_NUMBER}$|^{_INTERVAL}$|^–$")
_UNBREAKABLE = re.compile(r"^\S{1,24}$")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.6rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
h3{margin:1.2rem 0 .4rem;font-size:1.05rem}
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
table.kwic{table-layout:fixed;width:100%}
table.kwic td{font-size:.8rem;border-bottom:1px dotted #ddd;white-space:nowrap;overflow:hidden}
table.kwic td.left{text-align:right;direction:rtl}
table.kwic td.right{text-align:left;text-overflow:ellipsis}
table.kwic td.match{text-align:center}
table.kwic td.id{color:#777;text-overflow:ellipsis}
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


def _table_html(table: pd.DataFrame, *, label_first: bool = True, caption: str | None = None) -> str:
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


def _figure_html(name: str, data: str, caption: str) -> str:
    return (f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def _kwic_samples(comparison, model=None) -> dict[object, pd.DataFrame]:
    """A few concordance lines per group for its top key terms, from the group's own statements."""
    from toolkit.keywords import kwic

    corpus = comparison.corpus
    key = _own_terms(comparison)
    if corpus is None or key.empty or "period" in key.columns:
        return {}
    top = key[key["rank"] <= _SAMPLE_TERMS]
    patterns = sorted(set(top["feature"]))
    from toolkit.corpus import Corpus

    # Only the group column: metadata named like kwic's own columns (position, left, ...) cannot clash.
    slim = Corpus(corpus.to_frame()[["doc_id", "text", comparison.by]])
    hits = kwic(slim, [f"^{re.escape(f)}$" for f in patterns], window=8, valuetype="regex", model=model)
    hits = hits.assign(term=hits["match"].str.lower())
    groups = hits[comparison.by].astype(str)
    out = {}
    for group, part in top.groupby("group", sort=False):
        lines = []
        for term in part.sort_values("rank")["feature"]:
            lines.append(hits[(groups == str(group)) & (hits["term"] == term)].head(_SAMPLE_LINES))
        out[group] = pd.concat(lines) if lines else hits.iloc[:0]
    return out


def _kwic_html(lines: pd.DataFrame) -> str:
    if lines.empty:
        return '<p class="note">No concordance lines (the terms are lemmas or n-grams not found verbatim).</p>'
    rows = "\n".join(
        f'<tr><td class="id">{esc(r.doc_id)}</td><td class="left"><bdi>{esc(r.left)}</bdi></td>'
        f'<td class="match"><strong>{esc(r.match)}</strong></td><td class="right">{esc(r.right)}</td></tr>'
        for r in lines.itertuples(index=False)
    )
    cols = '<colgroup><col style="width:11rem"><col style="width:40%"><col style="width:9rem"><col></colgroup>'
    return f'<table class="kwic">{cols}<tbody>\n{rows}\n</tbody></table>'


def _significant_counts(comparison) -> dict:
    """Per group, how many of its reported own key terms have an adjusted p below 0.05."""
    key = _own_terms(comparison)
    if "p_adj" not in key.columns:
        return {}
    return (key["p_adj"] < 0.05).groupby(key["group"], sort=False).sum().astype(int).to_dict()


def _key_terms_html(comparison, table: pd.DataFrame, model=None) -> str:
    by = comparison.by
    if "period" in comparison.keyness.columns:
        return _table_html(table, caption=f"The five most key terms of each {by} in each {comparison.over}")
    samples = _kwic_samples(comparison, model=model)
    cards = []
    significant = _significant_counts(comparison)
    for group, part in table.groupby(by, sort=False):
        body = _table_html(part.drop(columns=[by]), label_first=False)
        lines = samples.get(group)
        context = ("<h3>In context</h3>" + _kwic_html(lines)) if lines is not None else ""
        k = significant.get(group)
        note = "" if k is None else (
            f'<p class="note">{k} of these {len(part)} terms with an adjusted p below 0.05.</p>' if k else
            f'<p class="note"><b>None of these {len(part)} terms has an adjusted p below 0.05</b>: with this little '
            "text they are a ranking, not evidence.</p>")
        cards.append(f'<div class="card"><h3>{esc(group)}</h3>{note}{body}{context}</div>')
    return "".join(cards)


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
    from toolkit._validation import check_int

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


def report_html(comparison, *, title: str | None = None, files: dict[str, list[str]] | None = None, model=None) -> str:
    """Return the report of a comparison as one self-contained HTML page.

    Sections: the statements compared, key terms (with concordance lines from each group's
    own statements), frames, rhetoric, speech acts and their targets, then a note on method
    with references. Figures are embedded as PNG; every string from the data is escaped.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`toolkit.compare`.
    title : str, optional
        Heading of the page (default "Comparison by <by>").
    files : dict, optional
        Table name to the file names written beside the page (linked from each section).
    model : optional
        The spaCy pipeline used for the concordance lines (as for the comparison).

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> import toolkit as tk
    >>> page = tk.report_html(tk.compare(tk.demo_corpus(), "actor", n=5, n_boot=20), title="Demo")
    >>> page.startswith("<!DOCTYPE html>") and "<h2 id=\\"keyness\\">" in page
    True
    """
    _check(comparison, "report_html")
    by, over = comparison.by, comparison.over
    tables = report_tables(comparison)
    figures = {name: _png(fig) for name, fig in report_figures(comparison).items()}
    files = files or {}
    settings = comparison.settings
    n_boot = settings.get("n_boot")
    level = int(round(100 * comparison.keyness.attrs.get("ci", 0.95)))
    stat = _stat(comparison.keyness)

    def links(name: str) -> str:
        if not files.get(name):
            return ""
        return '<p class="note">Table: ' + ", ".join(f'<a href="{esc(f)}">{esc(f)}</a>' for f in files[name]) + "</p>"

    def figure(name: str, caption: str) -> str:
        return _figure_html(name, figures[name], caption) if name in figures else ""

    summary = tables["summary"]
    n_groups = len(summary)
    capped = _figure_groups(comparison) is not None
    n_docs = int(summary["statements"].sum())
    n_words = int(summary["words"].sum())
    heading = title or f"Comparison by {by}" + (f" over {over}" if over else "")
    lead = (f"{n_docs:,} statements ({n_words:,} words) in {len(summary)} groups of <em>{esc(by)}</em>"
            + (f", compared within each <em>{esc(over)}</em>" if over else "")
            + ". Each group is compared with all the others. Intervals are "
            + (f"{level}% bootstrap intervals over statements ({n_boot} replicates, seed {settings.get('seed')})."
               if n_boot else "not computed (no bootstrap replicates).")
            + (f" <b>Few statements:</b> the smallest group has {int(summary['statements'].min())}; with fewer than "
               "about ten statements per group these intervals are too narrow (a 95% interval covers about 80% at "
               "four statements), so read them as descriptive; for frames, "
               "<code>tk.frames(corpus).compare(by, interval=\"t\")</code> gives wider, better calibrated ones."
               if n_boot and summary["statements"].min() < 10 else ""))
    sections = [
        ("summary", "Statements", _table_html(summary) + links("summary")),
        ("keyness", "Key terms",
         (f'<p class="note">Terms used more by a group than by the others of the same {esc(over)}, by the signed '
          f"keyness statistic <b>{esc(stat)}</b>. The effect sizes (log ratio), their {level}% intervals, adjusted "
          "p-values and dispersions of every term are in the table files below.</p>" if over else
          f'<p class="note">Terms used more by a group than by the others. <b>log ratio</b>: binary log of the ratio '
          f"of relative frequencies (1 = twice as frequent; Hardie 2014), with its {level}% interval over the group's "
          f"statements: a lower bound near or below zero means the term rests on one or two statements. "
          f"<b>{esc(stat)}</b>: signed keyness statistic (Dunning 1993 for G2); <b>p (adj.)</b>: "
          "Benjamini-Hochberg adjusted over the terms of the comparison; the top terms are a ranking, not a "
          "significance filter. <b>DP</b>: Gries' deviation of proportions across the group's statements, 0 = "
          "spread evenly, near 1 = concentrated in one statement. A group's own name often tops its list; "
          "remove names with <code>dfm.select([...], remove=True)</code> when they distract.</p>")
         + figure("keyness", "Log ratio of each group's five most key terms (rows) in every group (columns); "
                             "blue: more frequent in that group than in the others"
                  + (f"; the {_MAX_HEATMAP_GROUPS} groups with most statements of {n_groups}." if capped else "."))
         + _key_terms_html(comparison, tables["keyness"], model=model) + links("keyness")),
        ("frames", "Frames",
         f'<p class="note">Percentage of each group\'s sentences that use a frame (a sentence may use several), from '
         f"the frame dictionary <em>{esc(settings.get('dictionary') or 'given')}</em>; below each value, its "
         f"{level}% bootstrap interval over statements. Read the dictionary (toolkit/resources/frames.yaml) before "
         "reading the numbers, and validate it on your own data (notebook 04).</p>"
         + figure("frames", "Share of sentences using each frame." if not over else
                  f"Share of sentences using each frame over {over}.")
         + _table_html(tables["frames"]) + links("frames")),
        ("rhetoric", "Rhetoric",
         '<p class="note">Rates per 1,000 words, pooled over each group\'s statements (modality, hedges and boosters '
         "after Hyland 2005; pronouns), and tone as the mean VADER compound score (Hutto & Gilbert 2014; -1 negative "
         "to +1 positive). Below each value, its interval over statements.</p>"
         + figure("rhetoric", "Rhetorical profile by group, with intervals over statements.")
         + _table_html(tables["rhetoric"]) + links("rhetoric")),
        ("speech_acts", "Speech acts",
         '<p class="note">Acts each group performs itself, found in the dependency parse: the subject is the speaker '
         "(\"we\", or the group's own name) and the act is not negated. Acts reported of others (\"X condemned ...\") "
         "and negated acts are not counted here; they are in the full table of speech acts (tk.speech_acts).</p>"
         + figure("speech_acts", "Speech acts each group performs itself, per 100 of its statements (the table "
                                 "below gives the counts).")
         + _table_html(tables["speech_acts"]) + links("speech_acts")
         + (f"<h3>On whom: the most frequent named targets of each act</h3>{_table_html(tables['targets'])}"
            if len(tables["targets"].columns) > 1 else "") + links("targets")),
    ]
    nav = "<nav><ol>" + "".join(f'<li><a href="#{key}">{esc(name)}</a></li>' for key, name, _ in sections) + \
          '<li><a href="#method">Method and references</a></li></ol></nav>'
    body = "\n".join(f'<section><h2 id="{key}">{esc(name)}</h2>\n{content}</section>' for key, name, content in sections)
    from toolkit import __version__

    method = (
        '<section><h2 id="method">Method and references</h2><ul class="note">'
        "<li>Processing: spaCy (Honnibal et al. 2020); texts are tokenised once and cached.</li>"
        "<li>Keyness: each group against all others; statistic and p as quanteda's textstat_keyness "
        "(Benoit et al. 2018); log ratio after Hardie (2014); dispersion DP after Gries (2008).</li>"
        "<li>Intervals: percentile bootstrap (Efron & Tibshirani 1993) over each group's statements, resampled "
        "whole.</li>"
        "<li>Frames: dictionary method after the Policy Frames Codebook (Boydstun et al. 2014) and Semetko & "
        "Valkenburg (2000).</li>"
        "<li>Speech acts: Searle (1976), found in the dependency parse with toolkit/resources/speech_acts.yaml.</li>"
        "</ul></section>"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(heading)}</title><style>{_CSS}</style></head><body>\n"
        f"<header><h1>{esc(heading)}</h1><p class=\"lead\">{lead}</p>{nav}</header>\n{body}\n{method}\n"
        f"<footer>Written by toolkit {esc(__version__)}: n = {esc(settings.get('n'))} key terms per group, "
        f"{esc(n_boot)} bootstrap replicates, seed {esc(settings.get('seed'))}.</footer>\n</body></html>\n"
    )


def write_report(comparison, out: str | Path, *, title: str | None = None, model=None) -> list[Path]:
    """Write the report page and every table (CSV and LaTeX) into a folder; return the paths written.

    ``report.html`` is the page of :func:`report_html`. For each table, ``<name>.csv`` holds
    the tidy data at full precision (``keyness``, ``frames``, ``rhetoric``, ``speech_acts``,
    ``acts``, ``summary``) and ``<name>.tex`` the formatted table of the page
    (:func:`report_tables`, booktabs LaTeX). Files are written whole or not at all.

    Parameters
    ----------
    comparison : Comparison
    out : str or Path
        The folder (created if needed).
    title : str, optional
    model : optional
        The spaCy pipeline, as for the comparison.

    Returns
    -------
    list of Path
    """
    _check(comparison, "write_report")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tidy = {
        "summary": comparison.summary,
        "keyness": comparison.keyness,
        "frames": comparison.frames,
        "rhetoric": comparison.rhetoric,
        "speech_acts": comparison.speech_acts,
        "acts": comparison.acts,
    }
    formatted = report_tables(comparison)
    texts: dict[str, str] = {}
    files: dict[str, list[str]] = {}
    for name in dict.fromkeys([*tidy, *formatted]):
        files[name] = []
        if tidy.get(name) is not None:
            table = tidy[name]
            texts[f"{name}.csv"] = table.to_csv(index=table.index.name is not None)
        elif name in formatted:  # a table with no tidy form (targets): its formatted cells
            texts[f"{name}.csv"] = formatted[name].to_csv(index=False)
        if f"{name}.csv" in texts:
            files[name].append(f"{name}.csv")
        if name in formatted:
            texts[f"{name}.tex"] = formatted[name].to_latex(index=False, escape=True)
            files[name].append(f"{name}.tex")
    files["speech_acts"] += files.pop("acts", [])  # every act found, linked beside the counts
    _log.info("writing the HTML page ...")
    # The page first: if it fails, no table is left behind without its page.
    texts["report.html"] = report_html(comparison, title=title, files=files, model=model)
    return [_write_atomic(out / name, text) for name, text in texts.items()]


def _write_atomic(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
