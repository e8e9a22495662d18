"""Key terms of single documents, ranked by textacy's extractors (TextRank, YAKE, SGRank, sCAKE)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pandas as pd

from toolkit._util.validation import check_choice, check_int
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.nlp import spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["keyterms"]


KeytermMethod = Literal["textrank", "yake", "sgrank", "scake"]


def keyterms(
    corpus: Corpus,
    *,
    method: KeytermMethod = "textrank",
    topn: int = 10,
    normalize: Literal["lemma", "lower"] | None = "lemma",
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return each document's key terms as found by one of textacy's extractors.

    Unlike keyness, which compares documents, these methods rank the terms of one document
    on its own (graph centrality, position and frequency), so they describe what a single
    statement is about.

    Parameters
    ----------
    corpus : Corpus
    method : {"textrank", "yake", "sgrank", "scake"}
        TextRank (Mihalcea & Tarau 2004), YAKE (Campos et al. 2020), SGRank (Danesh et al.
        2015) or sCAKE (Duari & Bhatnagar 2019), as implemented in textacy.
    topn : int
        Terms per document.
    normalize : {"lemma", "lower"} or None
        How terms are normalised before ranking (textacy's option).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"tags"``: the extractors need parts of
        speech).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``method``, ``rank`` (1 = most key), ``term``, ``score`` (textacy's score:
        higher is more key, except for ``yake``, where lower is), then the document metadata.

    References
    ----------
    DeWilde, B. textacy: NLP, before and after spaCy. https://textacy.readthedocs.io
    Mihalcea, R. & Tarau, P. (2004). TextRank: Bringing order into texts. EMNLP.
    Campos, R. et al. (2020). YAKE! Keyword extraction from single documents using multiple
    local features. Information Sciences, 509, 257-289.

    Examples
    --------
    >>> import toolkit as tk
    >>> kt = tk.keyterms(tk.demo_corpus().subset("actor == 'Tessaly'"), topn=3)
    >>> kt.columns.tolist()[:5]
    ['doc_id', 'method', 'rank', 'term', 'score']
    """
    import textacy.extract.keyterms as kt  # textacy is slow to import: only when key terms are asked for

    corpus = as_corpus(corpus, func="keyterms")
    check_choice(method, ("textrank", "yake", "sgrank", "scake"), name="method", func="keyterms")
    check_int(topn, name="topn", func="keyterms", minimum=1)
    if normalize is not None:
        check_choice(normalize, ("lemma", "lower"), name="normalize", func="keyterms")
    extract = getattr(kt, method)
    records = meta_records(corpus)
    rows = []
    docs = spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)
    for i, doc in enumerate(docs):
        terms = extract(doc, normalize=normalize, topn=topn) if len(doc) else []
        doc_meta = records[i]
        for rank, (term, score) in enumerate(terms, start=1):
            rows.append({"doc_id": corpus.doc_ids[i], "method": method, "rank": rank, "term": term,
                         "score": float(score), **doc_meta})
    return pd.DataFrame(rows, columns=["doc_id", "method", "rank", "term", "score", *corpus.meta_columns])
