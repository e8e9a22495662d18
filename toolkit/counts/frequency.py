"""Frequencies: how often each feature occurs, overall, per group, or over a metadata variable."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit._util.validation import check_column, check_int, describe_items, renamed
from toolkit.counts.matrix import DFM, check_counts

__all__ = ["frequencies", "frequency_over"]


def frequencies(dfm: DFM, *, by: str | None = None, n: int | None = None, groups: str | None = None) -> pd.DataFrame:
    """Return each feature's frequency, document frequency and rank, overall or per group.

    Parameters
    ----------
    dfm : DFM
        Counts (not weighted).
    by : str, optional
        A metadata column: frequencies are computed within each group.
    n : int, optional
        Keep the ``n`` most frequent features (per group).
    groups : str, optional
        Deprecated name of ``by``.

    Returns
    -------
    pandas.DataFrame
        ``feature``, ``frequency`` (total count), ``rank`` (1 = most frequent; ties share the
        lowest rank, as quanteda's ``textstat_frequency``), ``docfreq`` (documents containing
        the feature), ``group`` (the group, or ``"all"``), sorted by group, then frequency
        descending, then order of first appearance. Features with frequency 0 in a group are
        not listed for it.

    Raises
    ------
    ValueError
        If the DFM is weighted.
    KeyError
        If ``by`` names no metadata column.

    Examples
    --------
    >>> import toolkit as tk
    >>> m = tk.dfm(tk.Corpus.from_texts(["peace peace talks", "peace war"]))
    >>> tk.frequencies(m)[["feature", "frequency", "rank", "docfreq"]].values.tolist()
    [['peace', 3, 1, 2], ['talks', 1, 2, 1], ['war', 1, 2, 1]]
    """
    check_counts(dfm, func="frequencies")
    by = renamed(groups, by, old="groups", new="by", func="frequencies")
    if n is not None:
        check_int(n, name="n", func="frequencies", minimum=1)
    if by is None:
        codes, uniques = np.zeros(dfm.shape[0], dtype=int), ["all"]
    else:
        check_column(by, dfm.meta.columns, owner="The DFM")
        codes, uniques = pd.factorize(dfm.meta[by], sort=True)
        if (codes < 0).any():
            warnings.warn(
                f"frequencies: left out {int((codes < 0).sum())} document(s) whose {by!r} is missing: "
                f"{describe_items(np.asarray(dfm.docnames)[codes < 0])}.",
                UserWarning,
                stacklevel=2,
            )
    features = np.asarray(dfm.features, dtype=object)
    frames = []
    for code, label in enumerate(uniques):
        rows = np.flatnonzero(codes == code)
        sub = dfm.matrix[rows]
        freq = np.asarray(sub.sum(axis=0)).ravel()
        docfreq = np.diff(sub.tocsc().indptr)
        present = np.flatnonzero(freq > 0)
        order = present[np.lexsort((present, -freq[present]))]
        f = freq[order]
        frame = pd.DataFrame(
            {
                "feature": features[order],
                "frequency": f.astype(np.int64),
                "rank": pd.Series(-f).rank(method="min").astype(np.int64).to_numpy(),
                "docfreq": docfreq[order].astype(np.int64),
                "group": label,
            }
        )
        frames.append(frame if n is None else frame.head(n))
    return pd.concat(frames, ignore_index=True)


def frequency_over(dfm: DFM, features: str | Sequence[str], *, over: str, per: int = 10_000) -> pd.DataFrame:
    """Return how often each feature occurs in each value of a metadata variable (e.g. per year).

    Parameters
    ----------
    dfm : DFM
        Counts (not weighted), with the metadata column ``over``.
    features : str or list of str
        Features of the DFM (a feature the DFM lacks counts 0 everywhere).
    over : str
        Metadata column, e.g. ``year``.
    per : int
        Rates are per this many tokens of the DFM (after its stopword and punctuation removal).

    Returns
    -------
    pandas.DataFrame
        ``over`` (the values, sorted; the column is named after it), ``feature``, ``count``,
        ``total`` (tokens in that slice), ``rate`` (count per ``per`` tokens), ``n_docs``.

    Raises
    ------
    KeyError
        If ``over`` is not a metadata column.
    ValueError
        If the DFM is weighted.
    """
    check_counts(dfm, func="frequency_over")
    check_int(per, name="per", func="frequency_over", minimum=1)
    check_column(over, dfm.meta.columns, owner="The DFM")
    wanted = [features] if isinstance(features, str) else list(features)
    unknown = [f for f in wanted if f not in set(dfm.features)]
    if unknown:
        warnings.warn(
            f"frequency_over: feature(s) not in the DFM, counted 0: {describe_items(unknown)} (features are "
            "lower-cased; stopwords are removed unless dfm(remove_stopwords=False)).",
            UserWarning,
            stacklevel=2,
        )
    grouped = dfm.group(over)
    totals = grouped.doc_lengths()
    pos = {f: j for j, f in enumerate(grouped.features)}
    dense = grouped.matrix.tocsc()
    rows = []
    for i, value in enumerate(grouped.meta[over]):
        for f in wanted:
            count = float(dense[i, pos[f]]) if f in pos else 0.0
            rows.append({over: value, "feature": f, "count": int(count), "total": int(totals[i]),
                         "rate": count / totals[i] * per if totals[i] else np.nan,
                         "n_docs": int(grouped.meta["n_docs"].iloc[i])})
    out = pd.DataFrame(rows, columns=[over, "feature", "count", "total", "rate", "n_docs"])
    out.attrs.update({"over": over, "per": per})
    return out
