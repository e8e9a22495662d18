"""Readability from spoken syllables: Flesch, Flesch-Kincaid, Gunning fog and SMOG on the toolkit's tokens.

Syllables are those of the CMU Pronouncing Dictionary (the first pronunciation of a word; its
vowels carry the stress digits), which covers about 99% of the word tokens of UN General Debate
speeches. Words it lacks (British spellings such as "programmes", names, coinages) are counted
by a rule on vowel groups. Tried on the words the dictionary has, the rule gives its count for
95% of the word tokens of those speeches and is as often above as below it; hyphenation points
plus one, which textacy counted, give it for 83% and fall short by 0.19 syllables a word
("united" 1 instead of 3, "people" 1 instead of 2), which raised Flesch by some 16 points.
Words and sentences are the toolkit's own (spaCy tokens and sentences), so every formula can be
recomputed from the ``words`` and ``sentences`` columns of :func:`toolkit.rhetoric`.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from toolkit._util.resources import resource

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["READABILITY_COLUMNS", "readability", "syllables", "word_syllables"]

#: The readability columns of :func:`toolkit.rhetoric`, in order.
READABILITY_COLUMNS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog", "ttr", "mtld", "hdd")

# Contractions that spaCy splits off: they add no syllable to the word they lean on ("nation's",
# "we're"), except "n't", which is a syllable of its own after most verbs ("did-n't", "is-n't").
# The CMU entry "'s" is the letter S, so these are looked up first.
_CLITICS = {"'s": 0, "'re": 0, "'ve": 0, "'ll": 0, "'d": 0, "'m": 0, "n't": 1}

# Hyphens and slashes join words that are looked up one by one ("climate-related", "peace/security").
_JOINERS = re.compile(r"[-\u2010\u2011\u2013\u2014/]+")

# Capitals that cannot be said as a word (no vowel, or three consonants running) are spelled out.
_UNSAYABLE = re.compile(r"^[^aeiouy]+$|[^aeiouy]{3}")
# Y is a vowel unless a vowel follows ("Hayat", "yes"): "Kyrgyzstan", "they".
_VOWEL_GROUP = re.compile(r"(?:[aeiou]|y(?![aeiou]))+")
# A final e after a consonant is silent ("state", "programme"), but not in "-le" ("table").
_SILENT_E = re.compile(r"[^aeiouyl]e$")
# "-ed" and "-es" add no syllable unless after t/d ("needed") or a sibilant ("places", "judges").
_SILENT_ENDING = re.compile(r"(?:[^aeiouytd]ed|[^aeiouysxzhcg]es)$")
# Two vowels written together but spoken apart ("media", "radio", "actual", "video").
_HIATUS = re.compile(r"ia|io(?!n|u)|ua|uo|eo(?!u)")


@functools.cache
def _pronunciations() -> dict[str, tuple[int, ...]]:
    """Syllables of each pronunciation of each word of the CMU Pronouncing Dictionary, in its order."""
    counts: dict[str, list[int]] = {}
    # Package data (toolkit/resources/cmudict/, BSD-2 as CMU releases it), read once, when readability
    # is first measured: 135,000 lines, nothing downloaded.
    text = gzip.decompress(resource("cmudict", "cmudict.dict.gz").read_bytes()).decode("utf-8")
    for line in text.splitlines():
        word, _, phones = line.partition("#")[0].partition(" ")  # "# foreign" and similar notes
        if "(" in word:  # "read(2)": the second pronunciation of "read"
            word = word[: word.index("(")]
        # Only vowels carry a stress digit (0, 1, 2), one per syllable: "AH0 N AY1 T IH0 D".
        counts.setdefault(word, []).append(phones.count("0") + phones.count("1") + phones.count("2"))
    return {word: tuple(n) for word, n in counts.items() if word}


def _fold(word: str) -> str:
    """Lower case, without accents ("Côte" as "cote") and with typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", word.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _by_rule(word: str) -> int:
    """Syllables of a word the dictionary lacks: vowel groups, less silent endings, plus hiatuses."""
    letters = re.sub(r"[^a-z]", "", word)
    n = len(_VOWEL_GROUP.findall(letters))
    if n > 1 and _SILENT_E.search(letters):
        n -= 1
    if n > 1 and _SILENT_ENDING.search(letters):
        n -= 1
    return max(1, n + len(_HIATUS.findall(letters)))


def syllables(word: str) -> int:
    """Return the number of spoken syllables of one written word.

    Parameters
    ----------
    word : str
        A word as written ("United", "nation's", "UN", "programmes").

    Returns
    -------
    int
        Syllables of the word's first pronunciation in the CMU Pronouncing Dictionary. An
        acronym is read letter by letter ("UN" 2, "WTO" 5, "UNDP" 4) when it has two or three
        capitals and the dictionary lacks it or lists that reading too, or when the
        dictionary lacks it and it cannot be said as a word (no vowel, three consonants in a
        row); "NATO" and "UNICEF" are words. A split-off contraction counts 0
        ("'s", "'re") or 1 ("n't"); the parts of a hyphenated word count one by one
        ("climate-related" 2 + 3); a plural acronym counts as its singular ("SDGs" 3); a token without letters (a figure, a symbol) counts 1;
        a word the dictionary lacks is counted by a rule on vowel groups (silent final e,
        silent "-ed"/"-es", two vowels spoken apart as in "media").

    References
    ----------
    Carnegie Mellon University. The CMU Pronouncing Dictionary, version 0.7b.
    http://www.speech.cs.cmu.edu/cgi-bin/cmudict

    Examples
    --------
    >>> [syllables(w) for w in ["United", "people", "security", "UN", "programmes"]]
    [3, 2, 4, 2, 2]
    """
    key = _fold(word)
    if key in _CLITICS:
        return _CLITICS[key]
    found = _pronunciations().get(key)
    if len(word) >= 3 and word.isalpha() and word[:-1].isupper() and word[-1] == "s" and found is None:
        return syllables(word[:-1])  # a plural acronym, "SDGs", "NGOs": the letters, the s adds none
    if len(word) >= 2 and word.isalpha() and word.isupper():
        spelled = len(key) + 2 * key.count("w")  # every letter name is one syllable, but W is three
        if (len(key) <= 3 and (found is None or spelled in found)) or (found is None and _UNSAYABLE.search(key)):
            return spelled
    if found:
        return found[0]
    parts = [p for p in _JOINERS.split(word) if p]
    if len(parts) > 1:  # spaCy keeps "Secretary-General" and "climate-related" whole
        return sum(syllables(p) for p in parts)
    if not any(c.isalpha() for c in key):
        return 1
    return _by_rule(key)


def _written_words(words: Sequence[Token]) -> Iterator[list[Token]]:
    """Tokens written as one word: "nation" + "'s", "did" + "n't" (adjacent, no space between)."""
    run: list[Token] = []
    for token in words:
        if run and (run[-1].whitespace_ or run[-1].i + 1 != token.i):
            yield run
            run = []
        run.append(token)
    if run:
        yield run


def word_syllables(words: Sequence[Token]) -> list[int]:
    """Return the spoken syllables of each word token, a written word's all on its first token.

    Parameters
    ----------
    words : sequence of spacy.tokens.Token
        The word tokens of a text (not punctuation, not space), in order.

    Returns
    -------
    list of int
        One count per token. Tokens that spaCy split from one written word ("did" + "n't",
        "nation" + "'s") are looked up together, since the dictionary knows "didn't" (2) and
        "nation's" (2); the written word's syllables go to its first token and 0 to the rest.
        Otherwise each token counts as :func:`syllables` says.
    """
    out: list[int] = []
    for run in _written_words(words):
        written = "".join(t.text for t in run)
        found = _pronunciations().get(_fold(written)) if len(run) > 1 else None
        out.extend([found[0], *[0] * (len(run) - 1)] if found else [syllables(t.text) for t in run])
    return out


def readability(words: Sequence[Token], sentences: int) -> dict[str, float]:
    """Return the readability formulas and the lexical diversity of one text.

    Parameters
    ----------
    words : sequence of spacy.tokens.Token
        The word tokens of the text (not punctuation, not space), in order.
    sentences : int
        The number of its sentences.

    Returns
    -------
    dict
        ``flesch_reading_ease`` 206.835 - 1.015 W/S - 84.6 Y/W (Flesch 1948);
        ``flesch_kincaid_grade`` 0.39 W/S + 11.8 Y/W - 15.59 (Kincaid et al. 1975);
        ``gunning_fog`` 0.4 (W/S + 100 P/W) (Gunning 1952); ``smog``
        1.0430 sqrt(30 P/S) + 3.1291 (McLaughlin 1969), where W is ``len(words)``, S
        ``sentences``, Y the spoken syllables (:func:`word_syllables`) and P the words of
        three syllables or more. ``ttr``, ``mtld`` and ``hdd`` are textacy's lexical
        diversity (MTLD needs 10 words, HD-D 42, else NaN). All NaN without words.

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
    """
    import textacy.text_stats as ts  # textacy is slow to import: only when rhetoric is measured

    n_words = len(words)
    if not n_words or not sentences:
        return dict.fromkeys(READABILITY_COLUMNS, np.nan)
    counts = word_syllables(words)
    per_sentence, per_word = n_words / sentences, sum(counts) / n_words
    polysyllables = sum(n >= 3 for n in counts)
    return {
        "flesch_reading_ease": 206.835 - 1.015 * per_sentence - 84.6 * per_word,
        "flesch_kincaid_grade": 0.39 * per_sentence + 11.8 * per_word - 15.59,
        "gunning_fog": 0.4 * (per_sentence + 100 * polysyllables / n_words),
        "smog": 1.0430 * math.sqrt(30 * polysyllables / sentences) + 3.1291,
        "ttr": float(ts.diversity.ttr(words)),
        "mtld": float(ts.diversity.mtld(words)) if n_words >= 10 else np.nan,
        "hdd": float(ts.diversity.hdd(words)) if n_words >= 42 else np.nan,
    }
