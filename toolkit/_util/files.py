"""Files written whole or not at all, and YAML read with errors that name the file and line."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import yaml


def _create_temporary(directory: Path, suffix: str) -> tuple[int, Path]:
    """Open a new, uniquely named file in ``directory`` for writing (the umask applies, as to any new file)."""
    for _ in range(100):
        name = directory / f".tmp-{secrets.token_hex(8)}{suffix}"
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:  # another writer drew the same name: draw again
            continue
    raise FileExistsError(f"{directory}: could not create a temporary file to write {suffix or 'a file'} atomically.")


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one; return the path.

    The data goes to a uniquely named temporary file beside ``path`` (so that two writers never
    share one), which then replaces ``path`` in one step; a file that is replaced keeps its
    permissions. If anything fails, the temporary file is removed and ``path`` is left as it
    was. Text is written as UTF-8.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = _create_temporary(path.parent, path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def read_yaml(path: str | os.PathLike[str], *, text: str | None = None) -> Any:
    """Parse a YAML file (or ``text`` read from it) safely; a syntax error names the file and the line.

    ``yaml.safe_load`` builds only plain data (no tags that run code).
    """
    try:
        return yaml.safe_load(text if text is not None else Path(path).read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "an unknown line"
        raise ValueError(f"{path}: malformed YAML at {where}: {getattr(exc, 'problem', exc)}.") from None


# Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table):
    """Return a copy of ``table`` whose text cells, column names and index cannot run as spreadsheet formulas.

    A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe (the OWASP rule for CSV injection), so that a spreadsheet shows it as text
    instead of running it. Numbers are numbers, not text, and are left alone (``-1.5`` stays a
    number); so is every other cell.

    References
    ----------
    OWASP Foundation. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
    """
    def safe(value):
        return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value

    def textual(values) -> bool:
        return values.dtype == object or str(values.dtype) in ("string", "str", "category")

    out = table.copy()
    for column in out.columns:
        if textual(out[column]):
            out[column] = out[column].astype(object).map(safe)
    out.columns = [safe(c) for c in out.columns]
    if textual(out.index):
        out.index = out.index.map(safe)
    return out
