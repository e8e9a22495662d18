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
    import textstat
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    text = "We condemn this horrific attack. We welcome the wonderful progress of the talks. The meeting is on Monday."
    corpus = tk.Corpus.from_texts([text])
    r = tk.rhetoric(corpus)
    doc = next(tk.spacy_docs(corpus, level="tags"))
    assert r.loc[0, "flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text))  # same words and sentences
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
    # Actors take their gazetteer name, whatever form the text uses.
    ("The Minister noted that Russia stands ready to assist.",
     [("commit", "Russian Federation", "to assist", False, False)]),
    # A nested act is an act too: the reaffirmation and the commitment it reaffirms.
    ("We reaffirm our commitment to the Charter.", [("reaffirm", "Veloria", "our commitment to the Charter", False, False),
                                                    ("commit", "Veloria", "the Charter", False, False)]),
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
    assert list(acts.columns[:16]) == ["doc_id", "sent_id", "act", "verb", "cameo", "subject", "subject_id",
                                       "subject_text", "person", "own", "target", "target_id", "target_text",
                                       "negated", "passive", "sentence"]
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
    assert list(a.columns) == ["doc_id", "sent_id", "speaker", "speaker_id", "speaker_text", "verb", "content", "kind"]


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
    # "His remarks ... highlighting", "Lavrov noted that Russia stands ready ..., arguing": Lavrov's too.
    assert {"highlight", "argue"} <= by_speaker["Sergei Lavrov"]
    people = a[a["speaker"].isin(["Sergei Lavrov", "Dmitry Polyansky"])]
    assert (people["speaker_id"] == "RUS").all()  # both speak for Russia, as the text introduces them


def test_speech_acts_in_the_news_report_belong_to_the_people_who_speak():
    from support import SHARED, require

    path = require(SHARED / "news" / "russia-middle-east-report.txt", "The news report of shared/corpora/news",
                   how="clone the repository beside the shared/ folder")
    corpus = tk.load_statements(path)
    acts = tk.speech_acts(corpus)
    rows = {(r.act, r.person, r.subject_id, r.target_id if isinstance(r.target_id, str) else None)
            for r in acts.itertuples()}
    # "He reiterated Moscow's position ...": Lavrov's and Russia's reaffirmation (not of Russia itself).
    assert ("reaffirm", "Sergei Lavrov", "RUS", None) in rows
    # "Lavrov noted that Russia stands ready to assist": a commitment in Lavrov's reported speech.
    assert ("commit", "Sergei Lavrov", "RUS", None) in rows
    # "Polyansky reaffirmed Moscow's condemnation of Hamas's actions against Israel": two acts, Russia -> Hamas.
    assert ("reaffirm", "Dmitry Polyansky", "RUS", None) in rows
    assert ("condemn", "Dmitry Polyansky", "RUS", "HAMAS") in rows
    # Every act has a person who performs or reports it, and Russia as its actor: analysts and observers
    # ("Analysts suggest that ...", "its ability to offer mediation") perform none.
    assert acts["person"].isin(["Sergei Lavrov", "Dmitry Polyansky"]).all()
    assert (acts["subject_id"] == "RUS").all()
    # The two tables agree on who speaks: each act's person is a speaker of the attributions.
    speakers = set(tk.attributions(corpus)["speaker"])
    assert set(acts["person"]) <= speakers


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


def test_speech_act_rates_per_1000_words_by_hand():
    corpus = tk.Corpus.from_texts(
        {"a1": "We condemn the attack. We condemn the siege.", "a2": "We support the talks today.",
         "b1": "The weather was mild in the capital on Monday."},
        meta={"actor": ["A", "A", "B"]},
    )
    acts = tk.speech_acts(corpus, speaker="actor")
    rates = tk.speech_act_counts(acts, by="actor", per=1000)
    # A: 8 + 5 words (punctuation left out), 2 condemnations and 1 support; B: 9 words, no act.
    assert rates.loc["A", "condemn"] == pytest.approx(2 / 13 * 1000)
    assert rates.loc["A", "support"] == pytest.approx(1 / 13 * 1000)
    assert rates.loc["B"].tolist() == [0.0, 0.0]  # a group without acts is a row of zeros, not missing
    assert rates.attrs["per"] == 1000
    import matplotlib.pyplot as plt

    fig = tk.plot_speech_acts(rates)
    assert fig.axes[0].get_title() == "Speech acts by actor, per 1,000 words"
    plt.close(fig)
    with pytest.raises(KeyError, match="rates need the words of each 'subject'"):
        tk.speech_act_counts(acts, by="subject", per=1000)
    with pytest.raises(ValueError, match="'per' parameter of speech_act_counts must be an int >= 1"):
        tk.speech_act_counts(acts, by="actor", per=0)


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


# -- senses, self-reference and targets on contrastive pairs --------------------------------------------
# Each pair differs in the construction an act needs: (speaker, sentence, expected (act, own, target_id,
# target_text) rows). Speakers are ISO3 codes only, as in the acceptance test, without aliases.
PAIRS = [
    ("RUS", "We commit ourselves to the two-State solution.", [("commit", True, None, "the two-State solution")]),
    ("UKR", "Russia commits war crimes every day.", []),  # committing crimes is no commitment
    ("UKR", "They are committing mass murders.", []),
    ("FRA", "We submit a draft resolution on the protection of journalists.",
     [("propose", True, None, "a draft resolution on the protection of journalists")]),
    ("FRA", "The elites that have submitted to its rule have lost legitimacy.", []),  # submitting to is no proposal
    ("FRA", "The current architecture offers no response to these threats.", []),  # a thing offers nothing
    ("FRA", "We offer our assistance to the victims.", [("commit", True, None, "our assistance to the victims")]),
    ("USA", "Welcome to New York.", []),  # a greeting
    ("USA", "We welcome the agreement.", [("support", True, None, "the agreement")]),
    # The speaker by its own name, adjective, official name or capital: the speaker's own act.
    ("JPN", "Japan is committed to the peace process.", [("commit", True, None, "the peace process")]),
    ("CHN", "The Chinese Government supports the initiative.", [("support", True, None, "the initiative")]),
    ("IRN", "The Islamic Republic of Iran rejects these accusations.", [("reject", True, None, "these accusations")]),
    ("TUR", "Türkiye stands ready to host the talks.", [("commit", True, None, "to host the talks")]),
    ("RUS", "Moscow condemns the strikes.", [("condemn", True, None, "the strikes")]),
    ("GBR", "My delegation welcomes the report.", [("support", True, None, "the report")]),
    ("USA", "Russia condemns the strikes.", [("condemn", False, None, "the strikes")]),  # another's act
    # Targets: a modifier names the target's actor only where it is one ("the Russian invasion"), the
    # speaker's friends are not the speaker, and a relative or interrogative pronoun is resolved.
    ("UKR", "We condemn the Russian invasion.", [("condemn", True, "RUS", "the Russian invasion")]),
    ("DEU", "We welcome German reunification.", [("support", True, None, "German reunification")]),
    ("NOR", "We urge our friends to show restraint.", [("call", True, None, "our friends")]),
    ("FRA", "This is a barbaric act that we all condemn.", [("condemn", True, None, "a barbaric act")]),
    ("CHN", "What China proposes is a new security architecture.",
     [("propose", True, None, "a new security architecture")]),
    # After an event noun "of" names what befalls (not who does it); an adjective or "by" names the agent.
    ("FRA", "We condemn the invasion of Ukraine.", [("condemn", True, None, "the invasion of Ukraine")]),
    ("FRA", "We condemn the Russian invasion of Ukraine.", [("condemn", True, "RUS", "the Russian invasion of Ukraine")]),
    ("FRA", "We condemn the attacks by Hamas.", [("condemn", True, "HAMAS", "the attacks by Hamas")]),
    ("FRA", "We support the Government and the people of Bangladesh.",
     [("support", True, "BGD", "the Government and the people of Bangladesh")]),
    # Formulas of the General Debate, negations and double negations.
    ("FRA", "Allow me to express our deep concern about the situation.", [("concern", True, None, "the situation")]),
    ("FRA", "We will not hesitate to condemn any violation.", [("condemn", True, None, "any violation")]),
    ("FRA", "We stress once again that the occupation must end.",
     [("reaffirm", True, None, "that the occupation must end")]),
    ("FRA", "In line with our commitment to the Charter, we act.", [("commit", True, None, "the Charter")]),
    ("FRA", "Let us translate our commitment into action.", []),  # a commitment acted upon, not stated
    ("FRA", "We express once again our deepest condolences.", []),  # a courtesy
]


@pytest.mark.parametrize(("speaker", "sentence", "expected"), PAIRS)
def test_senses_self_reference_and_targets(speaker, sentence, expected):
    acts = tk.speech_acts(tk.Corpus.from_texts([sentence], meta={"country": [speaker]}), speaker="country")
    got = [(r.act, bool(r.own), r.target_id if isinstance(r.target_id, str) else None, r.target_text)
           for r in acts.itertuples()]
    assert got == expected
    if expected:
        assert (acts["cameo"] != "").all() and acts["subject_id"].notna().all()


def test_cameo_codes_follow_the_lexicon():
    sentences = ["We condemn the attack.", "We call on both sides to talk.", "We demand a ceasefire.",
                 "We support the plan.", "We reject the claim.", "We warn against escalation.", "They threaten the region."]
    acts = tk.speech_acts(tk.Corpus.from_texts([" ".join(sentences)], meta={"country": ["FRA"]}), speaker="country")
    codes = dict(zip(acts["verb"], acts["cameo"]))
    # CAMEO 1.1b3: 111 criticize or denounce, 020 appeal, 100 demand, 051 praise or endorse, 120 reject, 012 warn.
    assert codes == {"condemn": "111", "call on": "020", "demand": "100", "support": "051", "reject": "120",
                     "threaten": "130", "warn": "012"}


def test_one_person_one_spelling_and_the_speaker_in_the_third_person():
    texts = {
        "news": "Russia\u2019s foreign minister, Sergei Lavrov, said that Russia condemns the attack. "
                "Lavrov stressed that talks must resume.",
        "un": "Mr. Sergey Lavrov reaffirmed our support for the Quartet. We call on both sides to refrain from violence.",
    }
    corpus = tk.Corpus.from_texts(texts, meta={"country": [None, "RUS"], "speaker_name": [None, "Sergey Lavrov"]})
    acts = tk.speech_acts(corpus, speaker="country", person="speaker_name")
    # The metadata spells the name; the news report's "Sergei Lavrov" is the same person.
    assert set(acts["person"].dropna()) == {"Sergey Lavrov"}
    mine = acts[acts["doc_id"] == "un"]
    assert mine["own"].all() and (mine["subject_id"] == "RUS").all()  # the speaker named by name acts for Russia
    said = tk.attributions(corpus, person="speaker_name")
    assert set(said["speaker"]) >= {"Sergey Lavrov"} and "Sergei Lavrov" not in set(said["speaker"])
    # Without metadata, the first spelling of the corpus is used throughout.
    assert set(tk.speech_acts(corpus)["person"].dropna()) == {"Sergei Lavrov"}
    with pytest.raises(ValueError, match=r"metadata column\(s\) \['speaker'\] would be overwritten"):
        tk.attributions(tk.Corpus.from_texts(["He said so."], meta={"speaker": ["X"]}))
    with pytest.raises(KeyError, match="no metadata column 'who'"):
        tk.speech_acts(corpus, person="who")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Sergei Lavrov", "Sergey Lavrov", True), ("SERGEY V. LAVROV", "Sergei Lavrov", True),
     ("Recep Tayyip Erdoğan", "Recep Erdogan", True), ("Sergei Lavrov", "Vassily Nebenzia", False),
     ("Sergei Lavrov", "Maria Lavrov", False)],
)
def test_person_key_meets_transliterations(a, b, same):
    from toolkit._util.text import person_key

    assert (person_key(a) == person_key(b)) is same


def test_negation_coordination_and_quoted_speakers():
    sentences = {
        "neither": "We neither support nor condone such actions.",
        "no": "No country supports this resolution.",
        "both": "Germany and France condemn the attack.",
        "quote": 'Russian Foreign Minister Sergei Lavrov said: "We condemn this attack."',
        "his": "Israel\u2019s Prime Minister, Benjamin Netanyahu, said that his country rejects the resolution.",
        "kyiv": "Russia supports separatists in eastern Ukraine, Kyiv said.",
    }
    corpus = tk.Corpus.from_texts(sentences, meta={"country": ["FRA", "FRA", "FRA", "USA", "FRA", "FRA"]})
    acts = tk.speech_acts(corpus, speaker="country")
    by = {k: acts[acts["doc_id"] == k] for k in sentences}
    assert by["neither"].loc[by["neither"]["act"] == "support", "negated"].tolist() == [True]
    assert by["no"].loc[by["no"]["act"] == "support", "negated"].tolist() == [True]
    both = by["both"]
    assert both[["subject_id", "own"]].values.tolist() == [["DEU", False], ["FRA", True]]  # one row per actor
    # "We" in Lavrov's words is Russia's, not the statement's speaker's (USA).
    quote = by["quote"].iloc[0]
    assert (quote["subject_id"], quote["own"], quote["person"]) == ("RUS", False, "Sergei Lavrov")
    his = by["his"].iloc[0]
    assert (his["act"], his["subject_id"], his["person"]) == ("reject", "ISR", "Benjamin Netanyahu")
    assert by["kyiv"]["person"].isna().all()  # a capital the gazetteer knows is no person

