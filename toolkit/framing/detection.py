"""Frames per sentence and statement from a dictionary, and group comparisons with uncertainty over statements."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from toolkit._util.stats import (
    N_BOOT,
    adjust_p,
    bootstrap_ratio,
    bootstrap_weights,
    cluster_bootstrap_ratio,
    cluster_codes,
    cluster_sums,
    group_rng,
    percentile_interval,
    ratio_t_interval,
    resolve_cluster,
)
from toolkit._util.validation import ToolkitKeyError, check_choice, check_ci, check_int, describe_items
from toolkit.corpus import Corpus, as_corpus, meta_records
from toolkit.framing.dictionaries import load_dictionary
from toolkit.lexicon import Lexicon
from toolkit.nlp import load_pipeline, spacy_docs

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["FrameResult", "frames"]


@dataclass(frozen=True)
class FrameResult:
    """Frames found in a corpus (see :func:`frames`).

    Attributes
    ----------
    sentences : pandas.DataFrame
        One row per sentence and frame found in it: ``doc_id``, ``sent_id``, ``frame``,
        ``terms`` (the matched words, "; "-separated), ``sentence``, then the metadata.
    documents : pandas.DataFrame
        One row per statement and frame: ``doc_id``, ``frame``, ``count`` (matches),
        ``per_1k`` (per 1,000 words), ``share`` (of the statement's sentences that use the
        frame), ``dominant`` (the frame with the largest share in the statement), then the
        metadata.
    indicators : pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_id``, ``sentence``, the metadata and one 0/1
        column per frame; the data behind :meth:`compare`.
    """

    sentences: pd.DataFrame
    documents: pd.DataFrame
    indicators: pd.DataFrame
    frames: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The tidy table of the result: one row per statement and frame (``documents``)."""
        return self.documents

    def compare(
        self,
        by: str | Sequence[str],
        *,
        over: str | None = None,
        n_boot: int = N_BOOT,
        ci: float = 0.95,
        seed: int = 0,
        interval: Literal["percentile", "t"] = "percentile",
        cluster: str | None = "auto",
    ) -> pd.DataFrame:
        """Return, per group and frame, the share of sentences using the frame with an interval over statements.

        Parameters
        ----------
        by : str
            Metadata column defining the groups, e.g. ``"actor"``. (A list of columns, the old
            way of asking for periods, still works but is deprecated: use ``over``.)
        over : str, optional
            Metadata column defining periods (e.g. ``"year"``): shares per group and period.
        n_boot : int
            Bootstrap replicates: the statements of each group are resampled with replacement,
            whole (a cluster bootstrap: the sentences of one statement are not independent).
            0 for no interval; a group of one statement has none either (``low`` and ``high``
            are NaN). Percentile intervals are too narrow with few statements (in simulation
            a 95% interval covered about 80% with 4 statements per group, 90% with 10): below
            about ten, read them as descriptive and test differences with :meth:`difference`'s
            permutation p.
        ci : float
            Confidence level.
        seed : int
            Seed, for reproducible intervals.
        interval : {"percentile", "t"}
            ``percentile``: the bootstrap above. ``t``: the share plus or minus a t quantile with
            G - 1 degrees of freedom times its linearised standard error over the G statements
            (the ratio estimator's cluster-robust interval, clipped to 0-100%): wider, and closer
            to its nominal level with few statements (in the same simulation about 89% at 4
            statements, 93% at 10); it ignores ``n_boot`` and ``seed``.
        cluster : str or None
            The units resampled whole (and counted in ``n_docs``): ``"auto"``, ``parent_id``
            when the corpus was split by :meth:`Corpus.reshape` (the paragraphs of one statement
            move together, as do the sentences of a paragraph), else each statement; a metadata
            column (e.g. ``"speaker"``); None or ``"none"``: every document is a unit, as if the
            paragraphs of one speech were independent statements (intervals too narrow).

        Returns
        -------
        pandas.DataFrame
            ``group``, ``period`` (with ``over``), ``frame``, ``share``, ``low``, ``high``,
            ``n_sentences``, ``n_docs`` (the units resampled: statements, not their paragraphs),
            ``n_passages`` (the documents of the corpus in them: paragraphs or sentences after
            ``reshape``, else equal to ``n_docs``); ``attrs`` name ``by``, ``over``, ``ci`` and
            ``cluster`` (the column used, or None). (With the deprecated list ``by``, one column
            per name in it instead of ``group``.)

        References
        ----------
        Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust
        inference. Journal of Human Resources, 50(2), 317-372.
        Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
        Statistical Society: Series B, 69(3), 369-390.
        """
        keys, names = self._keys(by, over)
        data = self._groups(keys)
        check_int(n_boot, name="n_boot", func="FrameResult.compare", minimum=0)
        check_ci(ci, func="FrameResult.compare")
        check_choice(interval, ("percentile", "t"), name="interval", func="FrameResult.compare")
        unit = resolve_cluster(cluster, self.indicators.columns, func="FrameResult.compare")
        rows = []
        for group, part in sorted(data.groupby(keys), key=lambda kv: tuple(map(str, kv[0]))):
            x = part[list(self.frames)].to_numpy(dtype=float)
            codes = _unit_codes(part, unit)
            counts, sizes = _unit_totals(part, self.frames, codes)
            if interval == "t" and len(sizes) > 1:
                low, high = ratio_t_interval(counts, sizes, ci, upper=1.0)
            elif interval == "percentile" and n_boot and len(sizes) > 1:
                rng = group_rng(seed, *group)  # the group's own stream: other groups do not move its interval
                low, high = percentile_interval(cluster_bootstrap_ratio(x, np.ones(len(x)), codes, n_boot, rng), ci)
            else:  # one unit has no variation between units to resample
                low = high = np.full(len(self.frames), np.nan)
            label = dict(zip(names, group))
            for j, frame in enumerate(self.frames):
                rows.append({**label, "frame": frame, "share": x[:, j].mean(), "low": low[j], "high": high[j],
                             "n_sentences": len(x), "n_docs": len(sizes), "n_passages": part["doc_id"].nunique()})
        out = pd.DataFrame(rows)
        out.attrs.update({"by": by, "over": over, "ci": ci, "cluster": unit})
        return out

    @staticmethod
    def _keys(by: str | Sequence[str], over: str | None) -> tuple[list[str], list[str]]:
        """The metadata columns to group by, and the names of the result's columns for them."""
        if isinstance(by, str):
            if over is not None and over == by:
                raise ValueError(f"FrameResult.compare: over= must be another column than by= ({by!r}).")
            return [by] + ([over] if over else []), ["group"] + (["period"] if over else [])
        keys = list(by)
        if over is not None:
            raise ValueError("FrameResult.compare: pass one column as by= with over=, not a list of columns.")
        hint = (f"compare({keys[0]!r}{f', over={keys[1]!r}' if len(keys) > 1 else ''})" if len(keys) <= 2 else
                "for more than two columns, combine them into one first")
        warnings.warn(
            f"FrameResult.compare(by={keys!r}) is deprecated: pass the group column as by= and the period column "
            f"as over= ({hint}); the result then names them 'group' and 'period'.",
            DeprecationWarning,
            stacklevel=3,
        )
        return keys, keys

    def difference(
        self,
        by: str,
        a: object,
        b: object,
        *,
        n_boot: int = N_BOOT,
        n_perm: int = 2000,
        ci: float = 0.95,
        seed: int = 0,
        cluster: str | None = "auto",
        p_adjust: Literal["bh", "holm", "bonferroni"] | None = "bh",
    ) -> pd.DataFrame:
        """Return, per frame, group ``a``'s share of sentences minus group ``b``'s, with an interval and a permutation p.

        Parameters
        ----------
        by : str
            Metadata column defining the groups.
        a, b :
            The two groups to compare.
        n_boot : int
            Bootstrap replicates for the interval of the difference (each group's units
            resampled whole, separately; NaN when a group has one unit).
        n_perm : int
            Permutations of the units' group labels for the two-sided p-value (the sentences
            of a unit move together, as in the interval).
        ci : float
            Confidence level.
        seed : int
            Seed for both.
        cluster : str or None
            The units resampled and permuted whole, as in :meth:`compare`: by default the
            statements (``parent_id`` after :meth:`Corpus.reshape`, so that splitting speeches
            into paragraphs does not shrink the p-value); None or ``"none"``: every document.
            A unit with documents in both groups is split in two parts, each a unit of its
            own (with a warning): the test then treats them as independent, which they are not.
        p_adjust : {"bh", "holm", "bonferroni"} or None
            Adjustment of the p-values for testing every frame at once, in ``p_adj``: with ten
            frames, one of them reaches p < 0.05 by chance alone more often than not.
            ``bh``: Benjamini-Hochberg's false discovery rate; ``holm``: Holm's step-down
            control of the family-wise error rate (as Bonferroni, never less powerful);
            ``bonferroni``; None: no ``p_adj`` column.

        Returns
        -------
        pandas.DataFrame
            ``frame``, ``share_a``, ``share_b``, ``difference``, ``low``, ``high``, ``p``
            (permutation, two-sided, with the +1 correction of Phipson & Smyth 2010), ``p_adj``
            (``p`` adjusted across the frames; unless ``p_adjust=None``), ``a``, ``b``; ``attrs``
            name ``by``, ``ci`` and ``p_adjust``.

        References
        ----------
        Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
        Statistical Applications in Genetics and Molecular Biology, 9(1).
        Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
        Statistical Society: Series B, 69(3), 369-390.
        Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
        powerful approach to multiple testing. Journal of the Royal Statistical Society B, 57(1),
        289-300.
        Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
        Journal of Statistics, 6(2), 65-70.
        """
        data = self._groups([by])
        check_int(n_boot, name="n_boot", func="FrameResult.difference", minimum=0)
        check_int(n_perm, name="n_perm", func="FrameResult.difference", minimum=1)
        check_ci(ci, func="FrameResult.difference")
        unit = resolve_cluster(cluster, self.indicators.columns, func="FrameResult.difference")
        if p_adjust is not None:
            check_choice(p_adjust, ("bh", "holm", "bonferroni"), name="p_adjust", func="FrameResult.difference")
        groups = set(data[by])
        for g in (a, b):
            if g not in groups:
                raise ToolkitKeyError(f"FrameResult.difference: {g!r} is not a value of {by!r}.")
        part_a, part_b = data[data[by] == a], data[data[by] == b]
        if a != b:  # a group compared with itself shares every unit, and its p is 1 regardless
            _warn_split_units(part_a, part_b, unit)
        ca, sa = _unit_totals(part_a, self.frames, _unit_codes(part_a, unit))
        cb, sb = _unit_totals(part_b, self.frames, _unit_codes(part_b, unit))
        rng = np.random.default_rng(seed)
        share_a, share_b = ca.sum(axis=0) / sa.sum(), cb.sum(axis=0) / sb.sum()
        observed = share_a - share_b
        if n_boot and len(sa) > 1 and len(sb) > 1:
            boot = (bootstrap_ratio(ca, sa, bootstrap_weights(len(sa), n_boot, rng))
                    - bootstrap_ratio(cb, sb, bootstrap_weights(len(sb), n_boot, rng)))
            low, high = percentile_interval(boot, ci)
        else:
            low = high = np.full(len(self.frames), np.nan)
        # Units (statements), not sentences or paragraphs, swap groups: a unit's sentences stay together.
        counts, sizes = np.vstack([ca, cb]), np.r_[sa, sb]
        exceed = np.zeros(len(self.frames))
        for _ in range(n_perm):
            idx = rng.permutation(len(sizes))
            first, second = idx[: len(sa)], idx[len(sa):]
            diff = counts[first].sum(axis=0) / sizes[first].sum() - counts[second].sum(axis=0) / sizes[second].sum()
            exceed += np.abs(diff) >= np.abs(observed) - 1e-12
        out = pd.DataFrame(
            {
                "frame": list(self.frames),
                "share_a": share_a,
                "share_b": share_b,
                "difference": observed,
                "low": low,
                "high": high,
                "p": (exceed + 1) / (n_perm + 1),
            }
        )
        if p_adjust is not None:
            # The family is the frames of this one comparison: each frame is a test of the same pair.
            out["p_adj"] = adjust_p(out["p"].to_numpy(), p_adjust)
        out = out.assign(a=a, b=b)
        out.attrs.update({"by": by, "ci": ci, "p_adjust": p_adjust})
        return out

    def _groups(self, keys: list[str]) -> pd.DataFrame:
        for key in keys:
            if key not in self.indicators.columns:
                raise ToolkitKeyError(
                    f"The frames have no metadata column {key!r} "
                    f"(columns: {', '.join(map(repr, self.indicators.columns))})."
                )
        data = self.indicators
        missing = data[keys].isna().any(axis=1)
        if missing.any():
            warnings.warn(
                f"{int(missing.sum())} sentence(s) with a missing {' or '.join(map(repr, keys))} are left out.",
                UserWarning,
                stacklevel=3,
            )
        return data[~missing]


def _unit_codes(part: pd.DataFrame, unit: str | None) -> np.ndarray:
    """The unit of each sentence: its value of the ``cluster`` column, or its document (never less than a document)."""
    if unit is None:
        return cluster_codes(part["doc_id"])
    # A document without a value is a unit of its own, with all its sentences (not one unit per sentence).
    labels = part[unit].astype(object)
    return cluster_codes(labels.where(labels.notna(), "\x1f" + part["doc_id"].astype(str)))


def _unit_totals(part: pd.DataFrame, frames: Sequence[str], codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: sentences using each frame (units x frames), and sentences in all."""
    counts = cluster_sums(part[list(frames)].to_numpy(dtype=float), codes)
    return counts, cluster_sums(np.ones((len(part), 1)), codes)[:, 0]


def _warn_split_units(part_a: pd.DataFrame, part_b: pd.DataFrame, unit: str | None) -> None:
    """Warn when a unit has documents in both groups compared: its two parts are then taken as independent."""
    key = unit or "doc_id"
    shared = set(part_a[key].dropna()) & set(part_b[key].dropna())
    if shared:
        warnings.warn(
            f"FrameResult.difference: {len(shared)} unit(s) of {key!r} have documents in both groups "
            f"({describe_items(sorted(map(str, shared)))}); each part counts as a unit of its own, so the interval "
            "and p treat the parts of one statement as independent.",
            UserWarning,
            stacklevel=3,
        )


def frames(
    corpus: Corpus,
    dictionary: Lexicon | str | Path | None = None,
    *,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> FrameResult:
    """Return the frames each sentence and statement uses, from a frame dictionary.

    A sentence uses a frame when it contains one of the frame's terms (word forms, phrases,
    lemmas, prefixes; exclusions such as "Security Council" for the security frame do not
    count). By default the toolkit's frame dictionary for diplomatic and conflict discourse:
    security, humanitarian, legal, diplomacy, sovereignty, violence, economy, regional,
    accountability and history.

    Parameters
    ----------
    corpus : Corpus
    dictionary : Lexicon, path or None
        A dictionary (see :func:`load_dictionary`), a file, or None for the built-in frames.
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"tags"``).

    Returns
    -------
    FrameResult
        ``.sentences``, ``.documents``, ``.indicators``, ``.compare(by=...)`` and
        ``.difference(by, a, b)``.

    References
    ----------
    Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm. Journal of
    Communication, 43(4), 51-58.
    Boydstun, A. E. et al. (2014). Tracking the development of media frames within and across
    policy issues. APSA Annual Meeting.

    Examples
    --------
    >>> import toolkit as tk
    >>> result = tk.frames(tk.Corpus.from_texts(["Aid convoys must reach civilians. Talks resume."]))
    >>> result.sentences[["sent_id", "frame", "terms"]].values.tolist()
    [[1, 'humanitarian', 'aid convoys; civilians'], [2, 'diplomacy', 'talks']]
    """
    corpus = as_corpus(corpus, func="frames")
    if dictionary is None:
        dictionary = load_dictionary("frames")
    elif not isinstance(dictionary, Lexicon):
        dictionary = load_dictionary(dictionary)
    nlp = load_pipeline(model)
    names = tuple(c.name for c in dictionary)
    rows = FrameRows(names, corpus.meta_columns)
    records = meta_records(corpus)
    for i, doc in enumerate(spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)):
        sents = statement_sentences(doc)
        starts = np.array([s.start for s in sents])
        per_sentence: dict[tuple[int, str], list[str]] = {}
        counts = dict.fromkeys(names, 0)
        for frame, spans in dictionary.matches(doc, nlp).items():
            counts[frame] = len(spans)
            for span in spans:
                k = int(np.searchsorted(starts, span.start, side="right")) - 1
                if k >= 0:
                    per_sentence.setdefault((k, frame), []).append(span.text.lower())
        rows.add(corpus.doc_ids[i], records[i], sents, per_sentence, counts, words=word_count(doc))
    return rows.result()


def statement_sentences(doc) -> list:
    """The non-empty sentences of a Doc, as :func:`frames` numbers them (``sent_id`` 1, 2, ...)."""
    return [s for s in doc.sents if s.text.strip()] if len(doc) else []


def word_count(doc) -> int:
    """Words of a Doc for rates per 1,000 words: tokens that are neither punctuation nor space."""
    return sum(1 for t in doc if not (t.is_punct or t.is_space))


class FrameRows:
    """The three tables of a :class:`FrameResult`, built statement by statement.

    Shared by the dictionary (:func:`frames`) and the trained classifier
    (:func:`toolkit.frame_classifier`), so that both give results of one shape.
    """

    def __init__(self, names: tuple[str, ...], meta_columns: Sequence[str]):
        self.names, self.meta_columns = names, list(meta_columns)
        self.sentence_rows: list[dict] = []
        self.doc_rows: list[dict] = []
        self.indicator_rows: list[dict] = []

    def add(self, doc_id: str, meta: dict, sents: list, per_sentence: dict[tuple[int, str], list[str]],
            counts: dict[str, int], *, words: int) -> None:
        """One statement: its sentences, the terms behind each (sentence, frame) found, counts per frame."""
        names = self.names
        using = {frame: {k for (k, f) in per_sentence if f == frame} for frame in names}
        for k, sent in enumerate(sents):
            for frame in names:
                if (k, frame) in per_sentence:
                    self.sentence_rows.append({"doc_id": doc_id, "sent_id": k + 1, "frame": frame,
                                               "terms": "; ".join(per_sentence[(k, frame)]),
                                               "sentence": sent.text.strip(), **meta})
            self.indicator_rows.append({"doc_id": doc_id, "sent_id": k + 1, "sentence": sent.text.strip(), **meta,
                                        **{frame: int((k, frame) in per_sentence) for frame in names}})
        shares = {frame: (len(using[frame]) / len(sents) if sents else np.nan) for frame in names}
        top = max(names, key=lambda f: (shares[f] if shares[f] == shares[f] else -1, -names.index(f)))
        for frame in names:
            self.doc_rows.append({"doc_id": doc_id, "frame": frame, "count": counts[frame],
                                  "per_1k": counts[frame] / words * 1000 if words else np.nan,
                                  "share": shares[frame],
                                  "dominant": bool(frame == top and shares[frame] > 0), **meta})

    def result(self) -> FrameResult:
        """The :class:`FrameResult` of the statements added."""
        meta_cols = self.meta_columns
        return FrameResult(
            pd.DataFrame(self.sentence_rows, columns=["doc_id", "sent_id", "frame", "terms", "sentence", *meta_cols]),
            pd.DataFrame(self.doc_rows, columns=["doc_id", "frame", "count", "per_1k", "share", "dominant", *meta_cols]),
            pd.DataFrame(self.indicator_rows, columns=["doc_id", "sent_id", "sentence", *meta_cols, *self.names]),
            self.names,
        )
