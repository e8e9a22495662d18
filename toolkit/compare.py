"""Comparison of statements: similarity, clustering and Wordfish scaling."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._validation import ToolkitKeyError, check_choice, check_column, check_int, check_type
from toolkit.dfm import DFM

__all__ = ["Comparison", "compare", "lss", "similarity", "wordfish"]


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


# -- Latent semantic scaling -------------------------------------------------------------------------
def lss(
    corpus,
    seeds: dict[str, float],
    *,
    k: int = 100,
    terms: list[str] | None = None,
    n_boot: int = 200,
    ci: float = 0.95,
    seed: int = 0,
    model=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return statement positions on a dimension defined by seed words (latent semantic scaling), with intervals.

    Following Watanabe (2021): the corpus is split into sentences, a sentence-feature matrix
    is weighted by tf-idf and reduced by a truncated SVD to ``k`` dimensions; each word's
    polarity is its mean cosine similarity to the seed words, signed by their polarity; a
    statement's score is the frequency-weighted mean polarity of its words, standardised
    across statements. The interval resamples each statement's sentences.

    Parameters
    ----------
    corpus : Corpus
    seeds : dict
        Seed words and their polarity, e.g. ``{"cooperation": 1, "dialogue": 1,
        "confrontation": -1, "aggression": -1}`` (document them in your paper).
    k : int
        Dimensions kept by the SVD (fewer for small corpora).
    terms : list of str, optional
        Score statements only with these words (e.g. words near the seeds); default all.
    n_boot : int
        Bootstrap replicates over each statement's sentences (0: no interval).
    ci : float
        Confidence level.
    seed : int
        Seed of the bootstrap.
    model : optional
        The spaCy pipeline (see :func:`toolkit.load_pipeline`).

    Returns
    -------
    documents : pandas.DataFrame
        ``doc_id``, ``score``, ``low``, ``high``, ``n_words`` (words with a polarity), then
        the metadata.
    words : pandas.DataFrame
        ``feature``, ``polarity``, ``frequency``, sorted by polarity.

    Raises
    ------
    ValueError
        If no seed word is in the corpus, or ``k`` is not smaller than the vocabulary.

    References
    ----------
    Watanabe, K. (2021). Latent semantic scaling: A semisupervised text analysis technique for
    new domains and languages. Communication Methods and Measures, 15(2), 81-102.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    from toolkit.corpus import _as_corpus
    from toolkit.dfm import dfm as make_dfm

    corpus = _as_corpus(corpus, func="lss")
    check_int(k, name="k", func="lss", minimum=2)
    check_int(n_boot, name="n_boot", func="lss", minimum=0)
    if not seeds or not all(isinstance(v, (int, float)) and v != 0 for v in seeds.values()):
        raise ValueError("The 'seeds' parameter of lss must map seed words to non-zero polarities, e.g. {'peace': 1, 'war': -1}.")
    sentences = corpus.reshape("sentences", model=model)
    m = make_dfm(sentences, model=model)
    if m.shape[1] <= k:
        raise ValueError(f"lss: k={k} must be smaller than the vocabulary ({m.shape[1]} words); lower k.")
    vectors = TruncatedSVD(n_components=k, random_state=seed).fit(m.weight("tfidf").matrix).components_.T
    vectors = normalize(vectors)  # one row per feature
    pos = {f: j for j, f in enumerate(m.features)}
    present = {w: p for w, p in seeds.items() if w.lower() in pos}
    if not present:
        raise ValueError(f"lss: none of the seed words {list(seeds)} occurs in the corpus (features are lower-case).")
    seed_idx = np.array([pos[w.lower()] for w in present])
    weights = np.array(list(present.values()), dtype=float)
    polarity = (vectors @ vectors[seed_idx].T) @ weights / len(weights)
    freq = m.feature_counts()
    use = np.ones(len(pos), dtype=bool) if terms is None else np.isin(np.array(m.features, dtype=object), [t.lower() for t in terms])
    counts = m.matrix.tocsr()[:, np.flatnonzero(use)]
    pol = polarity[use]
    parents = sentences.meta["parent_id"].to_numpy()
    raw, low, high, n_words = [], [], [], []
    rng = np.random.default_rng(seed)
    tail = (1 - ci) / 2 * 100
    for doc_id in corpus.doc_ids:
        rows = counts[np.flatnonzero(parents == doc_id)]
        per_sentence_sum = np.asarray(rows @ pol).ravel()
        per_sentence_n = np.asarray(rows.sum(axis=1)).ravel()
        total = per_sentence_n.sum()
        raw.append(per_sentence_sum.sum() / total if total else np.nan)
        n_words.append(int(total))
        if n_boot and len(rows.indices) and rows.shape[0] > 1:
            draws = rng.integers(0, rows.shape[0], size=(n_boot, rows.shape[0]))
            boot = per_sentence_sum[draws].sum(axis=1) / np.maximum(per_sentence_n[draws].sum(axis=1), 1)
            lo, hi = np.percentile(boot, [tail, 100 - tail])
        else:
            lo = hi = np.nan
        low.append(lo)
        high.append(hi)
    raw, low, high = np.array(raw), np.array(low), np.array(high)
    centre, scale = np.nanmean(raw), np.nanstd(raw) or 1.0
    documents = pd.concat(
        [
            pd.DataFrame({"doc_id": corpus.doc_ids, "score": (raw - centre) / scale, "low": (low - centre) / scale,
                          "high": (high - centre) / scale, "n_words": n_words}),
            corpus.meta.drop(columns="doc_id").reset_index(drop=True),
        ],
        axis=1,
    )
    documents.attrs["ci"] = ci
    words = pd.DataFrame({"feature": m.features, "polarity": polarity, "frequency": freq}).sort_values(
        "polarity", ascending=False, kind="stable"
    ).reset_index(drop=True)
    return documents, words


# -- everything at once ---------------------------------------------------------------------------------
class Comparison:
    """Key terms, frames, rhetoric and speech acts of each group against the others (see :func:`compare`).

    Attributes
    ----------
    by, over : str
    keyness : pandas.DataFrame
        :func:`toolkit.keyness_panel` (top ``n`` terms per group, and period).
    frames : pandas.DataFrame
        ``FrameResult.compare`` (shares of sentences with intervals).
    rhetoric : pandas.DataFrame
        :func:`toolkit.rhetoric_profile` (rates with intervals).
    speech_acts : pandas.DataFrame
        :func:`toolkit.speech_act_counts` (acts by group).
    """

    def __init__(self, by, over, keyness, frames, rhetoric, speech_acts):
        self.by, self.over = by, over
        self.keyness, self.frames, self.rhetoric, self.speech_acts = keyness, frames, rhetoric, speech_acts

    def __repr__(self) -> str:
        groups = sorted(set(self.keyness["group"]), key=str)
        return f"Comparison(by={self.by!r}, over={self.over!r}; {len(groups)} groups: {', '.join(map(str, groups[:6]))}{' ...' if len(groups) > 6 else ''})"

    def to_frame(self) -> pd.DataFrame:
        """Return all measures in one tidy table: ``group``, ``period``, ``kind``, ``name``, ``value``, ``low``, ``high``.

        ``value`` is the log ratio for key terms (with its bootstrap interval), the share of
        sentences for frames, the level for rhetoric, and the count for speech acts.
        """
        parts = [
            pd.DataFrame({
                "group": self.keyness["group"],
                "period": self.keyness["period"] if "period" in self.keyness else None,
                "kind": "keyness",
                "name": self.keyness["feature"],
                "value": self.keyness["log_ratio"],  # the effect size, which the interval is about
                "low": self.keyness["log_ratio_low"],
                "high": self.keyness["log_ratio_high"],
            }),
            pd.DataFrame({
                "group": self.frames[self.by] if self.by in self.frames else self.frames["group"],
                "period": self.frames[self.over] if self.over and self.over in self.frames else None,
                "kind": "frame",
                "name": self.frames["frame"],
                "value": self.frames["share"],
                "low": self.frames["low"],
                "high": self.frames["high"],
            }),
            pd.DataFrame({
                "group": self.rhetoric["group"], "period": None, "kind": "rhetoric", "name": self.rhetoric["measure"],
                "value": self.rhetoric["value"], "low": self.rhetoric["low"], "high": self.rhetoric["high"],
            }),
        ]
        acts = self.speech_acts.stack().rename("value").reset_index()
        acts.columns = ["group", "name", "value"]
        parts.append(acts.assign(period=None, kind="speech_act", low=np.nan, high=np.nan))
        out = pd.concat(parts, ignore_index=True)
        return out[["group", "period", "kind", "name", "value", "low", "high"]]

    def figures(self) -> dict[str, object]:
        """Return the figures of the comparison: keyness heatmap, frames heatmap, rhetoric profile, speech acts."""
        from toolkit import plots

        out = {}
        if "period" not in self.keyness:
            out["keyness"] = plots.plot_keyness_heatmap(self.keyness, n=5)
        if "group" in self.frames:
            out["frames"] = plots.plot_frames_heatmap(self.frames)
        out["rhetoric"] = plots.plot_rhetoric(self.rhetoric, measures=[
            m for m in ("obligation_per_1k", "possibility_per_1k", "hedge_per_1k", "booster_per_1k", "we_per_1k",
                        "vader_compound") if m in set(self.rhetoric["measure"])
        ])
        if not self.speech_acts.empty:
            out["speech_acts"] = plots.plot_speech_acts(self.speech_acts)
        return out

    def to_html(self, path: str | None = None, *, title: str | None = None) -> str:
        """Return (and write to ``path``) a self-contained HTML page: tables escaped, figures embedded.

        Every string from the data (names, terms, group labels) is escaped, so a statement or a
        label holding HTML or script shows as text and never runs.
        """
        import base64
        import io

        import matplotlib.pyplot as plt

        from toolkit._html import esc

        sections = []
        for name, fig in self.figures().items():
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
            plt.close(fig)
            data = base64.b64encode(buffer.getvalue()).decode("ascii")
            sections.append(f'<h2>{esc(name.replace("_", " ").capitalize())}</h2>'
                            f'<img alt="{esc(name)}" src="data:image/png;base64,{data}">')
        tables = {
            "Key terms": self.keyness.round(4),
            "Frames": self.frames.round(4),
            "Rhetoric": self.rhetoric.round(4),
            "Speech acts": self.speech_acts,
        }
        for name, table in tables.items():
            sections.append(f"<h2>{esc(name)}</h2>" + table.to_html(escape=True, index=name == "Speech acts", border=0))
        heading = esc(title or f"Comparison by {self.by}" + (f" over {self.over}" if self.over else ""))
        page = (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{heading}</title><style>"
            "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}"
            "table{border-collapse:collapse;font-size:.85rem;margin-bottom:2rem}"
            "td,th{padding:.2rem .5rem;border-bottom:1px solid #ddd;text-align:left}"
            "img{max-width:100%}</style></head><body>"
            f"<h1>{heading}</h1>\n" + "\n".join(sections) + "\n</body></html>\n"
        )
        if path is not None:
            from pathlib import Path

            Path(path).write_text(page, encoding="utf-8")
        return page


def compare(
    corpus,
    by: str,
    *,
    over: str | None = None,
    n: int = 15,
    n_boot: int = 500,
    seed: int = 0,
    dictionary=None,
    model=None,
) -> Comparison:
    """Return a :class:`Comparison` of the groups of ``by``: key terms, frames, rhetoric and speech acts.

    Each group is compared with the others (within each period of ``over`` for key terms and
    frames), with intervals everywhere they apply.

    Parameters
    ----------
    corpus : Corpus
    by : str
        Metadata column of the groups (e.g. ``actor``, ``country``).
    over : str, optional
        Metadata column of periods (e.g. ``year``).
    n : int
        Key terms per group (and period).
    n_boot : int
        Bootstrap replicates of every interval.
    seed : int
        Seed of the bootstraps.
    dictionary : optional
        Frame dictionary (default the built-in one).
    model : optional
        The spaCy pipeline.

    Returns
    -------
    Comparison
        ``.keyness``, ``.frames``, ``.rhetoric``, ``.speech_acts``, ``.to_frame()``,
        ``.figures()``, ``.to_html(path)``.

    Raises
    ------
    KeyError
        If ``by`` or ``over`` is not a metadata column.
    """
    from toolkit.corpus import _as_corpus
    from toolkit.dfm import dfm as make_dfm
    from toolkit.framing import frames as find_frames
    from toolkit.keywords import keyness_panel
    from toolkit.rhetoric import rhetoric, rhetoric_profile, speech_act_counts, speech_acts

    corpus = _as_corpus(corpus, func="compare")
    for col in [by] + ([over] if over else []):
        check_column(col, corpus.meta_columns, owner="The corpus")
    check_int(n, name="n", func="compare", minimum=1)
    counts = make_dfm(corpus, model=model)
    first = keyness_panel(counts, by, over=over, n=n, n_boot=0, seed=seed)
    # Report every group's top terms for every group, so that the heatmap has no empty cell.
    shared = list(dict.fromkeys(first.loc[first["rank"] <= 5, "feature"]))
    key = keyness_panel(counts, by, over=over, n=n, features=shared, n_boot=n_boot, seed=seed)
    found = find_frames(corpus, dictionary, model=model)
    frame_shares = found.compare([by, over] if over else by, n_boot=n_boot, seed=seed)
    profile = rhetoric_profile(rhetoric(corpus, model=model), by=by, n_boot=n_boot, seed=seed)
    acts = speech_act_counts(speech_acts(corpus, speaker=by, model=model), by=by)
    return Comparison(by, over, key, frame_shares, profile, acts)
