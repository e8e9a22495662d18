"""Framing: frame dictionaries, frames per sentence and statement, group comparisons.

Modules: ``dictionaries`` (:func:`load_dictionary`, :func:`write_dictionary` in the common
formats) and ``detection`` (:func:`frames` and its :class:`FrameResult`, which compares groups).
Their validation against hand coding is in :mod:`toolkit.validation`.
"""

from toolkit.framing.dictionaries import load_dictionary, write_dictionary
from toolkit.framing.detection import FrameResult, frames

__all__ = [
    "FrameResult",
    "frames",
    "load_dictionary",
    "write_dictionary",
]
