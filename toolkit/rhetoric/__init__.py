"""Rhetoric: how statements commit, hedge, boost, address and feel; who condemns, calls on or supports whom.

Modules: ``measures`` (:func:`rhetoric`: one row of rates per statement), ``readability``
(its readability formulas, on syllables from the CMU Pronouncing Dictionary), ``profile``
(:func:`rhetoric_profile`: each group's levels with intervals), ``acts``
(:func:`speech_acts`, :func:`speech_act_counts`, :func:`load_acts`), ``predicates`` (where an
act is performed in the parse: its word, actor and target), ``roles`` (subjects, objects and
their resolution to the actors of the gazetteer, shared by speech acts and actions), ``people``
(persons named in a text and the actor each speaks for), ``agency`` (:func:`actions`: who does
what to whom) and ``reported_speech`` (:func:`attributions`: who said what).
"""

from toolkit.rhetoric.agency import actions
from toolkit.rhetoric.reported_speech import attributions
from toolkit.rhetoric.measures import RHETORIC_LABELS, rhetoric
from toolkit.rhetoric.profile import rhetoric_profile
from toolkit.rhetoric.acts import is_own_act, load_acts, speech_act_counts, speech_acts

__all__ = [
    "RHETORIC_LABELS",
    "actions",
    "attributions",
    "is_own_act",
    "load_acts",
    "rhetoric",
    "rhetoric_profile",
    "speech_act_counts",
    "speech_acts",
]
