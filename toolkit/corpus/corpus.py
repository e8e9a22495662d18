"""The Corpus: an immutable table of statements (one row per statement) with their metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from toolkit._util.text import check_texts, normalise_line_ends
from toolkit._util.validation import ToolkitKeyError, check_choice, check_type, condition_mask, describe_items
from toolkit.corpus.segments import pattern_regex, split_paragraphs
from toolkit.nlp import spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Corpus", "Document", "as_corpus", "meta_records"]

_RESERVED = ("doc_id", "text")


class Document(NamedTuple):
    """One statement of a :class:`Corpus`: its id, its text and its metadata."""

    doc_id: str
    text: str
    meta: dict[str, Any]


class Corpus:
    """An immutable collection of statements: unique ``doc_id``, ``text`` and metadata columns.

    Build one with :func:`toolkit.load_statements`, :func:`toolkit.load_ungdc`,
    :func:`toolkit.demo_corpus` or :meth:`Corpus.from_texts`. Every method returns a new
    Corpus or a new DataFrame; nothing modifies the corpus in place.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per statement, with a unique string column ``doc_id`` and a string column
        ``text``; every other column is metadata.

    Raises
    ------
    KeyError
        If ``doc_id`` or ``text`` is missing.
    ValueError
        If ids are duplicated or missing, or a text is not a string.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.Corpus.from_texts({"a": "We condemn the attack.", "b": "We call for restraint."})
    >>> len(corpus)
    2
    """

    __slots__ = ("_df",)

    def __init__(self, frame: pd.DataFrame) -> None:
        check_type(frame, pd.DataFrame, name="frame", func="Corpus", expected="a pandas DataFrame")
        missing = [c for c in _RESERVED if c not in frame.columns]
        if missing:
            raise ToolkitKeyError(
                f"The frame given to Corpus has no column {', '.join(map(repr, missing))}; "
                "use toolkit.load_statements(frame, text=..., id=...) to name the columns."
            )
        df = frame.reset_index(drop=True).copy()
        if df["doc_id"].isna().any():
            rows = np.flatnonzero(df["doc_id"].isna().to_numpy())
            raise ValueError(f"Corpus: doc_id is missing in rows {describe_items(rows)}; give every row an id.")
        df["doc_id"] = df["doc_id"].astype(str)
        dup = df["doc_id"][df["doc_id"].duplicated()].unique()
        if len(dup):
            raise ValueError(
                f"Corpus: doc_id must be unique; duplicated: {describe_items(dup)}. "
                "Choose an id column that is unique, or let the loader number the rows (id=None)."
            )
        check_texts(df["text"].tolist(), owner="Corpus")
        df["text"] = [normalise_line_ends(t) for t in df["text"]]
        order = ["doc_id", "text"] + [c for c in df.columns if c not in _RESERVED]
        object.__setattr__(self, "_df", df[order])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Corpus is immutable; its methods return new corpora.")

    def __reduce__(self):
        # Pickling (multiprocessing, joblib) rebuilds through the constructor and its checks.
        return (Corpus, (self._df,))

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_texts(
        cls,
        texts: Mapping[str, str] | Sequence[str],
        *,
        meta: pd.DataFrame | Mapping[str, Sequence[Any]] | None = None,
    ) -> Corpus:
        """Return a Corpus built from a dict ``{doc_id: text}`` or a list of strings.

        Parameters
        ----------
        texts : dict or list of str
            Texts keyed by id, or a list (ids become ``text1``, ``text2``, ... as in quanteda).
        meta : DataFrame or dict of columns, optional
            One row per text, in the same order, holding metadata.

        Returns
        -------
        Corpus

        Raises
        ------
        ValueError
            If ``meta`` has a different number of rows than there are texts.
        """
        if isinstance(texts, Mapping):
            ids, values = list(map(str, texts.keys())), list(texts.values())
        elif isinstance(texts, Sequence) and not isinstance(texts, str):
            values = list(texts)
            ids = [f"text{i + 1}" for i in range(len(values))]
        else:
            raise TypeError(
                "The 'texts' parameter of Corpus.from_texts must be a dict {doc_id: text} or a list "
                f"of strings. Got {type(texts).__name__} instead."
            )
        frame = pd.DataFrame({"doc_id": ids, "text": values})
        if meta is not None:
            meta_df = pd.DataFrame(meta).reset_index(drop=True)
            if len(meta_df) != len(frame):
                raise ValueError(
                    f"The 'meta' parameter of Corpus.from_texts must have one row per text "
                    f"({len(frame)}). Got {len(meta_df)} rows instead."
                )
            clash = [c for c in meta_df.columns if c in _RESERVED]
            if clash:
                raise ValueError(
                    f"The 'meta' parameter of Corpus.from_texts must not contain {clash}; "
                    "those names are reserved for the id and the text."
                )
            frame = pd.concat([frame, meta_df], axis=1)
        return cls(frame)

    # -- basic protocol -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._df)

    def __iter__(self) -> Iterator[Document]:
        meta_cols = self.meta_columns
        for row in self._df.itertuples(index=False, name=None):
            yield Document(row[0], row[1], dict(zip(meta_cols, row[2:])))

    def __getitem__(self, key: str | int) -> Document:
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            row = self._df.iloc[int(key)]
        elif isinstance(key, str):
            hits = self._df.index[self._df["doc_id"] == key]
            if not len(hits):
                raise ToolkitKeyError(f"The corpus has no document {key!r}; see corpus.doc_ids for the ids.")
            row = self._df.loc[hits[0]]
        else:
            raise TypeError(f"A Corpus is indexed by doc_id (str) or position (int). Got {key!r} instead.")
        return Document(row["doc_id"], row["text"], {c: row[c] for c in self.meta_columns})

    def __repr__(self) -> str:
        meta = ", ".join(self.meta_columns) or "none"
        return f"Corpus({len(self)} documents; metadata: {meta})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Corpus) and self._df.equals(other._df)

    __hash__ = None  # type: ignore[assignment]

    # -- accessors ----------------------------------------------------------------------
    @property
    def doc_ids(self) -> list[str]:
        """The document ids, in corpus order."""
        return self._df["doc_id"].tolist()

    @property
    def texts(self) -> list[str]:
        """The texts, in corpus order."""
        return self._df["text"].tolist()

    @property
    def meta_columns(self) -> list[str]:
        """The names of the metadata columns."""
        return [c for c in self._df.columns if c not in _RESERVED]

    @property
    def meta(self) -> pd.DataFrame:
        """A copy of the metadata: ``doc_id`` and every metadata column, one row per document."""
        return self._df.drop(columns="text").copy()

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the corpus as a DataFrame (``doc_id``, ``text``, metadata)."""
        return self._df.copy()

    # -- selection ----------------------------------------------------------------------
    def subset(self, condition: str | Sequence[bool] | np.ndarray | pd.Series) -> Corpus:
        """Return the documents that satisfy a metadata query or a boolean mask.

        Parameters
        ----------
        condition : str or array-like of bool
            A :meth:`pandas.DataFrame.query` expression over the metadata columns
            (e.g. ``"year >= 1991 and country in ['RUS', 'USA']"``, or ``"actor in @actors"``
            with a variable of yours), or one boolean per document. A comparison with a
            missing value counts as False.

        Returns
        -------
        Corpus

        Raises
        ------
        ValueError
            If the query is invalid or the mask has the wrong length.
        """
        mask = condition_mask(self._df.drop(columns="text"), condition, func="Corpus.subset")
        return Corpus(self._df[mask])

    def filter(
        self,
        pattern: str | Sequence[str],
        *,
        valuetype: Literal["glob", "regex"] = "glob",
        case_sensitive: bool = False,
    ) -> Corpus:
        """Return the documents (or segments) whose text matches any of ``pattern``.

        Combine with :meth:`reshape` to keep, say, the paragraphs that mention Israel or
        Palestine: ``corpus.reshape("paragraphs").filter(["Israel*", "Palestin*"])``.

        Parameters
        ----------
        pattern : str or list of str
            Glob patterns matched against whole words (``*`` any word characters, a space any
            whitespace), or regular expressions when ``valuetype="regex"``.
        valuetype : {"glob", "regex"}
        case_sensitive : bool

        Returns
        -------
        Corpus
        """
        check_choice(valuetype, ("glob", "regex"), name="valuetype", func="Corpus.filter")
        rx = pattern_regex(pattern, valuetype=valuetype, case_sensitive=case_sensitive)
        mask = np.array([rx.search(t) is not None for t in self._df["text"]], dtype=bool)
        return Corpus(self._df[mask])

    # -- reshaping ----------------------------------------------------------------------
    def reshape(
        self,
        to: Literal["sentences", "paragraphs"],
        *,
        paragraph_break: str | None = None,
        model: str | Language | None = None,
        n_process: int = 1,
        cache_dir: str | None = None,
    ) -> Corpus:
        """Return a corpus of sentences or paragraphs, each keeping its parent's id and metadata.

        New ids are ``{doc_id}.{n}`` (n from 1); ``parent_id`` holds the original document's id
        (kept from an earlier reshape, so lineage survives reshaping twice) and ``segment`` the
        position n. Paragraphs are found whether a text marks them by blank lines, by line
        breaks (one paragraph per line, as in older UN General Debate speeches) or by hard-wrapped
        lines (joined again; see ``_paragraphs`` for the rule); page numbers on a line of their
        own are not kept. Sentences come from the spaCy pipeline (see
        :func:`toolkit.spacy_docs`, level ``"sentences"``). Empty segments are not kept.

        Parameters
        ----------
        to : {"sentences", "paragraphs"}
        paragraph_break : str, optional
            Regular expression between paragraphs, instead of the default rule above.
        model, n_process, cache_dir
            Passed to :func:`toolkit.spacy_docs` when splitting into sentences.

        Returns
        -------
        Corpus
        """
        check_choice(to, ("sentences", "paragraphs"), name="to", func="Corpus.reshape")
        if to == "paragraphs":
            custom = re.compile(paragraph_break) if paragraph_break is not None else None

            def split(text: str) -> list[str]:
                return [p.strip() for p in custom.split(text)] if custom else split_paragraphs(text)

            pieces = (split(t) for t in self._df["text"])
        else:
            docs = spacy_docs(self, level="sentences", model=model, n_process=n_process, cache_dir=cache_dir)
            pieces = ([s.text.strip() for s in doc.sents] for doc in docs)
        rows: list[dict[str, Any]] = []
        has_parent = "parent_id" in self._df.columns
        for record, segments in zip(self._df.to_dict("records"), pieces):
            n = 0
            for seg in segments:
                if not seg:
                    continue
                n += 1
                row = dict(record)
                row["parent_id"] = record["parent_id"] if has_parent else record["doc_id"]
                row["doc_id"] = f"{record['doc_id']}.{n}"
                row["segment"] = n
                row["text"] = seg
                rows.append(row)
        columns = list(self._df.columns) + [c for c in ("parent_id", "segment") if c not in self._df.columns]
        return Corpus(pd.DataFrame(rows, columns=columns))

    # -- description --------------------------------------------------------------------
    def summary(
        self, *, model: str | Language | None = None, n_process: int = 1, cache_dir: str | None = None
    ) -> pd.DataFrame:
        """Return tokens, words, types and sentences per document, with the metadata.

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, the metadata columns, then ``tokens`` (all tokens but whitespace,
            punctuation included, as quanteda counts them), ``words`` (tokens that are not
            punctuation), ``types`` (distinct lower-cased tokens) and ``sentences``.
        """
        counts = []
        for doc in spacy_docs(self, level="sentences", model=model, n_process=n_process, cache_dir=cache_dir):
            toks = [t for t in doc if not t.is_space]
            counts.append(
                (
                    len(toks),
                    sum(not t.is_punct for t in toks),
                    len({t.lower_ for t in toks}),
                    sum(1 for _ in doc.sents) if len(doc) else 0,
                )
            )
        out = self.meta
        stats = pd.DataFrame(counts, columns=["tokens", "words", "types", "sentences"], dtype="int64")
        return pd.concat([out.reset_index(drop=True), stats], axis=1)


def as_corpus(obj: Corpus | Iterable[str] | Mapping[str, str], *, func: str) -> Corpus:
    """Accept a Corpus, a dict of texts or a list of texts wherever a corpus is expected."""
    if isinstance(obj, Corpus):
        return obj
    if isinstance(obj, (Mapping, list, tuple)):
        return Corpus.from_texts(obj)
    raise TypeError(
        f"The 'corpus' parameter of {func} must be a toolkit Corpus (see toolkit.load_statements). "
        f"Got {type(obj).__name__} instead."
    )


def meta_records(corpus: Corpus) -> list[dict[str, Any]]:
    """Each document's metadata as a dict, in corpus order (for measures that add it to their rows)."""
    return corpus.meta[corpus.meta_columns].to_dict("records")
