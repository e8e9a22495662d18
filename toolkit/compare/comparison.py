"""Everything at once: key terms, frames, rhetoric and speech acts of each group against the others.

:func:`compare` runs the measures with one set of options and returns a :class:`Comparison`,
which renders itself as a report (:meth:`Comparison.to_html`, :meth:`Comparison.figures`)
through :mod:`toolkit.report`.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import KW_ONLY, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit._util.files import write_atomic
from toolkit._util.stats import N_BOOT, resolve_cluster
from toolkit._util.validation import check_choice, check_column, check_int, check_type, natural_sorted
from toolkit.corpus import Corpus, as_corpus
from toolkit.counts import dfm as make_dfm
from toolkit.framing import frames as find_frames
from toolkit.keywords import keyness_panel
from toolkit.keywords.filters import artefact_phrases, name_phrases
from toolkit.keywords.statistics import MEASURES, Measure
from toolkit.report import report_figures, report_html
from toolkit.rhetoric import is_own_act, rhetoric, rhetoric_profile, speech_act_counts, speech_acts

__all__ = ["Comparison", "compare"]

_log = logging.getLogger("toolkit")


@dataclass(frozen=True, eq=False, repr=False)
class Comparison:
    """Key terms, frames, rhetoric and speech acts of each group against the others (see :func:`compare`).

    Attributes
    ----------
    by, over, speaker : str
    keyness : pandas.DataFrame
        :func:`toolkit.keyness_panel`: every group's top ``n`` terms (and period), reported for
        every group.
    frames : pandas.DataFrame
        ``FrameResult.compare`` (shares of sentences with intervals): ``group`` (and ``period``).
    rhetoric : pandas.DataFrame
        :func:`toolkit.rhetoric_profile` (rates with intervals).
    speech_acts : pandas.DataFrame
        :func:`toolkit.speech_act_counts` of the acts each group performs itself (the subject
        is the speaker, the act is not negated): counts.
    act_rates : pandas.DataFrame
        The same acts per 1,000 words of each group's statements (``speech_act_counts(...,
        per=1000)``), so that a group that says more does not seem to act more.
    acts : pandas.DataFrame
        Every speech act found (:func:`toolkit.speech_acts`), including acts reported of others.
    summary : pandas.DataFrame
        :meth:`Corpus.summary` (words and sentences per statement).
    corpus : Corpus
    settings : dict
        ``n``, ``n_boot``, ``seed``, ``cluster`` (the column whose units every interval
        resampled, or None: each statement), the key terms' ``measure``, ``min_docs``,
        ``min_count`` and ``remove_names``, and the frame dictionary's name.
    """

    by: str
    over: str | None
    keyness: pd.DataFrame
    frames: pd.DataFrame
    rhetoric: pd.DataFrame
    speech_acts: pd.DataFrame
    _: KW_ONLY
    speaker: str | None = None
    act_rates: pd.DataFrame | None = None
    acts: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None
    corpus: Corpus | None = None
    settings: dict | None = None

    def __post_init__(self) -> None:
        # Frozen: the defaults are filled in once, here.
        object.__setattr__(self, "speaker", self.speaker or self.by)
        object.__setattr__(self, "settings", dict(self.settings or {}))

    def __repr__(self) -> str:
        # From the summary: with too little text no group may have a key term to list.
        groups = sorted(set(self.summary[self.by] if self.summary is not None else self.keyness["group"]), key=str)
        shown = ", ".join(map(str, groups[:6])) + (" ..." if len(groups) > 6 else "")
        return f"Comparison(by={self.by!r}, over={self.over!r}; {len(groups)} groups: {shown})"

    def to_frame(self) -> pd.DataFrame:
        """Return all measures in one tidy table: ``group``, ``period``, ``kind``, ``name``, ``value``, ``low``, ``high``.

        ``value`` is the log ratio for key terms (with its bootstrap interval), the share of
        sentences for frames, the level for rhetoric, the count for speech acts (kind
        ``speech_act``) and their rate per 1,000 words (kind ``speech_act_per_1k``).
        """
        key, shares, profile = self.keyness, self.frames, self.rhetoric
        parts = [
            pd.DataFrame({
                "group": key["group"],
                "period": key["period"] if "period" in key else None,
                "kind": "keyness",
                "name": key["feature"],
                "value": key["log_ratio"],  # the effect size, which the interval is about
                "low": key["log_ratio_low"],
                "high": key["log_ratio_high"],
            }),
            pd.DataFrame({
                "group": shares["group"],
                "period": shares["period"] if "period" in shares else None,
                "kind": "frame",
                "name": shares["frame"],
                "value": shares["share"],
                "low": shares["low"],
                "high": shares["high"],
            }),
            pd.DataFrame({
                "group": profile["group"], "period": None, "kind": "rhetoric", "name": profile["measure"],
                "value": profile["value"], "low": profile["low"], "high": profile["high"],
            }),
        ]
        for kind, table in (("speech_act", self.speech_acts), ("speech_act_per_1k", self.act_rates)):
            if table is None or table.empty:
                continue
            acts = table.stack().rename("value").reset_index()
            acts.columns = ["group", "name", "value"]
            parts.append(acts.assign(period=None, kind=kind, low=np.nan, high=np.nan))
        out = pd.concat(parts, ignore_index=True)
        return out[["group", "period", "kind", "name", "value", "low", "high"]]

    def figures(self) -> dict[str, object]:
        """Return the figures of the comparison by section name (see :func:`toolkit.report_figures`)."""
        return report_figures(self)

    def to_html(self, path: str | Path | None = None, *, title: str | None = None, model=None) -> str | Path:
        """Return the report as one self-contained HTML page (see :func:`toolkit.report_html`).

        :func:`toolkit.write_report` also writes every table. Every string from the data
        (names, terms, group labels, statements) is escaped, so a statement or a label holding
        HTML or script shows as text and never runs.

        Parameters
        ----------
        path : path, optional
            Deprecated: use :meth:`write_html`, which writes the page and returns its path.
        title : str, optional
        model : optional
            The spaCy pipeline, as for the comparison.
        """
        if path is not None:
            warnings.warn(
                "Comparison.to_html(path) is deprecated and will return the page only; write the page with "
                "comparison.write_html(path).",
                DeprecationWarning,
                stacklevel=2,
            )
            return self.write_html(path, title=title, model=model)
        return report_html(self, title=title, model=model)

    def write_html(self, path: str | Path, *, title: str | None = None, model=None) -> Path:
        """Write the report page of :meth:`to_html` to ``path`` (whole or not at all) and return the path."""
        # The path, not the page: in a notebook the last line's value is displayed.
        return write_atomic(Path(path), report_html(self, title=title, model=model))


def _name_aliases(meta: pd.DataFrame) -> dict[str, str]:
    """Group and speaker values that read as names ("Council of the Southern Littoral"), as aliases.

    Codes of three letters ("IND") and common nouns ("state") are left out: as words of a
    phrase they name nobody. A name ending in -ia also gets its demonym in -ian.
    """
    names = {str(v) for col in meta.columns for v in meta[col].dropna()}
    aliases = {}
    for name in sorted(names):
        if len(name) > 3 and any(ch.isupper() for ch in name):
            aliases[name.lower()] = name
            if name.lower().endswith("ia"):  # the demonym of Russia, Kestria: Russian, Kestrian
                aliases[name.lower() + "n"] = name
    return aliases


def compare(
    corpus,
    by: str,
    *,
    over: str | None = None,
    speaker: str | None = None,
    n: int = 15,
    measure: Measure = "chi2",
    min_docs: int = 2,
    min_count: int = 5,
    remove_names: bool = True,
    n_boot: int = N_BOOT,
    seed: int = 0,
    cluster: str | None = "auto",
    dictionary=None,
    model=None,
) -> Comparison:
    """Return a :class:`Comparison` of the groups of ``by``: key terms, frames, rhetoric and speech acts.

    Each group is compared with the others (within each period of ``over`` for key terms and
    frames), with intervals everywhere they apply. Progress is logged to the ``toolkit``
    logger at level INFO (the command line shows it).

    Parameters
    ----------
    corpus : Corpus
    by : str
        Metadata column of the groups (e.g. ``actor``, ``country``).
    over : str, optional
        Metadata column of periods (e.g. ``year``).
    speaker : str, optional
        Metadata column naming who speaks in each statement, to which "we" resolves in the
        speech acts (default ``by``). Group and speaker values that read as names (capitalised,
        longer than three letters) also count as names of actors, as whole words, so that
        "the Council of the Southern Littoral calls on ..." is the Council's own act.
    n : int
        Key terms per group (and period).
    measure : {"chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"}
        The keyness statistic that ranks the key terms (as :func:`toolkit.keyness`).
    min_docs, min_count : int
        A key term is used in at least ``min_docs`` of the group's statements (parents, for a
        corpus of paragraphs from :meth:`Corpus.reshape`), ``min_count`` times in all (see
        :func:`toolkit.keyness_panel`).
    remove_names : bool
        Leave each group's own names (its label, demonym and gazetteer forms) and transcription
        artefacts (uh, applause, Mr., "(spoke in French)", counted as one word here) out of its
        key terms (see :func:`toolkit.keyness_panel`).
    n_boot : int
        Bootstrap replicates of every interval.
    seed : int
        Seed of the bootstraps.
    cluster : str or None
        The units every interval resamples whole (see :func:`toolkit.keyness_panel`,
        :meth:`FrameResult.compare`, :func:`toolkit.rhetoric_profile`): ``"auto"``, the
        statements (``parent_id``) of a corpus split by :meth:`Corpus.reshape`, else each
        statement; a metadata column; None or ``"none"``: every document of the corpus.
    dictionary : optional
        Frame dictionary (default the built-in one).
    model : optional
        The spaCy pipeline.

    Returns
    -------
    Comparison
        ``.keyness``, ``.frames``, ``.rhetoric``, ``.speech_acts``, ``.acts``, ``.summary``,
        ``.to_frame()``, ``.figures()``, ``.to_html()``, ``.write_html(path)``.

    Raises
    ------
    KeyError
        If ``by``, ``over`` or ``speaker`` is not a metadata column.
    ValueError
        If ``cluster`` is not "auto", "none", None or a metadata column.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. Journal of the Royal
    Statistical Society: Series B, 69(3), 369-390.
    """
    corpus = as_corpus(corpus, func="compare")
    speaker = speaker or by
    for col in dict.fromkeys([by, speaker] + ([over] if over else [])):
        check_column(col, corpus.meta_columns, owner="The corpus")
    check_int(n, name="n", func="compare", minimum=1)
    check_int(n_boot, name="n_boot", func="compare", minimum=0)
    unit = resolve_cluster(cluster, corpus.meta_columns, func="compare")
    check_choice(measure, MEASURES, name="measure", func="compare")
    check_int(min_docs, name="min_docs", func="compare", minimum=0)
    check_int(min_count, name="min_count", func="compare", minimum=0)
    check_type(remove_names, bool, name="remove_names", func="compare", expected="True or False")
    steps = 5
    _log.info("1/%d processing %d statements with spaCy (cached after the first run) ...", steps, len(corpus))
    summary = corpus.summary(model=model)
    _log.info("2/%d key terms ...", steps)
    # "(spoke in French)" and "the Russian Federation" counted as one word each, so that remove_names
    # leaves them out whole, not "federation" at the top of Russia's list.
    phrases = ([p for p in artefact_phrases() if " " in p] + name_phrases(corpus.meta[by].dropna().unique())
               if remove_names else None)
    counts = make_dfm(corpus, compounds=phrases, model=model)
    terms = {"measure": measure, "min_docs": min_docs, "min_count": min_count, "remove_names": remove_names}
    with warnings.catch_warnings():
        # The second call, on the same comparisons, gives the same warnings once.
        warnings.simplefilter("ignore", UserWarning)
        first = keyness_panel(counts, by, over=over, n=n, n_boot=0, seed=seed, cluster=unit, **terms)
    # Report every group's top terms for every group, so that the heatmap has no empty cell.
    shared = list(dict.fromkeys(first.loc[first["rank"] <= 5, "feature"]))
    key = keyness_panel(counts, by, over=over, n=n, features=shared, n_boot=n_boot, seed=seed, cluster=unit, **terms)
    _log.info("3/%d frames ...", steps)
    found = find_frames(corpus, dictionary, model=model)
    frame_shares = found.compare(by, over=over, n_boot=n_boot, seed=seed, cluster=unit)
    _log.info("4/%d rhetoric ...", steps)
    profile = rhetoric_profile(rhetoric(corpus, model=model), by=by, n_boot=n_boot, seed=seed, cluster=unit)
    _log.info("5/%d speech acts ...", steps)
    acts, counts_by, rates_by = _own_speech_acts(corpus, by, speaker, over, model=model)
    settings = {"n": n, "n_boot": n_boot, "seed": seed, "cluster": unit, **terms,
                "dictionary": "toolkit frames (built in)" if dictionary is None else str(getattr(dictionary, "name", dictionary)),
                "frames": list(found.frames)}
    return Comparison(by, over, key, frame_shares, profile, counts_by, speaker=speaker, act_rates=rates_by, acts=acts,
                      summary=summary, corpus=corpus, settings=settings)


def _own_speech_acts(corpus: Corpus, by: str, speaker: str, over: str | None, *,
                     model) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every speech act found, and each group's own acts: counts and rates per 1,000 words (a group with
    none is a row of zeros)."""
    columns = list(dict.fromkeys([by, speaker] + ([over] if over else [])))
    # Only the columns needed, so that metadata named like the acts' own columns cannot clash.
    slim = Corpus(corpus.to_frame()[["doc_id", "text", *columns]])
    acts = speech_acts(slim, speaker=speaker, aliases=_name_aliases(corpus.meta[columns]), model=model)
    own = acts[is_own_act(acts, by=by, speaker=speaker)]
    groups = natural_sorted({v for v in corpus.meta[by].dropna()})
    counts_by = speech_act_counts(own, by=by) if not own.empty else pd.DataFrame()
    rates_by = speech_act_counts(own, by=by, per=1000) if not own.empty else pd.DataFrame()
    if not counts_by.empty:
        counts_by = counts_by.reindex([g for g in groups], fill_value=0)
        counts_by.index.name = by
        rates_by = rates_by.reindex([g for g in groups], fill_value=0.0)
        rates_by.index.name = by
    return acts, counts_by, rates_by
