"""Draw the speech-act validation sample from the UN General Debate Corpus, 1991-2024.

Run from the repository root (the corpus where the tests look for it, or TOOLKIT_UNGDC_DIR):

    .venv/bin/python data/validation/acts/sample.py

It writes ``data/validation/acts/sentences.csv``: 9 sentences from each of 36 countries (six
regions), 6 with a cue word of a diplomatic speech act and 3 without, from 3 speeches per country
drawn at random (seed 2026). The cue words only make the sample rich in acts; the coders code every
act, with or without a cue, and the toolkit's rules are not consulted. The sample is fixed: do not
re-draw it to make the toolkit look better; draw a new one (a new seed) to test again.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # data/validation: the shared sampling steps
from ungdc_sentences import speech_sentences, with_context  # noqa: E402

OUT = Path(__file__).resolve().parent / "sentences.csv"
SEED = 2026
YEARS = range(1991, 2025)
# Six regions, six countries each: large and small states, permanent members and others, several
# languages of origin (the speeches are English originals or UN translations).
COUNTRIES = [
    "NGA", "ZAF", "EGY", "KEN", "ETH", "SEN",  # Africa
    "USA", "BRA", "MEX", "ARG", "CUB", "CAN",  # Americas
    "CHN", "IND", "JPN", "IDN", "PAK", "KOR",  # Asia
    "IRN", "SAU", "ISR", "PSE", "TUR", "SYR",  # Middle East
    "GBR", "FRA", "DEU", "RUS", "UKR", "POL",  # Europe
    "AUS", "NZL", "FJI", "NOR", "QAT", "VNM",  # Oceania and others
]
SPEECHES_PER_COUNTRY = 3
WITH_CUE, WITHOUT_CUE = 6, 3
# Words that often perform a diplomatic act. Only for stratifying; not the toolkit's lexicon.
CUE = re.compile(
    r"\b(?:condemn\w*|denounc\w*|deplor\w*|call\w*|urg\w*|appeal\w*|demand\w*|request\w*|support\w*|welcom\w*|"
    r"endors\w*|commend\w*|reject\w*|oppos\w*|refus\w*|warn\w*|concern\w*|alarm\w*|commit\w*|pledg\w*|"
    r"ready|reaffirm\w*|reiterat\w*|propos\w*|suggest\w*|recommend\w*|express\w*|invit\w*|congratulat\w*)\b",
    re.IGNORECASE,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw a speech-act validation sample from the UNGDC.")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the committed set)")
    parser.add_argument("--countries", nargs="+", default=COUNTRIES, help="ISO3 codes (default: the 36 above)")
    parser.add_argument("--out", type=Path, default=OUT, help="the CSV to write (default sentences.csv here)")
    args = parser.parse_args(argv)
    return draw(args.seed, args.countries, args.out)


def draw(seed: int, countries: list[str], out_path: Path) -> int:
    """Draw the sample: ``SPEECHES_PER_COUNTRY`` speeches per country, then sentences with and without a cue."""
    rng = np.random.default_rng(seed)
    drawn = speech_sentences(rng, countries, YEARS, SPEECHES_PER_COUNTRY)
    if drawn is None:
        return 1
    sentences, frame = drawn
    frame["has_cue"] = frame["text"].str.contains(CUE)
    rows = []
    for country in countries:
        pool = frame[frame["country"] == country]
        for has_cue, k in ((True, WITH_CUE), (False, WITHOUT_CUE)):
            part = pool[pool["has_cue"] == has_cue]
            pick = sorted(rng.choice(len(part), size=min(k, len(part)), replace=False).tolist())
            rows.append(part.iloc[pick])
    sample = pd.concat(rows)
    sample = with_context(sample, sentences)  # the sentence before, for the coders
    sample = sample.sample(frac=1, random_state=seed).reset_index(drop=True)  # shuffled: no blocks by country
    out = pd.DataFrame({
        "item": np.arange(1, len(sample) + 1),
        "sentence_id": sample["doc_id"].to_numpy(),
        "speech": sample["speech"].to_numpy(),
        "country": sample["country"].to_numpy(),
        "year": sample["year"].to_numpy(),
        "speaker": sample["speaker"].fillna("").to_numpy(),
        "post": sample["post"].fillna("").to_numpy(),
        "has_cue": sample["has_cue"].astype(int).to_numpy(),
        "context": sample["context"].to_numpy(),
        "sentence": sample["text"].to_numpy(),
    })
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(out_path, index=False)
    print(f"{len(out)} sentences from {out['speech'].nunique()} speeches of {out['country'].nunique()} countries -> {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
