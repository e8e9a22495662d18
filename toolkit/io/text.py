"""Reading text from files: decoding with errors that name the line, front matter, fields in file names.

Every loader checks its input and either raises an error that names the file, row or field and
the fix, or warns (:class:`LoaderWarning`) about what it skipped and why. Source files are only
ever read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from toolkit._util.text import normalise_line_ends


class LoaderWarning(UserWarning):
    """Something in the input was skipped or repaired; the message says what and why."""


# -- decoding and cleaning ---------------------------------------------------------------------
def decode(data: bytes, *, source: str, encoding: str) -> str:
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


def clean_text(text: str) -> str:
    """Normalise line ends and drop byte-order marks (U+FEFF), which only break tokenisation."""
    return normalise_line_ends(text).replace("\ufeff", "")


def read_bytes(path: Path) -> bytes:
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


def split_front_matter(text: str, *, source: str) -> tuple[dict[str, Any], str]:
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
def filename_regex(pattern: str) -> re.Pattern[str]:
    """Compile ``"{country}_{session}_{year}"`` into a regex with one named group per field."""
    fields = re.findall(r"\{(\w+)\}", pattern)
    if not fields:
        raise ValueError(
            "The 'name_pattern' parameter of load_statements must name fields in braces, e.g. "
            f"'{{country}}_{{session}}_{{year}}'. Got {pattern!r} instead."
        )
    if len(set(fields)) != len(fields):
        raise ValueError(f"The 'name_pattern' parameter of load_statements repeats a field. Got {pattern!r} instead.")
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", pattern):
        out += re.escape(pattern[pos : m.start()]) + f"(?P<{m.group(1)}>.+?)"
        pos = m.end()
    out += re.escape(pattern[pos:])
    return re.compile(f"^{out}$")


def typed(value: str) -> Any:
    """Return ints for ASCII digit strings (years, sessions: "07" is 7), the string otherwise."""
    return int(value) if value.isascii() and value.isdigit() else value
