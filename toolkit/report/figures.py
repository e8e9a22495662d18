"""The report's figures: key terms, frames, rhetoric and speech acts of the groups compared."""

from __future__ import annotations

import base64
import io

import numpy as np

from toolkit._util.validation import natural_sorted
from toolkit.plots import plot_frames_heatmap, plot_frames_over, plot_keyness_heatmap, plot_rhetoric, plot_speech_acts
from toolkit.report.format import PARENT, ComparisonLike, check_comparison

__all__ = ["report_figures"]


def _frames_over_figure(comparison: ComparisonLike):
    import matplotlib.pyplot as plt  # matplotlib is slow to import: only when a figure is drawn

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


MAX_HEATMAP_GROUPS = 12


def figure_groups(comparison: ComparisonLike) -> list | None:
    """The groups of the key-term heatmap: all, or the twelve with most statements (a wider one is unreadable)."""
    groups = comparison.keyness["group"].unique()
    if len(groups) <= MAX_HEATMAP_GROUPS or comparison.summary is None:
        return None
    summary = comparison.summary
    # Statements, not the paragraphs they were split into: a long speech is not several.
    sizes = (summary.groupby(comparison.by)[PARENT].nunique() if PARENT in summary.columns
             else summary[comparison.by].value_counts())
    ranked = sorted(groups, key=lambda g: (-int(sizes.get(g, 0)), str(g)))
    return natural_sorted(ranked[:MAX_HEATMAP_GROUPS])


def report_figures(comparison: ComparisonLike) -> dict[str, object]:
    """Return the report's figures by section: keyness, frames, rhetoric, speech_acts.

    Parameters
    ----------
    comparison : Comparison

    Returns
    -------
    dict of str to matplotlib.figure.Figure
        Without periods: a heatmap of the key terms when any group lists one (of the twelve
        groups with most statements when there are more), a heatmap of the frames, the
        rhetorical profile with intervals and the speech acts per 1,000 words; with periods, the frames over time replace the two
        heatmaps. Close them (``plt.close(fig)``) when done.
    """
    check_comparison(comparison, func="report_figures")
    out = {}
    if "period" not in comparison.keyness.columns:
        if comparison.keyness["rank"].notna().any():  # with too little text no group lists a term: no empty figure
            out["keyness"] = plot_keyness_heatmap(comparison.keyness, n=5, groups=figure_groups(comparison))
        if "period" not in comparison.frames.columns:
            out["frames"] = plot_frames_heatmap(comparison.frames)
    elif "period" in comparison.frames.columns:
        figure = _frames_over_figure(comparison)
        if figure is not None:
            out["frames"] = figure
    measures = [m for m in ("obligation_per_1k", "possibility_per_1k", "hedge_per_1k", "booster_per_1k", "we_per_1k",
                            "vader_compound") if m in set(comparison.rhetoric["measure"])]
    out["rhetoric"] = plot_rhetoric(comparison.rhetoric, measures=measures)
    rates = comparison.act_rates
    if rates is not None and not rates.empty and len(rates.columns):
        # Per 1,000 words: raw counts would mostly measure how much each group says.
        out["speech_acts"] = plot_speech_acts(rates.round(2), title="Own speech acts per 1,000 words")
    return out


def png(fig) -> str:
    """The figure as base64 PNG for a data URL, closed afterwards."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    # No timestamp in the PNG, so that the same data gives the same page.
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
