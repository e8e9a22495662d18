"""Statistics shared by the measures: the units resampled, per-group random streams, intervals, p adjustment."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import false_discovery_control
from scipy.stats import t as student_t

#: Bootstrap replicates of every interval unless a function is told otherwise: enough for the
#: tails of a 95% percentile interval to settle (Efron & Tibshirani 1993, ch. 13 ask for 1000 or more).
N_BOOT = 1000


#: The column ``Corpus.reshape`` gives every paragraph or sentence: the id of the statement it comes from.
PARENT = "parent_id"


def resolve_cluster(cluster: Any, columns: Iterable[str], *, func: str) -> str | None:
    """Return the metadata column whose values are the independent units of ``cluster=``, or None.

    Every interval, bootstrap and permutation test of the toolkit takes ``cluster=`` with one
    meaning: the units that were sampled, which are resampled (or permuted) whole.

    - ``"auto"`` (the default everywhere): ``parent_id`` when the table has it (a corpus made
      by :meth:`Corpus.reshape`: the paragraphs or sentences of one statement are not
      independent), else None.
    - a metadata column (e.g. ``"speaker"``): documents sharing its value move together.
    - None or ``"none"``: every document is a unit of its own (the behaviour before units
      were resampled: rows of a reshaped corpus count as independent statements).

    Raises
    ------
    ValueError
        If ``cluster`` is none of these.
    """
    columns = [str(c) for c in columns]
    if cluster is None or cluster == "none":
        return None
    if cluster == "auto":
        return PARENT if PARENT in columns else None
    if isinstance(cluster, str) and cluster in columns:
        return cluster
    listed = ", ".join(repr(c) for c in columns if c not in ("doc_id", "text")) or "none"
    raise ValueError(
        f"The 'cluster' parameter of {func} must be 'auto', 'none', None or a metadata column "
        f"(columns: {listed}). Got {cluster!r} instead."
    )


def cluster_codes(labels: Sequence[Any] | np.ndarray) -> np.ndarray:
    """The unit (0 .. G-1) of each row: rows sharing a label share a unit, units in sorted order of label.

    Labels compare as text (document ids are text). A row whose label is missing is a unit of
    its own, after the labelled ones: nothing says which statement it belongs to.
    """
    labels = pd.Series(np.asarray(labels, dtype=object))
    missing = labels.isna().to_numpy()
    codes = np.empty(len(labels), dtype=np.int64)
    present, _ = pd.factorize(labels[~missing].astype(str), sort=True)
    codes[~missing] = present
    codes[missing] = (present.max() + 1 if len(present) else 0) + np.arange(int(missing.sum()))
    return codes


def cluster_sums(values: np.ndarray | sp.spmatrix, codes: np.ndarray) -> np.ndarray | sp.csr_matrix:
    """Totals of ``values`` (rows x columns, dense or sparse) per unit of ``codes``: units x columns.

    A ratio of totals (a share of sentences, a rate per word) is the same computed from the
    rows or from the units' totals, so a cluster bootstrap resamples these totals.
    """
    n_units = int(codes.max()) + 1 if len(codes) else 0
    indicator = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_units, len(codes)))
    out = indicator @ values
    return out.tocsr() if sp.issparse(out) else np.asarray(out)


def cluster_bootstrap_ratio(
    counts: np.ndarray, sizes: np.ndarray, codes: np.ndarray, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Replicates (n_boot x columns) of sum(counts) / sum(sizes), the units of ``codes`` resampled whole.

    ``counts`` is rows x columns and ``sizes`` one value per row. Each replicate draws G units
    with replacement from the G units, with every row of a unit (Field & Welsh 2007's
    "randomized cluster bootstrap"); the rows of one unit are never split. With one row per
    unit, it is the ordinary bootstrap of the rows.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
    Statistical Society: Series B, 69(3), 369-390.
    """
    totals = cluster_sums(np.asarray(counts, dtype=float), codes)
    sizes = cluster_sums(np.asarray(sizes, dtype=float)[:, None], codes)[:, 0]
    return bootstrap_ratio(totals, sizes, bootstrap_weights(len(sizes), n_boot, rng))


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
    counts: np.ndarray, sizes: np.ndarray, ci: float, *, lower: float | None = 0.0, upper: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Interval of the ratio sum(counts) / sum(sizes) from G clusters: t with G - 1 df, linearised SE.

    ``counts`` is clusters x columns, ``sizes`` one value per cluster. The standard error is
    sqrt(G / (G - 1) * sum((y_g - R m_g)^2)) / sum(m_g) (Taylor linearisation with the small-sample
    factor; Cameron & Miller 2015, section VI); bounds are clipped at ``lower`` (a share or a
    rate is never negative) and ``upper``. With every size 1 it is the t interval of a mean.
    """
    g = len(sizes)
    ratio = counts.sum(axis=0) / sizes.sum()
    residuals = counts - np.outer(sizes, ratio)
    se = np.sqrt(g / (g - 1) * (residuals**2).sum(axis=0)) / sizes.sum()
    low, high = student_t.interval(ci, g - 1, loc=ratio, scale=se)
    low = low if lower is None else np.maximum(low, lower)
    return low, (high if upper is None else np.minimum(high, upper))


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
