"""Scaling: where statements stand relative to each other.

Modules: ``similarity`` (cosine similarity of statements), ``wordfish`` (positions on one latent
dimension from word counts) and ``lss`` (latent semantic scaling on a dimension defined by
seed words).
"""

from toolkit.scaling.lss import LSSResult, lss
from toolkit.scaling.similarity import similarity
from toolkit.scaling.wordfish import WordfishResult, wordfish

__all__ = ["LSSResult", "WordfishResult", "lss", "similarity", "wordfish"]
