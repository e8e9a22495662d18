"""Ritual boilerplate of toolkit/keywords/boilerplate.py."""

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


def test_regressions_all_caps_dates_chains_and_untouched_text():
    caps = {
        "a": "WE DEMAND AN IMMEDIATE CEASEFIRE IN GAZA.",
        "b": "WE WILL NEVER ACCEPT THE ANNEXATION OF OUR TERRITORY BY ANY FOREIGN POWER.",
        "c": "WE HAVE REDUCED CHILD MORTALITY BY HALF.",
    }
    assert tk.remove_boilerplate(tk.Corpus.from_texts(caps), min_docs=3, min_share=0.3, similarity=0.9).clusters.empty
    dates = {"a": "On 12 December 2022. Talks began.", "b": "On 7 October 2023. War began.", "c": "On 24 February 2022. It began."}
    assert tk.remove_boilerplate(tk.Corpus.from_texts(dates), min_docs=3, min_share=0.3).clusters.empty
    spaced = {f"d{i}": f"Mr. President, I thank you for convening this important meeting.\n\n\u2022\t We  discuss item {i}." for i in range(3)}
    result = tk.remove_boilerplate(tk.Corpus.from_texts(spaced), min_share=0.5)
    assert result.corpus.texts == [f"\u2022\t We  discuss item {i}." for i in range(3)]  # the rest is untouched


def test_shares_within_groups_and_flag_only():
    texts = {f"d{i}": "We congratulate the President on the election to this high office. " + t
             for i, t in enumerate(["Peace.", "War.", "Trade."])}
    others = [
        "Our fisheries need protection now.", "Coral reefs are dying along our coasts.", "Rising seas threaten every island.",
        "We ask for fair trade rules.", "Debt relief would help our schools.", "Our farmers need water and seeds.",
        "Peacekeepers deserve better equipment and pay.", "Vaccines must reach every village soon.",
        "Young people want jobs at home.", "Our language deserves a place here.", "Mines still kill children in fields.",
        "Cyber attacks cross every border today.",
    ]
    texts.update({f"e{i}": t for i, t in enumerate(others)})
    meta = {"year": [2024] * 3 + [2023] * 12}
    corpus = tk.Corpus.from_texts(texts, meta=meta)
    assert tk.remove_boilerplate(corpus, min_share=0.5).clusters.empty  # 3 of 15 documents
    by_year = tk.remove_boilerplate(corpus, min_share=0.5, by="year")
    assert by_year.clusters["n_docs"].tolist() == [3]  # 3 of the 3 speeches of 2024
    flagged = tk.remove_boilerplate(corpus, min_share=0.5, by="year", action="flag")
    assert flagged.corpus == corpus and len(flagged.removed) == 3
    with pytest.raises(KeyError, match="no metadata column 'session'"):
        tk.remove_boilerplate(corpus, by="session")
