"""Comparison of statements: similarity, clustering and Wordfish scaling."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._validation import ToolkitKeyError, check_choice, check_int, check_type
from toolkit.dfm import DFM

__all__ = ["similarity", "wordfish"]


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
    from sklearn.metrics.pairwise import cosine_similarity

    check_choice(weight, ("tfidf", "none"), name="weight", func="similarity")
    names, x = _profiles(data, weight)
    sim = cosine_similarity(x)
    np.fill_diagonal(sim, 1.0)
    index = pd.Index(names, name="doc_id")
    return pd.DataFrame(sim, index=index, columns=pd.Index(names, name="doc_id"))


# -- Wordfish ------------------------------------------------------------------------------------------
def wordfish(
    dfm: DFM,
    *,
    direction: tuple[str, str] | None = None,
    max_iter: int = 500,
    tol: float = 1e-7,
    ci: float = 0.95,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return Wordfish positions of the documents (with intervals) and the word parameters.

    The Poisson scaling model of Slapin & Proksch (2008): the count of word j in document i
    is Poisson with mean exp(alpha_i + psi_j + beta_j * theta_i), where theta_i is the
    document's position, alpha_i its length effect, psi_j the word's frequency and beta_j how
    much the word discriminates. Estimated by alternating penalised Newton steps (normal
    priors with standard deviation 3 on psi and 1 on beta, as quanteda's
    ``textmodel_wordfish``); theta is standardised (mean 0, standard deviation 1), and its
    standard error comes from the inverse of the Hessian of each document's likelihood.

    Parameters
    ----------
    dfm : DFM
        Counts (at least 3 documents; trim rare words first).
    direction : (str, str), optional
        Two document names: the first is placed left of (below) the second.
    max_iter : int
        Maximum iterations.
    tol : float
        Stop when the log-likelihood changes by less than this (relative).
    ci : float
        Confidence level of the intervals.

    Returns
    -------
    documents : pandas.DataFrame
        ``doc_id``, ``theta``, ``se``, ``low``, ``high``, ``alpha``, then the document metadata.
    words : pandas.DataFrame
        ``feature``, ``beta``, ``psi``.

    Raises
    ------
    ValueError
        If the DFM is weighted, has fewer than 3 documents or an empty document.

    References
    ----------
    Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for estimating time-series party
    positions from texts. American Journal of Political Science, 52(3), 705-722.
    """
    from scipy.stats import norm

    check_type(dfm, DFM, name="dfm", func="wordfish", expected="a DFM (see toolkit.dfm)")
    check_int(max_iter, name="max_iter", func="wordfish", minimum=1)
    if dfm.weighting != "count":
        raise ValueError(f"wordfish needs counts; this DFM is weighted ({dfm.weighting!r}).")
    y = dfm.matrix.toarray().astype(float)
    n, k = y.shape
    if n < 3:
        raise ValueError(f"wordfish needs at least 3 documents. Got {n}.")
    empty = [d for d, s in zip(dfm.docnames, y.sum(axis=1)) if s == 0]
    if empty:
        raise ValueError(f"wordfish: documents without counts: {', '.join(empty)}. Remove them first.")
    keep = y.sum(axis=0) > 0
    y = y[:, keep]
    features = [f for f, kp in zip(dfm.features, keep) if kp]
    k = y.shape[1]
    if direction is not None:
        for d in direction:
            if d not in dfm.docnames:
                raise ToolkitKeyError(f"The 'direction' of wordfish names no document: {d!r}.")
    sigma_psi, sigma_beta = 3.0, 1.0

    # Starting values as in Slapin & Proksch: log means, and the first singular vector of the
    # standardised log counts for positions.
    alpha = np.log(y.sum(axis=1) / y.sum(axis=1)[0])
    psi = np.log(y.mean(axis=0) + 1e-9)
    centred = np.log(y + 1) - np.log(y + 1).mean(axis=0) - np.log(y + 1).mean(axis=1, keepdims=True)
    u, sv, vt = np.linalg.svd(centred, full_matrices=False)
    theta = (u[:, 0] - u[:, 0].mean()) / (u[:, 0].std() or 1.0)
    beta = np.zeros(k)

    def loglik() -> float:
        eta = alpha[:, None] + psi[None, :] + np.outer(theta, beta)
        return float(np.sum(y * eta - np.exp(eta))) - np.sum(psi**2) / (2 * sigma_psi**2) - np.sum(beta**2) / (
            2 * sigma_beta**2
        )

    previous = loglik()
    for _ in range(max_iter):
        # Word parameters (psi_j, beta_j) given the documents: one Newton step each, vectorised.
        for _inner in range(2):
            mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
            r = y - mu
            g_psi = r.sum(axis=0) - psi / sigma_psi**2
            g_beta = (r * theta[:, None]).sum(axis=0) - beta / sigma_beta**2
            h_pp = -mu.sum(axis=0) - 1 / sigma_psi**2
            h_bb = -(mu * theta[:, None] ** 2).sum(axis=0) - 1 / sigma_beta**2
            h_pb = -(mu * theta[:, None]).sum(axis=0)
            det = h_pp * h_bb - h_pb**2
            psi = psi - (h_bb * g_psi - h_pb * g_beta) / det
            beta = beta - (-h_pb * g_psi + h_pp * g_beta) / det
        # Document parameters (alpha_i, theta_i) given the words.
        for _inner in range(2):
            mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
            r = y - mu
            g_a = r.sum(axis=1)
            g_t = (r * beta[None, :]).sum(axis=1)
            h_aa = -mu.sum(axis=1)
            h_tt = -(mu * beta[None, :] ** 2).sum(axis=1)
            h_at = -(mu * beta[None, :]).sum(axis=1)
            det = h_aa * h_tt - h_at**2
            alpha = alpha - (h_tt * g_a - h_at * g_t) / det
            theta = theta - (-h_at * g_a + h_aa * g_t) / det
        # Identification: alpha of the first document 0, theta mean 0 and standard deviation 1.
        psi = psi + alpha[0]
        alpha = alpha - alpha[0]
        mean, sd = theta.mean(), theta.std() or 1.0
        psi = psi + beta * mean
        beta = beta * sd
        theta = (theta - mean) / sd
        current = loglik()
        if abs(current - previous) <= tol * abs(previous):
            break
        previous = current

    if direction is not None:
        a, b = (dfm.docnames.index(d) for d in direction)
        if theta[a] > theta[b]:
            theta, beta = -theta, -beta
    mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
    h_aa = -mu.sum(axis=1)
    h_tt = -(mu * beta[None, :] ** 2).sum(axis=1)
    h_at = -(mu * beta[None, :]).sum(axis=1)
    var_theta = -h_aa / (h_aa * h_tt - h_at**2)  # the theta entry of the inverse of -H
    se = np.sqrt(np.maximum(var_theta, 0))
    z = norm.ppf(0.5 + ci / 2)
    documents = pd.concat(
        [
            pd.DataFrame({"doc_id": dfm.docnames, "theta": theta, "se": se, "low": theta - z * se,
                          "high": theta + z * se, "alpha": alpha}),
            dfm.meta.drop(columns="doc_id").reset_index(drop=True),
        ],
        axis=1,
    )
    documents.attrs["ci"] = ci
    words = pd.DataFrame({"feature": features, "beta": beta, "psi": psi})
    return documents, words
