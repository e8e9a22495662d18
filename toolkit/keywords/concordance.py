"""Keyword in context: every match of a pattern with the words around it, and its HTML view."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

from toolkit._util.markup import HTMLView, esc
from toolkit._util.validation import ToolkitKeyError, check_choice, check_int
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.nlp import load_pipeline, merge_hyphenated, spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["kwic", "kwic_html", "kwic_table"]


ValueType = Literal["glob", "regex", "phrase"]


def _token_patterns(
    pattern: str | Sequence[str], *, valuetype: str, case_sensitive: bool, nlp: Language
) -> list[tuple[str, list[re.Pattern[str]]]]:
    """Return (pattern, one regex per token) for each pattern."""
    if isinstance(pattern, str):
        patterns = [pattern]
    elif isinstance(pattern, Sequence):
        patterns = list(pattern)
    else:
        raise TypeError(
            f"The 'pattern' parameter of kwic must be a string or a list of strings. Got {type(pattern).__name__} instead."
        )
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
            else:  # split as the corpus is split ("U.S.-led" -> "U.S.-led", "Israel's" -> Israel, 's)
                pieces.extend(re.escape(t.text) + r"\Z" for t in merge_hyphenated(nlp.make_doc(word)))
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
        shown as one space), ``pattern`` (the first pattern that matched there),
        ``doc_tokens`` (tokens in the document, for dispersion plots), then the document
        metadata; in corpus and position order.

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
    corpus = as_corpus(corpus, func="kwic")
    check_int(window, name="window", func="kwic", minimum=1)
    check_choice(valuetype, ("glob", "regex", "phrase"), name="valuetype", func="kwic")
    clash = [c for c in corpus.meta_columns if c in ("position", "left", "match", "right", "pattern", "doc_tokens")]
    if clash:
        raise ValueError(
            f"kwic: the metadata column(s) {clash} would be overwritten by kwic's own columns; rename them "
            "in the corpus first."
        )
    nlp = load_pipeline(model)
    compiled = _token_patterns(pattern, valuetype=valuetype, case_sensitive=case_sensitive, nlp=nlp)
    records = meta_records(corpus)
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="tokens", model=model)):
        toks = [t for t in doc if not t.is_space]
        texts = [t.text for t in toks]

        text = doc.text  # Doc.text is rebuilt on every access

        def span(a: int, b: int) -> str:
            """The original text of tokens a..b-1, each run of whitespace shown as one space."""
            if b <= a:
                return ""
            return " ".join(text[toks[a].idx : toks[b - 1].idx + len(toks[b - 1])].split())

        hits: dict[int, tuple[int, str]] = {}  # start -> (end, pattern); first pattern wins
        for label, regexes in compiled:
            first = regexes[0].search if valuetype == "regex" else regexes[0].match
            for start in (k for k, t in enumerate(texts) if first(t)):
                end = start + len(regexes)
                if start in hits or end > len(texts):
                    continue
                if all(rx.match(texts[start + k]) for k, rx in enumerate(regexes[1:], start=1)):
                    hits[start] = (end, label)
        doc_meta = records[i]
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
                    "doc_tokens": len(toks),
                    **doc_meta,
                }
            )
    columns = ["doc_id", "position", "left", "match", "right", "pattern", "doc_tokens", *corpus.meta_columns]
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
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"The 'frame' parameter of kwic_html must be the DataFrame tk.kwic returns. Got {type(frame).__name__} instead."
        )
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ToolkitKeyError(f"kwic_html needs the columns of a kwic table; missing {missing}. Pass the result of tk.kwic.")
    check_int(max_rows, name="max_rows", func="kwic_html", minimum=1)
    shown = frame.head(max_rows)
    caption = f"{len(frame)} matches" + (f", first {len(shown)} shown" if len(shown) < len(frame) else "")
    text = "\n".join(f"{r.doc_id}: {r.left} [{r.match}] {r.right}" for r in shown.itertuples(index=False))
    return HTMLView(kwic_table(shown, caption=caption), f"{caption}\n{text}")


def kwic_table(frame: pd.DataFrame, *, caption: str | None = None, fixed: bool = False) -> str:
    """The markup of a kwic table: contexts aligned on the match, every value escaped.

    ``fixed`` lays the table out for a page of fixed width (the report): set column widths and
    no header; a left context too long for its column is cut at its start, not next to the match.
    """
    left = '<td class="tk-left" style="text-align:right">{}</td>'
    if fixed:
        left = left.format("<bdi>{}</bdi>")  # the page's CSS sets the cell right to left; <bdi> keeps the text in order
    body = "\n".join(
        "<tr>"
        f'<td class="tk-id">{esc(r.doc_id)}</td>'
        + left.format(esc(r.left))
        + f'<td class="tk-match" style="text-align:center"><strong>{esc(r.match)}</strong></td>'
        f'<td class="tk-right" style="text-align:left">{esc(r.right)}</td>'
        "</tr>"
        for r in frame.itertuples(index=False)
    )
    if fixed:
        widths = '<colgroup><col style="width:11rem"><col style="width:40%"><col style="width:9rem"><col></colgroup>'
        return f'<table class="tk-kwic tk-fixed">{widths}<tbody>\n{body}\n</tbody></table>'
    return (
        '<table class="tk-kwic">'
        + (f"<caption>{esc(caption)}</caption>" if caption else "")
        + "<thead><tr><th>doc_id</th><th>left</th><th>match</th><th>right</th></tr></thead>"
        f"<tbody>\n{body}\n</tbody></table>"
    )
