"""Frame dictionaries in the formats researchers share: the toolkit's YAML, quanteda's YAML, LIWC, Lexicoder, WordStat."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any, Literal

import yaml

from toolkit._util.files import read_yaml, write_atomic
from toolkit._util.validation import check_choice
from toolkit.lexicon import Category, Lexicon, builtin_path, load_lexicon

__all__ = ["load_dictionary", "write_dictionary"]

DictionaryFormat = Literal["yaml", "dic", "lc3", "cat"]
_SUFFIX_FORMAT = {".yaml": "yaml", ".yml": "yaml", ".dic": "dic", ".lc3": "lc3", ".lcd": "lc3", ".cat": "cat"}


def _term(raw: str, *, source: str, line: int) -> str:
    """Normalise a dictionary entry: lower case, underscores as spaces, only a final * as wildcard."""
    term = " ".join(raw.strip().replace("_", " ").split()).lower()
    if not term:
        raise ValueError(f"{source}, line {line}: an empty term.")
    if "*" in term[:-1] or "?" in term:
        raise ValueError(
            f"{source}, line {line}: the term {raw.strip()!r} has a wildcard inside it; only a final * "
            "(any ending) is supported. Write the variants out, or end the term with *."
        )
    return term


def _read_dic(text: str, source: str) -> dict[str, list[str]]:
    """LIWC: category ids and names between two '%' lines, then 'term<TAB>id id ...'."""
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise ValueError(
            f"{source}: not a LIWC dictionary: it needs the category list between two lines holding only '%'."
        )
    names: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2:
            raise ValueError(f"{source}, line {i + 1}: a category line needs an id and a name, e.g. '1\tpositive'.")
        names[parts[0]] = "_".join(parts[1:])
    cats: dict[str, list[str]] = {name: [] for name in names.values()}
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        parts = re.split(r"\t+", line.strip()) if "\t" in line else line.split()
        if "\t" in line:
            term, ids = parts[0], " ".join(parts[1:]).split()
        else:
            term, ids = parts[0], parts[1:]
        if not ids:
            raise ValueError(f"{source}, line {i + 1}: the term {term!r} has no category id.")
        for cid in ids:
            if cid not in names:
                raise ValueError(
                    f"{source}, line {i + 1}: category id {cid!r} is not declared between the '%' lines."
                )
            cats[names[cid]].append(_term(term, source=source, line=i + 1))
    return cats


def _read_lc3(text: str, source: str) -> dict[str, list[str]]:
    """Lexicoder: '+category' lines, each followed by its terms, one per line."""
    cats: dict[str, list[str]] = {}
    current: str | None = None
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("+"):
            current = line.strip()[1:].strip()
            if not current:
                raise ValueError(f"{source}, line {i}: a category line '+' needs a name.")
            cats.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"{source}, line {i}: a term before any '+category' line.")
        cats[current].append(_term(line, source=source, line=i))
    if not cats:
        raise ValueError(f"{source}: not a Lexicoder dictionary: no '+category' line.")
    return cats


def _read_cat(text: str, source: str) -> dict[str, list[str]]:
    """WordStat: a category line is followed by lines indented deeper (its terms or sub-categories).

    Weights such as " (1)" are ignored; nested categories are named "parent/child".
    """
    entries = [
        (i, len(line) - len(line.lstrip()), re.sub(r"\s*\(\d+\)\s*$", "", line.strip()))
        for i, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    cats: dict[str, list[str]] = {}
    stack: list[tuple[int, str]] = []  # (indent, name) of the open categories
    for k, (line, indent, entry) in enumerate(entries):
        while stack and stack[-1][0] >= indent:
            stack.pop()
        opens = k + 1 < len(entries) and entries[k + 1][1] > indent
        if opens:
            stack.append((indent, entry.lower()))
            cats.setdefault("/".join(name for _, name in stack), [])
        elif not stack:
            raise ValueError(f"{source}, line {line}: a term that belongs to no category (categories are flush left).")
        else:
            cats["/".join(name for _, name in stack)].append(_term(entry, source=source, line=line))
    if not cats:
        raise ValueError(f"{source}: not a WordStat dictionary: no category.")
    return {name: terms for name, terms in cats.items() if terms}


def _read_quanteda_yaml(data: dict, source: str) -> dict[str, list[str]]:
    """quanteda's YAML: category -> list of terms, possibly nested (names joined by '.')."""
    cats: dict[str, list[str]] = {}

    def walk(node: Any, prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                walk(value, name)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                cats[name] = [_term(v, source=source, line=0) for v in value]
            else:
                raise ValueError(f"{source}: category {name!r} must hold a list of terms or sub-categories.")

    walk(data, "")
    return cats


def load_dictionary(
    path: str | Path = "frames",
    *,
    format: DictionaryFormat | None = None,
    licence: str | None = None,
    citation: str | None = None,
) -> Lexicon:
    """Return a dictionary read from YAML, LIWC (.dic), Lexicoder (.lc3) or WordStat (.cat), or a built-in one.

    As quanteda's ``dictionary()``. The toolkit's YAML records the source and licence of each
    category; the other formats do not, so pass ``licence=`` and ``citation=`` (without them the
    dictionary is marked "not stated in the file" and a warning says so).

    Parameters
    ----------
    path : str or path
        The file, or the name of a built-in dictionary (``"frames"``).
    format : {"yaml", "dic", "lc3", "cat"}, optional
        Default: from the file extension.
    licence, citation : str, optional
        Recorded on every category of a file that does not state them.

    Returns
    -------
    Lexicon

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        For an unknown format or a malformed file (the message names the line and the problem).

    References
    ----------
    Benoit, K. et al. (2018). quanteda: ``dictionary()``. JOSS 3(30), 774.
    """
    if builtin_path(path) is not None:
        return load_lexicon(path)
    file = Path(path)
    if not file.exists():
        raise FileNotFoundError(f"No such dictionary file: '{file}'. Pass a .yaml, .dic, .lc3 or .cat file.")
    fmt = format or _SUFFIX_FORMAT.get(file.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"{file}: unknown dictionary format {file.suffix!r}; pass format= one of 'yaml', 'dic', 'lc3', 'cat'."
        )
    check_choice(fmt, ("yaml", "dic", "lc3", "cat"), name="format", func="load_dictionary")
    source = str(file)
    text = file.read_text(encoding="utf-8-sig")
    if fmt == "yaml":
        data = read_yaml(file, text=text)
        if isinstance(data, dict) and "categories" in data:
            return load_lexicon(file)
        if not isinstance(data, dict) or not data:
            raise ValueError(f"{source}: a YAML dictionary is a mapping of categories to lists of terms.")
        cats = _read_quanteda_yaml(data, source)
    else:
        cats = {"dic": _read_dic, "lc3": _read_lc3, "cat": _read_cat}[fmt](text, source)
    if not licence or not citation:
        warnings.warn(
            f"{source}: the file states no {'licence' if not licence else 'citation'}; pass licence= and citation= "
            "to load_dictionary so that the dictionary can be cited and shared correctly.",
            UserWarning,
            stacklevel=2,
        )
    stated = licence or "not stated in the file"
    cited = citation or f"not stated in the file ({file.name})"
    categories = {
        name: Category(name, "", cited, stated, terms=tuple(dict.fromkeys(terms)))
        for name, terms in cats.items()
        if terms
    }
    if not categories:
        raise ValueError(f"{source}: the dictionary has no category with terms.")
    return Lexicon(file.stem, stated, categories, source)


def write_dictionary(dictionary: Lexicon, path: str | Path) -> Path:
    """Write a dictionary as the toolkit's YAML (with each category's source and licence) and return the path."""
    path = Path(path)
    data = {
        "name": dictionary.name,
        "licence": dictionary.licence,
        "categories": {
            c.name: {
                "description": c.description,
                "source": c.source,
                "licence": c.licence,
                **({"terms": list(c.terms)} if c.terms else {}),
                **({"lemmas": list(c.lemmas)} if c.lemmas else {}),
                **({"exclude": list(c.exclude)} if c.exclude else {}),
                **({"patterns": [list(p) for p in c.patterns]} if c.patterns else {}),
            }
            for c in dictionary
        },
    }
    return write_atomic(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
