"""Attributions: who said what, in reported speech and direct quotations, with speakers resolved."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from toolkit._util.validation import check_column
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.lexicon import load_gazetteer
from toolkit.nlp import load_pipeline, spacy_docs
from toolkit.rhetoric.people import PRONOUNS, REPORTING, People, person_spellings

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["attributions"]


# Verbs that report speech only with a clause ("maintained that ..."), not with an object
# ("maintains channels").
_CLAUSE_ONLY = frozenset(
    {
        "maintain", "indicate", "report", "confirm", "deny", "add", "claim", "suggest", "argue", "point",
        "predict", "conclude", "recall", "acknowledge", "observe", "mention", "explain", "insist", "assert",
        "affirm", "remark", "tell", "caution",
    }
)


_COLUMNS = ("doc_id", "sent_id", "speaker", "speaker_id", "speaker_text", "verb", "content", "kind")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


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
    person: str | None = None,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return who said what in reports of speech: one row per reporting verb with its speaker and content.

    Reported speech ("Lavrov noted that ...", "..., stressing that ...", "He reiterated
    Moscow's position that ...") is found in the dependency parse; direct quotations with
    textacy. Speakers are resolved: an apposition names the person ("Russia's foreign
    minister, Sergei Lavrov, said"), "he"/"she" and "his remarks" are the last person named
    before (when one has been), a surname alone is the full name used earlier ("Lavrov" is
    "Sergei Lavrov"), and a participle hanging on reported content is the reporter's ("Lavrov
    noted that Russia stands ready, arguing that ..."). People are read as :func:`speech_acts`
    reads them, so the two agree on who speaks and for which actor (the gazetteer's id, from the
    phrase a person is introduced with: "Russia's foreign minister, Sergei Lavrov").

    Parameters
    ----------
    corpus : Corpus
    person : str, optional
        A metadata column naming each statement's speaker as a person: a name the metadata
        spells otherwise takes its spelling, as in :func:`speech_acts` ("Sergei"/"Sergey
        Lavrov" are one person). Without it, the first spelling in the corpus is used throughout.
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"entities"``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id``, ``speaker`` (resolved name, or the subject phrase when it names
        no person), ``speaker_id`` (the gazetteer id of the actor the person speaks for, when the
        text says so: ISO3 for states), ``speaker_text`` (as written), ``verb`` (lemma), ``content``, ``kind``
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
    if person is not None:
        check_column(person, corpus.meta_columns, owner="The corpus",
                     hint="Pass the column that names each statement's speaker.")
    clash = [c for c in corpus.meta_columns if c in _COLUMNS]
    if clash:
        raise ValueError(
            f"attributions: the metadata column(s) {clash} would be overwritten by the attributions' own columns; "
            "rename them in the corpus first (e.g. corpus.to_frame().rename(columns={'speaker': 'speaker_name'}))."
        )
    records = meta_records(corpus)
    spellings = person_spellings(records, person)
    gazetteer, nlp = load_gazetteer(), load_pipeline(model)
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)):
        people = People(doc, gazetteer.find(doc, nlp), spellings=spellings)
        for event in _events(doc, people, textacy.extract.direct_quotations):
            rows.append({"doc_id": corpus.doc_ids[i], **event, **records[i]})
    return pd.DataFrame(rows, columns=[*_COLUMNS, *corpus.meta_columns])


def _events(doc, people: People, quotations) -> list[dict[str, object]]:
    """The document's reports of speech and direct quotations, in text order, each with its sentence."""
    sent_of = {t.i: s for s, sent in enumerate(doc.sents, start=1) for t in sent}
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
    out = []
    for i, event in sorted(events, key=lambda e: e[0]):
        actor = people.speaks_for(event["speaker"])
        out.append({"sent_id": sent_of.get(i, 0), "speaker": event["speaker"],
                    "speaker_id": actor.id if actor is not None else None, **event})
    return out


# Nouns of speech: "His remarks highlighted ..." reports the speech of the person who owns them.
_SPEECH_NOUNS = frozenset({"remark", "statement", "word", "comment", "speech", "address", "message", "letter",
                           "interview", "briefing"})


def _speaker(subject, verb, people: People):
    """The person who speaks (or None) and the phrase that names them: the subject, the owner of a speech
    noun ("His remarks"), or the reporter of the clause a participle hangs on ("Lavrov noted that Russia
    stands ready, arguing that ...": Lavrov argues)."""
    name = people.of(subject)
    if name is None and subject.lemma_.lower() in _SPEECH_NOUNS:
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if owner is not None:
            name = people.last if owner.lower_ in ("his", "her") else people.of(owner)
    if name is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        clause = verb.head
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        outer = _reporting_subject(clause.head) if clause.dep_ == "ccomp" else None
        if outer is not None and clause.head.lemma_.lower() in REPORTING and people.of(outer) is not None:
            return people.of(outer), outer
    return name, subject


def _reported(token, people: People) -> dict[str, object] | None:
    """The report of speech that a reporting verb makes, with its speaker and content, or None."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING:
        return None
    content = _content(token)
    subject = _reporting_subject(token)
    if content is None or subject is None:
        return None
    doc = token.doc
    name, subject = _speaker(subject, token, people)
    if name is not None and subject.lower_ not in PRONOUNS:
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
