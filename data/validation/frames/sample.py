"""Draw a frame validation sample from the UN General Debate Corpus, 1975-2024.

Run from the repository root (the corpus where the tests look for it, or TOOLKIT_UNGDC_DIR):

    .venv/bin/python data/validation/frames/sample.py

It writes ``data/validation/frames/sentences.csv``: 8 sentences from each of 40 countries (every
region), drawn at random from the sentences of 4 speeches per country, themselves drawn at random
(seed 2031). Nothing about frames guides the draw: no cue words, no toolkit output, so precision and
recall are both estimated without weights. The sample is fixed: do not re-draw it to make the
toolkit look better; draw a new one (another seed; other countries, or ``--exclude`` the earlier
sets' speeches) to test again, as the held-out sets were (``README.md``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # data/validation: the shared sampling steps
from ungdc_sentences import speech_sentences, with_context  # noqa: E402

OUT = Path(__file__).resolve().parent / "sentences.csv"
SEED = 2031
YEARS = range(1975, 2025)
# Every region, large and small states, permanent members and others.
COUNTRIES = [
    "NGA", "ZAF", "EGY", "KEN", "ETH", "GHA", "DZA", "SDN",  # Africa
    "USA", "BRA", "MEX", "ARG", "CUB", "COL", "VEN", "JAM",  # Americas
    "CHN", "IND", "JPN", "IDN", "PAK", "PHL", "BGD", "AFG",  # Asia
    "IRN", "SAU", "ISR", "PSE", "TUR", "SYR", "IRQ", "JOR",  # Middle East
    "GBR", "FRA", "DEU", "RUS", "UKR", "POL", "SRB", "AUS",  # Europe, Oceania
]
SPEECHES_PER_COUNTRY = 4
SENTENCES_PER_COUNTRY = 8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw a frame validation sample from the UNGDC.")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the committed set)")
    parser.add_argument("--countries", nargs="+", default=COUNTRIES, help="ISO3 codes (default: the 40 above)")
    parser.add_argument("--out", type=Path, default=OUT, help="the CSV to write (default sentences.csv here)")
    parser.add_argument("--per-country", type=int, default=SENTENCES_PER_COUNTRY,
                        help=f"sentences per country (default {SENTENCES_PER_COUNTRY})")
    parser.add_argument("--exclude", nargs="*", type=Path, default=[],
                        help="sentences.csv files of earlier sets: their speeches are not drawn again")
    parser.add_argument("--quiet", action="store_true", help="print nothing about the sample (for a held-out set)")
    args = parser.parse_args(argv)
    excluded = set().union(*[set(pd.read_csv(f, keep_default_na=False)["speech"]) for f in args.exclude])
    return draw(args.seed, args.countries, args.out, per_country=args.per_country, quiet=args.quiet, exclude=excluded)


def draw(seed: int, countries: list[str], out_path: Path, *, per_country: int = SENTENCES_PER_COUNTRY,
         quiet: bool = False, exclude: set[str] = frozenset()) -> int:
    """Draw the sample: speeches per country at random, then sentences of those speeches at random."""
    rng = np.random.default_rng(seed)
    drawn = speech_sentences(rng, countries, YEARS, SPEECHES_PER_COUNTRY, exclude)
    if drawn is None:
        return 1
    sentences, frame = drawn
    rows = []
    for country in countries:
        pool = frame[frame["country"] == country]
        pick = sorted(rng.choice(len(pool), size=min(per_country, len(pool)), replace=False).tolist())
        rows.append(pool.iloc[pick])
    sample = pd.concat(rows)
    sample = with_context(sample, sentences)  # the sentence before, for the coders
    sample = sample.sample(frac=1, random_state=seed).reset_index(drop=True)  # shuffled: no blocks by country
    out = pd.DataFrame({
        "item": np.arange(1, len(sample) + 1),
        "sentence_id": sample["doc_id"].to_numpy(),
        "speech": sample["speech"].to_numpy(),
        "country": sample["country"].to_numpy(),
        "year": sample["year"].to_numpy(),
        "context": sample["context"].to_numpy(),
        "sentence": sample["text"].to_numpy(),
    })
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(out_path, index=False)
    if not quiet:
        print(f"{len(out)} sentences from {out['speech'].nunique()} speeches of {out['country'].nunique()} "
              f"countries -> {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
