"""Precision, recall and F1 of a frame dictionary against hand coding, per frame."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.framing import FrameResult

__all__ = ["frame_validation"]


def frame_validation(result: FrameResult, codings: pd.DataFrame) -> pd.DataFrame:
    """Return precision, recall and F1 of the dictionary against human codings, per frame.

    Parameters
    ----------
    result : FrameResult
        The dictionary's frames for the corpus the sentences come from.
    codings : pandas.DataFrame
        From :func:`read_codings` (``doc_id``, ``sent_id``, one 0/1 column per frame).

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``n`` (coded sentences), ``tp``, ``fp``, ``fn``, ``tn``, ``precision``
        (TP / (TP + FP)), ``recall`` (TP / (TP + FN)), ``f1``; NaN where a denominator is 0.
        On a stratified sample (see :func:`coding_sample`) precision is estimated well; recall
        is judged on the unmatched sentences sampled, so sample enough of them.

    Raises
    ------
    ValueError
        If a coded sentence is not in the result.
    """
    keys = result.indicators.set_index(["doc_id", "sent_id"])
    index = pd.MultiIndex.from_arrays([codings["doc_id"].astype(str), codings["sent_id"].astype(int)])
    unknown = [f"{d}#{s}" for d, s in index if (d, s) not in keys.index]
    if unknown:
        raise ValueError(
            f"frame_validation: {len(unknown)} coded sentence(s) are not in the frame result: {', '.join(unknown[:5])}. "
            "Code sentences sampled from this result."
        )
    rows = []
    for frame in [f for f in result.frames if f in codings.columns]:
        predicted = keys.loc[index, frame].to_numpy().astype(bool)
        truth = codings[frame].to_numpy().astype(bool)
        tp, fp = int((predicted & truth).sum()), int((predicted & ~truth).sum())
        fn, tn = int((~predicted & truth).sum()), int((~predicted & ~truth).sum())
        precision = tp / (tp + fp) if tp + fp else np.nan
        recall = tp / (tp + fn) if tp + fn else np.nan
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else np.nan
        rows.append({"frame": frame, "n": len(truth), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": precision, "recall": recall, "f1": f1})
    return pd.DataFrame(rows, columns=["frame", "n", "tp", "fp", "fn", "tn", "precision", "recall", "f1"])
