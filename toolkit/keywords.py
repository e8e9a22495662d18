"""Keywords: frequencies, keyword in context, keyness and friends."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from toolkit._html import HTMLView, esc
from toolkit._validation import ToolkitKeyError, check_choice, check_int, check_type
from toolkit.corpus import Corpus, _as_corpus
from toolkit.dfm import DFM

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["frequencies", "kwic", "kwic_html"]


# -- frequencies -----------------------------------------------------------------------------------
def frequencies(dfm: DFM, *, groups: str | None = None, n: int | None = None) -> pd.DataFrame:
    """Return each feature's frequency, document frequency and rank, overall or per group.

    Parameters
    ----------
    dfm : DFM
        Counts (not weighted).
    groups : str, optional
        A metadata column: frequencies are computed within each group.
    n : int, optional
        Keep the ``n`` most frequent features (per group).

    Returns
    -------
    pandas.DataFrame
        ``feature``, ``frequency`` (total count), ``rank`` (1 = most frequent; ties share the
        lowest rank, as quanteda's ``textstat_frequency``), ``docfreq`` (documents containing
        the feature), ``group`` (the group, or ``"all"``), sorted by group, then frequency
        descending, then order of first appearance. Features with frequency 0 in a group are
        not listed for it.

    Raises
    ------
    ValueError
        If the DFM is weighted.
    KeyError
        If ``groups`` names no metadata column.

    Examples
    --------
    >>> import toolkit as tk
    >>> m = tk.dfm(tk.Corpus.from_texts(["peace peace talks", "peace war"]))
    >>> tk.frequencies(m)[["feature", "frequency", "rank", "docfreq"]].values.tolist()
    [['peace', 3, 1, 2], ['talks', 1, 2, 1], ['war', 1, 2, 1]]
    """
    check_type(dfm, DFM, name="dfm", func="frequencies", expected="a DFM (see toolkit.dfm)")
    if dfm.weighting != "count":
        raise ValueError(f"frequencies needs counts; this DFM is weighted ({dfm.weighting!r}).")
    if n is not None:
        check_int(n, name="n", func="frequencies", minimum=1)
    if groups is None:
        labels = np.array(["all"] * dfm.shape[0], dtype=object)
    else:
        if groups not in dfm.meta.columns:
            raise ToolkitKeyError(
                f"The DFM has no metadata column {groups!r} (columns: {', '.join(map(repr, dfm.meta.columns))})."
            )
        labels = dfm.meta[groups].to_numpy(dtype=object)
    features = np.asarray(dfm.features, dtype=object)
    frames = []
    for label in pd.unique(labels):
        rows = np.flatnonzero(labels == label)
        sub = dfm.matrix[rows]
        freq = np.asarray(sub.sum(axis=0)).ravel()
        docfreq = np.diff(sub.tocsc().indptr)
        present = np.flatnonzero(freq > 0)
        order = present[np.lexsort((present, -freq[present]))]
        f = freq[order]
        frame = pd.DataFrame(
            {
                "feature": features[order],
                "frequency": f.astype(np.int64),
                "rank": pd.Series(-f).rank(method="min").astype(np.int64).to_numpy(),
                "docfreq": docfreq[order].astype(np.int64),
                "group": label,
            }
        )
        frames.append(frame if n is None else frame.head(n))
    out = pd.concat(frames, ignore_index=True)
    if groups is not None:
        out = out.sort_values("group", kind="stable").reset_index(drop=True)
    return out


# -- keyword in context ---------------------------------------------------------------------------
ValueType = Literal["glob", "regex", "phrase"]


def _token_patterns(
    pattern: str | Sequence[str], *, valuetype: str, case_sensitive: bool, nlp: Language
) -> list[tuple[str, list[re.Pattern[str]]]]:
    """Return (pattern, one regex per token) for each pattern."""
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ValueError(
            f"The 'pattern' parameter of kwic must be a non-empty string or list of strings. Got {pattern!r} instead."
        )
    flags = 0 if case_sensitive else re.IGNORECASE
    out = []
    for p in patterns:
        if valuetype == "regex":
            try:
                out.append((p, [re.compile(p, flags)]))
            except re.error as exc:
                raise ValueError(f"The 'pattern' {p!r} of kwic is not a valid regular expression ({exc}).") from None
            continue
        pieces: list[str] = []
        for word in p.split():
            if valuetype == "glob" and any(ch in word for ch in "*?"):
                pieces.append(fnmatch.translate(word).replace(r"(?s:", "(?:"))
            else:  # split as the corpus is split ("two-state" -> two, -, state)
                pieces.extend(re.escape(t.text) + r"\Z" for t in nlp.tokenizer(word))
        out.append((p, [re.compile(piece, flags) for piece in pieces]))
    return out


def kwic(
    corpus: Corpus,
    pattern: str | Sequence[str],
    *,
    window: int = 5,
    valuetype: ValueType = "glob",
    case_sensitive: bool = False,
    model: str | Language | None = None,
) -> pd.DataFrame:
    """Return every match of ``pattern`` with its context: keyword in context, one row per match.

    Parameters
    ----------
    corpus : Corpus
    pattern : str or list of str
        ``glob``: token patterns with ``*`` and ``?``; words separated by spaces match
        consecutive tokens ("international law", "secur* council"). ``regex``: a regular
        expression searched in each token. ``phrase``: literal text, split into tokens as the
        corpus is ("two-state solution").
    window : int
        Tokens of context on each side (whitespace and line breaks do not count).
    valuetype : {"glob", "regex", "phrase"}
    case_sensitive : bool
    model : str, Language or None
        The tokenizer's pipeline (see :func:`toolkit.load_pipeline`).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``position`` (1-based index of the first matched token, whitespace not
        counted), ``left``, ``match``, ``right`` (the original text, each run of whitespace
        shown as one space), ``pattern`` (the first pattern that matched there), then the
        document metadata; in corpus and position order.

    Raises
    ------
    ValueError
        For an empty or invalid pattern, a bad ``window`` or ``valuetype``.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.Corpus.from_texts({"a": "We respect international law. Law matters."})
    >>> tk.kwic(corpus, "law", window=2)[["left", "match", "right"]].values.tolist()
    [['respect international', 'law', '. Law'], ['law.', 'Law', 'matters.']]
    """
    from toolkit.nlp import load_pipeline, spacy_docs

    corpus = _as_corpus(corpus, func="kwic")
    check_int(window, name="window", func="kwic", minimum=1)
    check_choice(valuetype, ("glob", "regex", "phrase"), name="valuetype", func="kwic")
    nlp = load_pipeline(model)
    compiled = _token_patterns(pattern, valuetype=valuetype, case_sensitive=case_sensitive, nlp=nlp)
    meta = corpus.meta
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="tokens", model=model)):
        toks = [t for t in doc if not t.is_space]
        texts = [t.text for t in toks]

        def span(a: int, b: int) -> str:
            """The original text of tokens a..b-1, each run of whitespace shown as one space."""
            if b <= a:
                return ""
            return " ".join(doc.text[toks[a].idx : toks[b - 1].idx + len(toks[b - 1])].split())

        hits: dict[int, tuple[int, str]] = {}  # start -> (end, pattern); first pattern wins
        for label, regexes in compiled:
            first = regexes[0].search if valuetype == "regex" else regexes[0].match
            for start in (k for k, t in enumerate(texts) if first(t)):
                end = start + len(regexes)
                if start in hits or end > len(texts):
                    continue
                if all(rx.match(texts[start + k]) for k, rx in enumerate(regexes[1:], start=1)):
                    hits[start] = (end, label)
        doc_meta = {c: meta.iloc[i][c] for c in corpus.meta_columns}
        for start in sorted(hits):
            end, label = hits[start]
            rows.append(
                {
                    "doc_id": corpus.doc_ids[i],
                    "position": start + 1,
                    "left": span(max(0, start - window), start),
                    "match": span(start, end),
                    "right": span(end, min(len(toks), end + window)),
                    "pattern": label,
                    **doc_meta,
                }
            )
    columns = ["doc_id", "position", "left", "match", "right", "pattern", *corpus.meta_columns]
    return pd.DataFrame(rows, columns=columns)


def kwic_html(frame: pd.DataFrame, *, max_rows: int = 100) -> HTMLView:
    """Return an HTML view of a :func:`kwic` table: contexts aligned on the match, all text escaped.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`kwic`.
    max_rows : int
        Show at most this many matches (the caption says how many there are).

    Returns
    -------
    HTMLView
        Renders in notebooks; ``.html`` holds the markup and ``.save(path)`` writes a page.
    """
    needed = ["doc_id", "left", "match", "right"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ToolkitKeyError(f"kwic_html needs the columns of a kwic table; missing {missing}. Pass the result of tk.kwic.")
    check_int(max_rows, name="max_rows", func="kwic_html", minimum=1)
    shown = frame.head(max_rows)
    body = "\n".join(
        "<tr>"
        f'<td class="tk-id">{esc(r.doc_id)}</td>'
        f'<td class="tk-left" style="text-align:right">{esc(r.left)}</td>'
        f'<td class="tk-match" style="text-align:center"><strong>{esc(r.match)}</strong></td>'
        f'<td class="tk-right" style="text-align:left">{esc(r.right)}</td>'
        "</tr>"
        for r in shown.itertuples(index=False)
    )
    caption = f"{len(frame)} matches" + (f", first {len(shown)} shown" if len(shown) < len(frame) else "")
    html_text = (
        '<table class="tk-kwic">'
        f"<caption>{esc(caption)}</caption>"
        "<thead><tr><th>doc_id</th><th>left</th><th>match</th><th>right</th></tr></thead>"
        f"<tbody>\n{body}\n</tbody></table>"
    )
    text = "\n".join(f"{r.doc_id}: {r.left} [{r.match}] {r.right}" for r in shown.itertuples(index=False))
    return HTMLView(html_text, f"{caption}\n{text}")
