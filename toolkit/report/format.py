"""What every part of the report shares: the comparison it reads, numbers as text, groups in order."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import pandas as pd

from toolkit._util.validation import natural_sorted


class ComparisonLike(Protocol):
    """What the report reads of a comparison: the fields of :class:`toolkit.Comparison`.

    The report is written against this shape, not against the class, so that the Comparison
    (one layer up) can render itself through the report without an import cycle.
    """

    by: str
    over: str | None
    speaker: str
    keyness: pd.DataFrame
    frames: pd.DataFrame
    rhetoric: pd.DataFrame
    speech_acts: pd.DataFrame
    act_rates: pd.DataFrame | None
    acts: pd.DataFrame | None
    summary: pd.DataFrame | None
    corpus: Any
    settings: dict


_FIELDS = tuple(ComparisonLike.__annotations__)


def check_comparison(comparison: object, *, func: str) -> None:
    """Raise a TypeError naming ``func`` unless ``comparison`` has the fields of a Comparison."""
    if not all(hasattr(comparison, name) for name in _FIELDS):
        raise TypeError(
            f"The 'comparison' parameter of {func} must be a Comparison (the result of tk.compare). "
            f"Got {type(comparison).__name__} {comparison!r} instead."
        )


def num(value: float, digits: int) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return f"{round(float(value), digits) + 0.0:.{digits}f}"  # + 0.0: never "-0.00"


def with_ci(value: float, low: float, high: float, digits: int, scale: float = 1.0) -> str:
    """'12.3 [8.1, 15.0]': the estimate, then its interval; the interval is left out where undefined."""
    text = num(value * scale, digits)
    if low is None or high is None or not (np.isfinite(low) and np.isfinite(high)):
        return text
    return f"{text} {interval(low * scale, high * scale, digits)}"


def interval(low: float, high: float, digits: int) -> str:
    if low is None or high is None or not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    return f"[{num(low, digits)}, {num(high, digits)}]"


def p_text(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def sorted_by_group(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Rows in the order of the groups: numbers as numbers (sessions 9, 10), anything else as text."""
    order = {g: k for k, g in enumerate(natural_sorted(table[by].unique()))}
    return table.sort_values(by, key=lambda col: col.map(order), kind="stable").reset_index(drop=True)


PARENT = "parent_id"  # the column Corpus.reshape gives every passage: its statement


def statements_of(part: pd.DataFrame) -> int:
    """The statements among some documents: the parents of passages after ``Corpus.reshape``, else the documents."""
    return int(part[PARENT].nunique()) if PARENT in part.columns else len(part)


def resampled_units(comparison: ComparisonLike) -> tuple[str, pd.Series]:
    """What the comparison's intervals resampled, named for a reader, and how many of them each group has.

    Small-sample warnings count these units: statements (not their paragraphs) by default, the
    passages when the comparison was told ``cluster=None``, the values of another column.
    """
    summary, cluster = comparison.summary, comparison.settings.get("cluster")
    grouped = summary.groupby(comparison.by, sort=False)
    if cluster is None:
        name = "passages" if PARENT in summary.columns else "statements"
        return name, grouped.size()
    return ("statements" if cluster == PARENT else f"values of {cluster}"), grouped[cluster].nunique()


def own_terms(comparison: ComparisonLike) -> pd.DataFrame:
    """Each group's own top terms: rank within ``n`` and more frequent in the group than in the others.

    "More frequent" is a positive log ratio, whatever the statistic: an odds ratio (``exact``)
    or a scaled F-score is positive for every term.
    """
    key = comparison.keyness
    n = comparison.settings.get("n", key["rank"].max())
    own = key[(key["rank"] <= n) & (key["log_ratio"] > 0)]
    order = ["period", "group", "rank"] if "period" in key.columns else ["group", "rank"]

    def natural(col: pd.Series) -> pd.Series:
        if col.name == "rank":
            return col
        position = {v: k for k, v in enumerate(natural_sorted(col.unique()))}
        return col.map(position)

    return own.sort_values(order, key=natural, kind="stable")
