"""Keyness, keyness panels, collocations, keyword in context and key terms of toolkit/keywords/."""

from __future__ import annotations


import pandas as pd
import pytest

import toolkit as tk


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
    assert list(k.columns) == ["doc_id", "position", "left", "match", "right", "pattern", "doc_tokens", "actor"]
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


# -- keyness ----------------------------------------------------------------------------------------
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.stats.contingency import odds_ratio  # noqa: E402


def _dfm(rows: dict[str, dict[str, float]]) -> tk.DFM:
    """A DFM from explicit counts, so the tables under test are exactly those written here."""
    features = list(dict.fromkeys(f for counts in rows.values() for f in counts))
    matrix = np.array([[counts.get(f, 0) for f in features] for counts in rows.values()])
    return tk.DFM(sp.csr_matrix(matrix), list(rows), features)


def _tokens_dfm(texts: dict[str, str]) -> tk.DFM:
    return tk.dfm(tk.Corpus.from_texts(texts), remove_stopwords=False)


# quanteda's own test documents (tests/testthat/test-textstat_keyness.R of quanteda.textstats).
T1 = {"d1": "b b b b b b b a a a", "d2": "a a a a a a a b b"}
T2 = {"d1": "a a a b b c c c c c c d e f g h h", "d2": "a a b c c d d d d e f h"}


def _row(frame, feature):
    return frame.set_index("feature").loc[feature]


@pytest.mark.parametrize(
    ("measure", "correction", "column", "expected", "p"),
    [
        # Values of R's chisq.test / likelihood test / fisher.test on the 2x2 table [[7, 3], [2, 7]],
        # which quanteda's tests compare textstat_keyness against.
        ("chi2", "default", "chi2", 2.63243827160494, None),
        ("chi2", "none", "chi2", 4.33716049382716, None),
        ("chi2", "williams", "chi2", 4.017626, None),  # the textbook chi2 / q, quanteda's expected value
        ("lr", "none", "G2", 4.53493933225623, 0.0332096332),
        ("lr", "williams", "G2", 4.20083341215439, 0.0404041169),
        ("lr", "default", "G2", 2.702843781, 0.1001694315),  # cells moved by 0.5: 6.5, 2.5, 3.5, 6.5
        ("exact", "default", "or", 7.1662819738173491, 0.0697785186949274),
        ("pmi", "default", "pmi", 0.3905394586, None),
    ],
)
def test_keyness_reproduces_quanteda_on_its_test_dfm(measure, correction, column, expected, p):
    k = tk.keyness(_tokens_dfm(T1), "d1", measure=measure, correction=correction)
    b = _row(k, "b")
    # R's fisher.test stops its root search near 1e-4; quanteda's Williams value is published to 7 digits.
    rel = 1e-5 if measure == "exact" else 1e-6 if correction == "williams" and measure == "chi2" else 1e-8
    assert b[column] == pytest.approx(expected, rel=rel)
    if p is not None:
        assert b["p"] == pytest.approx(p, rel=1e-8)
    assert (b["n_target"], b["n_reference"]) == (7, 2)
    if measure in ("chi2", "lr"):
        assert _row(k, "a")[column] == pytest.approx(-expected, rel=rel)


def test_keyness_matches_scipy_contingency_tests():
    k_none = tk.keyness(_tokens_dfm(T1), "d1", correction="none")
    k_yates = tk.keyness(_tokens_dfm(T1), "d1")
    k_g2 = tk.keyness(_tokens_dfm(T1), "d1", measure="lr", correction="none")
    table = np.array([[7, 3], [2, 7]])
    plain = stats.chi2_contingency(table, correction=False)
    yates = stats.chi2_contingency(table, correction=True)
    g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert _row(k_none, "b")["chi2"] == pytest.approx(plain.statistic, rel=1e-12)
    assert _row(k_none, "b")["p"] == pytest.approx(plain.pvalue, rel=1e-10)
    assert _row(k_yates, "b")["chi2"] == pytest.approx(yates.statistic, rel=1e-12)
    # quanteda adds 1e-9 inside each logarithm of G2: a difference of about 2 * N * 1e-9.
    assert _row(k_g2, "b")["G2"] == pytest.approx(g.statistic, abs=1e-6)


@pytest.mark.parametrize(
    ("correction", "column", "expected"),
    [
        ("default", "chi2", {"a": 0.004738562092, "c": 0.4672983777, "d": -2.040247141, "e": -0.06581336238, "g": 0.731092437}),
        ("none", "chi2", {"c": 1.221872082, "d": -3.71503268}),
        ("none", "G2", {"a": 0.004751466706, "c": 1.274238068, "d": -3.779440591, "g": 1.09329104}),
        ("default", "G2", {"c": 0.4773465141, "d": -2.028083548}),
        ("williams", "G2", {"a": 0.004289009988, "c": 1.188777389, "d": -3.411590451, "g": 1.09329104}),
    ],
)
def test_keyness_second_quanteda_dfm(correction, column, expected):
    measure = "chi2" if column == "chi2" else "lr"
    k = tk.keyness(_tokens_dfm(T2), "d1", measure=measure, correction=correction)
    for feature, value in expected.items():
        assert _row(k, feature)[column] == pytest.approx(value, rel=1e-8), feature


@pytest.mark.parametrize(
    ("measure", "correction", "target", "order"),
    [
        # Sort orders asserted by quanteda's tests.
        ("chi2", "default", "d1", "gcbhaefd"),
        ("chi2", "default", "d2", "defabhcg"),
        ("exact", "default", "d1", "gcbhaefd"),
        ("exact", "default", "d2", "defabhcg"),
        ("lr", "none", "d1", "cgbhaefd"),
        ("lr", "none", "d2", "defabhgc"),
    ],
)
def test_keyness_sort_orders_of_quanteda(measure, correction, target, order):
    k = tk.keyness(_tokens_dfm(T2), target, measure=measure, correction=correction)
    assert "".join(k["feature"]) == order
    unsorted = tk.keyness(_tokens_dfm(T2), target, measure=measure, correction=correction, sort=False)
    assert "".join(unsorted["feature"]) == "abcdefgh"


def test_keyness_pmi_of_a_missing_feature_as_quanteda_reports_it():
    # quanteda issue #785: PMI of a feature absent from the target is -20.72327, p = 5.306729e-06.
    k = tk.keyness(_dfm({"t": {"x": 3, "y": 0}, "r": {"x": 2, "y": 4}}), "t", measure="pmi")
    y = _row(k, "y")
    assert y["pmi"] == pytest.approx(np.log(1e-9), rel=1e-12)
    assert y["p"] == pytest.approx(5.306729217613437e-06, rel=1e-9)


# Rows of a table computed with R 4.2.2's fisher.test(matrix(c(a, b, c, d), nrow = 2)):
# a, b, c, d, estimate, p. R's estimate stops near a 1e-4 tolerance, hence rel=1e-3 below.
R_FISHER = [
    (2, 1, 50, 52, 2.0660151302738723, 6.1775312066574206e-01),
    (3, 1, 476, 55, 3.4765772379349308e-01, 3.5826627785332738e-01),
    (7, 1, 524, 488, 6.5098385678742590, 7.1093089445958976e-02),
    (2, 4, 66, 8, 6.4721073603298096e-02, 3.9347394777108323e-03),
    (88, 4, 500, 6, 2.6485388010521926e-01, 5.2657787625935412e-02),
    (17, 93, 8, 547, 1.2420335222165274e01, 5.8270215100333584e-09),
    (2, 2, 4978, 5044, 1.0132583790433936, 1.0),
    (1, 15, 5007, 5017, 6.6798837172053774e-02, 5.1434182236865741e-04),
]


@pytest.mark.parametrize(("a", "b", "c", "d", "estimate", "p"), R_FISHER)
def test_exact_matches_r_fisher_test(a, b, c, d, estimate, p):
    k = tk.keyness(_dfm({"t": {"w": a, "other": c}, "r": {"w": b, "other": d}}), "t", measure="exact")
    w = _row(k, "w")
    assert w["or"] == pytest.approx(estimate, rel=1e-3)
    assert w["p"] == pytest.approx(p, rel=1e-9)
    exact_mle = odds_ratio([[a, c], [b, d]], kind="conditional").statistic
    assert w["or"] == pytest.approx(exact_mle, rel=1e-9)


def test_log_ratio_against_cqpweb_gold_values():
    # Hardie's log ratio, gold values derived from CQPweb (pandas-association-measures test data):
    # f = target frequency, f1 = target size, f2 = total frequency, N = corpus size.
    for word, f, f1, f2, n, gold in [
        ("eingebracht", 1189, 168329, 2157, 19720567, 7.156575955874566),
        ("Sportbericht", 7, 168329, 10, 19720567, 8.082298614739953),
    ]:
        target = _dfm({"t": {word: f, "rest": f1 - f}})
        background = {word: f2 - f, "rest": (n - f1) - (f2 - f)}
        k = tk.keyness(target, "t", measure="logratio", reference=background)
        assert _row(k, word)["log_ratio"] == pytest.approx(gold, rel=1e-12)


def test_log_ratio_zero_counts_keep_their_sign():
    k = tk.keyness(_tokens_dfm(T2), "d1", measure="logratio")
    # g occurs once in d1 (17 tokens), never in d2 (12 tokens): the zero becomes 0.5 * 12/17.
    assert _row(k, "g")["log_ratio"] == pytest.approx(np.log2((1 / 17) / (0.5 * 12 / 17 / 12)))
    assert _row(k, "d")["log_ratio"] == pytest.approx(-2.502500340529, rel=1e-10)
    # Equal sizes: exactly Hardie's 0.5.
    equal = tk.keyness(_dfm({"t": {"x": 4, "y": 0}, "r": {"x": 2, "y": 2}}), "t", measure="logratio")
    assert _row(equal, "y")["log_ratio"] == pytest.approx(np.log2(0.5 / 2))
    # A word the small side never uses is under-represented there, whatever the sizes.
    lopsided = _dfm({"t": {"x": 10, "y": 0}, "r": {"x": 90, "y": 1}})
    assert _row(tk.keyness(lopsided, "t", measure="logratio"), "y")["log_ratio"] < 0
    assert _row(tk.keyness(lopsided, "r", measure="logratio"), "y")["log_ratio"] > 0


@pytest.mark.parametrize(
    ("prior", "prior_scale", "expected"),
    [
        # Monroe et al.'s z by hand (delta over the two-term standard error) on quanteda's T2 counts.
        (0.01, 1.0, {"a": 0.0761018898, "c": 1.2280435873, "d": -1.8571897483, "g": 0.4307617060}),
        ("pooled", 10 / 29, {"a": 0.0576181077, "c": 0.9722749294, "d": -1.5519605199, "g": 0.6241952341}),
    ],
)
def test_log_odds_with_dirichlet_prior(prior, prior_scale, expected):
    k = tk.keyness(_tokens_dfm(T2), "d1", measure="logodds", prior=prior, prior_scale=prior_scale)
    for feature, value in expected.items():
        assert _row(k, feature)["z"] == pytest.approx(value, rel=1e-8), feature
    assert _row(k, "c")["p"] == pytest.approx(2 * stats.norm.sf(abs(_row(k, "c")["z"])))


def test_log_odds_by_hand_with_background_prior():
    m = _dfm({"t": {"x": 10, "y": 2, "z": 0}, "r": {"x": 4, "y": 8, "z": 6}})
    background = {"x": 100, "y": 100, "z": 200}
    k = tk.keyness(m, "t", measure="logodds", prior=background, prior_scale=0.05)
    alpha = {"x": 5.0, "y": 5.0, "z": 10.0}
    a0 = sum(alpha.values())
    ya, yb = {"x": 10, "y": 2, "z": 0}, {"x": 4, "y": 8, "z": 6}
    for w in "xyz":
        delta = np.log((ya[w] + alpha[w]) / (12 + a0 - ya[w] - alpha[w])) - np.log((yb[w] + alpha[w]) / (18 + a0 - yb[w] - alpha[w]))
        z = delta / np.sqrt(1 / (ya[w] + alpha[w]) + 1 / (yb[w] + alpha[w]))
        assert _row(k, w)["z"] == pytest.approx(z, rel=1e-12)


@pytest.mark.parametrize(
    ("beta", "expected"),
    [
        # scattertext's tests (test_scaledFScore.py), beta = 1 ...
        (1.0, [0.2689108, 0.0, 0.2689108, 0.1266617, 1.0, 0.5, 0.5590517, 0.5, 0.5, 0.5720015]),
        # ... and its default beta = 2 on the same counts.
        (2.0, [0.3081254, 0.0, 0.3081254, 0.1491786, 1.0, 0.5, 0.5136462, 0.5, 0.5, 0.5247313]),
    ],
)
def test_scaled_f_score_reproduces_scattertext(beta, expected):
    cat = [1, 5, 1, 9, 100, 1, 1, 0, 0, 2]
    ncat = [100, 510, 100, 199, 0, 1, 0, 1, 1, 0]
    names = [f"w{i}" for i in range(10)]
    m = _dfm({"cat": dict(zip(names, cat)), "ncat": dict(zip(names, ncat))})
    k = tk.keyness(m, "cat", measure="scaledf", beta=beta, sort=False)
    assert k["scaledf"].to_numpy() == pytest.approx(expected, abs=5e-8)


def _random_dfm(seed: int, n_features: int = 40) -> tk.DFM:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(0.6, 4.0, size=n_features), size=(3, n_features))
    counts[:, 0] = [0, 0, 5]  # a feature absent from the target
    counts[:, 1] = [4, 0, 0]  # a feature absent from the reference
    return tk.DFM(sp.csr_matrix(counts), ["t", "r1", "r2"], [f"w{i}" for i in range(n_features)])


@pytest.mark.parametrize("seed", range(5))
def test_chi2_and_g2_against_scipy_on_random_tables(seed):
    m = _random_dfm(seed)
    k = tk.keyness(m, "t", correction="none", sort=False)
    g = tk.keyness(m, "t", measure="lr", correction="none", sort=False)
    f = tk.keyness(m, "t", measure="exact", sort=False)
    counts = m.matrix.toarray()
    a, b = counts[0], counts[1:].sum(axis=0)
    for j in range(len(a)):
        table = np.array([[a[j], a.sum() - a[j]], [b[j], b.sum() - b[j]]])
        if table.sum(axis=1).min() == 0 or table.sum(axis=0).min() == 0:
            continue
        res = stats.chi2_contingency(table, correction=False)
        sign = 1 if a[j] > res.expected_freq[0, 0] else -1
        assert k["chi2"][j] == pytest.approx(sign * res.statistic, rel=1e-9, abs=1e-12)
        assert k["p"][j] == pytest.approx(res.pvalue, rel=1e-9)
        lg = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
        assert g["G2"][j] == pytest.approx(sign * lg.statistic, abs=1e-5)
        assert f["p"][j] == pytest.approx(stats.fisher_exact(table)[1], rel=1e-9)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    ("measure", "column", "flip"),
    [
        ("chi2", "chi2", lambda x: -x),
        ("lr", "G2", lambda x: -x),
        ("exact", "or", lambda x: 1 / x),
        ("logratio", "log_ratio", lambda x: -x),
        ("logodds", "z", lambda x: -x),
        ("scaledf", "scaledf", lambda x: 1 - x),
    ],
)
def test_swapping_target_and_reference_flips_the_statistic(seed, measure, column, flip):
    m = _random_dfm(seed).group(["t", "r", "r"])
    forward = tk.keyness(m, "t", measure=measure, sort=False)
    backward = tk.keyness(m, "r", measure=measure, sort=False)
    # Features absent from both sides have no 2x2 table (quanteda gives NaN, or a G2 of -2N*1e-9).
    seen = ((forward["n_target"] + forward["n_reference"]) > 0).to_numpy()
    with np.errstate(divide="ignore"):
        expected = flip(forward[column].to_numpy()[seen])
    assert backward[column].to_numpy()[seen] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert backward["n_target"].tolist() == forward["n_reference"].tolist()
    if "p" in forward.columns:
        assert backward["p"].to_numpy()[seen] == pytest.approx(forward["p"].to_numpy()[seen], rel=1e-9)


def test_zero_counts_stay_finite_where_defined():
    k = tk.keyness(_random_dfm(1), "t", correction="none", sort=False)
    assert k.loc[0, "chi2"] < 0 and k.loc[1, "chi2"] > 0
    seen = (k["n_target"] + k["n_reference"]) > 0
    assert np.isfinite(k.loc[seen, ["chi2", "p", "log_ratio"]].to_numpy()).all()
    # A feature in neither side has no 2x2 table: NaN, sorted last, as in quanteda.
    assert k.loc[~seen, "chi2"].isna().all()
    ranked = tk.keyness(_random_dfm(1), "t", correction="none")
    assert ranked["chi2"].tail(int((~seen).sum())).isna().all()


def test_several_targets_are_summed_like_quanteda():
    m = _tokens_dfm({"d1": "a a a a a b b b c c c c", "d2": "a b c d d d d e f g", "d3": "a b c d d e e e e f g"})
    k = tk.keyness(m, ["d1", "d2"])
    assert (k.loc[0, "n_target"], k.loc[0, "n_reference"]) == (6, 1)
    assert k.attrs["target"] == "target" and k.attrs["reference"] == "reference"
    assert tk.keyness(m, np.array([True, True, False])).equals(k)
    assert tk.keyness(m, [0, 1]).equals(k)
    assert tk.keyness(m, "d1").loc[0, "n_target"] == 5
    assert tk.keyness(m, "d1").attrs["target"] == "d1"


def test_p_adjustment_by_hand():
    m = _random_dfm(3).trim(min_count=1)  # every feature has a table, so every p is defined
    k = tk.keyness(m, "t", p_adjust="bonferroni", sort=False)
    assert k["p_adj"].to_numpy() == pytest.approx(np.minimum(1, k["p"].to_numpy() * len(k)))
    bh = tk.keyness(m, "t", p_adjust="bh", sort=False)
    p = bh["p"].to_numpy()
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    expected = np.empty_like(p)
    expected[order] = np.minimum(adjusted, 1)
    assert bh["p_adj"].to_numpy() == pytest.approx(expected)
    assert list(bh.columns[:4]) == ["feature", "chi2", "p", "p_adj"]


def test_reference_dfm_and_table():
    target = _dfm({"t1": {"peace": 5, "war": 1}, "t2": {"peace": 3, "talks": 2}})
    other = _dfm({"r": {"war": 6, "peace": 2, "truce": 1}})
    k = tk.keyness(target, ["t1", "t2"], reference=other, sort=False)
    assert k["feature"].tolist() == ["peace", "war", "talks", "truce"]
    assert k["n_target"].tolist() == [8, 1, 2, 0]
    assert k["n_reference"].tolist() == [2, 6, 0, 1]
    table = pd.DataFrame({"feature": ["war", "peace", "truce"], "count": [6, 2, 1]})
    assert tk.keyness(target, ["t1", "t2"], reference=table, sort=False).equals(k)
    with pytest.raises(KeyError, match="'count' or 'frequency'"):
        tk.keyness(target, "t1", reference=pd.DataFrame({"feature": ["a"], "n": [1]}))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"target": "d9"}, KeyError, r"names no document of the DFM: 'd9'"),
        ({"target": [0, 5]}, ValueError, r"outside the range of documents"),
        ({"target": ["d1", "d2", "d3"]}, ValueError, "cannot be all the documents"),
        ({"target": [True, False]}, ValueError, r"one value per document \(3\)"),
        ({"target": 1.5}, TypeError, "must be a document name"),
        ({"target": "d1", "measure": "tfidf"}, ValueError, r"'measure' parameter of keyness must be one of"),
        ({"target": "d1", "correction": "bonferroni"}, ValueError, r"'correction' parameter of keyness"),
        ({"target": "d1", "p_adjust": "holm"}, ValueError, r"'p_adjust' parameter of keyness"),
        ({"target": "d1", "prior_scale": 0}, ValueError, r"'prior_scale' parameter of keyness must be a number > 0"),
    ],
)
def test_keyness_errors(kwargs, error, match):
    m = _tokens_dfm({"d1": "a b c", "d2": "a b f g", "d3": "c h i j"})
    with pytest.raises(error, match=match):
        tk.keyness(m, **kwargs)


def test_keyness_refuses_degenerate_input():
    m = _tokens_dfm({"d1": "a b c", "d2": "a b f g"})
    with pytest.raises(ValueError, match="at least two documents"):
        tk.keyness(m.subset([True, False]), "d1")
    with pytest.raises(ValueError, match="no counts"):
        tk.keyness(m.trim(min_count=100), "d1")
    with pytest.raises(ValueError, match="weighted"):
        tk.keyness(m.weight("prop"), "d1")


def test_keyness_on_the_demo_corpus_finds_each_actors_frame(demo):
    m = tk.dfm(demo).group("actor")
    top = {actor: tk.keyness(m, actor).head(15)["feature"].tolist() for actor in m.docnames}
    # The demo corpus was written with these framings (toolkit/resources/demo/README.md); keyness must find them.
    assert {"humanitarian", "children"} <= set(top["Amaru"])
    assert {"regional", "reconstruction", "trade"} <= set(top["Council of the Southern Littoral"])
    assert {"sovereignty", "reject"} <= set(top["Kestria"])
    assert {"believe", "restraint"} <= set(top["Ostland"])
    assert {"law", "obligations", "charter"} <= set(top["Tessaly"])
    assert {"security", "terrorists", "threat"} <= set(top["Veloria"])


# -- collocations -----------------------------------------------------------------------------------
def test_collocations_reproduce_quanteda_published_values():
    # quanteda.textstats' test: lambda = 4.317488, z = 2.027787 for each of the four bigrams.
    corpus = tk.Corpus.from_texts(["I like good ice cream.", "Me too!  I like good ice cream.", ""])
    col = tk.collocations(corpus)
    assert col["collocation"].tolist() == ["good ice", "i like", "ice cream", "like good"]
    assert col["count"].tolist() == [2, 2, 2, 2]
    assert col["lambda"].to_numpy() == pytest.approx([4.31748811353631] * 4, rel=1e-12)
    assert col["z"].to_numpy() == pytest.approx([2.0277869498758765] * 4, rel=1e-12)
    assert list(col.columns) == ["collocation", "count", "length", "lambda", "z", "pmi", "G2"]


def test_collocations_lambda_by_hand_for_bigrams():
    corpus = tk.Corpus.from_texts(["capital other capital gains other capital word2 other gains capital"])
    col = tk.collocations(corpus, min_count=1).set_index("collocation")
    # 9 bigrams; "other capital" twice; "other" starts 3, "capital" ends 3 of them.
    n11, n10, n01 = 2 + 0.5, (3 - 2) + 0.5, (3 - 2) + 0.5
    n00 = (9 - 2 - 1 - 1) + 0.5
    lam = np.log(n11) - np.log(n10) - np.log(n01) + np.log(n00)
    assert col.loc["other capital", "lambda"] == pytest.approx(lam, rel=1e-12)
    assert col.loc["other capital", "z"] == pytest.approx(lam / np.sqrt(1 / n11 + 1 / n10 + 1 / n01 + 1 / n00))
    assert col.loc["other capital", "lambda"] == pytest.approx(1.8101086, rel=1e-7)  # quanteda's test value
    # G2 of the unsmoothed 2x2 table against scipy's log-likelihood chi-square.
    table = np.array([[2, 1], [1, 5]])
    g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood").statistic
    assert col.loc["other capital", "G2"] == pytest.approx(g, rel=1e-12)
    # PMI: log of observed over expected under independence of the words (10 words, 9 bigrams).
    assert col.loc["other capital", "pmi"] == pytest.approx(np.log(2 / (9 * (3 / 10) * (4 / 10))), rel=1e-12)


def test_collocations_trigram_matches_a_saturated_loglinear_model():
    # Checked by the researchers against R's glm (Poisson, saturated): lambda and z of "a b c".
    col = tk.collocations(tk.Corpus.from_texts(["a b c d a b c e a b d a b c"]), size=3, min_count=1)
    abc = col.set_index("collocation").loc["a b c"]
    assert abc["lambda"] == pytest.approx(-1.98591548366902, rel=1e-10)
    assert abc["z"] == pytest.approx(-0.596879143054129, rel=1e-7)  # glm's own convergence tolerance
    assert np.isnan(abc["G2"])


def test_collocations_never_cross_punctuation_and_skip_stopword_gaps():
    corpus = tk.Corpus.from_texts(["peace talks. talks resumed, peace talks of the region peace talks"])
    col = tk.collocations(corpus, min_count=1)
    assert "talks talks" not in col["collocation"].tolist()
    assert "talks resumed" in col["collocation"].tolist()
    gapped = tk.collocations(corpus, min_count=1, remove_stopwords=True)["collocation"].tolist()
    assert "talks of" not in gapped and "of the" not in gapped and "talks region" not in gapped
    assert gapped[0] == "peace talks"


def test_collocations_errors():
    corpus = tk.Corpus.from_texts(["a b"])
    with pytest.raises(ValueError, match=r"'size' parameter of collocations must be an int in \[2, 5\]"):
        tk.collocations(corpus, size=1)
    with pytest.raises(ValueError, match=r"'smoothing' parameter"):
        tk.collocations(corpus, smoothing=-1)
    assert tk.collocations(corpus).empty


def test_compounds_are_counted_as_one_feature():
    corpus = tk.Corpus.from_texts(
        {"a": "International law matters. The Security Council and international  law.", "b": "The security council met."}
    )
    m = tk.dfm(corpus, compounds=["international law", "security council"])
    assert m.features == ["international_law", "matters", "security_council", "met"]
    assert m.matrix.toarray().tolist() == [[2, 1, 1, 0], [0, 0, 1, 1]]
    from_table = tk.dfm(corpus, compounds=pd.DataFrame({"collocation": ["international law"]}), concatenator=" ")
    assert from_table.features[0] == "international law"
    # Longest match wins when compounds overlap.
    nested = tk.dfm(tk.Corpus.from_texts(["the un security council met"]), compounds=["security council", "un security council"])
    assert "un_security_council" in nested.features and "security_council" not in nested.features
    with pytest.raises(KeyError, match="'collocation' column"):
        tk.dfm(corpus, compounds=pd.DataFrame({"phrase": ["x y"]}))
    with pytest.raises(TypeError, match="list of phrases"):
        tk.dfm(corpus, compounds="international law")


# -- keyness_panel -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_dfm():
    return tk.dfm(tk.demo_corpus())


def test_panel_rows_equal_keyness_of_each_group(demo_dfm):
    panel = tk.keyness_panel(demo_dfm, "actor", n=5, n_boot=0, min_docs=0, min_count=0)  # no filter: as keyness
    grouped = demo_dfm.group("actor")
    for actor in grouped.docnames:
        rows = panel[panel["group"] == actor].reset_index(drop=True)
        k = tk.keyness(grouped, actor, p_adjust="bh").head(5)
        assert rows["feature"].tolist() == k["feature"].tolist()
        for col in ("chi2", "p", "p_adj", "n_target", "n_reference", "log_ratio"):
            assert rows[col].to_numpy() == pytest.approx(k[col].to_numpy(), rel=1e-12), col
        assert rows["rank"].tolist() == [1, 2, 3, 4, 5]
        assert rows["n_docs"].unique().tolist() == [4]
    assert panel[["log_ratio_low", "log_ratio_high"]].isna().all().all()


def test_panel_within_periods_and_against_a_reference_group(demo_dfm):
    panel = tk.keyness_panel(demo_dfm, "actor", over="venue", reference="Ostland", measure="lr", n=3, n_boot=0,
                             min_docs=1, min_count=1)  # one statement per actor and venue
    assert "Ostland" not in set(panel["group"])
    assert set(panel["period"]) == set(demo_dfm.meta["venue"])
    venue = "Lakeside Talks opening session"
    sub = demo_dfm.subset(f"venue == {venue!r} and actor in ['Tessaly', 'Ostland']").group("actor")
    k = tk.keyness(sub, "Tessaly", measure="lr").head(3)
    rows = panel[(panel["period"] == venue) & (panel["group"] == "Tessaly")]
    assert rows["feature"].tolist() == k["feature"].tolist()
    assert rows["G2"].to_numpy() == pytest.approx(k["G2"].to_numpy(), rel=1e-12)
    assert list(panel.columns[:4]) == ["group", "period", "feature", "G2"]


def test_panel_always_reports_requested_features(demo_dfm):
    with pytest.warns(UserWarning, match="requested feature\\(s\\) not in the DFM: not-a-word"):
        panel = tk.keyness_panel(demo_dfm, "actor", n=2, features=["humanitarian", "not-a-word"], n_boot=0,
                                 min_docs=0, min_count=0)
    for actor, rows in panel.groupby("group"):
        assert "humanitarian" in rows["feature"].tolist(), actor
    amaru = panel[panel["group"] == "Amaru"]
    assert len(amaru) == 2  # humanitarian is already among Amaru's top two
    kestria = panel[(panel["group"] == "Kestria") & (panel["feature"] == "humanitarian")].iloc[0]
    full = tk.keyness(demo_dfm.group("actor"), "Kestria")
    assert kestria["rank"] == full.index[full["feature"] == "humanitarian"][0] + 1


def test_gries_dp_by_hand():
    # Five equal parts with 1..5 occurrences: DP = 0.5 * (2/15 + 1/15 + 0 + 1/15 + 2/15) = 0.2.
    from toolkit.keywords.panel import gries_dp

    counts = np.array([[1], [2], [3], [4], [5]], dtype=float)
    assert gries_dp(counts, np.full(5, 100.0))[0] == pytest.approx(0.2)
    # Everything in one of two equal parts: DP = 0.5; spread in proportion to size: DP = 0.
    assert gries_dp(np.array([[6.0], [0.0]]), np.array([10.0, 10.0]))[0] == pytest.approx(0.5)
    assert gries_dp(np.array([[2.0], [6.0]]), np.array([10.0, 30.0]))[0] == pytest.approx(0.0)


def test_panel_dispersion_flags_a_one_speech_keyword():
    texts = {f"a{i}": "peace talks peace talks" for i in range(4)}
    texts["a4"] = "peace talks drones drones drones drones drones drones"
    texts.update({f"b{i}": "security border security border talks" for i in range(5)})
    corpus = tk.Corpus.from_texts(texts, meta={"side": ["A"] * 5 + ["B"] * 5})
    panel = tk.keyness_panel(tk.dfm(corpus), "side", n_boot=0, min_docs=1).set_index(["group", "feature"])
    # drones: all 6 in a4, which holds 8 of A's 24 tokens: DP = 0.5 * (4 * 4/24 + (1 - 8/24)) = 2/3.
    assert panel.loc[("A", "drones"), "dp"] == pytest.approx(2 / 3)
    # peace: 2, 2, 2, 2, 1 of 9 over sizes 4, 4, 4, 4, 8 of 24: DP = 2/9, spread fairly evenly.
    assert panel.loc[("A", "peace"), "dp"] == pytest.approx(2 / 9)
    assert panel.loc[("A", "drones"), "concentrated"] and not panel.loc[("A", "peace"), "concentrated"]


def test_panel_bootstrap_is_reproducible_and_covers_no_difference():
    rng = np.random.default_rng(7)
    probs = rng.dirichlet(np.full(60, 0.5))
    counts = rng.multinomial(400, probs, size=40)  # 40 documents, the same process for both groups
    m = tk.DFM(sp.csr_matrix(counts), [f"d{i}" for i in range(40)], [f"w{j}" for j in range(60)],
               pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)], "side": ["A"] * 20 + ["B"] * 20}))
    panel = tk.keyness_panel(m, "side", n_boot=300, seed=3)
    again = tk.keyness_panel(m, "side", n_boot=300, seed=3)
    pd.testing.assert_frame_equal(panel, again)
    frequent = panel[(panel["group"] == "A") & (panel["n_target"] >= 20)]
    covered = ((frequent["log_ratio_low"] <= 0) & (frequent["log_ratio_high"] >= 0)).mean()
    assert 0.85 <= covered <= 1.0
    assert (frequent["log_ratio_low"] <= frequent["log_ratio"]).all()
    assert (frequent["log_ratio"] <= frequent["log_ratio_high"]).all()


def test_panel_errors(demo_dfm):
    with pytest.raises(KeyError, match="no metadata column 'party'"):
        tk.keyness_panel(demo_dfm, "party")
    with pytest.raises(KeyError, match="'reference' group 'Nowhere'"):
        tk.keyness_panel(demo_dfm, "actor", reference="Nowhere")
    with pytest.raises(ValueError, match=r"'ci' parameter of keyness_panel must be a float in \(0, 1\)"):
        tk.keyness_panel(demo_dfm, "actor", ci=95)
    with pytest.raises(ValueError, match="only group"):
        tk.keyness_panel(demo_dfm, "actor_type", reference=None, n_boot=0) if False else tk.keyness_panel(
            demo_dfm.subset("actor == 'Amaru'"), "actor", n_boot=0
        )


# A small group of three paragraphs against a larger reference; "drones" twice in one paragraph only.
_SMALL = {
    "s1": "drones drones convoy ceasefire corridor shelling convoy corridor",
    "s2": "convoy ceasefire corridor refugees ceasefire shelling",
    "s3": "ceasefire corridor refugees convoy ceasefire refugees convoy corridor",
}
_REST = {f"r{i}": "trade water harvest markets tariffs grain ports convoy" + " trade" * (i % 3) for i in range(12)}


def _small_group_dfm(**meta: list) -> tk.DFM:
    texts = {**_SMALL, **_REST}
    corpus = tk.Corpus.from_texts(texts, meta={"side": ["S"] * len(_SMALL) + ["R"] * len(_REST), **meta})
    return tk.dfm(corpus)


def _listed_by_hand(texts: dict[str, str], min_docs: int, min_count: int) -> set[str]:
    """Independent of the DFM: count the words of the group's texts with collections.Counter."""
    from collections import Counter

    uses = Counter(w for t in texts.values() for w in t.split())
    docs = Counter(w for t in texts.values() for w in set(t.split()))
    vocabulary = {w for t in (*_SMALL.values(), *_REST.values()) for w in t.split()}  # words the group may never use
    return {w for w in vocabulary if uses[w] >= min_count and docs[w] >= min_docs}


@pytest.mark.parametrize(("min_docs", "min_count"), [(2, 5), (1, 1), (3, 2), (2, 1), (1, 2), (0, 0)])
def test_panel_lists_the_terms_of_enough_statements_and_uses_as_counted_by_hand(min_docs, min_count):
    m = _small_group_dfm()
    panel = tk.keyness_panel(m, "side", n_boot=0, min_docs=min_docs, min_count=min_count)
    rows = panel[panel["group"] == "S"].reset_index(drop=True)
    expected = _listed_by_hand(_SMALL, min_docs, min_count)
    assert set(rows["feature"]) == expected
    # In keyness order, with the statistics of keyness on the whole group: filtering changes what is
    # listed, not how it is scored (p_adj is still adjusted over every feature).
    full = tk.keyness(m.group("side"), "S", p_adjust="bh")
    kept = full[full["feature"].isin(expected)].reset_index(drop=True)
    assert rows["feature"].tolist() == kept["feature"].tolist()
    for col in ("chi2", "p_adj", "n_target", "n_reference", "log_ratio"):
        assert rows[col].to_numpy() == pytest.approx(kept[col].to_numpy(), rel=1e-12), col
    assert rows["rank"].tolist() == list(range(1, len(rows) + 1))


def test_a_word_said_twice_in_one_paragraph_of_a_small_group_is_no_longer_listed():
    m = _small_group_dfm()
    unfiltered = tk.keyness_panel(m, "side", n=5, n_boot=0, min_docs=1, min_count=1)
    drones = unfiltered[(unfiltered["group"] == "S") & (unfiltered["feature"] == "drones")]
    assert len(drones) == 1  # what the report used to list (with a small adjusted p)
    panel = tk.keyness_panel(m, "side", n=5, n_boot=0)
    small = panel[panel["group"] == "S"]
    assert "drones" not in set(small["feature"])
    assert set(small["feature"]) == _listed_by_hand(_SMALL, 2, 5) == {"ceasefire", "convoy", "corridor"}


def test_a_term_of_one_statement_is_flagged_and_paragraphs_count_as_their_statement():
    # Two statements of two paragraphs each: "drones" in both paragraphs of the first statement only.
    corpus = tk.Corpus.from_texts(
        {
            "a": "drones convoy ceasefire\n\ndrones convoy talks",
            "b": "convoy ceasefire talks\n\nconvoy talks ceasefire",
            **{f"r{i}": "trade water harvest markets talks" for i in range(6)},
        },
        meta={"side": ["A", "A"] + ["R"] * 6},
    )
    paragraphs = corpus.reshape("paragraphs")
    loose = tk.dfm(tk.Corpus(paragraphs.to_frame().drop(columns=["parent_id"])))
    as_docs = tk.keyness_panel(loose, "side", n_boot=0, min_docs=2, min_count=1).set_index(["group", "feature"])
    assert as_docs.loc[("A", "drones"), "n_docs_target"] == 2  # two paragraphs, counted as documents
    panel = tk.keyness_panel(tk.dfm(paragraphs), "side", n_boot=0, min_docs=1, min_count=1)
    rows = panel[panel["group"] == "A"].set_index("feature")
    # By hand: the statements (parents) of group A that use each word.
    from collections import Counter

    parents = Counter(w for t in ("drones convoy ceasefire drones convoy talks", "convoy ceasefire talks convoy talks ceasefire")
                      for w in set(t.split()))
    assert rows["n_docs_target"].to_dict() == {f: parents[f] for f in rows.index}
    assert rows.loc["drones", "concentrated"] and not rows.loc["convoy", "concentrated"]
    strict = tk.keyness_panel(tk.dfm(paragraphs), "side", n_boot=0, min_docs=2, min_count=1)
    assert "drones" not in set(strict.loc[strict["group"] == "A", "feature"])


def test_concentrated_is_the_leave_one_statement_out_log_ratio_by_hand():
    # "shelling": 9 times in a1, once in a2; "talks" evenly. Without a1 the group says shelling once in
    # 6 words against 2 in the reference's 40: log ratio log2((1/6) / (2/40)) > 0, so not concentrated;
    # "drones" 6 times in a1 and once in a2, the reference 8 times in 40 words: without a1, 1/6 < 8/40.
    texts = {
        "a1": "shelling " * 9 + "drones " * 6 + "talks talks",
        "a2": "shelling drones talks talks peace peace",
        **{f"r{i}": "drones drones shelling peace talks trade water harvest" if i < 2 else
           "drones drones trade water harvest markets grain ports" for i in range(5)},
    }
    corpus = tk.Corpus.from_texts(texts, meta={"side": ["A", "A"] + ["R"] * 5})
    panel = tk.keyness_panel(tk.dfm(corpus), "side", n_boot=0, min_docs=2, min_count=2).set_index(["group", "feature"])
    a2 = texts["a2"].split()
    reference = [w for k, t in texts.items() if k.startswith("r") for w in t.split()]
    for word in ("shelling", "drones"):
        rest = a2.count(word) / len(a2)  # a1 uses both most: leave it out
        expected = not (np.log2(rest / (reference.count(word) / len(reference))) > 0)
        assert bool(panel.loc[("A", word), "concentrated"]) == expected, word
    assert panel.loc[("A", "drones"), "concentrated"] and not panel.loc[("A", "shelling"), "concentrated"]


@pytest.mark.parametrize("label", ["China", "CHN"])
def test_remove_names_drops_the_groups_own_names_and_transcription_artefacts(label):
    own = "China Chinese Beijing uh applause Mr. President israel talks"
    texts = {f"c{i}": own + " " + own for i in range(3)}
    texts.update({f"k{i}": "Kestria Kestrian Kestrians Mr. Smith talks trade Chinese " * 2 for i in range(3)})
    texts.update({f"o{i}": "trade water harvest markets talks grain" for i in range(4)})
    corpus = tk.Corpus.from_texts(texts, meta={"side": [label] * 3 + ["Kestria"] * 3 + ["Other"] * 4})
    m = tk.dfm(corpus, remove_stopwords=False)
    kept = tk.keyness_panel(m, "side", n_boot=0, min_docs=2, min_count=2, remove_names=False)
    dropped = tk.keyness_panel(m, "side", n_boot=0, min_docs=2, min_count=2, remove_names=True)

    def listed(panel, group):
        return set(panel.loc[panel["group"] == group, "feature"])

    names = {"china", "chinese", "beijing", "uh", "applause", "mr."}
    assert names <= listed(kept, label)
    assert not names & listed(dropped, label)
    assert "israel" in listed(dropped, label)  # whom a group speaks of stays
    assert {"kestria", "kestrian", "kestrians"} <= listed(kept, "Kestria")
    assert not {"kestria", "kestrian", "kestrians", "mr."} & listed(dropped, "Kestria")
    assert "chinese" in listed(dropped, "Kestria")  # another group's demonym, in Kestria's words


def test_panel_filter_errors_and_a_warning_when_nothing_is_listed(demo_dfm):
    with pytest.raises(ValueError, match=r"The 'min_docs' parameter of keyness_panel must be an int >= 0. Got -1 instead."):
        tk.keyness_panel(demo_dfm, "actor", min_docs=-1)
    with pytest.raises(ValueError, match=r"The 'min_count' parameter of keyness_panel must be an int >= 0"):
        tk.keyness_panel(demo_dfm, "actor", min_count=1.5)
    with pytest.raises(TypeError, match=r"The 'remove_names' parameter of keyness_panel must be True or False"):
        tk.keyness_panel(demo_dfm, "actor", remove_names="yes")
    with pytest.warns(UserWarning, match=r"24 comparison\(s\) list no feature, none being used in 2 or more"):
        panel = tk.keyness_panel(demo_dfm, "actor", over="venue", features=["talks"], n_boot=0)
    assert set(panel["feature"]) == {"talks"} and panel["rank"].isna().all() and panel["concentrated"].all()


def test_kwic_type_errors(kwic_corpus):
    with pytest.raises(TypeError, match="'pattern' parameter of kwic must be a string or a list"):
        tk.kwic(kwic_corpus, 5)
    with pytest.raises(TypeError, match="'frame' parameter of kwic_html must be the DataFrame"):
        tk.kwic_html(kwic_corpus)


def test_kwic_hyphenated_globs(kwic_corpus):
    assert tk.kwic(kwic_corpus, "two-stat*")["match"].tolist() == ["two-state"]
    assert tk.kwic(kwic_corpus, "two-state")["match"].tolist() == ["two-state"]


# -- keyterms ---------------------------------------------------------------------------------------
def test_keyterms_are_textacys_on_the_same_docs(demo):
    import textacy.extract.keyterms as kt

    sub = demo.subset("actor == 'Tessaly'")
    out = tk.keyterms(sub, method="sgrank", topn=4)
    assert list(out.columns) == ["doc_id", "method", "rank", "term", "score", *demo.meta_columns]
    docs = list(tk.spacy_docs(sub, level="tags"))
    for doc_id, doc in zip(sub.doc_ids, docs):
        rows = out[out["doc_id"] == doc_id]
        expected = kt.sgrank(doc, normalize="lemma", topn=4)
        assert rows["term"].tolist() == [t for t, _ in expected]
        assert rows["score"].to_numpy() == pytest.approx([s for _, s in expected])
        assert rows["rank"].tolist() == [1, 2, 3, 4]
    assert "international law" in out["term"].tolist()


@pytest.mark.parametrize("method", ["textrank", "yake", "scake"])
def test_keyterms_methods_run(demo, method):
    out = tk.keyterms(demo.subset("actor == 'Amaru'"), method=method, topn=3)
    assert out.groupby("doc_id").size().tolist() == [3, 3, 3, 3]
    assert (out["method"] == method).all()


def test_keyterms_errors(demo):
    with pytest.raises(ValueError, match=r"'method' parameter of keyterms must be one of"):
        tk.keyterms(demo, method="rake")
    with pytest.raises(ValueError, match=r"'topn' parameter of keyterms must be an int >= 1"):
        tk.keyterms(demo, topn=0)


# -- regressions found in review -------------------------------------------------------------------------
@pytest.mark.parametrize("measure", ["chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"])
def test_features_absent_from_both_sides_have_no_statistic_and_change_nothing(measure):
    m = _random_dfm(4).trim(min_count=1)
    padded = tk.DFM(
        sp.hstack([m.matrix, sp.csr_matrix((m.shape[0], 5))]), m.docnames, m.features + [f"empty{i}" for i in range(5)]
    )
    plain = tk.keyness(m, "t", measure=measure, sort=False, p_adjust="bonferroni" if measure not in ("logratio", "scaledf") else None)
    more = tk.keyness(padded, "t", measure=measure, sort=False, p_adjust="bonferroni" if measure not in ("logratio", "scaledf") else None)
    stat = plain.attrs["statistic"]
    assert more[stat].iloc[-5:].isna().all()
    pd.testing.assert_frame_equal(more.iloc[: len(plain)].reset_index(drop=True), plain, check_exact=False, rtol=1e-12)


def test_target_without_counts_is_refused():
    m = _dfm({"t": {"x": 0, "y": 0}, "r": {"x": 3, "y": 1}, "s": {"x": 1, "y": 1}})
    with pytest.raises(ValueError, match="target documents have no counts"):
        tk.keyness(m, "t")


def test_panel_periods_in_numeric_order_one_document_groups_and_skips():
    corpus = tk.Corpus.from_texts(
        ["peace talks", "war now", "peace now", "talks war", "peace peace", "war war"],
        meta={"side": ["A", "B", "A", "B", "A", "A"], "session": [8, 8, 10, 10, 9, 9]},
    )
    m = tk.dfm(corpus)
    with pytest.warns(UserWarning, match=r"1 comparison\(s\) skipped for want of a reference in the period: A in 9"):
        panel = tk.keyness_panel(m, "side", over="session", n_boot=50, min_docs=1, min_count=1)
    assert list(dict.fromkeys(panel["period"])) == [8, 10]
    assert panel["log_ratio_low"].isna().all() and panel["dp"].isna().all()  # one document per group and session


def test_panel_rank_of_requested_features_counts_present_features_only():
    m = _random_dfm(2)
    panel = tk.keyness_panel(m.group(["t", "r", "r"]).subset([True, True]), "doc_id", n=3, features=["w12"], n_boot=0,
                             min_docs=0, min_count=0)
    full = tk.keyness(m.group(["t", "r", "r"]), "t")
    present = full[(full["n_target"] + full["n_reference"]) > 0].reset_index(drop=True)
    row = panel[(panel["group"] == "t") & (panel["feature"] == "w12")].iloc[0]
    assert row["rank"] == present.index[present["feature"] == "w12"][0] + 1


def test_kwic_refuses_metadata_that_would_overwrite_its_columns():
    corpus = tk.Corpus.from_texts(["peace now"], meta={"position": ["chair"]})
    with pytest.raises(ValueError, match=r"\['position'\] would be overwritten"):
        tk.kwic(corpus, "peace")


def test_collocations_do_not_cross_line_breaks_or_count_clitics():
    corpus = tk.Corpus.from_texts(["We discussed\n\npeace today. Israel's talks matter\nmore talks"])
    found = tk.collocations(corpus, min_count=1)["collocation"].tolist()
    assert "discussed peace" not in found and "matter more" not in found
    assert not any("'s" in c for c in found)


def test_correction_is_reported_as_ignored_where_it_does_not_apply():
    m = _tokens_dfm(T1)
    with pytest.warns(UserWarning, match="correction='williams' applies to chi2 and lr only; it is ignored for 'pmi'"):
        tk.keyness(m, "d1", measure="pmi", correction="williams")


def test_ties_in_saturated_measures_go_to_the_better_attested_word():
    # Three words only the target uses, once, twice and five times, all with an infinite odds
    # ratio: the most frequent (smallest p) first, then by count, never by spelling.
    target = "zz " * 1 + "aa " * 2 + "mm " * 5 + "common " * 20
    other = "common " * 20 + "filler " * 20
    m = tk.dfm(tk.Corpus.from_texts({"t": target, "o": other}), remove_stopwords=False)
    for measure in ("exact", "pmi"):
        key = tk.keyness(m, "t", measure=measure)
        assert key["feature"].head(3).tolist() == ["mm", "aa", "zz"]
        panel = tk.keyness_panel(m, "doc_id", measure=measure, n_boot=0, min_docs=0, min_count=0)
        ranks = panel[panel["group"] == "t"].set_index("feature")["rank"]
        assert ranks["mm"] < ranks["aa"] < ranks["zz"]


