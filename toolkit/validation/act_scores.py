"""Precision, recall and F1 of the speech acts found against hand coding, per act and group, with their targets."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_type
from toolkit.lexicon.gazetteer import load_gazetteer
from toolkit.nlp import load_pipeline

__all__ = ["act_validation"]

_CODED_COLUMNS = ("doc_id", "act", "actor", "negated", "target_text", "target_actor")
_FOUND_COLUMNS = ("doc_id", "act", "negated", "own", "target", "target_id", "target_text")
# Words that carry no identity of a target: "the attack" and "the attacks by X" share "attack".
_FUNCTION_WORDS = frozenset(
    "the a an of in on for to by with at from against over about and or our their its his her this that these "
    "those all any some such own which who whom whose".split()
)


def _words(text: object) -> set[str]:
    if not isinstance(text, str):
        return set()
    return {w for w in re.findall(r"[\w'-]+", text.lower()) if w not in _FUNCTION_WORDS}


def _head(text: object) -> str | None:
    """The head word of a coded target phrase: the root of its dependency parse ("attacks" in "the terrorist
    attacks in Mumbai", "support" in "to support regional processes")."""
    if not isinstance(text, str) or not text.strip():
        return None
    doc = load_pipeline()(text.strip())
    roots = [t for t in doc if t.dep_ == "ROOT" and not t.is_punct]
    return roots[0].lower_ if roots else None


def _is_set(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _coded_actors(value: object, speaker_id: str | None) -> set[str]:
    """The gazetteer ids of a coded actor field ("SELF", an id, a name; several joined by ";")."""
    if not _is_set(value):
        return set()
    gazetteer = load_gazetteer()
    ids = set()
    for part in str(value).split(";"):
        part = part.strip()
        if part == "SELF":
            ids.add(speaker_id)
            continue
        known = gazetteer.resolve(part)
        ids.add(known.id if known is not None else part)
    return ids


def _target_right(found: pd.Series, coded: pd.Series, speaker_id: str | None) -> tuple[bool, bool]:
    """(the act's target is right, the ``target`` column alone is right), as documented in act_validation."""
    actors = _coded_actors(coded["target_actor"], speaker_id)
    known = {a for a in actors if a == speaker_id or a in load_gazetteer().actors}  # actors the toolkit can name
    found_id = found["target_id"] if _is_set(found["target_id"]) else None
    if not _is_set(coded["target_text"]) and not actors:
        quiet = not _is_set(found["target_text"]) and not _is_set(found["target"])
        return quiet, quiet
    same_actor = found_id is not None and found_id in actors
    head = _head(coded["target_text"])
    text_right = head is not None and head in _words(found["target_text"])
    column_right = same_actor if known else head is not None and head in _words(found["target"])
    return bool(same_actor or text_right), bool(column_right)


def _pairs(found: pd.DataFrame, coded: pd.DataFrame) -> tuple[Counter, Counter, list[tuple[pd.Series, pd.Series]]]:
    """Per document and act: how many found, how many coded, and the matched (found, coded) rows."""
    n_found, n_coded, matched = Counter(), Counter(), []
    for (doc, act), part in coded.groupby(["doc_id", "act"], sort=False):
        n_coded[act] += len(part)
        mine = found[(found["doc_id"] == doc) & (found["act"] == act)]
        # Pair each coded act with the found act whose target shares most words with it.
        free = list(range(len(mine)))
        for _, row in part.iterrows():
            if not free:
                break
            best = max(free, key=lambda k: len(_words(mine.iloc[k]["target_text"]) & _words(row["target_text"])))
            matched.append((mine.iloc[best], row))
            free.remove(best)
    for act, part in found.groupby("act", sort=False):
        n_found[act] += len(part)
    return n_found, n_coded, matched


def _scores(found: pd.DataFrame, coded: pd.DataFrame, speakers: dict[str, str]) -> pd.DataFrame:
    n_found, n_coded, matched = _pairs(found, coded)
    tp = Counter(row["act"] for _, row in matched)
    targets = Counter()
    columns = Counter()
    for f, c in matched:
        right, column_right = _target_right(f, c, speakers.get(c["doc_id"]))
        targets[c["act"]] += right
        columns[c["act"]] += column_right
    rows = []
    for act in sorted(set(n_found) | set(n_coded)) + ["all"]:
        pick = (lambda counter: sum(counter.values())) if act == "all" else (lambda counter: counter[act])
        n_f, n_c, t = pick(n_found), pick(n_coded), pick(tp)
        precision = t / n_f if n_f else np.nan
        recall = t / n_c if n_c else np.nan
        f1 = 2 * precision * recall / (precision + recall) if n_f and n_c and precision + recall > 0 else np.nan
        rows.append({
            "act": act, "n_coded": n_c, "n_found": n_f, "tp": t, "precision": precision, "recall": recall, "f1": f1,
            "target_right": pick(targets) / t if t else np.nan, "target_column_right": pick(columns) / t if t else np.nan,
        })
    return pd.DataFrame(rows)


def act_validation(
    acts: pd.DataFrame,
    coded: pd.DataFrame,
    *,
    by: str | None = None,
    own: bool = True,
) -> pd.DataFrame:
    """Return precision, recall and F1 of the speech acts found against hand coding, per act (and group), with targets.

    An act found counts as right when the coders found the same act in the same statement
    (several acts of one kind in a statement are paired by the words of their targets). With
    ``own`` (the default) only the acts a statement's speaker performs itself count: coded with
    actor ``SELF`` and not negated, and found with ``own`` true and ``negated`` false. The target
    of a matched act is right when it names the coded actor (``target_id``; ``SELF`` is the
    statement's speaker) or when the head word of the coded phrase (the root of its dependency
    parse: "attacks" in "the terrorist attacks in Mumbai") is a word of ``target_text``; when the coders saw no target,
    when none is found. The ``target`` column alone is right when it is the coded actor, or, for a
    target that is no actor, when it holds the coded phrase's head word.

    Parameters
    ----------
    acts : pandas.DataFrame
        The output of :func:`toolkit.speech_acts` on the coded statements (their ``doc_id``).
    coded : pandas.DataFrame
        One row per coded act: ``doc_id`` (and ``sent_id`` when the coded units are sentences of
        longer statements, as :func:`coding_sample` draws them), ``act`` (``"none"`` for a
        statement or sentence without an act),
        ``actor`` (``SELF`` for the speaker), ``negated`` (0/1), ``target_text``,
        ``target_actor``; optionally ``speaker_id`` (the statement's actor, to read ``SELF``
        targets) and the column ``by``. The codebook of ``data/validation/acts/`` describes them.
    by : str, optional
        A column of ``coded`` (e.g. ``country``): the scores of each of its values too.
    own : bool
        Score only the acts of the statement's speaker (True) or every act found and coded.

    Returns
    -------
    pandas.DataFrame
        ``act`` (each act, then ``all``), ``n_coded``, ``n_found``, ``tp``, ``precision``,
        ``recall``, ``f1``, ``target_right`` and ``target_column_right`` (shares of the matched
        acts); with ``by``, a first column of its values and ``"all"``.

    Raises
    ------
    KeyError
        If a column is missing.
    """
    check_type(acts, pd.DataFrame, name="acts", func="act_validation", expected="the DataFrame tk.speech_acts returns")
    check_type(coded, pd.DataFrame, name="coded", func="act_validation", expected="a DataFrame of coded acts")
    for table, needed, name in ((acts, _FOUND_COLUMNS, "acts"), (coded, _CODED_COLUMNS, "coded")):
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise ToolkitKeyError(f"act_validation: the {name!r} table has no column {', '.join(map(repr, missing))}.")
    if by is not None and by not in coded.columns:
        raise ToolkitKeyError(f"act_validation: the 'coded' table has no column {by!r} to group by.")
    coded = coded.assign(doc_id=coded["doc_id"].astype(str), negated=pd.to_numeric(coded["negated"], errors="coerce"))
    found = acts.assign(doc_id=acts["doc_id"].astype(str))
    if "sent_id" in coded.columns:  # sentences sampled from whole statements: an act is matched in its sentence
        sent = pd.to_numeric(coded["sent_id"], errors="coerce")
        if sent.isna().any():
            row = int(np.flatnonzero(sent.isna().to_numpy())[0])
            raise ValueError(f"act_validation: the 'coded' table has no sent_id in row {row} (from 0); every coded "
                             "act needs the number of its sentence, as tk.coding_sample gives it.")
        coded = coded.assign(doc_id=coded["doc_id"] + "#" + sent.astype(int).astype(str))
        found = found.assign(doc_id=found["doc_id"] + "#" + found["sent_id"].astype(int).astype(str))
    found = found[found["doc_id"].isin(set(coded["doc_id"]))]
    groups = dict(zip(coded["doc_id"], coded[by])) if by is not None else {}  # every statement, acts or none
    coded = coded[coded["act"] != "none"]
    if own:
        coded = coded[(coded["actor"] == "SELF") & (coded["negated"].fillna(0) == 0)]
        found = found[found["own"].astype(bool) & ~found["negated"].astype(bool)]
    speakers = dict(zip(coded["doc_id"], coded["speaker_id"])) if "speaker_id" in coded.columns else {}
    if by is None:
        return _scores(found, coded, speakers)
    parts = [_scores(found, coded, speakers).assign(**{by: "all"})]
    for value in sorted(set(groups.values()), key=str):
        docs = {d for d, g in groups.items() if g == value}
        parts.append(_scores(found[found["doc_id"].isin(docs)], coded[coded["doc_id"].isin(docs)], speakers)
                     .assign(**{by: value}))
    out = pd.concat(parts, ignore_index=True)
    return out[[by, *[c for c in out.columns if c != by]]]
