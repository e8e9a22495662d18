"""The Corpus of toolkit/corpus/."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import toolkit as tk


def test_from_texts_dict_and_list():
    c = tk.Corpus.from_texts({"a": "One.", "b": "Two."}, meta={"year": [2023, 2024]})
    assert c.doc_ids == ["a", "b"] and c.texts == ["One.", "Two."]
    assert c.meta_columns == ["year"]
    assert tk.Corpus.from_texts(["x", "y"]).doc_ids == ["text1", "text2"]
    with pytest.raises(ValueError, match=r"one row per text \(2\). Got 1 rows"):
        tk.Corpus.from_texts(["x", "y"], meta={"year": [1]})
    with pytest.raises(ValueError, match="reserved"):
        tk.Corpus.from_texts(["x"], meta={"text": ["y"]})
    with pytest.raises(TypeError, match="dict"):
        tk.Corpus.from_texts("just a string")


def test_constructor_checks():
    with pytest.raises(KeyError, match="no column 'text'"):
        tk.Corpus(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(ValueError, match=r"doc_id must be unique; duplicated: a"):
        tk.Corpus(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(ValueError, match=r"text must be a string in every row; not in rows 1"):
        tk.Corpus(pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", None]}))


def test_len_iter_getitem(statements):
    assert len(statements) == 3
    docs = list(statements)
    assert docs[0].doc_id == "condemn" and docs[0].meta == {"actor": "Veloria"}
    assert statements["law"].text.startswith("International law")
    assert statements[1].doc_id == "restraint"
    with pytest.raises(KeyError, match="no document 'nope'"):
        statements["nope"]
    assert "3 documents" in repr(statements)


def test_immutable(statements):
    with pytest.raises(AttributeError, match="immutable"):
        statements.texts = []
    frame = statements.to_frame()
    frame.loc[0, "text"] = "changed"
    assert statements.texts[0] != "changed"


def test_subset_by_query_and_mask(demo):
    sub = demo.subset("actor == 'Tessaly' and venue.str.startswith('UN')")
    assert sub.doc_ids == ["TES_UNSC_2024-03", "TES_UNGA_2024-09"]
    mask = np.array([d.startswith("AMA") for d in demo.doc_ids])
    assert demo.subset(mask).doc_ids == [d for d in demo.doc_ids if d.startswith("AMA")]
    with pytest.raises(ValueError, match=r"could not be evaluated.*Columns: doc_id, actor"):
        demo.subset("party == 'x'")
    with pytest.raises(ValueError, match="24 booleans"):
        demo.subset([True, False])


def test_reshape_paragraphs_keeps_parent_and_metadata(demo):
    paras = demo.reshape("paragraphs")
    first = demo[0]
    expected = [p.strip() for p in first.text.split("\n\n") if p.strip()]
    got = paras.subset(paras.meta["parent_id"].eq(first.doc_id).to_numpy())
    assert got.texts == expected
    assert got.doc_ids == [f"{first.doc_id}.{i}" for i in range(1, len(expected) + 1)]
    assert set(got.meta["actor"]) == {first.meta["actor"]}
    assert got.meta["segment"].tolist() == list(range(1, len(expected) + 1))
    # Reshaping again keeps the original document as parent.
    sents = got.reshape("sentences")
    assert set(sents.meta["parent_id"]) == {first.doc_id}


def test_paragraphs_fall_back_to_line_breaks():
    c = tk.Corpus.from_texts({"old": "1. First paragraph.\n2. Second paragraph.", "new": "A\n\nB\nstill B"})
    paras = c.reshape("paragraphs")
    assert paras.texts == ["1. First paragraph.", "2. Second paragraph.", "A", "B still B"]


def test_reshape_sentences(statements):
    sents = statements.reshape("sentences")
    assert sents.texts[:2] == ["We condemn the attack on Tolvik.", "The attack was condemned by the Council."]
    assert sents.meta["parent_id"].tolist()[:2] == ["condemn", "condemn"]
    with pytest.raises(ValueError, match=r"'to' parameter of Corpus.reshape must be one of"):
        statements.reshape("words")


@pytest.mark.parametrize(
    ("pattern", "valuetype", "expected"),
    [
        ("Tolvik", "glob", ["condemn"]),
        ("resolution*", "glob", ["law"]),
        (["both sides", "tolvik"], "glob", ["condemn", "restraint"]),
        ("international   law", "glob", ["law"]),
        ("attack", "glob", ["condemn"]),
        ("attac", "glob", []),
        (r"\bresolution \d+", "regex", ["law"]),
    ],
)
def test_filter(statements, pattern, valuetype, expected):
    assert statements.filter(pattern, valuetype=valuetype).doc_ids == expected


def test_filter_case_and_errors(statements):
    assert statements.filter("tolvik", case_sensitive=True).doc_ids == []
    with pytest.raises(ValueError, match="not a valid regular expression"):
        statements.filter("(unclosed", valuetype="regex")
    with pytest.raises(ValueError, match="'pattern' parameter must be a non-empty string"):
        statements.filter("")


def test_summary_counts(statements, nlp):
    s = statements.summary()
    assert list(s.columns) == ["doc_id", "actor", "tokens", "words", "types", "sentences"]
    for row, text in zip(s.itertuples(), statements.texts):
        doc = tk.merge_hyphenated(nlp(text))
        toks = [t for t in doc if not t.is_space]
        assert row.tokens == len(toks)
        assert row.words == sum(not t.is_punct for t in toks)
        assert row.types == len({t.lower_ for t in toks})
    assert s["sentences"].tolist() == [2, 2, 2]


def test_subset_with_variables_and_missing_values():
    corpus = tk.Corpus.from_texts(
        ["a", "b", "c"], meta=pd.DataFrame({"actor": ["X", "Y", "Z"], "year": pd.array([2023, None, 2024], dtype="Int64")})
    )
    wanted = ["X", "Z"]
    assert corpus.subset("actor in @wanted").doc_ids == ["text1", "text3"]
    # A comparison with a missing year is False, as in SQL.
    assert corpus.subset("year == 2023").doc_ids == ["text1"]
    assert tk.dfm(corpus, remove_stopwords=False).subset("actor in @wanted").docnames == ["text1", "text3"]


def test_line_ends_are_normalised():
    corpus = tk.Corpus.from_texts(["First paragraph.\r\n\r\nSecond paragraph,\r\nstill second."])
    assert corpus.texts[0] == "First paragraph.\n\nSecond paragraph,\nstill second."
    assert len(corpus.reshape("paragraphs")) == 2


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "I have\nthe honour of speaking this year on behalf of the\nEuropean Union, which presides over\n"
        "the end of December.\nIn this capacity, it is a great pleasure for me to\ncongratulate the President on "
        "his peace-\nkeeping work. It\nsymbolizes the respect of all.\n19\n\nI would like to commend the\n"
        "Secretary-General for his work, and\n indeed his vision and his\nindependence.\n"
    )
    paras = tk.Corpus.from_texts([text]).reshape("paragraphs").texts
    assert paras == [
        "I have the honour of speaking this year on behalf of the European Union, which presides over the end of December.",
        "In this capacity, it is a great pleasure for me to congratulate the President on his peace-keeping work. "
        "It symbolizes the respect of all.",
        "I would like to commend the Secretary-General for his work, and",
        "indeed his vision and his independence.",
    ]


def test_custom_paragraph_break():
    corpus = tk.Corpus.from_texts(["one || two || three"])
    assert corpus.reshape("paragraphs", paragraph_break=r"\|\|").texts == ["one", "two", "three"]


def test_corpus_and_dfm_pickle(demo):
    import pickle

    again = pickle.loads(pickle.dumps(demo))
    assert again == demo
    m = tk.dfm(demo).weight("prop")
    m2 = pickle.loads(pickle.dumps(m))
    assert m2.features == m.features and m2.weighting == "prop"
    assert (m2.matrix != m.matrix).nnz == 0
