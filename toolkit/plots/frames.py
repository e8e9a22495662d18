"""Plots of frames: shares by group, differences between two groups, and a frame over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, natural_sorted, renamed
from toolkit.plots.style import (
    OKABE_ITO,
    annotate,
    apply_style,
    hide_frame,
    interval_bars,
    new_figure,
    sequential_cmap,
    series_style,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_frame_differences", "plot_frames_heatmap", "plot_frames_over"]

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
    fig, ax = new_figure(ax, (1.6 + 0.75 * len(frames_), 1.2 + 0.42 * len(grid)))
    image = ax.imshow(values, cmap=sequential_cmap(), vmin=0, vmax=max(np.nanmax(values), 1), aspect="auto")
    annotate(ax, values, ".0f")
    ax.set_xticks(range(len(frames_)), frames_, rotation=35, ha="right")
    ax.set_yticks(range(len(grid)), [str(g) for g in grid.index])
    fig.colorbar(image, ax=ax, label="% of sentences using the frame", shrink=0.8)
    ax.set_title(f"Frames by {shares.attrs.get('by', 'group')}")
    hide_frame(ax)
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
        Each point is labelled with its p-value adjusted across the frames (``p_adj``) when the
        table has one, else with the raw ``p``.
    """
    for col in ("frame", "difference", "low", "high", "p"):
        if col not in differences.columns:
            raise ToolkitKeyError(
                f"plot_frame_differences needs a '{col}' column; pass the result of FrameResult.difference."
            )
    data = differences.sort_values("difference", kind="stable")
    fig, ax = new_figure(ax, (6.0, 1.0 + 0.35 * len(data)))
    y = np.arange(len(data))
    d = data["difference"].to_numpy(dtype=float) * 100
    colours = [OKABE_ITO[0] if v > 0 else OKABE_ITO[1] for v in d]
    interval_bars(ax, data["low"].to_numpy(dtype=float) * 100, data["high"].to_numpy(dtype=float) * 100, y)
    ax.scatter(d, y, color=colours, zorder=3)
    # The adjusted p when there is one: ten frames tested at once make a raw p < 0.05 likely by chance.
    shown = "p_adj" if "p_adj" in data.columns else "p"
    for yi, (v, p) in enumerate(zip(d, data[shown])):
        label = f"{shown}<0.001" if p < 0.001 else f"{shown}={p:.3f}"  # a permutation p is never 0
        ax.annotate(label, (v, yi), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, data["frame"].tolist())
    a, b = data["a"].iloc[0] if "a" in data else "a", data["b"].iloc[0] if "b" in data else "b"
    method = {"bh": "Benjamini-Hochberg", "holm": "Holm", "bonferroni": "Bonferroni"}.get(data.attrs.get("p_adjust"))
    note = f"\n(p_adj: p adjusted across the {len(data)} frames{f', {method}' if method else ''})" if shown == "p_adj" else ""
    ax.set_xlabel(f"percentage points of sentences: {a} minus {b}{note}")
    ax.set_title(f"Frames: {a} vs {b}")
    apply_style(ax)
    return fig


def plot_frames_over(
    shares: pd.DataFrame,
    name: str | None = None,
    *,
    over: str | None = None,
    ax: Axes | None = None,
    frame: str | None = None,
) -> Figure:
    """Return a line plot of one frame's share over the periods (e.g. years), with intervals, per group.

    Parameters
    ----------
    shares : pandas.DataFrame
        The output of ``FrameResult.compare(by, over=...)``: ``group``, ``period``, ``frame``,
        ``share``, ``low``, ``high``.
    name : str
        The frame to draw (e.g. ``"legal"``).
    over : str, optional
        The metadata column of the periods, as given to ``compare`` (it labels the x axis);
        default the one the table records. A table of the deprecated ``compare([group, over])``
        holds the periods in a column of that name.
    ax : matplotlib Axes, optional
    frame : str, optional
        Deprecated name of ``name`` (``frame`` is a table everywhere else).

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = renamed(frame, name, old="frame", new="name", func="plot_frames_over")
    if frame is None:
        raise TypeError("plot_frames_over needs the name of the frame to draw, e.g. plot_frames_over(shares, 'legal').")
    over = over or shares.attrs.get("over")
    x_col = "period" if "period" in shares.columns else over
    if x_col is None or x_col not in shares.columns or "frame" not in shares.columns:
        raise ToolkitKeyError(
            "plot_frames_over needs the columns 'period' and 'frame'; pass FrameResult.compare(by, over=...)."
        )
    over = over or "period"
    stats = ("frame", "share", "low", "high", "n_sentences", "n_docs", "n_passages")
    group_col = "group" if "group" in shares.columns else next(
        (c for c in shares.columns if c not in (x_col, *stats)), None
    )
    data = shares[shares["frame"] == frame]
    if data.empty:
        raise ValueError(f"plot_frames_over: no rows for frame {frame!r}.")
    xs = natural_sorted(data[x_col].unique())
    numeric = all(isinstance(v, (int, float, np.integer, np.floating)) for v in xs)
    x_of = {v: (v if numeric else i) for i, v in enumerate(xs)}
    fig, ax = new_figure(ax, (6.4, 3.6))
    groups = [None] if group_col is None else sorted(data[group_col].unique(), key=str)
    for k, g in enumerate(groups):
        rows = data if g is None else data[data[group_col] == g]
        rows = rows.assign(_x=rows[x_col].map(x_of)).sort_values("_x")
        style = series_style(k)  # colour and marker: eight groups stay apart, in grey print too
        ax.plot(rows["_x"], rows["share"] * 100, label=str(g) if g is not None else frame, **style)
        ax.fill_between(rows["_x"], rows["low"] * 100, rows["high"] * 100, color=style["color"], alpha=0.15, linewidth=0)
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
    apply_style(ax)
    return fig
