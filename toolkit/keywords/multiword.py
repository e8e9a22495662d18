"""Collocations: multiword expressions scored as quanteda's ``textstat_collocations`` scores them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import check_int
from toolkit.corpus import Corpus, as_corpus
from toolkit.keywords.statistics import sort_keyness
from toolkit.nlp import load_pipeline, spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["collocations"]


def _window_counts(sequences: list[list[str | None]], k: int) -> dict[tuple[str | None, ...], int]:
    """Count k-token windows; None marks a removed word (counted, never reported)."""
    counts: dict[tuple[str | None, ...], int] = {}
    for seq in sequences:
        for i in range(len(seq) - k + 1):
            window = tuple(seq[i : i + k])
            counts[window] = counts.get(window, 0) + 1
    return counts


def collocations(
    corpus: Corpus,
    *,
    size: int | Sequence[int] = 2,
    min_count: int = 2,
    smoothing: float = 0.5,
    remove_stopwords: bool = False,
    model: str | Language | None = None,
) -> pd.DataFrame:
    """Return multiword expressions with their association scores (lambda and z as quanteda, PMI, G²).

    Candidates are runs of ``size`` consecutive lower-cased words inside a sentence-level
    stretch of text: a window that contains punctuation or a line break is not counted at all,
    so candidates never cross a full stop, a comma or a paragraph; clitics ('s) are gaps. With ``remove_stopwords``, stopwords become gaps:
    windows containing one are counted in the tables but never reported.

    Parameters
    ----------
    corpus : Corpus
    size : int or list of int
        Number of words per expression (2 to 5), e.g. ``2`` or ``[2, 3]``.
    min_count : int
        Report expressions seen at least this often.
    smoothing : float
        Added to every cell of the 2^K table before taking logarithms (quanteda's 0.5).
    remove_stopwords : bool
        Treat spaCy's English stopwords as gaps.
    model : str, Language or None
        The tokenizer's pipeline.

    Returns
    -------
    pandas.DataFrame
        ``collocation`` (words joined by a space), ``count``, ``length``, ``lambda`` (the
        K-way interaction of the smoothed 2^K table: for bigrams the log odds ratio of seeing
        the second word after the first), ``z`` (lambda over its standard error), ``pmi``
        (natural log of the observed over the expected frequency under independence of the
        words), ``G2`` (log-likelihood ratio of the unsmoothed 2x2 table, bigrams only; NaN
        for longer expressions); sorted by ``z`` descending, ties by expression.

    Raises
    ------
    ValueError
        For a bad ``size``, ``min_count`` or ``smoothing``.

    References
    ----------
    Blaheta, D. & Johnson, M. (2001). Unsupervised learning of multi-word verbs. Proceedings
    of the ACL Workshop on Collocations, 54-60.
    Benoit, K. et al. (2018). quanteda (``textstat_collocations``). Journal of Open Source
    Software, 3(30), 774.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.Corpus.from_texts(["I like good ice cream.", "Me too! I like good ice cream.", ""])
    >>> tk.collocations(corpus)[["collocation", "count", "lambda", "z"]].round(6).values.tolist()[0]
    ['good ice', 2, 4.317488, 2.027787]
    """
    corpus = as_corpus(corpus, func="collocations")
    sizes = [size] if isinstance(size, int) and not isinstance(size, bool) else list(size)  # type: ignore[arg-type]
    if not sizes or not all(isinstance(k, int) and not isinstance(k, bool) and 2 <= k <= 5 for k in sizes):
        raise ValueError(
            f"The 'size' parameter of collocations must be an int in [2, 5] or a list of them. Got {size!r} instead."
        )
    check_int(min_count, name="min_count", func="collocations", minimum=1)
    if not (isinstance(smoothing, (int, float)) and smoothing >= 0):
        raise ValueError(f"The 'smoothing' parameter of collocations must be a number >= 0. Got {smoothing!r} instead.")
    stops = {s.lower() for s in load_pipeline(model).Defaults.stop_words} if remove_stopwords else set()
    stretches, unigrams, n_words = _stretches(corpus, stops, model=model)
    rows = []
    for k in sorted(set(sizes)):
        rows.extend(_scored(_window_counts(stretches, k), k, unigrams, n_words, min_count=min_count, smoothing=smoothing))
    out = pd.DataFrame(rows, columns=["collocation", "count", "length", "lambda", "z", "pmi", "G2"])
    if len(out):
        out = sort_keyness(out.rename(columns={"collocation": "feature"}), "z").rename(columns={"feature": "collocation"})
    return out.astype({"count": "int64", "length": "int64"})


def _stretches(corpus: Corpus, stops: set[str], *, model) -> tuple[list[list[str | None]], dict[str, int], int]:
    """Stretches of words between punctuation and line breaks (None for a removed stopword or a clitic),
    with the count of every word and the number of words."""
    stretches: list[list[str | None]] = []
    unigrams: dict[str, int] = {}
    n_words = 0
    for doc in spacy_docs(corpus, level="tokens", model=model):
        current: list[str | None] = []
        for tok in doc:
            if tok.is_space:
                if "\n" in tok.text and current:  # a line or paragraph break ends a stretch
                    stretches.append(current)
                    current = []
                continue
            low = tok.lower_
            if low.startswith(("'", "\u2019")):  # clitics ('s, 're) are no words
                current.append(None)
                continue
            if not any(ch.isalnum() for ch in low):
                if current:
                    stretches.append(current)
                current = []
                continue
            n_words += 1
            unigrams[low] = unigrams.get(low, 0) + 1
            current.append(None if low in stops else low)
        if current:
            stretches.append(current)
    return stretches, unigrams, n_words


def _scored(
    counts: dict[tuple[str | None, ...], int], k: int, unigrams: dict[str, int], n_words: int, *,
    min_count: int, smoothing: float,
) -> list[dict[str, object]]:
    """One row per k-word expression seen ``min_count`` times: lambda and z of its 2^k table, PMI, G²."""
    total = sum(counts.values())
    if not total:
        return []
    # Marginal counts for every subset S of positions: windows that agree with x on S.
    subsets = [tuple(p for p in range(k) if mask >> p & 1) for mask in range(1 << k)]
    marginals: list[dict[tuple[str | None, ...], int]] = []
    for positions in subsets:
        table: dict[tuple[str | None, ...], int] = {}
        for window, c in counts.items():
            key = tuple(window[p] for p in positions)
            table[key] = table.get(key, 0) + c
        marginals.append(table)
    rows = []
    for window, c in counts.items():
        if c < min_count or None in window:
            continue
        m = [marginals[mask].get(tuple(window[p] for p in subsets[mask]), 0) for mask in range(1 << k)]
        # Moebius inversion: windows matching x exactly on the positions in b and nowhere else.
        exact = []
        for b in range(1 << k):
            total_b = 0
            for s in range(1 << k):
                if s & b == b:
                    total_b += (-1) ** (bin(s).count("1") - bin(b).count("1")) * m[s]
            exact.append(total_b + smoothing)
        lam = sum((-1) ** (k - bin(b).count("1")) * np.log(exact[b]) for b in range(1 << k))
        sigma = np.sqrt(sum(1 / n for n in exact))
        expected = total * np.prod([unigrams[w] / n_words for w in window])
        rows.append(
            {
                "collocation": " ".join(window),  # type: ignore[arg-type]
                "count": c,
                "length": k,
                "lambda": lam,
                "z": lam / sigma if sigma > 0 else np.nan,
                "pmi": float(np.log(c / expected)),
                "G2": _bigram_g2(m, total) if k == 2 else np.nan,
            }
        )
    return rows


def _bigram_g2(m: list[int], total: int) -> float:
    """Log-likelihood ratio of a bigram's unsmoothed 2x2 table, from its marginal counts."""
    n11, n10, n01 = m[3], m[1] - m[3], m[2] - m[3]
    n00 = total - n11 - n10 - n01
    obs = np.array([[n11, n10], [n01, n00]], dtype=float)
    exp = obs.sum(axis=1, keepdims=True) * obs.sum(axis=0, keepdims=True) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2 * float(np.sum(np.where(obs > 0, obs * np.log(obs / exp), 0.0)))
