"""Lexicons: word lists as YAML data, each category with its source and licence, matched with spaCy.

A lexicon file looks like ``toolkit/resources/rhetoric.yaml``::

    name: my lexicon
    licence: CC0 1.0
    categories:
      obligation:
        description: Deontic modality.
        source: "Palmer (2001). Mood and Modality."
        licence: CC0 1.0
        terms: [must, should, ought to]     # word forms, lower case; a final * matches any ending
        lemmas: [have to]                   # matched on lemmas: "has to", "had to"
        exclude: [in may]                   # a match inside one of these does not count
        patterns:                           # spaCy Matcher token patterns: senses by part of
          - [{LOWER: may, POS: AUX}]        #   speech and neighbours (spaCy's own syntax)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.util import filter_spans
from spacy.vocab import Vocab

from toolkit._util.files import read_yaml
from toolkit._util.resources import builtin_names, resource
from toolkit._util.validation import ToolkitKeyError
from toolkit.nlp import merge_hyphenated

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = ["Category", "Lexicon", "builtin_path", "load_lexicon"]

# Built-in files not offered as lexicons to measure with: the speech acts and the gazetteer have their
# own formats; the transcription artefacts are a lexicon, but a stoplist for key terms (keyness_panel).
_NOT_LEXICONS = ("speech_acts", "actors", "artefacts")


# Token attributes a lexicon's patterns cannot use (no parser or entity recogniser runs for them),
# and those whose values are words (YAML reads an unquoted no, on or 1945 as a bool or a number).
_UNPARSED = frozenset({"DEP", "HEAD", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "SENT_START", "IS_SENT_START"})
_TEXT_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "LEMMA", "NORM"})


@dataclass(frozen=True)
class Category:
    """One category of a lexicon: its terms and the source and licence a researcher cites."""

    name: str
    description: str
    source: str
    licence: str
    terms: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Dicts cannot be hashed: the patterns take part in equality, not in the hash.
    patterns: tuple[tuple[dict[str, Any], ...], ...] = field(default=(), hash=False)


@dataclass(frozen=True)
class Lexicon:
    """Named categories of terms, read from YAML with :func:`load_lexicon`."""

    name: str
    licence: str
    categories: dict[str, Category] = field(default_factory=dict)
    path: str | None = None

    def __getitem__(self, name: str) -> Category:
        if name not in self.categories:
            raise ToolkitKeyError(
                f"The lexicon {self.name!r} has no category {name!r} (categories: {', '.join(self.categories)})."
            )
        return self.categories[name]

    def __iter__(self):
        return iter(self.categories.values())

    def __len__(self) -> int:
        return len(self.categories)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per category: name, description, source, licence, number of terms."""
        return pd.DataFrame(
            [
                {
                    "category": c.name,
                    "description": c.description,
                    "source": c.source,
                    "licence": c.licence,
                    "n_terms": len(c.terms) + len(c.lemmas) + len(c.patterns),
                }
                for c in self
            ]
        )

    def matches(self, doc: Doc, nlp: Language) -> dict[str, list[Span]]:
        """Return, per category, the non-overlapping spans of ``doc`` that match it."""
        return _compiled(self, nlp)(doc)


def load_lexicon(path: str | Path = "rhetoric") -> Lexicon:
    """Return a lexicon read from a YAML file, or one shipped with the toolkit by name.

    Parameters
    ----------
    path : str or path
        A YAML file, or the name of a built-in lexicon (``"rhetoric"``).

    Returns
    -------
    Lexicon

    Raises
    ------
    FileNotFoundError
        If there is no such file or built-in lexicon.
    ValueError
        If the YAML is malformed (the message names the line) or a category lacks terms,
        a source or a licence.
    """
    candidate = builtin_path(path) or Path(path)
    if not candidate.is_file():
        raise FileNotFoundError(
            f"No such lexicon file: '{path}'. Pass a YAML file, or one of the built-in lexicons: "
            f"{', '.join(builtin_names(exclude=_NOT_LEXICONS))}."
        )
    source = str(candidate)
    data = read_yaml(source, text=candidate.read_text(encoding="utf-8-sig"))
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict) or not data["categories"]:
        raise ValueError(f"{source}: a lexicon needs a 'categories' mapping of category names to their terms.")
    categories = {}
    for name, spec in data["categories"].items():
        categories[str(name)] = _category(str(name), spec, source=source, default_licence=data.get("licence"))
    return Lexicon(str(data.get("name", Path(candidate.name).stem)), str(data.get("licence", "")), categories, source)


def _category(name: str, spec: Any, *, source: str, default_licence: Any) -> Category:
    if not isinstance(spec, dict):
        raise ValueError(f"{source}: category {name!r} must be a mapping with terms, source and licence.")
    lists = {}
    for key in ("terms", "lemmas", "exclude"):
        value = spec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{source}: '{key}' of category {name!r} must be a list of non-empty strings.")
        lists[key] = tuple(v.strip() for v in value)
    patterns = _patterns(name, spec.get("patterns", []), source=source)
    if not lists["terms"] and not lists["lemmas"] and not patterns:
        raise ValueError(f"{source}: category {name!r} has no terms, lemmas or patterns.")
    missing = [k for k in ("source",) if not str(spec.get(k, "")).strip()]
    licence = spec.get("licence", default_licence)
    if not licence:
        missing.append("licence")
    if missing:
        raise ValueError(
            f"{source}: category {name!r} lacks {' and '.join(missing)}; every category records where its "
            "terms come from and under which licence, so that it can be cited."
        )
    return Category(name, str(spec.get("description", "")), str(spec["source"]), str(licence), **lists,
                    patterns=patterns)


def _patterns(name: str, value: Any, *, source: str) -> tuple[tuple[dict[str, Any], ...], ...]:
    """Token patterns in spaCy's Matcher syntax, checked by spaCy's own validator when the file is read."""
    if not isinstance(value, list) or not all(isinstance(p, list) and p and all(isinstance(t, dict) for t in p)
                                              for p in value):
        raise ValueError(
            f"{source}: 'patterns' of category {name!r} must be a list of token patterns, each a non-empty list "
            "of mappings in spaCy's Matcher syntax, e.g. [{LOWER: past, POS: NOUN}]."
        )
    for k, pattern in enumerate(value, start=1):
        for token in pattern:
            unparsed = sorted(set(map(str, token)) & _UNPARSED)
            if unparsed:
                # Lexicons are matched on tagged Docs: no parse, no entities, so such a pattern never matches.
                raise ValueError(
                    f"{source}: pattern {k} of category {name!r} uses {', '.join(unparsed)}, which lexicons cannot "
                    "match (they see words, lemmas and parts of speech, not the parse or entities)."
                )
            words = {key: v for key, v in token.items() if str(key) in _TEXT_ATTRS and not isinstance(v, (str, dict))}
            if words:
                key, v = next(iter(words.items()))
                hint = ("YAML reads an unquoted no, yes, on, off, true or false as a boolean; quote the word, e.g. "
                        f"{key}: 'no'" if isinstance(v, bool) else f"YAML reads it as a number; quote it: {key}: '{v}'")
                raise ValueError(f"{source}: pattern {k} of category {name!r} has {key}: {v!r}: {hint}.")
        try:
            Matcher(Vocab(), validate=True).add(name, [pattern])
        except (MatchPatternError, ValueError) as exc:
            raise ValueError(
                f"{source}: pattern {k} of category {name!r} is not a valid spaCy Matcher pattern: {exc}"
            ) from None
    return tuple(tuple(dict(t) for t in p) for p in value)


def builtin_path(name: str | Path) -> Traversable | None:
    """The file of the built-in lexicon or dictionary ``name`` (e.g. ``"rhetoric"``, ``"frames"``), else None.

    A name with a suffix (``"my.yaml"``) is a file of the user's, never a built-in.
    """
    if not isinstance(name, (str, os.PathLike)) or Path(name).suffix or len(Path(name).parts) != 1:
        return None
    file = resource(f"{os.fspath(name)}.yaml")
    return file if file.is_file() else None


def _compiled(lexicon: Lexicon, nlp: Language):
    """Build (once per lexicon and pipeline) a function from a Doc to its matches per category."""
    cached = lexicon.__dict__.get("_matcher")
    if cached is not None and cached[0] is nlp:  # the same pipeline object, not just the same id
        return cached[1]
    def pattern(phrase: str, attr: str) -> list[dict[str, Any]]:
        # A final * (prefix match) is taken off before tokenising, which would split it off.
        prefix = attr == "LOWER" and phrase.endswith("*") and len(phrase) > 1
        words = [t.text for t in merge_hyphenated(nlp.make_doc(phrase.rstrip("*") if prefix else phrase)) if not t.is_space]
        out: list[dict[str, Any]] = [{attr: w.lower()} for w in words]
        if prefix and out:
            out[-1] = {"LOWER": {"REGEX": "^" + re.escape(words[-1].lower())}}
        return out

    matcher, excluder = Matcher(nlp.vocab), Matcher(nlp.vocab)
    for cat in lexicon:
        patterns = [pattern(t, "LOWER") for t in cat.terms] + [pattern(t, "LEMMA") for t in cat.lemmas]
        matcher.add(cat.name, [p for p in patterns if p] + [list(p) for p in cat.patterns])
        if cat.exclude:
            excluder.add(cat.name, [pattern(t, "LOWER") for t in cat.exclude])
    strings = nlp.vocab.strings

    def run(doc: Doc) -> dict[str, list[Span]]:
        blocked: dict[str, list[tuple[int, int]]] = {}
        # An empty Matcher makes spaCy warn (W036) on every call: a lexicon without exclusions skips it.
        for match_id, start, end in excluder(doc) if len(excluder) else ():
            blocked.setdefault(strings[match_id], []).append((start, end))
        found: dict[str, list[Span]] = {cat.name: [] for cat in lexicon}
        for match_id, start, end in matcher(doc):
            name = strings[match_id]
            if any(s <= start and end <= e for s, e in blocked.get(name, [])):
                continue
            found[name].append(doc[start:end])
        return {name: filter_spans(spans) for name, spans in found.items()}

    object.__setattr__(lexicon, "_matcher", (nlp, run))
    return run
