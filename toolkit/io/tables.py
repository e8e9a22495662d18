"""Tables of statements: CSV, TSV, JSON, JSON Lines, Parquet and Excel, read with errors that name the row."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from toolkit.io.text import decode, read_bytes

TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".txt", ".md"}
SUPPORTED = sorted(
    set(TABLE_SUFFIXES) | JSON_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES | EXCEL_SUFFIXES | TEXT_SUFFIXES
)


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


def read_table(path: Path, *, encoding: str, sheet: str | int, verbatim: Sequence[str]) -> pd.DataFrame:
    """Read a table; the ``verbatim`` columns (the id) are kept exactly as written, not type-guessed."""
    suffix = path.suffix.lower()
    source = str(path)
    # Only an empty cell is missing: "NA" is Namibia (not "not available"), and an id
    # such as "007" keeps its zeros. Numbers in other columns are still recognised.
    options = {"keep_default_na": False, "na_values": [""], "dtype": {col: str for col in verbatim}}
    if suffix in TABLE_SUFFIXES:
        text = decode(read_bytes(path), source=source, encoding=encoding)
        sep = TABLE_SUFFIXES[suffix]
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
    if suffix in JSON_SUFFIXES:
        text = decode(read_bytes(path), source=source, encoding=encoding)
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
    if suffix in JSONL_SUFFIXES:
        text = decode(read_bytes(path), source=source, encoding=encoding)
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
    if suffix in PARQUET_SUFFIXES:
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises its own error types
            raise ValueError(f"{source}: not a readable Parquet file ({exc}).") from None
    if suffix in EXCEL_SUFFIXES:
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


def unsupported(path: Path) -> ValueError:
    return ValueError(
        f"{path}: unknown format {path.suffix or '(no extension)'!r}. load_statements reads "
        f"{', '.join(SUPPORTED)}, a folder of .txt/.md files, or a pandas DataFrame; "
        "convert the file or rename it with the right extension."
    )
