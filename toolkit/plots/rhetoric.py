"""Plots of rhetoric: groups' rhetorical profiles with intervals, and speech acts by actor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_int
from toolkit.plots.style import OKABE_ITO, annotate, apply_style, hide_frame, interval_bars, new_figure, sequential_cmap

from toolkit.rhetoric import RHETORIC_LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_rhetoric", "plot_speech_acts"]

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
        interval_bars(ax, data["low"], data["high"], y)
        ax.plot(data["value"].to_numpy(dtype=float), y, "o", color=OKABE_ITO[0], markersize=5, zorder=3)
        ax.set_yticks(y, [str(g) for g in groups])
        ax.set_title(RHETORIC_LABELS.get(measure, measure), fontsize=10)
        ax.set_xlabel("per 1,000 words" if measure.endswith("_per_1k")
                      else "mean tone, -1 to +1" if measure == "vader_compound" else measure)
        apply_style(ax)
    for k in range(len(chosen), nrows * axes.shape[1]):
        axes[k // ncols][k % ncols].set_visible(False)
    ci = profile.attrs.get("ci", 0.95)
    fig.suptitle(f"Rhetorical profile by {profile.attrs.get('by', 'group')} ({ci:.0%} bootstrap intervals over statements)")
    return fig


def plot_speech_acts(counts: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Return a heatmap of speech acts (from :func:`toolkit.speech_act_counts`), numbers in the cells.

    Parameters
    ----------
    counts : pandas.DataFrame
        Rows: who acts; columns: acts or targets. Counts are printed as integers; rates
        (``speech_act_counts(..., per=1000)``: acts per 1,000 words) with two decimals below 10.
    title : str, optional
        Default "Speech acts by <rows>" (or "Who <act>s whom"), with "per 1,000 words" for rates.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(counts, pd.DataFrame) or counts.empty:
        raise ValueError("plot_speech_acts needs a non-empty table; pass the result of tk.speech_act_counts.")
    values = counts.to_numpy(dtype=float)
    fig, ax = new_figure(ax, (1.6 + 0.75 * counts.shape[1], 1.2 + 0.4 * counts.shape[0]))
    top = np.nanmax(values) if values.size and np.nanmax(values) > 0 else 1.0
    ax.imshow(values, cmap=sequential_cmap(), vmin=0, vmax=top, aspect="auto")
    integers = np.allclose(values, np.round(values))
    annotate(ax, values, ".0f" if integers else (".2f" if top < 10 else ".1f"))
    ax.set_xticks(range(counts.shape[1]), [str(c) for c in counts.columns], rotation=35, ha="right")
    ax.set_yticks(range(counts.shape[0]), [str(r) for r in counts.index])
    by, cols, act = counts.attrs.get("by", "actor"), counts.attrs.get("columns", "act"), counts.attrs.get("act")
    per = counts.attrs.get("per")
    ax.set_ylabel(str(by))
    ax.set_xlabel(str(cols))
    default = f"Who {act}s whom" if act and cols == "target" else f"Speech acts by {by}"
    ax.set_title(title or (default + (f", per {per:,} words" if per else "")))
    hide_frame(ax)
    return fig
