"""Command line: ``python -m toolkit report|keyness|frames|kwic ...``.

Exit codes follow convention: 0 success, 1 an error in the data or the analysis (the message
says what and how to fix it), 2 wrong use of the command (argparse's usage error).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

__all__ = ["main"]


def _load(path: str | None):
    import toolkit as tk

    if path is None:
        return tk.demo_corpus()
    return tk.load_statements(path)


def _report(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import toolkit as tk

    corpus = _load(args.input)
    for option, column in (("--by", args.by), ("--over", args.over), ("--speaker", args.speaker)):
        if column is not None and column not in corpus.meta_columns:
            print(
                f"error: the statements have no metadata column {column!r}; choose {option} from: "
                f"{', '.join(corpus.meta_columns) or '(none)'}",
                file=sys.stderr,
            )
            return 1
    print(f"Comparing {len(corpus)} statements by {args.by!r} ...", file=sys.stderr)
    comparison = tk.compare(corpus, args.by, over=args.over, speaker=args.speaker, n=args.n, n_boot=args.n_boot,
                            seed=args.seed)
    for path in tk.write_report(comparison, args.out, title=args.title):
        print(path)
    return 0


def _keyness(args: argparse.Namespace) -> int:
    import toolkit as tk

    corpus = _load(args.input)
    if args.by not in corpus.meta_columns:
        print(f"error: no metadata column {args.by!r}; choose --by from: {', '.join(corpus.meta_columns)}", file=sys.stderr)
        return 1
    grouped = tk.dfm(corpus).group(args.by)
    result = tk.keyness(grouped, args.target, measure=args.measure).head(args.n)
    result.to_csv(sys.stdout, index=False)
    return 0


def _frames(args: argparse.Namespace) -> int:
    import toolkit as tk

    corpus = _load(args.input)
    result = tk.frames(corpus, args.dictionary)
    table = result.compare(args.by, n_boot=args.n_boot) if args.by else result.documents
    table.to_csv(sys.stdout, index=False)
    return 0


def _kwic(args: argparse.Namespace) -> int:
    import toolkit as tk

    corpus = _load(args.input)
    hits = tk.kwic(corpus, args.pattern, window=args.window, valuetype=args.valuetype)
    if args.html:
        Path(args.html).write_text(tk.kwic_html(hits, max_rows=len(hits) or 1).html, encoding="utf-8")
    hits[["doc_id", "position", "left", "match", "right"]].to_csv(sys.stdout, index=False)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit",
        description="Compare the rhetoric, keywords and framing of political and diplomatic statements.",
        epilog="INPUT is any file or folder that toolkit.load_statements reads; the demo corpus when omitted.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = sub.add_parser("report", help="write an HTML report comparing groups, and every table as CSV and LaTeX")
    report.add_argument("input", nargs="?", metavar="INPUT")
    report.add_argument("--by", required=True, help="metadata column of the groups (e.g. actor)")
    report.add_argument("--over", help="metadata column of periods (e.g. year)")
    report.add_argument("--speaker", help="metadata column of who speaks, for 'we' in speech acts (default: --by)")
    report.add_argument("--out", default="reports", help="output folder (default: reports)")
    report.add_argument("--n", type=int, default=15, help="key terms per group")
    report.add_argument("--n-boot", type=int, default=500, help="bootstrap replicates of the intervals")
    report.add_argument("--seed", type=int, default=0)
    report.add_argument("--title", help="title of the HTML page")
    report.set_defaults(run=_report)

    key = sub.add_parser("keyness", help="key terms of one group against the others (CSV on stdout)")
    key.add_argument("input", nargs="?", metavar="INPUT")
    key.add_argument("--by", required=True)
    key.add_argument("--target", required=True, help="the group to describe")
    key.add_argument("--measure", default="chi2", choices=["chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"])
    key.add_argument("--n", type=int, default=20)
    key.set_defaults(run=_keyness)

    fr = sub.add_parser("frames", help="frames per statement, or per group with --by (CSV on stdout)")
    fr.add_argument("input", nargs="?", metavar="INPUT")
    fr.add_argument("--by")
    fr.add_argument("--dictionary", help="a .yaml, .dic, .lc3 or .cat dictionary (default: the built-in frames)")
    fr.add_argument("--n-boot", type=int, default=500)
    fr.set_defaults(run=_frames)

    kw = sub.add_parser("kwic", help="keyword in context (CSV on stdout, optional HTML)")
    kw.add_argument("input", nargs="?", metavar="INPUT")
    kw.add_argument("--pattern", required=True, action="append", help="repeat for several patterns")
    kw.add_argument("--window", type=int, default=5)
    kw.add_argument("--valuetype", default="glob", choices=["glob", "regex", "phrase"])
    kw.add_argument("--html", help="also write an HTML view to this file")
    kw.set_defaults(run=_kwic)
    return parser


def _show_progress() -> None:
    """Show the toolkit's progress messages (INFO) on stderr, once."""
    import logging

    class _Stderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            # Looked up on each message: sys.stderr may have been replaced (tests, notebooks).
            print(f"  {record.getMessage()}", file=sys.stderr)

    log = logging.getLogger("toolkit")
    if not any(type(h).__name__ == "_Stderr" for h in log.handlers):
        log.addHandler(_Stderr())
    log.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    _show_progress()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            return args.run(args)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1
