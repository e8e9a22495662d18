"""Wordfish: positions of documents on one latent dimension from their word counts (Slapin & Proksch 2008)."""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import norm

from toolkit._util.stats import group_rng
from toolkit._util.validation import ToolkitKeyError, check_choice, check_ci, check_int
from toolkit.counts import DFM, check_counts

__all__ = ["WordfishResult", "wordfish"]

#: Parametric bootstrap replicates of :func:`wordfish` unless told otherwise. Each one refits the
#: model; 200 estimate a standard error to within about 5% (1 / sqrt(2 * 200)), and Efron &
#: Tibshirani (1993, ch. 6) find that a standard error seldom needs more.
WORDFISH_N_BOOT = 200


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
    se: Literal["bootstrap", "hessian"] = "bootstrap",
    n_boot: int = WORDFISH_N_BOOT,
    seed: int = 0,
) -> WordfishResult:
    """Return Wordfish positions of the documents (with intervals) and the word parameters.

    The Poisson scaling model of Slapin & Proksch (2008): the count of word j in document i
    is Poisson with mean exp(alpha_i + psi_j + beta_j * theta_i), where theta_i is the
    document's position, alpha_i its length effect, psi_j the word's frequency and beta_j how
    much the word discriminates. Estimated by alternating penalised Newton steps (normal
    priors with standard deviation 3 on psi and 1 on beta, as quanteda's
    ``textmodel_wordfish``); theta is standardised (mean 0, standard deviation 1).

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
    se : {"bootstrap", "hessian"}
        How the standard error of theta is found. ``bootstrap``: the parametric bootstrap of
        Lowe & Benoit (2013): ``n_boot`` count matrices are drawn from the fitted model, the
        model is refitted to each (from the estimates), each refit's positions are turned to
        the estimate's direction (the sign that correlates positively with it), and ``se`` is
        their standard deviation. The word parameters are re-estimated in every replicate, so
        their uncertainty is in the interval. ``hessian``: the inverse of the Hessian of each
        document's likelihood with the word parameters held at their estimates (the standard
        error of Slapin & Proksch and of quanteda): instant, but it treats the word
        parameters as known, so it is too narrow where they are not (rare words).
    n_boot : int
        Bootstrap replicates with ``se="bootstrap"`` (0: no interval, ``se``, ``low`` and
        ``high`` are NaN). Each refits the model, so the bootstrap takes about ``n_boot``
        times as long as the fit; the default 200 estimates a standard error to within about
        5%.
    seed : int
        Seed of the bootstrap (each document's counts are drawn from its own stream, keyed by
        the seed and its doc_id, as every bootstrap of the package).

    Returns
    -------
    WordfishResult
        A named pair that unpacks as ``documents, words = tk.wordfish(m)``. ``documents``:
        ``doc_id``, ``theta``, ``se``, ``low``, ``high`` (theta plus or minus the normal
        quantile of ``ci`` times ``se``), ``alpha``, then the document metadata; its ``attrs``
        name ``ci``, ``se`` and ``n_boot``. ``words``: ``feature``, ``beta``, ``psi``.
        ``.to_frame()`` is ``documents``.

    Raises
    ------
    ValueError
        If the DFM is weighted, has fewer than 3 documents or an empty document.

    Notes
    -----
    On the demo corpus (24 statements, 615 words used at least twice) the bootstrap standard
    errors are 1.0 to 1.6 times the Hessian ones. On counts simulated from the model with
    well-measured words the two agree on average, and a document's bootstrap error can be the
    smaller: the refits are standardised as the estimate is, which the Hessian ignores. Both
    take the counts to be Poisson; texts are overdispersed (a speaker repeats a word), so
    neither interval holds the variation of word choice beyond the model.

    References
    ----------
    Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for estimating time-series party
    positions from texts. American Journal of Political Science, 52(3), 705-722.
    Lowe, W. & Benoit, K. (2013). Validating estimates of latent traits from textual data using
    human judgment as a benchmark. Political Analysis, 21(3), 298-313.
    Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
    """
    check_counts(dfm, func="wordfish")
    check_int(max_iter, name="max_iter", func="wordfish", minimum=1)
    check_ci(ci, func="wordfish")
    check_choice(se, ("bootstrap", "hessian"), name="se", func="wordfish")
    check_int(n_boot, name="n_boot", func="wordfish", minimum=0)
    check_int(seed, name="seed", func="wordfish", minimum=0)
    y, features = _counts(dfm)
    if direction is not None:
        for d in direction:
            if d not in dfm.docnames:
                raise ToolkitKeyError(f"The 'direction' of wordfish names no document: {d!r}.")
    alpha, psi, beta, theta = _fit(y, max_iter=max_iter, tol=tol)
    if direction is not None:
        a, b = (dfm.docnames.index(d) for d in direction)
        if theta[a] > theta[b]:
            theta, beta = -theta, -beta
    if se == "hessian":
        sd = _theta_se(alpha, psi, beta, theta)
    else:
        replicates = _bootstrap(dfm.docnames, (alpha, psi, beta, theta), n_boot=n_boot, seed=seed,
                                max_iter=max_iter, tol=tol)
        sd = replicates.std(axis=0, ddof=1) if len(replicates) > 1 else np.full(len(theta), np.nan)
    z = norm.ppf(0.5 + ci / 2)
    documents = pd.concat(
        [
            pd.DataFrame({"doc_id": dfm.docnames, "theta": theta, "se": sd, "low": theta - z * sd,
                          "high": theta + z * sd, "alpha": alpha}),
            dfm.meta.drop(columns="doc_id").reset_index(drop=True),
        ],
        axis=1,
    )
    documents.attrs.update({"ci": ci, "se": se, "n_boot": n_boot if se == "bootstrap" else 0})
    words = pd.DataFrame({"feature": features, "beta": beta, "psi": psi})
    return WordfishResult(documents, words)


def _counts(dfm: DFM) -> tuple[np.ndarray, list[str]]:
    """The dense counts without words that never occur, after the checks on documents."""
    y = dfm.matrix.toarray().astype(float)
    n = y.shape[0]
    if n < 3:
        raise ValueError(f"wordfish needs at least 3 documents. Got {n}.")
    empty = [d for d, s in zip(dfm.docnames, y.sum(axis=1)) if s == 0]
    if empty:
        raise ValueError(f"wordfish: documents without counts: {', '.join(empty)}. Remove them first.")
    keep = y.sum(axis=0) > 0
    return y[:, keep], [f for f, kp in zip(dfm.features, keep) if kp]


def _bootstrap(
    docnames: list[str],
    estimates: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    *,
    n_boot: int,
    seed: int,
    max_iter: int,
    tol: float,
) -> np.ndarray:
    """Positions refitted to ``n_boot`` count matrices drawn from the fitted model (replicates x documents).

    As Lowe's ``austin::parametric.bootstrap.se``: each refit starts from the estimates, and a
    word that a draw leaves without counts is left out of that refit (it has no information).
    Replicates are fitted in batches (one array operation for many refits), each stopping by
    the same rule as the estimate.
    """
    alpha, psi, beta, theta = estimates
    mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
    streams = [group_rng(seed, d) for d in docnames]
    batch = max(1, min(n_boot, _BATCH_CELLS // mu.size))
    out = []
    for first in range(0, n_boot, batch):
        size = min(batch, n_boot - first)
        y = np.stack([rng.poisson(row, size=(size, len(row))) for rng, row in zip(streams, mu)], axis=1).astype(float)
        # A document drawn without counts has no position: that replicate is undefined and left out.
        y = y[(y.sum(axis=2) > 0).all(axis=1)]
        seen = y.sum(axis=1) > 0
        alpha0, psi0, beta0, theta0 = (np.broadcast_to(x, (len(y), len(x))) for x in estimates)
        # A word a draw lacks starts (and stays) at psi = beta = 0: finite, and out of the fit.
        start = (alpha0.copy(), np.where(seen, psi0, 0.0), np.where(seen, beta0, 0.0), theta0.copy())
        refit = _fit(y, max_iter=max_iter, tol=tol, start=start, seen=seen)[3]
        # The model fixes the scale but not the sign of theta: turn each refit to the estimate's direction.
        out.append(refit * np.where(refit @ theta >= 0, 1.0, -1.0)[:, None])
    return np.concatenate(out) if out else np.empty((0, len(theta)))


# Normal priors of quanteda's textmodel_wordfish: standard deviation 3 on psi, 1 on beta.
_SIGMA_PSI, _SIGMA_BETA = 3.0, 1.0
# Cells (replicates x documents x words) fitted at once: arrays of 0.8 MB stay in the cache (larger ones were slower).
_BATCH_CELLS = 100_000


def _fit(
    y: np.ndarray,
    *,
    max_iter: int,
    tol: float,
    start: tuple[np.ndarray, ...] | None = None,
    seen: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Alternate penalised Newton steps on the word and the document parameters until the likelihood settles.

    ``y`` is documents x words, or a batch of such matrices (batch x documents x words) fitted
    together, each until its own log-likelihood settles; ``start`` (alpha, psi, beta, theta),
    by default those of Slapin & Proksch; ``seen`` (batch x words) marks the words each
    matrix has: the others are left out of its fit.
    """
    if y.ndim == 2:
        start = None if start is None else tuple(x[None] for x in start)
        return tuple(x[0] for x in _fit(y[None], max_iter=max_iter, tol=tol, start=start))
    seen = np.ones(y.shape[::2]) if seen is None else seen.astype(float)
    params = start if start is not None else tuple(x[None] for x in _starting_values(y[0]))
    done = tuple(np.array(x, dtype=float) for x in params)  # each matrix's parameters once its fit settles
    left = np.arange(len(y))  # the matrices still being fitted; the others are dropped from the arrays
    previous = _loglik(y, seen, *params)
    for _ in range(max_iter):
        alpha, psi, beta, theta = params
        psi, beta = _word_step(y, seen, alpha, psi, beta, theta)
        alpha, theta = _document_step(y, seen, alpha, psi, beta, theta)
        params = _identify(alpha, psi, beta, theta)
        current = _loglik(y, seen, *params)
        settled = np.abs(current - previous) <= tol * np.abs(previous)
        for kept, new in zip(done, params):
            kept[left] = new
        if settled.all():
            break
        go_on = ~settled
        left, y, seen, previous = left[go_on], y[go_on], seen[go_on], current[go_on]
        params = tuple(x[go_on] for x in params)
    return done


def _word_step(y, seen, alpha, psi, beta, theta) -> tuple[np.ndarray, np.ndarray]:
    """Word parameters (psi_j, beta_j) given the documents: two Newton steps each, vectorised."""
    for _ in range(2):
        mu = np.exp(alpha[:, :, None] + psi[:, None, :] + theta[:, :, None] * beta[:, None, :])
        r = y - mu
        t = theta[:, :, None]
        g_psi = r.sum(axis=1) - psi / _SIGMA_PSI**2
        g_beta = (r * t).sum(axis=1) - beta / _SIGMA_BETA**2
        h_pp = -mu.sum(axis=1) - 1 / _SIGMA_PSI**2
        h_bb = -(mu * t**2).sum(axis=1) - 1 / _SIGMA_BETA**2
        h_pb = -(mu * t).sum(axis=1)
        det = h_pp * h_bb - h_pb**2
        # A word a matrix lacks keeps its value: it takes no part in that fit.
        psi = psi - seen * (h_bb * g_psi - h_pb * g_beta) / det
        beta = beta - seen * (-h_pb * g_psi + h_pp * g_beta) / det
    return psi, beta


def _document_step(y, seen, alpha, psi, beta, theta) -> tuple[np.ndarray, np.ndarray]:
    """Document parameters (alpha_i, theta_i) given the words: two Newton steps, over the words each matrix has."""
    for _ in range(2):
        mu = np.exp(alpha[:, :, None] + psi[:, None, :] + theta[:, :, None] * beta[:, None, :]) * seen[:, None, :]
        r = y - mu
        b = beta[:, None, :]
        g_a = r.sum(axis=2)
        g_t = (r * b).sum(axis=2)
        h_aa = -mu.sum(axis=2)
        h_tt = -(mu * b**2).sum(axis=2)
        h_at = -(mu * b).sum(axis=2)
        det = h_aa * h_tt - h_at**2
        alpha = alpha - (h_tt * g_a - h_at * g_t) / det
        theta = theta - (-h_at * g_a + h_aa * g_t) / det
    return alpha, theta


def _identify(alpha, psi, beta, theta) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Identification: alpha of the first document 0, theta mean 0 and standard deviation 1 (same likelihood)."""
    psi = psi + alpha[:, :1]
    alpha = alpha - alpha[:, :1]
    mean = theta.mean(axis=1, keepdims=True)
    sd = theta.std(axis=1, keepdims=True)
    sd = np.where(sd > 0, sd, 1.0)
    return alpha, psi + beta * mean, beta * sd, (theta - mean) / sd


def _starting_values(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """As Slapin & Proksch: log means, and the first singular vector of the standardised log counts for positions."""
    alpha = np.log(y.sum(axis=1) / y.sum(axis=1)[0])
    psi = np.log(y.mean(axis=0) + 1e-9)
    centred = np.log(y + 1) - np.log(y + 1).mean(axis=0) - np.log(y + 1).mean(axis=1, keepdims=True)
    u, _, _ = np.linalg.svd(centred, full_matrices=False)
    theta = (u[:, 0] - u[:, 0].mean()) / (u[:, 0].std() or 1.0)
    return alpha, psi, np.zeros(y.shape[1]), theta


def _loglik(y, seen, alpha, psi, beta, theta) -> np.ndarray:
    """Penalised log-likelihood of each matrix of the batch, over the words it has."""
    eta = alpha[:, :, None] + psi[:, None, :] + theta[:, :, None] * beta[:, None, :]
    fit = (seen[:, None, :] * (y * eta - np.exp(eta))).sum(axis=(1, 2))
    return fit - (seen * psi**2).sum(axis=1) / (2 * _SIGMA_PSI**2) - (seen * beta**2).sum(axis=1) / (2 * _SIGMA_BETA**2)


def _theta_se(alpha: np.ndarray, psi: np.ndarray, beta: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Standard error of each position from the inverse of the Hessian of its document's likelihood (words fixed)."""
    mu = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
    h_aa = -mu.sum(axis=1)
    h_tt = -(mu * beta[None, :] ** 2).sum(axis=1)
    h_at = -(mu * beta[None, :]).sum(axis=1)
    var_theta = -h_aa / (h_aa * h_tt - h_at**2)  # the theta entry of the inverse of -H
    return np.sqrt(np.maximum(var_theta, 0))
