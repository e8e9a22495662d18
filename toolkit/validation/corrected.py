"""Frame shares corrected for the misclassification measured on hand-coded sentences, with intervals over both samples."""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit._util.stats import (
    N_BOOT,
    bootstrap_weights,
    cluster_codes,
    cluster_sums,
    group_rng,
    percentile_interval,
    resolve_cluster,
)
from toolkit._util.validation import ToolkitKeyError, check_choice, check_ci, check_int
from toolkit.framing import FrameResult
from toolkit.validation.frame_scores import coded_pairs

__all__ = ["corrected_shares"]

COLUMNS = ["group", "frame", "share", "share_low", "share_high", "corrected", "low", "high", "sensitivity",
           "specificity", "ppv", "npv", "n_validation", "n_docs", "n_sentences"]


def corrected_shares(
    result: FrameResult,
    codings: pd.DataFrame,
    by: str,
    *,
    validation: FrameResult | None = None,
    method: Literal["rogan_gladen", "predictive"] = "rogan_gladen",
    n_boot: int = N_BOOT,
    ci: float = 0.95,
    seed: int = 0,
    cluster: str | None = "auto",
) -> pd.DataFrame:
    """Return each group's share of sentences using each frame, raw and corrected for measured misclassification.

    A dictionary that misses a third of a frame's sentences understates its share; one that
    fires on other senses overstates it. Hand-coded sentences measure both errors, and the
    share is corrected for them. ``method="rogan_gladen"`` (the default) uses the sensitivity
    (recall) and specificity of the dictionary, assumed the same in every group:
    ``(share + specificity - 1) / (sensitivity + specificity - 1)``, clipped to [0, 1].
    ``method="predictive"`` uses the predictive values: ``share * PPV + (1 - share) * (1 - NPV)``,
    which is what a sample stratified by the dictionary's decision (:func:`coding_sample`)
    estimates without bias, but which assumes the predictive values, and so the prevalence,
    alike in every group. The interval of the corrected share resamples both samples: the
    group's statements (whole, see ``cluster``) and the coded sentences, so that a small
    validation sample shows as a wide interval.

    Parameters
    ----------
    result : FrameResult
        Frames of the corpus whose groups are compared (:func:`toolkit.frames` or
        :meth:`toolkit.FrameClassifier.predict`).
    codings : pandas.DataFrame
        Hand codings: ``doc_id``, ``sent_id`` and one 0/1 column per frame (e.g. from
        :func:`read_codings`); without ``sent_id``, each coded unit is a whole statement of
        the validation result (found when any of its sentences uses the frame). For the Rogan-Gladen correction the coded sentences must be a
        simple random sample of sentences (not stratified by the dictionary's decisions).
    by : str
        Metadata column defining the groups.
    validation : FrameResult, optional
        The frames of the coded sentences, when they are not sentences of ``result`` (e.g. the
        shipped UN General Debate sets); default ``result``.
    method : {"rogan_gladen", "predictive"}
    n_boot : int
        Bootstrap replicates (0: no intervals).
    ci : float
        Confidence level.
    seed : int
        Seed; a group's draws depend on its label only, the coded sentences' draws are shared.
    cluster : str or None
        The units resampled whole: ``"auto"`` (``parent_id`` after ``reshape``, else each
        statement), a metadata column, or None.

    Returns
    -------
    pandas.DataFrame
        One row per group and frame: ``group``, ``frame``, ``share`` (raw, as
        :meth:`FrameResult.compare` gives it) with ``share_low``/``share_high`` (statements
        resampled), ``corrected`` with ``low``/``high`` (statements and coded sentences
        resampled), ``sensitivity``, ``specificity``, ``ppv``, ``npv`` (from the codings),
        ``n_validation`` (coded sentences), ``n_docs`` (units), ``n_sentences``. The corrected
        share is NaN for a frame whose sensitivity + specificity is not above 1 (Rogan-Gladen:
        no better than chance, nothing to correct with).

    Raises
    ------
    KeyError
        If ``by`` is not a column or a coded sentence is not in the validation result.
    ValueError
        For bad options.

    References
    ----------
    Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the results of a screening
    test. American Journal of Epidemiology, 107(1), 71-76.
    Fox, M. P., MacLehose, R. F. & Lash, T. L. (2021). Applying Quantitative Bias Analysis to
    Epidemiologic Data (2nd ed.), ch. 6 (misclassification, predictive values). Springer.
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. JRSS B, 69(3), 369-390.
    """
    check_choice(method, ("rogan_gladen", "predictive"), name="method", func="corrected_shares")
    check_int(n_boot, name="n_boot", func="corrected_shares", minimum=0)
    check_ci(ci, func="corrected_shares")
    if by not in result.indicators.columns:
        raise ToolkitKeyError(f"corrected_shares: the frames have no metadata column {by!r}.")
    unit = resolve_cluster(cluster, result.indicators.columns, func="corrected_shares")
    frames_ = tuple(f for f in result.frames if f in codings.columns)
    if not frames_:
        raise ToolkitKeyError(f"corrected_shares: the codings have no column named like a frame of the result "
                              f"({', '.join(result.frames)}).")
    predicted, truth = _validation_pairs(validation if validation is not None else result, codings, frames_)
    _warn_about_the_sample(result, validation, predicted, frames_, method)
    rates = _rates(predicted, truth)
    # Its own stream, which no group's can be: group_rng keys two words of entropy, this four.
    stream = np.random.default_rng(np.random.SeedSequence([int(seed), 0, 0, len(truth)]))
    validation_weights = bootstrap_weights(len(truth), n_boot, stream) if n_boot else None
    missing = result.indicators[by].isna()
    if missing.any():
        warnings.warn(f"corrected_shares: {int(missing.sum())} sentence(s) with a missing {by!r} are left out.",
                      UserWarning, stacklevel=2)
    rows = []
    for group, part in result.indicators[~missing].groupby(by, sort=True):
        rows.extend(_group_rows(group, part, unit, frames_, predicted, truth, rates, validation_weights,
                                method=method, n_boot=n_boot, ci=ci, seed=seed))
    return pd.DataFrame(rows, columns=COLUMNS)


def _warn_about_the_sample(result: FrameResult, validation: FrameResult | None, predicted: np.ndarray,
                           frames: tuple[str, ...], method: str) -> None:
    """Warnings for the two ways the coded sample can break the correction's assumptions."""
    if validation is None and result.indicators.attrs.get("trained_on_codings"):
        warnings.warn(
            "corrected_shares: these frames come from a classifier trained on codings; measured on the same "
            "codings its errors look smaller than they are. Pass validation=, the frames of coded sentences it "
            "was not trained on.", UserWarning, stacklevel=3)
    if validation is not None or method != "rogan_gladen":
        return
    # Rogan-Gladen needs a random sample of the result's sentences: a sample drawn by the dictionary's
    # decision (coding_sample) holds far more flagged sentences than the corpus does.
    share_coded = predicted.mean(axis=0)
    share_corpus = result.indicators[list(frames)].to_numpy(dtype=float).mean(axis=0)
    n = len(predicted)
    se = np.sqrt(np.maximum(share_corpus * (1 - share_corpus), 1e-12) / n)
    off = [f"{f} ({a:.0%} of the coded sentences flagged, {b:.0%} of the corpus)"
           for f, a, b, e in zip(frames, share_coded, share_corpus, se) if abs(a - b) > 3.3 * e]
    if off:
        warnings.warn(
            f"corrected_shares: the coded sentences do not look like a random sample of the corpus: {'; '.join(off[:3])}. "
            "The Rogan-Gladen correction needs a random sample; for a sample drawn by the dictionary's decision "
            "(coding_sample) use method='predictive'.", UserWarning, stacklevel=3)


def _validation_pairs(validation: FrameResult, codings: pd.DataFrame,
                      frames: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The toolkit's and the coders' 0/1 (coded units x frames); a warning for statements standing for sentences."""
    predicted, truth, coded = coded_pairs(validation, codings, frames, func="corrected_shares", where="the validation result",
                                          hint="Pass validation=, the frames of the coded sentences.")
    if "sent_id" not in coded.columns:
        sentences = validation.indicators.assign(doc_id=validation.indicators["doc_id"].astype(str)).groupby("doc_id").size()
        several = sentences.reindex(coded["doc_id"]).fillna(0) > 1
        if several.any():
            warnings.warn(
                f"corrected_shares: {int(several.sum())} of {len(coded)} coded statements have more than one sentence; "
                "their errors are those of statements (found when any sentence is), which the correction applies "
                "to shares of sentences. Code sentences (with sent_id) for an exact correction.",
                UserWarning, stacklevel=3)
    return predicted, truth


def _rates(predicted: np.ndarray, truth: np.ndarray, weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Sensitivity, specificity and predictive values per frame (columns), per bootstrap replicate if weighted."""
    w = np.ones((1, len(truth))) if weights is None else weights
    tp, fn = w @ (predicted * truth), w @ ((1 - predicted) * truth)
    tn, fp = w @ ((1 - predicted) * (1 - truth)), w @ (predicted * (1 - truth))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {"sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp), "ppv": tp / (tp + fp),
               "npv": tn / (tn + fn)}
    return {k: v[0] for k, v in out.items()} if weights is None else out


def _correct(share: np.ndarray, rates: dict[str, np.ndarray], method: str) -> np.ndarray:
    """The corrected share (clipped to [0, 1]); NaN where the correction is undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "predictive":
            value = share * rates["ppv"] + (1 - share) * (1 - rates["npv"])
        else:
            youden = rates["sensitivity"] + rates["specificity"] - 1
            value = np.where(youden > 0, (share + rates["specificity"] - 1) / youden, np.nan)
    return np.clip(value, 0, 1)


def _group_rows(group: Any, part: pd.DataFrame, unit: str | None, frames: tuple[str, ...], predicted: np.ndarray,
                truth: np.ndarray, rates: dict[str, np.ndarray], validation_weights: np.ndarray | None, *,
                method: str, n_boot: int, ci: float, seed: int) -> list[dict[str, Any]]:
    """One group's rows: raw and corrected shares with their intervals."""
    # A sentence without a value of the unit column belongs to its own statement, as in FrameResult.compare.
    labels = (part[unit].astype(object).where(part[unit].notna(), "\x00" + part["doc_id"].astype(str)) if unit
              else part["doc_id"])
    codes = cluster_codes(labels)
    counts = cluster_sums(part[list(frames)].to_numpy(dtype=float), codes)
    sizes = cluster_sums(np.ones((len(part), 1)), codes)[:, 0]
    share = counts.sum(axis=0) / sizes.sum()
    corrected = _correct(share, rates, method)
    nan = np.full(len(frames), np.nan)
    share_low = share_high = low = high = nan
    if n_boot and len(sizes) > 1:
        weights = bootstrap_weights(len(sizes), n_boot, group_rng(seed, group))
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = (weights @ counts) / (weights @ sizes)[:, None]
        share_low, share_high = percentile_interval(shares, ci)
        replicated = _correct(shares, _rates(predicted, truth, validation_weights), method)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames (no coded positives) stay NaN
            low, high = percentile_interval(replicated, ci)
        # Replicates without a correction (no better than chance) would be dropped by the percentile:
        # an interval over the others would look surer than it is, so there is none.
        undefined = (np.isnan(replicated).mean(axis=0) > (1 - ci) / 2) | np.isnan(corrected)
        low, high = np.where(undefined, np.nan, low), np.where(undefined, np.nan, high)
    return [
        {"group": group, "frame": frame, "share": share[j], "share_low": share_low[j], "share_high": share_high[j],
         "corrected": corrected[j], "low": low[j], "high": high[j], "sensitivity": rates["sensitivity"][j],
         "specificity": rates["specificity"][j], "ppv": rates["ppv"][j], "npv": rates["npv"][j],
         "n_validation": len(truth), "n_docs": len(sizes), "n_sentences": int(sizes.sum())}
        for j, frame in enumerate(frames)
    ]
