"""Frame dictionaries and frames of toolkit/framing/."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import toolkit as tk
from toolkit.framing import FrameResult

EXPECTED = {"peace": ["dialogue", "negotiat*", "peace process"], "war": ["attack*", "armed group"]}

FILES = {
    "dic": "%\n1\tpeace\n2\twar\n%\ndialogue\t1\nnegotiat*\t1\npeace_process\t1\nattack*\t2\narmed group\t2\n",
    "lc3": "+peace\ndialogue\nnegotiat*\npeace process\n+war\nattack*\narmed group\n",
    "cat": "PEACE\n    DIALOGUE (1)\n    NEGOTIAT* (1)\n    PEACE_PROCESS (1)\nWAR\n    ATTACK* (1)\n    ARMED GROUP (1)\n",
    "yaml": "peace: [dialogue, negotiat*, peace process]\nwar: [attack*, armed group]\n",
}


@pytest.mark.parametrize("fmt", list(FILES))
def test_every_format_reads_and_round_trips_through_yaml(tmp_path, fmt):
    path = tmp_path / f"dict.{fmt}"
    path.write_text(FILES[fmt])
    with pytest.warns(UserWarning, match="states no licence"):
        d = tk.load_dictionary(path)
    assert {c.name: list(c.terms) for c in d} == EXPECTED
    out = tk.write_dictionary(d, tmp_path / "out.yaml")
    again = tk.load_dictionary(out)
    assert {c.name: list(c.terms) for c in again} == EXPECTED
    assert all(c.licence == "not stated in the file" for c in again)


def test_licence_and_citation_are_recorded(tmp_path):
    path = tmp_path / "d.lc3"
    path.write_text(FILES["lc3"])
    d = tk.load_dictionary(path, licence="CC BY 4.0", citation="Young & Soroka (2012)")
    assert {c.licence for c in d} == {"CC BY 4.0"} and {c.source for c in d} == {"Young & Soroka (2012)"}


@pytest.mark.parametrize(
    ("fmt", "content", "match"),
    [
        ("dic", "1\tpeace\ndialogue\t1\n", r"needs the category list between two lines holding only '%'"),
        ("dic", "%\n1\tpeace\n%\ndialogue\t7\n", r"line 4: category id '7' is not declared"),
        ("dic", "%\n1\tpeace\n%\ndialogue\n", r"line 4: the term 'dialogue' has no category id"),
        ("lc3", "dialogue\n+peace\n", r"line 1: a term before any '\+category' line"),
        ("lc3", "+peace\nne*go\n", r"line 2: the term 'ne\*go' has a wildcard inside it"),
        ("cat", "    DIALOGUE (1)\n", r"line 1: a term that belongs to no category"),
        ("yaml", "peace: [dialogue\n", r"malformed YAML at line"),
        ("yaml", "peace: 3\n", r"category 'peace' must hold a list of terms"),
    ],
)
def test_malformed_dictionaries_name_the_line(tmp_path, fmt, content, match):
    path = tmp_path / f"bad.{fmt}"
    path.write_text(content)
    with pytest.raises(ValueError, match=match):
        tk.load_dictionary(path)


def test_unknown_format_and_missing_file(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("x")
    with pytest.raises(ValueError, match=r"unknown dictionary format '.txt'; pass format="):
        tk.load_dictionary(path)
    with pytest.raises(FileNotFoundError, match="No such dictionary file"):
        tk.load_dictionary(tmp_path / "nope.dic")


def test_builtin_frames_have_the_documented_frames():
    d = tk.load_dictionary()
    assert [c.name for c in d] == ["security", "humanitarian", "legal", "diplomacy", "sovereignty", "violence",
                                   "economy", "regional", "accountability", "history"]
    assert all(c.source and c.licence for c in d)


def test_multiword_prefix_lemma_and_exclusion_matches():
    text = (
        "The Security Council met. Border security matters. International law applies. "
        "They negotiated; negotiations resume. Refugees need shelter."
    )
    r = tk.frames(tk.Corpus.from_texts([text]))
    got = r.sentences.groupby("sent_id")["frame"].apply(list).to_dict()
    assert 1 not in got  # "Security Council" is excluded from the security frame
    assert got[2] == ["security"]
    assert "legal" in got[3] and r.sentences.loc[r.sentences["sent_id"] == 3, "terms"].iloc[0] == "international law"
    assert got[4] == ["diplomacy"]
    assert r.sentences.loc[r.sentences["sent_id"] == 4, "terms"].iloc[0] == "negotiated; negotiations"
    assert got[5] == ["humanitarian"]


def test_documents_table_by_hand():
    corpus = tk.Corpus.from_texts({"d": "We must negotiate. Talks and dialogue now. The attack killed ten."}, meta={"actor": ["X"]})
    r = tk.frames(corpus)
    doc = r.documents.set_index("frame")
    assert doc.loc["diplomacy", "count"] == 3
    assert doc.loc["diplomacy", "share"] == pytest.approx(2 / 3)
    assert doc.loc["violence", "share"] == pytest.approx(1 / 3)
    words = 11
    assert doc.loc["diplomacy", "per_1k"] == pytest.approx(3 / words * 1000)
    assert doc["dominant"].sum() == 1 and doc.loc["diplomacy", "dominant"]
    assert list(r.indicators.columns[:4]) == ["doc_id", "sent_id", "sentence", "actor"]
    assert r.indicators["diplomacy"].tolist() == [1, 1, 0]


def test_demo_frames_match_the_designed_profiles(demo):
    shares = tk.frames(demo).compare("actor", n_boot=100).pivot(index="group", columns="frame", values="share")
    assert shares["humanitarian"].idxmax() == "Amaru"
    assert shares["legal"].idxmax() == "Tessaly"
    assert shares["diplomacy"].idxmax() == "Ostland"
    assert shares["regional"].idxmax() == "Council of the Southern Littoral"
    assert shares["history"].idxmax() == "Kestria"
    assert shares["security"].idxmax() == "Veloria"


def _simulated(p: float, n: int, rng) -> FrameResult:
    x = (rng.random(n) < p).astype(int)
    indicators = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "sent_id": 1, "g": "A", "f": x})
    return FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, ("f",))


def test_bootstrap_intervals_cover_the_true_rate_at_about_their_level():
    rng = np.random.default_rng(11)
    covered = 0
    sims = 300
    for s in range(sims):
        row = _simulated(0.3, 150, rng).compare("g", n_boot=400, seed=s).iloc[0]
        covered += row["low"] <= 0.3 <= row["high"]
    assert 0.91 <= covered / sims <= 0.98


def _clustered(n_docs: int, per_doc: int, rng) -> FrameResult:
    """Statements whose own rate of the frame varies around 0.3: their sentences are not independent."""
    rates = rng.beta(0.6, 1.4, size=n_docs)  # mean 0.3, strongly spread
    x = (rng.random((n_docs, per_doc)) < rates[:, None]).astype(int).ravel()
    indicators = pd.DataFrame({"doc_id": np.repeat([f"d{i}" for i in range(n_docs)], per_doc),
                               "sent_id": np.tile(np.arange(1, per_doc + 1), n_docs), "g": "A", "f": x})
    return FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, ("f",))


def test_intervals_resample_statements_so_clustered_sentences_still_get_their_coverage():
    rng = np.random.default_rng(3)
    covered, sims = 0, 200
    for s in range(sims):
        row = _clustered(30, 12, rng).compare("g", n_boot=300, seed=s).iloc[0]
        covered += row["low"] <= 0.3 <= row["high"]
    # Resampling sentences as if independent would give intervals too narrow here; statements keep 95%.
    assert 0.88 <= covered / sims <= 0.99


def test_cluster_bootstrap_and_permutation_by_hand():
    # Two statements per group, of different lengths: shares are pooled ratios of sentences.
    indicators = pd.DataFrame({
        "doc_id": ["a1"] * 3 + ["a2"] * 1 + ["b1"] * 2 + ["b2"] * 2,
        "sent_id": [1, 2, 3, 1, 1, 2, 1, 2],
        "g": ["A"] * 4 + ["B"] * 4,
        "f": [1, 1, 0, 1, 0, 0, 1, 0],
    })
    result = FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, ("f",))
    shares = result.compare("g", n_boot=4000, seed=1).set_index("group")
    assert shares.loc["A", "share"] == pytest.approx(3 / 4)
    # Resampling A's two statements gives a1+a1 (2/3), a1+a2 either way (3/4) or a2+a2 (1): the
    # bounds are the extreme outcomes, each drawn a quarter of the time.
    assert (shares.loc["A", "low"], shares.loc["A", "high"]) == pytest.approx((2 / 3, 1.0))
    diff = result.difference("g", "A", "B", n_boot=200, n_perm=3000, seed=1).iloc[0]
    assert diff["difference"] == pytest.approx(3 / 4 - 1 / 4)
    # The 4!/(2!2!) = 6 ways to split the statements give A - B of 0.5 for the observed split and
    # its mirror image (-0.5 has the same size), so p = 2/6 exactly in the limit.
    assert diff["p"] == pytest.approx(2 / 6, abs=0.03)
    one = FrameResult(pd.DataFrame(), pd.DataFrame(), indicators.assign(doc_id="x"), ("f",))
    assert one.compare("g", n_boot=50)[["low", "high"]].isna().all().all()


def test_difference_interval_and_permutation_p():
    rng = np.random.default_rng(5)
    n = 120
    a = (rng.random(n) < 0.45).astype(int)
    b = (rng.random(n) < 0.25).astype(int)
    indicators = pd.DataFrame({"doc_id": range(2 * n), "sent_id": 1, "g": ["A"] * n + ["B"] * n, "f": np.r_[a, b]})
    result = FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, ("f",))
    diff = result.difference("g", "A", "B", n_boot=2000, n_perm=5000, seed=2).iloc[0]
    assert diff["difference"] == pytest.approx(a.mean() - b.mean())
    assert diff["low"] < diff["difference"] < diff["high"]
    # With equal group sizes the permutation test of a difference in shares is Fisher's exact test.
    table = [[a.sum(), n - a.sum()], [b.sum(), n - b.sum()]]
    assert diff["p"] == pytest.approx(stats.fisher_exact(table)[1], abs=0.01)
    same = result.difference("g", "A", "A", n_perm=200).iloc[0]
    assert same["difference"] == 0 and same["p"] == 1.0
    with pytest.raises(KeyError, match="'C' is not a value of 'g'"):
        result.difference("g", "A", "C")
    with pytest.raises(KeyError, match="no metadata column 'party'"):
        result.compare("party")


def _several_frames(seed: int) -> FrameResult:
    """Two groups of 30 one-sentence statements and six frames, three of them used more by A."""
    rng = np.random.default_rng(seed)
    rates_a, rates_b = [0.5, 0.4, 0.35, 0.3, 0.3, 0.2], [0.2, 0.2, 0.25, 0.3, 0.3, 0.2]
    names = tuple(f"f{j}" for j in range(6))
    rows = {f: np.r_[rng.random(30) < ra, rng.random(30) < rb].astype(int) for f, ra, rb in zip(names, rates_a, rates_b)}
    indicators = pd.DataFrame({"doc_id": range(60), "sent_id": 1, "g": ["A"] * 30 + ["B"] * 30, **rows})
    return FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, names)


@pytest.mark.parametrize("method, theirs", [("bh", "fdr_bh"), ("holm", "holm"), ("bonferroni", "bonferroni")])
def test_difference_adjusts_p_across_the_frames_as_statsmodels(method, theirs):
    from statsmodels.stats.multitest import multipletests

    diff = _several_frames(4).difference("g", "A", "B", n_boot=0, n_perm=400, seed=3, p_adjust=method)
    assert list(diff.columns) == ["frame", "share_a", "share_b", "difference", "low", "high", "p", "p_adj", "a", "b"]
    assert diff["p_adj"].to_numpy() == pytest.approx(multipletests(diff["p"], method=theirs)[1])
    assert (diff["p_adj"] >= diff["p"]).all()


def test_difference_adjusts_by_false_discovery_rate_unless_told_otherwise():
    result = _several_frames(4)
    default = result.difference("g", "A", "B", n_boot=0, n_perm=400, seed=3)
    bh = result.difference("g", "A", "B", n_boot=0, n_perm=400, seed=3, p_adjust="bh")
    assert default.equals(bh)
    plain = result.difference("g", "A", "B", n_boot=0, n_perm=400, seed=3, p_adjust=None)
    assert "p_adj" not in plain.columns and plain["p"].equals(default["p"])


@pytest.mark.parametrize("bad", ["fdr", "BH", 0.05])
def test_difference_refuses_an_unknown_adjustment(bad):
    with pytest.raises(ValueError, match=r"The 'p_adjust' parameter of FrameResult.difference must be one of "
                                         r"'bh', 'holm', 'bonferroni'. Got .* instead."):
        _several_frames(0).difference("g", "A", "B", n_boot=0, n_perm=10, p_adjust=bad)


def test_compare_over_periods_and_frame_plots(demo):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    result = tk.frames(demo)
    over_time = result.compare("actor", over="date", n_boot=50)
    assert list(over_time.columns[:3]) == ["group", "period", "frame"]
    assert (over_time.attrs["by"], over_time.attrs["over"]) == ("actor", "date")
    one = over_time[(over_time["group"] == "Ostland") & (over_time["period"] == "2024-11-04") & (over_time["frame"] == "diplomacy")]
    ind = result.indicators
    sel = ind[(ind["actor"] == "Ostland") & (ind["date"] == "2024-11-04")]
    assert one["share"].iloc[0] == pytest.approx(sel["diplomacy"].mean())

    shares = result.compare("actor", n_boot=50)
    fig = tk.plot_frames_heatmap(shares)
    data = fig.axes[0].images[0].get_array()
    amaru = shares[(shares["group"] == "Amaru") & (shares["frame"] == "security")]["share"].iloc[0]
    assert data[0, 0] == pytest.approx(amaru * 100)
    plt.close(fig)

    diff = result.difference("actor", "Amaru", "Veloria", n_boot=100, n_perm=100)
    fig = tk.plot_frame_differences(diff)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == diff.sort_values("difference", kind="stable")["frame"].tolist()
    assert "Amaru minus Veloria" in ax.get_xlabel()
    # The labels are the p-values adjusted across the frames, and the axis says so.
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels == sorted(f"p_adj={p:.3f}" if p >= 0.001 else "p_adj<0.001" for p in diff["p_adj"])
    assert f"adjusted across the {len(diff)} frames, Benjamini-Hochberg" in ax.get_xlabel()
    plt.close(fig)
    fig = tk.plot_frame_differences(result.difference("actor", "Amaru", "Veloria", n_boot=0, n_perm=100, p_adjust=None))
    assert all(t.get_text().startswith("p") and "adj" not in t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)

    fig = tk.plot_frames_over(over_time, "diplomacy")
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    expected = over_time[(over_time["group"] == "Ostland") & (over_time["frame"] == "diplomacy")]["share"] * 100
    assert lines["Ostland"].get_ydata().tolist() == pytest.approx(expected.tolist())
    assert fig.axes[0].get_xlabel() == "date"  # the period column, as given to compare
    plt.close(fig)


def test_compare_by_a_list_of_columns_still_works_with_a_deprecation_warning(demo):
    import matplotlib.pyplot as plt

    result = tk.frames(demo)
    with pytest.warns(DeprecationWarning, match=r"compare\('actor', over='date'\)"):
        old = result.compare(["actor", "date"], n_boot=50)
    new = result.compare("actor", over="date", n_boot=50)
    assert list(old.columns[:3]) == ["actor", "date", "frame"]
    pd.testing.assert_frame_equal(old.rename(columns={"actor": "group", "date": "period"}), new, check_like=True)
    fig = tk.plot_frames_over(old, "diplomacy", over="date")
    assert {ln.get_label() for ln in fig.axes[0].get_lines()} == set(demo.meta["actor"])
    plt.close(fig)
    with pytest.raises(ValueError, match="not a list"):
        result.compare(["actor", "date"], over="date")
    with pytest.raises(ValueError, match="another column than by="):
        result.compare("actor", over="actor")


def test_a_groups_interval_does_not_depend_on_the_other_groups(demo):
    result = tk.frames(demo)
    everyone = result.compare("actor", n_boot=200, seed=4).set_index(["group", "frame"])
    fewer = tk.frames(demo.subset("actor in ['Amaru', 'Tessaly']")).compare("actor", n_boot=200, seed=4)
    fewer = fewer.set_index(["group", "frame"])
    pd.testing.assert_frame_equal(fewer, everyone.loc[fewer.index])


def test_t_interval_of_the_share_by_hand():
    # Statements with 2 of 4, 1 of 1 and 0 of 3 framed sentences: R = 3/8.
    indicators = pd.DataFrame({
        "doc_id": ["a"] * 4 + ["b"] + ["c"] * 3,
        "sent_id": [1, 2, 3, 4, 1, 1, 2, 3],
        "g": "A",
        "f": [1, 1, 0, 0, 1, 0, 0, 0],
    })
    result = FrameResult(pd.DataFrame(), pd.DataFrame(), indicators, ("f",))
    row = result.compare("g", interval="t", ci=0.9).iloc[0]
    r = 3 / 8
    residuals = np.array([2 - r * 4, 1 - r * 1, 0 - r * 3])
    se = np.sqrt(3 / 2 * (residuals**2).sum()) / 8
    half = stats.t.ppf(0.95, 2) * se
    assert row["share"] == pytest.approx(r)
    assert (row["low"], row["high"]) == pytest.approx((max(r - half, 0), min(r + half, 1)))
    with pytest.raises(ValueError, match="'interval' parameter of FrameResult.compare must be one of"):
        result.compare("g", interval="bca")


def test_t_interval_covers_better_than_the_percentile_one_with_few_statements():
    rng = np.random.default_rng(8)
    covered = {"percentile": 0, "t": 0}
    sims = 300
    for s in range(sims):
        result = _clustered(4, 15, rng)
        for method in covered:
            row = result.compare("g", n_boot=300, seed=s, interval=method).iloc[0]
            covered[method] += row["low"] <= 0.3 <= row["high"]
    # Four statements per group: the percentile bootstrap is too narrow (about 0.8), t about 0.9.
    assert covered["t"] / sims >= 0.85 > covered["percentile"] / sims


def test_plot_frames_over_old_keyword_still_works_with_a_deprecation_warning(demo):
    import matplotlib.pyplot as plt

    shares = tk.frames(demo).compare("actor", over="date", n_boot=0)
    with pytest.warns(DeprecationWarning, match="'frame' parameter of plot_frames_over is deprecated; pass name="):
        fig = tk.plot_frames_over(shares, frame="legal")
    assert fig.axes[0].get_title() == "The legal frame over date"
    plt.close(fig)
    with pytest.raises(TypeError, match="needs the name of the frame"):
        tk.plot_frames_over(shares)


# -- senses by part of speech (spaCy Matcher patterns in the YAML) ------------------------------------
def test_patterns_match_a_sense_by_part_of_speech_and_bad_ones_name_the_category(tmp_path, recwarn):
    path = tmp_path / "senses.yaml"
    path.write_text("name: t\nlicence: CC0\ncategories:\n  past:\n    source: s\n    patterns:\n"
                    "      - [{LOWER: the}, {LOWER: past, POS: NOUN}]\n", encoding="utf-8")
    result = tk.frames(tk.Corpus.from_texts(["We learn from the past.", "In the past year we grew."]),
                       tk.load_dictionary(path))
    assert result.indicators["past"].tolist() == [1, 0]
    assert not [w for w in recwarn if "W036" in str(w.message)]  # no exclusions: no empty-Matcher warning
    assert tk.load_dictionary(path)["past"].patterns == ((({"LOWER": "the"}), {"LOWER": "past", "POS": "NOUN"}),)
    written = tk.write_dictionary(tk.load_dictionary(path), tmp_path / "again.yaml")
    assert tk.load_dictionary(written)["past"].patterns == tk.load_dictionary(path)["past"].patterns
    path.write_text(path.read_text().replace("POS: NOUN", "PoS: NOUN"), encoding="utf-8")
    with pytest.raises(ValueError, match="pattern 1 of category 'past' is not a valid spaCy Matcher pattern"):
        tk.load_dictionary(path)
    path.write_text(path.read_text().replace("      - [{LOWER: the}, {LOWER: past, PoS: NOUN}]", "      - the past"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="'patterns' of category 'past' must be a list of token patterns"):
        tk.load_dictionary(path)


# -- the classifier trained on codings ----------------------------------------------------------------
def _coded_corpus(n: int = 40):
    """Statements the built-in dictionary reads as no frame; coders call the ones about blankets humanitarian."""
    texts, codes = {}, []
    for i in range(n):
        texts[f"d{i}"] = (f"Families in village {i} still wait for blankets and tents tonight." if i % 2 == 0
                          else f"The committee of village {i} met again on Tuesday afternoon.")
        codes.append(int(i % 2 == 0))
    return tk.Corpus.from_texts(texts), pd.DataFrame({"doc_id": list(texts), "humanitarian": codes})


def test_a_statement_coded_twice_is_refused_so_that_folds_cannot_leak():
    corpus, codings = _coded_corpus()
    stacked = pd.concat([codings, codings])  # two coders' sheets stacked by mistake
    with pytest.raises(ValueError, match="40 coded unit\\(s\\) appear twice"):
        tk.frame_classifier(corpus, stacked)


def test_the_classifier_learns_what_the_coders_code_and_scores_itself_by_cross_validation():
    from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

    corpus, codings = _coded_corpus()
    clf = tk.frame_classifier(corpus, codings, cv=4, seed=3)
    scores = clf.scores.set_index(["frame", "method"])
    assert list(clf.scores["frame"].unique()) == ["humanitarian"] and clf.trained == ("humanitarian",)
    assert scores.loc[("humanitarian", "dictionary"), "recall"] == 0  # the dictionary has no word for blankets
    # The scores are those of the cross-validated predictions, recomputed here with scikit-learn.
    truth, cv = codings["humanitarian"], clf.predictions["humanitarian"]
    row = scores.loc[("humanitarian", "classifier")]
    assert row["precision"] == pytest.approx(precision_score(truth, cv))
    assert row["recall"] == pytest.approx(recall_score(truth, cv)) and row["recall"] >= 0.9
    assert row["f1"] == pytest.approx(f1_score(truth, cv))
    assert row["kappa"] == pytest.approx(cohen_kappa_score(truth, cv))
    new = tk.Corpus.from_texts({"x": "The committee met on Monday. Mothers asked for blankets and tents."},
                               meta={"actor": ["A"]})
    result = clf.predict(new)
    assert isinstance(result, FrameResult)
    assert result.indicators["humanitarian"].tolist() == [0, 1]
    assert result.documents.set_index("frame").loc["humanitarian", "share"] == pytest.approx(0.5)
    assert set(result.compare("actor", n_boot=10)["group"]) == {"A"}
    pd.testing.assert_frame_equal(clf.scores, tk.frame_classifier(corpus, codings, cv=4, seed=3).scores)


def test_codings_by_sentence_and_frames_with_too_few_codings():
    corpus = tk.Corpus.from_texts({f"d{i}": f"The committee of village {i} met. Families in village {i} wait for "
                                            "blankets." for i in range(12)})
    codings = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12) for _ in (1, 2)],
                            "sent_id": [k for _ in range(12) for k in (1, 2)],
                            "humanitarian": [k - 1 for _ in range(12) for k in (1, 2)],
                            "violence": [0] * 22 + [1, 1]})
    with pytest.warns(UserWarning, match=r"too few coded sentences on one side to train violence \(2 of 24 coded as using it\)"):
        clf = tk.frame_classifier(corpus, codings, cv=3)
    assert clf.trained == ("humanitarian",) and list(clf.predictions.columns[:2]) == ["doc_id", "sent_id"]
    assert clf.scores.set_index(["frame", "method"]).loc[("violence", "classifier"), "trained"] == False  # noqa: E712
    assert clf.scores.set_index(["frame", "method"]).loc[("humanitarian", "classifier"), "recall"] == 1.0


@pytest.mark.parametrize(
    ("codings", "options", "error", "match"),
    [
        (pd.DataFrame({"id": ["d0"], "humanitarian": [1]}), {}, KeyError, "no 'doc_id' column"),
        (pd.DataFrame({"doc_id": ["d0"], "frame_x": [1]}), {}, KeyError, "no column named like a frame"),
        (pd.DataFrame({"doc_id": ["d0", "d1"], "humanitarian": [1, 2]}), {}, ValueError, "must hold 0 or 1"),
        (pd.DataFrame({"doc_id": ["nope"], "humanitarian": [1]}), {}, KeyError, "not in the corpus"),
        (pd.DataFrame({"doc_id": ["d0"], "humanitarian": [1]}), {"cv": 1}, ValueError,
         "The 'cv' parameter of frame_classifier must be an int >= 2. Got 1 instead."),
        (pd.DataFrame({"doc_id": ["d0"], "humanitarian": [1]}), {"C": 0}, ValueError,
         "The 'C' parameter of frame_classifier must be > 0"),
        (pd.DataFrame({"doc_id": ["d0", "d0"], "humanitarian": [1, 1]}), {}, ValueError, "appear twice"),
        (pd.DataFrame({"doc_id": [], "humanitarian": []}), {}, ValueError, "the codings are empty"),
        (pd.DataFrame({"doc_id": ["d1", "d3"], "humanitarian": [0, 1]}), {"word_weight": 0}, ValueError,
         "no feature"),
    ],
)
def test_bad_codings_and_options_are_named(codings, options, error, match):
    corpus, _ = _coded_corpus(4)
    with pytest.raises(error, match=match):
        tk.frame_classifier(corpus, codings, **options)


@pytest.mark.parametrize(
    ("pattern", "match"),
    [
        ("[{DEP: nsubj, LOWER: talks}]", "uses DEP, which lexicons cannot match"),
        ("[{ENT_TYPE: GPE}]", "uses ENT_TYPE"),
        ("[{LOWER: no}, {LOWER: war}]", "has LOWER: False: YAML reads an unquoted no, yes, on, off, true or false as a boolean"),
        ("[{LOWER: 1945}]", "YAML reads it as a number; quote it: LOWER: '1945'"),
    ],
)
def test_patterns_a_lexicon_cannot_match_are_refused_when_read(tmp_path, pattern, match):
    path = tmp_path / "p.yaml"
    path.write_text(f"name: t\nlicence: CC0\ncategories:\n  c:\n    source: s\n    patterns:\n      - {pattern}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        tk.load_dictionary(path)
