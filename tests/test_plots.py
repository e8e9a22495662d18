"""Plots of toolkit/plots/, checked on the data they draw (nbval does not compare images)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import toolkit as tk  # noqa: E402


@pytest.fixture(scope="module")
def by_actor(demo):
    return tk.dfm(demo).group("actor")


def _bars(fig):
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    widths = [p.get_width() for p in ax.patches]
    return labels, widths, ax


def test_plot_keyness_draws_the_top_and_bottom_features(by_actor):
    k = tk.keyness(by_actor, "Veloria")
    fig = tk.plot_keyness(k, n=5)
    labels, widths, ax = _bars(fig)
    assert labels == k["feature"].head(5).tolist() + k["feature"].tail(5).tolist()
    assert widths == pytest.approx(k["chi2"].head(5).tolist() + k["chi2"].tail(5).tolist())
    assert ax.get_xlabel() == "signed chi-squared"
    assert "Veloria vs reference" in ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Veloria", "reference"]
    plt.close(fig)


def test_plot_keyness_target_only_and_existing_axes(by_actor):
    k = tk.keyness(by_actor, "Amaru", measure="lr")
    fig, ax = plt.subplots()
    out = tk.plot_keyness(k, n=3, show_reference=False, ax=ax)
    assert out is fig
    labels, widths, _ = _bars(fig)
    assert labels == k["feature"].head(3).tolist()
    assert all(w > 0 for w in widths)
    assert ax.get_xlabel() == "signed log-likelihood G²"
    plt.close(fig)


def test_plot_keyness_odds_ratios_on_log_scale_with_infinite_values_clipped(by_actor):
    k = tk.keyness(by_actor, "Tessaly", measure="exact")
    fig = tk.plot_keyness(k, n=4)
    labels, widths, ax = _bars(fig)
    shown = k.set_index("feature").loc[labels, "or"].to_numpy()
    with np.errstate(divide="ignore"):
        logged = np.log10(shown)
    finite = np.isfinite(logged)
    assert np.array(widths)[finite] == pytest.approx(logged[finite])
    if (~finite).any():
        cap = 1.1 * np.max(np.abs(logged[finite])) if finite.any() else 1.0
        assert np.abs(np.array(widths)[~finite]) == pytest.approx(cap)
        assert any(p.get_hatch() for p in ax.patches)
    plt.close(fig)


def test_plot_keyness_scaled_f_is_centred_on_one_half(by_actor):
    k = tk.keyness(by_actor, "Ostland", measure="scaledf")
    fig = tk.plot_keyness(k, n=3)
    ax = fig.axes[0]
    assert all(p.get_x() == pytest.approx(0.5) for p in ax.patches)
    plt.close(fig)


def test_plot_keyness_needs_a_keyness_table():
    with pytest.raises(KeyError, match="Pass the result of tk.keyness"):
        tk.plot_keyness(pd.DataFrame({"feature": ["a"], "count": [1]}))
    with pytest.raises(ValueError, match=r"'n' parameter of plot_keyness must be an int >= 1"):
        tk.plot_keyness(pd.DataFrame({"feature": ["a"], "chi2": [1.0]}), n=0)


def test_plots_do_not_show(by_actor, monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("a plot called plt.show()"))
    plt.close(tk.plot_keyness(tk.keyness(by_actor, "Kestria")))


def test_save_figure_writes_each_format_reproducibly(by_actor, tmp_path):
    k = tk.keyness(by_actor, "Kestria")
    fig = tk.plot_keyness(k, n=4)
    files = tk.save_figure(fig, tmp_path / "fig" / "keyness", formats=["png", "pdf", "svg"], dpi=100)
    assert [f.name for f in files] == ["keyness.png", "keyness.pdf", "keyness.svg"]
    first = [f.read_bytes() for f in files]
    tk.save_figure(fig, tmp_path / "fig" / "keyness", formats=["png", "pdf", "svg"], dpi=100)
    assert [f.read_bytes() for f in files] == first  # no dates or random ids inside
    assert first[0].startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="'formats' parameter of save_figure"):
        tk.save_figure(fig, tmp_path / "x", formats=["gif"])
    plt.close(fig)


def test_keyness_heatmap_shows_each_groups_top_features(demo):
    panel = tk.keyness_panel(tk.dfm(demo), "actor", n_boot=0, min_docs=0, min_count=0)  # every feature, used or not
    fig = tk.plot_keyness_heatmap(panel, n=3)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert cols == sorted(panel["group"].unique())
    expected = []
    for g in cols:
        for f in panel[panel["group"] == g].sort_values("rank")["feature"].head(3):
            if f not in expected:
                expected.append(f)
    assert rows == expected
    data = ax.images[0].get_array()
    amaru_top = panel[(panel["group"] == "Amaru") & (panel["feature"] == rows[0])]["log_ratio"].iloc[0]
    assert data[0, 0] == pytest.approx(amaru_top)
    # every group holds every feature: cells are masked only where the group never uses it
    counts = panel.pivot_table(index="feature", columns="group", values="n_target").reindex(index=rows, columns=cols)
    p = panel.pivot_table(index="feature", columns="group", values="p").reindex(index=rows, columns=cols)
    unused = (counts.to_numpy() == 0) & (p.to_numpy() >= 0.05)
    avoided = (counts.to_numpy() == 0) & (p.to_numpy() < 0.05)  # never used, significantly: still coloured
    assert avoided.any() and np.isfinite(np.ma.filled(data, np.nan)[avoided]).all()
    assert unused.any() and (np.ma.getmaskarray(data) == unused).all()
    assert (np.ma.getmaskarray(ax.images[1].get_array()) == ~unused).all()  # the pale layer
    assert "not used by that group" in ax.get_xlabel() and "grey cell" not in ax.get_xlabel()
    plt.close(fig)
    fig = tk.plot_keyness_heatmap(panel, n=2, groups=["Veloria", "Kestria"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Veloria", "Kestria"]
    top = [panel[panel["group"] == g].sort_values("rank")["feature"].head(2).tolist() for g in ("Veloria", "Kestria")]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(dict.fromkeys(top[0] + top[1]))
    plt.close(fig)
    with pytest.raises(ValueError, match="unknown group.s. Narnia; the panel's groups are Amaru"):
        tk.plot_keyness_heatmap(panel, groups=["Narnia"])


def test_keyness_heatmap_needs_a_period_for_panels_over_time(demo):
    panel = tk.keyness_panel(tk.dfm(demo), "actor", over="venue", n=3, n_boot=0, min_docs=1)  # one statement a venue
    with pytest.raises(ValueError, match="pass period="):
        tk.plot_keyness_heatmap(panel)
    fig = tk.plot_keyness_heatmap(panel, period="Lakeside Talks opening session")
    assert "grey cell" in fig.axes[0].get_xlabel()  # top-3 rows leave other groups' cells empty
    plt.close(fig)


def test_keyness_trajectory_draws_the_estimates_and_bands(demo):
    panel = tk.keyness_panel(tk.dfm(demo), "actor", over="date", features=["talks"], n=1, n_boot=20)
    fig = tk.plot_keyness_trajectory(panel, "talks", groups=["Ostland", "Veloria"])
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines() if ln.get_label() in ("Ostland", "Veloria")}
    ost = panel[(panel["group"] == "Ostland") & (panel["feature"] == "talks")].sort_values("period")
    assert (ost["n_target"] > 0).all()
    assert lines["Ostland"].get_ydata().tolist() == pytest.approx(ost["log_ratio"].tolist())
    assert [t.get_text() for t in ax.get_xticklabels()] == sorted(panel["period"].unique())
    from matplotlib.collections import PolyCollection

    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2  # one band per group
    with pytest.raises(ValueError, match="features=\\['peacekeeping'\\]"):
        tk.plot_keyness_trajectory(panel, "peacekeeping")
    plt.close(fig)


def test_keyness_trajectory_draws_periods_without_use_as_gaps_and_not_used_marks(demo, monkeypatch):
    def no_show(*args, **kwargs):
        raise AssertionError("a plot must not call plt.show()")

    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgb

    monkeypatch.setattr(plt, "show", no_show)
    panel = tk.keyness_panel(tk.dfm(demo), "actor", over="date", features=["talks"], n=1, n_boot=20)
    # Veloria does not say "talks" in the first two meetings.
    vel = panel[(panel["group"] == "Veloria") & (panel["feature"] == "talks")].sort_values("period")
    unused = (vel["n_target"] == 0).to_numpy()
    assert unused.any() and not unused.all()
    # The measure has no interval there: every resample has a zero count too.
    assert vel.loc[vel["n_target"] == 0, ["log_ratio_low", "log_ratio_high"]].isna().all().all()
    _, ax = plt.subplots()
    fig = tk.plot_keyness_trajectory(panel, "talks", groups=["Ostland", "Veloria"], ax=ax)
    assert fig is ax.figure
    line = next(ln for ln in ax.get_lines() if ln.get_label() == "Veloria")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[unused]).all()  # a gap, not the offset's log ratio
    assert y[~unused] == pytest.approx(vel.loc[~unused, "log_ratio"].to_numpy())
    # A cross in Veloria's colour for each such period, on a strip below every drawn value.
    crosses = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(crosses) == 1
    offsets = np.asarray(crosses[0].get_offsets())
    assert offsets[:, 0].tolist() == np.flatnonzero(unused).tolist()
    drawn = np.concatenate([np.asarray(ln.get_ydata(), dtype=float) for ln in ax.get_lines()])
    assert (offsets[:, 1] < np.nanmin(drawn)).all()
    assert np.allclose(crosses[0].get_edgecolor()[0][:3], to_rgb(line.get_color()))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "not used" and ax.get_yticks()[0] < np.nanmin(drawn)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Ostland", "Veloria", "not used"]
    plt.close(fig)


def _lab_of_linear(linear: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of a linear-light sRGB colour, from the sRGB and CIE formulas."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6): the matrices of full deuteranopia, protanopia and
# tritanopia, applied to linear RGB.
_VISION = {
    "normal": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


@pytest.mark.parametrize("vision, minimum", [("normal", 20), ("deuteranopia", 15), ("protanopia", 15), ("tritanopia", 15)])
def test_the_palette_keeps_eight_groups_apart_for_colour_blind_readers_too(vision, minimum):
    from itertools import combinations

    from matplotlib.colors import to_rgb

    assert len(tk.OKABE_ITO) == len(set(tk.OKABE_ITO)) == 8
    linear = [np.where(np.asarray(to_rgb(c)) <= 0.04045, np.asarray(to_rgb(c)) / 12.92,
                       ((np.asarray(to_rgb(c)) + 0.055) / 1.055) ** 2.4) for c in tk.OKABE_ITO]
    seen = [_lab_of_linear(np.clip(_VISION[vision] @ c, 0, 1)) for c in linear]
    # CIE76 colour difference: about 2 is just noticeable; categories want far more.
    closest = min(np.linalg.norm(a - b) for a, b in combinations(seen, 2))
    assert closest >= minimum
    # The conversion against published values: white, and sRGB red (L* 53.24, a* 80.09, b* 67.20).
    assert _lab_of_linear(np.ones(3)) == pytest.approx([100, 0, 0], abs=0.05)
    assert _lab_of_linear(np.array([1.0, 0, 0])) == pytest.approx([53.24, 80.09, 67.20], abs=0.05)


def test_series_styles_tell_eight_groups_apart_by_colour_and_marker():
    from toolkit.plots.style import series_style

    styles = [series_style(k) for k in range(9)]
    assert len({s["color"] for s in styles[:8]}) == len({s["marker"] for s in styles[:8]}) == 8
    assert all(s["marker"] != "x" for s in styles)  # "x" marks "not used"
    assert (styles[8]["color"], styles[8]["marker"]) == (styles[0]["color"], styles[0]["marker"])
    assert styles[8]["linestyle"] != styles[0]["linestyle"]


def test_xray_marks_every_match_at_its_relative_position(demo):
    k = tk.kwic(demo, ["humanitarian", "secur*"])
    fig = tk.plot_xray(k)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(k["doc_id"]))
    xs = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections])
    assert sorted(xs) == pytest.approx(sorted(k["position"] / k["doc_tokens"]))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["secur*", "humanitarian"]
    plt.close(fig)
    with pytest.warns(UserWarning, match="showing the first 2 of"):
        fig = tk.plot_xray(k, scale="absolute", max_docs=2)
    assert len(fig.axes[0].get_yticklabels()) == 2
    plt.close(fig)


def test_frequency_over_by_hand_and_its_plot(demo):
    m = tk.dfm(demo)
    with pytest.warns(UserWarning, match="not in the DFM, counted 0: nonexistent"):
        f = tk.frequency_over(m, ["talks", "nonexistent"], over="date", per=1000)
    march = m.subset("date == '2024-03-12'")
    total = march.doc_lengths().sum()
    talks = march.select(["talks"]).matrix.sum()
    row = f[(f["date"] == "2024-03-12") & (f["feature"] == "talks")].iloc[0]
    assert (row["count"], row["total"], row["n_docs"]) == (talks, total, 6)
    assert row["rate"] == pytest.approx(talks / total * 1000)
    assert (f.loc[f["feature"] == "nonexistent", "count"] == 0).all()
    fig = tk.plot_frequency_over(f)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "occurrences per 1,000 tokens"
    line = [ln for ln in ax.get_lines() if ln.get_label() == "talks"][0]
    assert line.get_ydata().tolist() == pytest.approx(f.loc[f["feature"] == "talks", "rate"].tolist())
    plt.close(fig)
    with pytest.raises(KeyError, match="no metadata column 'decade'"):
        tk.frequency_over(m, "talks", over="decade")


def test_plot_keyness_orders_tied_infinite_ratios_by_effect_size(by_actor):
    k = tk.keyness(by_actor, "Tessaly", measure="exact")
    fig = tk.plot_keyness(k, n=3, show_reference=False)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    infinite = k[np.isinf(k["or"])].sort_values("log_ratio", ascending=False, kind="stable")
    assert labels == infinite["feature"].head(3).tolist()
    plt.close(fig)


def test_xray_says_when_it_shows_fewer_documents(demo):
    k = tk.kwic(demo, "the")
    with pytest.warns(UserWarning, match=r"showing the first 5 of 24 documents"):
        plt.close(tk.plot_xray(k, max_docs=5))


def test_an_interval_that_misses_its_estimate_is_drawn_from_its_bounds():
    import matplotlib.pyplot as plt

    # With few statements or replicates a percentile interval may lie just beside its estimate.
    profile = pd.DataFrame({"group": ["A", "B"], "measure": "hedge_per_1k", "value": [1.0, 2.0],
                            "low": [1.2, 1.5], "high": [1.8, np.nan], "n_docs": 4})
    fig = tk.plot_rhetoric(profile)
    ax = fig.axes[0]
    [bar] = ax.collections[0].get_segments()  # B's interval is undefined: no bar
    assert (bar[0][0], bar[1][0]) == pytest.approx((1.2, 1.8))
    assert next(line for line in ax.lines if line.get_marker() == "o").get_xdata().tolist() == [1.0, 2.0]
    plt.close(fig)
