"""The look every plot shares: the Okabe-Ito palette, quiet axes, colour maps, and saving figures for papers.

Plots never recompute a measure and never call ``plt.show()``. Colours come from the Okabe-Ito
palette, which stays distinguishable for the common forms of colour blindness.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from toolkit._util.validation import check_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["OKABE_ITO", "save_figure"]

#: The eight colours of Okabe & Ito (2008), safe for the common forms of colour blindness. Black
#: comes last: the grey that stood in for it was, to a deuteranope, almost the reddish purple.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)

# One marker per colour, so that a group is told by its marker too (in grey print, or where lines
# cross); "x" is kept for the points plots mark as "not used".
_MARKERS = ("o", "s", "D", "^", "v", "<", ">", "p")
_LINESTYLES = ("-", "--", ":", "-.")


def series_style(k: int) -> dict[str, str]:
    """The colour, marker and line style of the k-th series (group) of a line plot.

    Eight series differ by colour and by marker; beyond eight, colours and markers repeat
    with another line style.
    """
    return {"color": OKABE_ITO[k % len(OKABE_ITO)], "marker": _MARKERS[k % len(_MARKERS)],
            "linestyle": _LINESTYLES[(k // len(OKABE_ITO)) % len(_LINESTYLES)]}


def new_figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def apply_style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def hide_frame(ax: Axes) -> None:
    """Heatmaps need no axis lines."""
    for spine in ax.spines.values():
        spine.set_visible(False)


def sequential_cmap():
    from matplotlib.colors import LinearSegmentedColormap

    # White to the Okabe-Ito blue: counts and shares, readable in grey print too.
    return LinearSegmentedColormap.from_list("toolkit_sequential", ["#FFFFFF", OKABE_ITO[0]])


def annotate(ax: Axes, values: np.ndarray, fmt: str) -> None:
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


def diverging_cmap():
    from matplotlib.colors import LinearSegmentedColormap

    # Vermillion - white - blue from the Okabe-Ito palette: safe for colour-blind readers.
    return LinearSegmentedColormap.from_list("toolkit_diverging", [OKABE_ITO[1], "#FFFFFF", OKABE_ITO[0]])


def interval_bars(ax: Axes, low: np.ndarray, high: np.ndarray, y: np.ndarray) -> None:
    """Draw horizontal interval bars from ``low`` to ``high`` at heights ``y``; undefined intervals are left out.

    Drawn from the bounds, not as distances from the estimate: a percentile interval need not
    contain its estimate (it may lie just outside with few statements or replicates).
    """
    low, high, y = np.asarray(low, dtype=float), np.asarray(high, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(low) & np.isfinite(high)
    if ok.any():
        ax.errorbar((low[ok] + high[ok]) / 2, y[ok], xerr=(high[ok] - low[ok]) / 2, fmt="none", ecolor="#777777",
                    capsize=2)
