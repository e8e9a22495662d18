"""Framing: frame dictionaries, frames per sentence and statement, group comparisons, validation.

Modules: ``dictionaries`` (:func:`load_dictionary`, :func:`write_dictionary` in the common
formats), ``detection`` (:func:`frames` and its :class:`FrameResult`, which compares groups), and
``validation`` (a sample for hand coding, the coders' sheets, precision, recall, agreement).
"""

from toolkit.framing.dictionaries import load_dictionary, write_dictionary
from toolkit.framing.detection import FrameResult, frames
from toolkit.framing.validation import coding_sample, frame_validation, intercoder_agreement, read_codings

__all__ = [
    "FrameResult",
    "coding_sample",
    "frame_validation",
    "frames",
    "intercoder_agreement",
    "load_dictionary",
    "read_codings",
    "write_dictionary",
]
