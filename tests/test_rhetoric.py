"""Rhetorical profiles, lexicons and speech acts of toolkit/rhetoric/ and toolkit/lexicon/."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit as tk


# -- lexicons ---------------------------------------------------------------------------------------
def test_builtin_lexicon_records_source_and_licence_of_every_category():
    lexicon = tk.load_lexicon()
    frame = lexicon.to_frame()
    assert {"obligation", "possibility", "commitment", "hedge", "booster", "attitude", "we", "they", "i"} <= set(frame["category"])
    assert frame["source"].str.len().min() > 10
    assert (frame["licence"] == "CC0 1.0").all()


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("categories: [a, b", r"malformed YAML at line"),
        ("name: x\n", r"needs a 'categories' mapping"),
        ("categories:\n  c:\n    source: s\n    licence: l\n", r"category 'c' has no terms"),
        ("categories:\n  c:\n    terms: [a]\n", r"category 'c' lacks source and licence"),
        ("categories:\n  c:\n    terms: [a, 3]\n    source: s\n    licence: l\n", r"'terms' of category 'c' must be a list"),
    ],
)
def test_malformed_lexicons_fail_clearly(tmp_path, content, match):
    path = tmp_path / "lex.yaml"
    path.write_text(content)
    with pytest.raises(ValueError, match=match):
        tk.load_lexicon(path)
    with pytest.raises(FileNotFoundError, match="built-in lexicons: frames, rhetoric"):
        tk.load_lexicon(tmp_path / "nope.yaml")


def test_a_custom_lexicon_with_lemmas_prefixes_and_exclusions(tmp_path, nlp):
    path = tmp_path / "lex.yaml"
    path.write_text(
        "name: test\nlicence: CC0\ncategories:\n"
        "  duty:\n    source: test\n    terms: [obligat*]\n    lemmas: [have to]\n    exclude: [obligatory reading]\n"
    )
    lexicon = tk.load_lexicon(path)
    doc = next(tk.spacy_docs(tk.Corpus.from_texts(["It has to stop; we are obligated; obligatory reading."]), level="tags"))
    assert [s.text for s in lexicon.matches(doc, nlp)["duty"]] == ["has to", "obligated"]


# -- rhetoric ------------------------------------------------------------------------------------------
SENTENCES = {
    "obligation": ("All parties must comply. They should stop and have to leave; Kestria shall withdraw.", 4),
    "possibility": ("Perhaps talks may help. It could work and is likely to succeed.", 4),
    "commitment": ("We will help. We stand ready to mediate and are determined to succeed.", 3),
    "hedge": ("We believe this seems to be roughly the right path, perhaps.", 4),
    "booster": ("This is clearly and undeniably a crime; indeed, we firmly reject it.", 4),
    "attitude": ("Regrettably, the situation is alarming and the shelling is unacceptable.", 3),
}


@pytest.mark.parametrize("category", list(SENTENCES))
def test_each_category_on_sentences_written_for_it(category):
    text, expected = SENTENCES[category]
    r = tk.rhetoric(tk.Corpus.from_texts([text]))
    assert r.loc[0, category] == expected


def test_negation_in_scope_still_counts_and_is_flagged():
    r = tk.rhetoric(tk.Corpus.from_texts(["We must not fail. We will never accept it. We may not wait. We must act."]))
    assert (r.loc[0, "obligation"], r.loc[0, "obligation_negated"]) == (2, 1)
    assert (r.loc[0, "commitment"], r.loc[0, "commitment_negated"]) == (1, 1)
    assert (r.loc[0, "possibility"], r.loc[0, "possibility_negated"]) == (1, 1)


def test_may_the_month_is_not_possibility():
    r = tk.rhetoric(tk.Corpus.from_texts(["The convoy was attacked in May. It may return."]))
    assert r.loc[0, "possibility"] == 1


def test_pronouns():
    r = tk.rhetoric(tk.Corpus.from_texts(["We and our people ask them and their allies; I thank you, and they agree with us."]))
    assert (r.loc[0, "we"], r.loc[0, "they"], r.loc[0, "i"]) == (3, 3, 1)


def test_rates_per_1k_compare_across_lengths():
    short = "We must act now."
    long = " ".join([short] * 10)
    r = tk.rhetoric(tk.Corpus.from_texts({"short": short, "long": long}))
    assert r.loc[1, "obligation"] == 10 * r.loc[0, "obligation"]
    assert r.loc[0, "obligation_per_1k"] == pytest.approx(r.loc[1, "obligation_per_1k"])


def test_rates_use_the_word_count():
    r = tk.rhetoric(tk.Corpus.from_texts(["We must act now."]))
    assert r.loc[0, "words"] == 4
    assert r.loc[0, "obligation_per_1k"] == pytest.approx(250.0)


def test_readability_and_tone_against_the_libraries():
    import textacy.text_stats as ts
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    text = "We condemn this horrific attack. We welcome the wonderful progress of the talks. The meeting is on Monday."
    corpus = tk.Corpus.from_texts([text])
    r = tk.rhetoric(corpus)
    doc = next(tk.spacy_docs(corpus, level="tags"))
    assert r.loc[0, "flesch_reading_ease"] == pytest.approx(ts.flesch_reading_ease(doc))
    assert r.loc[0, "sentences"] == 3
    vader = SentimentIntensityAnalyzer()
    scores = [vader.polarity_scores(s.text)["compound"] for s in doc.sents]
    assert r.loc[0, "vader_compound"] == pytest.approx(sum(scores) / 3)
    assert (r.loc[0, "vader_positive"], r.loc[0, "vader_negative"], r.loc[0, "vader_neutral"]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_documented_columns_exist(demo):
    r = tk.rhetoric(demo)
    for col in ["obligation_per_1k", "possibility_per_1k", "commitment_per_1k", "hedge_per_1k", "booster_per_1k",
                "we_per_1k", "they_per_1k", "vader_compound", "flesch_reading_ease", "mtld", "hdd", "ttr"]:
        assert col in r.columns, col
    assert r["doc_id"].tolist() == demo.doc_ids
    means = r.groupby("actor")[["obligation_per_1k", "hedge_per_1k", "booster_per_1k"]].mean()
    # The demo corpus was written with these profiles (toolkit/resources/demo/README.md).
    assert means["obligation_per_1k"].idxmax() == "Tessaly"
    assert means["hedge_per_1k"].idxmax() == "Ostland"
    assert means["booster_per_1k"].idxmax() == "Veloria"


# -- speech acts --------------------------------------------------------------------------------------
ACTS = [
    ("We condemn the attack on Tolvik.", [("condemn", "Veloria", "the attack on Tolvik", False, False)]),
    ("They condemned our position.", [("condemn", "they", "our position", False, False)]),
    ("The attack was condemned by the Council.", [("condemn", "Council", "The attack", False, True)]),
    ("We condemn and reject the shelling.", [("condemn", "Veloria", "the shelling", False, False),
                                              ("reject", "Veloria", "the shelling", False, False)]),
    ("We call on both sides to exercise restraint.", [("call", "Veloria", "both sides", False, False)]),
    ("We urge Kestria to withdraw.", [("call", "Veloria", "Kestria", False, False)]),
    ("We welcome the proposal.", [("support", "Veloria", "the proposal", False, False)]),
    ("We cannot accept these accusations.", [("reject", "Veloria", "these accusations", False, False)]),
    ("We warn against any escalation.", [("warn", "Veloria", "any escalation", False, False)]),
    ("We are deeply concerned about the blockade.", [("concern", "Veloria", "the blockade", False, False)]),
    ("We express our deep concern over the blockade.", [("concern", "Veloria", "the blockade", False, False)]),
    ("The Minister noted that Russia stands ready to assist.", [("commit", "Russia", "to assist", False, False)]),
    ("We reaffirm our commitment to the Charter.", [("reaffirm", "Veloria", "our commitment to the Charter", False, False)]),
    ("We propose a ceasefire.", [("propose", "Veloria", "a ceasefire", False, False)]),
    ("We do not condemn anyone.", [("condemn", "Veloria", "anyone", True, False)]),
    ("The talks will begin on Monday.", []),
    ("We call on the Council to condemn the attack.", [("call", "Veloria", "the Council", False, False)]),
    # Content somebody claims, alleges or denies is nobody's act; only the rejection is.
    ("We categorically reject the claim that Kestria supports or shelters the Front.",
     [("reject", "Veloria", "the claim that Kestria supports or shelters the Front", False, False)]),
    ("They allege that we supported the attack.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), ACTS)
def test_speech_acts_on_sentences_written_for_them(sentence, expected):
    acts = tk.speech_acts(tk.Corpus.from_texts([sentence], meta={"actor": ["Veloria"]}), speaker="actor")
    got = [(r.act, r.subject, r.target_text, r.negated, r.passive) for r in acts.itertuples()]
    assert got == expected


def test_targets_are_normalised_to_actors():
    corpus = tk.Corpus.from_texts(["We condemn the Kestrian strikes on Ardesh."], meta={"actor": ["Veloria"]})
    acts = tk.speech_acts(corpus, speaker="actor", aliases={"kestrian": "Kestria"})
    assert acts.loc[0, "target"] == "Kestria"
    assert tk.speech_acts(corpus).loc[0, "subject"] == "we"  # without speaker=, "we" stays "we"
    named = tk.speech_acts(tk.Corpus.from_texts(["We welcome the Vennholm Proposal."]))
    assert named.loc[0, "target"] == "Vennholm Proposal"  # the whole name, not its last word


def test_speech_act_columns_and_errors(demo):
    acts = tk.speech_acts(demo, speaker="actor")
    assert list(acts.columns[:11]) == ["doc_id", "sent_id", "act", "verb", "subject", "subject_text", "target",
                                       "target_text", "negated", "passive", "sentence"]
    assert set(acts["act"]) <= {"condemn", "call", "support", "reject", "warn", "concern", "commit", "reaffirm", "propose"}
    by_actor = acts.groupby(["actor", "act"]).size().unstack(fill_value=0)
    assert by_actor.loc["Amaru", "call"] >= by_actor.loc["Ostland", "call"]
    assert by_actor["condemn"].get("Ostland", 0) == 0  # the mediator never condemns
    with pytest.raises(KeyError, match="no metadata column 'speaker_name'"):
        tk.speech_acts(demo, speaker="speaker_name")
    assert isinstance(acts, pd.DataFrame)


# -- attributions --------------------------------------------------------------------------------------
def test_attributions_resolve_appositions_pronouns_and_surnames():
    text = (
        "Ostland's foreign minister, Liv Aldersen, commented on the talks, stressing that both sides must compromise. "
        "Aldersen underscored that the corridor must reopen. She reiterated Ostland's offer to host the talks. "
        "The Kestrian envoy, Anika Sorvel, said that Kestria would not attend. "
        "Sorvel noted that the treaty is clear. He added nothing. "
        "\u201cWe will not sign,\u201d Sorvel said."
    )
    a = tk.attributions(tk.Corpus.from_texts([text]))
    rows = [(r.speaker, r.verb, r.kind) for r in a.itertuples()]
    assert rows[:7] == [
        ("Liv Aldersen", "comment", "reported"),
        ("Liv Aldersen", "stress", "reported"),
        ("Liv Aldersen", "underscore", "reported"),
        ("Liv Aldersen", "reiterate", "reported"),
        ("Anika Sorvel", "say", "reported"),
        ("Anika Sorvel", "note", "reported"),
        ("Anika Sorvel", "say", "direct"),
    ]
    assert a.loc[1, "content"] == "that both sides must compromise"
    assert a.loc[6, "content"] == "We will not sign"
    assert list(a.columns) == ["doc_id", "sent_id", "speaker", "speaker_text", "verb", "content", "kind"]


def test_attributions_in_the_news_report():
    from support import SHARED, require

    path = require(SHARED / "news" / "russia-middle-east-report.txt", "The news report of shared/corpora/news",
                   how="clone the repository beside the shared/ folder")
    a = tk.attributions(tk.load_statements(path))
    by_speaker = a.groupby("speaker")["verb"].apply(set)
    assert {"comment", "stress", "underscore", "point", "reiterate", "note", "emphasize"} <= by_speaker["Sergei Lavrov"]
    assert {"reaffirm", "stress"} <= by_speaker["Dmitry Polyansky"]
    # "He" sentences belong to Lavrov, the last person named before them; no pronoun is left as a speaker.
    assert not a["speaker"].isin(["He", "She", "he", "she"]).any()
    assert "Lavrov" not in set(a["speaker"])  # the surname alone is resolved to the full name


# -- agency, profiles and counts ------------------------------------------------------------------------
def test_actions_are_textacys_triples_with_actors():
    corpus = tk.Corpus.from_texts(
        ["Kestrian forces attacked the convoy and blocked the corridor. We will rebuild the schools."],
        meta={"actor": ["Veloria"]},
    )
    a = tk.actions(corpus, speaker="actor", aliases={"kestrian": "Kestria"})
    assert a[["subject", "verb", "object"]].values.tolist() == [
        ["Kestria", "attack", "convoy"],
        ["Kestria", "block", "corridor"],
        ["Veloria", "rebuild", "schools"],
    ]
    assert a["sent_id"].tolist() == [1, 1, 2]
    assert a["verb_text"].tolist()[2] == "will rebuild"


def test_rhetoric_profile_pools_rates_and_bootstraps_statements():
    r = pd.DataFrame(
        {
            "actor": ["A", "A", "B"],
            "words": [100, 300, 200],
            "hedge": [1, 9, 4],
            "hedge_per_1k": [10.0, 30.0, 20.0],
            "vader_compound": [0.2, 0.4, -0.1],
        }
    )
    p = tk.rhetoric_profile(r, by="actor", n_boot=500, seed=3)
    a_hedge = p[(p["group"] == "A") & (p["measure"] == "hedge_per_1k")].iloc[0]
    assert a_hedge["value"] == pytest.approx(10 / 400 * 1000)  # pooled: 10 hedges in 400 words
    assert 10 <= a_hedge["low"] <= a_hedge["value"] <= a_hedge["high"] <= 30
    a_tone = p[(p["group"] == "A") & (p["measure"] == "vader_compound")].iloc[0]
    assert a_tone["value"] == pytest.approx(0.3)
    b = p[(p["group"] == "B") & (p["measure"] == "hedge_per_1k")].iloc[0]
    assert b["value"] == pytest.approx(20.0)
    assert np.isnan(b["low"]) and np.isnan(b["high"])  # one statement: no variation to resample, no interval
    pd.testing.assert_frame_equal(p, tk.rhetoric_profile(r, by="actor", n_boot=500, seed=3))
    with pytest.raises(KeyError, match="no column 'party'"):
        tk.rhetoric_profile(r, by="party")


def test_speech_act_counts_and_plots(demo):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    acts = tk.speech_acts(demo, speaker="actor")
    counts = tk.speech_act_counts(acts, by="actor")
    assert counts.to_numpy().sum() == len(acts)
    assert counts.loc["Amaru", "call"] == ((acts["actor"] == "Amaru") & (acts["act"] == "call")).sum()
    whom = tk.speech_act_counts(acts, by="subject", columns="target", act="condemn")
    assert whom.to_numpy().sum() == (acts["act"] == "condemn").sum()
    fig = tk.plot_speech_acts(whom)
    ax = fig.axes[0]
    assert ax.get_title() == "Who condemns whom"
    assert [t.get_text() for t in ax.texts][: whom.shape[1]] == [str(int(v)) for v in whom.iloc[0]]
    plt.close(fig)
    profile = tk.rhetoric_profile(tk.rhetoric(demo), by="actor", n_boot=100)
    fig = tk.plot_rhetoric(profile, measures=["hedge_per_1k", "vader_compound"])
    assert [a.get_title() for a in fig.axes if a.get_visible()] == ["hedges", "tone (VADER compound)"]
    points = next(line for line in fig.axes[0].lines if line.get_marker() == "o").get_xdata()
    hedges = profile[profile["measure"] == "hedge_per_1k"].sort_values("group")
    assert points == pytest.approx(hedges["value"].to_numpy())
    # The bars run from each interval's low to its high bound, top row first (groups in order).
    bars = fig.axes[0].collections[0].get_segments()
    np.testing.assert_allclose([(seg[0][0], seg[1][0]) for seg in bars], hedges[["low", "high"]].to_numpy())
    plt.close(fig)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We, the member states of the Southern Littoral, demand peace.", "the member states of the Southern Littoral"),
        ("As for us, we in Ostland believe in talks.", "Ostland"),
        ("We, as a small island state, know the sea. We, as a small island state, ask.", "a small island state"),
        ("We, however, disagree.", None),
        ("We must act.", None),
    ],
)
def test_who_we_is_when_the_statement_says_so(text, expected):
    assert tk.rhetoric(tk.Corpus.from_texts([text])).loc[0, "we_refers_to"] == expected


def test_lexicons_combine_for_tone(tmp_path):
    tone = tmp_path / "tone.yaml"
    tone.write_text(
        "name: tone\nlicence: CC0\ncategories:\n"
        "  tone_positive:\n    source: test\n    terms: [welcome, hope*]\n"
        "  tone_negative:\n    source: test\n    terms: [attack*, crime]\n"
    )
    r = tk.rhetoric(tk.Corpus.from_texts(["We welcome the hopeful talks but condemn the attacks, a crime."]), lexicon=["rhetoric", tone])
    assert (r.loc[0, "tone_positive"], r.loc[0, "tone_negative"]) == (2, 2)
    assert "hedge_per_1k" in r.columns
    with pytest.raises(ValueError, match=r"categories \['tone_negative', 'tone_positive'\] appear in more than one lexicon"):
        tk.rhetoric(tk.Corpus.from_texts(["x"]), lexicon=[tone, tone])


def test_actions_aggregate_who_does_what_to_whom():
    corpus = tk.Corpus.from_texts(
        ["Kestrian forces attacked the convoy. Kestrian forces attacked the convoy again.", "Kestrian forces attacked the convoy."],
        meta={"actor": ["Veloria", "Amaru"]},
    )
    agg = tk.actions(corpus, speaker="actor", aliases={"kestrian": "Kestria"}, aggregate=True)
    assert agg.iloc[0][["subject", "verb", "object", "n", "n_docs"]].tolist() == ["Kestria", "attack", "convoy", 3, 2]


def test_a_groups_rhetoric_interval_does_not_depend_on_the_other_groups(demo):
    r = tk.rhetoric(demo)
    everyone = tk.rhetoric_profile(r, by="actor", n_boot=100, seed=2).set_index(["group", "measure"])
    fewer = tk.rhetoric_profile(r[r["actor"].isin(["Ostland", "Veloria"])], by="actor", n_boot=100, seed=2)
    fewer = fewer.set_index(["group", "measure"])
    pd.testing.assert_frame_equal(fewer, everyone.loc[fewer.index])


def test_rhetoric_t_interval_by_hand():
    from scipy import stats

    r = pd.DataFrame({
        "actor": ["A", "A", "A"],
        "words": [100, 300, 200],
        "hedge": [1, 9, 4],
        "hedge_per_1k": [10.0, 30.0, 20.0],
        "vader_compound": [0.2, 0.4, -0.1],
    })
    p = tk.rhetoric_profile(r, by="actor", interval="t").set_index("measure")
    rate = 14 / 600
    se = np.sqrt(3 / 2 * ((np.array([1, 9, 4]) - rate * np.array([100, 300, 200])) ** 2).sum()) / 600
    half = stats.t.ppf(0.975, 2) * se * 1000
    assert (p.loc["hedge_per_1k", "low"], p.loc["hedge_per_1k", "high"]) == pytest.approx(
        (max(rate * 1000 - half, 0), rate * 1000 + half))
    tone = np.array([0.2, 0.4, -0.1])
    half = stats.t.ppf(0.975, 2) * tone.std(ddof=1) / np.sqrt(3)
    assert (p.loc["vader_compound", "low"], p.loc["vader_compound", "high"]) == pytest.approx(
        (tone.mean() - half, tone.mean() + half))
    with pytest.raises(ValueError, match="'interval' parameter of rhetoric_profile must be one of"):
        tk.rhetoric_profile(r, by="actor", interval="wide")


def test_a_built_in_lexicon_is_found_by_name_as_a_string_or_a_path():
    from pathlib import Path

    assert tk.load_lexicon(Path("rhetoric")).categories.keys() == tk.load_lexicon("rhetoric").categories.keys()
    with pytest.raises(FileNotFoundError, match="built-in lexicons: frames, rhetoric"):
        tk.load_lexicon("no/such/rhetoric")
