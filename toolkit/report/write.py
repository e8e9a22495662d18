"""The report on disk: the page and every table as CSV (tidy, full precision) and LaTeX (as on the page)."""

from __future__ import annotations

import logging
from pathlib import Path

from toolkit._util.files import spreadsheet_safe, write_atomic
from toolkit.report.format import ComparisonLike, check_comparison
from toolkit.report.page import report_html
from toolkit.report.tables import report_tables

__all__ = ["write_report"]

_log = logging.getLogger("toolkit")


def write_report(comparison: ComparisonLike, out: str | Path, *, title: str | None = None, model=None,
                 spreadsheet: bool = True) -> list[Path]:
    """Write the report page and every table (CSV and LaTeX) into a folder; return the paths written.

    ``report.html`` is the page of :func:`report_html`. For each table, ``<name>.csv`` holds
    the tidy data at full precision (``keyness``, ``frames``, ``rhetoric``, ``speech_acts``
    (counts), ``act_rates`` (per 1,000 words), ``acts``, ``summary``) and ``<name>.tex`` the formatted table of the page
    (:func:`report_tables`, booktabs LaTeX). Files are written whole or not at all.

    The CSV files are for people, who open them in spreadsheets: a text cell from the data that
    begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (a statement, a group's
    name) would run there as a formula, so it gets a leading apostrophe (the OWASP rule for CSV
    injection). Pass ``spreadsheet=False`` for files that programs read; the Python API and
    Parquet return the values as they are.

    Parameters
    ----------
    comparison : Comparison
    out : str or Path
        The folder (created if needed).
    title : str, optional
    model : optional
        The spaCy pipeline, as for the comparison.
    spreadsheet : bool
        Neutralise text cells a spreadsheet would run as formulas (default True).

    Returns
    -------
    list of Path
    """
    check_comparison(comparison, func="write_report")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tidy = {
        "summary": comparison.summary,
        "keyness": comparison.keyness,
        "frames": comparison.frames,
        "rhetoric": comparison.rhetoric,
        "speech_acts": comparison.speech_acts,
        "act_rates": comparison.act_rates,
        "acts": comparison.acts,
    }
    formatted = report_tables(comparison)
    protect = spreadsheet_safe if spreadsheet else (lambda table: table)
    texts: dict[str, str] = {}
    files: dict[str, list[str]] = {}
    for name in dict.fromkeys([*tidy, *formatted]):
        files[name] = []
        if tidy.get(name) is not None:
            table = tidy[name]
            texts[f"{name}.csv"] = protect(table).to_csv(index=table.index.name is not None)
        elif name in formatted:  # a table with no tidy form (targets): its formatted cells
            texts[f"{name}.csv"] = protect(formatted[name]).to_csv(index=False)
        if f"{name}.csv" in texts:
            files[name].append(f"{name}.csv")
        if name in formatted:
            texts[f"{name}.tex"] = formatted[name].to_latex(index=False, escape=True)
            files[name].append(f"{name}.tex")
    # The rates per 1,000 words and every act found, linked beside the counts.
    files["speech_acts"] += files.pop("act_rates", []) + files.pop("acts", [])
    _log.info("writing the HTML page ...")
    # The page first: if it fails, no table is left behind without its page.
    texts["report.html"] = report_html(comparison, title=title, files=files, model=model)
    return [write_atomic(out / name, text) for name, text in texts.items()]
