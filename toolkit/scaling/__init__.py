"""Scaling: where statements stand relative to each other.

Modules: ``cosine`` (:func:`similarity` of statements), ``poisson`` (:func:`wordfish`: positions on
one latent dimension from word counts, a Poisson model) and ``semantic`` (:func:`lss`: latent
semantic scaling on a dimension defined by seed words).
"""

from toolkit.scaling.semantic import LSSResult, lss
from toolkit.scaling.cosine import similarity
from toolkit.scaling.poisson import WordfishResult, wordfish

__all__ = ["LSSResult", "WordfishResult", "lss", "similarity", "wordfish"]
