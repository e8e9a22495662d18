"""spaCy pipelines and processed documents: model choice, only the components needed, a disk cache.

This is the only subpackage that loads a model. It works on texts (a Corpus, a dict of texts
or a list of them: anything with ``texts`` and ``doc_ids``), so it sits below the Corpus.
Measures ask it for Docs at a *level* and get them streamed in corpus order, from the cache
where possible.

Levels, from cheapest to dearest (each runs only what it needs):

``"tokens"``
    The tokenizer alone (counts, n-grams). Not cached: tokenizing is about as fast as
    reading a cached Doc back.
``"sentences"``
    Tokens and sentence boundaries (the statistical ``senter`` of the small English
    pipelines, else a ``sentencizer``, else the parser).
``"tags"``
    Part-of-speech tags, morphology and lemmas (no parser, no entities).
``"parse"``
    Tags, lemmas and the dependency parse (speech acts, subject-verb-object).
``"entities"``
    Everything, named entities included (attributions).

Modules: ``pipeline`` (which model, which components), ``cache`` (the disk cache of Docs),
``docs`` (:func:`spacy_docs` and the processing applied to every Doc).
"""

from toolkit.nlp.cache import cache_directory, clear_cache
from toolkit.nlp.docs import merge_hyphenated, spacy_docs
from toolkit.nlp.pipeline import LEVELS, MODEL_PREFERENCE, DegradedPipelineWarning, load_pipeline, pipeline_info

__all__ = [
    "DegradedPipelineWarning",
    "LEVELS",
    "MODEL_PREFERENCE",
    "cache_directory",
    "clear_cache",
    "load_pipeline",
    "merge_hyphenated",
    "pipeline_info",
    "spacy_docs",
]
