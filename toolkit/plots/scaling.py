"""Plots of scaling: positions with intervals, and clustered similarity of statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError
from toolkit.plots.style import OKABE_ITO, apply_style, interval_bars, new_figure, sequential_cmap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_scaling", "plot_similarity"]

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
    fig, ax = new_figure(ax, (6.0, 1.0 + 0.3 * len(data)))
    y = np.arange(len(data))
    t = data["theta"].to_numpy(dtype=float)
    interval_bars(ax, data["low"], data["high"], y)
    ax.plot(t, y, "o", color=OKABE_ITO[0], markersize=4, zorder=3)
    ax.set_yticks(y, names.tolist())
    ci = documents.attrs.get("ci", 0.95)
    method = {"bootstrap": " (parametric bootstrap)", "hessian": " (Hessian, word parameters fixed)"}.get(
        documents.attrs.get("se"), "")
    ax.set_xlabel(f"estimated position (theta), {ci:.0%} interval{method}")
    ax.set_title("Wordfish positions")
    apply_style(ax)
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
    image = ax.imshow(values, cmap=sequential_cmap(), vmin=0, vmax=1, aspect="auto")
    labels = [str(sim.index[i]) for i in order]
    ax.set_xticks(range(n), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(n), labels, fontsize=7)
    fig.colorbar(image, ax=ax, label="cosine similarity", shrink=0.8)
    ax.set_title("Similarity of statements (clustered)")
    return fig
