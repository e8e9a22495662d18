"""Benchmark: DFM + keyness of every country against the rest, against two other ways of doing it.

Prints, measured in one run on UNGDC speeches:

1. toolkit (``tk.dfm`` + ``tk.keyness_panel``, signed chi-squared) over scikit-learn's
   ``CountVectorizer`` fed the same spaCy tokens, plus the same statistic written in numpy;
2. toolkit (``tk.dfm`` + ``tk.keyness`` with ``measure="scaledf"``) over scattertext's
   corpus build and scaled F-scores, each with its own tokenizer (scattertext's fastest,
   ``whitespace_nlp_with_sentences``);
3. with ``--full``: the time of keyness of every country against the rest over the whole
   corpus once its DFM exists.

Run it with ``make benchmark`` (which installs scattertext into a separate environment,
``.venv-bench``), or directly: ``python benchmarks/bench_keyness.py [--years 2015 2024]``.
Without the corpus the script says so and exits without measuring.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp

import toolkit as tk

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_UNGDC = Path(os.environ.get("TOOLKIT_UNGDC_DIR", ROOT.parent / "shared" / "corpora" / "ungdc"))


def _signed_chi2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The signed chi-squared with quanteda's per-feature Yates rule, written out in numpy."""
    c, d = a.sum() - a, b.sum() - b
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        e = [(a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (c + d) * (b + d) / n]
        diff = np.abs(a * d - b * c)
        yates = (diff >= n / 2) & np.logical_or.reduce([x < 5 for x in e])
        chi2 = n * (diff - np.where(yates, n / 2, 0.0)) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return np.where(a > e[0], chi2, -chi2)


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, nargs=2, default=(2015, 2024), metavar=("FIRST", "LAST"))
    parser.add_argument("--full", action="store_true", help="also time keyness over the whole corpus")
    parser.add_argument("--ungdc", type=Path, default=DEFAULT_UNGDC / "UNGDC_1946-2024.tgz")
    args = parser.parse_args(argv)
    if not args.ungdc.exists():
        print(f"SKIPPED: the UN General Debate Corpus is not at {args.ungdc}; pass --ungdc PATH.")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.LoaderWarning)
        corpus = tk.load_ungdc(args.ungdc, years=range(args.years[0], args.years[1] + 1))
    countries = corpus.meta["country"].to_numpy()
    groups = sorted(set(countries))
    words = sum(len(t.split()) for t in corpus.texts)
    print(f"{len(corpus)} speeches {args.years[0]}-{args.years[1]}, {words:,} words, {len(groups)} countries")

    # 1. toolkit against CountVectorizer + numpy, on the same spaCy tokens.
    t_dfm, m = _timed(lambda: tk.dfm(corpus))
    t_panel, panel = _timed(lambda: tk.keyness_panel(m, "country", n=20, n_boot=0))
    toolkit_chi2 = t_dfm + t_panel

    from sklearn.feature_extraction.text import CountVectorizer

    nlp = tk.load_pipeline()
    stops = {s.lower() for s in nlp.Defaults.stop_words}

    def analyzer(text: str) -> list[str]:
        doc = tk.merge_hyphenated(nlp.make_doc(text))
        return [t.lower_ for t in doc if any(ch.isalnum() for ch in t.lower_) and t.lower_ not in stops]

    def baseline() -> dict[str, np.ndarray]:
        x = CountVectorizer(analyzer=analyzer, lowercase=False).fit_transform(corpus.texts)
        codes = np.searchsorted(groups, countries)
        g = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(groups), len(codes))) @ x
        g = g.toarray().astype(float)
        total = g.sum(axis=0)
        return {name: np.sort(_signed_chi2(g[i], total - g[i]))[::-1][:20] for i, name in enumerate(groups)}

    t_base, base = _timed(baseline)
    # Same numbers from both routes (the top 20 statistics of every country).
    for name in groups:
        ours = panel.loc[panel["group"] == name, "chi2"].to_numpy()
        assert np.allclose(ours, base[name][: len(ours)], rtol=1e-9), name

    print("1. signed chi-squared of every country against the rest")
    print(f"  toolkit dfm + keyness_panel        {toolkit_chi2:8.2f} s  (dfm {t_dfm:.2f} s, keyness {t_panel:.2f} s)")
    print(f"  CountVectorizer + numpy            {t_base:8.2f} s  (same spaCy tokens; statistics agree)")
    print(f"ratio toolkit / scikit-learn+numpy = {toolkit_chi2 / t_base:6.3f}")

    # 2. toolkit against scattertext's scaled F-score.
    try:
        import scattertext as st
    except ImportError:
        print("2. SKIPPED: scattertext is not installed here; run `make benchmark` (it uses .venv-bench).")
    else:
        grouped = m.group("country")

        def ours_scaled_f() -> None:
            for name in groups:
                tk.keyness(grouped, name, measure="scaledf", sort=False)

        t_sf, _ = _timed(ours_scaled_f)

        def theirs() -> None:
            frame = corpus.to_frame()[["text", "country"]]
            st_corpus = st.CorpusFromPandas(
                frame, category_col="country", text_col="text", nlp=st.whitespace_nlp_with_sentences
            ).build()
            for name in groups:
                st_corpus.get_scaled_f_scores(name)

        t_st, _ = _timed(theirs)
        print("2. scaled F-score of every country against the rest")
        print(f"  toolkit dfm + keyness(scaledf)     {t_dfm + t_sf:8.2f} s  (dfm {t_dfm:.2f} s, scores {t_sf:.2f} s)")
        print(f"  scattertext build + scores         {t_st:8.2f} s  (its own regex tokenizer)")
        print(f"ratio toolkit / scattertext        = {(t_dfm + t_sf) / t_st:6.3f}")

    if args.full:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tk.LoaderWarning)
            everything = tk.load_ungdc(args.ungdc)
        t_all_dfm, m_all = _timed(lambda: tk.dfm(everything, n_process=2))
        t_all, _ = _timed(lambda: tk.keyness_panel(m_all, "country", n=20, n_boot=0))
        print(f"3. whole corpus ({len(everything)} speeches): dfm {t_all_dfm:.1f} s; "
              f"keyness of every country against the rest {t_all:.2f} s once the DFM exists")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
