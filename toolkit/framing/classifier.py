"""A frame classifier trained on a user's own hand-coded sentences, with cross-validated scores beside the dictionary's.

The loop a researcher follows: run the dictionary (:func:`frames`), code a sample by hand
(:func:`toolkit.coding_sample`), measure the dictionary (:func:`toolkit.frame_validation`), train a
classifier on the codings (:func:`frame_classifier`), compare the two on the same sentences by
cross-validation, and measure the corpus with the better instrument (:meth:`FrameClassifier.predict`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_codings, check_int, check_type
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.framing.detection import FrameResult, FrameRows, frames, statement_sentences, word_count
from toolkit.framing.dictionaries import load_dictionary
from toolkit.lexicon import Lexicon
from toolkit.nlp import spacy_docs

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["FrameClassifier", "frame_classifier"]

SCORE_COLUMNS = ["frame", "method", "trained", "n", "n_coded", "n_found", "precision", "recall", "f1", "kappa"]


@dataclass(frozen=True)
class FrameClassifier:
    """Per-frame classifiers trained on hand-coded sentences (see :func:`frame_classifier`).

    Attributes
    ----------
    frames : tuple of str
        The frames, in the dictionary's order.
    scores : pandas.DataFrame
        Cross-validated scores on the coded sentences, two rows per frame: ``frame``,
        ``method`` ("dictionary" or "classifier"), ``trained`` (False where the classifier
        falls back to the dictionary for a frame with too few codings, so that its row repeats
        the dictionary's), ``n`` (coded sentences), ``n_coded``
        (coded as using the frame), ``n_found`` (found by the method), ``precision``,
        ``recall``, ``f1``, ``kappa`` (Cohen's). The dictionary needs no training, so its row
        is its plain score on the same sentences.
    predictions : pandas.DataFrame
        The coded units (``doc_id``, and ``sent_id`` when the codings had it) with the
        classifier's cross-validated 0/1 per frame: each unit judged by a model that did not
        see its coding. Read the disagreements with the codings before trusting the scores.
    trained : tuple of str
        The frames with a trained model; the others (too few coded sentences, see
        ``min_coded``) are measured by the dictionary in :meth:`predict`.
    dictionary : Lexicon
        The dictionary whose matches are features (and the fallback).
    """

    frames: tuple[str, ...]
    scores: pd.DataFrame
    predictions: pd.DataFrame
    trained: tuple[str, ...]
    dictionary: Lexicon
    word_weight: float
    vectorizer: Any = field(repr=False)
    models: dict[str, Any] = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The tidy table of the result: the cross-validated scores."""
        return self.scores

    def predict(
        self,
        corpus: Corpus,
        *,
        model: str | None = None,
        n_process: int = 1,
        cache_dir: str | Path | None = None,
    ) -> FrameResult:
        """Return the frames of every sentence of ``corpus`` as the classifier judges them.

        The result has the shape of :func:`frames`'s, so ``.compare`` and ``.difference`` work
        on it; ``terms`` lists the dictionary words found in the sentence (possibly none: the
        classifier also uses other words), and a statement's ``count`` is the number of its
        sentences classified as using the frame. Every sentence is judged on its own: a model
        trained on codings of whole statements (no ``sent_id``) was scored on statements, so
        its scores describe sentences only where the coded statements were single sentences.
        """
        corpus = as_corpus(corpus, func="FrameClassifier.predict")
        matched = frames(corpus, self.dictionary, model=model, n_process=n_process, cache_dir=cache_dir)
        found = _matched_terms(matched)
        rows = FrameRows(self.frames, corpus.meta_columns)
        records = meta_records(corpus)
        docs = spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)
        for i, doc in enumerate(docs):
            doc_id = corpus.doc_ids[i]
            sents = statement_sentences(doc)
            units = [_features(list(sent), found.get((doc_id, k + 1), {}), self.word_weight)
                     for k, sent in enumerate(sents)]
            per_sentence: dict[tuple[int, str], list[str]] = {}
            if units:
                x = self.vectorizer.transform(units)
                for frame in self.frames:
                    if frame in self.models:
                        yes = self.models[frame].predict(x).astype(bool)
                    else:
                        yes = np.array([(doc_id, k + 1) in found and frame in found[(doc_id, k + 1)]
                                        for k in range(len(sents))])
                    for k in np.flatnonzero(yes):
                        per_sentence[(int(k), frame)] = found.get((doc_id, int(k) + 1), {}).get(frame, [])
            counts = {f: sum(1 for (_, g) in per_sentence if g == f) for f in self.frames}
            rows.add(doc_id, records[i], sents, per_sentence, counts, words=word_count(doc))
        result = rows.result()
        # corrected_shares warns when asked to measure the classifier on the codings it learnt from.
        result.indicators.attrs["trained_on_codings"] = True
        return result


def frame_classifier(
    corpus: Corpus,
    codings: pd.DataFrame,
    *,
    dictionary: Lexicon | str | Path | None = None,
    cv: int = 5,
    C: float = 1.0,
    word_weight: float = 0.3,
    min_coded: int = 5,
    seed: int = 0,
    model: str | None = None,
    cache_dir: str | Path | None = None,
) -> FrameClassifier:
    """Train one classifier per frame on hand-coded sentences and score it against the dictionary by cross-validation.

    Each coded unit (a sentence, or a whole statement when ``codings`` has no ``sent_id``) is
    described by the dictionary's evidence (which frames' words it contains, and which words)
    and by its lemmas and lemma bigrams; an L2-regularised logistic regression per frame, with
    classes weighted by their frequency, learns from the codings which of that evidence a
    coder follows. Words enter scaled by ``word_weight``, a stronger penalty: with a few hundred
    coded sentences the dictionary's evidence carries the model, and more codings let the
    words matter more.

    Parameters
    ----------
    corpus : Corpus
        The statements the coded sentences come from.
    codings : pandas.DataFrame
        ``doc_id``, optionally ``sent_id`` (as :func:`frames` numbers sentences; e.g. from
        :func:`toolkit.read_codings`), and one 0/1 column per frame to train.
    dictionary : Lexicon, path or None
        The dictionary whose matches are features; None for the built-in frames.
    cv : int
        Folds of the cross-validation (stratified; fewer when a frame has fewer coded units).
    C : float
        Inverse regularisation strength of the logistic regressions.
    word_weight : float
        Scale of the word features against the dictionary's (0 uses the dictionary's only).
    min_coded : int
        A frame coded in fewer units (or absent from fewer) is not trained: :meth:`FrameClassifier.predict`
        uses the dictionary for it, and a warning says so.
    seed : int
        Seed of the folds.
    model, cache_dir
        Passed to :func:`toolkit.spacy_docs`.

    Returns
    -------
    FrameClassifier
        ``.scores`` (cross-validated, classifier beside dictionary), ``.predict(corpus)``.

    Raises
    ------
    KeyError
        If ``codings`` lacks ``doc_id`` or a coded unit is not in ``corpus``.
    ValueError
        If a code is not 0 or 1, or an option is out of range.

    References
    ----------
    Grimmer, J. & Stewart, B. M. (2013). Text as data: The promise and pitfalls of automatic
    content analysis methods for political texts. Political Analysis, 21(3), 267-297.
    Pedregosa, F. et al. (2011). Scikit-learn: Machine learning in Python. JMLR 12, 2825-2830.
    """
    corpus = as_corpus(corpus, func="frame_classifier")
    check_int(cv, name="cv", func="frame_classifier", minimum=2)
    check_int(min_coded, name="min_coded", func="frame_classifier", minimum=2)
    for name, value in (("C", C), ("word_weight", word_weight)):
        check_type(value, (int, float), name=name, func="frame_classifier", expected="a number")
        if not value >= 0 or (name == "C" and value == 0):
            raise ValueError(f"The {name!r} parameter of frame_classifier must be {'> 0' if name == 'C' else '>= 0'}. "
                             f"Got {value!r} instead.")
    lexicon = dictionary if isinstance(dictionary, Lexicon) else load_dictionary(dictionary or "frames")
    names = tuple(c.name for c in lexicon)
    coded = _checked_codings(codings, names)
    matched = frames(corpus, lexicon, model=model, cache_dir=cache_dir)
    units = _coded_units(corpus, coded, matched, word_weight, model=model, cache_dir=cache_dir)
    return _train(coded, units, lexicon, names, cv=cv, C=C, word_weight=word_weight, min_coded=min_coded, seed=seed)


def _checked_codings(codings: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """The codings with ``doc_id`` (str), ``sent_id`` if given, and the dictionary's frames they code (0/1)."""
    check_type(codings, pd.DataFrame, name="codings", func="frame_classifier", expected="a DataFrame")
    if "doc_id" not in codings.columns:
        raise ToolkitKeyError(f"frame_classifier: the codings have no 'doc_id' column (columns: {list(codings.columns)}).")
    frames_ = [f for f in names if f in codings.columns]
    if not frames_:
        raise ToolkitKeyError(
            f"frame_classifier: the codings have no column named like a frame of the dictionary ({', '.join(names)})."
        )
    if codings.empty:
        raise ValueError("frame_classifier: the codings are empty; code some sentences first (tk.coding_sample).")
    return check_codings(codings, frames_, func="frame_classifier")


def _matched_terms(result: FrameResult) -> dict[tuple[str, int], dict[str, list[str]]]:
    """(doc_id, sent_id) -> frame -> the dictionary's words found there."""
    found: dict[tuple[str, int], dict[str, list[str]]] = {}
    for row in result.sentences.itertuples(index=False):
        found.setdefault((str(row.doc_id), int(row.sent_id)), {})[row.frame] = row.terms.split("; ")
    return found


def _features(tokens: list, found: dict[str, list[str]], word_weight: float) -> dict[str, float]:
    """One unit's features: the dictionary's frames and words found, lemmas and lemma bigrams (scaled)."""
    out: dict[str, float] = {}
    for frame, terms in found.items():
        out[f"frame={frame}"] = 1.0
        for term in terms:
            out[f"term={frame}:{term}"] = 1.0
    if word_weight > 0:
        lemmas = [t.lemma_.lower() for t in tokens if t.is_alpha]
        for lemma in lemmas:
            out[f"lemma={lemma}"] = word_weight
        for a, b in zip(lemmas, lemmas[1:]):
            out[f"bigram={a} {b}"] = word_weight
    return out


def _coded_units(corpus: Corpus, coded: pd.DataFrame, matched: FrameResult, word_weight: float, *,
                 model: str | None, cache_dir) -> list[dict[str, float]]:
    """Features of each coded unit: its sentence, or its whole statement when no ``sent_id`` is given."""
    found = _matched_terms(matched)
    positions = {doc_id: i for i, doc_id in enumerate(corpus.doc_ids)}
    unknown = sorted(set(coded["doc_id"]) - set(positions))
    if unknown:
        raise ToolkitKeyError(
            f"frame_classifier: {len(unknown)} coded statement(s) are not in the corpus: {', '.join(unknown[:5])}. "
            "Pass the corpus the sentences were sampled from."
        )
    docs = dict(zip(corpus.doc_ids, spacy_docs(corpus, level="tags", model=model, cache_dir=cache_dir)))
    units = []
    for row in coded.itertuples(index=False):
        sents = statement_sentences(docs[row.doc_id])
        if "sent_id" in coded.columns:
            k = int(row.sent_id)
            if not 1 <= k <= len(sents):
                raise ToolkitKeyError(f"frame_classifier: statement {row.doc_id!r} has no sentence {k} "
                                      f"(it has {len(sents)}).")
            units.append(_features(list(sents[k - 1]), found.get((row.doc_id, k), {}), word_weight))
        else:
            merged: dict[str, list[str]] = {}
            for k in range(1, len(sents) + 1):
                for frame, terms in found.get((row.doc_id, k), {}).items():
                    merged.setdefault(frame, []).extend(terms)
            units.append(_features([t for s in sents for t in s], merged, word_weight))
    return units


def _train(coded: pd.DataFrame, units: list[dict[str, float]], lexicon: Lexicon, names: tuple[str, ...], *,
           cv: int, C: float, word_weight: float, min_coded: int, seed: int) -> FrameClassifier:
    """Cross-validate and fit one logistic regression per coded frame; score the dictionary beside it."""
    # Imported here: scikit-learn takes a second to import, and only training needs it.
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(units)
    if x.shape[1] == 0:
        raise ValueError("frame_classifier: the coded units have no feature: the dictionary finds nothing in them and "
                         "word_weight=0 leaves out their words. Pass word_weight > 0.")
    # Sentences of one statement share its names and rare words: they stay in one fold.
    groups = coded["doc_id"].to_numpy()
    rows, models, skipped = [], {}, []
    predictions = coded[[c for c in ("doc_id", "sent_id") if c in coded.columns]].copy()
    for frame in [f for f in names if f in coded.columns]:
        y = coded[frame].to_numpy()
        dictionary_says = np.array([f"frame={frame}" in u for u in units], dtype=int)
        rows.append(_score(frame, "dictionary", y, dictionary_says))
        smaller = int(min(y.sum(), len(y) - y.sum()))
        n_splits = min(cv, smaller, len(set(groups)))
        if smaller < min_coded or n_splits < 2:
            skipped.append(f"{frame} ({int(y.sum())} of {len(y)} coded as using it)")
            rows.append(_score(frame, "classifier", y, dictionary_says, trained=False))
            predictions[frame] = dictionary_says
            continue
        estimator = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        predictions[frame] = cross_val_predict(estimator, x, y, cv=folds, groups=groups)
        rows.append(_score(frame, "classifier", y, predictions[frame].to_numpy()))
        models[frame] = estimator.fit(x, y)
    if skipped:
        warnings.warn(
            f"frame_classifier: too few coded sentences on one side to train {', '.join(skipped)} "
            f"(min_coded={min_coded}); the dictionary measures these frames. Code more sentences of the rarer side.",
            UserWarning,
            stacklevel=3,
        )
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    return FrameClassifier(names, scores, predictions, tuple(models), lexicon, float(word_weight), vectorizer, models)


def _score(frame: str, method: str, truth: np.ndarray, found: np.ndarray, *, trained: bool = True) -> dict[str, Any]:
    """Precision, recall, F1 and Cohen's kappa (scikit-learn) of one method on one frame."""
    from sklearn.metrics import cohen_kappa_score

    tp = int(((truth == 1) & (found == 1)).sum())
    n_found, n_coded = int(found.sum()), int(truth.sum())
    return {
        "frame": frame, "method": method, "trained": trained if method == "classifier" else False, "n": len(truth), "n_coded": n_coded, "n_found": n_found,
        "precision": tp / n_found if n_found else np.nan,
        "recall": tp / n_coded if n_coded else np.nan,
        "f1": 2 * tp / (n_found + n_coded) if n_found + n_coded else np.nan,
        "kappa": float(cohen_kappa_score(truth, found)) if len(set(truth) | set(found)) > 1 else np.nan,
    }
