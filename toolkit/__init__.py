"""toolkit: compare the rhetoric, keywords and framing of political and diplomatic statements.

Data flows one way: load statements into a :class:`Corpus`, process them with spaCy
(:func:`spacy_docs`, cached), count them in a :class:`DFM`, then measure and plot.
"""

from toolkit.boilerplate import Boilerplate, remove_boilerplate
from toolkit.corpus import Corpus, Document
from toolkit.dfm import DFM, dfm
from toolkit.keywords import (
    collocations,
    frequencies,
    frequency_over,
    keyness,
    keyness_panel,
    keyterms,
    kwic,
    kwic_html,
)
from toolkit.io import LoaderWarning, demo_corpus, load_statements, load_ungdc
from toolkit.plots import (
    OKABE_ITO,
    plot_frequency_over,
    plot_keyness,
    plot_keyness_heatmap,
    plot_keyness_trajectory,
    plot_xray,
    save_figure,
)
from toolkit.nlp import (
    LEVELS,
    MODEL_PREFERENCE,
    DegradedPipelineWarning,
    cache_directory,
    clear_cache,
    load_pipeline,
    merge_hyphenated,
    pipeline_info,
    spacy_docs,
)

__version__ = "0.1.0"

__all__ = [
    "Boilerplate",
    "Corpus",
    "DFM",
    "DegradedPipelineWarning",
    "Document",
    "LEVELS",
    "LoaderWarning",
    "MODEL_PREFERENCE",
    "__version__",
    "cache_directory",
    "collocations",
    "clear_cache",
    "demo_corpus",
    "dfm",
    "frequencies",
    "frequency_over",
    "keyness",
    "keyness_panel",
    "keyterms",
    "kwic",
    "kwic_html",
    "load_pipeline",
    "load_statements",
    "load_ungdc",
    "merge_hyphenated",
    "pipeline_info",
    "remove_boilerplate",
    "plot_frequency_over",
    "plot_keyness",
    "plot_keyness_heatmap",
    "plot_keyness_trajectory",
    "plot_xray",
    "save_figure",
    "OKABE_ITO",
    "spacy_docs",
]
