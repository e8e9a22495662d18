"""Similarity, clustering, Wordfish and latent semantic scaling of toolkit/scaling/."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from scipy.stats import norm, spearmanr  # noqa: E402

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
    docs, words = tk.wordfish(m, direction=("d0", "d9"), n_boot=20)
    assert spearmanr(docs["theta"], theta).statistic > 0.95
    assert docs["theta"].mean() == pytest.approx(0, abs=1e-9) and docs["theta"].std(ddof=0) == pytest.approx(1)
    assert (docs["low"] < docs["theta"]).all() and (docs["theta"] < docs["high"]).all()
    assert docs.loc[0, "theta"] < docs.loc[9, "theta"]
    result = tk.wordfish(m, direction=("d0", "d9"), se="hessian")  # a named pair: unpacks as before, names its parts
    assert result.documents is result.to_frame() and result.words.equals(words)
    assert result.documents["theta"].equals(docs["theta"])  # the interval's method does not move the estimate
    flipped, _ = tk.wordfish(m, direction=("d9", "d0"), se="hessian")
    assert flipped["theta"].to_numpy() == pytest.approx(-docs["theta"].to_numpy())
    assert list(words.columns) == ["feature", "beta", "psi"]


def test_wordfish_hessian_se_inverts_each_documents_information_with_the_words_fixed():
    m, _ = _simulated(0)
    docs, words = tk.wordfish(m, se="hessian", ci=0.9)
    y = m.matrix.toarray()[:, [m.features.index(f) for f in words["feature"]]]
    beta, psi = words["beta"].to_numpy(), words["psi"].to_numpy()
    for i in (0, 4, 9):
        def loglik(a, t, i=i):
            eta = a + psi + t * beta
            return float(np.sum(y[i] * eta - np.exp(eta)))

        # The Hessian of document i's log-likelihood in (alpha_i, theta_i) by central differences.
        x, h = np.array([docs.loc[i, "alpha"], docs.loc[i, "theta"]]), 1e-4
        steps = np.eye(2) * h
        hessian = np.array([[(loglik(*(x + u + v)) - loglik(*(x + u - v)) - loglik(*(x - u + v)) + loglik(*(x - u - v)))
                             / (4 * h * h) for v in steps] for u in steps])
        se = np.sqrt(np.linalg.inv(-hessian)[1, 1])
        assert docs.loc[i, "se"] == pytest.approx(se, rel=1e-4)
        assert docs.loc[i, "high"] - docs.loc[i, "theta"] == pytest.approx(norm.ppf(0.95) * se, rel=1e-4)
    assert docs.attrs == {"ci": 0.9, "se": "hessian", "n_boot": 0}


def test_wordfish_bootstrap_is_reproducible_and_follows_the_seed():
    m, _ = _simulated(1, n=8, k=80)
    docs, _ = tk.wordfish(m, direction=("d0", "d7"), n_boot=30, seed=3)
    assert docs.equals(tk.wordfish(m, direction=("d0", "d7"), n_boot=30, seed=3).documents)
    assert docs.attrs == {"ci": 0.95, "se": "bootstrap", "n_boot": 30}
    other = tk.wordfish(m, direction=("d0", "d7"), n_boot=30, seed=4).documents
    assert not np.allclose(docs["se"], other["se"])
    none = tk.wordfish(m, n_boot=0).documents
    assert none[["se", "low", "high"]].isna().all().all() and none["theta"].notna().all()


def test_wordfish_bootstrap_intervals_cover_the_true_positions_of_texts_drawn_from_the_model():
    # 8 simulated corpora of 8 documents: 64 intervals at 95%, with 30 replicates each. A loose
    # bound: the intervals of one corpus are not independent, and 30 replicates add noise.
    covered = []
    for seed in range(8):
        m, theta = _simulated(10 + seed, n=8, k=100)
        docs, _ = tk.wordfish(m, direction=("d0", "d7"), n_boot=30, seed=seed)
        truth = (theta - theta.mean()) / theta.std()  # the model's identification: mean 0, sd 1
        covered += ((docs["low"] <= truth) & (truth <= docs["high"])).tolist()
    assert np.mean(covered) >= 0.85


def test_wordfish_bootstrap_is_wider_than_the_fixed_word_se_on_a_small_corpus(demo):
    # The demo's 24 statements and 615 words: most words are rare, so their parameters are
    # uncertain, which the Hessian with the words fixed ignores. (Not a theorem for every
    # document: the standardisation of theta takes some variance out of the refits.)
    m = tk.dfm(demo).trim(min_docfreq=2)
    boot, _ = tk.wordfish(m, n_boot=40)
    fixed, _ = tk.wordfish(m, se="hessian")
    assert boot["theta"].equals(fixed["theta"])
    assert boot["se"].mean() > fixed["se"].mean() and np.median(boot["se"] / fixed["se"]) > 1


def test_wordfish_errors_and_plot(demo):
    m = tk.dfm(demo)
    with pytest.raises(ValueError, match="at least 3 documents"):
        tk.wordfish(m.subset([True, True] + [False] * 22))
    with pytest.raises(KeyError, match="names no document"):
        tk.wordfish(m, direction=("X", "Y"))
    with pytest.raises(ValueError, match="The 'se' parameter of wordfish must be one of 'bootstrap', 'hessian'. Got 'fisher' instead."):
        tk.wordfish(m, se="fisher")
    with pytest.raises(ValueError, match="The 'n_boot' parameter of wordfish must be an int >= 0. Got -1 instead."):
        tk.wordfish(m, n_boot=-1)
    docs, _ = tk.wordfish(m.trim(min_docfreq=2), direction=("OST_LKT_2024-11", "VEL_UNSC_2024-03"), se="hessian")
    fig = tk.plot_scaling(docs, label="doc_id")
    assert len(fig.axes[0].get_yticklabels()) == 24
    assert fig.axes[0].get_xlabel() == "estimated position (theta), 95% interval (Hessian, word parameters fixed)"
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


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_lss_scores_and_intervals_do_not_depend_on_the_order_of_the_corpus(order):
    corpus, _ = _two_camp_corpus(0)
    seeds = {"cooperation": 1, "attack": -1}
    docs, words = tk.lss(corpus, seeds, k=5, n_boot=100)
    ids = corpus.doc_ids[::-1] if order == "reversed" else list(np.random.default_rng(7).permutation(corpus.doc_ids))
    texts = dict(zip(corpus.doc_ids, corpus.texts))
    moved, moved_words = tk.lss(tk.Corpus.from_texts({d: texts[d] for d in ids}), seeds, k=5, n_boot=100)
    assert moved["doc_id"].tolist() == ids  # rows follow the corpus given
    moved = moved.set_index("doc_id").loc[docs["doc_id"]]
    for column in ("score", "low", "high", "n_words"):
        assert moved[column].to_numpy() == pytest.approx(docs[column].to_numpy(), rel=1e-12)
    assert moved_words.equals(words)


def test_lss_intervals_widen_once_the_polarities_are_re_estimated(demo):
    seeds = {"cooperation": 1, "dialogue": 1, "partnership": 1, "attack": -1, "aggression": -1, "violence": -1}
    docs, words = tk.lss(demo, seeds, k=30, n_boot=60)
    # The scores again, by hand: each statement's mean polarity over its sentences' words, standardised.
    sentences = demo.reshape("sentences")
    m = tk.dfm(sentences)
    counts, parent = m.matrix.tocsr(), sentences.meta["parent_id"].to_numpy()
    polarity = words.set_index("feature")["polarity"].reindex(m.features).to_numpy()
    per = [(np.asarray(counts[parent == d] @ polarity).ravel(), np.asarray(counts[parent == d].sum(axis=1)).ravel())
           for d in docs["doc_id"]]
    raw = np.array([s.sum() / n.sum() for s, n in per])
    assert docs["score"].to_numpy() == pytest.approx((raw - raw.mean()) / raw.std())
    # The intervals before: polarities held fixed, only each statement's sentences resampled.
    rng = np.random.default_rng(0)
    before = []
    for s, n in per:
        drawn = rng.integers(0, len(s), size=(1000, len(s)))
        low, high = np.percentile((s[drawn].sum(axis=1) / n[drawn].sum(axis=1) - raw.mean()) / raw.std(), [2.5, 97.5])
        before.append(high - low)
    # The polarities of a small corpus are uncertain too: most intervals are wider with them.
    assert np.median((docs["high"] - docs["low"]).to_numpy() / np.array(before)) > 1


def test_lss_scores_the_paragraphs_of_a_reshaped_corpus_and_draws_their_speeches_whole(demo):
    from toolkit.scaling.semantic import _units

    paragraphs = demo.reshape("paragraphs")  # parent_id names each paragraph's speech
    seeds = {"cooperation": 1, "dialogue": 1, "attack": -1, "aggression": -1}
    docs, words = tk.lss(paragraphs, seeds, k=30, n_boot=20)
    assert docs["doc_id"].tolist() == paragraphs.doc_ids
    # Every paragraph is scored on its own sentences (not on its speech's, nor on none).
    sentences = tk.Corpus.from_texts(dict(zip(paragraphs.doc_ids, paragraphs.texts))).reshape("sentences")
    m = tk.dfm(sentences)
    polarity = words.set_index("feature")["polarity"].reindex(m.features).to_numpy()
    parent = sentences.meta["parent_id"].to_numpy()
    raw = np.array([(m.matrix[parent == d] @ polarity).sum() / max(m.matrix[parent == d].sum(), 1) for d in docs["doc_id"]])
    scored = docs["n_words"].to_numpy() > 0
    assert scored.sum() > 100 and docs["score"].notna().to_numpy().tolist() == scored.tolist()
    assert docs["score"].to_numpy()[scored] == pytest.approx((raw[scored] - raw[scored].mean()) / raw[scored].std())
    # The bootstrap draws speeches, not paragraphs: a speech's paragraphs share one unit.
    ids = sorted(paragraphs.doc_ids)
    units = dict(zip(ids, _units(paragraphs, ids)))
    speech = dict(zip(paragraphs.doc_ids, paragraphs.meta["parent_id"]))
    assert len(set(units.values())) == len(demo) == len(set(speech.values()))
    assert all((units[a] == units[b]) == (speech[a] == speech[b]) for a in ids[:30] for b in ids[:30])


def test_lss_errors(demo):
    with pytest.raises(ValueError, match="none of the seed words"):
        tk.lss(demo, {"zzz": 1}, k=10)
    with pytest.raises(ValueError, match="non-zero polarities"):
        tk.lss(demo, {"peace": 0}, k=10)


