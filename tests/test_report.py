"""The report of a comparison (toolkit/report/): its tables, its page and its files."""

from __future__ import annotations

import csv
import logging
import re

import numpy as np
import pandas as pd
import pytest

import toolkit as tk


@pytest.fixture(scope="module")
def comparison(demo):
    return tk.compare(demo, "actor", n=5, n_boot=50, seed=1)


@pytest.fixture(scope="module")
def tables(comparison):
    return tk.report_tables(comparison)


def test_summary_counts_statements_and_words_per_group(demo, comparison, tables):
    summary = tables["summary"].set_index("actor")
    assert summary["statements"].to_dict() == demo.meta["actor"].value_counts().to_dict()
    # words as Corpus.summary counts them, added up by hand
    per_doc = demo.summary()
    kestria = per_doc[per_doc["actor"] == "Kestria"]
    assert summary.loc["Kestria", "words"] == kestria["words"].sum()
    assert summary.loc["Kestria", "words per statement (median)"] == round(kestria["words"].median())
    assert summary.loc["Kestria", "first"] == min(kestria["date"]) and summary.loc["Kestria", "last"] == max(kestria["date"])


def test_key_terms_are_each_groups_own_top_terms_with_counts_from_the_dfm(demo, comparison, tables):
    key = tables["keyness"]
    assert list(key.columns) == ["actor", "rank", "term", "in group", "in others", "in statements", "log ratio", "95% CI",
                                 "chi2", "p (adj.)", "DP", "one statement"]
    assert key["rank"].between(1, 5).all()
    # Counted here as the comparison counts: the Council's name of several words is one feature.
    counts = tk.dfm(demo, compounds=["Council of the Southern Littoral"])
    frame = counts.to_frame().merge(demo.meta[["actor"]].assign(doc_id=demo.doc_ids), on="doc_id")
    grouped = frame.pivot_table(index="actor", columns="feature", values="count", aggfunc="sum").fillna(0)
    statements = frame[frame["count"] > 0].groupby(["actor", "feature"])["doc_id"].nunique()
    sizes = grouped.sum(axis=1)
    for row in key.to_dict("records"):
        in_group = grouped.loc[row["actor"], row["term"]]
        in_others = grouped[row["term"]].sum() - in_group
        assert (row["in group"], row["in others"]) == (in_group, in_others)
        # every reported term is more frequent in its group than in the others (relative to their sizes) ...
        assert in_group / sizes[row["actor"]] > in_others / (sizes.sum() - sizes[row["actor"]])
        # ... used five times or more, in two or more of the group's statements, and not the group's own name
        assert in_group >= 5 and row["in statements"] == statements[(row["actor"], row["term"])] >= 2
        assert row["term"] != row["actor"].lower() and row["one statement"] in ("", "yes")
        assert re.fullmatch(r"\[-?\d+\.\d\d, -?\d+\.\d\d\]", row["95% CI"])  # the interval


@pytest.mark.parametrize(("measure", "column"), [("lr", "G2"), ("exact", "or"), ("scaledf", "scaledf"), ("logratio", None)])
def test_the_key_term_table_follows_the_measure(demo, comparison, measure, column):
    import dataclasses

    panel = tk.keyness_panel(tk.dfm(demo), "actor", measure=measure, n=5, n_boot=0, remove_names=True)
    other = dataclasses.replace(comparison, keyness=panel)
    key = tk.report_tables(other)["keyness"]
    # Own terms are those more frequent in the group, whatever the statistic: an odds ratio or a scaled
    # F-score is positive for every term, so the sign of the statistic cannot say it.
    listed = panel[(panel["rank"] <= 5) & (panel["log_ratio"] > 0)]
    assert sorted(zip(key["actor"], key["term"])) == sorted(zip(listed["group"], listed["feature"]))
    stats = [c for c in key.columns if c in ("chi2", "G2", "or", "scaledf", "log_ratio", "z", "pmi")]
    assert stats == ([column] if column else [])  # logratio: the log ratio column is the statistic
    if measure == "exact":
        only_here = listed["n_reference"] == 0  # used by the group alone: an infinite odds ratio
        assert (key.loc[only_here.to_numpy(), "or"] == "∞").all() and only_here.any()
    assert "ranked by " + (column or "log_ratio") in tk.report_html(other)


def test_frame_and_rhetoric_cells_are_the_estimates_with_their_intervals(comparison, tables):
    shares = comparison.frames.set_index(["group", "frame"])
    share, low, high = shares.loc[("Amaru", "humanitarian"), ["share", "low", "high"]]
    cell = tables["frames"].set_index("actor").loc["Amaru", "humanitarian"]
    assert cell == f"{100 * share:.0f} [{100 * low:.0f}, {100 * high:.0f}]"
    profile = comparison.rhetoric.set_index(["group", "measure"])
    value, low, high = profile.loc[("Ostland", "hedge_per_1k"), ["value", "low", "high"]]
    assert tables["rhetoric"].set_index("actor").loc["Ostland", "hedges"] == f"{value:.1f} [{low:.1f}, {high:.1f}]"


def test_speech_acts_count_only_the_groups_own_unnegated_acts(comparison, tables):
    acts = comparison.acts
    own = acts[(acts["subject"] == acts["actor"]) & ~acts["negated"]]
    expected = own.groupby(["actor", "act"]).size()
    counts = comparison.speech_acts
    for (actor, act), n in expected.items():
        assert counts.loc[actor, act] == n
    assert counts.to_numpy().sum() == len(own) < len(acts)  # reported and negated acts left out
    # "The Council of the Southern Littoral calls on ..." names the speaker: its own act
    council = acts[(acts["actor"] == "Council of the Southern Littoral") & (acts["act"] == "call")]
    assert (council["subject"] == "Council of the Southern Littoral").any()
    targets = tables["targets"].set_index("actor")
    named = own[own["target_id"].notna()]  # the table names actors, not the heads of other targets
    condemned = named[(named["actor"] == "Veloria") & (named["act"] == "condemn")]["target"].value_counts()
    first = condemned.sort_index().sort_values(ascending=False, kind="stable")
    assert targets.loc["Veloria", "condemn"].startswith(f"{first.index[0]} ({first.iloc[0]})")


def test_the_page_escapes_every_string_from_the_data():
    hostile = tk.Corpus.from_texts(
        [
            "<script>alert(1)</script> We condemn the attack on the convoy. The convoy was attacked.",
            "We condemn <img src=x onerror=alert(2)> the convoy attack and the convoy.",
            "We welcome the talks. Talks and dialogue now.",
            "We support talks <b>bold</b> and more talks.",
        ],
        meta={"actor": ["<i>X</i>", "<i>X</i>", "Y & Z", "Y & Z"], "date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]},
    )
    page = tk.compare(hostile, "actor", n=3, n_boot=10, min_count=2).to_html()  # "convoy": twice in each of two
    for raw in ("<script>", "<img src=x", "<b>bold", "<i>X</i>"):
        assert raw not in page
    assert "&lt;i&gt;X&lt;/i&gt;" in page and "Y &amp; Z" in page
    assert "In context" in page and "<strong>convoy</strong>" in page


def test_the_page_has_every_section_aligned_numbers_and_unbroken_dates(comparison):
    page = tk.report_html(comparison, title="Demo")
    for anchor in ("summary", "keyness", "frames", "rhetoric", "speech_acts", "method"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page
    assert page.count("<img ") == 4 and page.count("data:image/png;base64,") == 4
    assert '<td class="num">1429</td>' in page  # Amaru's words, right-aligned
    assert '<td class="text nowrap">2024-03-12</td>' in page
    row = comparison.frames.query("group == 'Amaru' and frame == 'humanitarian'").iloc[0]
    share, low, high = (round(100 * row[c]) for c in ("share", "low", "high"))
    assert f'<td class="num">{share}<span class="ci">[{low}, {high}]</span></td>' in page  # percent with its interval
    assert "AMA_UNSC_2024-03" in page  # concordance lines name their statement
    # The same data gives the same page: no timestamp, no memory address.
    assert page == tk.report_html(comparison, title="Demo")
    assert not re.search(r"0x[0-9a-f]{6,}|\d\d:\d\d:\d\d", page)


def test_write_report_writes_tidy_csv_and_formatted_latex(comparison, tmp_path):
    written = tk.write_report(comparison, tmp_path / "out", title="Demo")
    names = sorted(p.name for p in written)
    assert "report.html" in names and not list((tmp_path / "out").glob(".*.tmp"))
    for name in ("summary", "keyness", "frames", "rhetoric", "speech_acts", "targets"):
        assert (tmp_path / "out" / f"{name}.tex").read_text().startswith("\\begin{tabular}")
    tidy = pd.read_csv(tmp_path / "out" / "keyness.csv")
    assert tidy["log_ratio"].to_numpy() == pytest.approx(comparison.keyness["log_ratio"].to_numpy())
    assert len(pd.read_csv(tmp_path / "out" / "acts.csv")) == len(comparison.acts)
    rates = pd.read_csv(tmp_path / "out" / "act_rates.csv", index_col=0)
    np.testing.assert_allclose(rates.to_numpy(), comparison.act_rates.to_numpy())
    latex = (tmp_path / "out" / "frames.tex").read_text()
    assert "Council of the Southern Littoral" in latex and "[" in latex
    page = (tmp_path / "out" / "report.html").read_text()
    assert '<a href="keyness.csv">keyness.csv</a>' in page
    assert '<a href="act_rates.csv">act_rates.csv</a>' in page


@pytest.fixture(scope="module")
def halves(demo):
    """The demo corpus in two periods of two meetings each: two statements per actor and period."""
    frame = demo.to_frame()
    frame["half"] = ["first" if d < "2024-07" else "second" for d in frame["date"]]
    return tk.Corpus(frame)


def test_periods_give_each_groups_key_terms_with_effect_sizes_per_period(halves):
    comparison = tk.compare(halves, "actor", over="half", n=4, n_boot=20, seed=1)
    key = tk.report_tables(comparison)["keyness"]
    assert list(key.columns[:4]) == ["half", "actor", "rank", "term"] and {"log ratio", "95% CI", "one statement"} <= set(key)
    panel = comparison.keyness.set_index(["period", "group", "feature"])
    for row in key.to_dict("records"):
        tidy = panel.loc[(row["half"], row["actor"], row["term"])]
        assert row["log ratio"] == f"{tidy['log_ratio']:.2f}" and row["rank"] == tidy["rank"] <= 4
        assert row["95% CI"] == f"[{tidy['log_ratio_low']:.2f}, {tidy['log_ratio_high']:.2f}]"
        assert row["in statements"] == tidy["n_docs_target"] == 2
    assert set(key["half"]) == {"first", "second"}
    page = comparison.to_html()
    # A card per period and group, with the effect sizes and intervals of the table and concordance lines.
    assert page.count("<h3>half: first</h3>") == 1 and page.count("<h3>half: second</h3>") == 1
    second = page[page.index("<h3>half: second</h3>"):page.index('<h2 id="frames">')]
    tessaly = key[(key["half"] == "second") & (key["actor"] == "Tessaly")].iloc[0]
    assert "<h4>Tessaly</h4>" in second and f'<td class="num">{tessaly["log ratio"]}</td>' in second
    low, high = tessaly["95% CI"].strip("[]").split(", ")
    assert f"[{low}, {high}]" in second
    # concordance lines from the statements of the period only (September and November)
    assert "In context" in second and re.search(r"TES_(UNGA|LKT)_2024-(09|11)", second)
    assert not re.search(r"_(UNSC|CSLM)_2024-0[35]", second)
    assert set(tk.report_figures(comparison)) == {"frames", "rhetoric", "speech_acts"}


def test_periods_and_groups_from_the_data_are_escaped_in_the_cards():
    texts = ["We condemn the convoy attack, the convoy.", "The convoy again, a convoy.", "Talks and talks now.",
             "More talks, talks."] * 2
    hostile = tk.Corpus.from_texts(texts, meta={"actor": ["<i>X</i>", "<i>X</i>", "Y & Z", "Y & Z"] * 2,
                                                "when": ["<b>early</b>"] * 4 + ["late"] * 4})
    page = tk.compare(hostile, "actor", over="when", n=2, n_boot=0, min_count=2).to_html()
    assert "<b>early</b>" not in page and "<i>X</i>" not in page
    assert "<h3>when: &lt;b&gt;early&lt;/b&gt;</h3>" in page and "<h4>&lt;i&gt;X&lt;/i&gt;</h4>" in page
    assert "<strong>convoy</strong>" in page  # the concordance lines of the period


def test_a_group_without_key_terms_in_a_period_says_so(demo):
    comparison = tk.compare(demo, "actor", over="venue", n=3, n_boot=0)  # one statement per actor and venue
    page = comparison.to_html()
    assert page.count("No key term: no term is used in 2 or more of its statements of this venue") == 24
    assert tk.report_tables(comparison)["keyness"].empty


def test_compare_logs_its_steps(demo, caplog):
    with caplog.at_level(logging.INFO, logger="toolkit"):
        tk.compare(demo.subset("actor == 'Amaru' or actor == 'Kestria'"), "actor", n=3, n_boot=0)
    steps = [r.getMessage() for r in caplog.records if r.name == "toolkit"]
    assert [s[:4] for s in steps] == ["1/5 ", "2/5 ", "3/5 ", "4/5 ", "5/5 "]


def test_report_functions_want_a_comparison():
    with pytest.raises(TypeError, match="'comparison' parameter of report_tables must be a Comparison"):
        tk.report_tables(pd.DataFrame())


def test_table_html_shows_text_whole_and_left_numbers_right():
    long = "We condemn the shelling of Ardesh by Kestrian forces, " * 3
    frame = pd.DataFrame({"doc_id": ["VEL_UNSC_2024-03", "x"], "sentence": [long, "<script>alert(1)</script>"],
                          "n": [3, 12], "share": [0.12345, float("nan")]})
    view = tk.table_html(frame, digits=2, caption="Acts")
    assert long.strip() in view.html  # whole, not cut at 50 characters
    assert "<script>" not in view.html and "&lt;script&gt;" in view.html
    cells = re.findall(r'<td style="([^"]*)">([^<]*)</td>', view.html)
    assert ("text-align:left;white-space:nowrap;vertical-align:top;max-width:40em", "VEL_UNSC_2024-03") in cells
    assert [v for style, v in cells if style.startswith("text-align:right")] == ["3", "0.12", "12", "–"]
    assert "Acts" in view.html and "first" not in view.html
    assert "2 rows, first 1 shown" in tk.table_html(frame, max_rows=1).html
    with pytest.raises(TypeError, match="'frame' parameter of table_html must be a pandas DataFrame"):
        tk.table_html([1, 2])


def test_speech_act_figure_and_table_show_rates_per_1000_words(demo, comparison, tables):
    import matplotlib.pyplot as plt

    fig = tk.report_figures(comparison)["speech_acts"]
    shown = fig.axes[0].images[0].get_array()
    # Independent: words per group counted here as the acts table counts them (tokens that are not punctuation).
    words = {}
    for doc, actor in zip(tk.spacy_docs(demo, level="entities"), demo.meta["actor"]):
        words[actor] = words.get(actor, 0) + sum(1 for t in doc if not (t.is_punct or t.is_space))
    n = pd.Series(words).reindex(comparison.speech_acts.index).to_numpy()
    expected = comparison.speech_acts.to_numpy() / n[:, None] * 1000
    np.testing.assert_allclose(np.asarray(shown), expected.round(2))
    assert "per 1,000 words" in fig.axes[0].get_title()
    plt.close("all")
    table = tables["speech_acts"].set_index("actor")
    group, act = comparison.speech_acts.stack().idxmax()
    count = comparison.speech_acts.loc[group, act]
    rate = count / words[group] * 1000
    assert table.loc[group, act] == f"{rate:.2f} ({count})"


def test_what_notebooks_display_of_a_hostile_statement_is_text():
    hostile = tk.Corpus.from_texts({"x<img src=y onerror=alert(1)>": "<script>alert(1)</script> We condemn it."},
                                   meta={"actor": ["<b>X</b>"]})
    shown = [
        hostile.to_frame()._repr_html_(),  # a DataFrame as Jupyter renders it
        hostile.meta._repr_html_(),
        tk.table_html(hostile.to_frame()).html,
        tk.kwic_html(tk.kwic(hostile, "condemn")).html,
    ]
    for html in shown:
        assert "<script>" not in html and "<img" not in html and "<b>X</b>" not in html
    assert "&lt;script&gt;" in shown[0] and "&lt;script&gt;" in shown[2]


def test_the_page_warns_about_few_statements_and_unsupported_key_terms(comparison, tmp_path):
    page = tk.report_html(comparison)
    assert "<b>Few statements:</b> the smallest group has 4" in page
    assert re.search(r"\d+ of these 5 terms with an adjusted p below 0.05", page)
    tiny = tk.Corpus.from_texts(["We condemn the attack.", "We welcome the talks.", "Peace now.", "We reject it."],
                                meta={"actor": ["A", "A", "B", "B"]})
    assert "None of these" in tk.compare(tiny, "actor", n=3, n_boot=10, min_docs=1, min_count=1).to_html()
    nothing = tk.compare(tiny, "actor", n=3, n_boot=10)
    assert "No key term: no term is used in 2 or more" in nothing.to_html()
    assert "keyness" not in tk.report_figures(nothing)  # no empty heatmap
    path = comparison.write_html(tmp_path / "page.html")  # a path in, the path out (not 400 kB of text)
    assert path == tmp_path / "page.html" and path.read_text(encoding="utf-8") == comparison.to_html()


def test_to_html_with_a_path_still_writes_the_page_with_a_deprecation_warning(comparison, tmp_path):
    with pytest.warns(DeprecationWarning, match=r"write_html\(path\)"):
        path = comparison.to_html(tmp_path / "page.html")
    assert path == tmp_path / "page.html" and path.read_text(encoding="utf-8") == comparison.to_html()


def test_many_groups_keep_the_key_term_heatmap_readable():
    import matplotlib.pyplot as plt

    words = ["aid", "law", "border", "talks", "trade", "water", "court", "troops", "grain", "ports", "rail", "oil",
             "fish", "salt"]
    texts, groups = [], []
    for k, word in enumerate(words):  # 14 groups, the last ones with more statements
        for _ in range(2 + (k >= 12)):
            texts.append(f"We speak of {word} and {word} again. We call for peace.")
            groups.append(f"Group{k:02d}")
    comparison = tk.compare(tk.Corpus.from_texts(texts, meta={"actor": groups}), "actor", n=2, n_boot=0, min_count=4)
    fig = tk.report_figures(comparison)["keyness"]
    shown = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(shown) == 12 and {"Group12", "Group13"} <= set(shown)  # the largest groups first
    plt.close("all")
    assert "the 12 groups with most statements of 14" in comparison.to_html()


def test_csv_tables_cannot_run_as_spreadsheet_formulas_unless_asked(tmp_path):
    hostile = tk.Corpus.from_texts(
        ["We support the talks and the talks again.", "Talks and dialogue, we support talks.",
         "We welcome the talks. Talks and dialogue now.", "We support talks and more talks."],
        meta={"actor": ["=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "@SUM(A1)"],
              "date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]},
    )
    comparison = tk.compare(hostile, "actor", n=3, n_boot=10)
    safe = tk.write_report(comparison, tmp_path / "safe")
    raw = tk.write_report(comparison, tmp_path / "raw", spreadsheet=False)
    for path in [p for p in safe if p.suffix == ".csv"]:
        for cell in (c for row in csv.reader(path.open(encoding="utf-8")) for c in row):
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
            if cell.startswith("-"):  # a negative number is a number, not a formula
                float(cell)
    summary = pd.read_csv(tmp_path / "safe" / "summary.csv")
    assert "'=HYPERLINK(\"http://x\")" in set(summary["actor"]) and "'@SUM(A1)" in set(summary["actor"])
    assert "=HYPERLINK(\"http://x\")" in set(pd.read_csv(tmp_path / "raw" / "summary.csv")["actor"])
    assert [p.name for p in safe] == [p.name for p in raw]


def test_spreadsheet_safe_by_hand():
    from toolkit._util.files import spreadsheet_safe

    table = pd.DataFrame({"text": ["=1+1", "+x", "-y", "@z", "\tt", "plain", None], "n": [-1.5, 2, 3, 4, 5, 6, 7]})
    out = spreadsheet_safe(table)
    assert out["text"].tolist()[:6] == ["'=1+1", "'+x", "'-y", "'@z", "'\tt", "plain"] and pd.isna(out["text"][6])
    assert out["n"].tolist() == table["n"].tolist() and table["text"][0] == "=1+1"  # input untouched
