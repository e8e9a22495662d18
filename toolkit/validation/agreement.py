"""Agreement of two coders: percent agreement, Cohen's kappa and Krippendorff's alpha, per category."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["intercoder_agreement"]


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
    # Imported here: scikit-learn takes a second to import, and only validation needs it.
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
