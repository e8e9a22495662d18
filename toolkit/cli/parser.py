"""Command line: ``python -m toolkit report|keyness|frames|kwic ...``.

Exit codes follow convention: 0 success, 1 an error in the data or the analysis (the message
says what and how to fix it), 2 wrong use of the command (argparse's usage error).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings

from toolkit._util.stats import N_BOOT
from toolkit.cli.commands import CommandError, concordance, frame_shares, key_terms, report
from toolkit.keywords.statistics import MEASURES

__all__ = ["main"]


def _count(minimum: int):
    """An argparse type for whole numbers >= minimum, so that a bad value is a usage error naming the option."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


_CLUSTER_HELP = ("the units the intervals resample whole: 'auto' (default: the statements, parent_id, of a file of "
                 "paragraphs or sentences; else each statement), a metadata column, or 'none' (every row)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit",
        description="Compare the rhetoric, keywords and framing of political and diplomatic statements.",
        epilog="INPUT is any file or folder that toolkit.load_statements reads; the demo corpus when omitted.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument("input", nargs="?", metavar="INPUT", help="a file or folder of statements (default: the demo corpus)")
    loading = inputs.add_argument_group("reading INPUT (as toolkit.load_statements)")
    loading.add_argument("--text", default="text", help="column holding the text (default: text)")
    loading.add_argument("--id", help="column holding unique ids (default: doc_id, else row numbers or file names)")
    loading.add_argument("--encoding", default="utf-8", help="text encoding (default: utf-8)")
    loading.add_argument("--sheet", default=0, help="Excel sheet name or number (default: the first)")
    loading.add_argument("--name-pattern", help="metadata from file names in a folder, e.g. '{country}_{year}'")
    inputs.add_argument("--raw-csv", action="store_true",
                        help="write CSV cells as they are; by default a text cell starting with =, +, -, @ gets a "
                             "leading ' so that a spreadsheet shows it instead of running it as a formula")

    report_cmd = sub.add_parser("report", parents=[inputs], help="write an HTML report comparing groups, and every table as CSV and LaTeX")
    report_cmd.add_argument("--by", required=True, help="metadata column of the groups (e.g. actor)")
    report_cmd.add_argument("--over", help="metadata column of periods (e.g. year)")
    report_cmd.add_argument("--speaker", help="metadata column of who speaks, for 'we' in speech acts (default: --by)")
    report_cmd.add_argument("--out", default="reports", help="output folder (default: reports)")
    report_cmd.add_argument("--n", type=_count(1), default=15, help="key terms per group")
    report_cmd.add_argument("--measure", default="chi2", choices=MEASURES,
                            help="keyness statistic that ranks the key terms, as tk.keyness (default: chi2)")
    report_cmd.add_argument("--min-docs", type=_count(0), default=2,
                            help="list a key term only when at least this many of the group's statements use it (default: 2)")
    report_cmd.add_argument("--min-count", type=_count(0), default=5,
                            help="list a key term only when the group uses it at least this many times (default: 5)")
    report_cmd.add_argument("--keep-names", action="store_true",
                            help="keep each group's own names and transcription artefacts (uh, applause, Mr.) among its key terms")
    report_cmd.add_argument("--n-boot", type=_count(0), default=N_BOOT, help=f"bootstrap replicates of the intervals (default: {N_BOOT})")
    report_cmd.add_argument("--seed", type=int, default=0)
    report_cmd.add_argument("--cluster", default="auto", help=_CLUSTER_HELP)
    report_cmd.add_argument("--title", help="title of the HTML page")
    report_cmd.set_defaults(run=report)

    key = sub.add_parser("keyness", parents=[inputs], help="key terms of one group against the others (CSV on stdout)")
    key.add_argument("--by", required=True)
    key.add_argument("--target", required=True, help="the group to describe")
    key.add_argument("--measure", default="chi2", choices=MEASURES)
    key.add_argument("--n", type=_count(1), default=20)
    key.set_defaults(run=key_terms)

    fr = sub.add_parser("frames", parents=[inputs], help="frames per statement, or per group with --by (CSV on stdout)")
    fr.add_argument("--by")
    fr.add_argument("--dictionary", help="a .yaml, .dic, .lc3 or .cat dictionary (default: the built-in frames)")
    fr.add_argument("--n-boot", type=_count(0), default=N_BOOT, help=f"bootstrap replicates (default: {N_BOOT})")
    fr.add_argument("--cluster", default="auto", help=_CLUSTER_HELP)
    fr.set_defaults(run=frame_shares)

    kw = sub.add_parser("kwic", parents=[inputs], help="keyword in context (CSV on stdout, optional HTML)")
    kw.add_argument("--pattern", required=True, action="append", help="repeat for several patterns")
    kw.add_argument("--window", type=_count(1), default=5)
    kw.add_argument("--valuetype", default="glob", choices=["glob", "regex", "phrase"])
    kw.add_argument("--html", help="also write an HTML view to this file")
    kw.set_defaults(run=concordance)
    return parser


class _Progress:
    """Show the toolkit's progress messages (INFO) on stderr while a command runs, then stop."""

    def __enter__(self) -> _Progress:
        class _Stderr(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                # Looked up on each message: sys.stderr may have been replaced (tests, notebooks).
                print(f"  {record.getMessage()}", file=sys.stderr)

        self.log = logging.getLogger("toolkit")
        self.level, self.handler = self.log.level, _Stderr()
        self.log.addHandler(self.handler)
        self.log.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc: object) -> None:
        # main() may be called from Python: leave the logger as it was.
        self.log.removeHandler(self.handler)
        self.log.setLevel(self.level)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    if isinstance(args.sheet, str) and args.sheet.isdigit():
        args.sheet = int(args.sheet)

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        # A researcher needs the message, not the toolkit's file and line.
        print(f"warning: {message}", file=sys.stderr)

    try:
        with warnings.catch_warnings(), _Progress():
            warnings.simplefilter("default")
            warnings.showwarning = show
            return args.run(args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1
