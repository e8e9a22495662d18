"""Rhetoric: how statements commit, hedge, boost, address and feel, measured comparably per statement."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from toolkit._stats import group_rng, mean_t_interval, ratio_t_interval
from toolkit._validation import check_ci, check_column, check_type
from toolkit.corpus import Corpus, _as_corpus
from toolkit.lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["actions", "attributions", "rhetoric", "rhetoric_profile", "speech_act_counts", "speech_acts"]

# Categories whose matches are also counted when negated ("must not" is still obligation).
_MODAL = ("obligation", "possibility", "commitment")
_NEGATORS = frozenset({"not", "n't", "never", "no"})
# VADER's own thresholds for a positive or negative sentence (Hutto & Gilbert 2014).
_VADER_POSITIVE, _VADER_NEGATIVE = 0.05, -0.05


def _negated(span) -> bool:
    """A modal match is negated when a negator follows it, adverbs aside ("must not", "should never")."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ == "ADV" and doc[i].lower_ not in _NEGATORS:
        i += 1
    return i < len(doc) and doc[i].lower_ in _NEGATORS


def _readability(doc) -> dict[str, float]:
    import textacy.text_stats as ts

    words = [t for t in doc if not (t.is_punct or t.is_space)]
    if not words:
        return dict.fromkeys(
            ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog", "ttr", "mtld", "hdd"], np.nan
        )
    textacy_log = logging.getLogger("textacy")
    level = textacy_log.level
    textacy_log.setLevel(logging.ERROR)  # SMOG warns below 30 sentences; the column says what it is
    try:
        out = {
            "flesch_reading_ease": ts.flesch_reading_ease(doc),
            "flesch_kincaid_grade": ts.flesch_kincaid_grade_level(doc),
            "gunning_fog": ts.gunning_fog_index(doc),
            "smog": ts.smog_index(doc),
            "ttr": ts.diversity.ttr(words),
            "mtld": ts.diversity.mtld(words) if len(words) >= 10 else np.nan,
            "hdd": ts.diversity.hdd(words) if len(words) >= 42 else np.nan,
        }
    finally:
        textacy_log.setLevel(level)
    return {k: float(v) for k, v in out.items()}


_WE_REFERENT = re.compile(
    r"\b[Ww]e,\s+((?:the|as)\s+[^,.;:]{2,80}?),"
    r"|\b[Ww]e\s+(?:in|as|from)\s+((?:the\s+)?[A-Z][\w'-]*(?:\s+(?:of\s+)?[A-Z][\w'-]*)*)"
)


def _we_refers_to(text: str) -> str | None:
    """Who 'we' is, when the statement says so ("We, the members of the Council," "we in Ostland")."""
    found = [re.sub(r"^as\s+", "", (a or b).strip()) for a, b in _WE_REFERENT.findall(text)]
    return Counter(f for f in found if f).most_common(1)[0][0] if any(found) else None


def _merged(lexicons: Sequence[Lexicon | str]) -> Lexicon:
    """One lexicon from several (e.g. the rhetoric lexicon plus a tone lexicon); names must not clash."""
    loaded = [x if isinstance(x, Lexicon) else load_lexicon(x) for x in lexicons]
    categories: dict = {}
    for lx in loaded:
        check_type(lx, Lexicon, name="lexicon", func="rhetoric", expected="a Lexicon, a YAML path or a list of them")
        clash = set(categories) & set(lx.categories)
        if clash:
            raise ValueError(
                f"rhetoric: categories {sorted(clash)} appear in more than one lexicon; rename them in one of the files."
            )
        categories.update(lx.categories)
    return Lexicon(" + ".join(lx.name for lx in loaded), "; ".join(lx.licence for lx in loaded), categories)


def rhetoric(
    corpus: Corpus,
    *,
    lexicon: Lexicon | str | Sequence[Lexicon | str] | None = None,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> pd.DataFrame:
    """Return one row per statement with its rhetorical profile: modality, metadiscourse, pronouns, tone, readability.

    Counts come from a lexicon (YAML, see :func:`toolkit.load_lexicon`; by default the
    toolkit's ``rhetoric`` lexicon) matched on word forms and lemmas; each count is also given
    per 1,000 words, so that statements of different lengths compare. Modal matches followed
    by a negator ("must not", "will never") still count for their category and are also
    counted as negated.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, str, list of them, or None
        A lexicon or the path of a YAML file; default the built-in ``rhetoric`` lexicon. A
        list combines lexicons, e.g. ``["rhetoric", "my_tone_lexicon.yaml"]`` to add the
        categories of a tone lexicon (whose YAML records its own source and licence).
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"tags"``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` and the metadata, then:

        - ``words`` (tokens that are not punctuation), ``sentences``, ``mean_sentence_length``
          (words per sentence);
        - ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``, ``smog``
          (readability formulas as textacy computes them; SMOG assumes 30 sentences or more);
        - ``ttr``, ``mtld``, ``hdd`` (lexical diversity; MTLD needs 10 words and HD-D 42, else NaN);
        - for every lexicon category ``C`` (by default ``obligation``, ``possibility``,
          ``commitment``, ``hedge``, ``booster``, ``attitude``, ``we``, ``they``, ``i``):
          ``C`` (count) and ``C_per_1k`` (per 1,000 words); for the modal categories also
          ``C_negated`` (count);
        - ``vader_compound`` (mean VADER compound score of the sentences, -1 to 1),
          ``vader_positive``, ``vader_negative``, ``vader_neutral`` (shares of sentences whose
          compound is at least 0.05, at most -0.05, or in between);
        - ``we_refers_to``: who "we" is when the statement says so ("We, the member states of
          the Southern Littoral, ..."; "we in Ostland"), the most frequent such phrase, else None.

    References
    ----------
    Hyland, K. (2005). Metadiscourse: Exploring Interaction in Writing. Continuum.
    Palmer, F. R. (2001). Mood and Modality (2nd ed.). Cambridge University Press.
    Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment
    analysis of social media text. ICWSM.
    McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D. Behavior Research Methods,
    42(2), 381-392.

    Examples
    --------
    >>> import toolkit as tk
    >>> r = tk.rhetoric(tk.Corpus.from_texts(["We must act. We will not wait."]))
    >>> r[["obligation", "commitment", "commitment_negated", "we"]].values.tolist()
    [[1, 1, 1, 2]]
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from toolkit.nlp import load_pipeline, spacy_docs

    corpus = _as_corpus(corpus, func="rhetoric")
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(lexicon or "rhetoric")
    elif isinstance(lexicon, (list, tuple)):
        lexicon = _merged(lexicon)
    check_type(lexicon, Lexicon, name="lexicon", func="rhetoric", expected="a Lexicon, a YAML path or a list of them")
    nlp = load_pipeline(model)
    vader = SentimentIntensityAnalyzer()
    rows = []
    docs = spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)
    for doc in docs:
        words = sum(1 for t in doc if not (t.is_punct or t.is_space))
        sents = [s for s in doc.sents if s.text.strip()] if len(doc) else []
        row: dict[str, float] = {
            "words": words,
            "sentences": len(sents),
            "mean_sentence_length": words / len(sents) if sents else np.nan,
            **_readability(doc),
        }
        per = 1000 / words if words else np.nan
        for name, spans in lexicon.matches(doc, nlp).items():
            row[name] = len(spans)
            row[f"{name}_per_1k"] = len(spans) * per
            if name in _MODAL:
                row[f"{name}_negated"] = sum(_negated(s) for s in spans)
        scores = np.array([vader.polarity_scores(s.text)["compound"] for s in sents]) if sents else np.zeros(0)
        row["vader_compound"] = float(scores.mean()) if len(scores) else np.nan
        row["vader_positive"] = float((scores >= _VADER_POSITIVE).mean()) if len(scores) else np.nan
        row["vader_negative"] = float((scores <= _VADER_NEGATIVE).mean()) if len(scores) else np.nan
        row["vader_neutral"] = (
            float(((scores > _VADER_NEGATIVE) & (scores < _VADER_POSITIVE)).mean()) if len(scores) else np.nan
        )
        row["we_refers_to"] = _we_refers_to(doc.text)
        rows.append(row)
    measures = pd.DataFrame(rows)
    out = pd.concat([corpus.meta.reset_index(drop=True), measures], axis=1)
    out.attrs["lexicon"] = lexicon.name
    return out


# -- diplomatic speech acts ---------------------------------------------------------------------------
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_GROUP_TARGETS = {
    "both sides": "both sides",
    "both parties": "both sides",
    "all parties": "all parties",
    "all sides": "all parties",
    "the parties": "all parties",
    "all states": "all states",
    "the international community": "the international community",
}


def _load_acts(path: str | None = None) -> dict[str, dict[str, object]]:
    """Read the speech-act lexicon (YAML) into {act: {verbs, particles, adjectives, nouns, negated}}."""
    from pathlib import Path

    import yaml

    file = Path(path) if path else Path(__file__).resolve().parent / "resources" / "speech_acts.yaml"
    if not file.exists():
        raise FileNotFoundError(f"No such speech-act lexicon: '{file}'.")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
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


def _is_negated(token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "neg" for c in token.head.children if token.dep_ in ("acomp", "xcomp", "dobj")
    )


def _subject(token):
    """The grammatical subject of a predicate, looking through coordination and copulas."""
    head = token
    for _ in range(4):
        for child in head.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if head.dep_ in ("conj", "acomp", "xcomp") and head.head is not head:
            head = head.head  # "we condemn and reject": reject shares condemn's subject
            continue
        break
    return None


def _agent(token):
    for child in token.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _object(token, preps: tuple[str, ...] = ()):
    """The direct object, else the object of one of ``preps``, also across coordinated verbs."""
    for candidate in [token, *[c for c in token.children if c.dep_ == "conj"]]:
        for child in candidate.children:
            if child.dep_ in ("dobj", "attr", "oprd"):
                return child
        for child in candidate.children:
            if child.dep_ == "prep" and (not preps or child.lower_ in preps):
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
    return None


def _phrase(token, limit: int = 12) -> str:
    if token is None:
        return ""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    words = span.text.split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")


def _ordered_aliases(aliases: dict[str, str]) -> list[tuple[str, str]]:
    """Aliases in a fixed order, longest first, so that the same text always gives the same actor."""
    return sorted(aliases.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def _actor(token, doc, *, speaker: str | None, aliases: dict[str, str]) -> str | None:
    """Normalise the phrase headed by ``token`` to an actor: a named one, a group, or the speaker for 'we'."""
    if token is None:
        return None
    low = token.lower_
    if low in ("we", "us", "i", "me") and speaker:
        return speaker
    span = doc[token.left_edge.i : token.right_edge.i + 1]
    text = span.text.lower()
    if speaker and any(t.lower_ in ("our", "us") and t.head == token for t in span):
        return speaker  # "our position": the speaker's
    for phrase, group in _GROUP_TARGETS.items():
        if phrase in text:
            return group
    for alias, actor in _ordered_aliases(aliases):
        # Whole words only ("IND" is not in "independent"), longest alias first ("south sudan" before "sudan").
        if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
            return actor
    for ent in doc.ents:
        if ent.start >= span.start and ent.end <= span.end and ent.label_ in ("GPE", "NORP", "ORG", "PERSON"):
            return ent.text
    if token.pos_ == "PROPN":
        start = token.i  # the run of proper nouns ending at the head: "the Vennholm Proposal" -> "Vennholm Proposal"
        while start > span.start and doc[start - 1].pos_ == "PROPN":
            start -= 1
        return doc[start : token.i + 1].text
    if low in ("they", "them", "we", "us", "i"):
        return low
    return None


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
    negated = _is_negated(token)
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
                obj = _object(token)
                if obj is not None and obj.lemma_.lower() in spec["nouns"]:
                    found.append((act, negated))
        elif token.pos_ == "ADJ" and token.dep_ == "acomp" and lemma in spec["adjectives"]:
            # "we are concerned", "Russia stands ready": the adjective performs the act.
            found.append((act, _is_negated(token.head)))
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
    from toolkit.nlp import spacy_docs

    corpus = _as_corpus(corpus, func="speech_acts")
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
    records = corpus._meta_records()
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
                    subj = _agent(predicate) if passive else _subject(predicate)
                    if passive:
                        obj = next((c for c in predicate.children if c.dep_ == "nsubjpass"), None)
                    elif act == "call":
                        obj = _object(token, ("on", "upon", "to", "for"))
                    elif act == "concern":
                        obj = _object(_object(token) if token.lemma_ in ("express", "voice", "convey") else token,
                                      ("about", "over", "at", "by", "for", "regarding"))
                    else:
                        obj = _object(token)
                    target_text = _phrase(obj)
                    if obj is None and act == "commit":
                        # "stand ready to assist": what is committed to is the infinitive.
                        xcomp = next((c for c in token.children if c.dep_ == "xcomp"), None)
                        target_text = _phrase(xcomp)
                    rows.append(
                        {
                            "doc_id": corpus.doc_ids[i],
                            "sent_id": s,
                            "act": act,
                            "verb": verb,
                            "subject": _actor(subj, doc, speaker=who, aliases=aliases),
                            "subject_text": _phrase(subj),
                            "target": _actor(obj, doc, speaker=who, aliases=aliases),
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


# -- attributions: who said what ------------------------------------------------------------------------
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
    import textacy.extract

    from toolkit.nlp import spacy_docs

    corpus = _as_corpus(corpus, func="attributions")
    records = corpus._meta_records()
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)):
        doc_meta = records[i]
        sent_of = {}
        for s, sent in enumerate(doc.sents, start=1):
            for t in sent:
                sent_of[t.i] = s
        people = {ent.start: ent for ent in doc.ents if ent.label_ == "PERSON"}
        full_names: dict[str, str] = {}
        last_person: str | None = None
        seen: set[int] = set()

        def person_of(token) -> str | None:
            """The person a subject names, through appositions and earlier full names."""
            candidates = [token, *[c for c in token.children if c.dep_ == "appos"]]
            for cand in candidates:
                for ent in doc.ents:
                    if ent.label_ == "PERSON" and ent.start <= cand.i < ent.end:
                        name = ent.text
                        return full_names.get(name, name)
            if token.text in full_names:  # a surname seen before in a full name, unrecognised alone
                return full_names[token.text]
            if token.lower_ in _PRONOUNS:
                return last_person
            return None

        events = []
        for token in doc:
            if token.i in people:  # keep track of full names as they are introduced
                ent = people[token.i]
                parts = ent.text.split()
                if len(parts) > 1:
                    full_names.setdefault(parts[-1], ent.text)
            if token.pos_ != "VERB" or token.lemma_.lower() not in _REPORTING:
                continue
            content = _content(token)
            subject = _reporting_subject(token)
            if content is None or subject is None:
                continue
            name = person_of(subject)
            if name is not None and subject.lower_ not in _PRONOUNS:
                last_person = name
            speaker_text = doc[subject.left_edge.i : subject.right_edge.i + 1].text
            text = content.text.strip().strip(_QUOTES + " ,")
            # Quotation marks hang on the reporting verb, not on the quoted clause: look around it.
            before = doc[content.start - 1].text if content.start > 0 else ""
            after = doc[content.end : content.end + 2].text
            quoted = before in _QUOTES or content.text.strip()[:1] in _QUOTES or any(q in after for q in '"\u201d\u2019')
            kind = "direct" if quoted else "reported"
            seen.add(token.i)
            events.append((token.i, {
                "doc_id": corpus.doc_ids[i],
                "sent_id": sent_of.get(token.i, 0),
                "speaker": name if name is not None else speaker_text,
                "speaker_text": speaker_text,
                "verb": token.lemma_.lower(),
                "content": text,
                "kind": kind,
                **doc_meta,
            }))
        for speaker, cue, content in textacy.extract.direct_quotations(doc):
            if any(t.i in seen for t in cue):
                continue
            first = speaker[0] if speaker else None
            name = person_of(first) if first is not None else None
            speaker_text = " ".join(t.text for t in speaker)
            events.append((cue[0].i, {
                "doc_id": corpus.doc_ids[i],
                "sent_id": sent_of.get(cue[0].i, 0),
                "speaker": name or speaker_text,
                "speaker_text": speaker_text,
                "verb": cue[0].lemma_.lower(),
                "content": content.text.strip(_QUOTES + " "),
                "kind": "direct",
                **doc_meta,
            }))
        rows.extend(row for _, row in sorted(events, key=lambda e: e[0]))
    columns = ["doc_id", "sent_id", "speaker", "speaker_text", "verb", "content", "kind", *corpus.meta_columns]
    return pd.DataFrame(rows, columns=columns)


# -- agency: who does what to whom -----------------------------------------------------------------------
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
    import textacy.extract

    from toolkit.nlp import spacy_docs

    corpus = _as_corpus(corpus, func="actions")
    if speaker is not None:
        check_column(speaker, corpus.meta_columns, owner="The corpus")
    aliases = {k.lower(): v for k, v in (aliases or {}).items()}
    records = corpus._meta_records()
    rows = []
    for i, doc in enumerate(spacy_docs(corpus, level="entities", model=model, n_process=n_process, cache_dir=cache_dir)):
        who = str(records[i][speaker]) if speaker is not None else None
        doc_meta = records[i]
        sent_starts = [s.start for s in doc.sents]
        for triple in textacy.extract.subject_verb_object_triples(doc):
            main = [t for t in triple.verb if t.pos_ == "VERB"] or list(triple.verb)
            verb = main[-1]
            subj, obj = triple.subject[-1], triple.object[-1]
            rows.append(
                {
                    "doc_id": corpus.doc_ids[i],
                    "sent_id": int(np.searchsorted(sent_starts, verb.i, side="right")),
                    "subject": _actor(subj, doc, speaker=who, aliases=aliases) or " ".join(t.text for t in triple.subject),
                    "verb": verb.lemma_.lower(),
                    "object": _actor(obj, doc, speaker=who, aliases=aliases) or " ".join(t.text for t in triple.object),
                    "subject_text": " ".join(t.text for t in triple.subject),
                    "verb_text": " ".join(t.text for t in triple.verb),
                    "object_text": " ".join(t.text for t in triple.object),
                    "negated": _is_negated(verb),
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
    from toolkit._validation import ToolkitKeyError

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


def rhetoric_profile(
    profile: pd.DataFrame,
    *,
    by: str,
    measures: list[str] | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    interval: Literal["percentile", "t"] = "percentile",
) -> pd.DataFrame:
    """Return each group's level of each rhetorical measure with an interval over its statements.

    Rates per 1,000 words are pooled (all the group's matches over all its words, so long
    statements weigh more, as words do); other measures are averaged over statements. The
    interval resamples the group's statements with replacement.

    Parameters
    ----------
    profile : pandas.DataFrame
        The output of :func:`rhetoric`.
    by : str
        Metadata column defining the groups (e.g. ``actor``).
    measures : list of str, optional
        Columns of ``profile``; default the rates per 1,000 words and ``vader_compound``.
    n_boot : int
        Bootstrap replicates (0: no interval; a group of one statement has none either).
        Percentile intervals are too narrow with few statements (in simulations of the frame
        shares, a 95% interval covered about 80% with 4 statements per group and 90% with 10):
        below about ten statements per group, read them as descriptive.
    ci : float
        Confidence level.
    seed : int
        Seed of the bootstrap.
    interval : {"percentile", "t"}
        ``percentile``: the bootstrap above. ``t``: a t interval with G - 1 degrees of freedom
        over the G statements (for pooled rates the ratio estimator's linearised standard error,
        as :meth:`FrameResult.compare`; for averages the standard error of the mean): wider and
        closer to its level with few statements; it ignores ``n_boot`` and ``seed``.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``measure``, ``value``, ``low``, ``high``, ``n_docs``; groups sorted, measures
        in the order given.

    Raises
    ------
    KeyError
        If ``by`` or a measure is not a column.
    """
    from toolkit._validation import ToolkitKeyError, check_choice, check_int

    check_int(n_boot, name="n_boot", func="rhetoric_profile", minimum=0)
    check_ci(ci, func="rhetoric_profile")
    check_choice(interval, ("percentile", "t"), name="interval", func="rhetoric_profile")
    if measures is None:
        measures = [c for c in profile.columns if c.endswith("_per_1k")] + ["vader_compound"]
    missing = [c for c in [by, *measures] if c not in profile.columns]
    if missing:
        raise ToolkitKeyError(
            f"rhetoric_profile: the table has no column {', '.join(map(repr, missing))}; pass the result of tk.rhetoric."
        )
    tail = (1 - ci) / 2 * 100
    rows = []
    for group, part in sorted(profile.groupby(by), key=lambda kv: str(kv[0])):
        n = len(part)
        # The group's own stream: adding or removing other groups does not move its interval.
        draws = group_rng(seed, group).integers(0, n, size=(n_boot, n)) if n_boot else None
        words = part["words"].to_numpy(dtype=float)
        for measure in measures:
            pooled = measure.endswith("_per_1k") and measure[: -len("_per_1k")] in part.columns
            if pooled:
                counts = part[measure[: -len("_per_1k")]].to_numpy(dtype=float)

                def stat(idx: np.ndarray) -> np.ndarray:
                    return counts[idx].sum(axis=-1) / words[idx].sum(axis=-1) * 1000

                value = float(counts.sum() / words.sum() * 1000) if words.sum() else np.nan
            else:
                values = part[measure].to_numpy(dtype=float)

                def stat(idx: np.ndarray) -> np.ndarray:
                    return np.nanmean(values[idx], axis=-1)

                value = float(np.nanmean(values)) if len(values) else np.nan
            if n < 2:  # one statement has no variation between statements
                low = high = np.nan
            elif interval == "t" and pooled:
                lows, highs = ratio_t_interval(counts[:, None], words, ci)
                low, high = lows[0] * 1000, highs[0] * 1000
            elif interval == "t":
                low, high = mean_t_interval(values, ci)
            elif draws is not None:
                boot = stat(draws)
                low, high = np.nanpercentile(boot, [tail, 100 - tail])
            else:
                low = high = np.nan
            rows.append({"group": group, "measure": measure, "value": value, "low": float(low),
                         "high": float(high), "n_docs": n})
    out = pd.DataFrame(rows, columns=["group", "measure", "value", "low", "high", "n_docs"])
    out.attrs.update({"by": by, "ci": ci})
    return out
