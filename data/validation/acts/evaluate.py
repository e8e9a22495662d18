"""Score the toolkit's speech acts against the hand-coded sample: own acts per act and per country.

Run from the repository root: ``.venv/bin/python data/validation/acts/evaluate.py``. The speaker is
given only as its ISO3 code (the ``country`` column) and no aliases, as in the acceptance test. Another
set: ``evaluate.py --sentences check/sentences.csv --coded check/coded_c.csv`` (paths relative to this
folder).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import toolkit as tk

HERE = Path(__file__).resolve().parent


def load(sentences: str = "sentences.csv", coded: str = "gold.csv") -> tuple[tk.Corpus, pd.DataFrame]:
    """The coded sentences as a corpus (one statement each) and the gold acts keyed by its doc_id."""
    sentences = pd.read_csv(HERE / sentences, keep_default_na=False)
    gold = pd.read_csv(HERE / coded, dtype=str, keep_default_na=False)
    corpus = tk.Corpus(sentences.rename(columns={"sentence_id": "doc_id", "sentence": "text"})[
        ["doc_id", "text", "item", "country", "year"]])
    ids = dict(zip(sentences["item"].astype(str), sentences["sentence_id"]))
    countries = dict(zip(sentences["item"].astype(str), sentences["country"]))
    gold = gold.assign(doc_id=gold["item"].map(ids), country=gold["item"].map(countries),
                       speaker_id=gold["item"].map(countries))
    return corpus, gold


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", default="sentences.csv", help="the sampled sentences (default the dev set)")
    parser.add_argument("--coded", default="gold.csv", help="the codings to score against (default gold.csv)")
    args = parser.parse_args(argv)
    corpus, gold = load(args.sentences, args.coded)
    acts = tk.speech_acts(corpus, speaker="country")
    pd.set_option("display.width", 160)
    scores = tk.act_validation(acts, gold)
    print(scores.round(2).to_string(index=False))
    per_country = tk.act_validation(acts, gold, by="country")
    overall = per_country[per_country["act"] == "all"][["country", "n_coded", "n_found", "tp", "precision", "recall"]]
    print(overall.round(2).to_string(index=False))


if __name__ == "__main__":
    main()
