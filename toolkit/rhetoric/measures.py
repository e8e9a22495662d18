"""Rhetoric per statement: modality, metadiscourse, pronouns, tone and readability, comparable across lengths."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import check_type
from toolkit.corpus import Corpus, as_corpus
from toolkit.lexicon import Lexicon, load_lexicon
from toolkit.nlp import load_pipeline, spacy_docs
from toolkit.rhetoric.readability import readability

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["RHETORIC_LABELS", "rhetoric"]

#: How figures and reports name the rhetorical measures (the columns of :func:`rhetoric`).
RHETORIC_LABELS = {
    "obligation_per_1k": "obligation",
    "possibility_per_1k": "possibility",
    "commitment_per_1k": "commitment",
    "hedge_per_1k": "hedges",
    "booster_per_1k": "boosters",
    "attitude_per_1k": "attitude markers",
    "we_per_1k": "we / our / us",
    "they_per_1k": "they / their / them",
    "i_per_1k": "I / my / me",
    "vader_compound": "tone (VADER compound)",
}

# Categories whose matches are also counted when negated ("must not" is still obligation).
_MODAL = ("obligation", "possibility", "commitment")


_NEGATORS = frozenset({"not", "n't", "never", "no"})


# VADER's own thresholds for a positive or negative sentence (Hutto & Gilbert 2014).
_VADER_POSITIVE, _VADER_NEGATIVE = 0.05, -0.05


def _negated(span) -> bool:
    """A modal match is negated when a negator follows it, adverbs aside ("must not", "should never")."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ == "ADV" and doc[i].lower_ not in _NEGATORS:
        i += 1
    return i < len(doc) and doc[i].lower_ in _NEGATORS


_WE_REFERENT = re.compile(
    r"\b[Ww]e,\s+((?:the|as)\s+[^,.;:]{2,80}?),"
    r"|\b[Ww]e\s+(?:in|as|from)\s+((?:the\s+)?[A-Z][\w'-]*(?:\s+(?:of\s+)?[A-Z][\w'-]*)*)"
)


def _we_refers_to(text: str) -> str | None:
    """Who 'we' is, when the statement says so ("We, the members of the Council," "we in Ostland")."""
    found = [re.sub(r"^as\s+", "", (a or b).strip()) for a, b in _WE_REFERENT.findall(text)]
    return Counter(f for f in found if f).most_common(1)[0][0] if any(found) else None


def _merged(lexicons: Sequence[Lexicon | str]) -> Lexicon:
    """One lexicon from several (e.g. the rhetoric lexicon plus a tone lexicon); names must not clash."""
    loaded = [x if isinstance(x, Lexicon) else load_lexicon(x) for x in lexicons]
    categories: dict = {}
    for lx in loaded:
        check_type(lx, Lexicon, name="lexicon", func="rhetoric", expected="a Lexicon, a YAML path or a list of them")
        clash = set(categories) & set(lx.categories)
        if clash:
            raise ValueError(
                f"rhetoric: categories {sorted(clash)} appear in more than one lexicon; rename them in one of the files."
            )
        categories.update(lx.categories)
    return Lexicon(" + ".join(lx.name for lx in loaded), "; ".join(lx.licence for lx in loaded), categories)


def rhetoric(
    corpus: Corpus,
    *,
    lexicon: Lexicon | str | Sequence[Lexicon | str] | None = None,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return one row per statement with its rhetorical profile: modality, metadiscourse, pronouns, tone, readability.

    Counts come from a lexicon (YAML, see :func:`toolkit.load_lexicon`; by default the
    toolkit's ``rhetoric`` lexicon) matched on word forms and lemmas; each count is also given
    per 1,000 words, so that statements of different lengths compare. Modal matches followed
    by a negator ("must not", "will never") still count for their category and are also
    counted as negated.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, str, list of them, or None
        A lexicon or the path of a YAML file; default the built-in ``rhetoric`` lexicon. A
        list combines lexicons, e.g. ``["rhetoric", "my_tone_lexicon.yaml"]`` to add the
        categories of a tone lexicon (whose YAML records its own source and licence).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"tags"``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` and the metadata, then:

        - ``words`` (tokens that are not punctuation), ``sentences``, ``mean_sentence_length``
          (words per sentence);
        - ``flesch_reading_ease`` (Flesch 1948: 206.835 - 1.015 W/S - 84.6 Y/W, higher is
          easier), ``flesch_kincaid_grade`` (Kincaid et al. 1975: 0.39 W/S + 11.8 Y/W - 15.59,
          a US school grade), ``gunning_fog`` (0.4 (W/S + 100 P/W)) and ``smog`` (1.0430
          sqrt(30 P/S) + 3.1291; it was normed on 30 sentences or more): W is ``words``, S
          ``sentences``, Y the spoken syllables and P the words of three syllables or more.
          Syllables are those of the CMU Pronouncing Dictionary ("united" 3, "people" 2,
          "security" 4), a word it lacks is counted by a vowel rule, an acronym such as "UN"
          letter by letter (see :mod:`toolkit.rhetoric.readability`);
        - ``ttr``, ``mtld``, ``hdd`` (lexical diversity as textacy computes it; MTLD needs 10
          words and HD-D 42, else NaN);
        - for every lexicon category ``C`` (by default ``obligation``, ``possibility``,
          ``commitment``, ``hedge``, ``booster``, ``attitude``, ``we``, ``they``, ``i``):
          ``C`` (count) and ``C_per_1k`` (per 1,000 words); for the modal categories also
          ``C_negated`` (count);
        - ``vader_compound`` (mean VADER compound score of the sentences, -1 to 1),
          ``vader_positive``, ``vader_negative``, ``vader_neutral`` (shares of sentences whose
          compound is at least 0.05, at most -0.05, or in between);
        - ``we_refers_to``: who "we" is when the statement says so ("We, the member states of
          the Southern Littoral, ..."; "we in Ostland"), the most frequent such phrase, else None.

    References
    ----------
    Flesch, R. (1948). A new readability yardstick. Journal of Applied Psychology, 32(3), 221-233.
    Kincaid, J. P., Fishburne, R. P., Rogers, R. L. & Chissom, B. S. (1975). Derivation of new
    readability formulas for Navy enlisted personnel. Research Branch Report 8-75, Naval
    Technical Training Command.
    Gunning, R. (1952). The Technique of Clear Writing. McGraw-Hill.
    McLaughlin, G. H. (1969). SMOG grading: a new readability formula. Journal of Reading,
    12(8), 639-646.
    Carnegie Mellon University. The CMU Pronouncing Dictionary.
    http://www.speech.cs.cmu.edu/cgi-bin/cmudict
    Hyland, K. (2005). Metadiscourse: Exploring Interaction in Writing. Continuum.
    Palmer, F. R. (2001). Mood and Modality (2nd ed.). Cambridge University Press.
    Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment
    analysis of social media text. ICWSM.
    McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. Behavior Research Methods,
    42(2), 381-392.

    Examples
    --------
    >>> import toolkit as tk
    >>> r = tk.rhetoric(tk.Corpus.from_texts(["We must act. We will not wait."]))
    >>> r[["obligation", "commitment", "commitment_negated", "we"]].values.tolist()
    [[1, 1, 1, 2]]
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # imported when needed: it is slow

    corpus = as_corpus(corpus, func="rhetoric")
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(lexicon or "rhetoric")
    elif isinstance(lexicon, (list, tuple)):
        lexicon = _merged(lexicon)
    check_type(lexicon, Lexicon, name="lexicon", func="rhetoric", expected="a Lexicon, a YAML path or a list of them")
    nlp = load_pipeline(model)
    vader = SentimentIntensityAnalyzer()
    rows = []
    docs = spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)
    for doc in docs:
        tokens = [t for t in doc if not (t.is_punct or t.is_space)]
        words = len(tokens)
        sents = [s for s in doc.sents if s.text.strip()] if len(doc) else []
        row: dict[str, float] = {
            "words": words,
            "sentences": len(sents),
            "mean_sentence_length": words / len(sents) if sents else np.nan,
            **readability(tokens, len(sents)),
        }
        per = 1000 / words if words else np.nan
        for name, spans in lexicon.matches(doc, nlp).items():
            row[name] = len(spans)
            row[f"{name}_per_1k"] = len(spans) * per
            if name in _MODAL:
                row[f"{name}_negated"] = sum(_negated(s) for s in spans)
        scores = np.array([vader.polarity_scores(s.text)["compound"] for s in sents]) if sents else np.zeros(0)
        row["vader_compound"] = float(scores.mean()) if len(scores) else np.nan
        row["vader_positive"] = float((scores >= _VADER_POSITIVE).mean()) if len(scores) else np.nan
        row["vader_negative"] = float((scores <= _VADER_NEGATIVE).mean()) if len(scores) else np.nan
        row["vader_neutral"] = (
            float(((scores > _VADER_NEGATIVE) & (scores < _VADER_POSITIVE)).mean()) if len(scores) else np.nan
        )
        row["we_refers_to"] = _we_refers_to(doc.text)
        rows.append(row)
    measures = pd.DataFrame(rows)
    out = pd.concat([corpus.meta.reset_index(drop=True), measures], axis=1)
    out.attrs["lexicon"] = lexicon.name
    return out
