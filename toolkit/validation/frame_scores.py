"""Precision, recall, F1 and kappa of frames against hand coding, per frame; the pairing of codings with a result."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_codings
from toolkit.framing import FrameResult

__all__ = ["coded_pairs", "frame_validation"]


def coded_pairs(result: FrameResult, codings: pd.DataFrame, frames: tuple[str, ...], *, func: str,
                where: str = "the frame result", hint: str = "Code sentences sampled from this result.",
                ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """The result's and the coders' 0/1 (coded units x frames), and the checked codings.

    Units are matched on ``doc_id`` and ``sent_id``, or on ``doc_id`` alone when the codings code
    whole statements: a statement then uses a frame when any of its sentences does.
    """
    coded = check_codings(codings, frames, func=func)
    keys = ["doc_id", "sent_id"] if "sent_id" in coded.columns else ["doc_id"]
    found = result.indicators.assign(doc_id=result.indicators["doc_id"].astype(str))
    found = found.groupby(keys)[list(frames)].max()
    index = pd.MultiIndex.from_frame(coded[keys]) if len(keys) == 2 else pd.Index(coded["doc_id"])
    unknown = [f"{k[0]}#{k[1]}" if isinstance(k, tuple) else str(k) for k in index if k not in found.index]
    if unknown:
        raise ToolkitKeyError(
            f"{func}: {len(unknown)} coded unit(s) are not in {where}: {', '.join(unknown[:5])}. {hint}"
        )
    return found.loc[index].to_numpy(dtype=float), coded[list(frames)].to_numpy(dtype=float), coded


def frame_validation(result: FrameResult, codings: pd.DataFrame) -> pd.DataFrame:
    """Return precision, recall, F1 and Cohen's kappa of the dictionary against human codings, per frame.

    Parameters
    ----------
    result : FrameResult
        The dictionary's frames for the corpus the sentences come from.
    codings : pandas.DataFrame
        From :func:`read_codings` (``doc_id``, ``sent_id``, one 0/1 column per frame). Without
        ``sent_id`` each coded unit is a whole statement, found when any of its sentences uses
        the frame.

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``n`` (coded units), ``tp``, ``fp``, ``fn``, ``tn``, ``precision``
        (TP / (TP + FP)), ``recall`` (TP / (TP + FN)), ``f1``, ``kappa`` (Cohen 1960, via
        scikit-learn); NaN where a denominator is 0. On a stratified sample (see
        :func:`coding_sample`) precision is estimated well; recall is judged on the unmatched
        sentences sampled, so sample enough of them.

    Raises
    ------
    KeyError
        If a coded unit is not in the result.
    ValueError
        If a code is not 0 or 1, or a unit is coded twice.
    """
    # Imported here: scikit-learn takes a second to import, and only validation needs it.
    from sklearn.metrics import cohen_kappa_score

    frames_ = tuple(f for f in result.frames if f in codings.columns)
    predicted, truth, _ = coded_pairs(result, codings, frames_, func="frame_validation")
    rows = []
    for j, frame in enumerate(frames_):
        p, t = predicted[:, j].astype(bool), truth[:, j].astype(bool)
        tp, fp = int((p & t).sum()), int((p & ~t).sum())
        fn, tn = int((~p & t).sum()), int((~p & ~t).sum())
        precision = tp / (tp + fp) if tp + fp else np.nan
        recall = tp / (tp + fn) if tp + fn else np.nan
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else np.nan
        kappa = float(cohen_kappa_score(t, p)) if len(set(t) | set(p)) > 1 else np.nan
        rows.append({"frame": frame, "n": len(t), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": precision, "recall": recall, "f1": f1, "kappa": kappa})
    return pd.DataFrame(rows, columns=["frame", "n", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "kappa"])
