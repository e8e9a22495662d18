"""Samples of sentences for hand coding, stratified by what the toolkit found, and the coders' sheets read back.

A sample for coding shows coders the sentences and nothing of the toolkit's decisions; it draws
sentences the toolkit assigns to each category (a frame, a speech act) and sentences it assigns to
none, without which recall cannot be judged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit._util.validation import ToolkitKeyError, check_int, renamed
from toolkit.corpus import Corpus
from toolkit.framing import FrameResult
from toolkit.nlp import spacy_docs

__all__ = ["coding_sample", "read_codings"]

# The fields of the speech-act codebook (data/validation/acts/CODEBOOK.md), left empty for the coders.
ACT_FIELDS = ("act", "actor", "cue", "negated", "target_text", "target_actor")
_ACT_COLUMNS = ("doc_id", "sent_id", "act", "sentence")


def coding_sample(
    result: FrameResult | pd.DataFrame,
    *,
    corpus: Corpus | None = None,
    n_per_category: int | None = None,
    n_unmatched: int = 10,
    seed: int = 0,
    model: str | None = None,
    n_per_frame: int | None = None,
) -> pd.DataFrame:
    """Return a stratified sample of sentences for human coding, without the toolkit's decisions.

    For each category (each frame of a :class:`FrameResult`, each act of :func:`toolkit.speech_acts`),
    up to ``n_per_category`` sentences the toolkit assigns to it; plus ``n_unmatched`` sentences it
    assigns to none (without them recall cannot be judged). The sheet shows no decision of the
    toolkit's; save it with ``to_csv``, have coders fill it in, and read it back (frames:
    :func:`read_codings` and :func:`frame_validation`; acts: one row per act coded, then
    :func:`act_validation`).

    Parameters
    ----------
    result : FrameResult or pandas.DataFrame
        Frames (:func:`toolkit.frames`) or speech acts (the table :func:`toolkit.speech_acts` returns).
    corpus : Corpus, optional
        For speech acts: the corpus they were found in, whose other sentences are the ones without acts.
    n_per_category, n_unmatched : int
        Sentences per category (default 10) and sentences without any.
    seed : int
        Seed of the sample (and of the shuffled order of the items).
    model : optional
        For speech acts: the spaCy pipeline :func:`toolkit.speech_acts` ran with, so that the
        sentences are split as it split them.
    n_per_frame : int, optional
        Deprecated name of ``n_per_category``.

    Returns
    -------
    pandas.DataFrame
        ``item`` (1..N), ``doc_id``, ``sent_id``, ``sentence``; for frames one empty column per
        frame (1 or 0 to fill in); for acts ``context`` (the sentence before, to read pronouns)
        and the empty fields of the speech-act codebook: ``act``, ``actor``, ``cue``,
        ``negated``, ``target_text``, ``target_actor`` (a sentence with several acts gets one
        row per act; one without an act gets ``act`` "none").

    Raises
    ------
    TypeError
        If ``result`` is neither frames nor speech acts.
    ValueError
        If a sample of speech acts has no ``corpus``.
    """
    n = renamed(n_per_frame, n_per_category, old="n_per_frame", new="n_per_category", func="coding_sample")
    n = 10 if n is None else n
    check_int(n, name="n_per_category", func="coding_sample", minimum=0)
    check_int(n_unmatched, name="n_unmatched", func="coding_sample", minimum=0)
    rng = np.random.default_rng(seed)
    if isinstance(result, FrameResult):
        return _frame_sample(result, n, n_unmatched, rng)
    if isinstance(result, pd.DataFrame) and all(c in result.columns for c in _ACT_COLUMNS):
        if not isinstance(corpus, Corpus):
            raise ValueError(
                "coding_sample: a sample of speech acts needs corpus=, the corpus tk.speech_acts ran on, "
                "to draw the sentences without acts too."
            )
        return _act_sample(result, corpus, n, n_unmatched, rng, model=model)
    raise TypeError(
        "The 'result' parameter of coding_sample must be a FrameResult (tk.frames) or the table tk.speech_acts "
        f"returns. Got {type(result).__name__} instead."
    )


def _draw(strata: dict[str, np.ndarray], unmatched: np.ndarray, n: int, n_unmatched: int,
          rng: np.random.Generator) -> list[int]:
    """Row positions: up to ``n`` per stratum (without repeats across strata), ``n_unmatched`` more, shuffled."""
    chosen: list[int] = []
    for pool in strata.values():
        pool = np.setdiff1d(pool, chosen)
        chosen.extend(rng.choice(pool, size=min(n, len(pool)), replace=False).tolist())
    unmatched = np.setdiff1d(unmatched, chosen)
    chosen.extend(rng.choice(unmatched, size=min(n_unmatched, len(unmatched)), replace=False).tolist())
    return rng.permutation(chosen).tolist() if chosen else []


def _frame_sample(result: FrameResult, n: int, n_unmatched: int, rng: np.random.Generator) -> pd.DataFrame:
    ind = result.indicators
    frames_ = list(result.frames)
    strata = {f: np.flatnonzero(ind[f].to_numpy() == 1) for f in frames_}
    none = np.flatnonzero(ind[frames_].to_numpy().sum(axis=1) == 0)
    order = _draw(strata, none, n, n_unmatched, rng)
    sample = ind.iloc[order][["doc_id", "sent_id", "sentence"]].reset_index(drop=True)
    sample.insert(0, "item", np.arange(1, len(sample) + 1))
    for frame in frames_:
        sample[frame] = pd.array([pd.NA] * len(sample), dtype="Int64")
    return sample


def _act_sample(acts: pd.DataFrame, corpus: Corpus, n: int, n_unmatched: int,
                rng: np.random.Generator, *, model: str | None) -> pd.DataFrame:
    """Sentences of the corpus (as speech_acts splits them), each act a stratum, the rest unmatched."""
    rows = [(doc_id, s, sent.text.strip())
            for doc_id, doc in zip(corpus.doc_ids, spacy_docs(corpus, level="entities", model=model))
            for s, sent in enumerate(doc.sents, start=1)]
    sentences = pd.DataFrame(rows, columns=["doc_id", "sent_id", "sentence"])
    keys = pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]].astype({"doc_id": str}))
    found = acts.assign(doc_id=acts["doc_id"].astype(str))
    unknown = found[~pd.MultiIndex.from_frame(found[["doc_id", "sent_id"]]).isin(keys)]
    if len(unknown):
        first = unknown.iloc[0]
        raise ValueError(
            f"coding_sample: the act in statement {first['doc_id']!r}, sentence {first['sent_id']} is not a sentence "
            "of the corpus; pass the corpus tk.speech_acts ran on."
        )
    positions = pd.Series(np.arange(len(keys)), index=keys)
    strata = {act: np.unique(positions.loc[list(zip(part["doc_id"], part["sent_id"]))].to_numpy())
              for act, part in found.groupby("act", sort=True)}
    with_act = np.unique(np.concatenate(list(strata.values()))) if strata else np.array([], dtype=int)
    order = _draw(strata, np.setdiff1d(np.arange(len(keys)), with_act), n, n_unmatched, rng)
    context = sentences["sentence"].shift(1).where(sentences["doc_id"].eq(sentences["doc_id"].shift(1)), "")
    sample = sentences.assign(context=context).iloc[order].reset_index(drop=True)
    sample.insert(0, "item", np.arange(1, len(sample) + 1))
    for field in ACT_FIELDS:
        sample[field] = pd.Series([pd.NA] * len(sample), dtype="string")
    return sample[["item", "doc_id", "sent_id", "context", "sentence", *ACT_FIELDS]]


def read_codings(path_or_frame: str | Path | pd.DataFrame, *, frames: Sequence[str], prefix: str = "") -> pd.DataFrame:
    """Return human codings read back from a coded sheet, checked: one 0/1 per sentence and frame.

    Parameters
    ----------
    path_or_frame : path or DataFrame
        The coded sheet (CSV or Excel), with ``doc_id``, ``sent_id`` and one column per frame
        (named ``prefix + frame``, e.g. ``a_security`` for coder A in a shared sheet).
    frames : list of str
        The frames coded.
    prefix : str
        Prefix of the frame columns.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id`` and one int column (0/1) per frame.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If a code is not 0 or 1 (the message names the row and column).
    """
    if isinstance(path_or_frame, pd.DataFrame):
        sheet, source = path_or_frame.copy(), "The codings"
    else:
        path = Path(path_or_frame)
        if not path.exists():
            raise FileNotFoundError(f"No such codings file: '{path}'.")
        sheet = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xlsm") else pd.read_csv(path)
        source = str(path)
    columns = ["doc_id", "sent_id", *[prefix + f for f in frames]]
    missing = [c for c in columns if c not in sheet.columns]
    if missing:
        raise ToolkitKeyError(
            f"{source} has no column {', '.join(map(repr, missing))} (columns: {', '.join(map(repr, sheet.columns))})."
        )
    out = pd.DataFrame({"doc_id": sheet["doc_id"].astype(str), "sent_id": sheet["sent_id"].astype(int)})
    for frame in frames:
        col = prefix + frame
        values = sheet[col]
        bad = [i for i, v in enumerate(values) if pd.isna(v) or v not in (0, 1, "0", "1", True, False)]
        if bad:
            raise ValueError(
                f"{source}: column {col!r} must hold 0 or 1 in every row; not in row(s) "
                f"{', '.join(str(i + 2) for i in bad[:10])} (row 1 is the header). Code those sentences."
            )
        out[frame] = values.astype(int).to_numpy()
    return out
