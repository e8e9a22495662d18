"""The actor gazetteer: states, organisations, negotiation formats and non-state actors, with every name they go by.

``toolkit/resources/actors.yaml`` lists each actor once, with an id (ISO 3166-1 alpha-3 for
states), a canonical name, and the forms text uses for it: short, official and UN names ("Iran
(Islamic Republic of)", "Türkiye", "Turkey"), adjectives and demonyms ("Russian", "Israelis"), the
capital as a metonym ("Moscow said") and other aliases ("the Kremlin", "DPRK"). Speech acts and
actions use it to say who acts on whom; ``tk.actors()`` shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from toolkit._util.files import read_yaml
from toolkit._util.resources import resource
from toolkit._util.validation import ToolkitKeyError
from toolkit.nlp import merge_hyphenated

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Actor", "Gazetteer", "Mention", "actors", "load_gazetteer"]

_FIELDS = ("names", "adjectives", "aliases")
# Short all-capital forms ("US", "UK", "EU") are matched as written, so that "us" stays a pronoun.
_CASED = re.compile(r"^[A-Z][A-Z.+0-9&-]{0,5}$")


@dataclass(frozen=True)
class Actor:
    """One actor of the gazetteer."""

    id: str
    name: str
    kind: str
    group: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capital: str | None = None
    aliases: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """Every form that names the actor in text: names, adjectives, capital and aliases."""
        return tuple(dict.fromkeys([self.name, *self.names, *self.adjectives, *([self.capital] if self.capital else []),
                                    *self.aliases]))


class Mention(NamedTuple):
    """An actor named in a Doc: the span, the actor, and the kind of form ("name", "adjective", "capital", "alias")."""

    span: Span
    actor: Actor
    form: str


class Gazetteer:
    """Actors by id, and a matcher that finds them in a spaCy Doc (see :func:`load_gazetteer`)."""

    def __init__(self, actors: list[Actor], *, source: str, sources: dict[str, tuple[str, str]]) -> None:
        self.actors = {a.id: a for a in actors}
        self.source = source
        self.sources = sources  # group -> (source, licence)
        self._lookup: dict[str, str] = {}
        self._form: dict[tuple[str, str], str] = {}  # (actor id, key) -> kind of form
        for a in actors:
            for form in (a.id, *a.forms()):
                self._lookup.setdefault(_key(form), a.id)
            kinds = [("alias", a.aliases), ("capital", (a.capital,) if a.capital else ()), ("adjective", a.adjectives),
                     ("name", (a.name, *a.names))]
            for kind, forms in kinds:  # the last kind wins: a form that is also a name is a name
                for form in forms:
                    self._form[(a.id, _key(form))] = kind
        self._matchers: dict[int, tuple[Language, Any, Any]] = {}

    def __len__(self) -> int:
        return len(self.actors)

    def __getitem__(self, actor_id: str) -> Actor:
        if actor_id not in self.actors:
            raise ToolkitKeyError(f"The gazetteer has no actor {actor_id!r}; see tk.actors() for the ids.")
        return self.actors[actor_id]

    def resolve(self, value: object) -> Actor | None:
        """The actor a metadata value names: an id ("RUS", "rus") or any of its forms ("Russian Federation")."""
        if not isinstance(value, str) or not value.strip():
            return None
        if value.strip().upper() in self.actors:
            return self.actors[value.strip().upper()]
        actor_id = self._lookup.get(_key(value))
        return self.actors[actor_id] if actor_id else None

    def find(self, doc: Doc, nlp: Language) -> list[Mention]:
        """Every mention of an actor in ``doc``, longest first where mentions overlap, in text order."""
        matcher, cased = self._matcher(nlp)
        # Each span carries the actor whose form matched (the matcher's label): "NAM" in text is the
        # Non-Aligned Movement, although NAM is also Namibia's ISO code.
        spans = [Span(doc, s, e, label=m) for m, s, e in [*matcher(doc), *cased(doc)]]
        found = []
        for span in sorted(filter_spans(spans), key=lambda sp: sp.start):
            if _inside_a_longer_name(span):
                continue
            actor_id = span.label_
            found.append(Mention(span, self.actors[actor_id], self._form.get((actor_id, _key(span.text)), "name")))
        return found

    def _matcher(self, nlp: Language) -> tuple[Any, Any]:
        cached = self._matchers.get(id(nlp))
        if cached is not None and cached[0] is nlp:
            return cached[1], cached[2]
        matcher, cased = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
        for actor in self.actors.values():
            plain, exact = [], []
            for form in actor.forms():
                doc = merge_hyphenated(nlp.make_doc(_without_article(form)))
                (exact if _CASED.match(form) else plain).append(doc)
            if plain:
                matcher.add(actor.id, plain)
            if exact:
                cased.add(actor.id, exact)
        self._matchers[id(nlp)] = (nlp, matcher, cased)
        return matcher, cased

    def to_frame(self) -> pd.DataFrame:
        """One row per actor: ``id``, ``name``, ``kind``, ``group``, ``names``, ``adjectives``, ``capital``,
        ``aliases`` (lists joined by "; "), ``source``, ``licence``."""
        rows = [
            {
                "id": a.id, "name": a.name, "kind": a.kind, "group": a.group, "names": "; ".join(a.names),
                "adjectives": "; ".join(a.adjectives), "capital": a.capital, "aliases": "; ".join(a.aliases),
                "source": self.sources.get(a.group, ("", ""))[0], "licence": self.sources.get(a.group, ("", ""))[1],
            }
            for a in self.actors.values()
        ]
        return pd.DataFrame(rows, columns=["id", "name", "kind", "group", "names", "adjectives", "capital", "aliases",
                                           "source", "licence"])


def _inside_a_longer_name(span: Span) -> bool:
    """Whether a match is the tail of a longer proper name: "Commission on Human Rights" in "the
    Inter-American Commission on Human Rights" names another body."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.text == "-" and not before.whitespace_ and span.start >= 2 and not span.doc[span.start - 2].whitespace_:
        return True  # "Inter-American": part of a hyphenated word
    return before.is_title and before.pos_ in ("PROPN", "ADJ") and before.dep_ in ("compound", "amod", "nmod") \
        and before.head.i in range(span.start, span.end)


def _without_article(form: str) -> str:
    return re.sub(r"^the\s+", "", form.strip(), flags=re.IGNORECASE)


def _key(form: str) -> str:
    """How a form is looked up: without a leading "the", apostrophes and case folded, spaces single."""
    text = _without_article(form).replace("\u2019", "'").casefold()
    return " ".join(text.replace(" - ", "-").split())


_CACHE: dict[str, Gazetteer] = {}


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Return the gazetteer read from a YAML file, by default the toolkit's ``actors.yaml``.

    Parameters
    ----------
    path : path, optional
        A YAML file in the format of ``toolkit/resources/actors.yaml``: ``groups``, each with a
        ``source``, a ``licence`` and a list of ``actors`` (``id``, ``name``, ``kind`` and the
        lists ``names``, ``adjectives``, ``aliases``, and ``capital``).

    Returns
    -------
    Gazetteer

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the YAML is malformed, an actor lacks an id or a name, or two actors share an id.
    """
    file = resource("actors.yaml") if path is None else Path(path)
    key = str(file)
    if key in _CACHE:
        return _CACHE[key]
    if not file.is_file():
        raise FileNotFoundError(f"No such gazetteer: '{file}'. Pass a YAML file in the format of actors.yaml.")
    data = read_yaml(key, text=file.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise ValueError(f"{key}: a gazetteer needs a 'groups' mapping, each group with a list of 'actors'.")
    actors, sources = [], {}
    for group, spec in data["groups"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("actors"), list):
            raise ValueError(f"{key}: group {group!r} needs a list of 'actors'.")
        if not spec.get("source") or not spec.get("licence"):
            raise ValueError(f"{key}: group {group!r} lacks a source or a licence; every group records both.")
        sources[str(group)] = (str(spec["source"]), str(spec["licence"]))
        actors += [_actor(entry, str(group), source=key) for entry in spec["actors"]]
    seen: dict[str, str] = {}
    for actor in actors:
        if actor.id in seen:
            raise ValueError(f"{key}: two actors share the id {actor.id!r} (in {seen[actor.id]} and {actor.group}).")
        seen[actor.id] = actor.group
    owners: dict[str, str] = {}
    for actor in actors:
        for form in actor.forms():
            other = owners.setdefault(_key(form), actor.id)
            if other != actor.id:
                raise ValueError(
                    f"{key}: the form {form!r} names two actors, {other} and {actor.id}; a form must name one "
                    "actor (leave an ambiguous form out, and note it)."
                )
    gazetteer = Gazetteer(actors, source=key, sources=sources)
    _CACHE[key] = gazetteer
    return gazetteer


def _actor(entry: Any, group: str, *, source: str) -> Actor:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
        raise ValueError(f"{source}: every actor of group {group!r} needs an 'id' and a 'name'; got {entry!r}.")
    lists = {}
    for field in _FIELDS:
        value = entry.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{source}: {field!r} of actor {entry['id']!r} must be a list of non-empty strings.")
        lists[field] = tuple(v.strip() for v in value)
    capital = entry.get("capital")
    return Actor(str(entry["id"]), str(entry["name"]), str(entry.get("kind", group)), group,
                 capital=str(capital) if capital else None, **lists)


def actors(path: str | Path | None = None) -> pd.DataFrame:
    """Return the actor gazetteer as a table: every state, organisation, format and non-state actor it knows.

    The speech acts and actions name actors through it: a state by its ISO 3166-1 alpha-3 code
    (``subject_id``, ``target_id``) and its canonical name, whatever form the text uses ("the
    Russian Federation", "Moscow", "Russian"). Extend it for a study by passing ``aliases=`` to
    :func:`toolkit.speech_acts` (your aliases win), or write your own file in the same format.

    Parameters
    ----------
    path : path, optional
        A gazetteer YAML file (default the built-in ``actors.yaml``).

    Returns
    -------
    pandas.DataFrame
        ``id``, ``name``, ``kind`` (state, observer, organisation, organ, agency, format,
        non-state, ...), ``group``, ``names``, ``adjectives``, ``capital``, ``aliases`` (forms
        joined by "; "), ``source`` and ``licence`` of the group.

    Examples
    --------
    >>> import toolkit as tk
    >>> table = tk.actors()
    >>> table.loc[table["id"] == "RUS", "name"].item()
    'Russian Federation'
    """
    return load_gazetteer(path).to_frame()
