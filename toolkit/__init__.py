"""toolkit: compare the rhetoric, keywords and framing of political and diplomatic statements.

Data flows one way: load statements into a :class:`Corpus` (:mod:`toolkit.io`), process them
with spaCy (:func:`spacy_docs`, cached; :mod:`toolkit.nlp`), count them in a :class:`DFM`
(:mod:`toolkit.counts`), then measure (:mod:`toolkit.keywords`, :mod:`toolkit.rhetoric`,
:mod:`toolkit.framing`, :mod:`toolkit.scaling`), validate measures against hand coding
(:mod:`toolkit.validation`), compare groups (:mod:`toolkit.compare`), and plot
(:mod:`toolkit.plots`) or report (:mod:`toolkit.report`). Every public name is re-exported
here; ``docs/architecture.md`` says which subpackage holds what.
"""

from toolkit._util.version import __version__
from toolkit.compare import Comparison, compare
from toolkit.corpus import Corpus, Document
from toolkit.counts import DFM, dfm, frequencies, frequency_over
from toolkit.framing import FrameClassifier, FrameResult, frame_classifier, frames, load_dictionary, write_dictionary
from toolkit.io import LoaderWarning, demo_corpus, load_statements, load_ungdc
from toolkit.keywords import (
    Boilerplate,
    collocations,
    keyness,
    keyness_panel,
    keyterms,
    kwic,
    kwic_html,
    remove_boilerplate,
)
from toolkit.lexicon import Category, Gazetteer, Lexicon, actors, load_gazetteer, load_lexicon
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
from toolkit.plots import (
    OKABE_ITO,
    plot_frame_differences,
    plot_frames_heatmap,
    plot_frames_over,
    plot_frequency_over,
    plot_keyness,
    plot_keyness_heatmap,
    plot_keyness_trajectory,
    plot_rhetoric,
    plot_scaling,
    plot_similarity,
    plot_speech_acts,
    plot_xray,
    save_figure,
)
from toolkit.report import report_figures, report_html, report_tables, table_html, write_report
from toolkit.rhetoric import actions, attributions, load_acts, rhetoric, rhetoric_profile, speech_act_counts, speech_acts
from toolkit.scaling import lss, similarity, wordfish
from toolkit.validation import (
    act_validation,
    coding_sample,
    corrected_shares,
    frame_validation,
    intercoder_agreement,
    read_codings,
)

__all__ = [
    "Boilerplate",
    "Category",
    "Comparison",
    "Corpus",
    "DFM",
    "DegradedPipelineWarning",
    "Document",
    "FrameClassifier",
    "FrameResult",
    "LEVELS",
    "Lexicon",
    "LoaderWarning",
    "MODEL_PREFERENCE",
    "__version__",
    "Gazetteer",
    "act_validation",
    "actions",
    "actors",
    "attributions",
    "cache_directory",
    "collocations",
    "compare",
    "clear_cache",
    "coding_sample",
    "corrected_shares",
    "demo_corpus",
    "dfm",
    "frame_classifier",
    "frame_validation",
    "frames",
    "frequencies",
    "frequency_over",
    "intercoder_agreement",
    "keyness",
    "keyness_panel",
    "keyterms",
    "kwic",
    "kwic_html",
    "load_acts",
    "load_dictionary",
    "load_gazetteer",
    "lss",
    "load_lexicon",
    "load_pipeline",
    "load_statements",
    "load_ungdc",
    "merge_hyphenated",
    "pipeline_info",
    "read_codings",
    "report_figures",
    "report_html",
    "report_tables",
    "remove_boilerplate",
    "rhetoric",
    "rhetoric_profile",
    "plot_frame_differences",
    "plot_frames_heatmap",
    "plot_frames_over",
    "plot_frequency_over",
    "plot_keyness",
    "plot_keyness_heatmap",
    "plot_keyness_trajectory",
    "plot_rhetoric",
    "plot_scaling",
    "plot_similarity",
    "plot_speech_acts",
    "plot_xray",
    "save_figure",
    "similarity",
    "table_html",
    "speech_act_counts",
    "speech_acts",
    "wordfish",
    "write_dictionary",
    "write_report",
    "OKABE_ITO",
    "spacy_docs",
]
