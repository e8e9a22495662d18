"""Wordfish: positions of documents on one latent dimension from their word counts (Slapin & Proksch 2008)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import norm

from toolkit._util.validation import ToolkitKeyError, check_int
from toolkit.counts import DFM, check_counts

__all__ = ["WordfishResult", "wordfish"]


class WordfishResult(NamedTuple):
    """The result of :func:`wordfish`: it unpacks as ``documents, words``."""

    documents: pd.DataFrame
    words: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The documents' positions with their intervals (``documents``)."""
        return self.documents


def wordfish(
    dfm: DFM,
    *,
    direction: tuple[str, str] | None = None,
    max_iter: int = 500,
    tol: float = 1e-7,
    ci: float = 0.95,
) -> WordfishResult:
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
    WordfishResult
        A named pair that unpacks as ``documents, words = tk.wordfish(m)``. ``documents``:
        ``doc_id``, ``theta``, ``se``, ``low``, ``high``, ``alpha``, then the document
        metadata; ``words``: ``feature``, ``beta``, ``psi``. ``.to_frame()`` is ``documents``.

    Raises
    ------
    ValueError
        If the DFM is weighted, has fewer than 3 documents or an empty document.

    References
    ----------
    Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for estimating time-series party
    positions from texts. American Journal of Political Science, 52(3), 705-722.
    """
    check_counts(dfm, func="wordfish")
    check_int(max_iter, name="max_iter", func="wordfish", minimum=1)
    y = dfm.matrix.toarray().astype(float)
    n = y.shape[0]
    if n < 3:
        raise ValueError(f"wordfish needs at least 3 documents. Got {n}.")
    empty = [d for d, s in zip(dfm.docnames, y.sum(axis=1)) if s == 0]
    if empty:
        raise ValueError(f"wordfish: documents without counts: {', '.join(empty)}. Remove them first.")
    keep = y.sum(axis=0) > 0
    y = y[:, keep]
    features = [f for f, kp in zip(dfm.features, keep) if kp]
    if direction is not None:
        for d in direction:
            if d not in dfm.docnames:
                raise ToolkitKeyError(f"The 'direction' of wordfish names no document: {d!r}.")
    alpha, psi, beta, theta = _fit(y, max_iter=max_iter, tol=tol)
    if direction is not None:
        a, b = (dfm.docnames.index(d) for d in direction)
        if theta[a] > theta[b]:
            theta, beta = -theta, -beta
    se = _theta_se(alpha, psi, beta, theta)
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
    return WordfishResult(documents, words)


# Normal priors of quanteda's textmodel_wordfish: standard deviation 3 on psi, 1 on beta.
_SIGMA_PSI, _SIGMA_BETA = 3.0, 1.0


def _fit(y: np.ndarray, *, max_iter: int, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Alternate penalised Newton steps on the word and the document parameters until the likelihood settles."""
    alpha, psi, beta, theta = _starting_values(y)
    previous = _loglik(y, alpha, psi, beta, theta)
    for _ in range(max_iter):
        # Word parameters (psi_j, beta_j) given the documents: one Newton step each, vectorised.
        for _inner in range(2):
            mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
            r = y - mu
            g_psi = r.sum(axis=0) - psi / _SIGMA_PSI**2
            g_beta = (r * theta[:, None]).sum(axis=0) - beta / _SIGMA_BETA**2
            h_pp = -mu.sum(axis=0) - 1 / _SIGMA_PSI**2
            h_bb = -(mu * theta[:, None] ** 2).sum(axis=0) - 1 / _SIGMA_BETA**2
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
        current = _loglik(y, alpha, psi, beta, theta)
        if abs(current - previous) <= tol * abs(previous):
            break
        previous = current
    return alpha, psi, beta, theta


def _starting_values(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """As Slapin & Proksch: log means, and the first singular vector of the standardised log counts for positions."""
    alpha = np.log(y.sum(axis=1) / y.sum(axis=1)[0])
    psi = np.log(y.mean(axis=0) + 1e-9)
    centred = np.log(y + 1) - np.log(y + 1).mean(axis=0) - np.log(y + 1).mean(axis=1, keepdims=True)
    u, _, _ = np.linalg.svd(centred, full_matrices=False)
    theta = (u[:, 0] - u[:, 0].mean()) / (u[:, 0].std() or 1.0)
    return alpha, psi, np.zeros(y.shape[1]), theta


def _loglik(y: np.ndarray, alpha: np.ndarray, psi: np.ndarray, beta: np.ndarray, theta: np.ndarray) -> float:
    eta = alpha[:, None] + psi[None, :] + np.outer(theta, beta)
    return float(np.sum(y * eta - np.exp(eta))) - np.sum(psi**2) / (2 * _SIGMA_PSI**2) - np.sum(beta**2) / (
        2 * _SIGMA_BETA**2
    )


def _theta_se(alpha: np.ndarray, psi: np.ndarray, beta: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Standard error of each position from the inverse of the Hessian of its document's likelihood."""
    mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
    h_aa = -mu.sum(axis=1)
    h_tt = -(mu * beta[None, :] ** 2).sum(axis=1)
    h_at = -(mu * beta[None, :]).sum(axis=1)
    var_theta = -h_aa / (h_aa * h_tt - h_at**2)  # the theta entry of the inverse of -H
    return np.sqrt(np.maximum(var_theta, 0))
