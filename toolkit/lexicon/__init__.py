"""Lexicons: word lists as YAML data, each category with its source and licence, matched with spaCy.

The rhetoric lexicon and the frame dictionary are lexicons; both measures read them from here.
Module: ``lexicon`` (:class:`Lexicon`, :class:`Category`, :func:`load_lexicon`, and the spaCy
Matcher built from a lexicon).
"""

from toolkit.lexicon.lexicon import Category, Lexicon, builtin_path, load_lexicon

__all__ = ["Category", "Lexicon", "builtin_path", "load_lexicon"]
