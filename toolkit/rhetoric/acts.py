"""Diplomatic speech acts (condemn, call on, support, reject, ...) found in the dependency parse, with actor and target."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit._util.files import read_yaml
from toolkit._util.resources import resource
from toolkit._util.validation import ToolkitKeyError, check_column, check_int
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.lexicon.gazetteer import Gazetteer, load_gazetteer
from toolkit.nlp import load_pipeline, spacy_docs
from toolkit.rhetoric.roles import Resolver, coordinated, phrase, subject_of, target_name, target_phrase
from toolkit.rhetoric.people import person_spellings
from toolkit.rhetoric.predicates import ActLexicon, Predicate, predicates

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["is_own_act", "load_acts", "speech_act_counts", "speech_acts"]

_ACT_COLUMNS = ("doc_id", "sent_id", "act", "verb", "cameo", "subject", "subject_id", "subject_text", "person",
                "own", "target", "target_id", "target_text", "negated", "passive", "sentence")


def load_acts(path: str | os.PathLike[str] | None = None) -> ActLexicon:
    """Read a speech-act lexicon (YAML, in the format of ``toolkit/resources/speech_acts.yaml``)."""
    file = Path(path) if path else resource("speech_acts.yaml")
    if not file.is_file():
        raise FileNotFoundError(f"No such speech-act lexicon: '{file}'.")
    return ActLexicon.read(read_yaml(file, text=file.read_text(encoding="utf-8")), source=str(file))


def speech_acts(
    corpus: Corpus,
    *,
    speaker: str | None = None,
    person: str | None = None,
    aliases: dict[str, str] | None = None,
    lexicon: str | None = None,
    gazetteer: str | os.PathLike[str] | Gazetteer | None = None,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return one row per diplomatic speech act found in the statements, with who performs it on whom.

    Acts are found in the dependency parse, not by keywords: an act word from the speech-act
    lexicon (``toolkit/resources/speech_acts.yaml``: condemn, call, support, reject, warn,
    concern, commit, reaffirm, propose) with its actor and its target. The act word may be a verb
    ("we condemn"), an adjective ("we are deeply concerned", "Russia stands ready to assist"), a
    noun expressed or owned by an actor ("we express our support for", "our commitment to",
    "Moscow's condemnation of") or a fixed phrase ("we are in favour of"); a nested act is found too
    ("we reaffirm our support for X" is a reaffirmation and a support). "We condemn the attack"
    and "They condemned our position" differ in who acts; in "The attack was condemned by the
    Council" the Council acts; "cannot accept" is a rejection. Not acts: an act asked of someone
    else ("we call on the Council to condemn ..." is a call), an obligation or a wish ("we must
    condemn"), a condition, disputed content ("we reject the claim that X supports Y"), a word in
    another sense ("commit crimes", "submit to rule", "Welcome to New York"), and anything without
    an actor ("the architecture offers no response", "analysts suggest"). Acts performed without
    an act word ("a racist law", "the occupation must end") are out of scope.

    Actors are resolved through the actor gazetteer (:func:`toolkit.actors`): "we", "my
    delegation", "this country" and the speaker's country by name, adjective or capital are the
    speaker's own (``own``); other actors get their gazetteer id (ISO3 for states) and canonical
    name, whatever form the text uses; a person named in the text speaks for the actor they are
    introduced with ("Russia's foreign minister, Sergei Lavrov"), and an act in their reported
    speech is theirs (``person``).

    Parameters
    ----------
    corpus : Corpus
    speaker : str, optional
        A metadata column naming each statement's actor, by name or gazetteer id ("Russia",
        "RUS"): "we" and the speaker's own names resolve to it.
    person : str, optional
        A metadata column naming each statement's speaker as a person (the UNGDC's
        ``speaker``): the text naming that person is the actor's own act, and every spelling of
        a name that the metadata spells otherwise takes the metadata's spelling ("Sergei Lavrov"
        in a news report is "Sergey Lavrov" of the UN records). Without it, the first spelling in
        the corpus is used throughout.
    aliases : dict, optional
        Lower-case phrases mapped to actors, e.g. ``{"kestrian": "Kestria", "the federation":
        "Kestria"}``; matched as whole words, the longest first, before the gazetteer.
    lexicon : str, optional
        A speech-act YAML file in the format of the built-in one.
    gazetteer : path or Gazetteer, optional
        An actor gazetteer in the format of ``toolkit/resources/actors.yaml`` (default the built-in).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"entities"``: parse and named entities).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id`` (sentence position in the statement, from 1), ``act``, ``verb``
        (the act word as lemmas, with its construction: "call on", "be concerned", "express
        support"), ``cameo`` (the closest CAMEO event code of the act; see
        ``toolkit/resources/README.md`` for the mapping and its limits), ``subject`` (who
        performs it: the speaker's value for the speaker's own acts, else the actor's canonical
        name, a person's name, or the phrase for an actor without a name), ``subject_id``
        (gazetteer id: ISO3 for states; the name itself for a named actor outside the
        gazetteer, such as an alias of yours or an organisation the parser recognises; empty for
        "they" or "the major Powers"), ``subject_text`` (as written), ``person`` (the person who
        performs or reports it, when the text names one), ``own`` (performed by the statement's
        speaker), ``target`` (the actor acted upon where the target names one, itself or as its
        owner or agent: "the Russian invasion" is Russia's; else the head of what is acted upon:
        "attack", "assist"), ``target_id`` (as ``subject_id``), ``target_text`` (the phrase
        acted upon, as written, without its relative clauses; a relative pronoun is replaced by
        what it refers to), ``negated``, ``passive``, ``sentence``, then the document metadata.
        ``attrs["documents"]`` holds each statement's words (tokens that are not punctuation)
        and metadata, for rates (:func:`speech_act_counts`).

    Raises
    ------
    KeyError
        If ``speaker`` is not a metadata column.

    References
    ----------
    Searle, J. R. (1976). A classification of illocutionary acts. Language in Society, 5(1).
    Gerner, D. J., Schrodt, P. A., Yilmaz, O. & Abu-Jabr, R. (2002). Conflict and Mediation Event
    Observations (CAMEO): A new event data framework. ISA Annual Convention.

    Examples
    --------
    >>> import toolkit as tk
    >>> acts = tk.speech_acts(tk.Corpus.from_texts(["We condemn and reject the attack."]))
    >>> acts[["act", "verb", "subject_text", "target_text"]].values.tolist()
    [['condemn', 'condemn', 'We', 'the attack'], ['reject', 'reject', 'We', 'the attack']]
    """
    corpus = as_corpus(corpus, func="speech_acts")
    for column, what in ((speaker, "each statement's actor"), (person, "each statement's speaker")):
        if column is not None:
            check_column(column, corpus.meta_columns, owner="The corpus",
                         hint=f"Pass the column that names {what}.")
    clash = [c for c in corpus.meta_columns if c in _ACT_COLUMNS]
    if clash:
        raise ValueError(
            f"speech_acts: the metadata column(s) {clash} would be overwritten by the acts' own columns; "
            "rename them in the corpus first."
        )
    acts = load_acts(lexicon)
    places = gazetteer if isinstance(gazetteer, Gazetteer) else load_gazetteer(gazetteer)
    aliases = {k.lower(): v for k, v in (aliases or {}).items()}
    nlp = load_pipeline(model)
    records = meta_records(corpus)
    spellings = person_spellings(records, person)
    rows, words = [], []
    docs = spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)
    for i, doc in enumerate(docs):
        who = records[i][speaker] if speaker is not None else None
        named = records[i][person] if person is not None else None
        resolver = Resolver(doc, nlp, places, speaker=None if _missing(who) else str(who), aliases=aliases,
                            person=None if _missing(named) else str(named), spellings=spellings)
        words.append(sum(1 for t in doc if not (t.is_punct or t.is_space)))
        for s, sent in enumerate(doc.sents, start=1):
            for token in sent:
                resolver.people.introduce(token)  # names and whom they speak for, before the sentence's acts
            for p in predicates(sent, acts):
                for row in _rows(p, resolver, acts):
                    rows.append({"doc_id": corpus.doc_ids[i], "sent_id": s, **row, "sentence": sent.text.strip(),
                                 **records[i]})
            resolver.people.observe(sent)  # after the sentence: its "he" is the person named before
    out = pd.DataFrame(rows, columns=[*_ACT_COLUMNS, *corpus.meta_columns])
    out.attrs["documents"] = corpus.meta.assign(words=words)
    return out


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def _rows(p: Predicate, resolver: Resolver, acts: ActLexicon) -> list[dict[str, object]]:
    """The columns of one act, once per actor ("Germany and France condemn": two rows); none when nobody
    performs it (an act needs an actor)."""
    heads = [p.actor] if p.actor is None else [p.actor, *coordinated(p.actor)]
    rows = []
    for head in heads:
        actor = resolver.actor(head)
        if actor is None:
            continue
        person = actor.person
        if person is None and p.inside:  # "Polyansky reaffirmed Moscow's condemnation": Polyansky's, too
            outer = resolver.actor(subject_of(p.token.head))
            person = outer.person if outer is not None else None
        if person is None:
            person = resolver.reporter(p.token)
            actor = resolver.quoted(actor, head, person)  # "Lavrov said: 'We condemn'": Russia's, not the speaker's
        target, target_head = resolver.target(p.target, actor=actor)
        rows.append({
            "act": p.act,
            "verb": p.verb,
            "cameo": acts.cameo_of(p.act, p.token.lemma_),
            "subject": actor.name,
            "subject_id": actor.id,
            "subject_text": phrase(head),
            "person": person,
            "own": actor.own,
            "target": target_name(target, target_head),
            "target_id": target.id if target is not None else None,
            "target_text": target_phrase(target_head, p.target_span),  # never a bare relative pronoun
            "negated": p.negated,
            "passive": p.passive,
        })
    return rows


def speech_act_counts(
    acts: pd.DataFrame,
    *,
    by: str = "subject",
    columns: str = "act",
    act: str | None = None,
    per: int | None = None,
) -> pd.DataFrame:
    """Return a table of speech acts: rows ``by`` (who acts), columns ``columns`` (act or target), counts or rates.

    Parameters
    ----------
    acts : pandas.DataFrame
        The output of :func:`speech_acts` (or rows of it, e.g. the speaker's own acts).
    by : str
        Column for the rows: ``subject`` (the actor performing the act) or a metadata column
        such as ``actor`` (the speaker of the statement).
    columns : str
        ``act`` (what is done) or ``target`` (to whom), or any other column of ``acts``.
    act : str, optional
        Keep only this act (e.g. ``"condemn"``: who condemns whom).
    per : int, optional
        Rates instead of counts: acts per ``per`` words (e.g. 1000) of each group's statements,
        so that a group that says more does not seem to act more. ``by`` must then be a metadata
        column; groups without any act get a row of zeros. The words are those of every
        statement :func:`speech_acts` read (``attrs["documents"]``): filter rows to choose which
        acts count (the speaker's own, one act), and run :func:`speech_acts` on a subset of the
        corpus (e.g. one year) to rate that subset.

    Returns
    -------
    pandas.DataFrame
        One row per value of ``by`` and one column per value of ``columns`` (missing values shown
        as "(none)"), sorted by name; ``attrs`` say what the numbers are (``per``, ``words``).

    Raises
    ------
    KeyError
        If a column is missing, or ``per`` is given and ``by`` is not a metadata column of the
        statements.
    """
    for col in (by, columns):
        if col not in acts.columns:
            raise ToolkitKeyError(
                f"speech_act_counts: the table has no column {col!r}; pass the result of tk.speech_acts "
                f"(columns: {', '.join(map(repr, acts.columns))})."
            )
    if per is not None:
        check_int(per, name="per", func="speech_act_counts", minimum=1)
    data = acts if act is None else acts[acts["act"] == act]
    table = data.assign(**{by: data[by].fillna("(none)"), columns: data[columns].fillna("(none)")})
    out = table.groupby([by, columns]).size().unstack(fill_value=0).sort_index()
    out = out.reindex(sorted(out.columns, key=str), axis=1)
    if per is not None:
        out = _rates(out, acts.attrs.get("documents"), by=by, per=per)
    out.attrs.update({"by": by, "columns": columns, "act": act, "per": per})
    return out


def _rates(counts: pd.DataFrame, documents: pd.DataFrame | None, *, by: str, per: int) -> pd.DataFrame:
    if documents is None or by not in documents.columns:
        raise ToolkitKeyError(
            f"speech_act_counts: rates need the words of each {by!r}: pass the table tk.speech_acts returned "
            f"(or rows of it), grouped by one of its metadata columns, or per=None for counts."
        )
    words = documents.assign(**{by: documents[by].fillna("(none)")}).groupby(by)["words"].sum()
    counts = counts.reindex(words.index.union(counts.index), fill_value=0)
    rates = counts.div(words.reindex(counts.index), axis=0) * per
    rates.index.name = by
    return rates.sort_index()


def is_own_act(acts: pd.DataFrame, *, by: str, speaker: str) -> pd.Series:
    """Which acts a statement's speaker performs itself: its own (or its group's), and not negated.

    Acts reported of others ("X condemned ...") and negated acts are not the speaker's own.
    """
    mine = acts["own"].astype(bool) if "own" in acts.columns else acts["subject"] == acts[speaker].astype(str)
    if by != speaker:
        mine |= acts["subject"] == acts[by].astype(str)
    return mine & ~acts["negated"].astype(bool)
