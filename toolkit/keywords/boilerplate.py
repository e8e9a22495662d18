"""Ritual boilerplate: sentences repeated, word for word or nearly, across many documents.

UN General Debate speeches open with congratulations to the President of the Assembly and
close with thanks; such sentences swamp keyness and frames. This module finds them, reports
them, and removes them, so that a researcher can see and cite what was taken out.
"""

from __future__ import annotations

import warnings
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from toolkit._util.validation import check_choice, check_column, check_int
from toolkit.corpus import Corpus, as_corpus
from toolkit.nlp import spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Boilerplate", "remove_boilerplate"]

_WORD = re.compile(r"\d+(?:st|nd|rd|th)?|[^\W\d_]+(?:-[^\W\d_]+)*")
_ORDINAL = re.compile(
    r"^(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-?(?:one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))?"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth"
    r"|seventieth|eightieth|ninetieth|hundredth)$"
)
# Capitalised words that belong to the ritual itself rather than to the person or place named.
_RITUAL = frozenset({"president", "general", "assembly", "secretary", "united", "nations", "excellency", "excellencies"})


def _normalise(sentence: str) -> tuple[str, ...]:
    """The sentence as a template: numbers and ordinals become '0', names (capitalised words
    after the first) 'N', so that "I congratulate Mr. Dennis Francis on his election as
    President of the seventy-eighth session" matches the same sentence of another year."""
    out = []
    for i, word in enumerate(_WORD.findall(sentence)):
        low = word.lower()
        titlecase = len(word) > 1 and word[0].isupper() and word[1:] == word[1:].lower()
        if word[:1].isdigit() or _ORDINAL.match(low):
            out.append("0")
        elif i > 0 and titlecase and low not in _RITUAL:  # ALL-CAPS text is not a row of names
            out.append("N")
        else:
            out.append(low)
    return tuple(out)


def _shingles(words: tuple[str, ...]) -> set[bytes]:
    """Word pairs, each repeat counted apart, so that "N N N" and "N N N N N N" differ."""
    pairs = [" ".join(words[i : i + 2]) for i in range(len(words) - 1)] or [" ".join(words)]
    seen: dict[str, int] = {}
    out = set()
    for pair in pairs:
        seen[pair] = seen.get(pair, 0) + 1
        out.add(f"{pair}#{seen[pair]}".encode())
    return out


def _real_words(words: tuple[str, ...]) -> int:
    return sum(w not in ("0", "N") for w in words)


@dataclass(frozen=True)
class Boilerplate:
    """The result of :func:`remove_boilerplate`.

    Attributes
    ----------
    corpus : Corpus
        The documents with the boilerplate sentences removed (other text untouched).
    removed : pandas.DataFrame
        One row per removed sentence: ``doc_id``, ``sent_id`` (position of the sentence in its
        document, from 1), ``start`` and ``end`` (character offsets in the original text),
        ``sentence``, ``cluster``.
    clusters : pandas.DataFrame
        One row per repeated sentence family: ``cluster``, ``example`` (its most frequent
        form), ``n_docs`` (documents containing it), ``share`` (of all documents),
        ``n_sentences`` (occurrences), ``variants`` (distinct forms); most widespread first.
    """

    corpus: Corpus
    removed: pd.DataFrame
    clusters: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The tidy table of the result: one row per sentence found to be boilerplate (``removed``)."""
        return self.removed

    def __repr__(self) -> str:
        return (
            f"Boilerplate({len(self.clusters)} repeated sentence families, {len(self.removed)} sentences removed "
            f"from {self.removed['doc_id'].nunique() if len(self.removed) else 0} documents)"
        )


def remove_boilerplate(
    corpus: Corpus,
    *,
    min_share: float = 0.1,
    min_docs: int = 3,
    similarity: float = 0.7,
    min_words: int = 4,
    by: str | None = None,
    action: Literal["drop", "flag"] = "drop",
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
    seed: int = 1,
) -> Boilerplate:
    """Return the corpus without sentences that recur across many documents, with a report of what went.

    Sentences are compared as templates: lower-cased, with numbers and ordinals replaced (so
    "the seventy-ninth session" and "the 78th session" agree) and names (capitalised words
    after the first) replaced (so the congratulations to each year's President agree);
    sentences whose word-pair sets overlap by at least
    ``similarity`` (Jaccard, estimated with MinHash and locality-sensitive hashing) are
    near-duplicates and join one family. A family found in at least ``min_docs`` documents
    and in at least ``min_share`` of them is boilerplate, and its sentences are cut out of the
    texts (character spans; the rest of each text is kept as it was).

    Parameters
    ----------
    corpus : Corpus
    min_share : float
        Share of documents a family must reach (0 to 1).
    min_docs : int
        Documents a family must reach, whatever the share.
    similarity : float
        Jaccard similarity of word pairs from which two sentences are near-duplicates (0 to 1;
        1 keeps exact repeats only).
    min_words : int
        Sentences with fewer words (names and numbers not counted) are never treated as
        boilerplate: too little evidence ("On 12 December 2022.").
    by : str, optional
        A metadata column (e.g. ``year``): ``min_share`` then applies within each of its
        values, so that a formula repeated across one session's speeches counts even when the
        corpus spans many sessions.
    action : {"drop", "flag"}
        ``drop`` cuts the sentences out of ``.corpus``; ``flag`` leaves the corpus as it is and
        only reports them in ``.removed``.
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"sentences"``).
    seed : int
        Seed of the MinHash permutations (results are reproducible).

    Returns
    -------
    Boilerplate
        ``.corpus``, ``.removed`` and ``.clusters`` (see :class:`Boilerplate`).

    Raises
    ------
    ValueError
        For a share or similarity outside [0, 1] or bad counts.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents. Compression and
    Complexity of Sequences, 21-29.
    Leskovec, J., Rajaraman, A. & Ullman, J. D. (2014). Mining of Massive Datasets, ch. 3.

    Examples
    --------
    >>> import toolkit as tk
    >>> result = tk.remove_boilerplate(tk.demo_corpus())
    >>> result.clusters.loc[0, "example"]
    'Mr. President, allow me to congratulate you on your election to preside over this session of the General Assembly.'
    >>> int(result.clusters.loc[0, "n_docs"])
    4
    """
    corpus = as_corpus(corpus, func="remove_boilerplate")
    for name, value in (("min_share", min_share), ("similarity", similarity)):
        if not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1):
            raise ValueError(f"The {name!r} parameter of remove_boilerplate must be a number in [0, 1]. Got {value!r} instead.")
    check_int(min_docs, name="min_docs", func="remove_boilerplate", minimum=1)
    check_int(min_words, name="min_words", func="remove_boilerplate", minimum=1)
    check_choice(action, ("drop", "flag"), name="action", func="remove_boilerplate")
    if by is not None:
        check_column(by, corpus.meta_columns, owner="The corpus")
    docs = spacy_docs(corpus, level="sentences", model=model, n_process=n_process, cache_dir=cache_dir)
    frame = _sentences(docs, min_words=min_words)
    frame["family"] = _families(frame["key"].tolist(), similarity=similarity, seed=seed)
    labels = corpus.meta[by].to_numpy(dtype=object) if by is not None else None
    chosen = _widespread(frame, len(corpus), labels, min_docs=min_docs, min_share=min_share)
    hits = frame[frame["family"].isin(chosen.index)].copy()
    # Number the families by reach (most widespread first), ties by first appearance.
    order = sorted(chosen.index, key=lambda f: (-chosen[f], f))
    number = {f: k + 1 for k, f in enumerate(order)}
    hits["cluster"] = hits["family"].map(number)
    clusters = _clusters(hits, chosen, order, number, n_total=len(corpus))
    cleaned = list(corpus.texts) if action == "flag" else _cut(corpus.texts, hits)
    return Boilerplate(_kept(corpus, cleaned), _removed(hits, corpus.doc_ids), clusters)


def _sentences(docs, *, min_words: int) -> pd.DataFrame:
    """One row per sentence long enough to judge: document, position, character span, text and template."""
    spans = []
    for d, doc in enumerate(docs):
        for s, sent in enumerate(doc.sents, start=1):
            key = _normalise(sent.text)
            if _real_words(key) >= min_words:
                spans.append((d, s, sent.start_char, sent.end_char, sent.text.strip(), key))
    return pd.DataFrame(spans, columns=["doc", "sent_id", "start", "end", "sentence", "key"])


def _families(keys: list[tuple[str, ...]], *, similarity: float, seed: int) -> np.ndarray:
    """The family of each sentence: identical templates first, then near-duplicates among the distinct ones."""
    from datasketch import MinHash, MinHashLSH  # imported when needed: datasketch is slow to import

    forms = list(dict.fromkeys(keys))
    index = {form: i for i, form in enumerate(forms)}
    parent = list(range(len(forms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if similarity < 1 and len(forms) > 1:
        # A form joins a family only if it is close to the family's first (most frequent) form,
        # so that families cannot grow by chains of small steps.
        frequency: dict[tuple[str, ...], int] = {}
        for key in keys:
            frequency[key] = frequency.get(key, 0) + 1
        order = sorted(range(len(forms)), key=lambda i: (-frequency[forms[i]], i))
        num_perm = 64
        shingles = [_shingles(f) for f in forms]
        hashes = MinHash.bulk(shingles, num_perm=num_perm, seed=seed)
        lsh = MinHashLSH(threshold=similarity, num_perm=num_perm)
        for i in order:
            for j in lsh.query(hashes[i]):
                rep_ = find(int(j))
                common = len(shingles[i] & shingles[rep_])
                if common >= similarity * len(shingles[i] | shingles[rep_]):
                    parent[i] = rep_
                    break
            if parent[i] == i:
                lsh.insert(i, hashes[i])  # only representatives are indexed
    return np.array([find(index[key]) for key in keys], dtype=np.int64)


def _widespread(frame: pd.DataFrame, n_total: int, labels: np.ndarray | None, *, min_docs: int,
                min_share: float) -> pd.Series:
    """Documents per family, for the families found in enough documents (within a value of ``by``, if given)."""
    docs_per_family = frame.groupby("family")["doc"].nunique()
    if labels is None:
        needed = max(min_docs, math.ceil(min_share * n_total))
        return docs_per_family[docs_per_family >= needed]
    sizes = pd.Series(labels).value_counts()
    best_share = (
        frame.assign(g=labels[frame["doc"].to_numpy()])
        .drop_duplicates(["family", "doc"])
        .groupby(["family", "g"]).size()
        .div(sizes, level="g")
        .groupby(level="family").max()
    )
    return docs_per_family[(docs_per_family >= min_docs) & (best_share.reindex(docs_per_family.index) >= min_share)]


def _clusters(hits: pd.DataFrame, chosen: pd.Series, order: list, number: dict, *, n_total: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "cluster": number[f],
                "example": hits.loc[hits["family"] == f, "sentence"].value_counts().index[0],
                "n_docs": int(chosen[f]),
                "share": chosen[f] / n_total,
                "n_sentences": int((hits["family"] == f).sum()),
                "variants": int(hits.loc[hits["family"] == f, "sentence"].nunique()),
            }
            for f in order
        ],
        columns=["cluster", "example", "n_docs", "share", "n_sentences", "variants"],
    )


def _cut(texts: list[str], hits: pd.DataFrame) -> list[str]:
    """The texts without the character spans of ``hits``; the rest of each text is kept as it was."""
    cut: dict[int, list[tuple[int, int]]] = {}
    for d, start, end in hits[["doc", "start", "end"]].itertuples(index=False):
        cut.setdefault(d, []).append((start, end))
    cleaned = []
    for d, text in enumerate(texts):
        if d not in cut:
            cleaned.append(text)
            continue
        out, pos = "", 0
        for start, end in sorted(cut[d]):
            out += text[pos:start]
            pos = end
            # Tidy the junction only: nothing left where a text now starts, no double space.
            rest = text[pos:]
            if not out.strip():
                out, pos = "", pos + len(rest) - len(rest.lstrip())
            elif out.endswith((" ", "\t", "\n")):
                pos += len(rest) - len(rest.lstrip(" \t"))
        out += text[pos:]
        cleaned.append(out if out.strip() else "")
    return cleaned


def _kept(corpus: Corpus, cleaned: list[str]) -> Corpus:
    """The corpus with the cleaned texts; documents left empty are named in a warning and left out."""
    frame_out = corpus.to_frame()
    frame_out["text"] = cleaned
    emptied = [i for i, t in zip(corpus.doc_ids, cleaned) if not t.strip()]
    if emptied:
        warnings.warn(
            f"remove_boilerplate: {len(emptied)} document(s) held nothing but boilerplate and are left out: "
            f"{', '.join(emptied[:10])}{' ...' if len(emptied) > 10 else ''}.",
            UserWarning,
            stacklevel=3,
        )
        frame_out = frame_out[[bool(t.strip()) for t in cleaned]]
    return Corpus(frame_out)


def _removed(hits: pd.DataFrame, doc_ids: list[str]) -> pd.DataFrame:
    ids = np.asarray(doc_ids, dtype=object)
    return pd.DataFrame(
        {
            "doc_id": ids[hits["doc"].to_numpy()] if len(hits) else np.array([], dtype=object),
            "sent_id": hits["sent_id"].to_numpy(),
            "start": hits["start"].to_numpy(),
            "end": hits["end"].to_numpy(),
            "sentence": hits["sentence"].to_numpy(),
            "cluster": hits["cluster"].to_numpy() if len(hits) else np.array([], dtype=np.int64),
        }
    ).reset_index(drop=True)
