"""Who acts on whom: subjects, agents and objects in the dependency parse, normalised to actors."""

from __future__ import annotations

import re

__all__ = ["GROUP_TARGETS", "actor", "agent_of", "is_negated", "object_of", "phrase", "subject_of"]

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


GROUP_TARGETS = {
    "both sides": "both sides",
    "both parties": "both sides",
    "all parties": "all parties",
    "all sides": "all parties",
    "the parties": "all parties",
    "all states": "all states",
    "the international community": "the international community",
}


def is_negated(token) -> bool:
    """Whether a predicate is negated ("do not condemn"; "is not concerned": the negation sits on the copula)."""
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "neg" for c in token.head.children if token.dep_ in ("acomp", "xcomp", "dobj")
    )


def subject_of(token):
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


def agent_of(token):
    """The agent of a passive predicate ("condemned by the Council": the Council)."""
    for child in token.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def object_of(token, preps: tuple[str, ...] = ()):
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


def phrase(token, limit: int = 12) -> str:
    """The words of the phrase a token heads, cut at ``limit`` words."""
    if token is None:
        return ""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    words = span.text.split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")


def _ordered_aliases(aliases: dict[str, str]) -> list[tuple[str, str]]:
    """Aliases in a fixed order, longest first, so that the same text always gives the same actor."""
    return sorted(aliases.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def actor(token, doc, *, speaker: str | None, aliases: dict[str, str]) -> str | None:
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
    for words, group in GROUP_TARGETS.items():
        if words in text:
            return group
    for alias, name in _ordered_aliases(aliases):
        # Whole words only ("IND" is not in "independent"), longest alias first ("south sudan" before "sudan").
        if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
            return name
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
