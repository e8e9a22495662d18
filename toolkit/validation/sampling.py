"""Validation of a frame dictionary: a sample for hand coding, the coders' sheets, precision, recall and agreement."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_int
from toolkit.framing.detection import FrameResult

__all__ = ["coding_sample", "frame_validation", "intercoder_agreement", "read_codings"]


def coding_sample(
    result: FrameResult, *, n_per_frame: int = 10, n_unmatched: int = 10, seed: int = 0
) -> pd.DataFrame:
    """Return a stratified sample of sentences for human coding, with one empty column per frame.

    For each frame, up to ``n_per_frame`` sentences the dictionary assigns to it; plus
    ``n_unmatched`` sentences it assigns to no frame (without them recall cannot be judged).
    The sheet does not show the dictionary's decisions (coders should not see them); save it
    with ``to_csv``, have coders put 1 (frame present) or 0 in the frame columns, and read it
    back with :func:`read_codings`.

    Parameters
    ----------
    result : FrameResult
    n_per_frame, n_unmatched : int
    seed : int
        Seed of the sample (and of the shuffled order of the items).

    Returns
    -------
    pandas.DataFrame
        ``item`` (1..N), ``doc_id``, ``sent_id``, ``sentence``, then one empty column per frame.
    """
    check_int(n_per_frame, name="n_per_frame", func="coding_sample", minimum=0)
    check_int(n_unmatched, name="n_unmatched", func="coding_sample", minimum=0)
    rng = np.random.default_rng(seed)
    ind = result.indicators
    frames_ = list(result.frames)
    chosen: list[int] = []
    for frame in frames_:
        pool = np.flatnonzero(ind[frame].to_numpy() == 1)
        pool = np.setdiff1d(pool, chosen)
        chosen.extend(rng.choice(pool, size=min(n_per_frame, len(pool)), replace=False).tolist())
    none = np.flatnonzero(ind[frames_].to_numpy().sum(axis=1) == 0)
    none = np.setdiff1d(none, chosen)
    chosen.extend(rng.choice(none, size=min(n_unmatched, len(none)), replace=False).tolist())
    order = rng.permutation(chosen) if chosen else np.array([], dtype=int)
    sample = ind.iloc[order][["doc_id", "sent_id", "sentence"]].reset_index(drop=True)
    sample.insert(0, "item", np.arange(1, len(sample) + 1))
    for frame in frames_:
        sample[frame] = pd.array([pd.NA] * len(sample), dtype="Int64")
    return sample


def read_codings(path_or_frame: str | Path | pd.DataFrame, *, frames: Sequence[str], prefix: str = "") -> pd.DataFrame:
    """Return human codings read back from a coded sheet, checked: one 0/1 per sentence and frame.

    Parameters
    ----------
    path_or_frame : path or DataFrame
        The coded sheet (CSV or Excel), with ``doc_id``, ``sent_id`` and one column per frame
        (named ``prefix + frame``, e.g. ``a_security`` for coder A in a shared sheet).
    frames : list of str
        The frames coded.
    prefix : str
        Prefix of the frame columns.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id`` and one int column (0/1) per frame.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If a code is not 0 or 1 (the message names the row and column).
    """
    if isinstance(path_or_frame, pd.DataFrame):
        sheet, source = path_or_frame.copy(), "The codings"
    else:
        path = Path(path_or_frame)
        if not path.exists():
            raise FileNotFoundError(f"No such codings file: '{path}'.")
        sheet = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xlsm") else pd.read_csv(path)
        source = str(path)
    columns = ["doc_id", "sent_id", *[prefix + f for f in frames]]
    missing = [c for c in columns if c not in sheet.columns]
    if missing:
        raise ToolkitKeyError(
            f"{source} has no column {', '.join(map(repr, missing))} (columns: {', '.join(map(repr, sheet.columns))})."
        )
    out = pd.DataFrame({"doc_id": sheet["doc_id"].astype(str), "sent_id": sheet["sent_id"].astype(int)})
    for frame in frames:
        col = prefix + frame
        values = sheet[col]
        bad = [i for i, v in enumerate(values) if pd.isna(v) or v not in (0, 1, "0", "1", True, False)]
        if bad:
            raise ValueError(
                f"{source}: column {col!r} must hold 0 or 1 in every row; not in row(s) "
                f"{', '.join(str(i + 2) for i in bad[:10])} (row 1 is the header). Code those sentences."
            )
        out[frame] = values.astype(int).to_numpy()
    return out


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


def intercoder_agreement(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Return the agreement of two coders per frame: percent agreement, Cohen's kappa, Krippendorff's alpha.

    Parameters
    ----------
    a, b : pandas.DataFrame
        Codings of the same sentences (from :func:`read_codings`), matched on ``doc_id`` and
        ``sent_id``.

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``n``, ``agreement`` (share of equal codes), ``kappa`` (Cohen 1960, via
        scikit-learn), ``alpha`` (Krippendorff, nominal, via the krippendorff package).

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement, 20(1), 37-46.
    Krippendorff, K. (2019). Content Analysis (4th ed.), ch. 12. Sage.
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    merged = a.merge(b, on=["doc_id", "sent_id"], suffixes=("_a", "_b"), validate="one_to_one")
    if len(merged) != len(a) or len(merged) != len(b):
        raise ValueError(
            f"intercoder_agreement: the codings cover different sentences ({len(a)} and {len(b)}, {len(merged)} shared)."
        )
    frames_ = [c for c in a.columns if c not in ("doc_id", "sent_id") and c in b.columns]
    rows = []
    for frame in frames_:
        x, y = merged[f"{frame}_a"].to_numpy(), merged[f"{frame}_b"].to_numpy()
        same_everywhere = len(set(x) | set(y)) == 1
        rows.append({
            "frame": frame,
            "n": len(x),
            "agreement": float((x == y).mean()),
            "kappa": np.nan if same_everywhere else float(cohen_kappa_score(x, y)),
            "alpha": np.nan if same_everywhere else float(
                krippendorff.alpha(reliability_data=np.vstack([x, y]).astype(float), level_of_measurement="nominal")
            ),
        })
    return pd.DataFrame(rows, columns=["frame", "n", "agreement", "kappa", "alpha"])
