"""Frequencies, keyword in context and keyness of toolkit/keywords.py."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

import toolkit as tk


# -- frequencies -----------------------------------------------------------------------------------
def test_frequencies_against_counter(demo):
    m = tk.dfm(demo)
    freq = tk.frequencies(m)
    counts = Counter()
    docfreq = Counter()
    for row in m.to_frame().itertuples():
        counts[row.feature] += row.count
        docfreq[row.feature] += 1
    assert dict(zip(freq["feature"], freq["frequency"])) == dict(counts)
    assert dict(zip(freq["feature"], freq["docfreq"])) == dict(docfreq)
    assert freq["frequency"].is_monotonic_decreasing
    # Ties share the lowest rank, as R's rank(ties.method = "min").
    expected_rank = (-freq["frequency"]).rank(method="min").astype(int)
    assert freq["rank"].tolist() == expected_rank.tolist()
    assert set(freq["group"]) == {"all"}


def test_frequencies_per_group_and_top_n(demo):
    m = tk.dfm(demo)
    freq = tk.frequencies(m, groups="actor", n=5)
    assert freq.groupby("group").size().tolist() == [5] * 6
    amaru = tk.frequencies(m.subset("actor == 'Amaru'")).head(5)
    got = freq[freq["group"] == "Amaru"].drop(columns="group").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, amaru.drop(columns="group"))
    assert freq.loc[freq["group"] == "Amaru", "feature"].iloc[0] == "humanitarian"


def test_frequencies_errors(demo):
    m = tk.dfm(demo)
    with pytest.raises(ValueError, match="weighted"):
        tk.frequencies(m.weight("prop"))
    with pytest.raises(KeyError, match="no metadata column 'party'"):
        tk.frequencies(m, groups="party")
    with pytest.raises(TypeError, match="must be a DFM"):
        tk.frequencies(demo)


# -- kwic ---------------------------------------------------------------------------------------------
@pytest.fixture()
def kwic_corpus():
    return tk.Corpus.from_texts(
        {
            "a": "We respect international law.\n\nInternational  law binds all parties; security matters.",
            "b": "A two-state solution is the only path. Securing borders is not enough.",
        },
        meta={"actor": ["Tessaly", "Ostland"]},
    )


def test_kwic_glob_phrase_and_context(kwic_corpus):
    k = tk.kwic(kwic_corpus, "international law", window=2)
    assert list(k.columns) == ["doc_id", "position", "left", "match", "right", "pattern", "actor"]
    assert k[["doc_id", "position", "left", "match", "right"]].values.tolist() == [
        ["a", 3, "We respect", "international law", ". International"],
        ["a", 6, "law.", "International law", "binds all"],
    ]
    assert k["actor"].tolist() == ["Tessaly", "Tessaly"]


def test_kwic_wildcards_regex_and_case(kwic_corpus):
    assert tk.kwic(kwic_corpus, "secur*")["match"].tolist() == ["security", "Securing"]
    assert tk.kwic(kwic_corpus, "secur*", case_sensitive=True)["match"].tolist() == ["security"]
    assert tk.kwic(kwic_corpus, "?ecurity")["match"].tolist() == ["security"]
    assert tk.kwic(kwic_corpus, r"^sec.*ing$", valuetype="regex")["match"].tolist() == ["Securing"]
    # A glob is a whole-token match; a regex is searched inside tokens.
    assert tk.kwic(kwic_corpus, "curi")["match"].tolist() == []
    assert tk.kwic(kwic_corpus, "curi", valuetype="regex")["match"].tolist() == ["security", "Securing"]


def test_kwic_phrase_is_split_like_the_corpus(kwic_corpus):
    for vt in ("phrase", "glob"):
        k = tk.kwic(kwic_corpus, "two-state solution", valuetype=vt, window=1)
        assert k[["doc_id", "left", "match", "right"]].values.tolist() == [["b", "A", "two-state solution", "is"]]


def test_kwic_several_patterns_one_row_per_position(kwic_corpus):
    k = tk.kwic(kwic_corpus, ["law", "l*"], window=1)
    assert k["match"].tolist() == ["law", "law"]
    assert k["pattern"].tolist() == ["law", "law"]


def test_kwic_errors(kwic_corpus):
    with pytest.raises(ValueError, match=r"'window' parameter of kwic must be an int >= 1. Got 0 instead."):
        tk.kwic(kwic_corpus, "law", window=0)
    with pytest.raises(ValueError, match=r"'valuetype' parameter of kwic must be one of"):
        tk.kwic(kwic_corpus, "law", valuetype="fixed")
    with pytest.raises(ValueError, match="not a valid regular expression"):
        tk.kwic(kwic_corpus, "(", valuetype="regex")
    with pytest.raises(ValueError, match="non-empty"):
        tk.kwic(kwic_corpus, [])


def test_kwic_html_escapes_text():
    corpus = tk.Corpus.from_texts({"x<1>": '<script>alert(1)</script> law & <b>"order"</b>'})
    k = tk.kwic(corpus, "law", window=10)
    assert k["left"].tolist() == ["<script>alert(1)</script>"]
    view = tk.kwic_html(k)
    assert "<script>" not in view.html and "<b>" not in view.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.html
    assert "&amp; &lt;b&gt;&quot;order&quot;&lt;/b&gt;" in view.html
    assert "x&lt;1&gt;" in view.html
    assert view._repr_html_() == view.html
    assert "1 matches" in repr(view)
    with pytest.raises(KeyError, match="kwic table"):
        tk.kwic_html(pd.DataFrame({"a": [1]}))


def test_kwic_html_limits_rows(tmp_path, demo):
    k = tk.kwic(demo, "humanitarian")
    view = tk.kwic_html(k, max_rows=3)
    assert view.html.count("<tr>") == 4  # header + 3
    assert f"{len(k)} matches, first 3 shown" in view.html
    page = view.save(tmp_path / "kwic.html")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
