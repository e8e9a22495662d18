"""The helpers every subpackage shares, of toolkit/_util/: files, statistics, deprecated names."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest
from scipy import stats as scipy_stats

from toolkit._util import files, stats
from toolkit._util.validation import renamed


# -- files ------------------------------------------------------------------------------------------
def test_write_atomic_gives_a_new_file_the_umask_and_keeps_a_replaced_files_mode(tmp_path):
    old = os.umask(0o027)
    try:
        new = files.write_atomic(tmp_path / "new.html", "<p>é</p>")
    finally:
        os.umask(old)
    assert new.read_text(encoding="utf-8") == "<p>é</p>"
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0o666 less the umask, as for any new file
    private = tmp_path / "private.csv"
    private.write_text("old")
    private.chmod(0o600)
    files.write_atomic(private, b"new")
    assert private.read_bytes() == b"new" and stat.S_IMODE(private.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.html", "private.csv"]  # no temporary left


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old page")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        files.write_atomic(target, "new page")
    assert target.read_text() == "old page" and [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_read_yaml_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("name: x\ncategories:\n  a: [b\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"lexicon.yaml: malformed YAML at line \d"):
        files.read_yaml(path)


# -- statistics -------------------------------------------------------------------------------------
def test_bootstrap_weights_resample_every_cluster_with_replacement():
    weights = stats.bootstrap_weights(7, 500, np.random.default_rng(1))
    assert weights.shape == (500, 7) and (weights.sum(axis=1) == 7).all()
    assert weights.mean() == pytest.approx(1.0, abs=0.05)  # each cluster drawn once on average


def test_bootstrap_ratio_is_the_ratio_of_the_resampled_totals():
    counts = np.array([[1.0, 0.0], [4.0, 2.0], [0.0, 3.0]])
    sizes = np.array([2.0, 8.0, 5.0])
    weights = np.array([[3.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 2.0, 1.0]])
    by_hand = [
        [3 / 6, 0 / 6],
        [5 / 15, 5 / 15],
        [8 / 21, 7 / 21],
    ]
    np.testing.assert_allclose(stats.bootstrap_ratio(counts, sizes, weights), by_hand)


def test_percentile_interval_is_numpys_and_ignores_undefined_replicates():
    replicates = np.random.default_rng(0).normal(size=(1000, 3))
    low, high = stats.percentile_interval(replicates, 0.9)
    np.testing.assert_allclose(low, np.percentile(replicates, 5, axis=0))
    np.testing.assert_allclose(high, np.percentile(replicates, 95, axis=0))
    with_nan = np.vstack([replicates, np.full((1, 3), np.nan)])
    np.testing.assert_allclose(stats.percentile_interval(with_nan, 0.9)[0], low)


@pytest.mark.parametrize("method, theirs", [("bh", "fdr_bh"), ("holm", "holm"), ("bonferroni", "bonferroni")])
def test_adjust_p_is_statsmodels_multipletests_and_keeps_nan(method, theirs):
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(3)
    # Ties and values near 1 as well as small ones: the step-down and step-up rules must keep them in order.
    p = np.r_[rng.uniform(0, 0.05, 5), rng.uniform(0, 1, 10), [0.02, 0.02, 0.99]]
    with_nan = np.insert(p, [2, 7], np.nan)
    adjusted = stats.adjust_p(with_nan, method)
    assert np.isnan(adjusted[[2, 8]]).all()
    assert adjusted[~np.isnan(with_nan)] == pytest.approx(multipletests(p, method=theirs)[1])
    assert np.isnan(stats.adjust_p(np.array([np.nan]), method)).all()  # nothing to adjust


def test_a_groups_stream_depends_on_the_seed_and_its_label_only():
    a = stats.group_rng(3, "Ostland").random(4)
    assert np.array_equal(a, stats.group_rng(3, "Ostland").random(4))
    assert not np.array_equal(a, stats.group_rng(3, "Veloria").random(4))
    assert not np.array_equal(a, stats.group_rng(4, "Ostland").random(4))


@pytest.mark.parametrize(
    ("cluster", "columns", "expected"),
    [
        ("auto", ["actor", "parent_id"], "parent_id"),  # a corpus made by Corpus.reshape
        ("auto", ["actor"], None),  # whole statements: each document is a unit
        (None, ["actor", "parent_id"], None),
        ("none", ["actor", "parent_id"], None),
        ("speaker", ["actor", "speaker"], "speaker"),
    ],
)
def test_resolve_cluster_finds_the_units(cluster, columns, expected):
    assert stats.resolve_cluster(cluster, columns, func="f") == expected


@pytest.mark.parametrize("cluster", ["party", 3, "", "Auto"])
def test_resolve_cluster_refuses_anything_else_with_the_template(cluster):
    with pytest.raises(ValueError, match=r"The 'cluster' parameter of f must be 'auto', 'none', None or a metadata "
                                         r"column \(columns: 'actor'\)\. Got .* instead\."):
        stats.resolve_cluster(cluster, ["doc_id", "actor"], func="f")


def test_cluster_codes_sort_the_labels_and_give_a_missing_label_a_unit_of_its_own():
    codes = stats.cluster_codes(["b", "a", None, "b", np.nan, "c"])
    assert codes.tolist() == [1, 0, 3, 1, 4, 2]


@pytest.mark.parametrize("sparse", [False, True])
def test_cluster_sums_add_up_the_rows_of_each_unit(sparse):
    import scipy.sparse as sp

    values = np.array([[1.0, 0.0], [2.0, 5.0], [0.0, 1.0], [4.0, 4.0]])
    codes = np.array([1, 0, 1, 2])
    out = stats.cluster_sums(sp.csr_matrix(values) if sparse else values, codes)
    out = out.toarray() if sparse else out
    np.testing.assert_allclose(out, [[2.0, 5.0], [1.0, 1.0], [4.0, 4.0]])


def _clustered_rows(rng, n_units=30):
    """Rows (sentences) of clusters of different sizes whose 0/1 outcomes share a cluster-level rate."""
    sizes = rng.integers(1, 9, size=n_units)
    rates = rng.beta(2, 3, size=n_units)
    labels = np.repeat([f"s{g:02d}" for g in range(n_units)], sizes)
    y = (rng.random(len(labels)) < np.repeat(rates, sizes)).astype(float)
    return labels, y


def test_the_cluster_bootstrap_is_a_loop_over_whole_clusters_with_the_same_draws():
    labels, y = _clustered_rows(np.random.default_rng(4), n_units=9)
    codes = stats.cluster_codes(labels)
    got = stats.cluster_bootstrap_ratio(y[:, None], np.ones(len(y)), codes, 200, np.random.default_rng(7))
    # By hand: the same multinomial draws of the sorted clusters, then each drawn cluster's rows
    # copied as often as it was drawn, and the share of the resampled rows.
    units = sorted(set(labels))
    rng = np.random.default_rng(7)
    by_hand = []
    for _ in range(200):
        drawn = rng.multinomial(len(units), np.full(len(units), 1 / len(units)))
        rows = np.concatenate([np.tile(y[labels == u], k) for u, k in zip(units, drawn)])
        by_hand.append(rows.mean())
    np.testing.assert_allclose(got[:, 0], by_hand)


def test_the_cluster_bootstrap_variance_is_the_cluster_robust_one():
    labels, y = _clustered_rows(np.random.default_rng(11), n_units=40)
    codes = stats.cluster_codes(labels)
    replicates = stats.cluster_bootstrap_ratio(y[:, None], np.ones(len(y)), codes, 20000, np.random.default_rng(3))
    # The linearised (sandwich) variance of a ratio of cluster totals, without the G/(G-1) factor
    # the bootstrap does not have (Cameron & Miller 2015, eq. for the ratio estimator).
    units = sorted(set(labels))
    totals = np.array([y[labels == u].sum() for u in units])
    sizes = np.array([(labels == u).sum() for u in units])
    share = totals.sum() / sizes.sum()
    analytic = np.sqrt(((totals - share * sizes) ** 2).sum()) / sizes.sum()
    assert replicates[:, 0].std() == pytest.approx(analytic, rel=0.05)
    # and rows taken as independent would understate it: the naive binomial standard error
    naive = np.sqrt(share * (1 - share) / len(y))
    assert naive < 0.8 * analytic


def test_the_t_interval_of_a_ratio_with_unit_sizes_is_the_t_interval_of_the_mean():
    values = np.random.default_rng(2).normal(-0.2, 0.5, size=12)
    low, high = stats.ratio_t_interval(values[:, None], np.ones(12), 0.9, lower=None)
    expected = scipy_stats.t.interval(0.9, 11, loc=values.mean(), scale=values.std(ddof=1) / np.sqrt(12))
    assert (low[0], high[0]) == pytest.approx(expected)
    clipped, _ = stats.ratio_t_interval(values[:, None], np.ones(12), 0.9)
    assert clipped[0] == max(expected[0], 0.0)


# -- deprecated names ---------------------------------------------------------------------------------
def test_a_renamed_keyword_warns_and_refuses_a_disagreement():
    assert renamed(None, "actor", old="groups", new="by", func="f") == "actor"
    with pytest.warns(DeprecationWarning, match="The 'groups' parameter of f is deprecated; pass by= instead"):
        assert renamed("actor", None, old="groups", new="by", func="f") == "actor"
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="disagree"):
        renamed("actor", "venue", old="groups", new="by", func="f")
