"""The demo corpus: synthetic statements about a fictional conflict, shipped as package data."""

from __future__ import annotations

from importlib.resources import as_file

from toolkit._util.resources import resource
from toolkit.corpus import Corpus
from toolkit.io.statements import load_statements

__all__ = ["demo_corpus"]


def demo_corpus() -> Corpus:
    """Return the embedded demo corpus: synthetic statements about a fictional regional conflict.

    Six fictional actors (governments and a regional organisation) speak at four venues in
    2024, each with a deliberately distinct rhetoric and framing; see
    ``toolkit/resources/demo/README.md``. The corpus is the project's own writing, released
    under CC0.

    Returns
    -------
    Corpus
        Columns ``doc_id``, ``text``, ``actor``, ``actor_type``, ``speaker``, ``post``,
        ``venue``, ``date``, ``year``.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.demo_corpus()
    >>> len(corpus), corpus.meta["actor"].nunique(), corpus.meta["venue"].nunique()
    (24, 6, 4)
    """
    data = resource("demo", "statements.csv")
    if not data.is_file():
        raise FileNotFoundError(
            "The demo corpus (toolkit/resources/demo/statements.csv) is missing from this installation; "
            "reinstall the toolkit."
        )
    with as_file(data) as path:  # a real file even when the package is imported from a zip
        return load_statements(path, text="text", id="doc_id")
