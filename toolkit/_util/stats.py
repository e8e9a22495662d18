"""Statistics shared by the measures: per-group random streams, small-sample t intervals, p adjustment."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
from scipy.stats import false_discovery_control
from scipy.stats import t as student_t

#: Bootstrap replicates of every interval unless a function is told otherwise: enough for the
#: tails of a 95% percentile interval to settle (Efron & Tibshirani 1993, ch. 13 ask for 1000 or more).
N_BOOT = 1000


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


def adjust_p(p: np.ndarray, method: str) -> np.ndarray:
    """p-values adjusted for multiple testing over the finite ones; NaN stays NaN.

    ``bonferroni``: p times the number of tests; ``holm``: Holm's step-down version of it (the
    same family-wise error control, never less powerful); ``bh``: Benjamini-Hochberg's false
    discovery rate. All are capped at 1.
    """
    p = np.asarray(p, dtype=float)
    finite = ~np.isnan(p)
    out = np.full_like(p, np.nan)
    q, m = p[finite], int(finite.sum())
    if m == 0:
        return out
    if method == "bonferroni":
        out[finite] = np.minimum(1.0, q * m)
    elif method == "holm":
        order = np.argsort(q, kind="stable")
        # The i-th smallest p is multiplied by m - i + 1; the running maximum keeps the order of the p-values.
        stepped = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * q[order]))
        adjusted = np.empty(m)
        adjusted[order] = stepped
        out[finite] = adjusted
    else:
        out[finite] = false_discovery_control(q, method="bh")
    return out


def bootstrap_weights(n: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """How often each of ``n`` clusters is drawn in each of ``n_boot`` resamples with replacement (n_boot x n).

    A cluster bootstrap resamples whole units (statements), since the sentences or words of one
    statement are not independent; every measure that resamples statements draws them here.
    """
    return rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)


def bootstrap_ratio(counts: np.ndarray, sizes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Replicates (n_boot x columns) of the ratio sum(counts) / sum(sizes), the clusters (rows) weighted by ``weights``.

    ``weights`` come from :func:`bootstrap_weights`. The point estimate is the same ratio of
    totals, so each replicate is computed as it is.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return (weights @ counts) / (weights @ sizes)[:, None]


def percentile_interval(replicates: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of bootstrap ``replicates`` (replicates in rows); undefined replicates are ignored."""
    tail = (1 - ci) / 2 * 100
    low, high = np.nanpercentile(replicates, [tail, 100 - tail], axis=0)
    return low, high
