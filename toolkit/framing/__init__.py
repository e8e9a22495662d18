"""Framing: frame dictionaries, frames per sentence and statement, group comparisons.

Modules: ``dictionaries`` (:func:`load_dictionary`, :func:`write_dictionary` in the common
formats), ``detection`` (:func:`frames` and its :class:`FrameResult`, which compares groups) and
``classifier`` (:func:`frame_classifier`: a classifier trained on hand-coded sentences).
Their validation against hand coding is in :mod:`toolkit.validation`.
"""

from toolkit.framing.dictionaries import load_dictionary, write_dictionary
from toolkit.framing.detection import FrameResult, frames
from toolkit.framing.classifier import FrameClassifier, frame_classifier

__all__ = [
    "FrameClassifier",
    "FrameResult",
    "frame_classifier",
    "frames",
    "load_dictionary",
    "write_dictionary",
]
