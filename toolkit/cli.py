"""Command line: ``python -m toolkit report|keyness|frames|kwic ...``.

Exit codes follow convention: 0 success, 1 an error in the data or the analysis (the message
says what and how to fix it), 2 wrong use of the command (argparse's usage error).
"""

from __future__ import annotations

import argparse
import sys
import warnings

__all__ = ["main"]


def _load(args: argparse.Namespace):
    import toolkit as tk

    if args.input is None:
        return tk.demo_corpus()
    try:
        return tk.load_statements(args.input, text=args.text, id=args.id, encoding=args.encoding,
                                  sheet=args.sheet, pattern=args.name_pattern)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # The loader's messages name its Python parameters; say what they are called here.
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise _CommandError(
            f"{message}\n(on the command line these are --text, --id, --encoding, --sheet and --name-pattern)"
        ) from exc


class _CommandError(Exception):
    """An error in the data or the options, already phrased for the command line (exit code 1)."""


def _check_columns(corpus, **options: str | None) -> None:
    for option, column in options.items():
        if column is not None and column not in corpus.meta_columns:
            raise _CommandError(
                f"the statements have no metadata column {column!r}; choose --{option} from: "
                f"{', '.join(corpus.meta_columns) or '(none: add metadata columns to the file)'}"
            )


def _report(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import toolkit as tk

    corpus = _load(args)
    _check_columns(corpus, by=args.by, over=args.over, speaker=args.speaker)
    groups = sorted({str(v) for v in corpus.meta[args.by].dropna()})
    if len(groups) < 2:
        raise _CommandError(
            f"a report compares groups, but --by {args.by} has {len(groups)} value(s) "
            f"({', '.join(groups) or 'none'}); choose a column with at least two groups."
        )
    print(f"Comparing {len(corpus)} statements by {args.by!r} ...", file=sys.stderr)
    comparison = tk.compare(corpus, args.by, over=args.over, speaker=args.speaker, n=args.n, n_boot=args.n_boot,
                            seed=args.seed)
    for path in tk.write_report(comparison, args.out, title=args.title):
        print(path)
    return 0


def _keyness(args: argparse.Namespace) -> int:
    import toolkit as tk

    corpus = _load(args)
    _check_columns(corpus, by=args.by)
    groups = sorted({str(v) for v in corpus.meta[args.by].dropna()})
    if args.target not in groups:
        raise _CommandError(f"no group {args.target!r} in --by {args.by}; choose --target from: {', '.join(groups)}")
    grouped = tk.dfm(corpus).group(args.by)
    result = tk.keyness(grouped, args.target, measure=args.measure).head(args.n)
    result.to_csv(sys.stdout, index=False)
    return 0


def _frames(args: argparse.Namespace) -> int:
    import toolkit as tk

    corpus = _load(args)
    _check_columns(corpus, by=args.by)
    result = tk.frames(corpus, args.dictionary)
    table = result.compare(args.by, n_boot=args.n_boot) if args.by else result.documents
    table.to_csv(sys.stdout, index=False)
    return 0


def _kwic(args: argparse.Namespace) -> int:
    import toolkit as tk

    corpus = _load(args)
    hits = tk.kwic(corpus, args.pattern, window=args.window, valuetype=args.valuetype)
    if args.html:
        tk.kwic_html(hits, max_rows=len(hits) or 1).save(args.html)  # a whole UTF-8 page
    hits[["doc_id", "position", "left", "match", "right"]].to_csv(sys.stdout, index=False)
    return 0


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

    report = sub.add_parser("report", parents=[inputs], help="write an HTML report comparing groups, and every table as CSV and LaTeX")
    report.add_argument("--by", required=True, help="metadata column of the groups (e.g. actor)")
    report.add_argument("--over", help="metadata column of periods (e.g. year)")
    report.add_argument("--speaker", help="metadata column of who speaks, for 'we' in speech acts (default: --by)")
    report.add_argument("--out", default="reports", help="output folder (default: reports)")
    report.add_argument("--n", type=_count(1), default=15, help="key terms per group")
    report.add_argument("--n-boot", type=_count(0), default=500, help="bootstrap replicates of the intervals")
    report.add_argument("--seed", type=int, default=0)
    report.add_argument("--title", help="title of the HTML page")
    report.set_defaults(run=_report)

    key = sub.add_parser("keyness", parents=[inputs], help="key terms of one group against the others (CSV on stdout)")
    key.add_argument("--by", required=True)
    key.add_argument("--target", required=True, help="the group to describe")
    key.add_argument("--measure", default="chi2", choices=["chi2", "lr", "exact", "pmi", "logratio", "logodds", "scaledf"])
    key.add_argument("--n", type=_count(1), default=20)
    key.set_defaults(run=_keyness)

    fr = sub.add_parser("frames", parents=[inputs], help="frames per statement, or per group with --by (CSV on stdout)")
    fr.add_argument("--by")
    fr.add_argument("--dictionary", help="a .yaml, .dic, .lc3 or .cat dictionary (default: the built-in frames)")
    fr.add_argument("--n-boot", type=_count(0), default=500)
    fr.set_defaults(run=_frames)

    kw = sub.add_parser("kwic", parents=[inputs], help="keyword in context (CSV on stdout, optional HTML)")
    kw.add_argument("--pattern", required=True, action="append", help="repeat for several patterns")
    kw.add_argument("--window", type=_count(1), default=5)
    kw.add_argument("--valuetype", default="glob", choices=["glob", "regex", "phrase"])
    kw.add_argument("--html", help="also write an HTML view to this file")
    kw.set_defaults(run=_kwic)
    return parser


class _Progress:
    """Show the toolkit's progress messages (INFO) on stderr while a command runs, then stop."""

    def __enter__(self) -> _Progress:
        import logging

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
    except _CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1
