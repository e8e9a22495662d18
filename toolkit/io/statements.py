"""Statements from a file, a folder of text files or a DataFrame: :func:`load_statements`."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_type, describe_items, renamed
from toolkit.corpus import Corpus
from toolkit.io.tables import EXCEL_SUFFIXES, SUPPORTED, TABLE_SUFFIXES, TEXT_SUFFIXES, read_table, unsupported
from toolkit.io.text import LoaderWarning, clean_text, decode, filename_regex, read_bytes, split_front_matter, typed

__all__ = ["load_statements"]

PathLike = str | os.PathLike[str]


# -- text files ----------------------------------------------------------------------------------
def _read_text_file(
    path: Path, *, encoding: str, regex: re.Pattern[str] | None, doc_id: str
) -> dict[str, Any] | None:
    """Return one row for a .txt/.md file, or None if its name does not match ``regex``."""
    fields: dict[str, Any] = {}
    if regex is not None:
        m = regex.match(path.stem)
        if m is None:
            return None
        fields = {k: typed(v) for k, v in m.groupdict().items()}
    text = decode(read_bytes(path), source=str(path), encoding=encoding)
    front, body = split_front_matter(clean_text(text), source=str(path))
    for key, value in front.items():
        if key in fields and fields[key] != value:
            raise ValueError(
                f"{path}: the file name gives {key}={fields[key]!r} but the front matter says "
                f"{key}={value!r}. Correct one of them."
            )
    row = {"doc_id": doc_id, **fields, **front, "text": body.strip()}
    row["doc_id"] = str(row["doc_id"])
    return row


def _read_folder(folder: Path, *, encoding: str, pattern: str | None, recursive: bool) -> pd.DataFrame:
    regex = filename_regex(pattern) if pattern else None
    files = sorted(folder.rglob("*") if recursive else folder.iterdir())
    # Hidden files and folders (.DS_Store, .ipynb_checkpoints, .git) are not statements.
    files = [f for f in files if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)]
    texts = [f for f in files if f.suffix.lower() in TEXT_SUFFIXES]
    others = [f for f in files if f.suffix.lower() not in TEXT_SUFFIXES]
    if others:
        warnings.warn(
            f"{folder}: skipped {len(others)} file(s) that are not .txt or .md: "
            f"{describe_items(f.relative_to(folder) for f in others)}.",
            LoaderWarning,
            stacklevel=3,
        )
    if not texts:
        raise ValueError(f"{folder}: the folder holds no .txt or .md files. Point load_statements at the files.")
    rows, unmatched = [], []
    by_id: dict[str, list[str]] = {}
    for f in texts:
        by_id.setdefault(f.relative_to(folder).with_suffix("").as_posix(), []).append(f.name)
    clashes = {i: names for i, names in by_id.items() if len(names) > 1}
    if clashes:
        listed = "; ".join(" and ".join(names) for names in clashes.values())
        raise ValueError(
            f"{folder}: files that differ only in their extension would share a document id: {listed}. "
            "Rename or remove one of each pair."
        )
    for f in texts:
        rel = f.relative_to(folder).with_suffix("")
        row = _read_text_file(f, encoding=encoding, regex=regex, doc_id=rel.as_posix())
        if row is None:
            unmatched.append(f.name)
        else:
            rows.append({**row, "_file": f.relative_to(folder).as_posix()})
    if unmatched:
        warnings.warn(
            f"{folder}: skipped {len(unmatched)} file(s) whose names do not match the pattern "
            f"{pattern!r}: {describe_items(unmatched)}. Rename them or change the pattern.",
            LoaderWarning,
            stacklevel=3,
        )
    if not rows:
        raise ValueError(f"{folder}: no file name matches the pattern {pattern!r}; check the pattern.")
    files_of: dict[str, list[str]] = {}
    for row in rows:
        files_of.setdefault(row["doc_id"], []).append(row.pop("_file"))
    clashes = {i: names for i, names in files_of.items() if len(names) > 1}
    if clashes:
        listed = "; ".join(f"{i!r} in {' and '.join(names)}" for i, names in clashes.items())
        raise ValueError(
            f"{folder}: document ids must be unique; the front matter gives the same doc_id: {listed}. "
            "Change the doc_id in those files (or remove it to use the file names)."
        )
    frame = pd.DataFrame(rows)
    for col in frame.columns:
        # A key missing from some files must not turn whole numbers into floats.
        present = [r[col] for r in rows if r.get(col) is not None]
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            dtype = "Int64" if len(present) < len(rows) else "int64"
            frame[col] = pd.array([r.get(col) for r in rows], dtype=dtype)
    return frame


# -- from a frame to a corpus --------------------------------------------------------------------
def _frame_to_corpus(
    frame: pd.DataFrame,
    *,
    source: str,
    text: str,
    id: str | None,
    meta: Sequence[str] | None,
    row_offset: int,
) -> Corpus:
    """Validate a table of statements and return it as a Corpus.

    ``row_offset`` turns a 0-based position into the row number a person sees in the file
    (1-based, after any header), so messages point at the right line.
    """
    frame = frame.copy()
    frame.columns = [str(c) for c in frame.columns]
    id_col, meta_cols = _columns(list(frame.columns), source=source, text=text, id=id, meta=meta)
    rows = [f"row {i + row_offset}" for i in range(len(frame))]
    texts = _texts(frame[text], rows, source=source, text=text)
    ids = _ids(frame, rows, source=source, id_col=id_col, given=id is not None)
    keep = _non_empty(texts, ids, rows, source=source)
    out = frame.loc[:, meta_cols].copy()
    out.insert(0, "text", texts)
    out.insert(0, "doc_id", ids)
    out = out[keep]
    if out.empty:
        raise ValueError(f"{source}: no statement has any text; nothing to analyse.")
    return Corpus(out)


def _columns(
    cols: list[str], *, source: str, text: str, id: str | None, meta: Sequence[str] | None
) -> tuple[str | None, list[str]]:
    """Return the id column (None: number the rows) and the metadata columns, checking that they exist."""
    if text not in cols:
        raise ToolkitKeyError(
            f"{source} has no text column {text!r} (columns: {', '.join(map(repr, cols)) or 'none'}). "
            "Pass text= the name of the column that holds the statements."
        )
    if id is not None and id not in cols:
        raise ToolkitKeyError(
            f"{source} has no id column {id!r} (columns: {', '.join(map(repr, cols))}). "
            "Pass id= an existing column, or id=None to use 'doc_id' if present or number the rows."
        )
    id_col = id if id is not None else ("doc_id" if "doc_id" in cols else None)
    if meta is None:
        # A column literally named "text" or "doc_id" that is not the text or id cannot be
        # kept as metadata under its name; say so rather than drop it.
        shadowed = [c for c in ("text", "doc_id") if c in cols and c not in (text, id_col)]
        if shadowed:
            raise ValueError(
                f"{source} has a column {shadowed[0]!r} besides the {'text' if shadowed[0] == 'text' else 'id'} "
                f"column {text if shadowed[0] == 'text' else id_col!r}; the corpus reserves that name. Rename "
                "the column, or pass meta= the columns to keep."
            )
        return id_col, [c for c in cols if c not in (text, id_col)]
    meta_cols = list(meta)
    missing = [c for c in meta_cols if c not in cols]
    if missing:
        raise ToolkitKeyError(
            f"{source} has no metadata column {', '.join(map(repr, missing))} "
            f"(columns: {', '.join(map(repr, cols))}). Fix the names in meta=."
        )
    reserved = [c for c in meta_cols if c in ("doc_id", "text")]
    if reserved:
        raise ValueError(f"The 'meta' parameter of load_statements must not list {reserved}; they are reserved.")
    return id_col, meta_cols


def _texts(values: pd.Series, rows: list[str], *, source: str, text: str) -> list[str]:
    """The cleaned texts; a missing text is empty, anything else that is not text is an error."""
    bad = [r for r, v in zip(rows, values) if not (isinstance(v, str) or (pd.api.types.is_scalar(v) and pd.isna(v)))]
    if bad:
        raise ValueError(
            f"{source}: the text column {text!r} holds non-text values in {describe_items(bad)}. "
            "Is text= the right column?"
        )
    return [clean_text(v) if isinstance(v, str) else "" for v in values]


def _ids(frame: pd.DataFrame, rows: list[str], *, source: str, id_col: str | None, given: bool) -> list[str]:
    """The document ids: the id column as text (complete and unique), or text1, text2, ..."""
    if id_col is None:
        return [f"text{i + 1}" for i in range(len(frame))]
    raw = frame[id_col]
    if raw.isna().any():
        missing_rows = [r for r, v in zip(rows, raw.isna()) if v]
        raise ValueError(
            f"{source}: the id column {id_col!r} is empty in {describe_items(missing_rows)}. "
            + ("Fill in those ids, or pass id= a complete column." if given
               else "Fill in those ids, or rename the 'doc_id' column so that rows are numbered text1, text2, ...")
        )
    ids = [str(v) for v in raw]
    seen: dict[str, str] = {}
    dups = []
    for r, i in zip(rows, ids):
        if i in seen:
            dups.append(f"{i!r} ({seen[i]} and {r})")
        else:
            seen[i] = r
    if dups:
        raise ValueError(
            f"{source}: document ids must be unique; duplicated: {describe_items(dups, limit=5)}. "
            + ("Fix the ids, or pass id= a column with unique values." if given
               else "Fix the ids, or rename the 'doc_id' column so that rows are numbered text1, text2, ...")
        )
    return ids


def _non_empty(texts: list[str], ids: list[str], rows: list[str], *, source: str) -> list[bool]:
    """Which statements have text; the others are named in a warning (they are left out, not dropped silently)."""
    empty = [f"{r} ({i})" for r, i, t in zip(rows, ids, texts) if not t.strip()]
    if empty:
        warnings.warn(
            f"{source}: skipped {len(empty)} statement(s) with an empty or whitespace-only text: "
            f"{describe_items(empty)}. Fill in their text to analyse them.",
            LoaderWarning,
            stacklevel=4,  # the caller of load_statements
        )
    return [bool(t.strip()) for t in texts]


def load_statements(
    path_or_frame: PathLike | pd.DataFrame,
    *,
    text: str = "text",
    id: str | None = None,
    meta: Sequence[str] | None = None,
    name_pattern: str | None = None,
    encoding: str = "utf-8",
    sheet: str | int = 0,
    recursive: bool = False,
    pattern: str | None = None,
) -> Corpus:
    """Return a Corpus of statements read from a file, a folder of text files or a DataFrame.

    Formats, chosen by extension: CSV (``.csv``), TSV (``.tsv``, ``.tab``), JSON (a list of
    objects, or an object of columns), JSON Lines (``.jsonl``, ``.ndjson``), Parquet
    (``.parquet``), Excel (``.xlsx``, ``.xlsm``), a single ``.txt`` or ``.md`` file, or a
    folder of ``.txt``/``.md`` files. A text file may open with YAML front matter between
    ``---`` lines, whose keys become metadata; in a folder, ``name_pattern`` also reads metadata
    from file names. Line ends are normalised to ``\\n`` and byte-order marks removed.

    Parameters
    ----------
    path_or_frame : path or pandas.DataFrame
    text : str
        Column that holds the statements (tables and DataFrames).
    id : str, optional
        Column of unique document ids. Default: ``doc_id`` if present, else ``text1``,
        ``text2``, ... for tables and the file name (without extension) for text files.
    meta : list of str, optional
        Metadata columns to keep (default: all other columns).
    name_pattern : str, optional
        For a folder: a file-name pattern such as ``"{country}_{session}_{year}"``; each
        ``{field}`` becomes a metadata column (digit strings become integers). Files whose
        names do not match are skipped with a warning that names them.
    encoding : str
        Encoding of text-based files (default UTF-8, with or without a byte-order mark).
    sheet : str or int
        Excel sheet to read (default: the first).
    recursive : bool
        Read text files in sub-folders too (ids then include the sub-folder path).
    pattern : str, optional
        Deprecated name of ``name_pattern`` (``pattern`` is a text pattern elsewhere, as in
        :func:`kwic` and :meth:`Corpus.filter`).

    Returns
    -------
    Corpus

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    KeyError
        If the text, id or a metadata column is missing (the message lists the columns).
    ValueError
        For an unknown format, bytes that are not valid in ``encoding``, malformed JSON or
        front matter, duplicated or missing ids, or a file with no text at all.

    Warns
    -----
    LoaderWarning
        Naming statements skipped because their text is empty, and files skipped in a folder.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.load_statements("statements.csv", text="text", id="doc_id")  # doctest: +SKIP
    >>> speeches = tk.load_statements("speeches/", name_pattern="{country}_{session}_{year}")  # doctest: +SKIP
    """
    name_pattern = renamed(pattern, name_pattern, old="pattern", new="name_pattern", func="load_statements")
    if meta is not None:
        if isinstance(meta, str) or not isinstance(meta, Iterable):
            raise TypeError(
                f"The 'meta' parameter of load_statements must be a list of column names. Got {meta!r} instead."
            )
        meta = [str(m) for m in meta]
    if isinstance(path_or_frame, pd.DataFrame):
        return _frame_to_corpus(path_or_frame, source="The DataFrame", text=text, id=id, meta=meta, row_offset=0)
    check_type(
        path_or_frame, (str, os.PathLike), name="path_or_frame", func="load_statements",
        expected="a file or folder path, or a pandas DataFrame",
    )
    path = Path(path_or_frame)
    if not path.exists():
        raise FileNotFoundError(
            f"No such file or folder: '{path}' (looked in {Path.cwd()} for relative paths). Check the path."
        )
    if path.is_dir():
        frame = _read_folder(path, encoding=encoding, pattern=name_pattern, recursive=recursive)
        return _frame_to_corpus(frame, source=str(path), text="text", id="doc_id", meta=meta, row_offset=1)
    if name_pattern is not None:
        raise ValueError("The 'name_pattern' parameter of load_statements applies to folders only; remove it.")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        row = _read_text_file(path, encoding=encoding, regex=None, doc_id=path.stem)
        frame = pd.DataFrame([row])
        return _frame_to_corpus(frame, source=str(path), text="text", id="doc_id", meta=meta, row_offset=1)
    if suffix not in SUPPORTED:
        raise unsupported(path)
    frame = read_table(path, encoding=encoding, sheet=sheet, verbatim=[id or "doc_id"])
    # Header on line 1 for delimited files and sheets, so the first statement is row 2.
    offset = 2 if suffix in TABLE_SUFFIXES or suffix in EXCEL_SUFFIXES else 1
    return _frame_to_corpus(frame, source=str(path), text=text, id=id, meta=meta, row_offset=offset)
