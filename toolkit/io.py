"""Loaders: statements from common file formats, the UN General Debate Corpus, the demo corpus.

Every loader checks its input and either raises an error that names the file, row or field and
the fix, or warns about what it skipped and why. Source files are only ever read.
"""

from __future__ import annotations

import io
import json
import numbers
import os
import re
import tarfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from toolkit._validation import ToolkitKeyError, check_type, describe_items
from toolkit.corpus import Corpus

__all__ = ["demo_corpus", "load_statements", "load_ungdc"]

PathLike = str | os.PathLike[str]

_TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_TEXT_SUFFIXES = {".txt", ".md"}
_SUPPORTED = sorted(
    set(_TABLE_SUFFIXES) | _JSON_SUFFIXES | _JSONL_SUFFIXES | _PARQUET_SUFFIXES | _EXCEL_SUFFIXES | _TEXT_SUFFIXES
)

_UNGDC_NAME = re.compile(r"^(?P<country>[A-Z]{2,3})_(?P<session>\d+)_(?P<year>\d{4})\.txt$")
# The first General Assembly session met in 1946, so session = year - 1945 throughout the corpus.
_UNGDC_YEAR_OFFSET = 1945
# UTF-8 read as Windows-1252 and saved again ("â€”" for "—", "Ã©" for "é"): valid UTF-8, wrong text.
_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf\u2018-\u201e\u20ac\u2122]")


class LoaderWarning(UserWarning):
    """Something in the input was skipped or repaired; the message says what and why."""


# -- decoding and cleaning ---------------------------------------------------------------------
def _decode(data: bytes, *, source: str, encoding: str) -> str:
    """Decode ``data``; on bad bytes raise an error naming the line, column and the fix."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode(codec, errors="replace")) + 1  # in characters
        bad = data[exc.start : exc.end].hex(" ")
        raise ValueError(
            f"{source}: byte(s) {bad} at line {line}, column {col} are not valid {encoding}. "
            "Re-save the file as UTF-8, or pass encoding='cp1252' (or the file's real encoding) "
            "to load_statements."
        ) from None
    except LookupError:
        raise ValueError(
            f"The 'encoding' parameter of load_statements must name a Python codec. Got {encoding!r} instead."
        ) from None


def _clean_text(text: str) -> str:
    """Normalise line ends and drop byte-order marks (U+FEFF), which only break tokenisation."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:  # pragma: no cover - callers route folders elsewhere
        raise
    except OSError as exc:
        raise OSError(f"{path}: could not be read ({exc.strerror}). Check its permissions.") from None


# -- front matter ---------------------------------------------------------------------------------
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as people write metadata: ``country: NO`` is Norway, not False; dates stay text.

    PyYAML follows YAML 1.1, where yes/no/on/off are booleans and dates become date objects;
    here only true/false are booleans and dates are kept as written, as in a CSV file.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _split_front_matter(text: str, *, source: str) -> tuple[dict[str, Any], str]:
    """Return (metadata, body) of a text that may open with a YAML block between ``---`` lines."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]):
            break
    else:
        raise ValueError(
            f"{source}: the front matter opened by '---' on line 1 is never closed. "
            "Add a line '---' after the metadata, or remove the opening line."
        )
    block = "\n".join(lines[1:end])
    try:
        meta = yaml.load(block, Loader=_FrontMatterLoader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark is not None else "the front matter"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(
            f"{source}: malformed YAML front matter at {where}: {problem}. "
            "Write one 'key: value' per line (quote values that contain a colon)."
        ) from None
    if not isinstance(meta, dict):
        raise ValueError(
            f"{source}: the front matter must be a set of 'key: value' lines; "
            f"got a YAML {type(meta).__name__} instead."
        )
    if "text" in meta:
        raise ValueError(f"{source}: the front matter must not set 'text'; the text is the body below it.")
    return {str(k): v for k, v in meta.items()}, "\n".join(lines[end + 1 :])


# -- filename patterns ---------------------------------------------------------------------------
def _filename_regex(pattern: str) -> re.Pattern[str]:
    """Compile ``"{country}_{session}_{year}"`` into a regex with one named group per field."""
    fields = re.findall(r"\{(\w+)\}", pattern)
    if not fields:
        raise ValueError(
            "The 'pattern' parameter of load_statements must name fields in braces, e.g. "
            f"'{{country}}_{{session}}_{{year}}'. Got {pattern!r} instead."
        )
    if len(set(fields)) != len(fields):
        raise ValueError(f"The 'pattern' parameter of load_statements repeats a field. Got {pattern!r} instead.")
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", pattern):
        out += re.escape(pattern[pos : m.start()]) + f"(?P<{m.group(1)}>.+?)"
        pos = m.end()
    out += re.escape(pattern[pos:])
    return re.compile(f"^{out}$")


def _typed(value: str) -> Any:
    """Return ints for ASCII digit strings (years, sessions: "07" is 7), the string otherwise."""
    return int(value) if value.isascii() and value.isdigit() else value


# -- tabular formats -----------------------------------------------------------------------------
def _check_swallowed_rows(frame: pd.DataFrame, *, sep: str, source: str) -> None:
    """Raise if a cell holds what looks like further rows: a quote opened and never closed.

    Only for tab-separated files: texts seldom contain tabs, while a paragraph with many
    commas is common, so the check would misfire on CSV (where pandas reports an unclosed
    quote at the end of the file anyway).
    """
    width = frame.shape[1]
    if sep != "\t" or width < 3:
        return
    for col in frame.columns:
        for i, value in enumerate(frame[col]):
            if isinstance(value, str) and "\n" in value:
                later = value.split("\n")[1:]
                if any(line.count(sep) >= width - 1 for line in later):
                    raise ValueError(
                        f"{source}: row {i + 2}, column {col!r} holds line breaks followed by what looks like "
                        f"whole rows; a double quote at the start of a field is probably never closed. Close it, "
                        "or double the quotes inside the text (\"\" for \")."
                    )


def _read_table(path: Path, *, encoding: str, sheet: str | int, verbatim: Sequence[str]) -> pd.DataFrame:
    """Read a table; the ``verbatim`` columns (the id) are kept exactly as written, not type-guessed."""
    suffix = path.suffix.lower()
    source = str(path)
    # Only an empty cell is missing: "NA" is Namibia (not "not available"), and an id
    # such as "007" keeps its zeros. Numbers in other columns are still recognised.
    options = {"keep_default_na": False, "na_values": [""], "dtype": {col: str for col in verbatim}}
    if suffix in _TABLE_SUFFIXES:
        text = _decode(_read_bytes(path), source=source, encoding=encoding)
        sep = _TABLE_SUFFIXES[suffix]
        try:
            # Quoting as Excel and pandas write it, for TSV too: a field in double quotes may
            # hold separators, line breaks and doubled quotes.
            frame = pd.read_csv(io.StringIO(text), sep=sep, **options)
            _check_swallowed_rows(frame, sep=sep, source=source)
            return frame
        except pd.errors.EmptyDataError:
            raise ValueError(f"{source}: the file is empty; it needs a header row and one row per statement.") from None
        except pd.errors.ParserError as exc:
            raise ValueError(
                f"{source}: not a well-formed {suffix[1:].upper()} file ({exc}). Check the quoting of texts "
                "that contain the separator or line breaks."
            ) from None
    if suffix in _JSON_SUFFIXES:
        text = _decode(_read_bytes(path), source=source, encoding=encoding)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}. "
                "The file must hold a list of objects, one per statement."
            ) from None
        if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
            lengths = {k: len(v) for k, v in data.items()}
            if len(set(lengths.values())) > 1:
                raise ValueError(
                    f"{source}: an object of columns needs equal-length lists; got lengths "
                    f"{', '.join(f'{k}={n}' for k, n in lengths.items())}. Give every column one value per statement."
                )
            return pd.DataFrame(data)  # column-oriented: {"text": [...], "year": [...]}
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValueError(
                f"{source}: the JSON must be a list of objects (one per statement) or an object of "
                f"equal-length lists (one per column); got a {type(data).__name__} instead."
            )
        return pd.DataFrame(data)
    if suffix in _JSONL_SUFFIXES:
        text = _decode(_read_bytes(path), source=source, encoding=encoding)
        records = []
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"{source}: invalid JSON on line {n}, column {exc.colno}: {exc.msg}. "
                    "Each line must be one JSON object."
                ) from None
            if not isinstance(rec, dict):
                raise ValueError(f"{source}: line {n} is a JSON {type(rec).__name__}; each line must be an object.")
            records.append(rec)
        return pd.DataFrame.from_records(records)
    if suffix in _PARQUET_SUFFIXES:
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises its own error types
            raise ValueError(f"{source}: not a readable Parquet file ({exc}).") from None
    if suffix in _EXCEL_SUFFIXES:
        try:
            book = pd.ExcelFile(path, engine="openpyxl")
        except Exception as exc:  # openpyxl raises zipfile and XML errors
            reason = " ".join(str(exc).split())
            raise ValueError(f"{source}: not a readable Excel workbook ({reason}).") from None
        with book:
            names = book.sheet_names
            if not (sheet in names or (isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names))):
                raise ValueError(
                    f"{source}: has no sheet {sheet!r} (sheets: {', '.join(map(repr, names))}). "
                    "Pass sheet= the name or position (from 0) of the sheet to read."
                )
            return pd.read_excel(book, sheet_name=sheet, **options)
    raise AssertionError(suffix)  # unreachable: suffix checked by the caller


def _unsupported(path: Path) -> ValueError:
    return ValueError(
        f"{path}: unknown format {path.suffix or '(no extension)'!r}. load_statements reads "
        f"{', '.join(_SUPPORTED)}, a folder of .txt/.md files, or a pandas DataFrame; "
        "convert the file or rename it with the right extension."
    )


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
        fields = {k: _typed(v) for k, v in m.groupdict().items()}
    text = _decode(_read_bytes(path), source=str(path), encoding=encoding)
    front, body = _split_front_matter(_clean_text(text), source=str(path))
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
    regex = _filename_regex(pattern) if pattern else None
    files = sorted(folder.rglob("*") if recursive else folder.iterdir())
    # Hidden files and folders (.DS_Store, .ipynb_checkpoints, .git) are not statements.
    files = [f for f in files if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)]
    texts = [f for f in files if f.suffix.lower() in _TEXT_SUFFIXES]
    others = [f for f in files if f.suffix.lower() not in _TEXT_SUFFIXES]
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
    cols = [str(c) for c in frame.columns]
    frame = frame.copy()
    frame.columns = cols
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
        meta_cols = [c for c in cols if c not in (text, id_col)]
    else:
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

    rows = [f"row {i + row_offset}" for i in range(len(frame))]
    values = frame[text]
    bad = [r for r, v in zip(rows, values) if not (isinstance(v, str) or (pd.api.types.is_scalar(v) and pd.isna(v)))]
    if bad:
        raise ValueError(
            f"{source}: the text column {text!r} holds non-text values in {describe_items(bad)}. "
            "Is text= the right column?"
        )
    texts = [_clean_text(v) if isinstance(v, str) else "" for v in values]

    if id_col is None:
        ids = [f"text{i + 1}" for i in range(len(frame))]
    else:
        raw = frame[id_col]
        if raw.isna().any():
            missing_rows = [r for r, v in zip(rows, raw.isna()) if v]
            raise ValueError(
                f"{source}: the id column {id_col!r} is empty in {describe_items(missing_rows)}. "
                + ("Fill in those ids, or pass id= a complete column." if id is not None
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
            + ("Fix the ids, or pass id= a column with unique values." if id is not None
               else "Fix the ids, or rename the 'doc_id' column so that rows are numbered text1, text2, ...")
        )

    empty = [f"{r} ({i})" for r, i, t in zip(rows, ids, texts) if not t.strip()]
    keep = [bool(t.strip()) for t in texts]
    if empty:
        warnings.warn(
            f"{source}: skipped {len(empty)} statement(s) with an empty or whitespace-only text: "
            f"{describe_items(empty)}. Fill in their text to analyse them.",
            LoaderWarning,
            stacklevel=3,
        )
    out = frame.loc[:, meta_cols].copy()
    out.insert(0, "text", texts)
    out.insert(0, "doc_id", ids)
    out = out[keep]
    if out.empty:
        raise ValueError(f"{source}: no statement has any text; nothing to analyse.")
    return Corpus(out)


def load_statements(
    path_or_frame: PathLike | pd.DataFrame,
    *,
    text: str = "text",
    id: str | None = None,
    meta: Sequence[str] | None = None,
    pattern: str | None = None,
    encoding: str = "utf-8",
    sheet: str | int = 0,
    recursive: bool = False,
) -> Corpus:
    """Return a Corpus of statements read from a file, a folder of text files or a DataFrame.

    Formats, chosen by extension: CSV (``.csv``), TSV (``.tsv``, ``.tab``), JSON (a list of
    objects, or an object of columns), JSON Lines (``.jsonl``, ``.ndjson``), Parquet
    (``.parquet``), Excel (``.xlsx``, ``.xlsm``), a single ``.txt`` or ``.md`` file, or a
    folder of ``.txt``/``.md`` files. A text file may open with YAML front matter between
    ``---`` lines, whose keys become metadata; in a folder, ``pattern`` also reads metadata
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
    pattern : str, optional
        For a folder: a file-name pattern such as ``"{country}_{session}_{year}"``; each
        ``{field}`` becomes a metadata column (digit strings become integers). Files whose
        names do not match are skipped with a warning that names them.
    encoding : str
        Encoding of text-based files (default UTF-8, with or without a byte-order mark).
    sheet : str or int
        Excel sheet to read (default: the first).
    recursive : bool
        Read text files in sub-folders too (ids then include the sub-folder path).

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
    >>> speeches = tk.load_statements("speeches/", pattern="{country}_{session}_{year}")  # doctest: +SKIP
    """
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
        frame = _read_folder(path, encoding=encoding, pattern=pattern, recursive=recursive)
        return _frame_to_corpus(frame, source=str(path), text="text", id="doc_id", meta=meta, row_offset=1)
    if pattern is not None:
        raise ValueError("The 'pattern' parameter of load_statements applies to folders only; remove it.")
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        row = _read_text_file(path, encoding=encoding, regex=None, doc_id=path.stem)
        frame = pd.DataFrame([row])
        return _frame_to_corpus(frame, source=str(path), text="text", id="doc_id", meta=meta, row_offset=1)
    if suffix not in _SUPPORTED:
        raise _unsupported(path)
    frame = _read_table(path, encoding=encoding, sheet=sheet, verbatim=[id or "doc_id"])
    # Header on line 1 for delimited files and sheets, so the first statement is row 2.
    offset = 2 if suffix in _TABLE_SUFFIXES or suffix in _EXCEL_SUFFIXES else 1
    return _frame_to_corpus(frame, source=str(path), text=text, id=id, meta=meta, row_offset=offset)


# -- UN General Debate Corpus ---------------------------------------------------------------------
def _ungdc_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (member path, bytes) for every file of the corpus, from a tarball or a folder."""
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file():
                yield f.relative_to(path).as_posix(), f.read_bytes()
        return
    try:
        archive = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError) as exc:
        reason = " ".join(str(exc).split())  # tarfile lists every method it tried, one per line
        raise ValueError(
            f"{path}: not a readable tar archive ({reason}). Pass the UNGDC .tgz as downloaded, or the unpacked folder."
        ) from None
    with archive:
        # Members are read straight from the compressed stream; nothing is written to disk.
        for member in archive:
            if member.isfile():
                fh = archive.extractfile(member)
                if fh is not None:
                    yield member.name, fh.read()


def _read_speakers(path: Path, *, years: set[int] | None = None, countries: set[str] | None = None) -> pd.DataFrame:
    """Return the speakers table keyed by (country, session, year), one row per key.

    Only rows within ``years`` and ``countries`` are read and reported on, so that loading a
    few speeches does not warn about the rest of the table.
    """
    if not path.exists():
        raise FileNotFoundError(f"No such speakers file: '{path}'. Pass the UNGDC Speakers_by_session.xlsx.")
    if path.suffix.lower() in _EXCEL_SUFFIXES:
        table = pd.read_excel(path)
    elif path.suffix.lower() in _TABLE_SUFFIXES:
        table = pd.read_csv(path, sep=_TABLE_SUFFIXES[path.suffix.lower()])
    else:
        raise ValueError(
            f"{path}: the speakers table must be an Excel workbook (.xlsx) or a CSV/TSV file; "
            f"got {path.suffix or 'no extension'!r}. Pass the UNGDC Speakers_by_session.xlsx."
        )
    names = {
        "ISO Code": "country",
        "Session": "session",
        "Year": "year",
        "Country": "country_name",
        "Name of Person Speaking": "speaker",
        "Post": "post",
    }
    missing = [c for c in names if c not in table.columns]
    if missing:
        raise ToolkitKeyError(
            f"{path} has no column {', '.join(map(repr, missing))} (columns: "
            f"{', '.join(map(repr, map(str, table.columns)))}). Is this the UNGDC speakers spreadsheet?"
        )
    table = table[list(names)].rename(columns=names)
    for col in ("country", "country_name", "speaker", "post"):
        table[col] = table[col].astype("string").str.strip().str.replace(r"\s+", " ", regex=True)
    table.index = table.index + 2  # spreadsheet row numbers: header on row 1
    if years is not None:
        table = table[pd.to_numeric(table["year"], errors="coerce").isin(years)]
    if countries is not None:
        table = table[table["country"].isin(countries) | table["country"].isna()]
    no_code = table["country"].isna()
    if no_code.any():
        warnings.warn(
            f"{path}: {int(no_code.sum())} row(s) have no ISO code and cannot be joined to speeches: "
            f"{describe_items(f'row {i} ({n})' for i, n in zip(table.index[no_code], table['country_name'][no_code]))}.",
            LoaderWarning,
            stacklevel=3,
        )
    table = table[~no_code].copy()
    table["session"] = pd.to_numeric(table["session"], errors="coerce").astype("Int64")
    table["year"] = pd.to_numeric(table["year"], errors="coerce").astype("Int64")

    # Some keys are listed twice: exact repeats collapse; different speakers are kept, joined,
    # each with its own post so that the two lists stay aligned.
    keys = ["country", "session", "year"]
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rec in table.to_dict("records"):
        entry = merged.setdefault(tuple(rec[k] for k in keys), {"country_name": rec["country_name"], "people": {}})
        if pd.isna(entry["country_name"]):
            entry["country_name"] = rec["country_name"]
        if pd.isna(rec["speaker"]):
            continue
        person = entry["people"].setdefault(rec["speaker"].casefold(), [rec["speaker"], None])
        if person[1] is None and not pd.isna(rec["post"]):
            person[1] = rec["post"]
    rows = []
    for key, entry in merged.items():
        people = list(entry["people"].values())
        posts = [p for _, p in people]
        rows.append(
            {
                **dict(zip(keys, key)),
                "country_name": entry["country_name"],
                "speaker": " / ".join(n for n, _ in people) if people else pd.NA,
                "post": pd.NA if all(p is None for p in posts) else " / ".join(p or "(no post given)" for p in posts),
            }
        )
    columns = [*keys, "country_name", "speaker", "post"]
    grouped = pd.DataFrame(rows, columns=columns).astype(
        {"session": "Int64", "year": "Int64", "country_name": "string", "speaker": "string", "post": "string"}
    )
    conflicts = grouped[grouped["speaker"].str.contains(" / ", regex=False, na=False)]
    if len(conflicts):
        warnings.warn(
            f"{path}: {len(conflicts)} (country, session, year) key(s) list different speakers; their "
            "speaker and post fields hold all names joined by ' / ': "
            f"{describe_items(f'{c}_{s:02d}_{y}' for c, s, y in conflicts[keys].itertuples(index=False))}.",
            LoaderWarning,
            stacklevel=3,
        )
    return grouped


def _as_set(values: Any, kind: type, *, name: str) -> set[Any] | None:
    """Accept one value or an iterable of values of ``kind`` (a single code or year is common)."""
    if values is None:
        return None
    check = numbers.Integral if kind is int else kind  # numpy integers too (np.arange)

    def ok(v: Any) -> bool:
        return isinstance(v, check) and not isinstance(v, bool)

    if ok(values):
        return {kind(values)}
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(
            f"The {name!r} parameter of load_ungdc must be a {kind.__name__} or a list of them. Got {values!r} instead."
        )
    items = list(values)
    bad = [v for v in items if not ok(v)]
    if bad:
        raise TypeError(f"The {name!r} parameter of load_ungdc must hold {kind.__name__} values. Got {bad[0]!r} instead.")
    return {kind(v) for v in items}


def load_ungdc(
    path: PathLike,
    speakers: PathLike | None = None,
    *,
    years: Iterable[int] | None = None,
    countries: Iterable[str] | None = None,
) -> Corpus:
    """Return the UN General Debate Corpus as a Corpus, one document per speech.

    Reads the ``.tgz`` as distributed (members are streamed from the archive, never extracted
    to disk) or an unpacked folder. Files named ``CCC_NN_YYYY.txt`` (country code, session,
    year) become documents; any other file is skipped and named in a :class:`LoaderWarning`.
    Texts are decoded as UTF-8, byte-order marks removed, line ends normalised to ``\\n`` and
    surrounding whitespace stripped.

    Parameters
    ----------
    path : path
        ``UNGDC_1946-2024.tgz`` (or any ``.tar``/``.tar.gz``), or the unpacked folder.
    speakers : path, optional
        ``Speakers_by_session.xlsx``; joins ``country_name``, ``speaker`` and ``post`` on
        (country, session, year).
    years : int or iterable of int, optional
        Keep only these years (faster than subsetting afterwards).
    countries : str or iterable of str, optional
        Keep only these country codes, e.g. ``["RUS", "USA"]``.

    Returns
    -------
    Corpus
        Sorted by year, then country. Columns: ``doc_id`` (file stem, e.g. ``RUS_79_2024``),
        ``text``, ``country`` (code in the file name), ``session`` and ``year`` (int), and
        with ``speakers``: ``country_name``, ``speaker``, ``post`` (missing where the
        spreadsheet has no entry or leaves it blank).

    Raises
    ------
    FileNotFoundError
        If ``path`` or ``speakers`` does not exist.
    ValueError
        If ``path`` is not a readable archive or holds no speech, or two files share a name.

    References
    ----------
    Jankin, S., Baturo, A. & Dasandi, N. Words to unite nations: The complete UN General
    Debate Corpus, 1946-present. Journal of Peace Research.
    Baturo, A., Dasandi, N. & Mikhaylov, S. (2017). Understanding state preferences with text
    as data: Introducing the UN General Debate Corpus. Research & Politics.

    Examples
    --------
    >>> import toolkit as tk
    >>> un = tk.load_ungdc("UNGDC_1946-2024.tgz", "Speakers_by_session.xlsx", years=range(1991, 2025))  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"No such file or folder: '{path}'. Download the UN General Debate Corpus "
            "(Harvard Dataverse, doi:10.7910/DVN/0TJX8Y) and pass the .tgz or the unpacked folder."
        )
    if speakers is not None and not Path(speakers).exists():
        raise FileNotFoundError(f"No such speakers file: '{speakers}'. Pass the UNGDC Speakers_by_session.xlsx.")
    year_set = _as_set(years, int, name="years")
    country_set = _as_set(countries, str, name="countries")
    rows: list[tuple[str, str, str, int, int]] = []
    where: dict[str, str] = {}
    skipped, mismatched, repaired, garbled = [], [], [], []
    for name, data in _ungdc_members(path):
        base = name.rsplit("/", 1)[-1]
        m = _UNGDC_NAME.match(base)
        if m is None:
            if not base.startswith("._"):  # macOS resource forks are not files of the corpus
                skipped.append(name)
            continue
        country, session, year = m["country"], int(m["session"]), int(m["year"])
        if year_set is not None and year not in year_set:
            continue
        if country_set is not None and country not in country_set:
            continue
        doc_id = base[:-4]
        if doc_id in where:
            raise ValueError(
                f"{path}: two files are named {base} ({where[doc_id]} and {name}). Remove one of them."
            )
        where[doc_id] = name
        if year - session != _UNGDC_YEAR_OFFSET:
            mismatched.append(base)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", errors="replace")
            repaired.append(base)
        if _MOJIBAKE.search(text):
            garbled.append(base)
        rows.append((doc_id, _clean_text(text).strip(), country, session, year))
    if skipped:
        warnings.warn(
            f"{path}: skipped {len(skipped)} file(s) not named CCC_NN_YYYY.txt: {describe_items(skipped)}.",
            LoaderWarning,
            stacklevel=2,
        )
    if mismatched:
        warnings.warn(
            f"{path}: {len(mismatched)} file name(s) pair a session with an unexpected year "
            f"(session = year - 1945): {describe_items(mismatched)}. Kept, with the values in the name.",
            LoaderWarning,
            stacklevel=2,
        )
    if repaired:
        warnings.warn(
            f"{path}: {len(repaired)} file(s) contain bytes that are not UTF-8; they were replaced "
            f"by U+FFFD: {describe_items(repaired)}.",
            LoaderWarning,
            stacklevel=2,
        )
    if garbled:
        warnings.warn(
            f"{path}: {len(garbled)} file(s) hold doubly encoded characters ('â€”' for '—', 'Ã©' for 'é'), "
            f"kept as they are: {describe_items(garbled)}. Repair them before analysis if they matter "
            "(e.g. with the ftfy package) and load the repaired texts with load_statements.",
            LoaderWarning,
            stacklevel=2,
        )
    if country_set is not None:
        unmatched_codes = sorted(country_set - {r[2] for r in rows})
        if unmatched_codes:
            warnings.warn(
                f"{path}: no speech for the country code(s) {', '.join(map(repr, unmatched_codes))}"
                f"{' in the years asked for' if year_set is not None else ''}. Codes are ISO 3166-1 alpha-3 "
                "in capitals (RUS, USA, PSE) or EU.",
                LoaderWarning,
                stacklevel=2,
            )
    empty = [r[0] for r in rows if not r[1]]
    if empty:
        warnings.warn(
            f"{path}: skipped {len(empty)} empty speech file(s): {describe_items(empty)}.",
            LoaderWarning,
            stacklevel=2,
        )
        rows = [r for r in rows if r[1]]
    if not rows:
        raise ValueError(f"{path}: holds no speech named CCC_NN_YYYY.txt (after the year/country filters).")
    frame = pd.DataFrame(rows, columns=["doc_id", "text", "country", "session", "year"])
    frame["session"] = frame["session"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    frame = frame.sort_values(["year", "country"], kind="stable").reset_index(drop=True)
    if speakers is not None:
        table = _read_speakers(Path(speakers), years=year_set, countries=country_set)
        keyed = frame[["country", "session", "year"]].astype({"session": "Int64", "year": "Int64"})
        joined = keyed.merge(
            table, on=["country", "session", "year"], how="left", validate="many_to_one", indicator=True
        )
        for col in ("country_name", "speaker", "post"):
            frame[col] = joined[col].to_numpy()
        no_row = frame["doc_id"][(joined["_merge"] == "left_only").to_numpy()].tolist()
        loaded = set(zip(frame["country"], frame["session"], frame["year"]))
        in_scope = table[
            (table["year"].isin(frame["year"].unique())) & (country_set is None or table["country"].isin(country_set))
        ]
        no_speech = [
            f"{c}_{int(s):02d}_{int(y)}"
            for c, s, y in in_scope[["country", "session", "year"]].itertuples(index=False)
            if (c, int(s), int(y)) not in loaded
        ]
        if no_row or no_speech:
            warnings.warn(
                f"{speakers}: {len(no_row)} speech(es) have no row in the speakers table (speaker missing): "
                f"{describe_items(no_row) or 'none'}; {len(no_speech)} row(s) of the table match no speech "
                f"(often a different code for the same country): {describe_items(no_speech) or 'none'}.",
                LoaderWarning,
                stacklevel=2,
            )
    return Corpus(frame)


def _demo_path() -> Path:
    """Return the demo corpus CSV: inside the installed package, else in the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / "demo" / "statements.csv", here.parent / "data" / "demo" / "statements.csv"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        "The demo corpus (data/demo/statements.csv) is missing from this installation; reinstall the toolkit."
    )


def demo_corpus() -> Corpus:
    """Return the embedded demo corpus: synthetic statements about a fictional regional conflict.

    Six fictional actors (governments and a regional organisation) speak at four venues in
    2024, each with a deliberately distinct rhetoric and framing; see ``data/demo/README.md``.
    The corpus is the project's own writing, released under CC0.

    Returns
    -------
    Corpus
        Columns ``doc_id``, ``text``, ``actor``, ``actor_type``, ``speaker``, ``post``,
        ``venue``, ``date``, ``year``.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.demo_corpus()
    >>> len(corpus), corpus.meta["actor"].nunique(), corpus.meta["venue"].nunique()
    (24, 6, 4)
    """
    return load_statements(_demo_path(), text="text", id="doc_id")
