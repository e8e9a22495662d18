"""Similarity, clustering, Wordfish and latent semantic scaling of toolkit/scaling/."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

import toolkit as tk  # noqa: E402


def test_similarity_on_tfidf_and_frame_profiles_by_hand(demo):
    corpus = tk.Corpus.from_texts({"a": "peace talks", "b": "peace talks now", "c": "war"})
    m = tk.dfm(corpus)
    s = tk.similarity(m)
    w = m.weight("tfidf").matrix.toarray()
    expected = w[0] @ w[1] / (np.linalg.norm(w[0]) * np.linalg.norm(w[1]))
    assert s.loc["a", "b"] == pytest.approx(expected)
    assert s.loc["a", "c"] == 0 and (np.diag(s) == 1).all()
    frames = tk.frames(demo).documents
    fs = tk.similarity(frames)
    assert fs.shape == (24, 24)
    v = frames.pivot(index="doc_id", columns="frame", values="share").fillna(0)
    a, b = v.loc["AMA_UNSC_2024-03"], v.loc["AMA_CSLM_2024-05"]
    assert fs.loc["AMA_UNSC_2024-03", "AMA_CSLM_2024-05"] == pytest.approx(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
    with pytest.raises(TypeError, match="similarity needs a DFM"):
        tk.similarity(demo)


def test_similarity_plot_clusters_the_same_actor_together(demo):
    sim = tk.similarity(tk.frames(demo).documents)
    fig = tk.plot_similarity(sim)
    ax = fig.axes[1]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(sim.index)
    # The four Amaru statements (humanitarian framing) sit next to each other.
    positions = sorted(labels.index(d) for d in sim.index if d.startswith("AMA"))
    assert positions[-1] - positions[0] == 3
    plt.close(fig)


def _simulated(seed: int, n: int = 10, k: int = 300):
    rng = np.random.default_rng(seed)
    theta = np.linspace(-1.5, 1.5, n)
    beta, psi = rng.normal(0, 0.8, k), rng.normal(0, 1, k)
    alpha = np.log(rng.uniform(1, 2, n))
    y = rng.poisson(np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta)))
    return tk.DFM(sp.csr_matrix(y), [f"d{i}" for i in range(n)], [f"w{j}" for j in range(k)]), theta


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_wordfish_recovers_a_known_ordering(seed):
    m, theta = _simulated(seed)
    docs, words = tk.wordfish(m, direction=("d0", "d9"))
    assert spearmanr(docs["theta"], theta).statistic > 0.95
    assert docs["theta"].mean() == pytest.approx(0, abs=1e-9) and docs["theta"].std(ddof=0) == pytest.approx(1)
    assert (docs["low"] < docs["theta"]).all() and (docs["theta"] < docs["high"]).all()
    assert docs.loc[0, "theta"] < docs.loc[9, "theta"]
    result = tk.wordfish(m, direction=("d0", "d9"))  # a named pair: unpacks as before, names its parts
    assert result.documents is result.to_frame() and result.words.equals(words)
    flipped, _ = tk.wordfish(m, direction=("d9", "d0"))
    assert flipped["theta"].to_numpy() == pytest.approx(-docs["theta"].to_numpy())
    assert list(words.columns) == ["feature", "beta", "psi"]


def test_wordfish_errors_and_plot(demo):
    m = tk.dfm(demo)
    with pytest.raises(ValueError, match="at least 3 documents"):
        tk.wordfish(m.subset([True, True] + [False] * 22))
    with pytest.raises(KeyError, match="names no document"):
        tk.wordfish(m, direction=("X", "Y"))
    docs, _ = tk.wordfish(m.trim(min_docfreq=2), direction=("OST_LKT_2024-11", "VEL_UNSC_2024-03"))
    fig = tk.plot_scaling(docs, label="doc_id")
    assert len(fig.axes[0].get_yticklabels()) == 24
    plt.close(fig)


def _two_camp_corpus(seed: int):
    rng = np.random.default_rng(seed)
    friendly = ["cooperation", "dialogue", "partnership", "trust", "friendship", "agreement", "harmony", "exchange",
                "reconciliation", "solidarity"]
    hostile = ["attack", "threat", "enemy", "weapons", "invasion", "aggression", "missiles", "hostility",
               "bombing", "retaliation"]
    shares = np.linspace(0.1, 0.9, 8)
    texts = {}
    for i, share in enumerate(shares):
        sentences = []
        for _ in range(40):
            words = friendly if rng.random() < share else hostile
            sentences.append(" ".join(rng.choice(words, size=6)) + ".")
        texts[f"d{i}"] = " ".join(sentences)
    return tk.Corpus.from_texts(texts), shares


@pytest.mark.parametrize("seed", [0, 1])
def test_lss_recovers_a_known_ordering_from_two_seed_words(seed):
    corpus, shares = _two_camp_corpus(seed)
    docs, words = tk.lss(corpus, {"cooperation": 1, "attack": -1}, k=5, n_boot=100)
    assert spearmanr(docs["score"], shares).statistic > 0.9
    polarity = dict(zip(words["feature"], words["polarity"]))
    # Words never given as seeds take the side of the seed they co-occur with.
    assert polarity["friendship"] > 0 > polarity["missiles"]
    assert (docs["low"] <= docs["score"]).all() and (docs["score"] <= docs["high"]).all()
    assert docs["score"].mean() == pytest.approx(0, abs=1e-9)


def test_lss_intervals_are_reproducible_and_follow_the_seed():
    corpus, _ = _two_camp_corpus(0)
    seeds = {"cooperation": 1, "attack": -1}
    docs, _ = tk.lss(corpus, seeds, k=5, n_boot=200)
    assert docs.equals(tk.lss(corpus, seeds, k=5, n_boot=200).documents)
    other = tk.lss(corpus, seeds, k=5, n_boot=200, seed=1).documents
    assert not docs["low"].equals(other["low"])


def test_lss_scores_the_paragraphs_of_a_reshaped_corpus():
    corpus, _ = _two_camp_corpus(0)
    # Each statement in two paragraphs; reshape records the statement in parent_id.
    halves = {d.doc_id: d.text.replace(". ", ".\n\n", 1) for d in corpus}
    paragraphs = tk.Corpus.from_texts(halves).reshape("paragraphs")
    seeds = {"cooperation": 1, "attack": -1}
    scored = tk.lss(paragraphs, seeds, k=5, n_boot=50).documents
    # The same paragraphs as statements of their own, with no parent to confuse them with.
    alone = tk.lss(tk.Corpus.from_texts(dict(zip(paragraphs.doc_ids, paragraphs.texts))), seeds, k=5, n_boot=50).documents
    assert scored["score"].notna().all() and (scored["n_words"] > 0).all()
    np.testing.assert_allclose(scored[["score", "low", "high"]], alone[["score", "low", "high"]])


def test_lss_errors(demo):
    with pytest.raises(ValueError, match="none of the seed words"):
        tk.lss(demo, {"zzz": 1}, k=10)
    with pytest.raises(ValueError, match="non-zero polarities"):
        tk.lss(demo, {"peace": 0}, k=10)


