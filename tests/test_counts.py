"""The document-feature matrix and frequencies of toolkit/counts/, checked against independent counts."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import toolkit as tk


def _naive_counts(corpus, nlp, *, stop=True, punct=True, lemma=False):
    """Count features the slow, obvious way: loop over spaCy tokens and apply the documented rules."""
    stops = {s.lower() for s in nlp.Defaults.stop_words}
    out = []
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"] if lemma else []):
        for text in corpus.texts:
            c = Counter()
            for tok in tk.merge_hyphenated(nlp(text)):
                low = tok.lower_
                if tok.is_space or (punct and not any(ch.isalnum() for ch in low)) or (stop and low in stops):
                    continue
                c[tok.lemma_.lower() if lemma else low] += 1
            out.append(c)
    return out


def _as_counters(m: tk.DFM):
    dense = m.matrix.toarray()
    return [Counter({f: int(v) for f, v in zip(m.features, row) if v}) for row in dense]


def test_small_example_by_hand():
    corpus = tk.Corpus.from_texts({"a": "We condemn the attack. The attack!", "b": "We call for calm."})
    m = tk.dfm(corpus)
    assert m.docnames == ["a", "b"]
    assert m.features == ["condemn", "attack", "calm"]
    assert m.matrix.toarray().tolist() == [[1, 2, 0], [0, 0, 1]]
    assert m.matrix.dtype == np.int64


def test_demo_counts_equal_naive_counts(demo, nlp):
    m = tk.dfm(demo)
    assert _as_counters(m) == _naive_counts(demo, nlp)


def test_demo_lemma_counts_equal_naive_counts(demo, nlp):
    sub = demo.subset("actor == 'Amaru'")
    m = tk.dfm(sub, normalize="lemma")
    assert _as_counters(m) == _naive_counts(sub, nlp, lemma=True)
    assert "attack" in m.features and "attacks" not in m.features


def test_keeping_stopwords_and_punctuation(statements, nlp):
    m = tk.dfm(statements, remove_stopwords=False, remove_punct=False)
    assert _as_counters(m) == _naive_counts(statements, nlp, stop=False, punct=False)
    assert "." in m.features and "the" in m.features


def test_custom_stopwords():
    corpus = tk.Corpus.from_texts(["We condemn the attack and we reject it."])
    m = tk.dfm(corpus, remove_stopwords=["WE", "the", "and", "it"])
    assert m.features == ["condemn", "attack", "reject"]
    with pytest.raises(TypeError, match="remove_stopwords"):
        tk.dfm(corpus, remove_stopwords="english")


def test_features_in_order_of_first_appearance():
    corpus = tk.Corpus.from_texts(["zebra apple zebra", "mango apple kiwi"])
    assert tk.dfm(corpus).features == ["zebra", "apple", "mango", "kiwi"]


def test_bigrams_do_not_span_removed_tokens():
    corpus = tk.Corpus.from_texts(["International law matters. Security of the region, international law."])
    m = tk.dfm(corpus, ngrams=2)
    counts = dict(zip(m.features, m.matrix.toarray()[0]))
    assert counts == {"international_law": 2, "law_matters": 1}
    assert "matters_security" not in counts and "security_region" not in counts


def test_ngrams_against_sliding_window_count():
    text = "the two state solution and the two state plan"
    corpus = tk.Corpus.from_texts([text])
    m = tk.dfm(corpus, ngrams=[1, 2, 3], remove_stopwords=False, concatenator=" ")
    words = text.split()
    expected = Counter(words)
    for n in (2, 3):
        expected.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    assert _as_counters(m)[0] == expected


def test_min_count_and_trim():
    corpus = tk.Corpus.from_texts(["peace peace war", "peace talks", "talks talks"])
    full = tk.dfm(corpus)
    assert full.feature_counts().tolist() == [3, 1, 3]
    assert tk.dfm(corpus, min_count=2).features == ["peace", "talks"]
    assert full.trim(min_docfreq=2).features == ["peace", "talks"]
    assert full.trim(max_docfreq=1).features == ["war"]
    assert full.doc_frequencies().tolist() == [2, 1, 2]
    with pytest.raises(ValueError, match=r"'min_count' parameter of DFM.trim must be an int >= 1. Got 0"):
        full.trim(min_count=0)


def test_group_sums_and_metadata(demo):
    m = tk.dfm(demo)
    g = m.group("actor")
    assert g.docnames == sorted(demo.meta["actor"].unique())
    dense = m.matrix.toarray()
    actors = demo.meta["actor"].to_numpy()
    for i, actor in enumerate(g.docnames):
        assert g.matrix.toarray()[i].tolist() == dense[actors == actor].sum(axis=0).tolist()
    meta = g.meta
    assert meta["n_docs"].tolist() == [4] * 6
    assert "actor_type" in meta.columns  # constant within every actor
    assert "venue" not in meta.columns  # varies within actors
    assert tk.dfm(demo, by="actor").matrix.toarray().tolist() == g.matrix.toarray().tolist()


def test_group_with_missing_labels_warns():
    corpus = tk.Corpus.from_texts(["peace now", "war now", "talks"], meta={"side": ["a", None, "a"]})
    with pytest.warns(UserWarning, match=r"dropped 1 document\(s\) whose 'side' is missing: text2"):
        g = tk.dfm(corpus).group("side")
    assert g.docnames == ["a"]
    with pytest.raises(KeyError, match=r"no metadata column 'party'"):
        tk.dfm(corpus).group("party")


def test_weights_by_hand():
    corpus = tk.Corpus.from_texts(["peace peace war", "peace talks", "talks talks talks talks"])
    m = tk.dfm(corpus)  # features: peace, war, talks
    counts = np.array([[2, 1, 0], [1, 0, 1], [0, 0, 4]], dtype=float)
    assert m.matrix.toarray().tolist() == counts.tolist()
    prop = m.weight("prop").matrix.toarray()
    assert prop == pytest.approx(counts / counts.sum(axis=1, keepdims=True))
    df = np.array([2, 1, 2])
    tfidf = m.weight("tfidf").matrix.toarray()
    assert tfidf == pytest.approx(counts * np.log10(3 / df))
    assert tfidf[0, 1] == pytest.approx(math.log10(3))
    logc = m.weight("logcount").matrix.toarray()
    assert logc[0, 0] == pytest.approx(1 + math.log10(2))
    assert logc[2, 2] == pytest.approx(1 + math.log10(4))
    assert logc[0, 2] == 0
    assert m.weight("boolean").matrix.toarray().tolist() == (counts > 0).astype(float).tolist()
    assert m.weight("tfidf", base=2).matrix.toarray()[0, 1] == pytest.approx(math.log2(3))
    assert m.weight("prop").weighting == "prop"
    with pytest.raises(ValueError, match="already weighted"):
        m.weight("prop").weight("tfidf")
    with pytest.raises(ValueError, match="Group first, then weight"):
        m.weight("prop").group(["a", "a", "b"])
    with pytest.raises(ValueError, match=r"'scheme' parameter of DFM.weight must be one of"):
        m.weight("bm25")


def test_to_frame_long_and_wide():
    corpus = tk.Corpus.from_texts({"a": "peace peace war", "b": "talks"})
    m = tk.dfm(corpus)
    long = m.to_frame()
    assert long.to_dict("records") == [
        {"doc_id": "a", "feature": "peace", "count": 2},
        {"doc_id": "a", "feature": "war", "count": 1},
        {"doc_id": "b", "feature": "talks", "count": 1},
    ]
    wide = m.to_frame(shape="wide")
    assert wide.index.name == "doc_id"
    assert wide.loc["a"].tolist() == [2, 1, 0]
    assert list(m.weight("prop").to_frame().columns) == ["doc_id", "feature", "weight"]


def test_subset_and_select(demo):
    m = tk.dfm(demo)
    sub = m.subset("actor == 'Ostland'")
    assert sub.docnames == demo.subset("actor == 'Ostland'").doc_ids
    sel = m.select(["security", "humanitarian", "not-a-feature"])
    assert sel.features == [f for f in m.features if f in {"security", "humanitarian"}]
    rest = m.select(["security"], remove=True)
    assert rest.shape[1] == m.shape[1] - 1
    with pytest.raises(ValueError, match="could not be evaluated"):
        m.subset("nonexistent > 3")


def test_dfm_is_immutable_and_leaves_corpus_alone(statements):
    before = statements.to_frame()
    m = tk.dfm(statements)
    pd.testing.assert_frame_equal(statements.to_frame(), before)
    with pytest.raises(ValueError):
        m.matrix.data[0] = 99
    with pytest.raises(AttributeError, match="immutable"):
        m.features = []
    meta = m.meta
    meta["actor"] = "changed"
    assert m.meta["actor"].tolist() == ["Veloria", "Ostland", "Tessaly"]


def test_empty_document_gives_empty_row():
    corpus = tk.Corpus.from_texts(["", "the of and", "peace"])
    m = tk.dfm(corpus)
    assert m.features == ["peace"]
    assert m.matrix.toarray().tolist() == [[0], [0], [1]]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"normalize": "stem"}, ValueError, r"'normalize' parameter of dfm must be one of 'lower', 'lemma'"),
        ({"by": "stem"}, KeyError, r"no metadata column 'stem'.*Pass one of them as by="),
        ({"ngrams": 0}, ValueError, r"'ngrams' parameter of dfm must be an int in \[1, 10\]"),
        ({"ngrams": []}, ValueError, r"'ngrams' parameter"),
        ({"min_count": 0}, ValueError, r"'min_count' parameter of dfm must be an int >= 1"),
        ({"by": "party"}, KeyError, r"no metadata column 'party'"),
        ({"concatenator": 1}, TypeError, r"'concatenator' parameter of dfm must be a string"),
    ],
)
def test_bad_arguments(statements, kwargs, error, match):
    with pytest.raises(error, match=match):
        tk.dfm(statements, **kwargs)


def test_dfm_constructor_checks():
    with pytest.raises(ValueError, match="shape"):
        tk.DFM(sp.csr_matrix((2, 2)), ["a"], ["x", "y"])
    with pytest.raises(ValueError, match="document names must be unique"):
        tk.DFM(sp.csr_matrix((2, 1)), ["a", "a"], ["x"])
    assert "2 documents x 1 features" in repr(tk.DFM(sp.csr_matrix((2, 1)), ["a", "b"], ["x"]))


def test_select_accepts_one_feature_and_trim_refuses_weights():
    m = tk.dfm(tk.Corpus.from_texts(["gaza peace talks", "peace"]))
    assert m.select("gaza").features == ["gaza"]
    with pytest.raises(ValueError, match="Trim, then weight"):
        m.weight("prop").trim(min_count=2)


def test_constructor_copies_the_callers_matrix():
    source = sp.csr_matrix(np.array([[1, 2]]))
    tk.DFM(source, ["a"], ["x", "y"])
    source.data[0] = 5  # still writable: the DFM holds its own copy
    assert source.data[0] == 5


def test_old_parameter_names_still_work_with_a_deprecation_warning(demo):
    with pytest.warns(DeprecationWarning, match=r"dfm\(normalize='lemma'\)"):
        old = tk.dfm(demo, by="lemma")
    new = tk.dfm(demo, normalize="lemma")
    assert old.features == new.features and (old.matrix != new.matrix).nnz == 0
    with pytest.warns(DeprecationWarning, match="pass by= instead"):
        grouped = tk.dfm(demo, groups="actor")
    assert grouped.docnames == tk.dfm(demo, by="actor").docnames == sorted(set(demo.meta["actor"]))
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="disagree"):
        tk.dfm(demo, by="venue", groups="actor")
    with pytest.raises(ValueError, match="normalize=.lemma. and the deprecated by=.lower. disagree"):
        tk.dfm(demo, normalize="lemma", by="lower")
    # A corpus with a column named "lemma" groups by it: the new meaning wins where it applies.
    frame = demo.to_frame().assign(lemma=demo.meta["actor"].to_numpy())
    assert tk.dfm(tk.Corpus(frame), by="lemma").docnames == grouped.docnames


@pytest.mark.parametrize(
    ("measure", "match"),
    [
        (lambda m: tk.frequencies(m), "frequencies needs counts; this DFM is weighted"),
        (lambda m: tk.frequency_over(m, "talks", over="actor"), "frequency_over needs counts"),
        (lambda m: tk.keyness(m, 0), "keyness needs counts"),
        (lambda m: tk.keyness_panel(m, "actor", n_boot=0), "keyness_panel needs counts"),
        (lambda m: tk.wordfish(m), "wordfish needs counts"),
    ],
)
def test_count_measures_refuse_a_weighted_dfm(demo, measure, match):
    with pytest.raises(ValueError, match=match):
        measure(tk.dfm(demo).weight("prop"))


def test_keyness_refuses_a_weighted_reference(demo):
    m = tk.dfm(demo)
    with pytest.raises(ValueError, match="keyness needs counts; the 'reference' DFM is weighted"):
        tk.keyness(m, 0, reference=m.weight("tfidf"))


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
    freq = tk.frequencies(m, by="actor", n=5)
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
        tk.frequencies(m, by="party")
    with pytest.raises(TypeError, match="must be a DFM"):
        tk.frequencies(demo)


def test_frequencies_warn_about_missing_group_labels():
    corpus = tk.Corpus.from_texts(["peace talks", "war", "peace"], meta={"side": ["A", None, "A"]})
    with pytest.warns(UserWarning, match=r"left out 1 document\(s\) whose 'side' is missing: text2"):
        freq = tk.frequencies(tk.dfm(corpus), by="side")
    assert set(freq["group"]) == {"A"}
    assert "war" not in freq["feature"].tolist()


def test_frequencies_old_parameter_name_still_works_with_a_deprecation_warning(demo):
    m = tk.dfm(demo)
    with pytest.warns(DeprecationWarning, match="'groups' parameter of frequencies is deprecated; pass by="):
        old = tk.frequencies(m, groups="actor", n=3)
    pd.testing.assert_frame_equal(old, tk.frequencies(m, by="actor", n=3))
