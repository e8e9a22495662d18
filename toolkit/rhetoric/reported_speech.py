"""Attributions: who said what, in reported speech and direct quotations, with speakers resolved."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.nlp import spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["attributions"]


_REPORTING = frozenset(
    {
        "say", "state", "note", "stress", "underscore", "reiterate", "emphasize", "emphasise", "comment", "add",
        "argue", "point", "highlight", "reaffirm", "declare", "warn", "insist", "claim", "suggest", "observe",
        "remark", "explain", "announce", "tell", "condemn", "urge", "affirm", "assert", "acknowledge", "recall",
        "mention", "report", "indicate", "confirm", "deny", "maintain", "caution", "predict", "conclude",
    }
)


# Verbs that report speech only with a clause ("maintained that ..."), not with an object
# ("maintains channels").
_CLAUSE_ONLY = frozenset(
    {
        "maintain", "indicate", "report", "confirm", "deny", "add", "claim", "suggest", "argue", "point",
        "predict", "conclude", "recall", "acknowledge", "observe", "mention", "explain", "insist", "assert",
        "affirm", "remark", "tell", "caution",
    }
)


_QUOTES = "\"'\u201c\u201d\u2018\u2019"


_PRONOUNS = frozenset({"he", "she"})


def _content(verb):
    """The reported content: a clause ("that ..."), else an object or an 'on' phrase."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    if verb.lemma_.lower() in _CLAUSE_ONLY:
        return None
    for child in verb.children:
        if child.dep_ == "prt":  # "pointing out that ...": the clause hangs on the particle's verb
            continue
        if child.dep_ in ("dobj", "attr"):
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "about"):
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _reporting_subject(verb):
    head = verb
    for _ in range(4):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if head.dep_ in ("advcl", "conj", "xcomp") and head.head is not head:
            head = head.head  # "..., stressing that": the participle's subject is the main verb's
            continue
        break
    return None


def attributions(
    corpus: Corpus,
    *,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return who said what in reports of speech: one row per reporting verb with its speaker and content.

    Reported speech ("Lavrov noted that ...", "..., stressing that ...", "He reiterated
    Moscow's position that ...") is found in the dependency parse; direct quotations with
    textacy. Speakers are resolved: an apposition names the person ("Russia's foreign
    minister, Sergei Lavrov, said"), "he"/"she" is the last person named before (when one has
    been), and a surname alone is the full name used earlier ("Lavrov" is "Sergei Lavrov").

    Parameters
    ----------
    corpus : Corpus
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"entities"``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id``, ``speaker`` (resolved name, or the subject phrase when it names
        no person), ``speaker_text`` (as written), ``verb`` (lemma), ``content``, ``kind``
        (``"reported"`` or ``"direct"``), then the document metadata.

    Examples
    --------
    >>> import toolkit as tk
    >>> text = "Sergei Lavrov noted that talks must resume. He stressed that Russia stands ready."
    >>> tk.attributions(tk.Corpus.from_texts([text]))[["speaker", "verb"]].values.tolist()
    [['Sergei Lavrov', 'note'], ['Sergei Lavrov', 'stress']]
    """
    import textacy.extract  # textacy is slow to import: only when attributions are asked for

    corpus = as_corpus(corpus, func="attributions")
    records = meta_records(corpus)
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)):
        for event in _events(doc, textacy.extract.direct_quotations):
            rows.append({"doc_id": corpus.doc_ids[i], **event, **records[i]})
    columns = ["doc_id", "sent_id", "speaker", "speaker_text", "verb", "content", "kind", *corpus.meta_columns]
    return pd.DataFrame(rows, columns=columns)


class _People:
    """The people a document has named so far: full names by surname, and the last person named."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.entities = {ent.start: ent for ent in doc.ents if ent.label_ == "PERSON"}
        self.full_names: dict[str, str] = {}
        self.last: str | None = None

    def introduce(self, token) -> None:
        """Keep track of full names as they are introduced ("Sergei Lavrov": later "Lavrov" is him)."""
        if token.i in self.entities:
            parts = self.entities[token.i].text.split()
            if len(parts) > 1:
                self.full_names.setdefault(parts[-1], self.entities[token.i].text)

    def of(self, token) -> str | None:
        """The person a subject names, through appositions and earlier full names."""
        candidates = [token, *[c for c in token.children if c.dep_ == "appos"]]
        for cand in candidates:
            for ent in self.doc.ents:
                if ent.label_ == "PERSON" and ent.start <= cand.i < ent.end:
                    return self.full_names.get(ent.text, ent.text)
        if token.text in self.full_names:  # a surname seen before in a full name, unrecognised alone
            return self.full_names[token.text]
        if token.lower_ in _PRONOUNS:
            return self.last
        return None


def _events(doc, quotations) -> list[dict[str, object]]:
    """The document's reports of speech and direct quotations, in text order, each with its sentence."""
    sent_of = {t.i: s for s, sent in enumerate(doc.sents, start=1) for t in sent}
    people = _People(doc)
    events, seen = [], set()
    for token in doc:
        people.introduce(token)
        event = _reported(token, people)
        if event is not None:
            seen.add(token.i)
            events.append((token.i, event))
    for speaker, cue, content in quotations(doc):
        if any(t.i in seen for t in cue):
            continue
        first = speaker[0] if speaker else None
        name = people.of(first) if first is not None else None
        speaker_text = " ".join(t.text for t in speaker)
        events.append((cue[0].i, {
            "speaker": name or speaker_text,
            "speaker_text": speaker_text,
            "verb": cue[0].lemma_.lower(),
            "content": content.text.strip(_QUOTES + " "),
            "kind": "direct",
        }))
    return [{"sent_id": sent_of.get(i, 0), **event} for i, event in sorted(events, key=lambda e: e[0])]


def _reported(token, people: _People) -> dict[str, object] | None:
    """The report of speech that a reporting verb makes, with its speaker and content, or None."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in _REPORTING:
        return None
    content = _content(token)
    subject = _reporting_subject(token)
    if content is None or subject is None:
        return None
    doc = token.doc
    name = people.of(subject)
    if name is not None and subject.lower_ not in _PRONOUNS:
        people.last = name
    speaker_text = doc[subject.left_edge.i : subject.right_edge.i + 1].text
    # Quotation marks hang on the reporting verb, not on the quoted clause: look around it.
    before = doc[content.start - 1].text if content.start > 0 else ""
    after = doc[content.end : content.end + 2].text
    quoted = before in _QUOTES or content.text.strip()[:1] in _QUOTES or any(q in after for q in '"\u201d\u2019')
    return {
        "speaker": name if name is not None else speaker_text,
        "speaker_text": speaker_text,
        "verb": token.lemma_.lower(),
        "content": content.text.strip().strip(_QUOTES + " ,"),
        "kind": "direct" if quoted else "reported",
    }
