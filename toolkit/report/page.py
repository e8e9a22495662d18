"""The report page: one self-contained HTML file with the tables, figures, concordance lines and a note on method."""

from __future__ import annotations

import re

import pandas as pd

from toolkit._util.markup import esc
from toolkit._util.validation import natural_sorted
from toolkit._util.version import __version__
from toolkit.corpus import Corpus
from toolkit.keywords import kwic
from toolkit.keywords.concordance import kwic_table
from toolkit.keywords.statistics import stat_column
from toolkit.report.figures import MAX_HEATMAP_GROUPS, figure_groups, png, report_figures
from toolkit.report.format import ComparisonLike, check_comparison, own_terms, resampled_units
from toolkit.report.markup import CSS, figure_markup, table_markup
from toolkit.report.tables import report_tables

__all__ = ["report_html"]

_SAMPLE_TERMS = 3  # key terms per group shown in context


_SAMPLE_LINES = 2  # concordance lines per term



def _kwic_samples(comparison: ComparisonLike, model=None) -> dict[tuple, pd.DataFrame]:
    """A few concordance lines per group (and period) for its top key terms, from the group's own statements
    (of that period), keyed by (period or None, group)."""
    corpus = comparison.corpus
    key = own_terms(comparison)
    if corpus is None or key.empty:
        return {}
    top = key[key["rank"] <= _SAMPLE_TERMS]
    patterns = sorted(set(top["feature"]))
    over = comparison.over if "period" in key.columns else None
    # Only the group and period columns: metadata named like kwic's own columns (position, left, ...) cannot clash.
    columns = list(dict.fromkeys([comparison.by, *([over] if over else [])]))
    slim = Corpus(corpus.to_frame()[["doc_id", "text", *columns]])
    hits = kwic(slim, [f"^{re.escape(f)}$" for f in patterns], window=8, valuetype="regex", model=model)
    hits = hits.assign(term=hits["match"].str.lower())
    groups = hits[comparison.by].astype(str)
    periods = hits[over].astype(str) if over else None
    out = {}
    for (period, group), part in _by_card(top).items():
        here = (groups == str(group)) & ((periods == str(period)) if over else True)
        lines = [hits[here & (hits["term"] == term)].head(_SAMPLE_LINES) for term in part.sort_values("rank")["feature"]]
        out[(period, group)] = pd.concat(lines) if lines else hits.iloc[:0]
    return out


def _by_card(frame: pd.DataFrame, *, period: str = "period", group: str = "group") -> dict[tuple, pd.DataFrame]:
    """The rows of each card, keyed by (period or None, group), in the frame's order."""
    if period in frame.columns:
        return {(p, g): part for (p, g), part in frame.groupby([period, group], sort=False)}
    return {(None, g): part for g, part in frame.groupby(group, sort=False)}


def _kwic_markup(lines: pd.DataFrame) -> str:
    if lines.empty:
        return '<p class="note">No concordance lines (the terms are lemmas or n-grams not found verbatim).</p>'
    return kwic_table(lines, fixed=True)


def _card_note(significant: int | None, n_terms: int, n_one: int) -> str:
    """How many of a card's terms have an adjusted p below 0.05, and how many rest on one statement."""
    note = "" if significant is None else (
        f'<p class="note">{significant} of these {n_terms} terms with an adjusted p below 0.05.</p>' if significant else
        f'<p class="note"><b>None of these {n_terms} terms has an adjusted p below 0.05</b>: with this little '
        "text they are a ranking, not evidence.</p>")
    if n_one:
        note += (f'<p class="note">{n_one} of them {"rests" if n_one == 1 else "rest"} on one statement ("yes" under '
                 f"<em>one statement</em>): without the statement that uses {'it' if n_one == 1 else 'each'} most, the "
                 "group would use it no more often than the others.</p>")
    return note


def _key_terms_html(comparison, table: pd.DataFrame, model=None) -> str:
    """One card per group (per period, under a heading, with ``over``): its key terms and their concordance lines."""
    by, over = comparison.by, comparison.over
    key = own_terms(comparison)
    samples = _kwic_samples(comparison, model=model)
    significant = ({k: int((part["p_adj"] < 0.05).sum()) for k, part in _by_card(key).items()}
                   if "p_adj" in key.columns else {})
    rows = _by_card(table, period=over, group=by) if over in table.columns else _by_card(table, group=by)
    settings = comparison.settings
    html, heading = [], None
    for period, group in _card_keys(comparison):
        if over and period != heading:
            html.append(f"<h3>{esc(over)}: {esc(period)}</h3>")
            heading = period
        title = f"<h4>{esc(group)}</h4>" if over else f"<h3>{esc(group)}</h3>"
        part = rows.get((period, group))
        if part is None or part.empty:
            html.append(f'<div class="card">{title}<p class="note">No key term: no term is used in '
                        f"{esc(settings.get('min_docs', 2))} or more of its statements"
                        f"{' of this ' + esc(over) if over else ''} and {esc(settings.get('min_count', 5))} times "
                        "or more (lower <code>min_docs</code> or <code>min_count</code>, on the command line "
                        "<code>--min-docs</code> or <code>--min-count</code>, to list them).</p></div>")
            continue
        body = table_markup(part.drop(columns=[c for c in (by, over) if c in part.columns]), label_first=False)
        lines = samples.get((period, group))
        context = ("<h3>In context</h3>" + _kwic_markup(lines)) if lines is not None else ""
        n_one = int((part["one statement"] == "yes").sum()) if "one statement" in part.columns else 0
        note = _card_note(significant.get((period, group)), len(part), n_one)
        html.append(f'<div class="card">{title}{note}{body}{context}</div>')
    return "".join(html) or '<p class="note">No comparison has key terms to show.</p>'



def _card_keys(comparison: ComparisonLike) -> list[tuple]:
    """(period or None, group) of every comparison made, periods and groups in natural order."""
    key = comparison.keyness.rename(columns={"group": comparison.by, "period": comparison.over})
    if key.empty and comparison.corpus is not None:  # no group lists a term: every group gets a card that says so
        key = comparison.corpus.meta.dropna(subset=[c for c in (comparison.by, comparison.over) if c])
    if not comparison.over:
        return [(None, g) for g in natural_sorted(key[comparison.by].unique())]
    pairs = list(key[[comparison.over, comparison.by]].drop_duplicates().itertuples(index=False, name=None))
    periods = {p: k for k, p in enumerate(natural_sorted({p for p, _ in pairs}))}
    groups = {g: k for k, g in enumerate(natural_sorted({g for _, g in pairs}))}
    return sorted(pairs, key=lambda pg: (periods[pg[0]], groups[pg[1]]))


def report_html(comparison, *, title: str | None = None, files: dict[str, list[str]] | None = None, model=None) -> str:
    """Return the report of a comparison as one self-contained HTML page.

    Sections: the statements compared, key terms (with concordance lines from each group's
    own statements), frames, rhetoric, speech acts and their targets, then a note on method
    with references. Figures are embedded as PNG; every string from the data is escaped.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`toolkit.compare`.
    title : str, optional
        Heading of the page (default "Comparison by <by>").
    files : dict, optional
        Table name to the file names written beside the page (linked from each section).
    model : optional
        The spaCy pipeline used for the concordance lines (as for the comparison).

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> import toolkit as tk
    >>> page = tk.report_html(tk.compare(tk.demo_corpus(), "actor", n=5, n_boot=20), title="Demo")
    >>> page.startswith("<!DOCTYPE html>") and "<h2 id=\\"keyness\\">" in page
    True
    """
    check_comparison(comparison, func="report_html")
    page = _Page(comparison, files=files or {}, model=model)
    sections = [
        ("summary", "Statements", page.summary()),
        ("keyness", "Key terms", page.keyness()),
        ("frames", "Frames", page.frames()),
        ("rhetoric", "Rhetoric", page.rhetoric()),
        ("speech_acts", "Speech acts", page.speech_acts()),
    ]
    by, over, settings = comparison.by, comparison.over, comparison.settings
    heading = title or f"Comparison by {by}" + (f" over {over}" if over else "")
    nav = "<nav><ol>" + "".join(f'<li><a href="#{key}">{esc(name)}</a></li>' for key, name, _ in sections) + \
          '<li><a href="#method">Method and references</a></li></ol></nav>'
    body = "\n".join(f'<section><h2 id="{key}">{esc(name)}</h2>\n{content}</section>' for key, name, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(heading)}</title><style>{CSS}</style></head><body>\n"
        f"<header><h1>{esc(heading)}</h1><p class=\"lead\">{page.lead()}</p>{nav}</header>\n{body}\n{_METHOD}\n"
        f"<footer>Written by toolkit {esc(__version__)}: n = {esc(settings.get('n'))} key terms per group, "
        f"{esc(settings.get('n_boot'))} bootstrap replicates, seed {esc(settings.get('seed'))}.</footer>\n</body></html>\n"
    )


_METHOD = (
    '<section><h2 id="method">Method and references</h2><ul class="note">'
    "<li>Processing: spaCy (Honnibal et al. 2020); texts are tokenised once and cached.</li>"
    "<li>Keyness: each group against all others; statistic and p as quanteda's textstat_keyness "
    "(Benoit et al. 2018); log ratio after Hardie (2014); dispersion DP after Gries (2008).</li>"
    "<li>Intervals: percentile bootstrap (Efron & Tibshirani 1993) over each group's statements, resampled "
    "whole; when statements were split into paragraphs or sentences, each statement is resampled with all its "
    "passages (a cluster bootstrap: Field & Welsh 2007; Cameron & Miller 2015), so that splitting a speech does "
    "not narrow its intervals.</li>"
    "<li>Frames: dictionary method after the Policy Frames Codebook (Boydstun et al. 2014) and Semetko & "
    "Valkenburg (2000).</li>"
    "<li>Speech acts: Searle (1976), found in the dependency parse with toolkit/resources/speech_acts.yaml; each "
    "act carries its closest CAMEO event code (Gerner et al. 2002); actors resolved with toolkit/resources/actors.yaml."
    "</li>"
    "</ul></section>"
)


class _Page:
    """The sections of one report page, each a piece of HTML, from one comparison's tables and figures."""

    def __init__(self, comparison: ComparisonLike, *, files: dict[str, list[str]], model) -> None:
        self.comparison, self.files, self.model = comparison, files, model
        self.tables = report_tables(comparison)
        self.figures = {name: png(fig) for name, fig in report_figures(comparison).items()}
        self.settings = comparison.settings
        self.n_boot = self.settings.get("n_boot")
        self.level = int(round(100 * comparison.keyness.attrs.get("ci", 0.95)))
        self.stat = stat_column(comparison.keyness)

    def links(self, name: str) -> str:
        if not self.files.get(name):
            return ""
        return '<p class="note">Table: ' + ", ".join(f'<a href="{esc(f)}">{esc(f)}</a>' for f in self.files[name]) + "</p>"

    def figure(self, name: str, caption: str) -> str:
        return figure_markup(name, self.figures[name], caption) if name in self.figures else ""

    def lead(self) -> str:
        summary, by, over = self.tables["summary"], self.comparison.by, self.comparison.over
        n_docs, n_words = int(summary["statements"].sum()), int(summary["words"].sum())
        # After Corpus.reshape: "3 statements (47 passages, ...)", and intervals over the 3, not the 47.
        passages = f"{int(summary['passages'].sum()):,} passages, " if "passages" in summary.columns else ""
        unit, per_group = resampled_units(self.comparison)
        whole = ", each with all its passages" if passages and unit == "statements" else ""
        return (f"{n_docs:,} statements ({passages}{n_words:,} words) in {len(summary)} groups of <em>{esc(by)}</em>"
                + (f", compared within each <em>{esc(over)}</em>" if over else "")
                + ". Each group is compared with all the others. Intervals are "
                + (f"{self.level}% bootstrap intervals over {esc(unit)}{whole} ({self.n_boot} replicates, seed "
                   f"{self.settings.get('seed')})." if self.n_boot else "not computed (no bootstrap replicates).")
                + (f" <b>Few {esc(unit)}:</b> the smallest group has {int(per_group.min())}; with fewer "
                   f"than about ten {esc(unit)} per group these intervals are too narrow (a 95% interval covers about "
                   "80% at four statements), so read them as descriptive; for frames, "
                   "<code>tk.frames(corpus).compare(by, interval=\"t\")</code> gives wider, better calibrated ones."
                   if self.n_boot and per_group.min() < 10 else ""))

    def summary(self) -> str:
        return table_markup(self.tables["summary"]) + self.links("summary")

    def keyness(self) -> str:
        over, stat, level, settings = self.comparison.over, self.stat, self.level, self.settings
        capped = figure_groups(self.comparison) is not None
        statistic = "" if stat == "log_ratio" else (
            f"<b>{esc(stat)}</b>: signed keyness statistic (Dunning 1993 for G2); ")
        names = (
            "Each group's own names (its label, its demonym, and the names, adjectives and capital the actor "
            "gazetteer gives it) and transcription artefacts (uh, applause, Mr., interpreters' notes) are left out; "
            "other actors' names stay, as whom a group speaks of is part of what its terms show."
            if settings.get("remove_names") else "Names are kept: a group's own name often tops its list.")
        note = (
            f'<p class="note">Terms used more by a group than by the others{f" of the same {esc(over)}" if over else ""}, '
            f"ranked by {esc(stat)}. A term is listed only when at least {esc(settings.get('min_docs', 2))} of the "
            f"group's statements use it, {esc(settings.get('min_count', 5))} times or more in all. "
            "<b>in statements</b>: how many of the group's statements use it; <b>one statement</b>: \"yes\" where its "
            "keyness rests on one statement (without the statement that uses it most, the group would use it no more "
            "often than the others). <b>log ratio</b>: binary log of the ratio of relative frequencies (1 = twice as "
            f"frequent; Hardie 2014), with its {level}% interval over the group's statements: a lower bound near or "
            f"below zero means the term rests on one or two statements. {statistic}<b>p (adj.)</b>: "
            "Benjamini-Hochberg adjusted over all the terms of the comparison; the top terms are a ranking, not a "
            "significance filter. <b>DP</b>: Gries' deviation of proportions across the group's documents, 0 = "
            f"spread evenly, near 1 = concentrated in one. {names}</p>")
        caption = ("Log ratio of each group's five most key terms (rows) in every group (columns); "
                   "blue: more frequent in that group than in the others"
                   + (f"; the {MAX_HEATMAP_GROUPS} groups with most statements of {len(self.tables['summary'])}."
                      if capped else "."))
        return (note + self.figure("keyness", caption)
                + _key_terms_html(self.comparison, self.tables["keyness"], model=self.model) + self.links("keyness"))

    def frames(self) -> str:
        over = self.comparison.over
        return (
            f'<p class="note">Percentage of each group\'s sentences that use a frame (a sentence may use several), from '
            f"the frame dictionary <em>{esc(self.settings.get('dictionary') or 'given')}</em>; below each value, its "
            f"{self.level}% bootstrap interval over statements. Read the dictionary (toolkit/resources/frames.yaml) "
            "before reading the numbers, and validate it on your own data (notebook 04).</p>"
            + self.figure("frames", "Share of sentences using each frame." if not over else
                          f"Share of sentences using each frame over {over}.")
            + table_markup(self.tables["frames"]) + self.links("frames"))

    def rhetoric(self) -> str:
        return (
            '<p class="note">Rates per 1,000 words, pooled over each group\'s statements (modality, hedges and boosters '
            "after Hyland 2005; pronouns), and tone as the mean VADER compound score (Hutto & Gilbert 2014; -1 negative "
            "to +1 positive). Below each value, its interval over statements.</p>"
            + self.figure("rhetoric", "Rhetorical profile by group, with intervals over statements.")
            + table_markup(self.tables["rhetoric"]) + self.links("rhetoric"))

    def speech_acts(self) -> str:
        targets = self.tables["targets"]
        return (
            '<p class="note">Acts each group performs itself, found in the dependency parse: the subject is the speaker '
            "(\"we\", \"my delegation\", the group's own name, adjective or capital) and the act is not negated. Acts "
            "reported of others (\"X condemned ...\") and negated acts are not counted here; they are in the full table "
            "of speech acts (tk.speech_acts). Only acts made with an act word are found (\"we condemn\", \"our support "
            "for\", \"we are concerned\"); an act performed without one (\"a racist law\", \"the occupation must end\") "
            "is not. Validated against hand coding of UN General Debate sentences: data/validation/acts/.</p>"
            + self.figure("speech_acts", "Speech acts each group performs itself, per 1,000 of its words (the table "
                                         "below gives the rate, then the count in brackets).")
            + table_markup(self.tables["speech_acts"]) + self.links("speech_acts")
            + (f"<h3>On whom: the most frequent named targets of each act</h3>{table_markup(targets)}"
               if len(targets.columns) > 1 else "") + self.links("targets"))
