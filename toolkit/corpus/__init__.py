"""The Corpus: an immutable table of statements with their metadata, and its reshaping.

Modules: ``corpus`` (:class:`Corpus`, :class:`Document`, ``as_corpus``) and ``segments``
(paragraphs of a text, word patterns). Sentences come from :mod:`toolkit.nlp`.
"""

from toolkit.corpus.corpus import Corpus, Document, as_corpus, meta_records

__all__ = ["Corpus", "Document", "as_corpus", "meta_records"]
