"""Counts: the document-feature matrix and frequencies, the input of every count-based measure.

Modules: ``matrix`` (the :class:`DFM` class and ``check_counts``), ``build`` (:func:`dfm`, which
counts words, lemmas, n-grams and compounds) and ``frequency`` (:func:`frequencies`,
:func:`frequency_over`).
"""

from toolkit.counts.build import dfm
from toolkit.counts.matrix import DFM, check_counts
from toolkit.counts.frequency import frequencies, frequency_over

__all__ = ["DFM", "check_counts", "dfm", "frequencies", "frequency_over"]
