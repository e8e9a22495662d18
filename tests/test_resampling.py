"""Resample what was sampled (issue 12): after ``Corpus.reshape`` every interval, bootstrap and
permutation test moves whole statements (``cluster=``), so splitting speeches into paragraphs does
not make the evidence look stronger. Each statistic is checked against the same statistic on the
statements before the split, and ``cluster=None`` against a corpus that never knew its parents."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

import toolkit as tk  # noqa: E402
from toolkit.cli import main  # noqa: E402

FRAMED = ["Armed groups threaten our security.", "Military threats grow."]
NEUTRAL = ["The weather was mild on Monday.", "Our delegation arrived in the morning.",
           "The meeting ended at noon.", "The hall was full."]
# Security sentences (of four) in each statement: group A frames more, but the statements vary.
FRAMED_PER_STATEMENT = {"A": [3, 1, 2, 4, 0, 2], "B": [1, 0, 2, 1, 0, 1]}
PARAGRAPHS = 5


def _paragraph(k: int, turn: int) -> str:
    """Four sentences, ``k`` of them framed as security, in an order that changes from paragraph to paragraph."""
    sentences = [FRAMED[i % 2] for i in range(k)] + NEUTRAL[: 4 - k]
    return " ".join(np.roll(sentences, turn))


@pytest.fixture(scope="module")
def speeches() -> tk.Corpus:
    """Twelve statements of five paragraphs, each paragraph repeating its statement's framing."""
    texts, groups, speakers = {}, [], []
    for group, ks in FRAMED_PER_STATEMENT.items():
        for i, k in enumerate(ks):
            texts[f"{group}{i + 1}"] = "\n\n".join(_paragraph(k, turn) for turn in range(PARAGRAPHS))
            groups.append(group)
            speakers.append(f"{group}-speaker{i % 3}")
    return tk.Corpus.from_texts(texts, meta={"side": groups, "speaker": speakers})


@pytest.fixture(scope="module")
def paragraphs(speeches) -> tk.Corpus:
    return speeches.reshape("paragraphs")


@pytest.fixture(scope="module")
def orphans(paragraphs) -> tk.Corpus:
    """The paragraphs without their parent ids: what every function saw before cluster= existed."""
    return tk.Corpus(paragraphs.to_frame().drop(columns=["parent_id"]))


def _widths(table: pd.DataFrame) -> pd.Series:
    return (table["high"] - table["low"]).set_axis(table["group"])


# -- frames ----------------------------------------------------------------------------------------------
def test_paragraph_intervals_of_frame_shares_are_as_wide_as_the_statements(speeches, paragraphs):
    assert len(paragraphs) == 12 * PARAGRAPHS
    whole = tk.frames(speeches).compare("side", n_boot=2000, seed=4)
    split = tk.frames(paragraphs).compare("side", n_boot=2000, seed=4)
    independent = tk.frames(paragraphs).compare("side", n_boot=2000, seed=4, cluster=None)
    security = [t[t["frame"] == "security"] for t in (whole, split, independent)]
    whole, split, independent = security
    # The shares themselves do not depend on the unit: sentences framed over sentences.
    for group, ks in FRAMED_PER_STATEMENT.items():
        expected = sum(ks) / (4 * len(ks))
        for table in security:
            assert table.set_index("group").loc[group, "share"] == pytest.approx(expected)
    assert _widths(split).to_numpy() == pytest.approx(_widths(whole).to_numpy(), rel=0.2)
    # Taken as independent, sixty paragraphs give intervals about sqrt(5) times too narrow.
    assert (_widths(independent) < 0.7 * _widths(whole)).all()
    assert split["n_docs"].tolist() == [6, 6] and split["n_passages"].tolist() == [30, 30]
    assert whole["n_docs"].tolist() == whole["n_passages"].tolist() == [6, 6]
    assert independent["n_docs"].tolist() == [30, 30]
    assert split.attrs["cluster"] == "parent_id" and independent.attrs["cluster"] is None


def test_splitting_into_paragraphs_does_not_shrink_the_permutation_p(speeches, paragraphs):
    whole = tk.frames(speeches).difference("side", "A", "B", n_boot=500, n_perm=3000, seed=2)
    split = tk.frames(paragraphs).difference("side", "A", "B", n_boot=500, n_perm=3000, seed=2)
    independent = tk.frames(paragraphs).difference("side", "A", "B", n_boot=500, n_perm=3000, seed=2, cluster="none")
    p_whole, p_split, p_independent = (t.set_index("frame").loc["security", "p"] for t in (whole, split, independent))
    # The exact permutation p of the six-and-six statements, by enumerating the 924 splits.
    ks = np.array(FRAMED_PER_STATEMENT["A"] + FRAMED_PER_STATEMENT["B"], dtype=float)
    observed = abs(ks[:6].mean() - ks[6:].mean())
    splits = [np.isin(np.arange(12), chosen) for chosen in _combinations(12, 6)]
    exact = np.mean([abs(ks[s].mean() - ks[~s].mean()) >= observed - 1e-12 for s in splits])
    assert p_whole == pytest.approx(exact, abs=0.03)
    assert p_split >= p_whole - 0.03
    assert p_independent < p_whole / 3  # the old count: sixty "statements", and a far smaller p
    width = (split["high"] - split["low"]).to_numpy()
    assert width == pytest.approx((whole["high"] - whole["low"]).to_numpy(), rel=0.2, abs=1e-12)


def _combinations(n: int, k: int) -> list[tuple[int, ...]]:
    from itertools import combinations

    return list(combinations(range(n), k))


def test_cluster_none_gives_the_old_results_of_independent_paragraphs(paragraphs, orphans):
    found, old = tk.frames(paragraphs), tk.frames(orphans)
    for kwargs in ({"n_boot": 300, "seed": 5}, {"interval": "t"}):
        new = found.compare("side", cluster=None, **kwargs)
        pd.testing.assert_frame_equal(new, old.compare("side", **kwargs), check_like=True, check_exact=True)
    pd.testing.assert_frame_equal(found.difference("side", "A", "B", n_boot=200, n_perm=500, cluster=None),
                                  old.difference("side", "A", "B", n_boot=200, n_perm=500))


def test_another_column_can_be_the_unit_and_a_unit_split_between_groups_is_named(paragraphs):
    found = tk.frames(paragraphs)
    by_speaker = found.compare("side", n_boot=200, cluster="speaker")
    assert by_speaker["n_docs"].tolist()[:1] == [3] and by_speaker.attrs["cluster"] == "speaker"
    # Paragraphs labelled one by one (the first of each speech against the rest) cut statements in two.
    relabelled = tk.frames(tk.Corpus(paragraphs.to_frame().assign(first=lambda d: d["segment"] == 1)))
    with pytest.warns(UserWarning, match=r"12 unit\(s\) of 'parent_id' have documents in both groups"):
        relabelled.difference("first", True, False, n_boot=50, n_perm=50)


def test_frame_units_by_hand_and_a_document_without_a_unit_stays_whole():
    from toolkit.framing import FrameResult

    # Statement s1 split into two paragraphs (3 and 1 sentences), s2 into one (2 sentences).
    indicators = pd.DataFrame({
        "doc_id": ["s1.1"] * 3 + ["s1.2"] + ["s2.1"] * 2,
        "sent_id": [1, 2, 3, 1, 1, 2],
        "parent_id": ["s1"] * 4 + ["s2"] * 2,
        "speaker": ["x", "x", "x", None, "y", "y"],
        "g": "A",
        "f": [1, 1, 1, 1, 0, 0],
    })
    result = FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, ("f",))
    row = result.compare("g", n_boot=4000, seed=1).iloc[0]
    # Two units: s1 (4 of 4 sentences) and s2 (0 of 2). Resamples: s1+s1 (1), s1+s2 (4/6), s2+s2 (0).
    assert row["share"] == pytest.approx(4 / 6) and (row["low"], row["high"]) == pytest.approx((0.0, 1.0))
    assert (row["n_docs"], row["n_passages"], row["n_sentences"]) == (2, 3, 6)
    # s1.2 has no speaker: it is a unit of its own, whole, not one unit per sentence.
    assert result.compare("g", n_boot=10, cluster="speaker").iloc[0]["n_docs"] == 3


# -- rhetoric ------------------------------------------------------------------------------------------
def _rhetoric_table(paragraphs_per_statement: int, rng: np.random.Generator) -> pd.DataFrame:
    """A table like tk.rhetoric's: statements whose paragraphs share their statement's hedge rate and tone."""
    rows = []
    for g, group in enumerate(["A", "B"]):
        for s in range(8):
            rate, tone = rng.gamma(4, 5 + 3 * g), rng.normal(0.1 * g, 0.3)
            for p in range(paragraphs_per_statement):
                words = int(rng.integers(40, 120))
                rows.append({"doc_id": f"{group}{s}.{p}", "actor": group, "parent_id": f"{group}{s}",
                             "words": words, "hedge": rate * words / 1000, "vader_compound": tone})
    table = pd.DataFrame(rows)
    return table.assign(hedge_per_1k=table["hedge"] / table["words"] * 1000)


def test_rhetoric_profile_resamples_statements_and_counts_them(paragraphs):
    table = _rhetoric_table(PARAGRAPHS, np.random.default_rng(8))
    statements = table.groupby(["actor", "parent_id"], as_index=False).agg(
        words=("words", "sum"), hedge=("hedge", "sum"), vader_compound=("vader_compound", "mean"))
    statements = statements.assign(hedge_per_1k=statements["hedge"] / statements["words"] * 1000)
    measures = ["hedge_per_1k", "vader_compound"]
    split = tk.rhetoric_profile(table, by="actor", measures=measures, n_boot=2000, seed=1)
    whole = tk.rhetoric_profile(statements, by="actor", measures=measures, n_boot=2000, seed=1, cluster=None)
    independent = tk.rhetoric_profile(table, by="actor", measures=measures, n_boot=2000, seed=1, cluster=None)
    np.testing.assert_allclose(split["value"], whole["value"])
    widths = [(t["high"] - t["low"]).to_numpy() for t in (split, whole, independent)]
    assert widths[0] == pytest.approx(widths[1], rel=0.2)
    assert (widths[2] < 0.7 * widths[1]).all()
    assert split["n_docs"].tolist() == [8] * 4 and split["n_passages"].tolist() == [8 * PARAGRAPHS] * 4
    assert independent["n_docs"].tolist() == [8 * PARAGRAPHS] * 4
    old = tk.rhetoric_profile(table.drop(columns="parent_id"), by="actor", measures=measures, n_boot=2000, seed=1)
    pd.testing.assert_frame_equal(independent, old)


def test_rhetoric_t_interval_over_statements_by_hand():
    table = _rhetoric_table(3, np.random.default_rng(2))
    a = table[table["actor"] == "A"]
    p = tk.rhetoric_profile(table, by="actor", measures=["hedge_per_1k", "vader_compound"], interval="t")
    p = p[p["group"] == "A"].set_index("measure")
    # The ratio estimator's cluster-robust standard error over the G = 8 statements (Cameron & Miller 2015).
    per = a.groupby("parent_id")
    for measure, y, m, scale in [("hedge_per_1k", per["hedge"].sum(), per["words"].sum(), 1000),
                                 ("vader_compound", per["vader_compound"].sum(), per.size(), 1)]:
        ratio = y.sum() / m.sum()
        se = np.sqrt(8 / 7 * ((y - ratio * m) ** 2).sum()) / m.sum()
        half = stats.t.ppf(0.975, 7) * se
        assert (p.loc[measure, "low"], p.loc[measure, "high"]) == pytest.approx(
            ((ratio - half) * scale, (ratio + half) * scale))


# -- keyness_panel ------------------------------------------------------------------------------------
def test_keyness_panel_intervals_resample_statements(speeches, paragraphs, orphans):
    options = {"measure": "lr", "features": ["security", "threats"], "n": 1, "n_boot": 2000, "seed": 3}
    whole = tk.keyness_panel(tk.dfm(speeches), "side", **options)
    split = tk.keyness_panel(tk.dfm(paragraphs), "side", **options)
    independent = tk.keyness_panel(tk.dfm(paragraphs), "side", cluster=None, **options)
    # The statements min_docs counts stay the speeches whatever cluster= resamples; the intervals are the old ones.
    statement_columns = ["n_docs_target", "concentrated", "rank"]
    key = ["group", "feature"]
    whole, split, independent = (t.set_index(key).sort_index() for t in (whole, split, independent))
    np.testing.assert_allclose(split["log_ratio"], whole["log_ratio"])
    finite = np.isfinite(whole["log_ratio_low"]) & np.isfinite(whole["log_ratio_high"])
    widths = [(t["log_ratio_high"] - t["log_ratio_low"])[finite].to_numpy() for t in (whole, split, independent)]
    assert finite.sum() >= 2
    assert widths[1] == pytest.approx(widths[0], rel=0.2)
    assert (widths[2] < 0.7 * widths[0]).all()
    assert set(split["n_docs"]) == {6} and set(split["n_passages"]) == {30}
    old = tk.keyness_panel(tk.dfm(orphans), "side", **options).set_index(key).sort_index()
    pd.testing.assert_frame_equal(independent.drop(columns=statement_columns), old.drop(columns=statement_columns),
                                  check_like=True)
    assert set(independent["n_docs_target"]) <= {1, 2, 3, 4, 5, 6}  # speeches, not paragraphs (30 in all)


# -- the same option everywhere ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: tk.frames(c).compare("side", cluster="party"), "FrameResult.compare"),
        (lambda c: tk.frames(c).difference("side", "A", "B", cluster="party"), "FrameResult.difference"),
        (lambda c: tk.rhetoric_profile(c.meta.assign(words=1), by="side", measures=["words"], cluster="party"),
         "rhetoric_profile"),
        (lambda c: tk.keyness_panel(tk.dfm(c), "side", cluster="party"), "keyness_panel"),
        (lambda c: tk.compare(c, "side", cluster="party"), "compare"),
    ],
)
def test_every_function_refuses_an_unknown_cluster_with_one_message(paragraphs, call, name):
    with pytest.raises(ValueError, match=rf"The 'cluster' parameter of {name} must be 'auto', 'none', None or a "
                                         r"metadata column \(columns: .*'parent_id'.*\)\. Got 'party' instead\."):
        call(paragraphs)


# -- compare, the report and the command line ---------------------------------------------------------------
def test_the_report_counts_statements_and_their_paragraphs(paragraphs, tmp_path):
    comparison = tk.compare(paragraphs, "side", n=3, n_boot=50)
    assert comparison.settings["cluster"] == "parent_id"
    assert set(comparison.frames["n_docs"]) == {6} and set(comparison.rhetoric["n_passages"]) == {30}
    summary = tk.report_tables(comparison)["summary"].set_index("side")
    assert summary["statements"].tolist() == [6, 6] and summary["passages"].tolist() == [30, 30]
    words = comparison.summary.groupby("parent_id")["words"].sum()
    assert summary.loc["A", "words per statement (median)"] == round(words[words.index.str.startswith("A")].median())
    page = comparison.to_html()
    assert "12 statements (60 passages, " in page
    assert "<b>Few statements:</b> the smallest group has 6" in page
    independent = tk.compare(paragraphs, "side", n=3, n_boot=50, cluster=None)
    assert independent.settings["cluster"] is None
    assert "<b>Few passages:</b>" not in independent.to_html()  # thirty passages a group: none too few


def test_the_command_line_takes_cluster(paragraphs, tmp_path, capsys):
    path = tmp_path / "paragraphs.csv"
    paragraphs.to_frame().to_csv(path, index=False)
    assert main(["frames", str(path), "--by", "side", "--n-boot", "50"]) == 0
    shares = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert set(shares["n_docs"]) == {6} and set(shares["n_passages"]) == {30}
    assert main(["frames", str(path), "--by", "side", "--n-boot", "50", "--cluster", "none"]) == 0
    assert set(pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))["n_docs"]) == {30}
    assert main(["frames", str(path), "--by", "side", "--cluster", "party"]) == 1
    assert "The 'cluster' parameter of FrameResult.compare must be" in capsys.readouterr().err


def test_resampling_speakers_does_not_change_which_statements_the_key_term_filters_count(demo):
    # Each demo actor has one speaker for its four statements: min_docs still counts the statements.
    by_speaker = tk.keyness_panel(tk.dfm(demo), "actor", n=3, n_boot=20, cluster="speaker")
    by_statement = tk.keyness_panel(tk.dfm(demo), "actor", n=3, n_boot=20)
    assert by_speaker.groupby("group")["rank"].count().min() == 3
    pd.testing.assert_series_equal(by_speaker["feature"], by_statement["feature"])
