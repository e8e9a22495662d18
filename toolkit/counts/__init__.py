"""Counts: the document-feature matrix and frequencies, the input of every count-based measure.

Modules: ``dfm`` (the :class:`DFM` class and ``check_counts``), ``build`` (:func:`dfm`, which
counts words, lemmas, n-grams and compounds) and ``frequencies`` (:func:`frequencies`,
:func:`frequency_over`).
"""

from toolkit.counts.build import dfm
from toolkit.counts.dfm import DFM, check_counts
from toolkit.counts.frequencies import frequencies, frequency_over

__all__ = ["DFM", "check_counts", "dfm", "frequencies", "frequency_over"]
