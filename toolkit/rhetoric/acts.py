"""Diplomatic speech acts (condemn, call on, support, reject, ...) found in the dependency parse, with actor and target."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from toolkit._util.files import read_yaml
from toolkit._util.resources import resource
from toolkit._util.validation import ToolkitKeyError, check_column
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.nlp import spacy_docs
from toolkit.rhetoric.actors import actor, agent_of, is_negated, object_of, phrase, subject_of

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["is_own_act", "speech_act_counts", "speech_acts"]


def _load_acts(path: str | None = None) -> dict[str, dict[str, object]]:
    """Read the speech-act lexicon (YAML) into {act: {verbs, particles, adjectives, nouns, negated}}."""
    file = Path(path) if path else resource("speech_acts.yaml")
    if not file.is_file():
        raise FileNotFoundError(f"No such speech-act lexicon: '{file}'.")
    data = read_yaml(file, text=file.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("acts"), dict):
        raise ValueError(f"{file}: a speech-act lexicon needs an 'acts' mapping.")
    acts = {}
    for act, spec in data["acts"].items():
        spec = spec or {}
        acts[str(act)] = {
            "verbs": set(spec.get("verbs", [])),
            "particles": {k: set(v) for k, v in (spec.get("particles") or {}).items()},
            "adjectives": set(spec.get("adjectives", [])),
            "nouns": set(spec.get("nouns", [])),
            "negated": set(spec.get("negated", [])),
        }
    return acts


_ACT_COLUMNS = ("doc_id", "sent_id", "act", "verb", "subject", "subject_text", "target", "target_text", "negated",
                "passive", "sentence")


# Verbs whose infinitive complement is asked of someone else, not performed by the subject:
# in "we call on the Council to condemn the attack" nobody has condemned anything yet.
_REQUESTING = frozenset(
    {"call", "urge", "ask", "request", "invite", "encourage", "demand", "appeal", "implore", "exhort", "expect", "want"}
)


# Heads whose clause is content someone disputes, claims or denies, not an act anyone performs:
# in "we reject the claim that Kestria supports the Front" Kestria supports nothing.
_DISPUTED = frozenset(
    {"claim", "allegation", "accusation", "assertion", "suggestion", "insinuation", "notion", "idea", "rumour",
     "rumor", "lie", "charge", "pretext", "pretence", "pretense", "myth", "narrative", "allege", "accuse",
     "pretend", "insinuate", "deny", "imply"}
)


def _acts_of(token, acts) -> list[tuple[str, bool]]:
    """Return the (act, negated) pairs that ``token`` performs."""
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _REQUESTING:
        return []
    clause = token
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head  # "supports or shelters": the second verb sits in the first one's clause
    if clause.dep_ in ("acl", "ccomp") and clause.head.lemma_.lower() in _DISPUTED:
        return []
    lemma = token.lemma_.lower()
    negated = is_negated(token)
    found = []
    for act, spec in acts.items():
        if token.pos_ in ("VERB", "AUX"):
            if lemma in spec["verbs"]:
                found.append((act, negated))
            elif lemma in spec["particles"]:
                if any(c.dep_ in ("prep", "prt") and c.lower_ in spec["particles"][lemma] for c in token.children):
                    found.append((act, negated))
            elif negated and lemma in spec["negated"]:
                found.append((act, False))  # "cannot accept" is a rejection, not a negated act
            elif lemma in ("express", "voice", "convey", "reiterate"):
                obj = object_of(token)
                if obj is not None and obj.lemma_.lower() in spec["nouns"]:
                    found.append((act, negated))
        elif token.pos_ == "ADJ" and token.dep_ == "acomp" and lemma in spec["adjectives"]:
            # "we are concerned", "Russia stands ready": the adjective performs the act.
            found.append((act, is_negated(token.head)))
    return found


def speech_acts(
    corpus: Corpus,
    *,
    speaker: str | None = None,
    aliases: dict[str, str] | None = None,
    lexicon: str | None = None,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return one row per diplomatic speech act found in the statements, with who performs it on whom.

    Acts are found in the dependency parse, not by keywords: a predicate from the speech-act
    lexicon (``toolkit/resources/speech_acts.yaml``: condemn, call, support, reject, warn,
    concern, commit, reaffirm, propose) with its subject and its object. "We condemn the
    attack" and "They condemned our position" differ in who acts; in "The attack was condemned
    by the Council" the Council acts (passive voice); in "We condemn and reject X" both verbs
    act on X; in "the Minister noted that Russia stands ready to assist" Russia commits.
    "cannot accept" is a rejection. An act asked of someone else ("we call on the Council to
    condemn ...") is a call, not a condemnation; an act in disputed content ("we reject the
    claim that Kestria supports the Front", "they allege that we ...") is nobody's act.

    Parameters
    ----------
    corpus : Corpus
    speaker : str, optional
        A metadata column naming each statement's actor: "we" then resolves to it.
    aliases : dict, optional
        Lower-case phrases mapped to actors for the subject and target columns, e.g.
        ``{"kestrian": "Kestria", "moscow": "Russia"}``; matched as whole words, the longest
        first.
    lexicon : str, optional
        A speech-act YAML file in the format of the built-in one.
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"entities"``: parse and named entities).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id`` (sentence position in the statement, from 1), ``act``, ``verb``
        (the predicate's lemma), ``subject`` (the actor who performs it, normalised: a named
        entity, a group such as "both sides", the speaker for "we", else None),
        ``subject_text``, ``target`` (the actor acted upon, normalised likewise, else None),
        ``target_text`` (the object phrase), ``negated``, ``passive``, ``sentence``, then the
        document metadata.

    Raises
    ------
    KeyError
        If ``speaker`` is not a metadata column.

    References
    ----------
    Searle, J. R. (1976). A classification of illocutionary acts. Language in Society, 5(1).

    Examples
    --------
    >>> import toolkit as tk
    >>> acts = tk.speech_acts(tk.Corpus.from_texts(["We condemn and reject the attack."]))
    >>> acts[["act", "verb", "subject_text", "target_text"]].values.tolist()
    [['condemn', 'condemn', 'We', 'the attack'], ['reject', 'reject', 'We', 'the attack']]
    """
    corpus = as_corpus(corpus, func="speech_acts")
    if speaker is not None:
        check_column(speaker, corpus.meta_columns, owner="The corpus",
                     hint="Pass speaker= the column that names each statement's actor.")
    clash = [c for c in corpus.meta_columns if c in _ACT_COLUMNS]
    if clash:
        raise ValueError(
            f"speech_acts: the metadata column(s) {clash} would be overwritten by the acts' own columns; "
            "rename them in the corpus first."
        )
    acts = _load_acts(lexicon)
    aliases = {k.lower(): v for k, v in (aliases or {}).items()}
    records = meta_records(corpus)
    rows = []
    docs = spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)
    for i, doc in enumerate(docs):
        who = str(records[i][speaker]) if speaker is not None else None
        doc_meta = records[i]
        for s, sent in enumerate(doc.sents, start=1):
            for token in sent:
                for act, negated in _acts_of(token, acts):
                    predicate = token.head if token.pos_ == "ADJ" else token
                    verb = f"{predicate.lemma_.lower()} {token.lemma_.lower()}" if token.pos_ == "ADJ" else token.lemma_.lower()
                    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in predicate.children)
                    subj = agent_of(predicate) if passive else subject_of(predicate)
                    if passive:
                        obj = next((c for c in predicate.children if c.dep_ == "nsubjpass"), None)
                    elif act == "call":
                        obj = object_of(token, ("on", "upon", "to", "for"))
                    elif act == "concern":
                        obj = object_of(object_of(token) if token.lemma_ in ("express", "voice", "convey") else token,
                                      ("about", "over", "at", "by", "for", "regarding"))
                    else:
                        obj = object_of(token)
                    target_text = phrase(obj)
                    if obj is None and act == "commit":
                        # "stand ready to assist": what is committed to is the infinitive.
                        xcomp = next((c for c in token.children if c.dep_ == "xcomp"), None)
                        target_text = phrase(xcomp)
                    rows.append(
                        {
                            "doc_id": corpus.doc_ids[i],
                            "sent_id": s,
                            "act": act,
                            "verb": verb,
                            "subject": actor(subj, doc, speaker=who, aliases=aliases),
                            "subject_text": phrase(subj),
                            "target": actor(obj, doc, speaker=who, aliases=aliases),
                            "target_text": target_text,
                            "negated": negated,
                            "passive": passive,
                            "sentence": sent.text.strip(),
                            **doc_meta,
                        }
                    )
    columns = ["doc_id", "sent_id", "act", "verb", "subject", "subject_text", "target", "target_text",
               "negated", "passive", "sentence", *corpus.meta_columns]
    return pd.DataFrame(rows, columns=columns)


def speech_act_counts(
    acts: pd.DataFrame, *, by: str = "subject", columns: str = "act", act: str | None = None
) -> pd.DataFrame:
    """Return a table of speech-act counts: rows ``by`` (who acts), columns ``columns`` (act or target).

    Parameters
    ----------
    acts : pandas.DataFrame
        The output of :func:`speech_acts`.
    by : str
        Column for the rows: ``subject`` (the actor performing the act) or a metadata column
        such as ``actor`` (the speaker of the statement).
    columns : str
        ``act`` (what is done) or ``target`` (to whom), or any other column of ``acts``.
    act : str, optional
        Keep only this act (e.g. ``"condemn"``: who condemns whom).

    Returns
    -------
    pandas.DataFrame
        Counts, one row per value of ``by`` and one column per value of ``columns``
        (missing values shown as "(none)"), sorted by name.
    """
    for col in (by, columns):
        if col not in acts.columns:
            raise ToolkitKeyError(
                f"speech_act_counts: the table has no column {col!r}; pass the result of tk.speech_acts "
                f"(columns: {', '.join(map(repr, acts.columns))})."
            )
    data = acts if act is None else acts[acts["act"] == act]
    table = data.assign(**{by: data[by].fillna("(none)"), columns: data[columns].fillna("(none)")})
    out = table.groupby([by, columns]).size().unstack(fill_value=0).sort_index()
    out = out.reindex(sorted(out.columns, key=str), axis=1)
    out.attrs.update({"by": by, "columns": columns, "act": act})
    return out


def is_own_act(acts: pd.DataFrame, *, by: str, speaker: str) -> pd.Series:
    """Which acts a statement's speaker performs itself: the subject is the speaker (or its group), not negated.

    Acts reported of others ("X condemned ...") and negated acts are not the speaker's own.
    """
    subject = acts["subject"]
    mine = subject == acts[speaker].astype(str)
    if by != speaker:
        mine |= subject == acts[by].astype(str)
    return mine & ~acts["negated"].astype(bool)
