"""Agency: who does what to whom, from textacy's subject-verb-object triples, with actors normalised."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.validation import check_column
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.nlp import spacy_docs
from toolkit.lexicon.gazetteer import load_gazetteer
from toolkit.nlp import load_pipeline
from toolkit.rhetoric.roles import Resolver, Who, is_negated

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["actions"]


def actions(
    corpus: Corpus,
    *,
    speaker: str | None = None,
    aliases: dict[str, str] | None = None,
    aggregate: bool = False,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return the subject-verb-object actions of the statements (textacy's triples), with actors normalised.

    Who is made the agent of what, and whom it is done to: "Kestrian forces attacked the
    convoy" makes Kestria's forces the agent and the convoy the patient. Aggregate the rows
    (e.g. ``groupby(["subject", "verb", "object"]).size()``) to compare how actors are cast.

    Parameters
    ----------
    corpus : Corpus
    speaker : str, optional
        Metadata column naming each statement's actor ("we" resolves to it).
    aliases : dict, optional
        Lower-case phrases mapped to actors, as in :func:`speech_acts`.
    aggregate : bool
        Return who does what to whom across statements instead of one row per action.
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"entities"``).

    Returns
    -------
    pandas.DataFrame
        With ``aggregate``: ``subject``, ``verb``, ``object``, ``n`` (actions), ``n_docs``
        (statements), most frequent first. Else ``doc_id``, ``sent_id``, ``subject`` (normalised actor, else the subject's words),
        ``verb`` (lemma of the main verb), ``object`` (normalised likewise), ``subject_text``,
        ``verb_text``, ``object_text``, ``negated``, then the document metadata.

    References
    ----------
    DeWilde, B. textacy (``extract.subject_verb_object_triples``).
    """
    import textacy.extract  # textacy is slow to import: only when actions are asked for

    corpus = as_corpus(corpus, func="actions")
    if speaker is not None:
        check_column(speaker, corpus.meta_columns, owner="The corpus")
    aliases = {k.lower(): v for k, v in (aliases or {}).items()}
    places, nlp = load_gazetteer(), load_pipeline(model)
    records = meta_records(corpus)
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)):
        who = records[i][speaker] if speaker is not None else None
        resolver = Resolver(doc, nlp, places, speaker=None if who is None or pd.isna(who) else str(who),
                            aliases=aliases)
        doc_meta = records[i]
        sent_starts = [s.start for s in doc.sents]
        for sent in doc.sents:
            for token in sent:
                resolver.people.introduce(token)
        for triple in textacy.extract.subject_verb_object_triples(doc):
            main = [t for t in triple.verb if t.pos_ == "VERB"] or list(triple.verb)
            verb = main[-1]
            subj, obj = triple.subject[-1], triple.object[-1]
            rows.append(
                {
                    "doc_id": corpus.doc_ids[i],
                    "sent_id": int(np.searchsorted(sent_starts, verb.i, side="right")),
                    "subject": _name(resolver.actor(subj)) or " ".join(t.text for t in triple.subject),
                    "verb": verb.lemma_.lower(),
                    "object": _name(resolver.target(obj)[0]) or " ".join(t.text for t in triple.object),
                    "subject_text": " ".join(t.text for t in triple.subject),
                    "verb_text": " ".join(t.text for t in triple.verb),
                    "object_text": " ".join(t.text for t in triple.object),
                    "negated": is_negated(verb),
                    **doc_meta,
                }
            )
    columns = ["doc_id", "sent_id", "subject", "verb", "object", "subject_text", "verb_text", "object_text",
               "negated", *corpus.meta_columns]
    out = pd.DataFrame(rows, columns=columns)
    if aggregate:
        grouped = out.groupby(["subject", "verb", "object"], sort=False)
        out = (
            grouped.agg(n=("doc_id", "size"), n_docs=("doc_id", "nunique"))
            .reset_index()
            .sort_values(["n", "subject", "verb", "object"], ascending=[False, True, True, True], kind="stable")
            .reset_index(drop=True)
        )
    return out


def _name(who: Who | None) -> str | None:
    """An actor's name, for actors with a name (the speaker, an alias, the gazetteer, a person)."""
    if who is None or (who.id is None and who.person is None and not who.own):
        return None
    return who.name
