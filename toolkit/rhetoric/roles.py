"""Who acts on whom: subjects, agents and objects in the dependency parse, resolved to actors.

An actor phrase resolves, in this order, to the statement's own speaker ("we", "my delegation",
"this country", the speaker's country by name, adjective or capital: "the Chinese Government" said by
China), to an alias of the user's, to an actor of the gazetteer ("the Russian Federation", "Moscow",
"the Security Council"), to a person named in the text and the actor they speak for, or to a kind of
actor with no name ("the major Powers"). A phrase that names no actor ("the architecture",
"analysts") resolves to nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.lexicon.gazetteer import Actor, Gazetteer, Mention
from toolkit.rhetoric.people import REPORTING, People

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["Resolver", "Who", "coordinated", "is_negated", "phrase", "subject_of", "target_name", "target_phrase"]

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})


# "not just", "not only" do not negate; "cannot but condemn" condemns.
_NOT_ONLY = frozenset({"just", "only", "merely", "simply", "but"})
# Heads whose negation affirms their complement: "we will not hesitate to condemn", "we never fail to support".
_DOUBLE_NEGATIVE = frozenset({"hesitate", "fail", "cease", "tire"})


def is_negated(token: Token) -> bool:
    """Whether a predicate is negated.

    "do not condemn"; "is not concerned" (the negation sits on the copula); "neither support nor
    condone" and "support neither X nor Y"; "no country supports". Not negated: "not just",
    "not only", "cannot but condemn", and "will not hesitate to condemn" (two negations).
    """
    def negates(neg: Token) -> bool:
        after = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
        return after is None or after.lower_ not in _NOT_ONLY

    if token.dep_ in ("xcomp",) and token.head.lemma_.lower() in _DOUBLE_NEGATIVE:
        return False
    if any(c.dep_ == "neg" and negates(c) for c in token.children) or any(
            c.dep_ == "neg" and negates(c) for c in token.head.children if token.dep_ in ("acomp", "xcomp", "dobj")):
        return True
    neither = any(c.lower_ in ("neither", "nor") and c.dep_ in ("preconj", "cc", "advmod") for c in token.children)
    objects = [c for c in token.children if c.dep_ in ("dobj", "pobj", "attr")]
    neither |= any(g.lower_ == "neither" and g.dep_ in ("preconj", "det", "advmod") for o in objects for g in o.children)
    nor = token.dep_ == "conj" and any(c.lower_ == "nor" for c in token.head.children)
    nobody = any(c.dep_ in ("nsubj", "nsubjpass") and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children)
                 for c in token.children)
    return neither or nor or nobody


def subject_of(token: Token) -> Token | None:
    """The grammatical subject of a predicate, looking through coordination, copulas and infinitives.

    A relative pronoun is replaced by what it refers to: in "States that support the treaty" the
    subject of "support" is "States".
    """
    head = token
    for _ in range(5):
        # The parser sometimes hangs the subject on the auxiliary: "The United States [is] committed".
        auxiliaries = [g for c in head.children if c.dep_ in ("aux", "auxpass") for g in c.children]
        subjects = [c for c in [*head.children, *auxiliaries] if c.dep_ in _SUBJECT_DEPS]
        # "In the same vein, Mr. President, my Government supports": an address parsed as a second
        # subject comes first; the subject is the one nearest the verb.
        before = [c for c in subjects if c.i < head.i]
        if subjects:
            child = max(before, key=lambda c: c.i) if before else subjects[0]
            return head.head if child.lower_ in _RELATIVE and head.dep_ == "relcl" else child
        if head.dep_ in ("conj", "acomp", "xcomp") and head.head is not head:
            head = head.head  # "we condemn and reject": reject shares condemn's subject
            continue
        if head.dep_ == "advcl" and head.head is not head and head.tag_ in ("VB", "VBG"):
            head = head.head  # "..., reaffirming our commitment", "in order to support": the main clause's subject
            continue
        if head.dep_ == "pcomp" and head.head.head is not head.head:
            head = head.head.head  # "I will end by pledging": the subject of "end"
            continue
        break
    return None


def coordinated(token: Token) -> list[Token]:
    """The other heads of a coordinated phrase: "France" in "Germany and France", "my country" in "the
    United Kingdom and my country" (not the modifiers of a single name)."""
    out, stack = [], [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
    while stack:
        head = stack.pop(0)
        out.append(head)
        stack += [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
    return out


def phrase(token: Token | None, limit: int = 12) -> str:
    """The words of the phrase a token heads, cut at ``limit`` words."""
    if token is None:
        return ""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    words = span.text.split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")




# The speaker's own state, spoken of in the third person: "my country", "this delegation".
_SELF_NOUNS = frozenset({"country", "delegation", "government", "nation", "state", "people", "administration",
                         "republic", "kingdom", "federation", "sultanate", "principality", "confederation", "president", "presidency", "leadership", "parliament"})
# Capitalised heads that, bare ("The Government", "the Kingdom"), name the speaker's own state in its statement.
_BARE_SELF = frozenset({"government", "kingdom", "republic", "federation", "sultanate", "principality",
                        "confederation", "administration"})
# Heads that speak for the state their modifier names: "the Chinese Government", "the Government of Norway".
_STATE_ORGANS = frozenset({"member", "members", "government", "delegation", "authorities", "authority", "administration", "president",
                           "minister", "ministry", "people", "leadership", "leader", "leaders", "parliament",
                           "representative", "ambassador", "envoy", "mission", "regime", "forces", "army", "side",
                           "state", "officials", "diplomats", "presidency", "chancellor", "king", "emir"})
# Nouns that name actors without a name: an act needs one of these, a pronoun, a name or the speaker.
_ACTOR_NOUNS = frozenset(
    {"government", "governments", "state", "states", "country", "countries", "nation", "nations", "delegation",
     "delegations", "people", "peoples", "leader", "leaders", "president", "minister", "council", "assembly",
     "community", "union", "organization", "organisation", "organizations", "organisations", "party", "parties",
     "side", "sides", "member", "members", "movement", "group", "coalition", "alliance", "forces", "regime",
     "authorities", "administration", "parliament", "congress", "court", "commission", "committee", "conference",
     "summit", "secretariat", "agency", "agencies", "institution", "institutions", "representative",
     "representatives", "ambassador", "envoy", "mission", "presidency", "chair", "body", "bodies", "partners",
     "donors", "neighbours", "neighbors", "allies", "powers", "signatories", "sponsors", "co-sponsors", "mediators",
     "facilitator", "facilitators", "world", "leadership", "chancellor", "king", "emir", "prime", "secretary",
     "secretary-general", "officials", "diplomats", "negotiators", "heads", "governor", "quartet", "troika",
     "bloc", "friends", "colleagues", "rebels", "insurgents", "militias", "opposition", "factions", "groups"})
_WE = frozenset({"we", "us", "i", "me", "ourselves", "myself"})
_OUR = frozenset({"our", "my", "ours"})
_UP = frozenset({"ccomp", "xcomp", "advcl", "conj", "acomp", "attr", "oprd", "dobj", "pobj", "prep"})


@dataclass(frozen=True)
class Who:
    """An actor a phrase names: its name, its gazetteer id (if any), whether it is the speaker, and a person."""

    name: str
    id: str | None = None
    own: bool = False
    person: str | None = None


class Resolver:
    """Resolves the phrases of one document to actors (see the module documentation for the order)."""

    def __init__(self, doc: Doc, nlp: Language, gazetteer: Gazetteer, *, speaker: str | None,
                 aliases: dict[str, str], person: str | None = None,
                 spellings: dict[str, str] | None = None) -> None:
        self.doc = doc
        self.speaker = speaker
        known = gazetteer.resolve(speaker) if speaker else None
        self.speaker_id = known.id if known is not None else speaker
        self.speaker_name = known.name if known is not None else speaker
        self.mentions: dict[int, Mention] = {}
        found = gazetteer.find(doc, nlp)
        for mention in found:
            for i in range(mention.span.start, mention.span.end):
                self.mentions[i] = mention
        self.aliases = _alias_spans(doc, aliases)
        if speaker and known is None and speaker.lower() not in aliases:
            self.aliases.update(_alias_spans(doc, {speaker.lower(): speaker}))  # the speaker's own name, as given
        self.people = People(doc, found, spellings=spellings)
        self.person = self.people.spell(person) if person else None  # the statement's speaker, a person

    def _who(self, actor: Actor) -> Who:
        if self.speaker_id is not None and actor.id == self.speaker_id:
            return Who(self.speaker, actor.id, own=True)
        return Who(actor.name, actor.id)

    def _named(self, token: Token, *, capitals: bool) -> Who | None:
        """The actor a single token's mention names (an alias of the user's first)."""
        if token.i in self.aliases:
            name = self.aliases[token.i]
            own = self.speaker is not None and name == self.speaker
            return Who(name, self.speaker_id if own else name, own=own)
        mention = self.mentions.get(token.i)
        if mention is None or (mention.form == "capital" and not capitals):
            return None
        return self._who(mention.actor)

    def actor(self, token: Token | None) -> Who | None:
        """Who performs an act, from the token heading its subject, agent or owner phrase; None for nobody."""
        if token is None:
            return None
        if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
            token = token.head.head
        if token.dep_ == "attr" and token.head.lemma_ == "be":
            subject = subject_of(token.head)  # "China is the only country that pledges": China
            if subject is not None and subject is not token:
                token = subject
        low = token.lower_
        if low in ("his", "her") and token.dep_ == "poss" and self.people.of(token) is not None:
            return self._person(self.people.of(token), token)  # "Ban Ki-moon ... his dedication": his
        if low in ("its", "their", "his", "her") and token.dep_ == "poss":
            owner = _clause_subject(token)  # "Kenya reaffirms its commitment": Kenya's
            if owner is not None:
                return self.actor(owner)
        if low in _WE or low in _OUR:
            return Who(self.speaker, self.speaker_id, own=True) if self.speaker else Who(low)
        if low in ("he", "she", "him", "his", "her"):
            return self._person(self.people.of(token), token)
        if low == "it" and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "conj":
            # "Canada was among the first ... and it has made a commitment": the first clause's subject
            first = subject_of(token.head.head)
            if first is not None and first.pos_ != "PRON":
                return self.actor(first)
        if low in ("they", "them", "their"):
            return Who(low)
        if self._is_self_phrase(token):
            return Who(self.speaker, self.speaker_id, own=True)
        named = self._named(token, capitals=True)
        if named is not None:
            return named
        person = self.people.of(token)
        if person is not None:
            return self._person(person, token)
        if _lemma(token) in _STATE_ORGANS or token.lower_ in _STATE_ORGANS:
            owner = self._modifier_actor(token, capitals=True)
            if owner is not None:
                return owner
        if token.lower_ in _ACTOR_NOUNS or _lemma(token) in _ACTOR_NOUNS:
            return Who(_core(token))
        if token.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            return Who(_entity(token), _entity(token))  # an actor outside the gazetteer: its name is its id
        return None

    def target(self, token: Token | None, *, actor: Who | None = None) -> tuple[Who | None, Token | None]:
        """The actor a target phrase names (itself, or its owner or agent), and the token heading the phrase.

        An owner that is the acting ``actor`` itself names no target: in "Russia reiterated Moscow's
        position" the position is the target, not Russia.
        """
        if token is None:
            return None, None
        if token.lower_ in _RELATIVE:
            head = token.head
            while head.dep_ not in ("relcl", "ROOT") and head.head is not head:
                head = head.head
            if head.dep_ == "relcl":
                token = _antecedent(head.head)  # "a barbaric act that we all condemn": the act
        if token.lower_ == "what":
            # "What China proposes is a new architecture": what is proposed is the copula's complement.
            clause = token.head
            if clause.dep_ == "csubj" and _lemma(clause.head) == "be":
                complement = next((c for c in clause.head.children if c.dep_ in ("attr", "acomp")), None)
                if complement is not None:
                    return self.target(complement, actor=actor)
            return None, None
        if token.lower_ in _WE:
            return self._self_target() if self.speaker else None, token
        if self._is_self_phrase(token):
            return self._self_target(), token
        named = self._named(token, capitals=True)
        if named is None:
            owner = self._modifier_actor(token, capitals=False)
            itself = owner is not None and actor is not None and (
                (owner.id is not None and owner.id == actor.id) or (owner.own and actor.own))
            named = None if itself else owner
        if named is None:
            person = self.people.of(token)
            named = self._person(person, token) if person is not None else None
        if named is not None and named.own and named.person is None:
            named = self._self_target()
        return named, token

    def _self_target(self) -> Who:
        """The speaker as a target, by its canonical name ("Israel", not the metadata's "ISR"), as other targets."""
        return Who(self.speaker_name, self.speaker_id, own=True)

    def _person(self, person: str | None, token: Token) -> Who | None:
        if person is None:
            return Who(token.text) if token.lower_ not in ("he", "she", "him", "his", "her") else None
        if person == self.person and self.speaker:  # the speaker named in the third person speaks for the state
            return Who(self.speaker, self.speaker_id, own=True, person=person)
        actor = self.people.speaks_for(person)
        if actor is None:
            return Who(person, person=person)
        who = self._who(actor)
        return Who(who.name, who.id, own=who.own, person=person)

    def _is_self_phrase(self, token: Token) -> bool:
        """"my country", "our delegation", "this country", "the Government of <the speaker>"."""
        if not self.speaker or _lemma(token) not in _SELF_NOUNS:
            return False
        if any(c.dep_ == "poss" and c.lower_ in _OUR for c in token.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "this" for c in token.children) and _lemma(token) in (
                "country", "delegation", "government", "nation", "state"):
            return True
        if token.lower_ in _BARE_SELF and [c.lower_ for c in token.children] == ["the"] and token.tag_ == "NNP" \
                and token.i not in self.aliases and token.i not in self.mentions:
            return True  # "The Government will continue to support", "the Kingdom": the speaker's own
        owner = self._modifier_actor(token, capitals=True)
        return owner is not None and owner.own

    def _modifier_actor(self, token: Token, *, capitals: bool) -> Who | None:
        """The actor named by a modifier of ``token``: "Russia's", "Russian", "of Russia", "by Hamas"."""
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                who = self._named(child, capitals=capitals or child.dep_ == "poss")
                if who is None and child.dep_ == "poss" and _lemma(child) in _STATE_ORGANS:
                    who = self._modifier_actor(child, capitals=True)  # "the Israeli Government's failure"
                if who is not None:
                    return who
        # The agent first ("the shelling of Ardesh by Kestrian forces": Kestria), then the owner; "the
        # Government and the people of Bangladesh": "of Bangladesh" hangs on the last conjunct.
        heads = [token, *(c for c in token.children if c.dep_ == "conj")]
        # After an event noun "of" names what the event befalls ("the invasion of Ukraine", "the killing
        # of civilians"), not its owner: only "by" names who does it.
        for word in ("by",) if _is_event(token) else ("by", "of"):
            for child in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == word):
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                who = self._phrase_actor(obj, agent=word == "by") if obj is not None else None
                if who is not None:
                    return who
        return None

    def _phrase_actor(self, token: Token, *, agent: bool) -> Who | None:
        """The actor an agent or owner phrase names: itself, a modifier ("Kestrian forces"), or an
        organisation the parser recognises ("the attacks of the Marren Liberation Front")."""
        who = self._named(token, capitals=False)
        if who is None:
            modifier = next((c for c in token.children if c.dep_ in ("amod", "compound", "poss")
                             and self._named(c, capitals=c.dep_ == "poss") is not None), None)
            who = self._named(modifier, capitals=modifier.dep_ == "poss") if modifier is not None else None
        kinds = ("ORG", "NORP", "GPE", "PERSON") if agent else ("ORG",)
        if who is None and token.ent_type_ in kinds and token.pos_ == "PROPN":
            who = Who(_entity(token), _entity(token))
        return who

    def quoted(self, actor: Who, head: Token | None, person: str | None) -> Who:
        """The actor of "we" or "his country" in a person's reported or quoted words: the person's, when the
        text says whom they speak for and it is not the speaker ("Lavrov said: 'We condemn ...'" is Russia's
        act; "Netanyahu said that his country rejects ..." is Israel's)."""
        if person is None or head is None or person == self.person:
            return actor
        owner = _child_of(head, "poss")
        if owner is not None and owner.lower_ in ("his", "her") and _lemma(head) in _SELF_NOUNS:
            speaks_for = self.people.speaks_for(person)  # "Netanyahu said that his country rejects"
            return self._person(person, head) if speaks_for is not None else actor
        if not (head.lower_ in _WE or head.lower_ in _OUR):
            return actor
        speaks_for = self.people.speaks_for(person)
        if speaks_for is None:
            return actor if self.speaker else Who(person, person=person)
        who = self._who(speaks_for)
        return Who(who.name, who.id, own=who.own, person=person)

    def reporter(self, token: Token) -> str | None:
        """The person whose reported speech an act stands in: "Lavrov noted that Russia stands ready"."""
        head = token
        for _ in range(8):
            # Up from the act word ("ready" in "stands ready", "support" in "its support for") to the
            # clause it stands in, and from the clause to the verb that reports it.
            if head.dep_ in _UP and head.head is not head:
                head = head.head
                if _lemma(head) in REPORTING:
                    subject = subject_of(head)
                    return self.people.of(subject) if subject is not None else None
                continue
            break
        return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


# Nouns of events whose "of" phrase is their patient ("the blockade of Gaza"); with the endings below, the
# usual case. Not "attacks of the Front", "strikes of the coalition": there "of" names who attacks.
_EVENTS = frozenset({"reform", "blockade", "siege", "massacre", "bombardment", "seizure", "takeover", "use"})


def _is_event(token: Token) -> bool:
    lemma = _lemma(token)
    if lemma in _STATE_ORGANS or lemma in _ACTOR_NOUNS:
        return False  # "the Government of Bangladesh", "the people of Palestine"
    return lemma in _EVENTS or lemma.endswith(("tion", "sion", "ment", "ing", "ure"))


def _child_of(token: Token, dep: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep), None)


def _antecedent(token: Token) -> Token:
    """What a relative clause refers to: the noun it hangs on, or, when the parser hangs it on a date
    ("the attack on the convoy on 9 May, which we condemn"), the head of the phrase the date ends."""
    if token.ent_type_ not in ("DATE", "TIME"):
        return token
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN"):
        token = token.head.head  # up through "on 9 May" and "on the convoy" to "the attack"
    return token


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause a possessive pronoun stands in, the antecedent it most often has."""
    head = token.head
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX"):
            subject = subject_of(head)
            if subject is not None and subject.i != token.i and not (subject.left_edge.i <= token.i <= subject.right_edge.i):
                return subject
        if head.head is head:
            break
        head = head.head
    return None


def _core(token: Token, deps: tuple[str, ...] = ("compound", "amod")) -> str:
    """The head of a phrase with the modifiers that name it: "the major Powers" -> "major Powers"."""
    words = [c for c in token.children if c.dep_ in deps and c.i < token.i] + [token]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _entity(token: Token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE)
    return token.text


def _alias_spans(doc: Doc, aliases: dict[str, str]) -> dict[int, str]:
    """Token positions covered by a user's alias (whole words, the longest first), with the actor they name."""
    covered: dict[int, str] = {}
    text = doc.text
    for alias, name in sorted(aliases.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text, flags=re.IGNORECASE):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not any(t.i in covered for t in span):
                for t in span:
                    covered[t.i] = name
    return covered


# Nouns whose "that" clause is their content, part of what is acted upon: "reject the claim that X did Y".
_CONTENT_NOUNS = frozenset(
    {"claim", "allegation", "accusation", "assertion", "suggestion", "insinuation", "notion", "idea", "view",
     "belief", "position", "principle", "fact", "proposal", "proposition", "argument", "conviction", "assumption",
     "premise", "statement", "assurance", "demand", "call", "decision", "conclusion", "understanding"})


def target_phrase(token: Token | None, span: Span | None = None, limit: int = 15) -> str:
    """What an act is directed at, as written: the phrase without relative clauses and appositions."""
    if span is not None:
        words = span.text.split()
    elif token is None:
        return ""
    else:
        cut = [c for c in token.children if c.dep_ in ("relcl", "appos", "acl") and c.i > token.i
               and not (c.dep_ == "acl" and _lemma(token) in _CONTENT_NOUNS)
               and not (c.dep_ == "relcl" and token.pos_ == "PRON")]  # "those who arm them" is the target
        # A relative clause the parser hangs lower ("the attack on the convoy on 9 May, which we condemn").
        cut += [c for c in token.subtree if c.dep_ == "relcl" and c.i > token.i and c.head is not token
                and any(g.lower_ in _RELATIVE and g.i < c.i for g in c.subtree)
                and c.left_edge.i > token.i and token.doc[c.left_edge.i - 1].is_punct]
        end = min([c.left_edge.i for c in cut], default=token.right_edge.i + 1)
        while end - 1 > token.i and token.doc[end - 1].is_punct:
            end -= 1
        words = token.doc[token.left_edge.i : end].text.split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")


def target_name(who: Who | None, token: Token | None) -> str | None:
    """The ``target`` column: the actor's name where the phrase names one, else the head of the phrase."""
    if who is not None:
        return who.name
    if token is None or token.lower_ in _RELATIVE or token.pos_ == "PRON":
        return None
    return _core(token, ("compound",))  # "peace process", "attack" (not "horrific terrorist attack")
