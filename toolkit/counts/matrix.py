"""The document-feature matrix: sparse counts of words, lemmas or n-grams per statement.

The DFM is the input of keyness and of every count-based measure, as in quanteda.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._util.validation import check_choice, check_column, check_int, check_type, condition_mask, describe_items

__all__ = ["DFM", "check_counts"]

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


def check_counts(dfm: object, *, func: str, name: str = "dfm") -> DFM:
    """Return ``dfm`` if it is a DFM of counts; raise a TypeError or ValueError naming ``func`` otherwise.

    Sums, keyness statistics and rates are defined on counts, not on weights. ``name`` is the
    parameter that holds the DFM (``reference`` for a reference DFM).
    """
    check_type(dfm, DFM, name=name, func=func, expected="a DFM (see toolkit.dfm)")
    if dfm.weighting != "count":
        which = "this DFM" if name == "dfm" else f"the {name!r} DFM"
        raise ValueError(f"{func} needs counts; {which} is weighted ({dfm.weighting!r}). Use the unweighted DFM.")
    return dfm
