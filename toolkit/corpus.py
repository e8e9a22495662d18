"""The Corpus: an immutable table of statements (one row per statement) with their metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from toolkit._validation import ToolkitKeyError, check_choice, check_type, condition_mask, describe_items

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Corpus", "Document"]

_RESERVED = ("doc_id", "text")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201d\u2019')\]]\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def _paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs, whether it marks them by blank lines, line breaks or indents.

    Blocks between blank lines are split further: a block whose lines mostly end a sentence
    holds one paragraph per line (older UN speeches); a block whose lines mostly do not is
    hard-wrapped text, whose lines are joined, with a paragraph break after a line that ends
    a sentence and is short (the last line of a paragraph) or before an indented line. A word
    hyphenated across a line break is joined with its hyphen ("peace-" + "keeping"). Lines
    holding only a number (page numbers of the source) end a paragraph and are not kept.
    """
    out: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) < 2:
            out.extend(line.strip() for line in lines if not _PAGE_NUMBER.match(line))
            continue
        inner = [line for line in lines[:-1] if not _PAGE_NUMBER.match(line)]
        ended = sum(bool(_SENTENCE_END.search(line)) for line in inner)
        if inner and ended / len(inner) >= 0.5:
            out.extend(line.strip() for line in lines if not _PAGE_NUMBER.match(line))
            continue
        widths = sorted(len(line.rstrip()) for line in lines)
        typical = widths[len(widths) // 2]
        current = ""
        for i, line in enumerate(lines):
            if _PAGE_NUMBER.match(line):
                if current:
                    out.append(current)
                current = ""
                continue
            if current and line[:1].isspace():  # an indented line opens a paragraph
                out.append(current)
                current = ""
            piece = line.strip()
            if current.endswith("-") and current[-2:-1].isalpha():
                current += piece
            else:
                current = f"{current} {piece}" if current else piece
            last = i + 1 == len(lines)
            if not last and _SENTENCE_END.search(line) and len(line.rstrip()) < 0.8 * typical:
                out.append(current)
                current = ""
        if current:
            out.append(current)
    return [p for p in out if p]


class Document(NamedTuple):
    """One statement of a :class:`Corpus`: its id, its text and its metadata."""

    doc_id: str
    text: str
    meta: dict[str, Any]


def _pattern_regex(
    pattern: str | Sequence[str], *, valuetype: Literal["glob", "regex"], case_sensitive: bool
) -> re.Pattern[str]:
    """Compile one regex that matches any of ``pattern``.

    A glob matches whole words: ``*`` stands for any word characters, ``?`` for one, and a
    space for any run of whitespace, so ``"Palestin*"`` matches "Palestine" and "Palestinians"
    and ``"international law"`` matches across a line break.
    """
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ValueError(
            "The 'pattern' parameter must be a non-empty string or a list of non-empty strings. "
            f"Got {pattern!r} instead."
        )
    if valuetype == "glob":
        parts = []
        for p in patterns:
            words = []
            for word in p.split():
                rx = re.escape(word).replace(r"\*", r"\w*").replace(r"\?", r"\w")
                words.append(rx)
            parts.append(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
    else:
        parts = patterns
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), flags)
    except re.error as exc:
        raise ValueError(
            f"The 'pattern' parameter is not a valid regular expression ({exc}). Got {pattern!r}; "
            "escape special characters or use valuetype='glob'."
        ) from None


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
        bad = [i for i, t in enumerate(df["text"]) if not isinstance(t, str)]
        if bad:
            raise ValueError(
                f"Corpus: text must be a string in every row; not in rows {describe_items(bad)}. "
                "Remove those rows or fill in their text."
            )
        # Windows and old Mac line ends would split paragraphs on every line.
        df["text"] = [t.replace("\r\n", "\n").replace("\r", "\n") for t in df["text"]]
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

    def _meta_records(self) -> list[dict[str, Any]]:
        """Each document's metadata as a dict, in corpus order (for measures that add it to their rows)."""
        return self._df[self.meta_columns].to_dict("records")

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
        rx = _pattern_regex(pattern, valuetype=valuetype, case_sensitive=case_sensitive)
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
                return [p.strip() for p in custom.split(text)] if custom else _paragraphs(text)

            pieces = (split(t) for t in self._df["text"])
        else:
            from toolkit.nlp import spacy_docs

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
        from toolkit.nlp import spacy_docs

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


def _as_corpus(obj: Corpus | Iterable[str] | Mapping[str, str], *, func: str) -> Corpus:
    """Accept a Corpus, a dict of texts or a list of texts wherever a corpus is expected."""
    if isinstance(obj, Corpus):
        return obj
    if isinstance(obj, (Mapping, list, tuple)):
        return Corpus.from_texts(obj)
    raise TypeError(
        f"The 'corpus' parameter of {func} must be a toolkit Corpus (see toolkit.load_statements). "
        f"Got {type(obj).__name__} instead."
    )
