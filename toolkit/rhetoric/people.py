"""The people a text names, and the actors they speak for: shared by speech acts and attributions.

"Russia's foreign minister, Sergei Lavrov, said ..." names a person, Sergei Lavrov, and the state he
speaks for; a later "Lavrov" is the same person, and "He" the last person named. Speech acts and
attributions read people the same way, so that they agree on who speaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit._util.text import person_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from toolkit.lexicon.gazetteer import Actor, Mention

__all__ = ["PRONOUNS", "REPORTING", "People", "person_spellings"]

PRONOUNS = frozenset({"he", "she"})
# Verbs that report what someone said: the clause they govern is that person's speech.
REPORTING = frozenset(
    {"say", "state", "note", "stress", "underscore", "reiterate", "emphasize", "emphasise", "comment", "add",
     "argue", "point", "highlight", "reaffirm", "declare", "warn", "insist", "claim", "suggest", "observe",
     "remark", "explain", "announce", "tell", "condemn", "urge", "affirm", "assert", "acknowledge", "recall",
     "mention", "report", "indicate", "confirm", "deny", "maintain", "caution", "predict", "conclude"}
)
# Kinds of actor nobody speaks for: places and collectives.
_NOBODY = frozenset({"region", "territory", "former_state", "collective"})


class People:
    """The people named so far in one document: full names by surname, the last one named, whom they speak for.

    ``mentions`` are the gazetteer's mentions in the document (span, actor), used to find the
    actor a person is introduced with ("Russia's foreign minister, Sergei Lavrov").
    """

    def __init__(self, doc: Doc, mentions: list[Mention] | None = None, *,
                 spellings: dict[str, str] | None = None) -> None:
        self.doc = doc
        self.entities = {ent.start: ent for ent in doc.ents if ent.label_ == "PERSON"}
        self.full_names: dict[str, str] = {}
        self.affiliation: dict[str, Actor] = {}
        self.last: str | None = None
        self._mentions = mentions or []
        self._places = {i for m in self._mentions for i in range(m.span.start, m.span.end)}
        # One spelling per person across a corpus (shared between documents): the first seen, or the
        # statement's speaker as the metadata spells it. "Sergei Lavrov" and "Sergey Lavrov" are one person.
        self.spellings = spellings if spellings is not None else {}

    def spell(self, name: str) -> str:
        """The corpus's spelling of a full name (see :func:`toolkit._util.text.person_key`)."""
        if len(name.split()) < 2:
            return name
        return self.spellings.setdefault(person_key(name), name)

    def introduce(self, token: Token) -> None:
        """Keep track of full names as they are introduced ("Sergei Lavrov": later "Lavrov" is him)."""
        if token.i not in self.entities:
            return
        ent = self.entities[token.i]
        parts = ent.text.split()
        if len(parts) > 1:
            self.full_names.setdefault(parts[-1], self.spell(ent.text))
        name = self.full_names.get(ent.text, self.spell(ent.text))
        actor = self._introduced_with(ent)
        if actor is not None:
            self.affiliation.setdefault(name, actor)

    def observe(self, sent: Span) -> None:
        """Take each person named as a subject in ``sent``, in order, as the last person named ("He" after it)."""
        for token in sent:
            self.introduce(token)
            if token.dep_ in ("nsubj", "nsubjpass") and token.lower_ not in PRONOUNS:
                person = self.of(token)
                if person is not None:
                    self.last = person

    def of(self, token: Token) -> str | None:
        """The person a subject names, through appositions and earlier full names."""
        candidates = [token, *[c for c in token.children if c.dep_ == "appos"]]
        for cand in candidates:
            if cand.i in self._places:
                continue  # "Kyiv said": a capital the gazetteer knows, not a person the parser took it for
            for ent in self.doc.ents:
                if ent.label_ == "PERSON" and ent.start <= cand.i < ent.end:
                    return self.full_names.get(ent.text, self.spell(ent.text))
        if token.text in self.full_names:  # a surname seen before in a full name, unrecognised alone
            return self.full_names[token.text]
        if token.lower_ in ("his", "her"):  # "my regard for Ban Ki-moon for his dedication": the person just named
            before = [e for e in self.doc.ents if e.label_ == "PERSON" and e.end <= token.i
                      and e.start >= token.sent.start and e.start not in self._places]
            return self.full_names.get(before[-1].text, self.spell(before[-1].text)) if before else self.last
        if token.lower_ in PRONOUNS:
            return self.last
        return None

    def speaks_for(self, person: str | None) -> Actor | None:
        """The actor a person was introduced as speaking for, if the text said so."""
        return self.affiliation.get(person) if person else None

    def _introduced_with(self, ent: Span) -> Actor | None:
        """The actor named in the phrase a person is introduced with: an apposition, a title before the name."""
        root = ent.root
        phrases = []
        if root.dep_ == "appos":
            phrases.append(root.head)  # "Russia's foreign minister, Sergei Lavrov"
        phrases += [c for c in root.children if c.dep_ == "appos"]  # "Polyansky, Representative of Russia"
        phrases.append(root)  # "Russian Foreign Minister Sergei Lavrov"
        for head in phrases:
            lo, hi = head.left_edge.i, head.right_edge.i
            for mention in self._mentions:
                span, actor = mention.span, mention.actor
                inside = lo <= span.start and span.end - 1 <= hi
                if inside and not (ent.start <= span.start < ent.end) and actor.kind not in _NOBODY:
                    return actor
        return None


def person_spellings(records: list[dict], column: str | None) -> dict[str, str]:
    """The spelling of each person the metadata ``column`` names, by :func:`person_key`: these win in the text."""
    spellings: dict[str, str] = {}
    if column is None:
        return spellings
    for record in records:
        name = record.get(column)
        if isinstance(name, str) and len(name.split()) > 1:
            spellings.setdefault(person_key(name), name.strip())
    return spellings
