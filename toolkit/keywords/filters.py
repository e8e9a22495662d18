"""What a key term must show to be listed: use in several statements, enough uses, and not be a name.

A keyness statistic compares pooled counts, so a word said five times in one speech can top a
group's list, and a group's own name ("china", "amaru") always does. :func:`keyness_panel` lists
a term only when several of the group's statements use it often enough, flags a term whose
keyness rests on one statement, and can leave out the group's own names and the artefacts of
transcripts (``toolkit/resources/artefacts.yaml``). This module holds those rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from spacy.lang.en.stop_words import STOP_WORDS

from toolkit.keywords.statistics import log_ratio
from toolkit.lexicon import load_gazetteer, load_lexicon

__all__ = ["artefact_phrases", "is_artefact", "name_mask", "name_phrases", "own_names", "rests_on_one",
           "statement_counts"]


def statement_counts(x_target: sp.csr_matrix, codes: np.ndarray) -> sp.csr_matrix:
    """Counts of each feature in each statement of the group (statements x features)."""
    _, rows = np.unique(codes, return_inverse=True)
    sums = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(rows.max() + 1, len(rows)))
    return (sums @ x_target).tocsr()


def rests_on_one(per_statement: np.ndarray, statement_lengths: np.ndarray, b: np.ndarray, total_b: float) -> np.ndarray:
    """Whether each feature's keyness rests on one statement.

    Leave out the statement that uses the feature most (``per_statement``: statements x
    features, of the selected features): if the rest of the group then uses it no more often,
    relative to its size, than the reference does (log ratio <= 0), one statement made it key.
    A feature used in one statement only is always such a term, and so is every feature of a
    group of one statement.
    """
    if per_statement.shape[0] < 2:
        return np.ones(per_statement.shape[1], dtype=bool)
    heaviest = per_statement.argmax(axis=0)
    cols = np.arange(per_statement.shape[1])
    rest = per_statement.sum(axis=0) - per_statement[heaviest, cols]
    rest_total = statement_lengths.sum() - statement_lengths[heaviest]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = log_ratio(rest, b, rest_total, total_b)
    return ~(ratio > 0)  # an empty rest (NaN ratio) rests on one statement too


@lru_cache(maxsize=1)
def artefact_phrases() -> tuple[str, ...]:
    """The words and phrases of ``toolkit/resources/artefacts.yaml``, lower case, phrases first.

    Pass the phrases to :func:`toolkit.dfm` as ``compounds=`` so that "(spoke in French)" is
    counted as one feature, which :func:`keyness_panel` then leaves out with ``remove_names=True``.
    """
    lexicon = load_lexicon("artefacts")
    terms = [t.lower() for category in lexicon for t in category.terms]
    return tuple(sorted(dict.fromkeys(terms), key=lambda t: (-len(t.split()), t)))


def _feature_key(feature: str) -> str:
    """A feature as a lower-case phrase: the words of a compound or n-gram joined by spaces."""
    return " ".join(feature.lower().replace("_", " ").split())


def is_artefact(features: Sequence[str]) -> np.ndarray:
    """Whether each feature is a transcription artefact (a word or a compounded phrase of artefacts.yaml)."""
    stop = set(artefact_phrases())
    return np.array([_feature_key(f) in stop for f in features], dtype=bool)


def own_names(label: object) -> set[str]:
    """The names a group goes by, as lower-case phrases: its label, the label's demonym, and every form
    the actor gazetteer knows for the actor the label names (names, adjectives and demonyms, capital,
    aliases: "CHN" or "China" gives china, chinese, beijing, prc, ...).

    Forms that are also English function words ("US" is "us") are left out: the DFM lower-cases, so
    leaving out the form would leave out the pronoun.
    """
    text = " ".join(str(label).split())
    names = {text.lower()} if text else set()
    if text.lower().endswith("ia") and " " not in text:
        names |= {text.lower() + "n", text.lower() + "ns"}  # Kestria: Kestrian(s), as Russia: Russian(s)
    actor = load_gazetteer().resolve(text)
    if actor is not None:
        names |= {_without_article(form) for form in actor.forms()}
    return {n for n in names if n and n not in STOP_WORDS}


def name_phrases(labels: Iterable[object]) -> list[str]:
    """The names of several words that the groups ``labels`` go by ("russian federation", "council of the
    southern littoral"), to count as one feature each with ``dfm(..., compounds=...)``.

    Counted word by word, "the Russian Federation" leaves "federation" at the top of Russia's list,
    where no name rule can tell it from the word; counted as one feature, the name is left out whole.
    """
    return sorted({name for label in labels for name in own_names(label) if " " in name})


def _without_article(form: str) -> str:
    words = form.replace("\u2019", "'").lower().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def name_mask(features: Sequence[str], names: Iterable[str]) -> np.ndarray:
    """Whether each feature is one of ``names`` (compounds and n-grams compared word by word)."""
    names = set(names)
    return np.array([_feature_key(f) in names for f in features], dtype=bool)
