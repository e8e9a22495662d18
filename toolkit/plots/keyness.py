"""Plots of keyness: key terms of one comparison, of many groups, over time, in context, by frequency."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_choice, check_int, describe_items, natural_sorted
from toolkit.plots.style import OKABE_ITO, apply_style, diverging_cmap, hide_frame, new_figure, series_style

from toolkit.keywords.statistics import stat_column

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_frequency_over", "plot_keyness", "plot_keyness_heatmap", "plot_keyness_trajectory", "plot_xray"]

_STAT_LABELS = {
    "chi2": "signed chi-squared",
    "G2": "signed log-likelihood G²",
    "or": "odds ratio (log10)",
    "pmi": "pointwise mutual information",
    "log_ratio": "log ratio (binary log of the ratio of relative frequencies)",
    "z": "log-odds z-score (informative Dirichlet prior)",
    "scaledf": "scaled F-score",
}


def plot_keyness(
    frame: pd.DataFrame,
    *,
    n: int = 20,
    show_reference: bool = True,
    labels: tuple[str, str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Return a bar plot of the most key features of the target and, below, of the reference.

    As quanteda's ``textplot_keyness``: features over-represented in the target point right,
    those over-represented in the reference point left.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`toolkit.keyness`.
    n : int
        Features per side.
    show_reference : bool
        Also show the features most key for the reference.
    labels : (str, str), optional
        Legend names of target and reference (default: from the keyness table).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_int(n, name="n", func="plot_keyness", minimum=1)
    stat = stat_column(frame)
    if "feature" not in frame.columns:
        raise ToolkitKeyError("plot_keyness needs a 'feature' column; pass the result of tk.keyness.")
    target_name, reference_name = labels or (
        str(frame.attrs.get("target", "target")),
        str(frame.attrs.get("reference", "reference")),
    )
    raw = frame[stat].to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        values = np.log10(raw) if stat == "or" else raw  # odds ratios are drawn on a log scale
    centre = 0.5 if stat == "scaledf" else 0.0
    keep = ~np.isnan(values)
    # Ties (many infinite odds ratios, or PMIs of -20.7 for absent words) are ordered by the
    # effect size, so the bars shown are the most frequent of the tied words, not the first in ABC.
    tiebreak = frame["log_ratio"].to_numpy(dtype=float) if "log_ratio" in frame else np.zeros(len(frame))
    ordered = (
        frame.assign(_v=values, _lr=tiebreak)[keep]
        .sort_values(["_v", "_lr"], ascending=False, kind="stable")
    )
    top = ordered[ordered["_v"] > centre].head(n)
    bottom = ordered[ordered["_v"] < centre].tail(n) if show_reference else ordered.iloc[0:0]
    shown = pd.concat([top, bottom])
    v = shown["_v"].to_numpy()
    # An infinite statistic (an odds ratio where one side has no count) is drawn at 110% of the
    # largest finite one, hatched, so that it stays visible without distorting the axis.
    finite = np.isfinite(v)
    cap = 1.1 * np.max(np.abs(v[finite] - centre)) if finite.any() else 1.0
    drawn = np.where(finite, v, centre + np.sign(v) * cap)
    height = max(2.5, 0.22 * len(shown) + 1.2)
    fig, ax = new_figure(ax, (6.4, height))
    y = np.arange(len(shown))[::-1]
    colours = [OKABE_ITO[0] if x > centre else OKABE_ITO[1] for x in drawn]
    bars = ax.barh(y, drawn - centre, left=centre, color=colours, height=0.75)
    for bar, ok in zip(bars, finite):
        if not ok:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    ax.set_yticks(y, shown["feature"].astype(str))
    ax.axvline(centre, color="#333333", linewidth=0.8)
    ax.set_xlabel(_STAT_LABELS.get(stat, stat))
    from matplotlib.patches import Patch

    handles = [Patch(color=OKABE_ITO[0], label=target_name)]
    if show_reference and len(bottom):
        handles.append(Patch(color=OKABE_ITO[1], label=reference_name))
    if not finite.all():
        handles.append(Patch(facecolor="#999999", hatch="///", edgecolor="white", label="infinite (drawn clipped)"))
    ax.legend(handles=handles, loc="lower right", frameon=False)
    ax.set_title(f"Key features: {target_name} vs {reference_name}")
    apply_style(ax)
    return fig


def plot_keyness_heatmap(
    panel: pd.DataFrame,
    *,
    n: int = 8,
    value: str = "log_ratio",
    period: object | None = None,
    groups: Sequence[object] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Return a heatmap of each group's most key features (rows) across the groups (columns).

    Parameters
    ----------
    panel : pandas.DataFrame
        The output of :func:`toolkit.keyness_panel`.
    n : int
        Most key features per group (by ``rank``) that make up the rows.
    value : str
        Column coloured in the cells, default the log ratio (the effect size).
    period : optional
        With a panel over periods, the period to draw (required then).
    groups : list, optional
        The groups to draw (columns), whose top features make the rows; default all. Choose
        a few when there are many (60 countries make an unreadable picture).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Cells for features a group's rows do not hold are left blank (grey) and counted in
        the caption; run keyness_panel with ``features=`` to fill them. Cells of features a
        group never uses are drawn pale, not coloured, unless the absence is itself
        significant (p < 0.05, the others using the feature often): their log ratio reflects
        only how often the others use it (and the zero offset), not an avoidance.
    """
    check_int(n, name="n", func="plot_keyness_heatmap", minimum=1)
    for col in ("group", "feature", "rank", value):
        if col not in panel.columns:
            raise ToolkitKeyError(
                f"plot_keyness_heatmap needs a '{col}' column; pass the result of tk.keyness_panel."
            )
    data = panel
    if "period" in panel.columns:
        if period is None:
            raise ValueError("plot_keyness_heatmap: the panel has periods; pass period= the one to draw.")
        data = panel[panel["period"] == period]
        if data.empty:
            raise ValueError(f"plot_keyness_heatmap: no rows for period {period!r}.")
    present = sorted(data["group"].unique(), key=str)
    if groups is None:
        groups = present
    else:
        groups = list(groups)
        unknown = [g for g in groups if g not in set(present)]
        if unknown or not groups:
            raise ValueError(
                f"plot_keyness_heatmap: unknown group(s) {describe_items(unknown) if unknown else '(none given)'}; "
                f"the panel's groups are {describe_items(present)}."
            )
    rows: list[str] = []
    for g in groups:
        for f in data[data["group"] == g].sort_values("rank")["feature"].head(n):
            if f not in rows:
                rows.append(f)
    grid = data.pivot_table(index="feature", columns="group", values=value, aggfunc="first").reindex(index=rows, columns=groups)
    values = grid.to_numpy(dtype=float)
    unused = np.zeros(values.shape, dtype=bool)
    if "n_target" in data.columns:
        counts = data.pivot_table(index="feature", columns="group", values="n_target", aggfunc="first")
        unused = counts.reindex(index=rows, columns=groups).to_numpy(dtype=float) == 0
        if "p" in data.columns:
            # A word the group never uses while the others use it often is avoided: keep its colour.
            p = data.pivot_table(index="feature", columns="group", values="p", aggfunc="first")
            unused &= ~(p.reindex(index=rows, columns=groups).to_numpy(dtype=float) < 0.05)
    values = np.where(unused, np.nan, values)
    blank = int((np.isnan(values) & ~unused).sum())
    finite = values[np.isfinite(values)]
    # The 98th percentile, not the maximum, so that one extreme cell does not wash out the rest.
    limit = float(np.percentile(np.abs(finite), 98)) if finite.size else 1.0
    limit = limit or 1.0
    fig, ax = new_figure(ax, (1.2 + 0.9 * len(groups), 1.5 + 0.28 * len(rows)))
    import numpy.ma as ma

    cmap = diverging_cmap().with_extremes(bad="#DDDDDD")
    image = ax.imshow(ma.masked_invalid(values), cmap=cmap, vmin=-limit, vmax=limit, aspect="auto")
    if unused.any():
        from matplotlib.colors import ListedColormap

        ax.imshow(ma.masked_where(~unused, np.ones(values.shape)), cmap=ListedColormap(["#F4F4F4"]), aspect="auto")
        for i, j in zip(*np.nonzero(unused)):
            ax.text(j, i, "·", ha="center", va="center", fontsize=9, color="#999999")
    ax.set_xticks(range(len(groups)), [str(g) for g in groups], rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    label = "log ratio (binary log of relative frequencies)" if value == "log_ratio" else value
    fig.colorbar(image, ax=ax, label=label, shrink=0.8)
    title = f"Most key features per {panel.attrs.get('by', 'group')}"
    if period is not None:
        title += f" ({period})"
    ax.set_title(title)
    notes = []
    if unused.any():
        notes.append("pale cells with a dot: not used by that group (absence within chance)")
    if blank:
        notes.append(f"{blank} grey cell(s): feature not in that group's rows")
    if notes:
        ax.set_xlabel("; ".join(notes), fontsize=8)
    hide_frame(ax)
    return fig


def plot_keyness_trajectory(
    panel: pd.DataFrame,
    feature: str,
    *,
    groups: Sequence[object] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Return a line plot of one feature's log ratio over the periods, with its confidence band, per group.

    Parameters
    ----------
    panel : pandas.DataFrame
        The output of :func:`toolkit.keyness_panel` with ``over=`` (pass ``features=[feature]``
        so that every group and period holds it).
    feature : str
    groups : list, optional
        Groups to draw (default: all that hold the feature). Up to eight differ by colour and
        marker (the Okabe-Ito colours); more repeat them with another line style.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        A period in which a group does not use the feature (``n_target`` 0) breaks its line
        and is marked with a cross in the group's colour on a "not used" strip below the
        values (legend entry "not used"): its log ratio would only reflect the other groups'
        use and the offset given to a zero count, drawn far below zero as if the group
        avoided the word.
    """
    for col in ("group", "period", "feature", "log_ratio", "log_ratio_low", "log_ratio_high"):
        if col not in panel.columns:
            raise ToolkitKeyError(
                f"plot_keyness_trajectory needs a '{col}' column; pass the result of tk.keyness_panel(..., over=...)."
            )
    data = panel[panel["feature"] == feature]
    if data.empty:
        raise ValueError(
            f"plot_keyness_trajectory: {feature!r} is not in the panel; run keyness_panel with features=[{feature!r}]."
        )
    chosen = list(groups) if groups is not None else sorted(data["group"].unique(), key=str)
    periods = natural_sorted(panel["period"].unique())
    fig, ax = new_figure(ax, (6.4, 3.8))
    x_of = {p: i for i, p in enumerate(periods)}
    unused_points = []
    for k, g in enumerate(chosen):
        rows = data[data["group"] == g].sort_values("period", key=lambda s: s.map(x_of))
        if rows.empty:
            continue
        x = rows["period"].map(x_of).to_numpy()
        unused = (rows["n_target"].to_numpy(dtype=float) == 0) if "n_target" in rows.columns else np.zeros(len(x), bool)
        # NaN breaks the line: a period without use has no log ratio to draw.
        y, low, high = (np.where(unused, np.nan, rows[c].to_numpy(dtype=float))
                        for c in ("log_ratio", "log_ratio_low", "log_ratio_high"))
        style = series_style(k)
        ax.plot(x, y, label=str(g), **style)
        ax.fill_between(x, low, high, color=style["color"], alpha=0.18, linewidth=0)
        unused_points.append((x[unused], style["color"]))
    ax.axhline(0, color="#777777", linewidth=0.8, linestyle=":")
    handles, labels = ax.get_legend_handles_labels()
    if any(len(xs) for xs, _ in unused_points):
        handles.append(_mark_unused(ax, unused_points))
        labels.append("not used")
    ax.set_xticks(range(len(periods)), [str(p) for p in periods], rotation=30, ha="right")
    ax.set_xlabel(str(panel.attrs.get("over") or "period"))
    ci = panel.attrs.get("ci", 0.95)
    has_interval = data[["log_ratio_low", "log_ratio_high"]].notna().any().any()
    ax.set_ylabel(f"log ratio (binary log){f', {ci:.0%} interval' if has_interval else ''}")
    ax.set_title(f"Keyness of '{feature}' over time")
    ax.legend(handles, labels, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    apply_style(ax)
    return fig


def _mark_unused(ax: Axes, points: list[tuple[np.ndarray, str]]):
    """Crosses on a shaded strip below the drawn values, one row per group, labelled "not used"; returns the legend handle.

    The strip lies outside the values: no log ratio is implied, and the tick there reads "not
    used", not a number. Each group has its own row so that absences do not hide each other.
    """
    from matplotlib.lines import Line2D

    bottom, top = ax.get_ylim()
    drawn = [v for line in ax.get_lines() for v in np.asarray(line.get_ydata(), dtype=float) if np.isfinite(v)]
    lowest = min(drawn + [0.0, bottom])
    span = max(top - lowest, 1.0)
    strip_top, strip_bottom = lowest - 0.08 * span, lowest - 0.08 * span - 0.04 * span * (len(points) + 1)
    ax.axhspan(strip_bottom, strip_top, color="#EEEEEE", zorder=0, linewidth=0)
    rows = np.linspace(strip_top, strip_bottom, len(points) + 2)[1:-1]
    for (xs, colour), y in zip(points, rows):
        if len(xs):
            ax.scatter(xs, np.full(len(xs), y), marker="x", s=30, color=colour, linewidths=1.4, zorder=3)
    ticks = [t for t in ax.get_yticks() if lowest - 1e-9 <= t <= top]
    ax.set_ylim(strip_bottom, top)
    ax.set_yticks([(strip_top + strip_bottom) / 2] + ticks, ["not used"] + [f"{t:g}" for t in ticks])
    return Line2D([], [], marker="x", linestyle="none", color="#555555", label="not used")


def plot_xray(
    frame: pd.DataFrame,
    *,
    scale: str = "relative",
    max_docs: int = 40,
    ax: Axes | None = None,
) -> Figure:
    """Return a lexical dispersion plot ("x-ray"): where in each document each pattern occurs.

    As quanteda's ``textplot_xray``: one row per document, a mark per match.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`toolkit.kwic` (several patterns get several colours).
    scale : {"relative", "absolute"}
        Position as a share of the document's length, or as the token index.
    max_docs : int
        Show at most this many documents (in the order of the table).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_choice(scale, ("relative", "absolute"), name="scale", func="plot_xray")
    check_int(max_docs, name="max_docs", func="plot_xray", minimum=1)
    for col in ("doc_id", "position", "pattern", "doc_tokens"):
        if col not in frame.columns:
            raise ToolkitKeyError(f"plot_xray needs a '{col}' column; pass the result of tk.kwic.")
    all_docs = list(dict.fromkeys(frame["doc_id"]))
    if len(all_docs) > max_docs:
        warnings.warn(
            f"plot_xray: showing the first {max_docs} of {len(all_docs)} documents with matches; pass max_docs= "
            "to show more, or subset the kwic table.",
            UserWarning,
            stacklevel=2,
        )
    docs = all_docs[:max_docs]
    data = frame[frame["doc_id"].isin(docs)]
    patterns = list(dict.fromkeys(data["pattern"]))
    fig, ax = new_figure(ax, (6.4, 1.0 + 0.3 * max(len(docs), 1)))
    y_of = {d: i for i, d in enumerate(docs)}
    for k, pattern in enumerate(patterns):
        rows = data[data["pattern"] == pattern]
        x = rows["position"] / rows["doc_tokens"] if scale == "relative" else rows["position"]
        ax.scatter(x, rows["doc_id"].map(y_of), marker="|", s=120, linewidths=1.6,
                   color=OKABE_ITO[k % len(OKABE_ITO)], label=str(pattern))
    ax.set_yticks(range(len(docs)), docs)
    ax.set_ylim(len(docs) - 0.5, -0.5)
    if scale == "relative":
        ax.set_xlim(0, 1)
        ax.set_xlabel("relative position in the document (0 = start, 1 = end)")
    else:
        ax.set_xlabel("token position in the document")
    ax.set_title("Lexical dispersion")
    if len(patterns) > 1:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    apply_style(ax)
    return fig


def plot_frequency_over(frame: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Return a line plot of feature rates over a metadata variable (from :func:`toolkit.frequency_over`).

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`toolkit.frequency_over`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    over = frame.attrs.get("over", frame.columns[0] if len(frame.columns) else None)
    for col in (over, "feature", "rate"):
        if col not in frame.columns:
            raise ToolkitKeyError(f"plot_frequency_over needs a '{col}' column; pass the result of tk.frequency_over.")
    per = frame.attrs.get("per", 10_000)
    values = natural_sorted(frame[over].unique())
    numeric = all(isinstance(v, (int, float, np.integer, np.floating)) for v in values)
    x_of = {v: (v if numeric else i) for i, v in enumerate(values)}
    fig, ax = new_figure(ax, (6.4, 3.6))
    for k, (feature, rows) in enumerate(frame.groupby("feature", sort=False)):
        rows = rows.assign(_x=rows[over].map(x_of)).sort_values("_x")
        ax.plot(rows["_x"], rows["rate"], markersize=3, label=str(feature), **series_style(k))
    if not numeric:
        ax.set_xticks(range(len(values)), [str(v) for v in values], rotation=30, ha="right")
    ax.set_xlabel(str(over))
    ax.set_ylabel(f"occurrences per {per:,} tokens")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Frequency by {over}")
    ax.legend(frameon=False, fontsize=8)
    apply_style(ax)
    return fig
