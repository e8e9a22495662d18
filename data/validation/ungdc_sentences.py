"""The steps the validation samples share: speeches drawn per country, their ordinary sentences, the context.

Used by ``acts/sample.py`` and ``frames/sample.py``; each draws its own sentences from what this
returns. The random draws happen in the same order as when the committed samples were made, so
re-running a script with its seed writes the committed file again.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

import toolkit as tk

ROOT = Path(__file__).resolve().parents[2]
UNGDC = Path(os.environ.get("TOOLKIT_UNGDC_DIR", ROOT.parent / "shared" / "corpora" / "ungdc"))


def speech_sentences(rng: np.random.Generator, countries: Sequence[str], years: Iterable[int], per_country: int,
                     exclude: Iterable[str] = ()) -> tuple[tk.Corpus, pd.DataFrame] | None:
    """``per_country`` speeches of each country drawn at random, split into sentences; None without the corpus.

    Returns the sentences (a Corpus) and a table of the ordinary ones (6 to 80 words, starting with a
    capital: no headings, page furniture or run-on blocks) with a ``speech`` column.
    """
    archive, speakers = UNGDC / "UNGDC_1946-2024.tgz", UNGDC / "Speakers_by_session.xlsx"
    if not archive.exists():
        print(f"The UN General Debate Corpus is not at {UNGDC}; set TOOLKIT_UNGDC_DIR.", file=sys.stderr)
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.LoaderWarning)  # stray files and a few garbled speeches
        un = tk.load_ungdc(archive, speakers, years=years, countries=countries)
    meta, excluded = un.meta, set(exclude)
    chosen = []
    for country in countries:
        ids = sorted(set(meta.loc[meta["country"] == country, "doc_id"]) - excluded)
        chosen += sorted(rng.choice(ids, size=per_country, replace=False).tolist())
    speeches = un.subset(un.meta["doc_id"].isin(chosen).to_numpy())
    sentences = speeches.reshape("paragraphs").reshape("sentences")
    frame = sentences.to_frame()
    frame["speech"] = frame["parent_id"]
    frame["n_words"] = frame["text"].str.split().str.len()
    frame = frame[(frame["n_words"] >= 6) & (frame["n_words"] <= 80) & frame["text"].str.match(r"^[\"'“(]?[A-Z]")]
    return sentences, frame


def with_context(sample: pd.DataFrame, sentences: tk.Corpus) -> pd.DataFrame:
    """The sample with ``context``: the sentence before each, in the same speech, for the coders (not coded)."""
    previous = dict(zip(sentences.doc_ids, [""] + sentences.texts[:-1]))
    parents = sentences.meta["parent_id"].tolist()
    same_speech = dict(zip(sentences.doc_ids, [False] + [a == b for a, b in zip(parents[:-1], parents[1:])]))
    return sample.assign(context=[previous[i] if same_speech[i] else "" for i in sample["doc_id"]])
