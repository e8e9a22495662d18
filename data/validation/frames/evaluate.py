"""Score the toolkit's frames against a hand-coded sample: precision, recall, F1 and kappa per frame and country.

Run from the repository root: ``.venv/bin/python data/validation/frames/evaluate.py``. Each coded
sentence is a statement of its own; a frame is found when the toolkit finds it in any sentence the
statement is split into. Another set: ``evaluate.py --sentences heldout/sentences.csv --coded
heldout/coded_h.csv`` (paths relative to this folder). ``--quiet`` prints only the summary and the
per-frame table (no sentence), as for the held-out set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

import toolkit as tk

HERE = Path(__file__).resolve().parent
FRAMES = ("security", "humanitarian", "legal", "diplomacy", "sovereignty", "violence", "economy", "regional",
          "accountability", "history")


def found(sentences: pd.DataFrame, dictionary=None) -> pd.DataFrame:
    """The toolkit's 0/1 per item and frame: any sentence of the item's statement uses the frame."""
    corpus = tk.Corpus(sentences.rename(columns={"sentence_id": "doc_id", "sentence": "text"})[
        ["doc_id", "text", "item", "country", "year"]])
    result = tk.frames(corpus, dictionary)
    ind = result.indicators.groupby("doc_id")[list(result.frames)].max()
    ind = ind.reindex(sentences["sentence_id"]).fillna(0).astype(int)
    ind.index = sentences["item"].to_numpy()
    return ind


def scores(sentences: pd.DataFrame, gold: pd.DataFrame, dictionary=None) -> pd.DataFrame:
    """Per frame: precision, recall, F1 and Cohen's kappa, as ``tk.frame_validation`` computes them.

    Each coded sentence is a statement of its own, found when the dictionary finds the frame in
    any sentence spaCy splits it into (codings without ``sent_id``).
    """
    corpus = tk.Corpus(sentences.rename(columns={"sentence_id": "doc_id", "sentence": "text"})[
        ["doc_id", "text", "item", "country", "year"]])
    codings = gold.reset_index(drop=True).assign(doc_id=sentences["sentence_id"].to_numpy())
    return tk.frame_validation(tk.frames(corpus, dictionary), codings)


def load(sentences: str, coded: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sampled sentences and the codings, aligned by item."""
    sentences_ = pd.read_csv(HERE / sentences, keep_default_na=False)
    gold = pd.read_csv(HERE / coded, keep_default_na=False).set_index("item").loc[sentences_["item"]]
    return sentences_, gold[list(FRAMES)].astype(int)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", default="sentences.csv", help="the sampled sentences (default the dev set)")
    parser.add_argument("--coded", default="gold.csv", help="the codings to score against (default gold.csv)")
    parser.add_argument("--dictionary", default=None, help="a frame dictionary (default the built-in one)")
    parser.add_argument("--quiet", action="store_true", help="no per-country table")
    args = parser.parse_args(argv)
    sentences, gold = load(args.sentences, args.coded)
    table = scores(sentences, gold, args.dictionary)
    pd.set_option("display.width", 160)
    print(table.round(2).to_string(index=False))
    print(f"macro-F1 {table['f1'].mean():.3f}  mean kappa {table['kappa'].mean():.3f}  "
          f"lowest F1 {table['f1'].min():.2f} ({table.loc[table['f1'].idxmin(), 'frame']})")
    if not args.quiet:
        predicted = found(sentences, args.dictionary)
        countries = sentences["country"].to_numpy()
        rows = []
        for country in sorted(set(countries)):
            mask = countries == country
            p, g = predicted[mask].to_numpy().astype(bool), gold[mask].to_numpy().astype(bool)
            tp = int((p & g).sum())
            rows.append({"country": country, "n_coded": int(g.sum()), "n_found": int(p.sum()), "tp": tp,
                         "precision": tp / p.sum() if p.sum() else np.nan,
                         "recall": tp / g.sum() if g.sum() else np.nan})
        print(pd.DataFrame(rows).round(2).to_string(index=False))


if __name__ == "__main__":
    main()
