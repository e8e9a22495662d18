"""Where a speech act is performed: the act word (a verb, a noun, an adjective), its actor and its target.

The speech-act lexicon (``toolkit/resources/speech_acts.yaml``) lists the words of each act; this
module reads them in the dependency parse, with the senses and constructions that make an act:

- verbs ("we condemn"), with a particle where the act needs one ("call on", "appeal to"), and some
  verbs as acts when negated ("cannot accept" is a rejection);
- adjectives after a copula or "stand", "remain" ("we are concerned", "Russia stands ready");
- nouns expressed by a light verb ("express our support", "voice concern") or owned by an actor
  ("our commitment to", "Moscow's condemnation of"), also inside another act ("we reaffirm our
  support for X" is a reaffirmation and a support);
- fixed phrases ("stand by", "in favour of").

An act asked of others ("we call on the Council to condemn"), an obligation or a wish ("we must
condemn", "it is important to support"), a condition ("if we reject") or a potential ("its ability to
offer") is not performed, and an act needs an actor: "the architecture offers no response" and
"analysts suggest" are no acts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.rhetoric.roles import is_negated, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Predicate", "predicates", "theme"]

# Verbs whose infinitive complement is asked of someone else, not performed by the subject:
# in "we call on the Council to condemn the attack" nobody has condemned anything yet.
_REQUESTING = frozenset(
    {"call", "urge", "ask", "request", "invite", "encourage", "demand", "appeal", "implore", "exhort", "expect",
     "want", "require", "press", "enjoin", "instruct", "mandate", "persuade", "allow", "help"}
)
# Heads whose clause is content someone disputes, claims or denies, not an act anyone performs:
# in "we reject the claim that Kestria supports the Front" Kestria supports nothing.
_DISPUTED = frozenset(
    {"claim", "allegation", "accusation", "assertion", "suggestion", "insinuation", "notion", "idea", "rumour",
     "rumor", "lie", "charge", "pretext", "pretence", "pretense", "myth", "narrative", "allege", "accuse",
     "pretend", "insinuate", "deny", "imply"}
)
# Modals and heads that make an act an obligation, a need or a possibility, not a performance.
_OBLIGING_AUX = frozenset({"must", "should", "ought", "could", "might", "may"})
_OBLIGING_HEADS = frozenset(
    {"need", "have", "ought", "important", "necessary", "essential", "imperative", "vital", "crucial", "urgent",
     "time", "duty", "obligation", "responsibility", "able", "unable", "try", "seek", "hope", "fail", "refuse",
     "attempt", "strive", "endeavour", "endeavor", "intend", "plan", "expect", "propose", "decide",
     # The content of a commitment is not performed yet: "we stand ready to support" commits, it does not support.
     "ready", "prepared", "willing", "determined", "committed", "resolved", "keen", "eager", "pledge", "commit",
     "promise", "vow", "undertake"}
)
# "can" and "could" make an act a possibility ("we can reaffirm"), except in "cannot accept".
_POSSIBILITY_AUX = frozenset({"can", "could", "ca"})
# Verbs that express an act noun: "express our support", "voice concern", "reiterate our call".
_LIGHT_VERBS = frozenset(
    {"express", "voice", "convey", "reiterate", "reaffirm", "renew", "extend", "register", "record", "state",
     "declare", "lend", "give", "offer", "pledge", "confirm", "restate", "repeat", "emphasize", "emphasise",
     "underline", "stress", "reconfirm", "send", "make", "share", "continue", "maintain", "affirm", "proclaim",
     "present", "submit", "table", "launch", "issue", "sound"}
)
# "which has our support", "enjoys our full support": the owner of the act noun acts.
_HAVING = frozenset({"have", "enjoy", "retain", "deserve"})
# Verbs that take an act noun "with": "we note with concern", "we view with satisfaction".
_WITH_VERBS = frozenset({"note", "view", "follow", "observe", "watch", "regard", "see", "learn", "receive", "read",
                         "welcome", "greet", "take", "look"})
# Nouns in "a matter of concern to us", "a source of deep concern for my country".
_MATTER_NOUNS = frozenset({"matter", "source", "cause", "subject", "issue", "object", "reason"})
# Prepositions that lead to what an act is about, by act.
_TARGET_PREPS = {
    "call": ("on", "upon", "to", "for"),
    "concern": ("about", "over", "at", "by", "for", "regarding", "with", "on", "in"),
    "commit": ("to", "towards", "for"),
    "support": ("for", "of", "to", "with", "by"),
    "condemn": ("of", "against"),
    "reject": ("of", "to", "against"),
    "warn": ("of", "against", "about"),
    "reaffirm": ("of", "to"),
    "propose": ("for", "of", "on", "to"),
}


@dataclass
class Predicate:
    """One act performed in a sentence."""

    act: str
    token: Token  # the act word
    kind: str  # "verb", "noun", "adjective" or "phrase"
    verb: str  # the act as written, lemmatised ("condemn", "be concerned", "express support")
    negated: bool
    actor: Token | None  # heads the phrase of who performs it (a subject, an agent, an owner)
    target: Token | None = None  # heads the phrase of what it is directed at
    target_span: Span | None = None  # a clause instead ("stand ready to assist")
    passive: bool = False
    inside: list[str] = field(default_factory=list)  # acts this one is nested in


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _child(token: Token, deps: tuple[str, ...], words: tuple[str, ...] | None = None) -> Token | None:
    for c in token.children:
        if c.dep_ in deps and (words is None or c.lower_ in words):
            return c
    return None


def _pobj(token: Token, preps: tuple[str, ...]) -> Token | None:
    """The object of the first of ``preps`` hanging on ``token`` (or of a verb coordinated with it)."""
    for prep in token.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:
            obj = _child(prep, ("pobj", "pcomp"))
            if obj is not None:
                return obj
    return None


def _asks_someone(head: Token, token: Token) -> bool:
    """Whether ``head`` asks an addressee to do ``token`` ("call on X to ...", "urge X to ...", "want X to ...")."""
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("me", "us") for c in token.children):
        return True  # "we want the Council to act": the infinitive has its own subject (not "allow me to")
    if any(c.dep_ in ("dobj", "dative") and c.lower_ not in ("me", "us") for c in head.children):
        return True  # but "allow me to welcome", "let us reaffirm": the speaker performs it
    return any(c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon", "to") for c in head.children)


def not_performed(token: Token) -> bool:
    """An act asked of others, obliged, wished, conditional or potential, not performed."""
    head = token.head
    if token.dep_ in ("xcomp", "ccomp", "advcl") and head is not token and _lemma(head) in _REQUESTING \
            and _asks_someone(head, token):
        return True  # "call on X to condemn" (but "I want to reaffirm" performs the reaffirmation)
    if any(c.dep_ == "aux" and c.lower_ in _OBLIGING_AUX for c in token.children):
        return True  # "we must condemn", "the world should support"
    if any(c.dep_ == "aux" and c.lower_ in _POSSIBILITY_AUX for c in token.children) \
            and not any(c.dep_ == "neg" for c in token.children) and _lemma(token) != "assure":
        return True  # "we can reaffirm" (a possibility), but "cannot accept" rejects and "I can assure you" commits
    if token.dep_ == "xcomp" and _lemma(head) in ("hesitate", "fail", "cease", "tire") and is_negated(head):
        return not_performed(head)  # "we will not hesitate to condemn", "we never fail to support": performed
    if token.dep_ in ("xcomp", "acl", "relcl", "advcl") and _lemma(head) in _OBLIGING_HEADS:
        return True  # "we need to support", "it is important to reaffirm", "the time for us to recommit"
    if token.dep_ == "conj" and token.tag_ == "VB" and _lemma(head) in _OBLIGING_HEADS:
        return True  # "we need to advocate peace ... and reject": the parser hangs "reject" on "need"
    if token.dep_ == "acl" and not any(c.dep_ in ("agent", "nsubj") for c in token.children):
        return True  # "its ability to offer", "efforts to support": a potential, not an act
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in token.children):
        return True
    if token.dep_ == "xcomp" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")
                                     for c in head.children):
        return True  # "if Sri Lanka is to continue in its commitment"
    if token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.head.pos_ in ("VERB", "AUX") \
            and not_performed(token.head.head):
        return True  # "in demanding more of the UN, we must also demand": as the main clause
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) \
            and token.head is not token and not_performed(token.head):
        return True  # "determination to work with all countries to uphold peace": a goal, not a stance
    clause = token
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head  # "supports or shelters": the second verb sits in the first one's clause
    if clause is not token and not_performed(clause):
        return True  # "we must condemn and reject"
    return clause.dep_ in ("acl", "ccomp") and _lemma(clause.head) in _DISPUTED


@dataclass(frozen=True)
class ActLexicon:
    """The words of each act, read from a speech-act YAML file (see ``toolkit/resources/speech_acts.yaml``)."""

    verbs: dict[str, tuple[str, ...]]  # lemma -> acts
    particles: dict[str, dict[str, tuple[str, ...]]]  # lemma -> particle -> acts
    negated: dict[str, tuple[str, ...]]
    adjectives: dict[str, tuple[str, ...]]
    nouns: dict[str, tuple[str, ...]]
    agents: dict[str, tuple[str, ...]]  # agent nouns: "supporter" -> support
    phrases: dict[str, tuple[str, ...]]  # "in favour of" -> acts
    again: dict[str, tuple[str, ...]]  # verbs that perform an act when said "again": "we stress once again"
    cameo: dict[str, str]
    cameo_words: dict[str, str]
    senses: dict[str, dict[str, object]]
    source: str

    @classmethod
    def read(cls, data: dict, *, source: str) -> ActLexicon:
        if not isinstance(data, dict) or not isinstance(data.get("acts"), dict):
            raise ValueError(f"{source}: a speech-act lexicon needs an 'acts' mapping.")
        tables: dict[str, dict] = {k: {} for k in ("verbs", "negated", "adjectives", "nouns", "agents", "phrases",
                                                   "again")}
        particles: dict[str, dict[str, tuple[str, ...]]] = {}
        cameo, cameo_words = {}, {}
        for act, spec in data["acts"].items():
            act, spec = str(act), spec or {}
            if not isinstance(spec, dict):
                raise ValueError(f"{source}: act {act!r} must be a mapping of word lists.")
            for key, table in tables.items():
                for word in spec.get(key) or []:
                    table[str(word).lower()] = table.get(str(word).lower(), ()) + (act,)
            for verb, preps in (spec.get("particles") or {}).items():
                for prep in preps:
                    entry = particles.setdefault(str(verb).lower(), {})
                    entry[str(prep).lower()] = entry.get(str(prep).lower(), ()) + (act,)
            cameo[act] = str(spec.get("cameo", ""))
            cameo_words.update({str(k).lower(): str(v) for k, v in (spec.get("cameo_words") or {}).items()})
        senses = {str(k).lower(): dict(v or {}) for k, v in (data.get("senses") or {}).items()}
        return cls(tables["verbs"], particles, tables["negated"], tables["adjectives"], tables["nouns"],
                   tables["agents"], tables["phrases"], tables["again"], cameo, cameo_words, senses, source)

    def cameo_of(self, act: str, word: str) -> str:
        return self.cameo_words.get(word.lower(), self.cameo.get(act, ""))


def _heads(token: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _in_sense(token: Token, lexicon: ActLexicon) -> bool:
    """Whether ``token`` is used in the construction its act needs (see ``senses`` in the lexicon)."""
    sense = lexicon.senses.get(_lemma(token))
    if not sense:
        return True
    objects = _heads(token, ("dobj", "dative"))
    heads = {_lemma(o) for o in objects} | {o.lower_ for o in objects}
    if sense.get("not_objects") and heads & {str(w).lower() for w in sense["not_objects"]}:
        return False
    if sense.get("not_prepositions") and _pobj(token, tuple(str(p).lower() for p in sense["not_prepositions"])):
        return False  # "condemn millions to poverty"
    if sense.get("first_person_clause") and _child(token, ("ccomp",)) is not None:
        subject = subject_of(token)
        if subject is not None and subject.lower_ in ("i", "we"):
            return True  # "I suggest that the time has come": the speaker proposes
    if sense.get("objects"):
        return bool(heads & {str(w).lower() for w in sense["objects"]})
    if sense.get("prepositions") or sense.get("reflexive"):
        preps = {str(p).lower() for p in sense.get("prepositions") or []}
        if preps and (_pobj(token, tuple(preps)) is not None or any(
                c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in preps) for c in token.children)):
            return True
        if sense.get("reflexive") and any(o.lower_.endswith(("self", "selves")) for o in objects):
            return True
        return bool(sense.get("object")) and bool(objects)
    if sense.get("object"):
        return bool(objects)
    return True


_LINKING = frozenset({"be", "stand", "remain", "feel", "stay", "appear", "seem", "become", "look", "sound", "grow"})
_PASSIVE_DEPS = ("auxpass", "nsubjpass")


def theme(clause: Token) -> Token:
    """The head of what a clause an act is directed at is about.

    An infinitive names an action ("committed to share our experience": share); a that-clause names
    a state of affairs, whose theme is what is done or to be done: its passive subject ("propose that
    a group be set up": group), else its object ("that the conference define the guarantees"), else
    the object of its preposition ("that Japan will push forward with reform"), else its verb.
    """
    if clause.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return clause
    verb = clause
    for _ in range(4):  # "that Japan will continue to make its utmost effort": the effort
        found = _child(verb, ("nsubjpass",)) or _child(verb, ("dobj",))
        if found is not None:
            return found
        inner = _child(verb, ("xcomp",))
        if inner is None:
            break
        verb = inner
    found = _pobj(clause, ("with", "to", "for", "on", "of", "in", "about"))
    if found is None and _lemma(clause) == "be":  # "warned that Russia is ready": what it is
        found = _child(clause, ("attr", "acomp"))
    return found or clause


def _clause(token: Token, deps: tuple[str, ...]) -> tuple[Token | None, Span | None]:
    """A clausal target: its theme (:func:`theme`) and the clause as written."""
    clause = _child(token, deps)
    if clause is None:
        return None, None
    return theme(clause), token.doc[clause.left_edge.i : clause.right_edge.i + 1]


def _target(token: Token, act: str) -> tuple[Token | None, Span | None]:
    """What the act is directed at: an addressee for a call, a goal for a commitment, else the object."""
    preps = _TARGET_PREPS.get(act, ())
    if act == "call":
        # "call on X", "urge X to"; "appeal to X"; "call for Y"; "urged that Y be done". Not "To that end, we urge".
        addressee = _pobj(token, ("on", "upon")) or _child(token, ("dobj", "dative"))
        if addressee is None and _lemma(token) == "appeal":
            addressee = _pobj(token, ("to",))
        target = addressee or _pobj(token, ("for",))
        return (target, None) if target is not None else _clause(token, ("xcomp", "ccomp"))
    if act == "commit":
        goal = _pobj(token, preps) or _child(token, ("dobj",))
        if goal is not None and (goal.lower_.endswith(("self", "selves")) or goal.lower_ in ("you", "us")):
            goal = _pobj(token, preps)  # "commit ourselves to X"; "I assure you that ..."
        return (goal, None) if goal is not None else _clause(token, ("xcomp", "ccomp"))
    obj = _child(token, ("dobj", "attr", "oprd")) or _pobj(token, preps)
    if obj is None and token.pos_ == "VERB":
        # "we condemn and reject the shelling": the object hangs on the last verb and is shared.
        obj = next((_child(c, ("dobj",)) for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB"
                    and _child(c, ("dobj",)) is not None), None)
    if obj is None and token.pos_ in ("VERB", "AUX"):
        return _clause(token, ("ccomp",))
    return obj, None


def _verbal(token: Token, lexicon: ActLexicon) -> list[Predicate]:
    if token.pos_ not in ("VERB", "AUX"):
        return []
    lemma = _lemma(token)
    negated = is_negated(token)
    acts: list[tuple[str, bool, str]] = [(a, negated, lemma) for a in lexicon.verbs.get(lemma, ())]
    for prep, prep_acts in lexicon.particles.get(lemma, {}).items():
        if any(c.dep_ in ("prep", "prt") and c.lower_ == prep for c in token.children):
            acts += [(a, negated, f"{lemma} {prep}") for a in prep_acts]
    if negated:
        acts += [(a, False, f"not {lemma}") for a in lexicon.negated.get(lemma, ())]  # "cannot accept": a rejection
    if any(c.dep_ == "advmod" and c.lower_ == "again" for c in token.children) and (
            _child(token, ("ccomp",)) is not None
            or any(_lemma(o) in lexicon.nouns for o in _heads(token, ("dobj",)))):
        # "we stress once again that ...", "we express once again our support": a position restated (not
        # "express once again our condolences", a courtesy)
        acts += [(a, negated, f"{lemma} again") for a in lexicon.again.get(lemma, ())]
    adjectival = token.lower_ in lexicon.adjectives and (
        token.dep_ in ("acomp", "oprd") or any(c.dep_ in _PASSIVE_DEPS for c in token.children))
    if not acts or adjectival or not _in_sense(token, lexicon) or not_performed(token):
        return []
    agent = _agent(token)
    passive = agent is not None or any(c.dep_ in _PASSIVE_DEPS for c in token.children)
    actor = agent if passive else subject_of(token)
    found = []
    for act, neg, verb in dict.fromkeys(acts):
        if passive:  # "the attack was condemned by X"; "the Charter, endorsed by X"
            # "the Charter endorsed by X" is sometimes parsed with the Charter as an active subject.
            patient = _child(token, ("nsubjpass",)) or (_child(token, ("nsubj",)) if agent is not None else None)
            target, span = patient or (token.head if token.dep_ == "acl" else None), None
        else:
            target, span = _target(token, act)
        found.append(Predicate(act, token, "verb", verb, neg, actor, target, span, passive))
    return found


def _agent(token: Token) -> Token | None:
    by = _child(token, ("agent",))
    return _child(by, ("pobj",)) if by is not None else None


def _adjectival(token: Token, lexicon: ActLexicon) -> list[Predicate]:
    """"We are concerned", "Russia stands ready to assist", "is committed to", "were opposed to"."""
    acts = lexicon.adjectives.get(token.lower_, ())
    if not acts or token.dep_ in ("amod", "compound", "acl") or not _in_sense(token, lexicon):
        return []
    if token.dep_ in ("acomp", "oprd", "xcomp") and _lemma(token.head) in _LINKING:
        head = token.head  # the linking verb carries the subject, the negation, the modals
    elif any(c.dep_ in _PASSIVE_DEPS for c in token.children):
        head = token  # "we are concerned" parsed as a passive participle
    else:
        return []
    if not_performed(head):
        return []
    actor = subject_of(head) if head is not token else _child(token, ("nsubjpass", "nsubj")) or subject_of(token)
    negated = is_negated(head) or is_negated(token)
    found = []
    verb = f"{_lemma(head) if head is not token else 'be'} {token.lower_}"  # "stand ready", "be troubled"
    for act in acts:
        target, span = _target(token, act)
        if target is None and span is None:
            target = _agent(token)  # "we are troubled by the findings", parsed as a passive's agent
        found.append(Predicate(act, token, "adjective", verb, negated, actor, target, span))
    return found


_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})


def _nominal(token: Token, lexicon: ActLexicon) -> list[Predicate]:
    """Act nouns: "express our support for", "our commitment to X remains", "note with concern",
    "a matter of concern to us", "Moscow's condemnation of", "a strong supporter of"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return []
    acts = lexicon.nouns.get(_lemma(token), ())
    agents = lexicon.agents.get(_lemma(token), ())
    if not acts and not agents:
        return []
    if token.tag_ in ("NNS", "NNPS") and "commit" in acts:
        return []  # "our commitments" are obligations held, not a commitment made
    how = _agent_noun(token) if agents else None
    if how is None and acts:
        how = _light_verb(token) or _with_verb(token) or _matter_of(token) or _owned(token, acts)
    if how is None:
        return []
    found = []
    for act in agents or acts:
        target = how.target
        if target is None and how.span is None:
            target = _pobj(token, _TARGET_PREPS.get(act, ())) or (_pobj(token, ("for",)) if act == "call" else None)
        if target is None and how.span is None and how.inside and token.dep_ == "dobj":
            target = _pobj(token.head, _TARGET_PREPS.get(act, ()))  # "lent its support to the efforts"
        found.append(Predicate(act, token, "noun", how.verb, how.negated, how.actor, target, how.span,
                               inside=how.inside))
    return found


@dataclass(frozen=True)
class _How:
    """How an act noun is performed: by whom, as what verb, negated or not, nested in which act, on what."""

    actor: Token | None
    verb: str
    negated: bool
    inside: list[str] = field(default_factory=list)
    target: Token | None = None  # when the construction gives it ("view with concern the failure")
    span: Span | None = None  # a clause instead ("a matter of concern to us that ...")


def _light_verb(token: Token) -> _How | None:
    """"We express our support", "a commitment that I wish to convey": the light verb's subject acts."""
    head = token.head
    owner = _child(token, ("poss",))
    if token.dep_ == "dobj" and _lemma(head) in _HAVING and owner is not None \
            and owner.lower_ not in _POSSESSIVE_PRONOUNS:
        # "a leadership which has our support", "the plan enjoys our full support"
        return _How(owner, f"{_lemma(head)} {_lemma(token)}", is_negated(head), [], target=subject_of(head))
    if token.dep_ not in ("dobj", "attr") or _lemma(head) not in _LIGHT_VERBS:
        head = _relative_light_verb(token)
        if head is None:
            return None
    if not_performed(head):
        return None
    if owner is None or owner.lower_ in _POSSESSIVE_PRONOUNS:
        passive = any(c.dep_ in _PASSIVE_DEPS for c in head.children)
        owner = _agent(head) if passive else subject_of(head)
    return _How(owner, f"{_lemma(head)} {_lemma(token)}", is_negated(head), [_lemma(head)])


def _relative_light_verb(token: Token) -> Token | None:
    """The light verb of a relative clause on the act noun: "a commitment that I (now wish to) convey"."""
    for relcl in (c for c in token.children if c.dep_ == "relcl"):
        for verb in (relcl, *(c for c in relcl.children if c.dep_ == "xcomp")):
            if _lemma(verb) in _LIGHT_VERBS and any(
                    c.dep_ == "dobj" and c.lower_ in ("that", "which") for c in verb.children):
                return verb
    return None


def _with_verb(token: Token) -> _How | None:
    """"We note with concern", "my country is following with great concern"."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "with":
        return None
    verb = prep.head
    if verb.dep_ == "dobj" and _lemma(verb.head) in _WITH_VERBS:
        verb = verb.head  # "following the events with the deepest concern", the phrase hung on the object
    if _lemma(verb) not in _WITH_VERBS:
        return None
    if not_performed(verb):
        return None
    # "We view with great concern the failure ...": what is viewed is what the concern is about.
    target, span = _child(verb, ("dobj",)) or _child(token, ("appos",)), None  # "with concern, the failure"
    if target is None:
        target, span = _clause(verb, ("ccomp",))  # "we note with regret that ..."
    return _How(subject_of(verb), f"{_lemma(verb)} with {_lemma(token)}", is_negated(verb), target=target, span=span)


def _matter_of(token: Token) -> _How | None:
    """"It is a matter of concern to us", "a source of deep concern for my country"."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "of" or _lemma(prep.head) not in _MATTER_NOUNS:
        return None
    matter = prep.head
    whom = _pobj(token, ("to", "for")) or _pobj(matter, ("to", "for"))
    if whom is None:
        return None
    copula = matter.head  # "the conflict is a source of concern for us": the conflict is the concern
    subject = subject_of(copula) if matter.dep_ == "attr" else None
    verb = f"{_lemma(matter)} of {_lemma(token)}"
    if subject is None or subject.lower_ == "it":  # "it is a matter of concern that ...": the clause after is
        target, span = _clause(copula, ("ccomp",))
        return _How(whom, verb, is_negated(copula), target=target, span=span)
    return _How(whom, verb, is_negated(copula), target=subject)


_OWNED_BY_OF = frozenset({"commit", "support", "propose"})
# Heads of an "of" phrase that name an owner without a name: "the commitment of the Government".
_OWNERS = frozenset({"government", "people", "country", "state", "states", "delegation", "union", "community",
                     "council", "assembly", "organization", "organisation", "members", "leaders", "president"})


def _owned(token: Token, acts: tuple[str, ...]) -> _How | None:
    """"Our support for the peace process is unwavering", "Moscow's condemnation of ...", "in line with
    our commitment to ...": an act noun owned by an actor states that actor's act, as the subject or
    inside a phrase, unless the clause it stands in is not performed ("we must renew our commitment").
    As the object of a verb that is no light verb it is acted upon, not stated ("fulfil our pledge")."""
    owner = _child(token, ("poss",)) or _pobj(token, ("by",))
    if owner is None and set(acts) <= _OWNED_BY_OF:
        # "the firmest commitment of the Government of Uruguay", "the support of France": "of" names the
        # owner of a commitment, support or proposal (of a condemnation it names the condemned)
        of = _pobj(token, ("of",))
        owner = of if of is not None and (of.pos_ == "PROPN" or _lemma(of) in _OWNERS) else None
    if owner is None or token.dep_ in ("dobj", "dative"):
        return None  # "translate our commitment into action", "honour our pledge": acted upon, not stated
    head = token.head
    while head.dep_ in ("prep", "pobj", "conj", "appos", "dobj", "attr") and head.head is not head \
            and head.pos_ not in ("VERB", "AUX"):
        head = head.head  # up to the clause the noun phrase stands in
    verb = head if head.pos_ in ("VERB", "AUX") and head is not token else None
    if verb is not None and (not_performed(verb) or _lemma(verb) in _DISPUTED):
        return None
    return _How(owner, _lemma(token), verb is not None and token.dep_ in ("nsubj", "nsubjpass") and is_negated(verb))


def _agent_noun(token: Token) -> _How | None:
    """"Pakistan is a strong supporter of multilateral diplomacy": an agent noun after a copula."""
    head = token.head
    if token.dep_ != "attr" or _lemma(head) not in _LINKING or not_performed(head):
        return None
    return _How(subject_of(head), f"be {_lemma(token)}", is_negated(head))


def _phrasal(token: Token, lexicon: ActLexicon) -> list[Predicate]:
    """Fixed phrases: "we are in favour of X" (support), "we are against X" (reject)."""
    if token.dep_ != "prep" or _lemma(token.head) not in _LINKING:
        return []
    head = token.head
    if token.lower_ == "against":
        acts, target, verb = lexicon.phrases.get("against", ("reject",)), _child(token, ("pobj",)), "be against"
    elif token.lower_ == "in":
        noun = _child(token, ("pobj",))
        phrase = f"in {noun.lower_} of" if noun is not None else ""
        if phrase not in lexicon.phrases:
            return []
        acts, target, verb = lexicon.phrases[phrase], _pobj(noun, ("of",)), f"be {phrase}"
    else:
        return []
    if not_performed(head):
        return []
    return [Predicate(act, token, "phrase", verb, is_negated(head), subject_of(head), target) for act in acts]


def predicates(sent: Span, lexicon: ActLexicon) -> list[Predicate]:
    """Every act performed in a sentence, in the order of its act words."""
    found: list[Predicate] = []
    for token in sent:
        found += _verbal(token, lexicon) + _adjectival(token, lexicon) + _nominal(token, lexicon) \
            + _phrasal(token, lexicon)
    # "We pledge our determination to work ...": the act noun restates the light verb's own act;
    # one commitment, whose target is the noun's ("to work ..."), not two.
    restated = {(p.token.head.i, p.act) for p in found if p.kind == "noun" and p.token.dep_ == "dobj"
                and p.inside}
    # "which we welcome with great satisfaction": one support, not the verb's and the noun's.
    restated |= {(p.token.head.head.i, p.act) for p in found if p.kind == "noun" and p.token.dep_ == "pobj"
                 and p.token.head.lower_ == "with"}
    seen, out = set(), []
    for p in found:
        if (p.token.i, p.act) not in seen and (p.kind != "verb" or (p.token.i, p.act) not in restated):
            seen.add((p.token.i, p.act))
            out.append(p)
    return out
