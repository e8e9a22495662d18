"""Lexicons: word lists as YAML data, each category with its source and licence, matched with spaCy.

The rhetoric lexicon and the frame dictionary are lexicons; both measures read them from here.
Modules: ``lexicon`` (:class:`Lexicon`, :class:`Category`, :func:`load_lexicon`, and the spaCy
Matcher built from a lexicon) and ``gazetteer`` (:func:`actors`, :func:`load_gazetteer`: every
actor with the names text uses for it, found in a parsed document).
"""

from toolkit.lexicon.gazetteer import Actor, Gazetteer, Mention, actors, load_gazetteer
from toolkit.lexicon.lexicon import Category, Lexicon, builtin_path, load_lexicon

__all__ = ["Actor", "Category", "Gazetteer", "Lexicon", "Mention", "actors", "builtin_path", "load_gazetteer",
           "load_lexicon"]
