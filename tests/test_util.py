"""The helpers every subpackage shares, of toolkit/_util/: files, statistics, deprecated names."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest

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


# -- deprecated names ---------------------------------------------------------------------------------
def test_a_renamed_keyword_warns_and_refuses_a_disagreement():
    assert renamed(None, "actor", old="groups", new="by", func="f") == "actor"
    with pytest.warns(DeprecationWarning, match="The 'groups' parameter of f is deprecated; pass by= instead"):
        assert renamed("actor", None, old="groups", new="by", func="f") == "actor"
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="disagree"):
        renamed("actor", "venue", old="groups", new="by", func="f")
