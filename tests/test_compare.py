"""compare() and its Comparison, of toolkit/compare/."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import dataclasses  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402

import toolkit as tk  # noqa: E402


def test_compare_bundles_everything_and_escapes_its_html(demo):
    comparison = tk.compare(demo, "actor", n=5, n_boot=50)
    assert set(comparison.keyness["group"]) == set(demo.meta["actor"])
    grid = comparison.keyness.pivot_table(index="feature", columns="group", values="log_ratio")
    assert not grid.isna().any().any()  # every group holds every reported top term
    table = comparison.to_frame()
    assert set(table["kind"]) == {"keyness", "frame", "rhetoric", "speech_act", "speech_act_per_1k"}
    rates = table[table["kind"] == "speech_act_per_1k"].set_index(["group", "name"])["value"]
    counts = table[table["kind"] == "speech_act"].set_index(["group", "name"])["value"]
    words = comparison.acts.attrs["documents"].groupby("actor")["words"].sum()
    for (group, act), count in counts.items():
        assert rates[(group, act)] == pytest.approx(count / words[group] * 1000)
    amaru = table[(table["kind"] == "frame") & (table["group"] == "Amaru") & (table["name"] == "humanitarian")]
    assert amaru["value"].iloc[0] == pytest.approx(
        comparison.frames[(comparison.frames["group"] == "Amaru") & (comparison.frames["frame"] == "humanitarian")]["share"].iloc[0]
    )
    hostile = tk.Corpus.from_texts(
        ["<script>alert(1)</script> We condemn the attack.", "We welcome the talks.", "We reject it.", "Peace now."],
        meta={"actor": ["<b>X</b>", "<b>X</b>", "Y", "Y"]},
    )
    page = tk.compare(hostile, "actor", n=3, n_boot=10).to_html()
    assert "<script>" not in page and "<b>X</b>" not in page
    assert "&lt;b&gt;X&lt;/b&gt;" in page
    with pytest.raises(KeyError, match="no metadata column 'party'"):
        tk.compare(demo, "party")


@pytest.mark.parametrize(("option", "value", "error", "message"), [
    ("measure", "foo", ValueError, "The 'measure' parameter of compare must be one of 'chi2', 'lr', 'exact', 'pmi', "
                                   "'logratio', 'logodds', 'scaledf'. Got 'foo' instead."),
    ("min_docs", -1, ValueError, "The 'min_docs' parameter of compare must be an int >= 0. Got -1 instead."),
    ("remove_names", "yes", TypeError, "The 'remove_names' parameter of compare must be True or False"),
])
def test_compare_checks_its_key_term_options_on_entry(demo, option, value, error, message):
    with pytest.raises(error, match=re.escape(message)):
        tk.compare(demo, "actor", **{option: value})


def test_a_comparison_is_a_frozen_result(demo):
    comparison = tk.compare(demo, "actor", n=3, n_boot=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        comparison.keyness = None
    assert comparison.speaker == "actor" and comparison.settings["n"] == 3  # the defaults filled in
    assert list(comparison.frames.columns[:2]) == ["group", "frame"]  # the one group column of every measure
    with pytest.raises(TypeError, match="must be a Comparison"):
        tk.report_html(comparison.keyness)


def test_compare_counts_own_acts_by_whole_names_not_codes_inside_words():
    corpus = tk.Corpus.from_texts(
        [
            "Independent observers condemn the attack. We call on all parties to stop.",
            "The trustees reject the plan. We support the talks.",
            "The Council of the Southern Littoral calls on both sides to talk. We welcome the talks.",
            "We reject the claim that the Council of the Southern Littoral supports the Front.",
        ],
        meta={"actor": ["IND", "RUS", "Council of the Southern Littoral", "Council of the Southern Littoral"],
              "who": ["x", "y", "z", "w"], "position": [1, 2, 3, 4], "sentence": list("abcd")},  # kwic, acts use these
    )
    comparison = tk.compare(corpus, "actor", n=2, n_boot=10, min_docs=1, min_count=1)  # key terms of one statement
    counts = comparison.speech_acts
    assert counts.loc["IND"].to_dict() == {"call": 1, "reject": 0, "support": 0}  # "Independent" is not IND
    assert counts.loc["RUS"].to_dict() == {"call": 0, "reject": 0, "support": 1}  # "trustees" is not RUS
    council = counts.loc["Council of the Southern Littoral"].to_dict()
    assert council == {"call": 1, "reject": 1, "support": 1}  # its own name counts; the disputed claim does not
    assert "In context" in comparison.to_html()  # a 'position' column does not break the concordance lines
    pair = tk.Corpus.from_texts(["We condemn the Kestrian strikes.", "We condemn the Velorian shelling."],
                                meta={"actor": ["Veloria", "Kestria"]})
    targets = tk.compare(pair, "actor", n=1, n_boot=0).acts.set_index("actor")["target"]
    assert targets.to_dict() == {"Veloria": "Kestria", "Kestria": "Veloria"}  # names in -ia, demonyms in -ian
    # With speaker= another column, the group's name still makes an act its own.
    by_speaker = tk.compare(corpus.subset("actor != 'RUS'"), "actor", speaker="who", n=2, n_boot=0)
    assert by_speaker.speech_acts.loc["Council of the Southern Littoral", "call"] == 1


def test_speech_acts_refuse_metadata_named_like_their_columns():
    corpus = tk.Corpus.from_texts(["We condemn it."], meta={"target": ["x"]})
    with pytest.raises(ValueError, match=r"column\(s\) \['target'\] would be overwritten .* rename them"):
        tk.speech_acts(corpus)
