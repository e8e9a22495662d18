"""Association statistics of a feature's 2x2 table (target against reference), as quanteda computes them.

Chi-squared, likelihood ratio G², Fisher's exact test, PMI, Hardie's log ratio, the log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) and scattertext's
scaled F-score; and the order in which keyness tables list features. See :func:`toolkit.keyness`
for the formulas' parity with quanteda.textstats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError
from toolkit.counts import DFM

Measure = Literal["chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"]


Correction = Literal["default", "yates", "williams", "none"]


PAdjust = Literal["bonferroni", "bh"]


MEASURES = ("chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf")


STAT_NAME = {
    "chi2": "chi2",
    "lr": "G2",
    "exact": "or",
    "pmi": "pmi",
    "logratio": "log_ratio",
    "logodds": "z",
    "scaledf": "scaledf",
}


_QUANTEDA_EPS = 1e-9


def _yates_applies(a, b, c, d) -> np.ndarray:
    """quanteda's per-feature rule: correct when |ad - bc| >= N/2 and some expected count is below 5."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [(a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (c + d) * (b + d) / n]
    small = np.logical_or.reduce([e < 5 for e in expected])
    return (np.abs(a * d - b * c) >= n / 2) & small


def _williams(a, b, c, d) -> np.ndarray:
    """Williams' (1976) correction factor q for a 2x2 table; 1 where a cell is empty."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def _chi2(a, b, c, d, correction: str) -> np.ndarray:
    n = a + b + c + d
    corrected = _yates_applies(a, b, c, d) if correction in ("default", "yates") else np.zeros(len(a), dtype=bool)
    # Where Yates applies, |ad - bc| >= N/2, so the corrected difference stays non-negative.
    diff = np.abs(a * d - b * c) - np.where(corrected, n / 2, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = n * diff**2 / ((a + b) * (c + d) * (a + c) * (b + d))
    if correction == "williams":
        stat = stat / _williams(a, b, c, d)
    return stat


def _g2(a, b, c, d, correction: str) -> np.ndarray:
    n = a + b + c + d
    cells = [a.copy(), b.copy(), c.copy(), d.copy()]
    if correction in ("default", "yates"):
        delta = np.where(_yates_applies(a, b, c, d), 0.5, 0.0)
        towards = np.where(a * d - b * c > 0, -1.0, 1.0) * delta  # move every cell 0.5 towards independence
        cells = [a + towards, b - towards, c - towards, d + towards]
    A, B, C, D = cells
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [(A + B) * (A + C) / n, (A + B) * (B + D) / n, (A + C) * (C + D) / n, (B + D) * (C + D) / n]
        terms = [np.where(o > 0, o * np.log(o / e + _QUANTEDA_EPS), 0.0) for o, e in zip(cells, expected)]
    g2 = 2 * (terms[0] + terms[1] + terms[2] + terms[3])
    if correction == "williams":
        g2 = g2 / _williams(a, b, c, d)
    return g2


def _fisher(a, b, c, d) -> tuple[np.ndarray, np.ndarray]:
    """Conditional maximum-likelihood odds ratio and two-sided p of Fisher's exact test, per feature."""
    from scipy.stats import fisher_exact
    from scipy.stats.contingency import odds_ratio

    est = np.empty(len(a))
    p = np.empty(len(a))
    memo: dict[tuple[int, int, int, int], tuple[float, float]] = {}
    for i, cells in enumerate(zip(a.astype(np.int64), b.astype(np.int64), c.astype(np.int64), d.astype(np.int64))):
        key = tuple(int(x) for x in cells)
        if key not in memo:
            ai, bi, ci, di = key
            table = [[ai, ci], [bi, di]]
            if ai + bi == 0 or ci + di == 0:
                memo[key] = (0.0, 1.0)  # a single possible table: R reports estimate 0 and p 1
            else:
                memo[key] = (float(odds_ratio(table, kind="conditional").statistic), float(fisher_exact(table)[1]))
        est[i], p[i] = memo[key]
    return est, p


def log_ratio(a, b, total_a, total_b) -> np.ndarray:
    """Hardie's log ratio: the binary log of the ratio of relative frequencies.

    A zero count is taken as 0.5 x (its side's total / the larger total): Hardie's 0.5 when
    both sides are the same size, and still an under-representation (a negative ratio) for a
    word the smaller side never uses, which a plain 0.5 would turn positive.
    """
    larger = np.maximum(total_a, total_b)
    aa = np.where(a == 0, 0.5 * total_a / larger, a)
    bb = np.where(b == 0, 0.5 * total_b / larger, b)
    return np.log2((aa / total_a) / (bb / total_b))


def _log_odds(a, b, alpha) -> tuple[np.ndarray, np.ndarray]:
    """Monroe, Colaresi & Quinn's log-odds ratio with informative Dirichlet prior: (delta, z)."""
    n_a, n_b, alpha0 = a.sum(), b.sum(), alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((a + alpha) / (n_a + alpha0 - a - alpha)) - np.log((b + alpha) / (n_b + alpha0 - b - alpha))
        variance = 1 / (a + alpha) + 1 / (b + alpha)
    return delta, delta / np.sqrt(variance)


def _scaled_f(a, b, beta: float) -> np.ndarray:
    """scattertext's scaled F-score of each feature for the target (a) against the reference (b), in [0, 1]."""
    from scipy.stats import norm, rankdata

    def scale(x: np.ndarray) -> np.ndarray:
        sd = x.std()
        if sd == 0 or not np.isfinite(sd):
            return rankdata(x) / len(x)
        return norm.cdf(x, loc=x.mean(), scale=sd)

    def one_sided(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            precision = scale(np.where(c + n > 0, c / (c + n), 0.0))
            recall = scale(c / c.sum() if c.sum() else np.zeros_like(c))
            denom = beta**2 * precision + recall
            score = (1 + beta**2) * precision * recall / np.where(denom == 0, 1.0, denom)
        return np.nan_to_num(score)

    s_cat, s_ref = one_sided(a, b), one_sided(b, a)
    s = np.where(s_cat > s_ref, s_cat, np.where(s_cat < s_ref, -s_ref, 0.0))
    out = s.copy()
    for side in (s > 0, s < 0):
        if side.any():
            mags = np.abs(s[side])
            span = mags.max() - mags.min()
            scaled = (mags - mags.min()) / span if span > 0 else np.full(mags.shape, 0.5)
            out[side] = np.sign(s[side]) * scaled
    return (out + 1) / 2


def counts_as_int(frame: pd.DataFrame) -> pd.DataFrame:
    """Show counts as integers (17, not 17.0) when they are whole, as they are from an unweighted DFM."""
    for col in ("n_target", "n_reference"):
        if col in frame.columns:
            values = frame[col].to_numpy(dtype=float)
            if np.isfinite(values).all() and (values == np.round(values)).all():
                frame[col] = values.astype(np.int64)
    return frame


def keyness_table(features: Sequence[str], a: np.ndarray, b: np.ndarray, **options: object) -> pd.DataFrame:
    """Return the keyness columns for target counts ``a`` and reference counts ``b`` (feature order)."""
    return pd.DataFrame({"feature": list(features), **keyness_arrays(features, a, b, **options)})


def keyness_arrays(
    features: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    **options: object,
) -> dict[str, np.ndarray]:
    """Return the keyness columns (statistic, p, counts, log ratio) as arrays in feature order.

    A feature absent from both sides has no 2x2 table: its statistic and p are NaN, and it
    takes no part in scaling (scaled F), priors (log-odds) or p adjustment.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    seen = (a + b) > 0
    if seen.all():
        return _keyness_seen(features, a, b, a.sum(), b.sum(), **options)
    names = [f for f, keep in zip(features, seen) if keep]
    part = _keyness_seen(names, a[seen], b[seen], a.sum(), b.sum(), **options)
    out = {}
    for key, values in part.items():
        full = np.full(len(a), np.nan)
        full[seen] = values
        out[key] = full
    out["n_target"], out["n_reference"] = a, b
    return out


def _keyness_seen(
    features: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    total_a: float,
    total_b: float,
    *,
    measure: str,
    correction: str,
    prior: object,
    prior_scale: float,
    beta: float,
) -> dict[str, np.ndarray]:
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import norm

    c, d = total_a - a, total_b - b
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_a = (a + b) * (a + c) / (a + b + c + d)
    sign = np.where(a > expected_a, 1.0, -1.0)
    stat_name = STAT_NAME[measure]
    p: np.ndarray | None = None
    if measure == "chi2":
        stat = sign * _chi2(a, b, c, d, correction)
        p = chi2_dist.sf(np.abs(stat), 1)
    elif measure == "lr":
        stat = sign * _g2(a, b, c, d, correction)
        p = chi2_dist.sf(np.abs(stat), 1)
    elif measure == "pmi":
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = np.log(a / expected_a + _QUANTEDA_EPS)
        p = chi2_dist.sf(np.abs(stat), 1)  # quanteda's convention, kept for parity
    elif measure == "exact":
        stat, p = _fisher(a, b, c, d)
    elif measure == "logratio":
        stat = log_ratio(a, b, total_a, total_b)
    elif measure == "logodds":
        alpha = _dirichlet_prior(prior, prior_scale, features, a, b)
        _, stat = _log_odds(a, b, alpha)
        p = 2 * norm.sf(np.abs(stat))
    else:
        stat = _scaled_f(a, b, beta)
    columns = {stat_name: stat}
    if p is not None:
        columns["p"] = p
    columns["n_target"] = a
    columns["n_reference"] = b
    if measure != "logratio":
        columns["log_ratio"] = log_ratio(a, b, total_a, total_b)
    return columns


def _dirichlet_prior(prior: object, prior_scale: float, features: Sequence[str], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the Dirichlet pseudo-count of every feature."""
    if isinstance(prior, str) and prior == "pooled":
        alpha = prior_scale * (a + b)
    elif isinstance(prior, (int, float)) and not isinstance(prior, bool):
        alpha = np.full(len(features), float(prior))
    else:
        if isinstance(prior, DFM):
            names, counts = prior.features, prior.feature_counts().astype(float)
        elif isinstance(prior, (pd.Series, dict)):
            series = pd.Series(prior)
            names, counts = [str(i) for i in series.index], series.to_numpy(dtype=float)
        else:
            raise TypeError(
                "The 'prior' parameter of keyness must be 'pooled', a number (the same pseudo-count for every "
                f"feature), a mapping feature -> count or a background DFM. Got {type(prior).__name__} instead."
            )
        lookup = dict(zip(names, counts))
        alpha = prior_scale * np.array([lookup.get(f, 0.0) for f in features])
    # A feature the prior has never seen still needs a positive pseudo-count for a finite z.
    floor = 0.01
    return np.where(alpha > 0, alpha, floor)


def name_ranks(features: Sequence[str]) -> np.ndarray:
    """Rank of each feature name in byte order (R's radix sort), for breaking ties."""
    order = sorted(range(len(features)), key=lambda i: features[i].encode("utf-8"))
    ranks = np.empty(len(features), dtype=np.int64)
    ranks[order] = np.arange(len(features))
    return ranks


def keyness_order(values: np.ndarray, p: np.ndarray, count: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Positions that sort features by the statistic descending; ties by p, then by count, then by name; NaN last.

    Ties are common where the statistic saturates: every word only the target uses has an
    infinite odds ratio and the same PMI. Among those, the better attested come first (smaller
    p, more occurrences), not the alphabetically first (which puts numerals on top).
    """
    keys = np.where(np.isnan(values), np.inf, -values) + 0.0  # + 0.0 folds -0.0 into 0.0
    p = np.where(np.isnan(p), np.inf, p)
    return np.lexsort((ranks, -count, p, keys))


def sort_keyness(frame: pd.DataFrame, stat: str) -> pd.DataFrame:
    """Return ``frame`` in the order of :func:`keyness_order` (``p`` and ``n_target`` where the frame has them)."""
    zeros = np.zeros(len(frame))
    order = keyness_order(
        frame[stat].to_numpy(dtype=float),
        frame["p"].to_numpy(dtype=float) if "p" in frame.columns else zeros,
        frame["n_target"].to_numpy(dtype=float) if "n_target" in frame.columns else zeros,
        name_ranks(frame["feature"].tolist()),
    )
    return frame.iloc[order].reset_index(drop=True)


#: The columns that hold a keyness statistic, one per measure (see :data:`STAT_NAME`).
STAT_COLUMNS = ("chi2", "G2", "or", "pmi", "log_ratio", "z", "scaledf")


def stat_column(frame: pd.DataFrame, *, func: str = "plot_keyness") -> str:
    """The column of a keyness table that holds its statistic: as its ``attrs`` say, else the first one present."""
    measure = frame.attrs.get("statistic")
    if measure in frame.columns:
        return measure
    for col in STAT_COLUMNS:
        if col in frame.columns:
            return col
    raise ToolkitKeyError(
        f"{func} needs a keyness table with one of the columns {', '.join(STAT_COLUMNS)}; "
        f"got columns {list(frame.columns)}. Pass the result of tk.keyness."
    )
