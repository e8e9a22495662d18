"""Small statistics shared by the measures: per-group random streams and small-sample t intervals."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
from scipy.stats import t as student_t


def group_rng(seed: int | None, *keys: Any) -> np.random.Generator:
    """Return a random generator for one group (and period): its draws depend on the seed and its label only.

    So that a group's bootstrap interval stays the same when other groups are added or
    removed, each group draws from its own stream, keyed by a stable hash of its label.
    """
    if seed is None:
        return np.random.default_rng()
    label = "\x1f".join(str(k) for k in keys)
    return np.random.default_rng([int(seed), zlib.crc32(label.encode("utf-8"))])


def ratio_t_interval(
    counts: np.ndarray, sizes: np.ndarray, ci: float, *, upper: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Interval of the ratio sum(counts) / sum(sizes) from G clusters: t with G - 1 df, linearised SE.

    ``counts`` is clusters x columns, ``sizes`` one value per cluster. The standard error is
    sqrt(G / (G - 1) * sum((y_g - R m_g)^2)) / sum(m_g) (Taylor linearisation with the small-sample
    factor); bounds are clipped at 0 and at ``upper``.
    """
    g = len(sizes)
    ratio = counts.sum(axis=0) / sizes.sum()
    residuals = counts - np.outer(sizes, ratio)
    se = np.sqrt(g / (g - 1) * (residuals**2).sum(axis=0)) / sizes.sum()
    low, high = student_t.interval(ci, g - 1, loc=ratio, scale=se)
    low = np.maximum(low, 0.0)
    return low, (high if upper is None else np.minimum(high, upper))


def mean_t_interval(values: np.ndarray, ci: float) -> tuple[float, float]:
    """t interval of the mean of the non-missing ``values`` (NaN when fewer than two)."""
    seen = values[~np.isnan(values)]
    if len(seen) < 2:
        return np.nan, np.nan
    low, high = student_t.interval(ci, len(seen) - 1, loc=seen.mean(), scale=seen.std(ddof=1) / np.sqrt(len(seen)))
    return float(low), float(high)
