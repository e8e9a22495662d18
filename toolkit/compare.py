"""Comparison of statements: similarity, clustering and Wordfish scaling."""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._validation import ToolkitKeyError, check_choice, check_column, check_int, check_type, natural_sorted
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
_log = logging.getLogger("toolkit")


class Comparison:
    """Key terms, frames, rhetoric and speech acts of each group against the others (see :func:`compare`).

    Attributes
    ----------
    by, over, speaker : str
    keyness : pandas.DataFrame
        :func:`toolkit.keyness_panel`: every group's top ``n`` terms (and period), reported for
        every group.
    frames : pandas.DataFrame
        ``FrameResult.compare`` (shares of sentences with intervals).
    rhetoric : pandas.DataFrame
        :func:`toolkit.rhetoric_profile` (rates with intervals).
    speech_acts : pandas.DataFrame
        :func:`toolkit.speech_act_counts` of the acts each group performs itself (the subject
        is the speaker, the act is not negated).
    acts : pandas.DataFrame
        Every speech act found (:func:`toolkit.speech_acts`), including acts reported of others.
    summary : pandas.DataFrame
        :meth:`Corpus.summary` (words and sentences per statement).
    corpus : Corpus
    settings : dict
        ``n``, ``n_boot``, ``seed`` and the frame dictionary's name.
    """

    def __init__(self, by, over, keyness, frames, rhetoric, speech_acts, *, speaker=None, acts=None, summary=None,
                 corpus=None, settings=None):
        self.by, self.over, self.speaker = by, over, speaker or by
        self.keyness, self.frames, self.rhetoric, self.speech_acts = keyness, frames, rhetoric, speech_acts
        self.acts, self.summary, self.corpus = acts, summary, corpus
        self.settings = dict(settings or {})

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
        """Return the figures of the comparison by section name (see :func:`toolkit.report.report_figures`)."""
        from toolkit.report import report_figures

        return report_figures(self)

    def to_html(self, path: str | None = None, *, title: str | None = None, model=None):
        """Return the report as one self-contained HTML page, or write it to ``path`` and return the path.

        See :func:`toolkit.report_html`; :func:`toolkit.write_report` also writes every table.
        Every string from the data (names, terms, group labels, statements) is escaped, so a
        statement or a label holding HTML or script shows as text and never runs.
        """
        from toolkit.report import _write_atomic, report_html

        page = report_html(self, title=title, model=model)
        if path is None:
            return page
        from pathlib import Path

        # The path, not the page: in a notebook the last line's value is displayed.
        return _write_atomic(Path(path), page)


def _name_aliases(meta: pd.DataFrame) -> dict[str, str]:
    """Group and speaker values that read as names ("Council of the Southern Littoral"), as aliases.

    Codes of three letters ("IND") and common nouns ("state") are left out: as words of a
    phrase they name nobody. A name ending in -ia also gets its demonym in -ian.
    """
    names = {str(v) for col in meta.columns for v in meta[col].dropna()}
    aliases = {}
    for name in sorted(names):
        if len(name) > 3 and any(ch.isupper() for ch in name):
            aliases[name.lower()] = name
            if name.lower().endswith("ia"):  # the demonym of Russia, Kestria: Russian, Kestrian
                aliases[name.lower() + "n"] = name
    return aliases


def _own(acts: pd.DataFrame, by: str, speaker: str) -> pd.Series:
    """Acts a statement's speaker performs itself: its subject is the speaker (or the group), not negated."""
    subject = acts["subject"]
    mine = subject == acts[speaker].astype(str)
    if by != speaker:
        mine |= subject == acts[by].astype(str)
    return mine & ~acts["negated"].astype(bool)


def compare(
    corpus,
    by: str,
    *,
    over: str | None = None,
    speaker: str | None = None,
    n: int = 15,
    n_boot: int = 500,
    seed: int = 0,
    dictionary=None,
    model=None,
) -> Comparison:
    """Return a :class:`Comparison` of the groups of ``by``: key terms, frames, rhetoric and speech acts.

    Each group is compared with the others (within each period of ``over`` for key terms and
    frames), with intervals everywhere they apply. Progress is logged to the ``toolkit``
    logger at level INFO (the command line shows it).

    Parameters
    ----------
    corpus : Corpus
    by : str
        Metadata column of the groups (e.g. ``actor``, ``country``).
    over : str, optional
        Metadata column of periods (e.g. ``year``).
    speaker : str, optional
        Metadata column naming who speaks in each statement, to which "we" resolves in the
        speech acts (default ``by``). Group and speaker values that read as names (capitalised,
        longer than three letters) also count as names of actors, as whole words, so that
        "the Council of the Southern Littoral calls on ..." is the Council's own act.
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
        ``.keyness``, ``.frames``, ``.rhetoric``, ``.speech_acts``, ``.acts``, ``.summary``,
        ``.to_frame()``, ``.figures()``, ``.to_html(path)``.

    Raises
    ------
    KeyError
        If ``by``, ``over`` or ``speaker`` is not a metadata column.
    """
    from toolkit.corpus import Corpus, _as_corpus
    from toolkit.dfm import dfm as make_dfm
    from toolkit.framing import frames as find_frames
    from toolkit.keywords import keyness_panel
    from toolkit.rhetoric import rhetoric, rhetoric_profile, speech_act_counts, speech_acts

    corpus = _as_corpus(corpus, func="compare")
    speaker = speaker or by
    for col in dict.fromkeys([by, speaker] + ([over] if over else [])):
        check_column(col, corpus.meta_columns, owner="The corpus")
    check_int(n, name="n", func="compare", minimum=1)
    check_int(n_boot, name="n_boot", func="compare", minimum=0)
    steps = 5
    _log.info("1/%d processing %d statements with spaCy (cached after the first run) ...", steps, len(corpus))
    summary = corpus.summary(model=model)
    _log.info("2/%d key terms ...", steps)
    counts = make_dfm(corpus, model=model)
    first = keyness_panel(counts, by, over=over, n=n, n_boot=0, seed=seed)
    # Report every group's top terms for every group, so that the heatmap has no empty cell.
    shared = list(dict.fromkeys(first.loc[first["rank"] <= 5, "feature"]))
    key = keyness_panel(counts, by, over=over, n=n, features=shared, n_boot=n_boot, seed=seed)
    _log.info("3/%d frames ...", steps)
    found = find_frames(corpus, dictionary, model=model)
    frame_shares = found.compare([by, over] if over else by, n_boot=n_boot, seed=seed)
    _log.info("4/%d rhetoric ...", steps)
    profile = rhetoric_profile(rhetoric(corpus, model=model), by=by, n_boot=n_boot, seed=seed)
    _log.info("5/%d speech acts ...", steps)
    columns = list(dict.fromkeys([by, speaker] + ([over] if over else [])))
    # Only the columns needed, so that metadata named like the acts' own columns cannot clash.
    slim = Corpus(corpus.to_frame()[["doc_id", "text", *columns]])
    acts = speech_acts(slim, speaker=speaker, aliases=_name_aliases(corpus.meta[columns]), model=model)
    own = acts[_own(acts, by, speaker)]
    groups = natural_sorted({v for v in corpus.meta[by].dropna()})
    counts_by = speech_act_counts(own, by=by) if not own.empty else pd.DataFrame()
    if not counts_by.empty:  # a group that performs no act of its own is a row of zeros, not missing
        counts_by = counts_by.reindex([g for g in groups], fill_value=0)
        counts_by.index.name = by
    settings = {"n": n, "n_boot": n_boot, "seed": seed,
                "dictionary": "toolkit frames (built in)" if dictionary is None else str(getattr(dictionary, "name", dictionary)),
                "frames": list(found.frames)}
    return Comparison(by, over, key, frame_shares, profile, counts_by, speaker=speaker, acts=acts, summary=summary,
                      corpus=corpus, settings=settings)
