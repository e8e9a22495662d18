"""Ritual boilerplate of toolkit/boilerplate.py."""

from __future__ import annotations

import pytest

import toolkit as tk

SALUTE = "Mr. President, allow me to congratulate you, {name}, on your election to preside over the {ordinal} session."
SPEECHES = {
    f"S{i}": SALUTE.format(name=name, ordinal=ordinal) + f"\n\nCountry {i} raises topic {topic} today. " + body
    for i, (name, ordinal, topic, body) in enumerate(
        [
            ("Ms. Amina Rahal", "seventy-eighth", "water", "Rivers are drying."),
            ("Mr. Jon Ellery", "79th", "trade", "Ports are closing."),
            ("Ms. Ilse Varga", "eightieth", "peace", "Talks are stalled."),
            ("Mr. Kai Brand", "81st", "health", "Clinics are full."),
        ]
    )
}
SPEECHES["S9"] = "A statement with no ritual at all, about fisheries and the sea."


def test_near_duplicate_salutations_are_found_and_cut():
    corpus = tk.Corpus.from_texts(SPEECHES)
    result = tk.remove_boilerplate(corpus, min_share=0.5, min_docs=3)
    assert len(result.clusters) == 1
    family = result.clusters.iloc[0]
    assert (family["n_docs"], family["n_sentences"], family["variants"]) == (4, 4, 4)
    assert family["share"] == pytest.approx(4 / 5)
    assert result.removed["doc_id"].tolist() == ["S0", "S1", "S2", "S3"]
    assert result.removed["sent_id"].tolist() == [1, 1, 1, 1]
    for row in result.removed.itertuples():
        assert corpus[row.doc_id].text[row.start : row.end].strip() == row.sentence
    cleaned = dict(zip(result.corpus.doc_ids, result.corpus.texts))
    assert cleaned["S0"] == "Country 0 raises topic water today. Rivers are drying."
    assert cleaned["S9"] == SPEECHES["S9"]  # untouched
    assert result.corpus.meta_columns == corpus.meta_columns
    assert "1 repeated sentence families" in repr(result)


def test_exact_only_and_thresholds():
    corpus = tk.Corpus.from_texts(SPEECHES)
    # Exact templates only: names and ordinals ("79th", "seventy-eighth") are templated away,
    # so the four salutations are one template in four forms.
    exact = tk.remove_boilerplate(corpus, min_share=0.5, similarity=1.0)
    assert exact.clusters[["n_docs", "variants"]].values.tolist() == [[4, 4]]
    assert tk.remove_boilerplate(corpus, min_share=0.9).clusters.empty  # 4 of 5 documents is not 90%
    assert tk.remove_boilerplate(corpus, min_share=0.1, min_docs=5).clusters.empty


def test_demo_corpus_rituals():
    result = tk.remove_boilerplate(tk.demo_corpus())
    examples = result.clusters["example"].tolist()
    assert any(e.startswith("Mr. President, allow me to congratulate you") for e in examples)
    assert (result.clusters["n_docs"] >= 3).all()
    assert not any("Tolvik" in s for s in result.removed["sentence"])  # substance stays


def test_documents_of_pure_boilerplate_are_reported():
    texts = {f"d{i}": "We thank the chair for convening this meeting today." for i in range(3)}
    texts["d3"] = "We thank the chair for convening this meeting today. We reject the claim."
    with pytest.warns(UserWarning, match=r"3 document\(s\) held nothing but boilerplate"):
        result = tk.remove_boilerplate(tk.Corpus.from_texts(texts), min_share=0.5)
    assert result.corpus.doc_ids == ["d3"]
    assert result.corpus.texts == ["We reject the claim."]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_share": 1.5}, r"'min_share' parameter of remove_boilerplate must be a number in \[0, 1\]"),
        ({"similarity": -0.1}, r"'similarity' parameter"),
        ({"min_docs": 0}, r"'min_docs' parameter of remove_boilerplate must be an int >= 1"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        tk.remove_boilerplate(tk.Corpus.from_texts(["a b c"]), **kwargs)
