"""Keywords: frequencies, keyword in context, keyness and friends."""

from __future__ import annotations

import warnings
import fnmatch
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._html import HTMLView, esc
from toolkit._stats import group_rng
from toolkit._validation import (
    ToolkitKeyError,
    check_choice,
    check_ci,
    check_column,
    check_int,
    check_type,
    describe_items,
    natural_sorted,
)
from toolkit.corpus import Corpus, _as_corpus
from toolkit.dfm import DFM

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "collocations",
    "frequencies",
    "frequency_over",
    "keyness",
    "keyness_panel",
    "keyterms",
    "kwic",
    "kwic_html",
]


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
        codes, uniques = np.zeros(dfm.shape[0], dtype=int), ["all"]
    else:
        check_column(groups, dfm.meta.columns, owner="The DFM")
        codes, uniques = pd.factorize(dfm.meta[groups], sort=True)
        if (codes < 0).any():
            warnings.warn(
                f"frequencies: left out {int((codes < 0).sum())} document(s) whose {groups!r} is missing: "
                f"{describe_items(np.asarray(dfm.docnames)[codes < 0])}.",
                UserWarning,
                stacklevel=2,
            )
    features = np.asarray(dfm.features, dtype=object)
    frames = []
    for code, label in enumerate(uniques):
        rows = np.flatnonzero(codes == code)
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
    return pd.concat(frames, ignore_index=True)


# -- keyword in context ---------------------------------------------------------------------------
ValueType = Literal["glob", "regex", "phrase"]


def _token_patterns(
    pattern: str | Sequence[str], *, valuetype: str, case_sensitive: bool, nlp: Language
) -> list[tuple[str, list[re.Pattern[str]]]]:
    """Return (pattern, one regex per token) for each pattern."""
    from toolkit.nlp import merge_hyphenated

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
    from toolkit.nlp import load_pipeline, spacy_docs

    corpus = _as_corpus(corpus, func="kwic")
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
    records = corpus._meta_records()
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


# -- keyness -------------------------------------------------------------------------------------------
Measure = Literal["chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"]
Correction = Literal["default", "yates", "williams", "none"]
PAdjust = Literal["bonferroni", "bh"]
_MEASURES = ("chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf")
_STAT_NAME = {
    "chi2": "chi2",
    "lr": "G2",
    "exact": "or",
    "pmi": "pmi",
    "logratio": "log_ratio",
    "logodds": "z",
    "scaledf": "scaledf",
}
# quanteda adds this inside the logarithm of G2 and PMI, so that an empty cell contributes 0.
_QUANTEDA_EPS = 1e-9


def _resolve_target(dfm: DFM, target: object) -> np.ndarray:
    """Return a boolean mask of the target documents, with quanteda's checks and messages."""
    n = dfm.shape[0]
    names = dfm.docnames
    if isinstance(target, (str, np.str_)):
        target = [str(target)]
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        target = [int(target)]
    arr = np.asarray(target) if not isinstance(target, pd.Series) else target.to_numpy()
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(
                f"The 'target' mask of keyness must have one value per document ({n}). Got {arr.shape[0]} values instead."
            )
        return arr
    if arr.dtype.kind in "iu":
        bad = [int(i) for i in arr if not 0 <= int(i) < n]
        if bad:
            raise ValueError(
                f"The 'target' of keyness is outside the range of documents (positions 0 to {n - 1}). Got {bad} instead."
            )
        mask = np.zeros(n, dtype=bool)
        mask[arr.astype(int)] = True
        return mask
    if arr.dtype.kind in "UO" and all(isinstance(t, str) for t in arr):
        missing = [str(t) for t in arr if t not in names]
        if missing:
            raise ToolkitKeyError(
                f"The 'target' of keyness names no document of the DFM: {', '.join(map(repr, missing))}. "
                f"Documents: {describe_items(names)}. Group the DFM first (dfm.group('actor')) to use group names."
            )
        return np.isin(np.asarray(names, dtype=object), arr)
    raise TypeError(
        "The 'target' parameter of keyness must be a document name, a list of names, positions or a boolean mask. "
        f"Got {type(target).__name__} instead."
    )


def _reference_counts(reference: object, features: list[str]) -> tuple[list[str], np.ndarray]:
    """Return (feature names, counts) of a reference DFM or background frequency table."""
    if isinstance(reference, DFM):
        if reference.weighting != "count":
            raise ValueError(f"The 'reference' DFM of keyness must hold counts; it is weighted ({reference.weighting!r}).")
        return reference.features, reference.feature_counts().astype(float)
    if isinstance(reference, pd.DataFrame):
        if "feature" not in reference.columns:
            raise ToolkitKeyError(
                "The 'reference' table of keyness needs a 'feature' column and a 'count' (or 'frequency') column. "
                f"Got columns {list(reference.columns)}."
            )
        col = "count" if "count" in reference.columns else "frequency" if "frequency" in reference.columns else None
        if col is None:
            raise ToolkitKeyError(
                "The 'reference' table of keyness needs a 'count' or 'frequency' column next to 'feature'. "
                f"Got columns {list(reference.columns)}."
            )
        series = reference.groupby("feature", sort=False)[col].sum()
    elif isinstance(reference, (pd.Series, dict)):
        series = pd.Series(reference)
    else:
        raise TypeError(
            "The 'reference' parameter of keyness must be a DFM, a DataFrame with 'feature' and 'count' columns, "
            f"or a mapping feature -> count. Got {type(reference).__name__} instead."
        )
    values = pd.to_numeric(series, errors="coerce")
    if values.isna().any() or (values < 0).any():
        raise ValueError("The 'reference' counts of keyness must be non-negative numbers.")
    return [str(f) for f in series.index], values.to_numpy(dtype=float)


def _yates_applies(a, b, c, d) -> np.ndarray:
    """quanteda's per-feature rule: correct when |ad - bc| >= N/2 and some expected count is below 5."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [(a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (c + d) * (b + d) / n]
    small = np.logical_or.reduce([e < 5 for e in expected])
    return (np.abs(a * d - b * c) >= n / 2) & small


def _williams(a, b, c, d) -> np.ndarray:
    """Williams' (1976) correction factor q for a 2x2 table; 1 where a cell is empty."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def _chi2(a, b, c, d, correction: str) -> np.ndarray:
    n = a + b + c + d
    corrected = _yates_applies(a, b, c, d) if correction in ("default", "yates") else np.zeros(len(a), dtype=bool)
    # Where Yates applies, |ad - bc| >= N/2, so the corrected difference stays non-negative.
    diff = np.abs(a * d - b * c) - np.where(corrected, n / 2, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = n * diff**2 / ((a + b) * (c + d) * (a + c) * (b + d))
    if correction == "williams":
        stat = stat / _williams(a, b, c, d)
    return stat


def _g2(a, b, c, d, correction: str) -> np.ndarray:
    n = a + b + c + d
    cells = [a.copy(), b.copy(), c.copy(), d.copy()]
    if correction in ("default", "yates"):
        delta = np.where(_yates_applies(a, b, c, d), 0.5, 0.0)
        towards = np.where(a * d - b * c > 0, -1.0, 1.0) * delta  # move every cell 0.5 towards independence
        cells = [a + towards, b - towards, c - towards, d + towards]
    A, B, C, D = cells
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [(A + B) * (A + C) / n, (A + B) * (B + D) / n, (A + C) * (C + D) / n, (B + D) * (C + D) / n]
        terms = [np.where(o > 0, o * np.log(o / e + _QUANTEDA_EPS), 0.0) for o, e in zip(cells, expected)]
    g2 = 2 * (terms[0] + terms[1] + terms[2] + terms[3])
    if correction == "williams":
        g2 = g2 / _williams(a, b, c, d)
    return g2


def _fisher(a, b, c, d) -> tuple[np.ndarray, np.ndarray]:
    """Conditional maximum-likelihood odds ratio and two-sided p of Fisher's exact test, per feature."""
    from scipy.stats import fisher_exact
    from scipy.stats.contingency import odds_ratio

    est = np.empty(len(a))
    p = np.empty(len(a))
    memo: dict[tuple[int, int, int, int], tuple[float, float]] = {}
    for i, cells in enumerate(zip(a.astype(np.int64), b.astype(np.int64), c.astype(np.int64), d.astype(np.int64))):
        key = tuple(int(x) for x in cells)
        if key not in memo:
            ai, bi, ci, di = key
            table = [[ai, ci], [bi, di]]
            if ai + bi == 0 or ci + di == 0:
                memo[key] = (0.0, 1.0)  # a single possible table: R reports estimate 0 and p 1
            else:
                memo[key] = (float(odds_ratio(table, kind="conditional").statistic), float(fisher_exact(table)[1]))
        est[i], p[i] = memo[key]
    return est, p


def _log_ratio(a, b, total_a, total_b) -> np.ndarray:
    """Hardie's log ratio: the binary log of the ratio of relative frequencies.

    A zero count is taken as 0.5 x (its side's total / the larger total): Hardie's 0.5 when
    both sides are the same size, and still an under-representation (a negative ratio) for a
    word the smaller side never uses, which a plain 0.5 would turn positive.
    """
    larger = np.maximum(total_a, total_b)
    aa = np.where(a == 0, 0.5 * total_a / larger, a)
    bb = np.where(b == 0, 0.5 * total_b / larger, b)
    return np.log2((aa / total_a) / (bb / total_b))


def _log_odds(a, b, alpha) -> tuple[np.ndarray, np.ndarray]:
    """Monroe, Colaresi & Quinn's log-odds ratio with informative Dirichlet prior: (delta, z)."""
    n_a, n_b, alpha0 = a.sum(), b.sum(), alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((a + alpha) / (n_a + alpha0 - a - alpha)) - np.log((b + alpha) / (n_b + alpha0 - b - alpha))
        variance = 1 / (a + alpha) + 1 / (b + alpha)
    return delta, delta / np.sqrt(variance)


def _scaled_f(a, b, beta: float) -> np.ndarray:
    """scattertext's scaled F-score of each feature for the target (a) against the reference (b), in [0, 1]."""
    from scipy.stats import norm, rankdata

    def scale(x: np.ndarray) -> np.ndarray:
        sd = x.std()
        if sd == 0 or not np.isfinite(sd):
            return rankdata(x) / len(x)
        return norm.cdf(x, loc=x.mean(), scale=sd)

    def one_sided(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            precision = scale(np.where(c + n > 0, c / (c + n), 0.0))
            recall = scale(c / c.sum() if c.sum() else np.zeros_like(c))
            denom = beta**2 * precision + recall
            score = (1 + beta**2) * precision * recall / np.where(denom == 0, 1.0, denom)
        return np.nan_to_num(score)

    s_cat, s_ref = one_sided(a, b), one_sided(b, a)
    s = np.where(s_cat > s_ref, s_cat, np.where(s_cat < s_ref, -s_ref, 0.0))
    out = s.copy()
    for side in (s > 0, s < 0):
        if side.any():
            mags = np.abs(s[side])
            span = mags.max() - mags.min()
            scaled = (mags - mags.min()) / span if span > 0 else np.full(mags.shape, 0.5)
            out[side] = np.sign(s[side]) * scaled
    return (out + 1) / 2


def _adjust(p: np.ndarray, method: str) -> np.ndarray:
    finite = ~np.isnan(p)
    out = np.full_like(p, np.nan)
    if method == "bonferroni":
        out[finite] = np.minimum(1.0, p[finite] * finite.sum())
    else:
        from scipy.stats import false_discovery_control

        out[finite] = false_discovery_control(p[finite], method="bh")
    return out


def _counts_as_int(frame: pd.DataFrame) -> pd.DataFrame:
    """Show counts as integers (17, not 17.0) when they are whole, as they are from an unweighted DFM."""
    for col in ("n_target", "n_reference"):
        if col in frame.columns:
            values = frame[col].to_numpy(dtype=float)
            if np.isfinite(values).all() and (values == np.round(values)).all():
                frame[col] = values.astype(np.int64)
    return frame


def _keyness_table(features: Sequence[str], a: np.ndarray, b: np.ndarray, **options: object) -> pd.DataFrame:
    """Return the keyness columns for target counts ``a`` and reference counts ``b`` (feature order)."""
    return pd.DataFrame({"feature": list(features), **_keyness_arrays(features, a, b, **options)})


def _keyness_arrays(
    features: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    **options: object,
) -> dict[str, np.ndarray]:
    """Return the keyness columns (statistic, p, counts, log ratio) as arrays in feature order.

    A feature absent from both sides has no 2x2 table: its statistic and p are NaN, and it
    takes no part in scaling (scaled F), priors (log-odds) or p adjustment.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    seen = (a + b) > 0
    if seen.all():
        return _keyness_seen(features, a, b, a.sum(), b.sum(), **options)
    names = [f for f, keep in zip(features, seen) if keep]
    part = _keyness_seen(names, a[seen], b[seen], a.sum(), b.sum(), **options)
    out = {}
    for key, values in part.items():
        full = np.full(len(a), np.nan)
        full[seen] = values
        out[key] = full
    out["n_target"], out["n_reference"] = a, b
    return out


def _keyness_seen(
    features: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    total_a: float,
    total_b: float,
    *,
    measure: str,
    correction: str,
    prior: object,
    prior_scale: float,
    beta: float,
) -> dict[str, np.ndarray]:
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import norm

    c, d = total_a - a, total_b - b
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_a = (a + b) * (a + c) / (a + b + c + d)
    sign = np.where(a > expected_a, 1.0, -1.0)
    stat_name = _STAT_NAME[measure]
    p: np.ndarray | None = None
    if measure == "chi2":
        stat = sign * _chi2(a, b, c, d, correction)
        p = chi2_dist.sf(np.abs(stat), 1)
    elif measure == "lr":
        stat = sign * _g2(a, b, c, d, correction)
        p = chi2_dist.sf(np.abs(stat), 1)
    elif measure == "pmi":
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = np.log(a / expected_a + _QUANTEDA_EPS)
        p = chi2_dist.sf(np.abs(stat), 1)  # quanteda's convention, kept for parity
    elif measure == "exact":
        stat, p = _fisher(a, b, c, d)
    elif measure == "logratio":
        stat = _log_ratio(a, b, total_a, total_b)
    elif measure == "logodds":
        alpha = _prior(prior, prior_scale, features, a, b)
        _, stat = _log_odds(a, b, alpha)
        p = 2 * norm.sf(np.abs(stat))
    else:
        stat = _scaled_f(a, b, beta)
    columns = {stat_name: stat}
    if p is not None:
        columns["p"] = p
    columns["n_target"] = a
    columns["n_reference"] = b
    if measure != "logratio":
        columns["log_ratio"] = _log_ratio(a, b, total_a, total_b)
    return columns


def _prior(prior: object, prior_scale: float, features: Sequence[str], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the Dirichlet pseudo-count of every feature."""
    if isinstance(prior, str) and prior == "pooled":
        alpha = prior_scale * (a + b)
    elif isinstance(prior, (int, float)) and not isinstance(prior, bool):
        alpha = np.full(len(features), float(prior))
    else:
        if isinstance(prior, DFM):
            names, counts = prior.features, prior.feature_counts().astype(float)
        elif isinstance(prior, (pd.Series, dict)):
            series = pd.Series(prior)
            names, counts = [str(i) for i in series.index], series.to_numpy(dtype=float)
        else:
            raise TypeError(
                "The 'prior' parameter of keyness must be 'pooled', a number (the same pseudo-count for every "
                f"feature), a mapping feature -> count or a background DFM. Got {type(prior).__name__} instead."
            )
        lookup = dict(zip(names, counts))
        alpha = prior_scale * np.array([lookup.get(f, 0.0) for f in features])
    # A feature the prior has never seen still needs a positive pseudo-count for a finite z.
    floor = 0.01
    return np.where(alpha > 0, alpha, floor)


def keyness(
    dfm: DFM,
    target: str | Sequence[str] | Sequence[int] | Sequence[bool] | np.ndarray | int,
    *,
    measure: Measure = "chi2",
    correction: Correction = "default",
    sort: bool = True,
    reference: DFM | pd.DataFrame | pd.Series | dict | None = None,
    prior: str | float | pd.Series | dict | DFM = "pooled",
    prior_scale: float = 1.0,
    beta: float = 2.0,
    p_adjust: PAdjust | None = None,
) -> pd.DataFrame:
    """Return the keyness of every feature for the target documents against a reference.

    The target documents are summed into one row, the others (or ``reference``) into another,
    and each feature's 2x2 table (a = target count, b = reference count, c and d the rest of
    each total) is scored. Measures ``chi2``, ``lr``, ``exact`` and ``pmi`` reproduce
    quanteda.textstats' ``textstat_keyness`` on the same counts (see Notes).

    Parameters
    ----------
    dfm : DFM
        Counts; group it first (``dfm.group("actor")``) to compare groups.
    target : str, list of str, int, list of int, or boolean mask
        Document (or group) names, positions (from 0), or one boolean per document.
    measure : {"chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"}
        ``chi2``: signed chi-squared. ``lr``: signed likelihood-ratio G². ``exact``: Fisher's
        exact test (conditional maximum-likelihood odds ratio). ``pmi``: pointwise mutual
        information. ``logratio``: Hardie's log ratio. ``logodds``: log-odds ratio with an
        informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), as a z-score.
        ``scaledf``: scattertext's scaled F-score (0.5 neutral).
    correction : {"default", "yates", "williams", "none"}
        For ``chi2`` and ``lr``. ``default``: Yates' continuity correction for the features
        where quanteda applies it (|ad - bc| >= N/2 and an expected count below 5);
        ``yates``: the same rule; ``williams``: divide by Williams' q; ``none``.
    sort : bool
        Sort by the statistic, descending (ties by p, then by count in the target, then by
        feature), else keep the DFM's order.
    reference : DFM, DataFrame, Series or dict, optional
        Compare against this instead of the DFM's other documents: another DFM (its feature
        totals), or a background frequency table (``feature`` and ``count`` columns, or a
        mapping). Features of either side are all scored.
    prior : "pooled", float, Series, dict or DFM
        ``logodds`` only: the Dirichlet prior. ``"pooled"``: the target plus reference counts
        times ``prior_scale``; a number: that pseudo-count for every feature; a mapping or DFM:
        background counts times ``prior_scale``. Features the prior lacks get 0.01.
    prior_scale : float
        Multiplier of pooled or background counts (1 uses them as they are, as tidylo does).
    beta : float
        ``scaledf`` only: weight of precision in the harmonic mean (scattertext's default 2).
    p_adjust : {"bonferroni", "bh"}, optional
        Add ``p_adj``: p adjusted for multiple testing (Bonferroni, or Benjamini-Hochberg's
        false discovery rate).

    Returns
    -------
    pandas.DataFrame
        ``feature``; the statistic (``chi2``, ``G2``, ``or``, ``pmi``, ``log_ratio``, ``z`` or
        ``scaledf``); ``p`` where defined (not for ``logratio`` and ``scaledf``); ``p_adj``
        when asked; ``n_target`` and ``n_reference`` (counts); ``log_ratio`` (Hardie's log
        ratio, the effect size, for every measure). Positive (for ``or`` above 1, for
        ``scaledf`` above 0.5) means over-represented in the target. ``attrs`` holds
        ``measure``, ``statistic``, ``target`` and ``reference`` (labels for plots).

    Raises
    ------
    ValueError
        If the DFM has fewer than two documents (without ``reference``) or no counts, is
        weighted, the target is all documents or outside the range, or an option is invalid.
    KeyError
        If a target name is not a document of the DFM.

    Notes
    -----
    Parity with quanteda.textstats (read from its published source, not ported): the sign is
    + when a exceeds its expected count; G² adds 1e-9 inside each logarithm, so an empty cell
    contributes 0; ``pmi`` is ln(a / E(a) + 1e-9) and its p is quanteda's chi-squared p of
    |pmi|; p comes from the chi-squared distribution with 1 df, computed as an upper tail (R's
    ``1 - pchisq`` rounds p below about 1e-16 to 0). Two deliberate differences: with
    ``correction="williams"`` chi-squared is divided by q (the textbook rule, and quanteda
    before 2.1; its current C++ multiplies); ``exact`` reports the exact conditional MLE of the
    odds ratio (scipy), where R's ``fisher.test`` stops its root search at a tolerance of about
    1e-4 (relative differences around 1e-5, larger for extreme odds ratios). quanteda names
    that column ``exact``; here it is ``or``. Hardie's log ratio takes a zero count as 0.5 times
    its side's size over the larger side's size (0.5 for equal sizes; see ``_log_ratio``).

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics, 19(1), 61-74.
    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches
    to Social Science (CASS).
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict. Political
    Analysis, 16(4), 372-403.
    Kessler, J. S. (2017). Scattertext: a browser-based tool for visualizing how corpora
    differ. Proceedings of ACL 2017, System Demonstrations.
    Williams, D. A. (1976). Improved likelihood ratio tests for complete contingency tables.
    Biometrika, 63(1), 33-37.

    Examples
    --------
    >>> import toolkit as tk
    >>> m = tk.dfm(tk.Corpus.from_texts({"d1": "b b b b b b b a a a", "d2": "a a a a a a a b b"}), remove_stopwords=False)
    >>> k = tk.keyness(m, "d1", correction="none")
    >>> k[["feature", "chi2", "n_target", "n_reference"]].round(4).values.tolist()
    [['b', 4.3372, 7, 2], ['a', -4.3372, 3, 7]]
    """
    check_type(dfm, DFM, name="dfm", func="keyness", expected="a DFM (see toolkit.dfm)")
    check_choice(measure, _MEASURES, name="measure", func="keyness")
    check_choice(correction, ("default", "yates", "williams", "none"), name="correction", func="keyness")
    if correction != "default" and measure not in ("chi2", "lr"):
        warnings.warn(
            f"keyness: correction={correction!r} applies to chi2 and lr only; it is ignored for {measure!r}.",
            UserWarning,
            stacklevel=2,
        )
    if p_adjust is not None:
        check_choice(p_adjust, ("bonferroni", "bh"), name="p_adjust", func="keyness")
    if not (isinstance(prior_scale, (int, float)) and prior_scale > 0):
        raise ValueError(f"The 'prior_scale' parameter of keyness must be a number > 0. Got {prior_scale!r} instead.")
    if not (isinstance(beta, (int, float)) and beta > 0):
        raise ValueError(f"The 'beta' parameter of keyness must be a number > 0. Got {beta!r} instead.")
    if dfm.weighting != "count":
        raise ValueError(f"keyness needs counts; this DFM is weighted ({dfm.weighting!r}). Use the unweighted DFM.")
    if dfm.matrix.sum() == 0:
        raise ValueError("keyness: the DFM has no counts at all (is it trimmed to nothing?).")
    if reference is None and dfm.shape[0] < 2:
        raise ValueError("keyness: the DFM must have at least two documents, or pass reference=.")
    mask = _resolve_target(dfm, target)
    if not mask.any():
        raise ValueError("keyness: the target selects no document.")
    if reference is None and mask.all():
        raise ValueError("keyness: the target cannot be all the documents; nothing would be left as reference.")
    a = np.asarray(dfm.matrix[np.flatnonzero(mask)].sum(axis=0)).ravel().astype(float)
    if a.sum() == 0:
        raise ValueError(
            "keyness: the target documents have no counts (empty texts, or everything removed as stopwords); "
            "choose another target."
        )
    features = dfm.features
    if reference is None:
        b = np.asarray(dfm.matrix[np.flatnonzero(~mask)].sum(axis=0)).ravel().astype(float)
        if b.sum() == 0:
            raise ValueError("keyness: the reference documents have no counts; choose another target or pass reference=.")
        target_names = [n for n, m in zip(dfm.docnames, mask) if m]
        rest = [n for n, m in zip(dfm.docnames, mask) if not m]
        reference_label = rest[0] if len(rest) == 1 and len(target_names) == 1 else "reference"
    else:
        ref_features, ref_counts = _reference_counts(reference, features)
        union = list(dict.fromkeys([*features, *ref_features]))
        pos = {f: i for i, f in enumerate(union)}
        a_full = np.zeros(len(union))
        a_full[: len(features)] = a
        b = np.zeros(len(union))
        np.add.at(b, [pos[f] for f in ref_features], ref_counts)
        if b.sum() == 0:
            raise ValueError("keyness: the reference has no counts.")
        a, features = a_full, union
        target_names = [n for n, m in zip(dfm.docnames, mask) if m]
        reference_label = "reference"
    target_label = target_names[0] if len(target_names) == 1 else "target"
    frame = _keyness_table(
        features, a, b, measure=measure, correction=correction, prior=prior, prior_scale=float(prior_scale), beta=float(beta)
    )
    stat = _STAT_NAME[measure]
    if p_adjust is not None and "p" in frame.columns:
        frame.insert(frame.columns.get_loc("p") + 1, "p_adj", _adjust(frame["p"].to_numpy(), p_adjust))
    if sort:
        frame = _sort_keyness(frame, stat)
    frame = _counts_as_int(frame)
    frame.attrs.update({"measure": measure, "statistic": stat, "target": target_label, "reference": reference_label})
    return frame


def _name_ranks(features: Sequence[str]) -> np.ndarray:
    """Rank of each feature name in byte order (R's radix sort), for breaking ties."""
    order = sorted(range(len(features)), key=lambda i: features[i].encode("utf-8"))
    ranks = np.empty(len(features), dtype=np.int64)
    ranks[order] = np.arange(len(features))
    return ranks


def _sort_keyness(frame: pd.DataFrame, stat: str, name_ranks: np.ndarray | None = None) -> pd.DataFrame:
    """Sort by the statistic descending; ties by p, then by count in the target, then by feature; NaN last.

    Ties are common where the statistic saturates: every word only the target uses has an
    infinite odds ratio and the same PMI. Among those, the better attested come first (smaller
    p, more occurrences), not the alphabetically first (which puts numerals on top).
    """
    values = frame[stat].to_numpy(dtype=float)
    keys = np.where(np.isnan(values), np.inf, -values) + 0.0  # + 0.0 folds -0.0 into 0.0
    ranks = name_ranks if name_ranks is not None else _name_ranks(frame["feature"].tolist())
    p = frame["p"].to_numpy(dtype=float) if "p" in frame.columns else np.zeros(len(frame))
    p = np.where(np.isnan(p), np.inf, p)
    count = -frame["n_target"].to_numpy(dtype=float) if "n_target" in frame.columns else np.zeros(len(frame))
    return frame.iloc[np.lexsort((ranks, count, p, keys))].reset_index(drop=True)


# -- collocations ------------------------------------------------------------------------------------
def _window_counts(sequences: list[list[str | None]], k: int) -> dict[tuple[str | None, ...], int]:
    """Count k-token windows; None marks a removed word (counted, never reported)."""
    counts: dict[tuple[str | None, ...], int] = {}
    for seq in sequences:
        for i in range(len(seq) - k + 1):
            window = tuple(seq[i : i + k])
            counts[window] = counts.get(window, 0) + 1
    return counts


def collocations(
    corpus: Corpus,
    *,
    size: int | Sequence[int] = 2,
    min_count: int = 2,
    smoothing: float = 0.5,
    remove_stopwords: bool = False,
    model: str | Language | None = None,
) -> pd.DataFrame:
    """Return multiword expressions with their association scores (lambda and z as quanteda, PMI, G²).

    Candidates are runs of ``size`` consecutive lower-cased words inside a sentence-level
    stretch of text: a window that contains punctuation or a line break is not counted at all,
    so candidates never cross a full stop, a comma or a paragraph; clitics ('s) are gaps. With ``remove_stopwords``, stopwords become gaps:
    windows containing one are counted in the tables but never reported.

    Parameters
    ----------
    corpus : Corpus
    size : int or list of int
        Number of words per expression (2 to 5), e.g. ``2`` or ``[2, 3]``.
    min_count : int
        Report expressions seen at least this often.
    smoothing : float
        Added to every cell of the 2^K table before taking logarithms (quanteda's 0.5).
    remove_stopwords : bool
        Treat spaCy's English stopwords as gaps.
    model : str, Language or None
        The tokenizer's pipeline.

    Returns
    -------
    pandas.DataFrame
        ``collocation`` (words joined by a space), ``count``, ``length``, ``lambda`` (the
        K-way interaction of the smoothed 2^K table: for bigrams the log odds ratio of seeing
        the second word after the first), ``z`` (lambda over its standard error), ``pmi``
        (natural log of the observed over the expected frequency under independence of the
        words), ``G2`` (log-likelihood ratio of the unsmoothed 2x2 table, bigrams only; NaN
        for longer expressions); sorted by ``z`` descending, ties by expression.

    Raises
    ------
    ValueError
        For a bad ``size``, ``min_count`` or ``smoothing``.

    References
    ----------
    Blaheta, D. & Johnson, M. (2001). Unsupervised learning of multi-word verbs. Proceedings
    of the ACL Workshop on Collocations, 54-60.
    Benoit, K. et al. (2018). quanteda (``textstat_collocations``). Journal of Open Source
    Software, 3(30), 774.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.Corpus.from_texts(["I like good ice cream.", "Me too! I like good ice cream.", ""])
    >>> tk.collocations(corpus)[["collocation", "count", "lambda", "z"]].round(6).values.tolist()[0]
    ['good ice', 2, 4.317488, 2.027787]
    """
    from toolkit.nlp import load_pipeline, spacy_docs

    corpus = _as_corpus(corpus, func="collocations")
    sizes = [size] if isinstance(size, int) and not isinstance(size, bool) else list(size)  # type: ignore[arg-type]
    if not sizes or not all(isinstance(k, int) and not isinstance(k, bool) and 2 <= k <= 5 for k in sizes):
        raise ValueError(
            f"The 'size' parameter of collocations must be an int in [2, 5] or a list of them. Got {size!r} instead."
        )
    check_int(min_count, name="min_count", func="collocations", minimum=1)
    if not (isinstance(smoothing, (int, float)) and smoothing >= 0):
        raise ValueError(f"The 'smoothing' parameter of collocations must be a number >= 0. Got {smoothing!r} instead.")
    stops = {s.lower() for s in load_pipeline(model).Defaults.stop_words} if remove_stopwords else set()

    # Stretches of words between punctuation; None stands for a removed stopword.
    stretches: list[list[str | None]] = []
    unigrams: dict[str, int] = {}
    n_words = 0
    for doc in spacy_docs(corpus, level="tokens", model=model):
        current: list[str | None] = []
        for tok in doc:
            if tok.is_space:
                if "\n" in tok.text and current:  # a line or paragraph break ends a stretch
                    stretches.append(current)
                    current = []
                continue
            low = tok.lower_
            if low.startswith(("'", "\u2019")):  # clitics ('s, 're) are no words
                current.append(None)
                continue
            if not any(ch.isalnum() for ch in low):
                if current:
                    stretches.append(current)
                current = []
                continue
            n_words += 1
            unigrams[low] = unigrams.get(low, 0) + 1
            current.append(None if low in stops else low)
        if current:
            stretches.append(current)

    rows = []
    for k in sorted(set(sizes)):
        counts = _window_counts(stretches, k)
        total = sum(counts.values())
        if not total:
            continue
        # Marginal counts for every subset S of positions: windows that agree with x on S.
        subsets = [tuple(p for p in range(k) if mask >> p & 1) for mask in range(1 << k)]
        marginals: list[dict[tuple[str | None, ...], int]] = []
        for positions in subsets:
            table: dict[tuple[str | None, ...], int] = {}
            for window, c in counts.items():
                key = tuple(window[p] for p in positions)
                table[key] = table.get(key, 0) + c
            marginals.append(table)
        for window, c in counts.items():
            if c < min_count or None in window:
                continue
            m = [marginals[mask].get(tuple(window[p] for p in subsets[mask]), 0) for mask in range(1 << k)]
            # Moebius inversion: windows matching x exactly on the positions in b and nowhere else.
            exact = []
            for b in range(1 << k):
                total_b = 0
                for s in range(1 << k):
                    if s & b == b:
                        total_b += (-1) ** (bin(s).count("1") - bin(b).count("1")) * m[s]
                exact.append(total_b + smoothing)
            lam = sum((-1) ** (k - bin(b).count("1")) * np.log(exact[b]) for b in range(1 << k))
            sigma = np.sqrt(sum(1 / n for n in exact))
            expected = total * np.prod([unigrams[w] / n_words for w in window])
            g2 = np.nan
            if k == 2:
                n11, n10, n01 = m[3], m[1] - m[3], m[2] - m[3]
                n00 = total - n11 - n10 - n01
                obs = np.array([[n11, n10], [n01, n00]], dtype=float)
                exp = obs.sum(axis=1, keepdims=True) * obs.sum(axis=0, keepdims=True) / total
                with np.errstate(divide="ignore", invalid="ignore"):
                    g2 = 2 * float(np.sum(np.where(obs > 0, obs * np.log(obs / exp), 0.0)))
            rows.append(
                {
                    "collocation": " ".join(window),  # type: ignore[arg-type]
                    "count": c,
                    "length": k,
                    "lambda": lam,
                    "z": lam / sigma if sigma > 0 else np.nan,
                    "pmi": float(np.log(c / expected)),
                    "G2": g2,
                }
            )
    out = pd.DataFrame(rows, columns=["collocation", "count", "length", "lambda", "z", "pmi", "G2"])
    if len(out):
        out = _sort_keyness(out.rename(columns={"collocation": "feature"}), "z").rename(columns={"feature": "collocation"})
    return out.astype({"count": "int64", "length": "int64"})


# -- many groups, over time ------------------------------------------------------------------------------
def _gries_dp(counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Gries' deviation of proportions for each column of ``counts`` (documents x features).

    DP = 0.5 * sum_i |v_i / f - s_i|: 0 when a feature is spread over the documents in
    proportion to their sizes, near 1 when it is concentrated in one small document.
    """
    f = counts.sum(axis=0)
    s = sizes / sizes.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(f > 0, counts / f, np.nan)
    return 0.5 * np.abs(share - s[:, None]).sum(axis=0)


def _bootstrap_log_ratio(
    x_target: sp.csr_matrix,
    len_target: np.ndarray,
    x_reference: sp.csr_matrix,
    len_reference: np.ndarray,
    *,
    n_boot: int,
    ci: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the log ratio, resampling the documents of each side with replacement."""
    def draws(n: int) -> np.ndarray:
        return rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)

    w_t, w_r = draws(x_target.shape[0]), draws(x_reference.shape[0])
    a = np.asarray((x_target.T @ w_t.T).T)
    b = np.asarray((x_reference.T @ w_r.T).T)
    total_a = (w_t @ len_target)[:, None]
    total_b = (w_r @ len_reference)[:, None]
    ratios = _log_ratio(a, b, total_a, total_b)
    tail = (1 - ci) / 2 * 100
    low, high = np.percentile(ratios, [tail, 100 - tail], axis=0)
    return low, high


def keyness_panel(
    dfm: DFM,
    by: str,
    *,
    over: str | None = None,
    reference: str | None = None,
    measure: Measure = "chi2",
    correction: Correction = "default",
    n: int | None = None,
    features: Sequence[str] | None = None,
    n_boot: int = 200,
    ci: float = 0.95,
    seed: int = 0,
    p_adjust: PAdjust = "bh",
) -> pd.DataFrame:
    """Return the keyness of every group against the rest (or a reference group), optionally per period.

    Each group (e.g. country) is compared with all other documents, or with the documents of
    the ``reference`` group, within the same period when ``over`` is given (e.g. country x
    decade). Besides the statistic, each row carries an effect size with a bootstrap
    confidence interval over documents and the feature's dispersion across the group's
    documents, so that a keyword driven by one speech is visible as such.

    Parameters
    ----------
    dfm : DFM
        Document counts (not grouped) with the metadata columns ``by`` and ``over``.
    by : str
        Metadata column defining the groups.
    over : str, optional
        Metadata column defining periods (e.g. ``decade``); groups are compared within each.
    reference : str, optional
        A value of ``by``: compare every other group with this one instead of with the rest.
    measure, correction
        As :func:`keyness`.
    n : int, optional
        Keep each group's ``n`` most key features (highest statistic); default all. Set it
        for large corpora: rows grow as groups x periods x features.
    features : list of str, optional
        Always report these features for every group (e.g. to follow terms over time).
    n_boot : int
        Bootstrap replicates for the log-ratio interval (0 to skip: the bounds are NaN).
    ci : float
        Confidence level of the interval.
    seed : int
        Seed of the bootstrap, for reproducible intervals. Each comparison draws from its own
        stream (seed and group label), so a group's interval does not change when other
        groups are added or removed.
    p_adjust : {"bonferroni", "bh"}
        Adjustment of p within each comparison (over all its features) in ``p_adj``.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``period`` (with ``over``), ``feature``, the statistic (as :func:`keyness`),
        ``p`` and ``p_adj`` (where defined), ``n_target``, ``n_reference``, ``log_ratio``,
        ``log_ratio_low``, ``log_ratio_high`` (bootstrap percentile interval; NaN for a group of
        one document, which has no variation to resample), ``dp`` (Gries' deviation of
        proportions across the group's documents: 0 when spread in proportion to their sizes,
        at most 1 minus the smallest document's share when all in it; NaN for one document),
        ``n_docs`` (documents in the group), ``rank`` (1 = most key in its comparison);
        sorted by period, group and rank.

    Raises
    ------
    KeyError
        If ``by`` or ``over`` is not a metadata column, or ``reference`` not a group.
    ValueError
        If the DFM is weighted or no group has a reference.

    Warns
    -----
    UserWarning
        Naming comparisons skipped because a period has no reference (a single group, or no
        document of ``reference``), and requested features the DFM lacks.

    References
    ----------
    Gries, S. T. (2008). Dispersions and adjusted frequencies in corpora. International
    Journal of Corpus Linguistics, 13(4), 403-437.
    Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.

    Examples
    --------
    >>> import toolkit as tk
    >>> panel = tk.keyness_panel(tk.dfm(tk.demo_corpus()), "actor", n=3, n_boot=50)
    >>> panel.groupby("group").size().tolist()
    [3, 3, 3, 3, 3, 3]
    """
    check_type(dfm, DFM, name="dfm", func="keyness_panel", expected="a DFM (see toolkit.dfm)")
    check_choice(measure, _MEASURES, name="measure", func="keyness_panel")
    check_choice(correction, ("default", "yates", "williams", "none"), name="correction", func="keyness_panel")
    check_choice(p_adjust, ("bonferroni", "bh"), name="p_adjust", func="keyness_panel")
    check_int(n_boot, name="n_boot", func="keyness_panel", minimum=0)
    check_int(seed, name="seed", func="keyness_panel", minimum=0)
    if n is not None:
        check_int(n, name="n", func="keyness_panel", minimum=1)
    check_ci(ci, func="keyness_panel")
    if dfm.weighting != "count":
        raise ValueError(f"keyness_panel needs counts; this DFM is weighted ({dfm.weighting!r}).")
    meta = dfm.meta
    for col in [by] + ([over] if over else []):
        check_column(col, meta.columns, owner="The DFM")
    groups = meta[by].to_numpy(dtype=object)
    if reference is not None and reference not in set(groups):
        raise ToolkitKeyError(f"The 'reference' group {reference!r} is not a value of {by!r}.")
    periods = meta[over].to_numpy(dtype=object) if over else np.full(len(meta), None, dtype=object)
    missing = pd.isna(groups) | (pd.isna(periods) if over else False)
    if missing.any():
        warnings.warn(
            f"keyness_panel: {int(missing.sum())} document(s) with a missing {by!r}"
            f"{' or ' + repr(over) if over else ''} are left out: {describe_items(np.asarray(dfm.docnames)[missing])}.",
            UserWarning,
            stacklevel=2,
        )
    x = dfm.matrix.tocsr().astype(float)
    lengths = dfm.doc_lengths().astype(float)
    all_features = dfm.features
    pos = {f: i for i, f in enumerate(all_features)}
    always = [pos[f] for f in (features or []) if f in pos]
    stat = _STAT_NAME[measure]
    ranks = _name_ranks(all_features)
    frames = []
    period_values = [None] if not over else natural_sorted(pd.unique(periods[~missing]))
    skipped: list[str] = []
    period_totals: dict[object, np.ndarray] = {}
    for period in period_values:
        in_period = ~missing & ((periods == period) if over else True)
        names = natural_sorted(pd.unique(groups[in_period]))
        for group in names:
            if group == reference:
                continue
            target = in_period & (groups == group)
            rest = in_period & ((groups == reference) if reference is not None else (groups != group))
            if not rest.any():
                if over:
                    skipped.append(f"{group} in {period}")
                    continue
                raise ValueError(f"keyness_panel: {group!r} is the only group; there is no reference.")
            xt = x[np.flatnonzero(target)]
            a = np.asarray(xt.sum(axis=0)).ravel()
            if reference is None:
                if period not in period_totals:
                    period_totals[period] = np.asarray(x[np.flatnonzero(in_period)].sum(axis=0)).ravel()
                b = period_totals[period] - a
            else:
                b = np.asarray(x[np.flatnonzero(rest)].sum(axis=0)).ravel()
            cols_all = _keyness_arrays(
                all_features, a, b, measure=measure, correction=correction, prior="pooled", prior_scale=1.0, beta=2.0
            )
            if "p" in cols_all:
                cols_all = {**cols_all, "p_adj": _adjust(cols_all["p"], p_adjust)}
            values = cols_all[stat]
            keys = np.where(np.isnan(values), np.inf, -values) + 0.0
            pvals = np.where(np.isnan(cols_all["p"]), np.inf, cols_all["p"]) if "p" in cols_all else np.zeros(len(keys))
            present = np.flatnonzero((a + b) > 0)
            # The order of keyness (ties as _sort_keyness: by p, then count, then name).
            order = present[np.lexsort((ranks[present], -a[present], pvals[present], keys[present]))]
            top = order if n is None else order[:n]
            extra = np.array([i for i in always if i not in set(top.tolist())], dtype=np.int64)
            cols = np.concatenate([top, extra]).astype(np.int64)
            rank = np.arange(1, len(top) + 1, dtype=float)
            if len(extra):
                # Rank of a requested feature among the features present; a feature absent from this
                # comparison has no rank.
                position = {int(i): k + 1 for k, i in enumerate(order)}
                rank = np.concatenate([rank, [float(position.get(int(i), np.nan)) for i in extra]])
            keep = pd.DataFrame(
                {"feature": [all_features[i] for i in cols], **{k: v[cols] for k, v in cols_all.items()}}
            )
            keep["rank"] = rank
            if n_boot > 0 and len(cols) and target.sum() > 1:
                xr = x[np.flatnonzero(rest)][:, cols]
                low, high = _bootstrap_log_ratio(
                    xt[:, cols], lengths[target], xr, lengths[rest], n_boot=n_boot, ci=ci,
                    rng=group_rng(seed, group, period),  # its own stream: other groups do not move it
                )
            else:
                low = high = np.full(len(cols), np.nan)
            keep["log_ratio_low"] = low
            keep["log_ratio_high"] = high
            # One document: no variation to resample, no dispersion to measure.
            keep["dp"] = _gries_dp(xt[:, cols].toarray(), lengths[target]) if len(cols) and target.sum() > 1 else np.nan
            keep["n_docs"] = int(target.sum())
            keep.insert(0, "group", group)
            if over:
                keep.insert(1, "period", period)
            frames.append(keep)
    if skipped:
        warnings.warn(
            f"keyness_panel: {len(skipped)} comparison(s) skipped for want of a reference in the period: "
            f"{describe_items(skipped)}.",
            UserWarning,
            stacklevel=2,
        )
    if features:
        unknown = [f for f in features if f not in pos]
        if unknown:
            warnings.warn(
                f"keyness_panel: requested feature(s) not in the DFM: {describe_items(unknown)} "
                "(features are lower-cased; stopwords are removed unless dfm(remove_stopwords=False)).",
                UserWarning,
                stacklevel=2,
            )
    if not frames:
        raise ValueError("keyness_panel: no group has a reference to be compared with.")
    out = pd.concat(frames, ignore_index=True)
    if "log_ratio" not in out.columns:  # measure="logratio": the statistic is the effect size
        out["log_ratio"] = out[stat]
    order = ["group"] + (["period"] if over else []) + ["feature", stat]
    order += [c for c in ("p", "p_adj") if c in out.columns]
    order += ["n_target", "n_reference"] + (["log_ratio"] if stat != "log_ratio" else [])
    order += ["log_ratio_low", "log_ratio_high", "dp", "n_docs", "rank"]
    out = _counts_as_int(out[order].copy())
    out.attrs.update({"measure": measure, "statistic": stat, "by": by, "over": over, "ci": ci})
    return out


# -- key terms of single documents -----------------------------------------------------------------
KeytermMethod = Literal["textrank", "yake", "sgrank", "scake"]


def keyterms(
    corpus: Corpus,
    *,
    method: KeytermMethod = "textrank",
    topn: int = 10,
    normalize: Literal["lemma", "lower"] | None = "lemma",
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return each document's key terms as found by one of textacy's extractors.

    Unlike keyness, which compares documents, these methods rank the terms of one document
    on its own (graph centrality, position and frequency), so they describe what a single
    statement is about.

    Parameters
    ----------
    corpus : Corpus
    method : {"textrank", "yake", "sgrank", "scake"}
        TextRank (Mihalcea & Tarau 2004), YAKE (Campos et al. 2020), SGRank (Danesh et al.
        2015) or sCAKE (Duari & Bhatnagar 2019), as implemented in textacy.
    topn : int
        Terms per document.
    normalize : {"lemma", "lower"} or None
        How terms are normalised before ranking (textacy's option).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"tags"``: the extractors need parts of
        speech).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``method``, ``rank`` (1 = most key), ``term``, ``score`` (textacy's score:
        higher is more key, except for ``yake``, where lower is), then the document metadata.

    References
    ----------
    DeWilde, B. textacy: NLP, before and after spaCy. https://textacy.readthedocs.io
    Mihalcea, R. & Tarau, P. (2004). TextRank: Bringing order into texts. EMNLP.
    Campos, R. et al. (2020). YAKE! Keyword extraction from single documents using multiple
    local features. Information Sciences, 509, 257-289.

    Examples
    --------
    >>> import toolkit as tk
    >>> kt = tk.keyterms(tk.demo_corpus().subset("actor == 'Tessaly'"), topn=3)
    >>> kt.columns.tolist()[:5]
    ['doc_id', 'method', 'rank', 'term', 'score']
    """
    import textacy.extract.keyterms as kt

    from toolkit.nlp import spacy_docs

    corpus = _as_corpus(corpus, func="keyterms")
    check_choice(method, ("textrank", "yake", "sgrank", "scake"), name="method", func="keyterms")
    check_int(topn, name="topn", func="keyterms", minimum=1)
    if normalize is not None:
        check_choice(normalize, ("lemma", "lower"), name="normalize", func="keyterms")
    extract = getattr(kt, method)
    records = corpus._meta_records()
    rows = []
    docs = spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)
    for i, doc in enumerate(docs):
        terms = extract(doc, normalize=normalize, topn=topn) if len(doc) else []
        doc_meta = records[i]
        for rank, (term, score) in enumerate(terms, start=1):
            rows.append({"doc_id": corpus.doc_ids[i], "method": method, "rank": rank, "term": term,
                         "score": float(score), **doc_meta})
    return pd.DataFrame(rows, columns=["doc_id", "method", "rank", "term", "score", *corpus.meta_columns])


# -- frequency over a metadata variable -------------------------------------------------------------
def frequency_over(dfm: DFM, features: str | Sequence[str], *, over: str, per: int = 10_000) -> pd.DataFrame:
    """Return how often each feature occurs in each value of a metadata variable (e.g. per year).

    Parameters
    ----------
    dfm : DFM
        Counts (not weighted), with the metadata column ``over``.
    features : str or list of str
        Features of the DFM (a feature the DFM lacks counts 0 everywhere).
    over : str
        Metadata column, e.g. ``year``.
    per : int
        Rates are per this many tokens of the DFM (after its stopword and punctuation removal).

    Returns
    -------
    pandas.DataFrame
        ``over`` (the values, sorted; the column is named after it), ``feature``, ``count``,
        ``total`` (tokens in that slice), ``rate`` (count per ``per`` tokens), ``n_docs``.

    Raises
    ------
    KeyError
        If ``over`` is not a metadata column.
    ValueError
        If the DFM is weighted.
    """
    check_type(dfm, DFM, name="dfm", func="frequency_over", expected="a DFM (see toolkit.dfm)")
    check_int(per, name="per", func="frequency_over", minimum=1)
    if dfm.weighting != "count":
        raise ValueError(f"frequency_over needs counts; this DFM is weighted ({dfm.weighting!r}).")
    check_column(over, dfm.meta.columns, owner="The DFM")
    wanted = [features] if isinstance(features, str) else list(features)
    unknown = [f for f in wanted if f not in set(dfm.features)]
    if unknown:
        warnings.warn(
            f"frequency_over: feature(s) not in the DFM, counted 0: {describe_items(unknown)} (features are "
            "lower-cased; stopwords are removed unless dfm(remove_stopwords=False)).",
            UserWarning,
            stacklevel=2,
        )
    grouped = dfm.group(over)
    totals = grouped.doc_lengths()
    pos = {f: j for j, f in enumerate(grouped.features)}
    dense = grouped.matrix.tocsc()
    rows = []
    for i, value in enumerate(grouped.meta[over]):
        for f in wanted:
            count = float(dense[i, pos[f]]) if f in pos else 0.0
            rows.append({over: value, "feature": f, "count": int(count), "total": int(totals[i]),
                         "rate": count / totals[i] * per if totals[i] else np.nan,
                         "n_docs": int(grouped.meta["n_docs"].iloc[i])})
    out = pd.DataFrame(rows, columns=[over, "feature", "count", "total", "rate", "n_docs"])
    out.attrs.update({"over": over, "per": per})
    return out
