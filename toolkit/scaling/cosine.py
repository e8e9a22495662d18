"""Similarity of statements: cosine similarity on word weights or on frame profiles."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._util.validation import check_choice
from toolkit.counts import DFM

__all__ = ["similarity"]


def _profiles(data: DFM | pd.DataFrame, weight: str) -> tuple[list[str], np.ndarray | sp.spmatrix]:
    if isinstance(data, DFM):
        m = data.weight("tfidf") if weight == "tfidf" and data.weighting == "count" else data
        return m.docnames, m.matrix
    if isinstance(data, pd.DataFrame) and {"doc_id", "frame", "share"} <= set(data.columns):
        wide = data.pivot(index="doc_id", columns="frame", values="share").fillna(0.0)
        return wide.index.astype(str).tolist(), wide.to_numpy(dtype=float)
    raise TypeError(
        "similarity needs a DFM (cosine on tf-idf) or the .documents table of tk.frames (cosine on frame "
        f"profiles). Got {type(data).__name__} instead."
    )


def similarity(data: DFM | pd.DataFrame, *, weight: Literal["tfidf", "none"] = "tfidf") -> pd.DataFrame:
    """Return the cosine similarity of every pair of statements, on word weights or on frame profiles.

    Parameters
    ----------
    data : DFM or pandas.DataFrame
        A DFM (weighted by tf-idf first unless ``weight="none"``), or ``FrameResult.documents``
        (each statement's share of sentences per frame).
    weight : {"tfidf", "none"}
        For a DFM of counts.

    Returns
    -------
    pandas.DataFrame
        Square, documents in rows and columns (index and columns ``doc_id``), 1 on the
        diagonal. :func:`toolkit.plot_similarity` clusters and draws it.

    Examples
    --------
    >>> import toolkit as tk
    >>> s = tk.similarity(tk.dfm(tk.Corpus.from_texts({"a": "peace talks", "b": "peace talks today", "c": "war"})))
    >>> round(float(s.loc["a", "b"]), 3), float(s.loc["a", "c"])
    (0.463, 0.0)
    """
    from sklearn.metrics.pairwise import cosine_similarity  # scikit-learn is slow to import: only when needed

    check_choice(weight, ("tfidf", "none"), name="weight", func="similarity")
    names, x = _profiles(data, weight)
    sim = cosine_similarity(x)
    np.fill_diagonal(sim, 1.0)
    index = pd.Index(names, name="doc_id")
    return pd.DataFrame(sim, index=index, columns=pd.Index(names, name="doc_id"))
