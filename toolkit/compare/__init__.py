"""Comparison of groups: every measure at once, with one set of options, ready for the report.

Module: ``comparison`` (:func:`compare` and its :class:`Comparison`).
"""

from toolkit.compare.comparison import Comparison, compare

__all__ = ["Comparison", "compare"]
