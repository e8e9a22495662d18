"""Plots: each takes the DataFrame a measure returned, draws on ``ax`` (or a new figure) and returns the Figure.

Plots never recompute a measure and never call ``plt.show()``. Colours come from the
Okabe-Ito palette, which stays distinguishable for the common forms of colour blindness.
Save any figure for a paper with :func:`save_figure`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._validation import ToolkitKeyError, check_int, describe_items, natural_sorted

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "plot_frame_differences",
    "plot_frames_heatmap",
    "plot_frames_over",
    "plot_frequency_over",
    "plot_keyness",
    "plot_keyness_heatmap",
    "plot_keyness_trajectory",
    "plot_rhetoric",
    "plot_scaling",
    "plot_similarity",
    "plot_speech_acts",
    "plot_xray",
    "save_figure",
]

#: Okabe & Ito (2008) colour-blind-safe palette (black omitted).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#999999",  # grey
)

def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def _apply_style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _hide_frame(ax: Axes) -> None:
    """Heatmaps need no axis lines."""
    for spine in ax.spines.values():
        spine.set_visible(False)


def _sequential_cmap():
    from matplotlib.colors import LinearSegmentedColormap

    # White to the Okabe-Ito blue: counts and shares, readable in grey print too.
    return LinearSegmentedColormap.from_list("toolkit_sequential", ["#FFFFFF", OKABE_ITO[0]])


def _annotate(ax: Axes, values: np.ndarray, fmt: str) -> None:
    """Write each cell's value in it, white on dark cells."""
    top = np.nanmax(values) if np.isfinite(values).any() else 0
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=8,
                color="white" if v > 0.6 * top else "#222222")


def save_figure(
    fig: Figure, path: str | Path, *, formats: Sequence[str] = ("png", "pdf", "svg"), dpi: int = 300
) -> list[Path]:
    """Save ``fig`` once per format next to ``path`` (its suffix is replaced) and return the files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : path
        E.g. ``"figures/keyness"``: writes ``figures/keyness.png``, ``.pdf`` and ``.svg``.
    formats : list of {"png", "pdf", "svg", "eps", "tiff"}
    dpi : int
        Resolution of raster formats (300 suits print).

    Returns
    -------
    list of pathlib.Path
    """
    allowed = {"png", "pdf", "svg", "eps", "tiff"}
    bad = [f for f in formats if f not in allowed]
    if bad or not formats:
        raise ValueError(
            f"The 'formats' parameter of save_figure must list formats among {sorted(allowed)}. Got {list(formats)!r} instead."
        )
    check_int(dpi, name="dpi", func="save_figure", minimum=50)
    import matplotlib.pyplot as plt

    base = Path(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in formats:
        target = base.with_suffix(f".{fmt}")
        # Fixed metadata so the same figure gives the same file (reproducible papers).
        meta = {"pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None}}.get(fmt)
        with plt.rc_context({"svg.hashsalt": "toolkit"}):  # fixed SVG element ids
            fig.savefig(target, format=fmt, dpi=dpi, bbox_inches="tight", metadata=meta)
        out.append(target)
    return out


_STAT_COLUMNS = ("chi2", "G2", "or", "pmi", "log_ratio", "z", "scaledf")


def _stat_column(frame: pd.DataFrame) -> str:
    measure = frame.attrs.get("statistic")
    if measure in frame.columns:
        return measure
    for col in _STAT_COLUMNS:
        if col in frame.columns:
            return col
    raise ToolkitKeyError(
        f"plot_keyness needs a keyness table with one of the columns {', '.join(_STAT_COLUMNS)}; "
        f"got columns {list(frame.columns)}. Pass the result of tk.keyness."
    )


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
    stat = _stat_column(frame)
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
    fig, ax = _figure(ax, (6.4, height))
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
    _apply_style(ax)
    return fig


def _diverging_cmap():
    from matplotlib.colors import LinearSegmentedColormap

    # Vermillion - white - blue from the Okabe-Ito palette: safe for colour-blind readers.
    return LinearSegmentedColormap.from_list("toolkit_diverging", [OKABE_ITO[1], "#FFFFFF", OKABE_ITO[0]])


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
    fig, ax = _figure(ax, (1.2 + 0.9 * len(groups), 1.5 + 0.28 * len(rows)))
    import numpy.ma as ma

    cmap = _diverging_cmap().with_extremes(bad="#DDDDDD")
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
    _hide_frame(ax)
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
        Groups to draw (default: all that hold the feature).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Points where the group does not use the feature are hollow: their log ratio reflects
        only the other groups' use (and the zero offset), not a change in the group's own.
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
    fig, ax = _figure(ax, (6.4, 3.8))
    x_of = {p: i for i, p in enumerate(periods)}
    any_zero = False
    for k, g in enumerate(chosen):
        rows = data[data["group"] == g].sort_values("period", key=lambda s: s.map(x_of))
        if rows.empty:
            continue
        x = rows["period"].map(x_of).to_numpy()
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        # Colours repeat after eight groups; markers keep the lines apart.
        marker = "osD^v<>p"[(k // len(OKABE_ITO)) % 8]
        ax.plot(x, rows["log_ratio"], marker=marker, color=colour, label=str(g))
        ax.fill_between(x, rows["log_ratio_low"], rows["log_ratio_high"], color=colour, alpha=0.18, linewidth=0)
        if "n_target" in rows.columns:
            # Not used in that period: the value only reflects the others' use, so the marker is hollow.
            zero = rows["n_target"].to_numpy(dtype=float) == 0
            if zero.any():
                any_zero = True
                ax.scatter(x[zero], rows["log_ratio"].to_numpy(dtype=float)[zero], marker=marker, s=40,
                           facecolors="white", edgecolors=colour, linewidths=1.5, zorder=3)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(range(len(periods)), [str(p) for p in periods], rotation=30, ha="right")
    ax.set_xlabel(str(panel.attrs.get("over") or "period")
                  + ("\n(hollow markers: not used by the group in that period)" if any_zero else ""))
    ci = panel.attrs.get("ci", 0.95)
    has_interval = data[["log_ratio_low", "log_ratio_high"]].notna().any().any()
    ax.set_ylabel(f"log ratio (binary log){f', {ci:.0%} interval' if has_interval else ''}")
    ax.set_title(f"Keyness of '{feature}' over time")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _apply_style(ax)
    return fig


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
    from toolkit._validation import check_choice

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
    fig, ax = _figure(ax, (6.4, 1.0 + 0.3 * max(len(docs), 1)))
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
    _apply_style(ax)
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
    fig, ax = _figure(ax, (6.4, 3.6))
    for k, (feature, rows) in enumerate(frame.groupby("feature", sort=False)):
        rows = rows.assign(_x=rows[over].map(x_of)).sort_values("_x")
        ax.plot(rows["_x"], rows["rate"], marker="o", markersize=3, color=OKABE_ITO[k % len(OKABE_ITO)], label=str(feature))
    if not numeric:
        ax.set_xticks(range(len(values)), [str(v) for v in values], rotation=30, ha="right")
    ax.set_xlabel(str(over))
    ax.set_ylabel(f"occurrences per {per:,} tokens")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Frequency by {over}")
    ax.legend(frameon=False, fontsize=8)
    _apply_style(ax)
    return fig


_MEASURE_LABELS = {
    "obligation_per_1k": "obligation",
    "possibility_per_1k": "possibility",
    "commitment_per_1k": "commitment",
    "hedge_per_1k": "hedges",
    "booster_per_1k": "boosters",
    "attitude_per_1k": "attitude markers",
    "we_per_1k": "we / our / us",
    "they_per_1k": "they / their / them",
    "i_per_1k": "I / my / me",
    "vader_compound": "tone (VADER compound)",
}


def plot_rhetoric(profile: pd.DataFrame, *, measures: Sequence[str] | None = None, ncols: int = 3) -> Figure:
    """Return dot plots with intervals: each group's level of each rhetorical measure.

    Parameters
    ----------
    profile : pandas.DataFrame
        The output of :func:`toolkit.rhetoric_profile`.
    measures : list of str, optional
        Measures to draw (default: all in the table), one panel each.
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    for col in ("group", "measure", "value", "low", "high"):
        if col not in profile.columns:
            raise ToolkitKeyError(f"plot_rhetoric needs a '{col}' column; pass the result of tk.rhetoric_profile.")
    check_int(ncols, name="ncols", func="plot_rhetoric", minimum=1)
    chosen = list(measures) if measures is not None else list(dict.fromkeys(profile["measure"]))
    groups = sorted(profile["group"].unique(), key=str)
    nrows = -(-len(chosen) // ncols)
    fig, axes = plt.subplots(
        nrows, min(ncols, len(chosen)), figsize=(3.3 * min(ncols, len(chosen)), 0.35 * len(groups) * nrows + 1.2 * nrows),
        layout="constrained", squeeze=False, sharey=True,
    )
    y = np.arange(len(groups))[::-1]
    for k, measure in enumerate(chosen):
        ax = axes[k // ncols][k % ncols]
        data = profile[profile["measure"] == measure].set_index("group").reindex(groups)
        value = data["value"].to_numpy(dtype=float)
        err = np.vstack([value - data["low"].to_numpy(dtype=float), data["high"].to_numpy(dtype=float) - value])
        ax.errorbar(value, y, xerr=np.where(np.isfinite(err), err, 0), fmt="o", color=OKABE_ITO[0],
                    ecolor="#777777", capsize=2, markersize=5)
        ax.set_yticks(y, [str(g) for g in groups])
        ax.set_title(_MEASURE_LABELS.get(measure, measure), fontsize=10)
        ax.set_xlabel("per 1,000 words" if measure.endswith("_per_1k")
                      else "mean tone, -1 to +1" if measure == "vader_compound" else measure)
        _apply_style(ax)
    for k in range(len(chosen), nrows * axes.shape[1]):
        axes[k // ncols][k % ncols].set_visible(False)
    ci = profile.attrs.get("ci", 0.95)
    fig.suptitle(f"Rhetorical profile by {profile.attrs.get('by', 'group')} ({ci:.0%} bootstrap intervals over statements)")
    return fig


def plot_speech_acts(counts: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Return a heatmap of speech-act counts (from :func:`toolkit.speech_act_counts`), numbers in the cells.

    Parameters
    ----------
    counts : pandas.DataFrame
        Rows: who acts; columns: acts or targets. Rates (e.g. counts per 100 paragraphs) work
        too and are printed with one decimal.
    title : str, optional
        Default "Speech acts by <rows>" (or "Who <act>s whom"); say what the numbers are when
        they are rates.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(counts, pd.DataFrame) or counts.empty:
        raise ValueError("plot_speech_acts needs a non-empty table; pass the result of tk.speech_act_counts.")
    values = counts.to_numpy(dtype=float)
    fig, ax = _figure(ax, (1.6 + 0.75 * counts.shape[1], 1.2 + 0.4 * counts.shape[0]))
    ax.imshow(values, cmap=_sequential_cmap(), vmin=0, vmax=max(values.max(), 1), aspect="auto")
    # Counts as integers; rates (e.g. per 100 paragraphs) with one decimal.
    _annotate(ax, values, ".0f" if np.allclose(values, np.round(values)) else ".1f")
    ax.set_xticks(range(counts.shape[1]), [str(c) for c in counts.columns], rotation=35, ha="right")
    ax.set_yticks(range(counts.shape[0]), [str(r) for r in counts.index])
    by, cols, act = counts.attrs.get("by", "actor"), counts.attrs.get("columns", "act"), counts.attrs.get("act")
    ax.set_ylabel(str(by))
    ax.set_xlabel(str(cols))
    ax.set_title(title or (f"Who {act}s whom" if act and cols == "target" else f"Speech acts by {by}"))
    _hide_frame(ax)
    return fig


def plot_frames_heatmap(shares: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Return a heatmap of frame shares: groups (rows) by frames (columns), percentages in the cells.

    Parameters
    ----------
    shares : pandas.DataFrame
        The output of ``FrameResult.compare(by=...)`` with a single ``by`` column.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    for col in ("group", "frame", "share"):
        if col not in shares.columns:
            raise ToolkitKeyError(f"plot_frames_heatmap needs a '{col}' column; pass the result of FrameResult.compare(by=...).")
    frames_ = list(dict.fromkeys(shares["frame"]))
    grid = shares.pivot(index="group", columns="frame", values="share").reindex(columns=frames_)
    values = grid.to_numpy(dtype=float) * 100
    fig, ax = _figure(ax, (1.6 + 0.75 * len(frames_), 1.2 + 0.42 * len(grid)))
    image = ax.imshow(values, cmap=_sequential_cmap(), vmin=0, vmax=max(np.nanmax(values), 1), aspect="auto")
    _annotate(ax, values, ".0f")
    ax.set_xticks(range(len(frames_)), frames_, rotation=35, ha="right")
    ax.set_yticks(range(len(grid)), [str(g) for g in grid.index])
    fig.colorbar(image, ax=ax, label="% of sentences using the frame", shrink=0.8)
    ax.set_title(f"Frames by {shares.attrs.get('by', 'group')}")
    _hide_frame(ax)
    return fig


def plot_frame_differences(differences: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Return a dot plot of the difference in frame shares between two groups, with intervals and p-values.

    Parameters
    ----------
    differences : pandas.DataFrame
        The output of ``FrameResult.difference(by, a, b)``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    for col in ("frame", "difference", "low", "high", "p"):
        if col not in differences.columns:
            raise ToolkitKeyError(
                f"plot_frame_differences needs a '{col}' column; pass the result of FrameResult.difference."
            )
    data = differences.sort_values("difference", kind="stable")
    fig, ax = _figure(ax, (6.0, 1.0 + 0.35 * len(data)))
    y = np.arange(len(data))
    d = data["difference"].to_numpy(dtype=float) * 100
    err = np.vstack([d - data["low"].to_numpy(dtype=float) * 100, data["high"].to_numpy(dtype=float) * 100 - d])
    colours = [OKABE_ITO[0] if v > 0 else OKABE_ITO[1] for v in d]
    ax.errorbar(d, y, xerr=err, fmt="none", ecolor="#777777", capsize=2)
    ax.scatter(d, y, color=colours, zorder=3)
    for yi, (v, p) in enumerate(zip(d, data["p"])):
        label = "p<0.001" if p < 0.001 else f"p={p:.3f}"  # a permutation p is never 0
        ax.annotate(label, (v, yi), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, data["frame"].tolist())
    a, b = data["a"].iloc[0] if "a" in data else "a", data["b"].iloc[0] if "b" in data else "b"
    ax.set_xlabel(f"percentage points of sentences: {a} minus {b}")
    ax.set_title(f"Frames: {a} vs {b}")
    _apply_style(ax)
    return fig


def plot_frames_over(shares: pd.DataFrame, frame: str, *, over: str, ax: Axes | None = None) -> Figure:
    """Return a line plot of one frame's share over a variable (e.g. year), with intervals, per group.

    Parameters
    ----------
    shares : pandas.DataFrame
        The output of ``FrameResult.compare(by=[group_column, over])``.
    frame : str
    over : str
        The column of ``shares`` for the x axis.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if over not in shares.columns or "frame" not in shares.columns:
        raise ToolkitKeyError(
            f"plot_frames_over needs the columns {over!r} and 'frame'; pass FrameResult.compare(by=[group, {over!r}])."
        )
    group_col = next((c for c in shares.columns if c not in (over, "frame", "share", "low", "high", "n_sentences", "n_docs")), None)
    data = shares[shares["frame"] == frame]
    if data.empty:
        raise ValueError(f"plot_frames_over: no rows for frame {frame!r}.")
    xs = natural_sorted(data[over].unique())
    numeric = all(isinstance(v, (int, float, np.integer, np.floating)) for v in xs)
    x_of = {v: (v if numeric else i) for i, v in enumerate(xs)}
    fig, ax = _figure(ax, (6.4, 3.6))
    groups = [None] if group_col is None else sorted(data[group_col].unique(), key=str)
    for k, g in enumerate(groups):
        rows = data if g is None else data[data[group_col] == g]
        rows = rows.assign(_x=rows[over].map(x_of)).sort_values("_x")
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        ax.plot(rows["_x"], rows["share"] * 100, marker="o", color=colour, label=str(g) if g is not None else frame)
        ax.fill_between(rows["_x"], rows["low"] * 100, rows["high"] * 100, color=colour, alpha=0.15, linewidth=0)
    if not numeric:
        ax.set_xticks(range(len(xs)), [str(v) for v in xs], rotation=30, ha="right")
    elif all(float(v).is_integer() for v in xs):
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, sessions: 2023, not 2023.2
    ax.set_xlabel(over)
    ax.set_ylabel(f"% of sentences using '{frame}'")
    ax.set_ylim(bottom=0)
    ax.set_title(f"The {frame} frame over {over}")
    # Beside the axes, so that it never covers a band.
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _apply_style(ax)
    return fig


def plot_scaling(documents: pd.DataFrame, *, label: str | None = None, ax: Axes | None = None) -> Figure:
    """Return the scaled positions of documents with their intervals (from :func:`toolkit.wordfish`).

    Parameters
    ----------
    documents : pandas.DataFrame
        The first table :func:`toolkit.wordfish` returns.
    label : str, optional
        A metadata column to label the documents with (default ``doc_id``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    for col in ("doc_id", "theta", "low", "high"):
        if col not in documents.columns:
            raise ToolkitKeyError(f"plot_scaling needs a '{col}' column; pass the documents table of tk.wordfish.")
    data = documents.sort_values("theta", kind="stable")
    names = data[label].astype(str) if label else data["doc_id"].astype(str)
    fig, ax = _figure(ax, (6.0, 1.0 + 0.3 * len(data)))
    y = np.arange(len(data))
    t = data["theta"].to_numpy(dtype=float)
    ax.errorbar(t, y, xerr=np.vstack([t - data["low"], data["high"] - t]), fmt="o", color=OKABE_ITO[0],
                ecolor="#777777", capsize=2, markersize=4)
    ax.set_yticks(y, names.tolist())
    ci = documents.attrs.get("ci", 0.95)
    ax.set_xlabel(f"estimated position (theta), {ci:.0%} interval")
    ax.set_title("Wordfish positions")
    _apply_style(ax)
    return fig


def plot_similarity(sim: pd.DataFrame, *, dendrogram: bool = True) -> Figure:
    """Return a heatmap of statement similarity, ordered by hierarchical clustering, with its dendrogram.

    Parameters
    ----------
    sim : pandas.DataFrame
        The output of :func:`toolkit.similarity`.
    dendrogram : bool
        Draw the dendrogram (average linkage on 1 - cosine similarity) beside the heatmap.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from scipy.cluster.hierarchy import dendrogram as draw_dendrogram
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    if not isinstance(sim, pd.DataFrame) or sim.shape[0] != sim.shape[1] or sim.shape[0] < 2:
        raise ValueError("plot_similarity needs the square table of tk.similarity with at least two documents.")
    distance = np.clip(1 - sim.to_numpy(dtype=float), 0, None)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(distance, checks=False), method="average")
    n = len(sim)
    if dendrogram:
        fig, (ax_tree, ax) = plt.subplots(
            1, 2, figsize=(3.0 + 0.28 * n + 2.5, 1.5 + 0.28 * n), gridspec_kw={"width_ratios": [1, 3]},
            layout="constrained",
        )
        info = draw_dendrogram(tree, orientation="left", labels=sim.index.tolist(), ax=ax_tree,
                               color_threshold=0, above_threshold_color="#555555", no_labels=True)
        ax_tree.invert_yaxis()
        ax_tree.axis("off")
    else:
        fig, ax = plt.subplots(figsize=(1.5 + 0.28 * n + 2, 1.5 + 0.28 * n), layout="constrained")
        info = draw_dendrogram(tree, no_plot=True, labels=sim.index.tolist())
    order = info["leaves"]
    values = sim.to_numpy(dtype=float)[np.ix_(order, order)]
    image = ax.imshow(values, cmap=_sequential_cmap(), vmin=0, vmax=1, aspect="auto")
    labels = [str(sim.index[i]) for i in order]
    ax.set_xticks(range(n), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(n), labels, fontsize=7)
    fig.colorbar(image, ax=ax, label="cosine similarity", shrink=0.8)
    ax.set_title("Similarity of statements (clustered)")
    return fig
