"""The report's tables, formatted for reading and for papers: cells are text, numbers with their intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.keywords.statistics import stat_column
from toolkit.report.format import (
    ComparisonLike,
    check_comparison,
    interval,
    PARENT,
    num,
    own_terms,
    p_text,
    sorted_by_group,
    statements_of,
    with_ci,
)
from toolkit.rhetoric import RHETORIC_LABELS, is_own_act

__all__ = ["report_tables"]

# Acts shown in "who acts on whom", in this order, when found.
_TARGET_ACTS = ("condemn", "call", "reject", "warn", "support", "concern")


def _summary_table(comparison: ComparisonLike) -> pd.DataFrame:
    summary, by = comparison.summary, comparison.by
    cluster = comparison.settings.get("cluster")
    rows = []
    for group, part in summary.groupby(by, sort=False):
        # After Corpus.reshape the rows are passages: a statement is a parent, with all its words.
        split = PARENT in part.columns
        words = part.groupby(PARENT)["words"].sum() if split else part["words"]
        row = {by: group, "statements": statements_of(part)}
        if split:
            row["passages"] = len(part)
        if cluster is not None and cluster != PARENT:
            row[f"{cluster} (resampled)"] = int(part[cluster].nunique())
        row.update({
            "words": int(part["words"].sum()),
            "sentences": int(part["sentences"].sum()),
            "words per statement (median)": int(round(float(words.median()))),
        })
        for col in ("date", "year"):
            if col in part.columns:
                values = sorted(str(v) for v in part[col] if pd.notna(v) and str(v).strip())
                row["first"], row["last"] = (values[0], values[-1]) if values else ("–", "–")
                break
        if "speaker" in part.columns and by != "speaker":
            row["speakers"] = int(part["speaker"].replace("", np.nan).nunique())
        rows.append(row)
    out = pd.DataFrame(rows)
    return sorted_by_group(out, by)


# Decimals of each statistic in the key-term table: chi2 and G2 run to the hundreds, scaled F lies in [0, 1].
_STAT_DIGITS = {"chi2": 1, "G2": 1, "z": 2, "pmi": 2, "or": 2, "scaledf": 3}


def _key_terms_table(comparison: ComparisonLike) -> pd.DataFrame:
    """Each group's own key terms (per period, with ``over``): counts, effect size with its interval,
    statistic, adjusted p, dispersion, how many statements use the term and whether it rests on one."""
    key = own_terms(comparison)
    stat = stat_column(key)
    level = int(round(100 * key.attrs.get("ci", 0.95)))
    columns = {comparison.over: key["period"].to_numpy()} if "period" in key.columns else {}
    columns.update({
        comparison.by: key["group"].to_numpy(),
        "rank": key["rank"].astype(int).to_numpy(),
        "term": key["feature"].to_numpy(),
        "in group": key["n_target"].astype(int).to_numpy(),
        "in others": key["n_reference"].astype(int).to_numpy(),
        "in statements": key["n_docs_target"].astype(int).to_numpy() if "n_docs_target" in key.columns else "–",
        "log ratio": [num(v, 2) for v in key["log_ratio"]],
        f"{level}% CI": [interval(lo, hi, 2) for lo, hi in zip(key["log_ratio_low"], key["log_ratio_high"])],
    })
    if stat != "log_ratio":  # measure="logratio": the statistic is the log ratio already shown
        # An odds ratio is infinite for a term only the group uses: "∞", not the "–" of a missing value.
        columns[stat] = [("∞" if v > 0 else "-∞") if np.isinf(v) else num(v, _STAT_DIGITS.get(stat, 2)) for v in key[stat]]
    columns["p (adj.)"] = [p_text(v) for v in key["p_adj"]] if "p_adj" in key.columns else "–"
    columns["DP"] = [num(v, 2) for v in key["dp"]]
    # "yes" where the term's keyness rests on one statement (keyness_panel's ``concentrated``).
    columns["one statement"] = ["yes" if v else "" for v in key["concentrated"]] if "concentrated" in key.columns else ""
    return pd.DataFrame(columns)


def _frames_table(comparison: ComparisonLike) -> pd.DataFrame:
    shares, by, over = comparison.frames, comparison.by, comparison.over
    index = ["group"] + (["period"] if "period" in shares.columns else [])
    cells = shares.assign(cell=[with_ci(v, lo, hi, 0, 100) for v, lo, hi in zip(shares["share"], shares["low"], shares["high"])])
    table = cells.pivot(index=index, columns="frame", values="cell").reindex(columns=list(dict.fromkeys(shares["frame"])))
    table.columns.name = None
    return table.reset_index().rename(columns={"group": by, "period": over})


def _rhetoric_table(comparison: ComparisonLike) -> pd.DataFrame:
    profile, by = comparison.rhetoric, comparison.by
    measures = list(dict.fromkeys(profile["measure"]))
    cells = profile.assign(cell=[
        with_ci(v, lo, hi, 2 if m == "vader_compound" else 1)
        for m, v, lo, hi in zip(profile["measure"], profile["value"], profile["low"], profile["high"])
    ])
    table = cells.pivot(index="group", columns="measure", values="cell").reindex(columns=measures)
    table = table.rename(columns=lambda m: RHETORIC_LABELS.get(m, m.replace("_per_1k", "").replace("_", " ")))
    table.columns.name = None
    return table.reset_index().rename(columns={"group": by})


def _speech_acts_table(comparison: ComparisonLike) -> pd.DataFrame:
    """Per group and act: the rate per 1,000 words, then the count in brackets ("0.42 (3)")."""
    counts, rates = comparison.speech_acts, comparison.act_rates
    if counts.empty:
        return pd.DataFrame({comparison.by: []})
    if rates is None or rates.empty:
        table = counts.copy()
    else:
        rates = rates.reindex(index=counts.index, columns=counts.columns)
        table = pd.DataFrame(
            [[f"{num(r, 2)} ({int(c)})" for r, c in zip(rates.loc[g], counts.loc[g])] for g in counts.index],
            index=counts.index, columns=counts.columns,
        )
    table.columns.name = None
    table.index.name = comparison.by
    return table.reset_index()


def _own_acts(comparison: ComparisonLike) -> pd.DataFrame:
    acts = comparison.acts
    if acts is None or acts.empty:
        return pd.DataFrame(columns=["act", "target", comparison.by])
    return acts[is_own_act(acts, by=comparison.by, speaker=comparison.speaker)]


def _targets_table(comparison: ComparisonLike) -> pd.DataFrame:
    """Per group and act, the actors it is performed on most often, with counts: targets that name an
    actor (itself, its owner or its agent: ``target_id``), not the head of what is acted upon."""
    own, by = _own_acts(comparison), comparison.by
    shown = [a for a in _TARGET_ACTS if a in set(own["act"])]
    named = own["target_id"].notna() if "target_id" in own.columns else own["target"].notna()
    rows = []
    for group, part in own.assign(_named=named).groupby(by, sort=False):
        row = {by: group}
        for act in shown:
            targets = part.loc[(part["act"] == act) & part["_named"], "target"]
            counts = targets.value_counts()
            counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
            row[act] = "; ".join(f"{t} ({c})" for t, c in counts.head(3).items()) or "–"
        rows.append(row)
    if not rows:
        return pd.DataFrame({by: []})
    out = pd.DataFrame(rows)
    return sorted_by_group(out, by)


def report_tables(comparison: ComparisonLike) -> dict[str, pd.DataFrame]:
    """Return the report's tables, formatted for reading and for papers, by name.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`toolkit.compare`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``summary`` (per group: statements, passages when the corpus was split by
        ``Corpus.reshape`` (the statements are then the parents), words, sentences, median
        words per statement, first and last date, speakers), ``keyness`` (each group's own key
        terms, per period with ``over``: rank, counts in the group and in the others, how many
        of its statements use the term, log ratio with its interval, the statistic, adjusted
        p, Gries' DP, and "yes" under "one statement" where the keyness rests on one
        statement), ``frames``
        (percentage of sentences using each frame, with its interval), ``rhetoric`` (rates per
        1,000 words and tone, with intervals), ``speech_acts`` (acts each group performs
        itself: per 1,000 of its words, the count in brackets) and ``targets`` (on whom it performs them most often). Cells are text.

    Examples
    --------
    >>> import toolkit as tk
    >>> tables = tk.report_tables(tk.compare(tk.demo_corpus(), "actor", n=5, n_boot=20))
    >>> sorted(tables)
    ['frames', 'keyness', 'rhetoric', 'speech_acts', 'summary', 'targets']
    """
    check_comparison(comparison, func="report_tables")
    return {
        "summary": _summary_table(comparison),
        "keyness": _key_terms_table(comparison),
        "frames": _frames_table(comparison),
        "rhetoric": _rhetoric_table(comparison),
        "speech_acts": _speech_acts_table(comparison),
        "targets": _targets_table(comparison),
    }
