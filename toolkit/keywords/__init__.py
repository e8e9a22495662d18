"""Keywords: which words are key for whom, and in what context.

Modules: ``statistics`` (the association statistics of a 2x2 table and the order of keyness
tables), ``contrast`` (:func:`keyness`: a target against a reference), ``panel``
(:func:`keyness_panel`: every group, optionally per period, with intervals and dispersion),
``multiword`` (:func:`collocations`), ``concordance`` (:func:`kwic`, :func:`kwic_html`),
``extraction`` (:func:`keyterms`: key terms of one document) and ``boilerplate`` (ritual
sentences repeated across documents). Frequencies are
counts and live in :mod:`toolkit.counts`.
"""

from toolkit.keywords.boilerplate import Boilerplate, remove_boilerplate
from toolkit.keywords.multiword import collocations
from toolkit.keywords.contrast import keyness
from toolkit.keywords.extraction import keyterms
from toolkit.keywords.concordance import kwic, kwic_html
from toolkit.keywords.panel import keyness_panel

__all__ = [
    "Boilerplate",
    "collocations",
    "keyness",
    "keyness_panel",
    "keyterms",
    "kwic",
    "kwic_html",
    "remove_boilerplate",
]
