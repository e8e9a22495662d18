"""Latent semantic scaling: positions of statements on a dimension defined by seed words (Watanabe 2021)."""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._util.stats import bootstrap_weights, group_rng, percentile_interval
from toolkit._util.validation import check_ci, check_int
from toolkit.corpus import Corpus, as_corpus
from toolkit.counts import dfm as make_dfm

__all__ = ["LSSResult", "lss"]

#: Bootstrap replicates of :func:`lss` unless told otherwise. Each one refits the SVD, so the
#: interval costs about this many times the scaling itself; raise it to the package's 1000
#: (``N_BOOT``) for the tails of a final figure.
LSS_N_BOOT = 200


class LSSResult(NamedTuple):
    """The result of :func:`lss`: it unpacks as ``documents, words``."""

    documents: pd.DataFrame
    words: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The statements' scores with their intervals (``documents``)."""
        return self.documents


def lss(
    corpus,
    seeds: dict[str, float],
    *,
    k: int = 100,
    terms: list[str] | None = None,
    n_boot: int = LSS_N_BOOT,
    ci: float = 0.95,
    seed: int = 0,
    model=None,
) -> LSSResult:
    """Return statement positions on a dimension defined by seed words (latent semantic scaling), with intervals.

    Following Watanabe (2021): the corpus is split into sentences, a sentence-feature matrix
    is weighted by tf-idf and reduced by a truncated SVD (exact, ARPACK) to ``k`` dimensions;
    each word's polarity is its mean cosine similarity to the seed words, signed by their
    polarity; a statement's score is the frequency-weighted mean polarity of its words,
    standardised across statements.

    The interval holds both sources of uncertainty: the word polarities, estimated from the
    corpus, and the statement's own sentences. Each replicate draws the statements with
    replacement (whole, with their sentences; the paragraphs of one speech together when the
    corpus was made by ``reshape("paragraphs")``, which records their ``parent_id``), refits
    the tf-idf weights, the SVD and the polarities on them, and scores every statement with
    those polarities on a resample of its own sentences (words the drawn statements lack have
    no polarity in that replicate and are left out of the mean); each replicate's scores are
    standardised across the statements, as the estimate's are. Sentences and words are put
    in a fixed order (statement id, sentence number; word) before fitting, and every statement
    draws its sentences from its own stream (seed and doc_id), so scores and intervals do not
    depend on the order of the corpus.

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
        Bootstrap replicates (0: no interval). Each refits the SVD, so the interval takes
        about ``n_boot`` times as long as the scaling: the default 200 keeps that modest;
        pass 1000 for the tails of a final figure.
    ci : float
        Confidence level.
    seed : int
        Seed of the SVD and of the bootstrap.
    model : optional
        The spaCy pipeline (see :func:`toolkit.load_pipeline`).

    Returns
    -------
    LSSResult
        A named pair that unpacks as ``documents, words = tk.lss(...)``. ``documents``:
        ``doc_id``, ``score``, ``low``, ``high`` (percentile interval; NaN for a statement
        without scored words), ``n_words`` (words with a polarity), then the metadata;
        ``attrs`` name ``ci`` and ``n_boot``. ``words``: ``feature``, ``polarity``,
        ``frequency``, sorted by polarity. ``.to_frame()`` is ``documents``.

    Raises
    ------
    ValueError
        If no seed word is in the corpus, or ``k`` is not smaller than the vocabulary.

    References
    ----------
    Watanabe, K. (2021). Latent semantic scaling: A semisupervised text analysis technique for
    new domains and languages. Communication Methods and Measures, 15(2), 81-102.
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their Application, section
    3.8 (resampling clusters). Cambridge University Press.
    """
    corpus = as_corpus(corpus, func="lss")
    check_int(k, name="k", func="lss", minimum=2)
    check_int(n_boot, name="n_boot", func="lss", minimum=0)
    check_ci(ci, func="lss")
    if not seeds or not all(isinstance(v, (int, float)) and v != 0 for v in seeds.values()):
        raise ValueError("The 'seeds' parameter of lss must map seed words to non-zero polarities, e.g. {'peace': 1, 'war': -1}.")
    # Statements in a fixed order (by id), so that nothing below depends on the order of the corpus.
    ids = sorted(corpus.doc_ids, key=str)
    x, statement_of, features = _sentence_matrix(corpus, ids, model)
    if len(features) <= k:
        raise ValueError(f"lss: k={k} must be smaller than the vocabulary ({len(features)} words); lower k.")
    pos = {f: j for j, f in enumerate(features)}
    present = {w: p for w, p in seeds.items() if w.lower() in pos}
    if not present:
        raise ValueError(f"lss: none of the seed words {list(seeds)} occurs in the corpus (features are lower-case).")
    anchors = (np.array([pos[w.lower()] for w in present]), np.array(list(present.values()), dtype=float))
    polarity, _ = _polarity(x, np.ones(x.shape[0]), anchors, k=k, seed=seed)
    use = np.ones(len(features), dtype=bool) if terms is None else np.isin(np.array(features, dtype=object),
                                                                          [t.lower() for t in terms])
    # The sentences of each statement: rows are sorted by statement, so each is one run.
    rows = np.split(np.arange(x.shape[0]), np.searchsorted(statement_of, np.arange(1, len(ids))))
    counts = x[:, np.flatnonzero(use)]
    raw = np.array([_mean_polarity(counts[r], polarity[use]) for r in rows])
    n_words = [int(counts[r].sum()) for r in rows]
    low = high = np.full(len(ids), np.nan)
    if n_boot:
        polarities, seen = _replicate_polarities(x, _units(corpus, ids)[statement_of], anchors, k=k, n_boot=n_boot,
                                                 seed=seed)
        replicates = _replicate_scores(counts, rows, ids, polarities[use], seen[use], seed=seed)
        replicates[~seen.any(axis=0)] = np.nan  # no seed word among the units drawn: an undefined replicate
        with warnings.catch_warnings():  # a statement without scored words has no replicate: NaN, said in the docs
            warnings.simplefilter("ignore", RuntimeWarning)
            low, high = percentile_interval(_standardised(replicates), ci)
    centre, scale = np.nanmean(raw), np.nanstd(raw) or 1.0
    back = pd.Index(ids).get_indexer(corpus.doc_ids)  # from the fixed order back to the corpus's
    documents = pd.concat(
        [
            pd.DataFrame({"doc_id": corpus.doc_ids, "score": ((raw - centre) / scale)[back], "low": np.asarray(low)[back],
                          "high": np.asarray(high)[back], "n_words": np.asarray(n_words)[back]}),
            corpus.meta.drop(columns="doc_id").reset_index(drop=True),
        ],
        axis=1,
    )
    documents.attrs.update({"ci": ci, "n_boot": n_boot})
    words = pd.DataFrame({"feature": features, "polarity": polarity, "frequency": np.asarray(x.sum(axis=0)).ravel()})
    words = words.sort_values("polarity", ascending=False, kind="stable").reset_index(drop=True)
    return LSSResult(documents, words)


def _sentence_matrix(corpus, ids: list, model) -> tuple[sp.csr_matrix, np.ndarray, list[str]]:
    """Sentence counts with rows ordered by (statement, sentence number) and columns by word, and each row's statement.

    ``statement_of`` gives each row's position in ``ids``. A fixed order makes the SVD and
    every sum independent of the order the corpus happens to have. The sentences are split
    from the texts alone, so that ``parent_id`` names the corpus's statements even when the
    corpus is itself made of paragraphs (whose ``parent_id`` names their speech).
    """
    bare = Corpus.from_texts(dict(zip(corpus.doc_ids, corpus.texts)))
    sentences = bare.reshape("sentences", model=model)
    m = make_dfm(sentences, model=model)
    meta = sentences.meta
    statement = pd.Index(ids).get_indexer(meta["parent_id"].astype(str))
    rows = np.lexsort((meta["segment"].to_numpy(), statement))
    cols = np.argsort(np.array(m.features, dtype=object), kind="stable")
    x = m.matrix.tocsr()[rows][:, cols].astype(float)
    return x, statement[rows], [m.features[j] for j in cols]


def _units(corpus, ids: list) -> np.ndarray:
    """The unit each statement is resampled with, as a number per statement of ``ids``.

    The statement itself; or, when the corpus holds passages of statements (``parent_id``,
    written by :meth:`Corpus.reshape`), the parent: the paragraphs of one speech are not
    independent, so they are drawn together.
    """
    meta = corpus.meta.set_index("doc_id").reindex(ids)
    labels = meta["parent_id"] if "parent_id" in meta.columns else pd.Series(ids, index=meta.index)
    labels = labels.where(labels.notna(), pd.Series(ids, index=meta.index)).astype(str)
    return pd.Index(sorted(set(labels))).get_indexer(labels)


def _polarity(
    x: sp.csr_matrix, weights: np.ndarray, anchors: tuple[np.ndarray, np.ndarray], *, k: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every word's polarity from sentences weighted by how often a resample draws them, and which words it saw.

    A sentence drawn w times counts w times in the document frequencies, and its tf-idf row is
    scaled by sqrt(w): the SVD of that matrix is the SVD of the matrix with the row repeated
    w times. Words the weighted sentences lack get polarity 0 and ``seen`` False; so do all
    words when none of the seed words is seen (the replicate is then undefined).
    """
    from sklearn.decomposition import TruncatedSVD  # scikit-learn is slow to import: only when needed
    from sklearn.preprocessing import normalize

    drawn = np.flatnonzero(weights > 0)
    x, w = x[drawn], weights[drawn]
    df = np.asarray((x > 0).T @ w).ravel()
    seen = df > 0
    # quanteda's dfm_tfidf: count times log10(N / document frequency).
    idf = np.log10(np.divide(w.sum(), df, out=np.ones_like(df), where=seen))
    seed_idx, seed_pol = anchors
    live = seen[seed_idx]
    if not live.any():
        return np.zeros(len(df)), np.zeros(len(df), dtype=bool)
    tfidf = sp.diags(np.sqrt(w)) @ x @ sp.diags(idf)
    # ARPACK's truncated SVD is exact: the randomized one (scikit-learn's default) moved the demo's
    # scores by up to half a standard deviation from one random_state to the next, noise that
    # would pass for uncertainty in the interval. (LSX, Watanabe's package, uses an exact SVD too.)
    # A resample with fewer distinct sentences than k keeps the dimensions it has.
    svd = TruncatedSVD(n_components=min(k, min(tfidf.shape) - 1), algorithm="arpack", random_state=seed)
    vectors = normalize(svd.fit(tfidf).components_.T)  # one row per word
    polarity = (vectors @ vectors[seed_idx[live]].T) @ seed_pol[live] / live.sum()
    return np.where(seen, polarity, 0.0), seen


def _mean_polarity(counts: sp.csr_matrix, polarity: np.ndarray) -> float:
    total = counts.sum()
    return float((counts @ polarity).sum() / total) if total else np.nan


def _replicate_polarities(
    x: sp.csr_matrix, unit_of: np.ndarray, anchors: tuple[np.ndarray, np.ndarray], *, k: int, n_boot: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every word's polarity (words x replicates) refitted on units drawn with replacement, and which words each saw.

    ``unit_of`` numbers each sentence's unit (its statement, or the statement's parent); one
    draw over the units, in the order of their labels, weights each replicate's sentences.
    """
    from threadpoolctl import threadpool_limits  # installed with scikit-learn (which textacy brings)

    draws = bootstrap_weights(int(unit_of.max()) + 1, n_boot, np.random.default_rng(seed))
    polarity = np.zeros((x.shape[1], n_boot))
    seen = np.zeros((x.shape[1], n_boot), dtype=bool)
    # Hundreds of SVDs made of small dense steps: BLAS threads cost more than they give (on a
    # busy two-core machine the demo's replicates took six times as long with them).
    with threadpool_limits(limits=1, user_api="blas"):
        for b in range(n_boot):
            polarity[:, b], seen[:, b] = _polarity(x, draws[b, unit_of], anchors, k=k, seed=seed)
    return polarity, seen


def _replicate_scores(
    counts: sp.csr_matrix, rows: list[np.ndarray], ids: list, polarity: np.ndarray, seen: np.ndarray, *, seed: int
) -> np.ndarray:
    """Raw scores of every statement (columns, in the order of ``ids``) in each replicate (rows).

    Each statement is scored with the replicate's polarities on its own sentences, drawn with
    replacement from its own stream (seed and doc_id); words the replicate did not see are
    left out of its mean.
    """
    raw = np.full((polarity.shape[1], len(ids)), np.nan)
    for i, (doc_id, r) in enumerate(zip(ids, rows)):
        if not len(r):
            continue
        own = bootstrap_weights(len(r), polarity.shape[1], group_rng(seed, doc_id))  # replicates x sentences
        sums = np.einsum("bs,sb->b", own, np.asarray(counts[r] @ polarity))
        scored = np.einsum("bs,sb->b", own, np.asarray(counts[r] @ seen.astype(float)))
        with np.errstate(divide="ignore", invalid="ignore"):
            raw[:, i] = np.where(scored > 0, sums / scored, np.nan)
    return raw


def _standardised(raw: np.ndarray) -> np.ndarray:
    """Each replicate's scores standardised across the statements, as the estimate's are (replicates in rows).

    Standardising each replicate, not with the estimate's mean and spread, is the bootstrap of
    the whole estimator: a statement's score is a position relative to the others.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # undefined replicates are all NaN
        centre = np.nanmean(raw, axis=1, keepdims=True)
        scale = np.nanstd(raw, axis=1, keepdims=True)
    return (raw - centre) / np.where(scale > 0, scale, np.nan)
