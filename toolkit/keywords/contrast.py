"""Keyness: which features a target uses more (or less) than a reference, with quanteda's statistics."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit._util.stats import adjust_p
from toolkit._util.validation import ToolkitKeyError, check_choice, describe_items
from toolkit.counts import DFM, check_counts
from toolkit.keywords.statistics import (
    MEASURES,
    STAT_NAME,
    Correction,
    Measure,
    PAdjust,
    counts_as_int,
    keyness_table,
    sort_keyness,
)

__all__ = ["keyness"]


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
        check_counts(reference, func="keyness", name="reference")
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

    See Also
    --------
    keyness_panel : every group at once, with intervals; it lists only the terms that several of a
        group's statements use (``min_docs``, ``min_count``) and can leave out the group's own
        names and transcription artefacts (``remove_names``). ``keyness`` keeps every feature, as
        quanteda does: select features on the DFM (``dfm.select([...], remove=True)``) to drop some.

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
    check_counts(dfm, func="keyness")
    check_choice(measure, MEASURES, name="measure", func="keyness")
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
    features, a, b, labels = _target_and_reference(dfm, target, reference)
    frame = keyness_table(
        features, a, b, measure=measure, correction=correction, prior=prior, prior_scale=float(prior_scale), beta=float(beta)
    )
    stat = STAT_NAME[measure]
    if p_adjust is not None and "p" in frame.columns:
        frame.insert(frame.columns.get_loc("p") + 1, "p_adj", adjust_p(frame["p"].to_numpy(), p_adjust))
    if sort:
        frame = sort_keyness(frame, stat)
    frame = counts_as_int(frame)
    frame.attrs.update({"measure": measure, "statistic": stat, **labels})
    return frame


def _target_and_reference(
    dfm: DFM, target: object, reference: object
) -> tuple[list[str], np.ndarray, np.ndarray, dict[str, str]]:
    """Return the features, the target's and the reference's counts, and their labels for plots."""
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
    target_names = [n for n, m in zip(dfm.docnames, mask) if m]
    target_label = target_names[0] if len(target_names) == 1 else "target"
    if reference is None:
        b = np.asarray(dfm.matrix[np.flatnonzero(~mask)].sum(axis=0)).ravel().astype(float)
        if b.sum() == 0:
            raise ValueError("keyness: the reference documents have no counts; choose another target or pass reference=.")
        rest = [n for n, m in zip(dfm.docnames, mask) if not m]
        reference_label = rest[0] if len(rest) == 1 and len(target_names) == 1 else "reference"
        return features, a, b, {"target": target_label, "reference": reference_label}
    ref_features, ref_counts = _reference_counts(reference, features)
    union = list(dict.fromkeys([*features, *ref_features]))
    pos = {f: i for i, f in enumerate(union)}
    a_full = np.zeros(len(union))
    a_full[: len(features)] = a
    b = np.zeros(len(union))
    np.add.at(b, [pos[f] for f in ref_features], ref_counts)
    if b.sum() == 0:
        raise ValueError("keyness: the reference has no counts.")
    return union, a_full, b, {"target": target_label, "reference": "reference"}
