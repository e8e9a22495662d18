"""Latent semantic scaling: positions of statements on a dimension defined by seed words (Watanabe 2021)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from toolkit._util.stats import N_BOOT, bootstrap_ratio, bootstrap_weights, group_rng, percentile_interval
from toolkit._util.validation import check_int
from toolkit.corpus import Corpus, as_corpus
from toolkit.counts import dfm as make_dfm

__all__ = ["LSSResult", "lss"]


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
    n_boot: int = N_BOOT,
    ci: float = 0.95,
    seed: int = 0,
    model=None,
) -> LSSResult:
    """Return statement positions on a dimension defined by seed words (latent semantic scaling), with intervals.

    Following Watanabe (2021): the corpus is split into sentences, a sentence-feature matrix
    is weighted by tf-idf and reduced by a truncated SVD to ``k`` dimensions; each word's
    polarity is its mean cosine similarity to the seed words, signed by their polarity; a
    statement's score is the frequency-weighted mean polarity of its words, standardised
    across statements. The interval resamples each statement's sentences (the word polarities
    stay fixed), from the statement's own random stream.

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
    LSSResult
        A named pair that unpacks as ``documents, words = tk.lss(...)``. ``documents``:
        ``doc_id``, ``score``, ``low``, ``high``, ``n_words`` (words with a polarity), then the
        metadata; ``words``: ``feature``, ``polarity``, ``frequency``, sorted by polarity.
        ``.to_frame()`` is ``documents``.

    Raises
    ------
    ValueError
        If no seed word is in the corpus, or ``k`` is not smaller than the vocabulary.

    References
    ----------
    Watanabe, K. (2021). Latent semantic scaling: A semisupervised text analysis technique for
    new domains and languages. Communication Methods and Measures, 15(2), 81-102.
    """
    from sklearn.decomposition import TruncatedSVD  # scikit-learn is slow to import: only when needed
    from sklearn.preprocessing import normalize

    corpus = as_corpus(corpus, func="lss")
    check_int(k, name="k", func="lss", minimum=2)
    check_int(n_boot, name="n_boot", func="lss", minimum=0)
    if not seeds or not all(isinstance(v, (int, float)) and v != 0 for v in seeds.values()):
        raise ValueError("The 'seeds' parameter of lss must map seed words to non-zero polarities, e.g. {'peace': 1, 'war': -1}.")
    # Sentences of the documents given: a corpus already split into paragraphs keeps its
    # statements' ids in parent_id (Corpus.reshape keeps lineage), which would hide the paragraphs.
    sentences = Corpus(corpus.to_frame().drop(columns=["parent_id"], errors="ignore")).reshape("sentences", model=model)
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
    for doc_id in corpus.doc_ids:
        rows = counts[np.flatnonzero(parents == doc_id)]
        per_sentence_sum = np.asarray(rows @ pol).ravel()
        per_sentence_n = np.asarray(rows.sum(axis=1)).ravel()
        total = per_sentence_n.sum()
        raw.append(per_sentence_sum.sum() / total if total else np.nan)
        n_words.append(int(total))
        if n_boot and len(rows.indices) and rows.shape[0] > 1:
            # The statement's own stream: its interval does not move when other statements are added or reordered.
            weights = bootstrap_weights(rows.shape[0], n_boot, group_rng(seed, doc_id))
            lo, hi = percentile_interval(bootstrap_ratio(per_sentence_sum[:, None], per_sentence_n, weights)[:, 0], ci)
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
    return LSSResult(documents, words)
