"""Keyness of many groups at once, optionally per period, with effect sizes, bootstrap intervals and dispersion."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit._util.stats import (
    N_BOOT,
    adjust_p,
    bootstrap_weights,
    cluster_codes,
    cluster_sums,
    group_rng,
    percentile_interval,
    resolve_cluster,
)
from toolkit._util.validation import (ToolkitKeyError, check_choice, check_ci, check_column, check_int, check_type,
                                      describe_items, natural_sorted)
from toolkit.counts import DFM, check_counts
from toolkit.keywords.filters import is_artefact, name_mask, own_names, rests_on_one, statement_counts
from toolkit.keywords.statistics import (
    MEASURES,
    STAT_NAME,
    Correction,
    Measure,
    PAdjust,
    counts_as_int,
    keyness_arrays,
    keyness_order,
    log_ratio,
    name_ranks,
)

__all__ = ["keyness_panel"]


def gries_dp(counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Gries' deviation of proportions for each column of ``counts`` (documents x features).

    DP = 0.5 * sum_i |v_i / f - s_i|: 0 when a feature is spread over the documents in
    proportion to their sizes, near 1 when it is concentrated in one small document.
    """
    f = counts.sum(axis=0)
    s = sizes / sizes.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(f > 0, counts / f, np.nan)
    return 0.5 * np.abs(share - s[:, None]).sum(axis=0)


def _bootstrap_log_ratio(
    x_target: sp.csr_matrix,
    len_target: np.ndarray,
    x_reference: sp.csr_matrix,
    len_reference: np.ndarray,
    *,
    n_boot: int,
    ci: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the log ratio, resampling the rows (units) of each side with replacement."""
    w_t = bootstrap_weights(x_target.shape[0], n_boot, rng)
    w_r = bootstrap_weights(x_reference.shape[0], n_boot, rng)
    a = np.asarray((x_target.T @ w_t.T).T)
    b = np.asarray((x_reference.T @ w_r.T).T)
    total_a = (w_t @ len_target)[:, None]
    total_b = (w_r @ len_reference)[:, None]
    return percentile_interval(log_ratio(a, b, total_a, total_b), ci)


def keyness_panel(
    dfm: DFM,
    by: str,
    *,
    over: str | None = None,
    reference: str | None = None,
    measure: Measure = "chi2",
    correction: Correction = "default",
    n: int | None = None,
    features: Sequence[str] | None = None,
    min_docs: int = 2,
    min_count: int = 5,
    remove_names: bool = False,
    n_boot: int = N_BOOT,
    ci: float = 0.95,
    seed: int = 0,
    p_adjust: PAdjust = "bh",
    cluster: str | None = "auto",
) -> pd.DataFrame:
    """Return the keyness of every group against the rest (or a reference group), optionally per period.

    Each group (e.g. country) is compared with all other documents, or with the documents of
    the ``reference`` group, within the same period when ``over`` is given (e.g. country x
    decade). Besides the statistic, each row carries an effect size with a bootstrap
    confidence interval over documents and the feature's dispersion across the group's
    documents, so that a keyword driven by one speech is visible as such.

    A pooled statistic makes a word said five times in one speech key for its speaker, with a
    tiny p. So a group's list holds only the terms that at least ``min_docs`` of its statements
    use, ``min_count`` times in all, and a term whose keyness rests on one statement is
    flagged (``concentrated``). A *statement* is a document, or, when the DFM has a
    ``parent_id`` column (a corpus reshaped into paragraphs or sentences with
    :meth:`Corpus.reshape`), the statement the paragraphs come from: three paragraphs of one
    speech are one statement, whatever unit ``cluster`` resamples.

    Parameters
    ----------
    dfm : DFM
        Document counts (not grouped) with the metadata columns ``by`` and ``over``.
    by : str
        Metadata column defining the groups.
    over : str, optional
        Metadata column defining periods (e.g. ``decade``); groups are compared within each.
    reference : str, optional
        A value of ``by``: compare every other group with this one instead of with the rest.
    measure, correction
        As :func:`keyness`.
    n : int, optional
        Keep each group's ``n`` most key features (highest statistic); default all. Set it
        for large corpora: rows grow as groups x periods x features.
    features : list of str, optional
        Always report these features for every group (e.g. to follow terms over time), whether
        or not they pass ``min_docs``, ``min_count`` and ``remove_names``.
    min_docs : int
        List a feature for a group only when at least this many of the group's statements (in
        the period) use it. A group with fewer statements lists no features (a warning names
        it): with one statement, its key terms are that statement's topic; pass ``min_docs=1``
        to list them, all flagged ``concentrated``.
    min_count : int
        List a feature for a group only when the group uses it at least this many times (in the
        period). ``min_docs=0, min_count=0`` lists every feature, as :func:`keyness` does, also
        those the group never uses.
    remove_names : bool
        Leave out of each group's list the names it goes by: its label, the label's demonym
        ("Kestria": kestrian) and, when the label names an actor of the gazetteer
        (:func:`toolkit.actors`: "CHN", "China"), every form of that actor (china, chinese,
        beijing, prc); and, for every group, the transcription artefacts of
        ``toolkit/resources/artefacts.yaml`` (uh, um, applause, mr., "spoke in"; count its
        phrases as one feature with ``dfm(..., compounds=...)``). Other actors' names stay: whom
        a group speaks of is often what its key terms show. Default False here, so that the
        counts stay what the DFM holds; :func:`toolkit.compare` and the report set it.
    n_boot : int
        Bootstrap replicates for the log-ratio interval (0 to skip: the bounds are NaN).
    ci : float
        Confidence level of the interval.
    seed : int
        Seed of the bootstrap, for reproducible intervals. Each comparison draws from its own
        stream (seed and group label), so a group's interval does not change when other
        groups are added or removed.
    p_adjust : {"bonferroni", "bh"}
        Adjustment of p within each comparison (over all its features) in ``p_adj``.
    cluster : str or None
        The units the interval resamples whole (and counts in ``n_docs``): ``"auto"``, the
        metadata column ``parent_id`` when the DFM has it (a corpus split by
        :meth:`Corpus.reshape`: the paragraphs of one speech move together), else each
        document; a metadata column (e.g. ``"speaker"``); None or ``"none"``: every document is
        a unit, as if the paragraphs of one speech were independent statements. The statistic,
        its p and DP are computed from the documents as before.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``period`` (with ``over``), ``feature``, the statistic (as :func:`keyness`),
        ``p`` and ``p_adj`` (where defined), ``n_target``, ``n_reference``, ``log_ratio``,
        ``log_ratio_low``, ``log_ratio_high`` (bootstrap percentile interval; NaN for a group of
        one document, which has no variation to resample, and where ``n_target`` is 0: the log
        ratio of a feature the group never uses reflects only the others' use and the 0.5 offset
        of the zero count; :func:`plot_keyness_trajectory` draws it as "not used"), ``dp`` (Gries' deviation of
        proportions across the group's documents: 0 when spread in proportion to their sizes,
        at most 1 minus the smallest document's share when all in it; NaN for one document),
        ``n_docs`` (units in the group: statements, not their paragraphs), ``n_passages``
        (documents of the DFM in the group: paragraphs after ``reshape``, else equal to
        ``n_docs``), ``n_docs_target`` (statements of the group that use the feature: parents
        when the DFM has ``parent_id``), ``concentrated`` (True when the keyness rests on one
        statement: without the statement that uses the feature most, the rest of the group uses
        it no more often than the reference, by the log ratio; always True for a feature used
        in one statement), ``rank`` (1 = most key of the features listed; NaN for a requested
        feature that is not listed); sorted by period, group and rank. ``p_adj`` is adjusted
        over every feature of the comparison, listed or not, so that the filters do not lower
        it. ``attrs`` name ``cluster`` (the column used, or None).

    Raises
    ------
    KeyError
        If ``by`` or ``over`` is not a metadata column, or ``reference`` not a group.
    ValueError
        If the DFM is weighted or no group has a reference.

    Warns
    -----
    UserWarning
        Naming comparisons skipped because a period has no reference (a single group, or no
        document of ``reference``), comparisons in which no feature passes ``min_docs`` and
        ``min_count``, and requested features the DFM lacks.

    References
    ----------
    Gries, S. T. (2008). Dispersions and adjusted frequencies in corpora. International
    Journal of Corpus Linguistics, 13(4), 403-437.
    Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
    Statistical Society: Series B, 69(3), 369-390.

    Examples
    --------
    >>> import toolkit as tk
    >>> panel = tk.keyness_panel(tk.dfm(tk.demo_corpus()), "actor", n=3, n_boot=50)
    >>> panel.groupby("group").size().tolist()
    [3, 3, 3, 3, 3, 3]
    """
    check_counts(dfm, func="keyness_panel")
    check_choice(measure, MEASURES, name="measure", func="keyness_panel")
    check_choice(correction, ("default", "yates", "williams", "none"), name="correction", func="keyness_panel")
    check_choice(p_adjust, ("bonferroni", "bh"), name="p_adjust", func="keyness_panel")
    check_int(n_boot, name="n_boot", func="keyness_panel", minimum=0)
    check_int(seed, name="seed", func="keyness_panel", minimum=0)
    if n is not None:
        check_int(n, name="n", func="keyness_panel", minimum=1)
    check_ci(ci, func="keyness_panel")
    check_int(min_docs, name="min_docs", func="keyness_panel", minimum=0)
    check_int(min_count, name="min_count", func="keyness_panel", minimum=0)
    check_type(remove_names, bool, name="remove_names", func="keyness_panel", expected="True or False")
    unit = resolve_cluster(cluster, dfm.meta.columns, func="keyness_panel")
    panel = _Panel(dfm, by, over=over, reference=reference, features=features, unit=unit)
    panel.filters = {"min_docs": min_docs, "min_count": min_count, "remove_names": remove_names}
    options = {"measure": measure, "correction": correction, "p_adjust": p_adjust, "n": n, "n_boot": n_boot,
               "ci": ci, "seed": seed}
    frames, skipped, unlisted = [], [], []
    for period in panel.periods():
        for group in panel.groups(period):
            if group == reference:
                continue
            target, rest = panel.sides(group, period)
            if not rest.any():
                if over:
                    skipped.append(f"{group} in {period}")
                    continue
                raise ValueError(f"keyness_panel: {group!r} is the only group; there is no reference.")
            frames.append(panel.compare(group, period, target, rest, **options))
            if frames[-1]["rank"].isna().all():
                unlisted.append(f"{group} in {period}" if over else str(group))
    _warn_about(panel, skipped, features)
    _warn_unlisted(unlisted, min_docs=min_docs, min_count=min_count)
    if not frames:
        raise ValueError("keyness_panel: no group has a reference to be compared with.")
    return _assemble(frames, measure=measure, by=by, over=over, ci=ci, cluster=unit)


class _Panel:
    """The DFM's counts with its groups and periods; compares one group with its reference."""

    def __init__(self, dfm: DFM, by: str, *, over: str | None, reference: str | None,
                 features: Sequence[str] | None, unit: str | None = None) -> None:
        meta = dfm.meta
        for col in [by] + ([over] if over else []):
            check_column(col, meta.columns, owner="The DFM")
        self.by, self.over, self.reference = by, over, reference
        self.labels = meta[by].to_numpy(dtype=object)
        if reference is not None and reference not in set(self.labels):
            raise ToolkitKeyError(f"The 'reference' group {reference!r} is not a value of {by!r}.")
        self.period_of = meta[over].to_numpy(dtype=object) if over else np.full(len(meta), None, dtype=object)
        self.missing = pd.isna(self.labels) | (pd.isna(self.period_of) if over else False)
        if self.missing.any():
            warnings.warn(
                f"keyness_panel: {int(self.missing.sum())} document(s) with a missing {by!r}"
                f"{' or ' + repr(over) if over else ''} are left out: "
                f"{describe_items(np.asarray(dfm.docnames)[self.missing])}.",
                UserWarning,
                stacklevel=3,
            )
        self.x = dfm.matrix.tocsr().astype(float)
        self.lengths = dfm.doc_lengths().astype(float)
        self.features = dfm.features
        self.pos = {f: i for i, f in enumerate(self.features)}
        self.always = [self.pos[f] for f in (features or []) if f in self.pos]
        self.ranks = name_ranks(self.features)
        self.totals: dict[object, np.ndarray] = {}
        # The unit of each document (its statement after reshape); None: each document is one.
        self.units = meta[unit].to_numpy(dtype=object) if unit is not None else None
        # Statements for min_docs and concentrated: the speeches a reshaped corpus came from (parent_id), else
        # the documents, whatever unit the intervals resample (cluster="speaker" must not make a one-speaker
        # group's statements one, nor cluster=None make a speech's paragraphs several).
        self.statements = (cluster_codes(meta["parent_id"]) if "parent_id" in meta.columns
                           else np.arange(len(meta)))
        self.filters = {"min_docs": 0, "min_count": 0, "remove_names": False}
        self.names: dict[object, np.ndarray] = {}  # per group: its own names and the artefacts, found once
        self.artefacts: np.ndarray | None = None

    def unit_totals(self, rows: np.ndarray, cols: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
        """Counts of ``cols`` and lengths summed per unit over the documents ``rows`` (a mask)."""
        x, lengths = self.x[np.flatnonzero(rows)][:, cols], self.lengths[rows]
        if self.units is None:
            return x, lengths
        codes = cluster_codes(self.units[rows])
        return cluster_sums(x, codes), cluster_sums(lengths[:, None], codes)[:, 0]

    def periods(self) -> list:
        return [None] if not self.over else natural_sorted(pd.unique(self.period_of[~self.missing]))

    def in_period(self, period: object) -> np.ndarray:
        return ~self.missing & ((self.period_of == period) if self.over else True)

    def groups(self, period: object) -> list:
        return natural_sorted(pd.unique(self.labels[self.in_period(period)]))

    def sides(self, group: object, period: object) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the group's documents and of its reference's (the rest, or the reference group) in the period."""
        here = self.in_period(period)
        target = here & (self.labels == group)
        others = (self.labels == self.reference) if self.reference is not None else (self.labels != group)
        return target, here & others

    def compare(self, group: object, period: object, target: np.ndarray, rest: np.ndarray, *, measure: str,
                correction: str, p_adjust: str, n: int | None, n_boot: int, ci: float, seed: int) -> pd.DataFrame:
        """The group's rows: its top ``n`` features (and the requested ones) with statistics, interval and DP."""
        xt = self.x[np.flatnonzero(target)]
        a = np.asarray(xt.sum(axis=0)).ravel()
        if self.reference is None:
            if period not in self.totals:
                self.totals[period] = np.asarray(self.x[np.flatnonzero(self.in_period(period))].sum(axis=0)).ravel()
            b = self.totals[period] - a
        else:
            b = np.asarray(self.x[np.flatnonzero(rest)].sum(axis=0)).ravel()
        columns = keyness_arrays(
            self.features, a, b, measure=measure, correction=correction, prior="pooled", prior_scale=1.0, beta=2.0
        )
        if "p" in columns:
            columns = {**columns, "p_adj": adjust_p(columns["p"], p_adjust)}
        per_statement = statement_counts(xt, self.statements[target])
        listed = self._listed(group, a, per_statement)
        cols, rank = self._rows(columns[STAT_NAME[measure]], columns.get("p"), a, b, n, listed)
        keep = pd.DataFrame({"feature": [self.features[i] for i in cols], **{k: v[cols] for k, v in columns.items()}})
        keep["rank"] = rank
        n_units = len(set(cluster_codes(self.units[target]))) if self.units is not None else int(target.sum())
        if n_boot > 0 and len(cols) and n_units > 1:
            low, high = _bootstrap_log_ratio(
                *self.unit_totals(target, cols), *self.unit_totals(rest, cols),
                n_boot=n_boot, ci=ci, rng=group_rng(seed, group, period),  # its own stream: other groups do not move it
            )
        else:
            low = high = np.full(len(cols), np.nan)
        keep["log_ratio_low"] = low
        keep["log_ratio_high"] = high
        # A feature the group never uses has a zero count in every resample too: its bounds would
        # only restate the 0.5 offset of the log ratio's zero count, not an uncertainty of use.
        keep.loc[keep["n_target"] == 0, ["log_ratio_low", "log_ratio_high"]] = np.nan
        # One document: no variation to resample, no dispersion to measure.
        keep["dp"] = gries_dp(xt[:, cols].toarray(), self.lengths[target]) if len(cols) and target.sum() > 1 else np.nan
        keep["n_docs"] = n_units
        keep["n_passages"] = int(target.sum())
        used = per_statement[:, cols].toarray()
        keep["n_docs_target"] = (used > 0).sum(axis=0)
        sizes = np.bincount(np.unique(self.statements[target], return_inverse=True)[1], weights=self.lengths[target])
        keep["concentrated"] = rests_on_one(used, sizes, b[cols], b.sum())
        keep.insert(0, "group", group)
        if self.over:
            keep.insert(1, "period", period)
        return keep

    def _listed(self, group: object, a: np.ndarray, per_statement: sp.csr_matrix) -> np.ndarray:
        """Which features the group's list may hold: used by enough statements, often enough, and not names."""
        used_by = np.asarray((per_statement > 0).sum(axis=0)).ravel()
        listed = (used_by >= self.filters["min_docs"]) & (a >= self.filters["min_count"])
        if self.filters["remove_names"]:
            if group not in self.names:
                if self.artefacts is None:
                    self.artefacts = is_artefact(self.features)
                self.names[group] = self.artefacts | name_mask(self.features, own_names(group))
            listed &= ~self.names[group]
        return listed

    def _rows(self, values: np.ndarray, p: np.ndarray | None, a: np.ndarray, b: np.ndarray,
              n: int | None, listed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Columns of the top ``n`` listed features in keyness order, then the requested ones; and their ranks."""
        present = np.flatnonzero(((a + b) > 0) & listed)
        p = p if p is not None else np.zeros(len(values))
        order = present[keyness_order(values[present], p[present], a[present], self.ranks[present])]
        top = order if n is None else order[:n]
        extra = np.array([i for i in self.always if i not in set(top.tolist())], dtype=np.int64)
        rank = np.arange(1, len(top) + 1, dtype=float)
        if len(extra):
            # Rank of a requested feature among the features listed; a feature not listed (absent,
            # too rare, a name) has no rank.
            position = {int(i): k + 1 for k, i in enumerate(order)}
            rank = np.concatenate([rank, [float(position.get(int(i), np.nan)) for i in extra]])
        return np.concatenate([top, extra]).astype(np.int64), rank


def _warn_about(panel: _Panel, skipped: list[str], features: Sequence[str] | None) -> None:
    if skipped:
        warnings.warn(
            f"keyness_panel: {len(skipped)} comparison(s) skipped for want of a reference in the period: "
            f"{describe_items(skipped)}.",
            UserWarning,
            stacklevel=3,
        )
    unknown = [f for f in (features or []) if f not in panel.pos]
    if unknown:
        warnings.warn(
            f"keyness_panel: requested feature(s) not in the DFM: {describe_items(unknown)} "
            "(features are lower-cased; stopwords are removed unless dfm(remove_stopwords=False)).",
            UserWarning,
            stacklevel=3,
        )


def _warn_unlisted(unlisted: list[str], *, min_docs: int, min_count: int) -> None:
    if unlisted:
        warnings.warn(
            f"keyness_panel: {len(unlisted)} comparison(s) list no feature, none being used in {min_docs} or more "
            f"of the group's statements and {min_count} or more times: {describe_items(unlisted)}. Lower min_docs "
            "or min_count to list them (a feature of one statement is flagged as concentrated).",
            UserWarning,
            stacklevel=3,
        )


def _assemble(frames: list[pd.DataFrame], *, measure: str, by: str, over: str | None, ci: float,
              cluster: str | None) -> pd.DataFrame:
    out = pd.concat(frames, ignore_index=True)
    stat = STAT_NAME[measure]
    if "log_ratio" not in out.columns:  # measure="logratio": the statistic is the effect size
        out["log_ratio"] = out[stat]
    order = ["group"] + (["period"] if over else []) + ["feature", stat]
    order += [c for c in ("p", "p_adj") if c in out.columns]
    order += ["n_target", "n_reference"] + (["log_ratio"] if stat != "log_ratio" else [])
    order += ["log_ratio_low", "log_ratio_high", "dp", "n_docs", "n_passages", "n_docs_target", "concentrated", "rank"]
    out = counts_as_int(out[order].copy())
    out.attrs.update({"measure": measure, "statistic": stat, "by": by, "over": over, "ci": ci, "cluster": cluster})
    return out
