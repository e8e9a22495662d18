"""Shared argument checks, so every public function reports bad input the same way.

Template: "The 'window' parameter of kwic must be an int >= 1. Got 0 instead."
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import pandas as pd


class ToolkitKeyError(KeyError):
    """A KeyError whose message prints as written (KeyError would show it in quotes)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def check_choice(value: Any, choices: Iterable[str], *, name: str, func: str) -> str:
    """Return ``value`` if it is one of ``choices``; raise a ValueError naming them otherwise."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(
            f"The {name!r} parameter of {func} must be one of {listed}. Got {value!r} instead."
        )
    return value


def check_int(
    value: Any, *, name: str, func: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` if it is an int within bounds (bool is refused)."""
    ok = isinstance(value, int) and not isinstance(value, bool)
    if ok and minimum is not None and value < minimum:
        ok = False
    if ok and maximum is not None and value > maximum:
        ok = False
    if not ok:
        if minimum is not None and maximum is not None:
            bound = f" in [{minimum}, {maximum}]"
        elif minimum is not None:
            bound = f" >= {minimum}"
        elif maximum is not None:
            bound = f" <= {maximum}"
        else:
            bound = ""
        raise ValueError(f"The {name!r} parameter of {func} must be an int{bound}. Got {value!r} instead.")
    return value


def check_type(value: Any, types: type | tuple[type, ...], *, name: str, func: str, expected: str) -> Any:
    """Return ``value`` if it is an instance of ``types``; raise a TypeError naming ``expected``."""
    if not isinstance(value, types) or isinstance(value, bool) and bool not in _as_tuple(types):
        raise TypeError(
            f"The {name!r} parameter of {func} must be {expected}. Got {type(value).__name__} {value!r} instead."
        )
    return value


def _as_tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def describe_items(items: Iterable[Any], *, limit: int = 10) -> str:
    """Return a short, comma-separated listing of ``items`` ("a, b, c and 7 more")."""
    items = [str(i) for i in items]
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def condition_mask(frame: Any, condition: Any, *, func: str) -> Any:
    """Return a boolean numpy mask from a query string over ``frame`` or from booleans.

    A query may use the caller's variables with ``@`` (``"actor in @actors"``); a comparison
    with a missing value counts as False, as in SQL.
    """
    import numpy as np
    import pandas as pd

    n = len(frame)
    if isinstance(condition, str):
        try:
            # level=2: resolve @variables in the frame that called Corpus.subset / DFM.subset.
            mask = frame.eval(condition, level=2)
        except Exception as exc:  # pandas raises many types for a bad expression
            raise ValueError(
                f"The query {condition!r} given to {func} could not be evaluated ({exc}). "
                f"Columns: {', '.join(map(str, frame.columns))}."
            ) from None
        if isinstance(mask, pd.Series) and mask.dtype != bool:
            try:
                mask = mask.astype("boolean").fillna(False)
            except (TypeError, ValueError):
                raise ValueError(
                    f"The query {condition!r} given to {func} does not give one True/False per row "
                    f"(got values of type {mask.dtype})."
                ) from None
    else:
        mask = condition
    mask = np.asarray(mask)
    if mask.dtype == object and all(isinstance(v, (bool, np.bool_)) for v in mask.ravel()):
        mask = mask.astype(bool)  # a list of Python and numpy booleans
    if mask.dtype != bool or mask.shape != (n,):
        raise ValueError(
            f"The 'condition' parameter of {func} must be a query string or {n} booleans. "
            f"Got an array of dtype {mask.dtype} and shape {mask.shape} instead."
        )
    return mask


def check_column(name: Any, columns: Iterable[str], *, owner: str, hint: str = "") -> None:
    """Raise a KeyError naming ``name``, the columns there are, and ``hint``, unless ``name`` is a column."""
    columns = [str(c) for c in columns]
    if name not in columns:
        message = f"{owner} has no metadata column {name!r} (columns: {', '.join(map(repr, columns)) or 'none'})."
        raise ToolkitKeyError(f"{message} {hint}" if hint else message)


def check_ci(ci: Any, *, func: str) -> float:
    """Return ``ci`` if it is a confidence level strictly between 0 and 1."""
    if not (isinstance(ci, float) and 0 < ci < 1):
        raise ValueError(f"The 'ci' parameter of {func} must be a float in (0, 1). Got {ci!r} instead.")
    return ci


def natural_sorted(values: Iterable[Any]) -> list:
    """Numbers in numeric order (sessions 8, 9, 10), anything else as text."""
    import numpy as np

    values = list(values)
    if all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in values):
        return sorted(values)
    return sorted(values, key=str)


def renamed(value: Any, new_value: Any, *, old: str, new: str, func: str, stacklevel: int = 3) -> Any:
    """Return the value of a keyword passed under its deprecated name ``old`` (with a warning), else ``new_value``.

    For parameters renamed so that one name means one thing across the package; the old name
    keeps working until it is removed.
    """
    if value is None:
        return new_value
    warnings.warn(
        f"The {old!r} parameter of {func} is deprecated; pass {new}= instead.", DeprecationWarning, stacklevel=stacklevel
    )
    if new_value is not None and new_value != value:
        raise ValueError(f"{func}: {new}={new_value!r} and the deprecated {old}={value!r} disagree; pass {new}= only.")
    return value


def check_codings(codings: Any, frames: Iterable[str], *, func: str) -> Any:
    """Return hand codings checked: ``doc_id`` as text, ``sent_id`` (if any) whole, each frame 0/1, each unit once.

    ``codings`` is a DataFrame with ``doc_id``, optionally ``sent_id``, and the columns ``frames``.
    A unit coded twice (two coders' sheets stacked) is refused: it would count twice in any score
    and, in a cross-validation, sit on both sides of a fold.
    """
    frames = list(frames)
    if "doc_id" not in codings.columns:
        raise ToolkitKeyError(f"{func}: the codings have no 'doc_id' column (columns: {list(codings.columns)}).")
    keys = ["doc_id", *(["sent_id"] if "sent_id" in codings.columns else [])]
    out = codings[[*keys, *frames]].copy()
    out["doc_id"] = out["doc_id"].astype(str)
    if "sent_id" in keys:
        ids = pd.to_numeric(out["sent_id"], errors="coerce")
        if ids.isna().any() or (ids % 1 != 0).any():
            raise ValueError(f"{func}: 'sent_id' of the codings must be a whole number in every row.")
        out["sent_id"] = ids.astype(int)
    for frame in frames:
        bad = [i for i, v in enumerate(out[frame]) if pd.isna(v) or v not in (0, 1, True, False)]
        if bad:
            raise ValueError(f"{func}: column {frame!r} of the codings must hold 0 or 1 in every row; not in "
                             f"row(s) {', '.join(str(i) for i in bad[:10])} (counting from 0).")
        out[frame] = out[frame].astype(int)
    doubled = out.duplicated(keys)
    if doubled.any():
        raise ValueError(f"{func}: {int(doubled.sum())} coded unit(s) appear twice (first: "
                         f"{out.loc[doubled, keys].iloc[0].tolist()}); give one coding per unit (e.g. the adjudicated one).")
    return out.reset_index(drop=True)
