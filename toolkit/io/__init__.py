"""Loaders: statements from common file formats, the UN General Debate Corpus, the demo corpus.

Every loader checks its input and either raises an error that names the file, row or field and
the fix, or warns (:class:`LoaderWarning`) about what it skipped and why. Source files are only
ever read.

Modules: ``text`` (decoding, front matter, file-name fields), ``tables`` (CSV, JSON, Parquet,
Excel), ``statements`` (:func:`load_statements`), ``ungdc`` (:func:`load_ungdc`), ``demo``
(:func:`demo_corpus`).
"""

from toolkit.io.demo import demo_corpus
from toolkit.io.statements import load_statements
from toolkit.io.text import LoaderWarning
from toolkit.io.ungdc import load_ungdc

__all__ = ["LoaderWarning", "demo_corpus", "load_statements", "load_ungdc"]
