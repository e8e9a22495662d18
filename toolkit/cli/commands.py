"""What each command does: read the statements, run the measure, write CSV to stdout or files to a folder."""

from __future__ import annotations

import argparse
import sys

from toolkit._util.files import spreadsheet_safe
from toolkit.compare import compare
from toolkit.corpus import Corpus
from toolkit.counts import dfm
from toolkit.framing import frames
from toolkit.io import demo_corpus, load_statements
from toolkit.keywords import keyness, kwic, kwic_html
from toolkit.report import write_report

__all__ = ["CommandError", "concordance", "frame_shares", "key_terms", "report"]


def _load(args: argparse.Namespace) -> Corpus:
    if args.input is None:
        return demo_corpus()
    try:
        return load_statements(args.input, text=args.text, id=args.id, encoding=args.encoding,
                                  sheet=args.sheet, name_pattern=args.name_pattern)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # The loader's messages name its Python parameters; say what they are called here.
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise CommandError(
            f"{message}\n(on the command line these are --text, --id, --encoding, --sheet and --name-pattern)"
        ) from exc


class CommandError(Exception):
    """An error in the data or the options, already phrased for the command line (exit code 1)."""


def _check_columns(corpus, **options: str | None) -> None:
    for option, column in options.items():
        if column is not None and column not in corpus.meta_columns:
            raise CommandError(
                f"the statements have no metadata column {column!r}; choose --{option} from: "
                f"{', '.join(corpus.meta_columns) or '(none: add metadata columns to the file)'}"
            )


def report(args: argparse.Namespace) -> int:
    import matplotlib  # only the report draws figures: no window, ever

    matplotlib.use("Agg")
    corpus = _load(args)
    _check_columns(corpus, by=args.by, over=args.over, speaker=args.speaker)
    groups = sorted({str(v) for v in corpus.meta[args.by].dropna()})
    if len(groups) < 2:
        raise CommandError(
            f"a report compares groups, but --by {args.by} has {len(groups)} value(s) "
            f"({', '.join(groups) or 'none'}); choose a column with at least two groups."
        )
    # A file of paragraphs (with parent_id) holds fewer statements than rows; say both.
    counted = (f"{corpus.meta['parent_id'].nunique()} statements ({len(corpus)} passages)"
               if "parent_id" in corpus.meta_columns else f"{len(corpus)} statements")
    print(f"Comparing {counted} by {args.by!r} ...", file=sys.stderr)
    comparison = compare(corpus, args.by, over=args.over, speaker=args.speaker, n=args.n, measure=args.measure,
                         min_docs=args.min_docs, min_count=args.min_count, remove_names=not args.keep_names,
                         n_boot=args.n_boot, seed=args.seed, cluster=args.cluster)
    for path in write_report(comparison, args.out, title=args.title, spreadsheet=not args.raw_csv):
        print(path)
    return 0


def key_terms(args: argparse.Namespace) -> int:
    corpus = _load(args)
    _check_columns(corpus, by=args.by)
    groups = sorted({str(v) for v in corpus.meta[args.by].dropna()})
    if args.target not in groups:
        raise CommandError(f"no group {args.target!r} in --by {args.by}; choose --target from: {', '.join(groups)}")
    grouped = dfm(corpus).group(args.by)
    result = keyness(grouped, args.target, measure=args.measure).head(args.n)
    _csv(result, args)
    return 0


def frame_shares(args: argparse.Namespace) -> int:
    corpus = _load(args)
    _check_columns(corpus, by=args.by)
    result = frames(corpus, args.dictionary)
    table = result.compare(args.by, n_boot=args.n_boot, cluster=args.cluster) if args.by else result.documents
    _csv(table, args)
    return 0


def concordance(args: argparse.Namespace) -> int:
    corpus = _load(args)
    hits = kwic(corpus, args.pattern, window=args.window, valuetype=args.valuetype)
    if args.html:
        kwic_html(hits, max_rows=len(hits) or 1).save(args.html)  # a whole UTF-8 page
    _csv(hits[["doc_id", "position", "left", "match", "right"]], args)
    return 0


def _csv(table, args: argparse.Namespace) -> None:
    """A table as CSV on stdout, its text cells neutralised for spreadsheets unless --raw-csv."""
    (table if args.raw_csv else spreadsheet_safe(table)).to_csv(sys.stdout, index=False)
