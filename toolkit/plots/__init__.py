"""Plots: each takes the DataFrame a measure returned, draws on ``ax`` (or a new figure) and returns the Figure.

Plots never recompute a measure and never call ``plt.show()``. Colours come from the
Okabe-Ito palette, which stays distinguishable for the common forms of colour blindness.
Save any figure for a paper with :func:`save_figure`.

Modules, one per family of measures: ``keyness``, ``rhetoric``, ``frames``, ``scaling``; and
``style`` (palette, axes, colour maps, :func:`save_figure`).
"""

from toolkit.plots.frames import plot_frame_differences, plot_frames_heatmap, plot_frames_over
from toolkit.plots.keyness import (
    plot_frequency_over,
    plot_keyness,
    plot_keyness_heatmap,
    plot_keyness_trajectory,
    plot_xray,
)
from toolkit.plots.rhetoric import plot_rhetoric, plot_speech_acts
from toolkit.plots.scaling import plot_scaling, plot_similarity
from toolkit.plots.style import OKABE_ITO, save_figure

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
