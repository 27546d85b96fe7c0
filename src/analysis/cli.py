"""Command-line interface: ``analysis corpus|keywords|sections|cluster|report`` (also
``python -m analysis``).

Errors exit with status 2 and one line on stderr naming the input and the problem; skipped
files and rows are listed on stderr. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import config

__all__ = ["main"]

EXIT_USAGE = 2


class CliError(Exception):
    """An error to print as one line and exit with status 2."""


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="file or folder: .txt/.md, .csv/.tsv/.jsonl/.json/.xlsx")
    parser.add_argument("--text-col", help="table column holding the text")
    parser.add_argument("--title-col", help="table column holding the title")
    parser.add_argument("--id-col", help="table column holding unique document ids")
    parser.add_argument("--date-col", help="table column holding the date")
    parser.add_argument("--sheet", help="read only this sheet of a workbook (default: every sheet)")
    parser.add_argument(
        "--encoding", help="encoding of text and CSV files, e.g. gbk (default: detected)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail instead of skipping unusable files or rows"
    )


def _note(line: str) -> None:
    print(f"analysis: {line}", file=sys.stderr)


def _load_options(args: argparse.Namespace) -> dict:
    return {
        "text_col": args.text_col,
        "title_col": args.title_col,
        "id_col": args.id_col,
        "date_col": args.date_col,
        "sheet": args.sheet,
        "encoding": args.encoding,
        "strict": args.strict,
    }


def _load(args: argparse.Namespace):
    from .workflow import load_clean

    return load_clean(args.input, load_options=_load_options(args), notify=_note)


def _add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--out", required=True, help=f"{what}: .csv, .tsv, .jsonl or .xlsx")
    parser.add_argument(
        "--raw",
        action="store_true",
        help="write text cells that start with = + - @ as they are (by default they get a "
        "leading ' so that a spreadsheet shows them as text instead of running them)",
    )


def _write(frame, out: Path, args: argparse.Namespace, *, bom: bool = False) -> None:
    from .report import write_table

    for note in write_table(frame, out, raw=args.raw, bom=bom):
        print(f"analysis: {out}: {note}", file=sys.stderr)


def _cmd_corpus(args: argparse.Namespace) -> int:
    out = _check_out(Path(args.out))
    docs = _load(args)
    _write(docs, out, args, bom=True)  # the BOM makes Excel read a CSV as UTF-8
    print(f"{len(docs)} documents → {out}", file=sys.stderr)
    return 0


def _check_out(out: Path) -> Path:
    from .report import TABLE_SUFFIXES

    if out.suffix.lower() not in TABLE_SUFFIXES:
        raise CliError(
            f"{out}: unsupported output type {out.suffix or '(none)'}; "
            f"use {', '.join(TABLE_SUFFIXES)}"
        )
    return out


def _cmd_keywords(args: argparse.Namespace) -> int:
    from .workflow import keywords_path

    out = _check_out(Path(args.out))
    if args.top < 1:
        raise CliError(f"--top must be at least 1, got {args.top}")
    docs, keywords = keywords_path(
        args.input,
        method=args.method,
        top_n=args.top,
        drop_places=args.no_places,
        load_options=_load_options(args),
        notify=_note,
    )
    _write(keywords[["doc_id", "rank", "term", "score"]], out, args)
    print(
        f"{len(keywords)} keywords of {len(docs)} documents ({args.method}) → {out}",
        file=sys.stderr,
    )
    return 0


def _cmd_sections(args: argparse.Namespace) -> int:
    from .structure import sections_table

    out = _check_out(Path(args.out))
    docs = _load(args)
    sections = sections_table(docs)
    _write(sections, out, args)
    print(
        f"{len(sections)} sections of {len(docs)} documents "
        f"({int((sections['level'] == 1).sum())} at level 1) → {out}",
        file=sys.stderr,
    )
    return 0


def _cmd_cluster(args: argparse.Namespace) -> int:
    from .workflow import cluster_path

    out = _check_out(Path(args.out))
    k = args.k if args.k == "auto" else _positive_int(args.k, "--k")
    if args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1, got {args.batch_size}")
    result = cluster_path(
        args.input,
        k=k,
        random_state=args.seed,
        stream=args.stream,
        batch_size=args.batch_size,
        dask=args.dask,
        load_options=_load_options(args),
        progress=sys.stderr.isatty(),
        notify=_note,
    )
    _write(result.assignments[["doc_id", "cluster", "label"]], out, args)
    print(
        f"{len(result.assignments)} documents in {result.k} clusters ({result.method}) → {out}",
        file=sys.stderr,
    )
    return 0


def _positive_int(value: str, flag: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CliError(f"{flag} must be a positive integer or 'auto', got {value!r}") from None
    if number < 1:
        raise CliError(f"{flag} must be a positive integer or 'auto', got {value!r}")
    return number


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import build_reports, copy_figures

    corpus = Path(args.corpus) if args.corpus else config.seed_corpus_path()
    if not corpus.exists():
        raise CliError(f"{corpus}: no such file or folder")
    out = Path(args.out) if args.out else config.reports_dir()
    params = {}
    if args.k is not None:
        params["k"] = args.k if args.k == "auto" else _positive_int(args.k, "--k")
    for key in ("top_n", "seed"):
        if getattr(args, key) is not None:
            params[key] = getattr(args, key)
    if args.no_places:
        params["drop_places"] = True
    index = build_reports(corpus, out, parameters=params, progress=sys.stderr.isatty())
    print(f"reports: {out}/  (open {index})")
    if args.figures:
        written = copy_figures(out / "figures", args.figures)
        print(f"figures: {args.figures}/ ({len(written)} changed)")
    return 0


class _Stderr(logging.Handler):
    """Library INFO lines (e.g. whether the segmentation came from the cache) as
    ``analysis: …`` on the stderr of the moment."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"analysis: {record.getMessage()}", file=sys.stderr)


@contextlib.contextmanager
def _library_log(name: str):
    logger, handler = logging.getLogger(name), _Stderr()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:  # main() may run in-process (tests, notebooks): leave the logger as it was
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("analysis")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="analysis",
        description="Chinese-text topic analysis: corpus, keywords, clusters, reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("corpus", help="load and clean a corpus, write it as a table")
    _add_input(p)
    _add_output(p, "output table (a CSV gets a UTF-8 BOM for Excel)")
    p.set_defaults(func=_cmd_corpus)

    methods = config.KEYWORD_METHODS
    p = sub.add_parser("keywords", help="keywords of each document → doc_id,rank,term,score")
    _add_input(p)
    _add_output(p, "output table")
    p.add_argument("--top", type=int, default=config.DEFAULT_TOP_N, help="keywords per document")
    p.add_argument(
        "--method",
        choices=methods,
        default=methods[0],
        help="keyword method (default: %(default)s, the best measured)",
    )
    p.add_argument(
        "--no-places",
        action="store_true",
        help="leave place names out (tagged ns or in the bundled gazetteer: 三亚, 乐业县 …)",
    )
    p.set_defaults(func=_cmd_keywords)

    p = sub.add_parser(
        "sections",
        help="cut policy documents into numbered sections (一、（一）1.（1）第X章 附件) → "
        "doc_id,section_id,level,number,heading,text,start,end",
    )
    _add_input(p)
    _add_output(p, "output table")
    p.set_defaults(func=_cmd_sections)

    p = sub.add_parser("cluster", help="cluster the documents → doc_id,cluster,label")
    _add_input(p)
    _add_output(p, "output table")
    p.add_argument("--k", default="auto", help="number of clusters, or 'auto' (default)")
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument(
        "--stream",
        choices=("auto", "on", "off"),
        default="auto",
        help="cluster in batches with bounded memory (hashed features, mini-batch k-means); "
        "auto: when the input is large for this machine's free memory (default)",
    )
    p.add_argument(
        "--batch-size", type=int, default=20_000, help="documents per batch with --stream"
    )
    p.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="run on Dask, one partition per input file: a scheduler address "
        "(tcp://host:8786) or 'local' for a cluster of this machine's cores",
    )
    p.set_defaults(func=_cmd_cluster)

    p = sub.add_parser("report", help="run the notebooks on a corpus and write HTML reports")
    p.add_argument("--corpus", help="corpus path (default: the bundled essay and snippets)")
    p.add_argument("--out", help="output folder (default: reports/)")
    p.add_argument(
        "--figures",
        help="also copy the figures (OUT/figures/*.png) to this folder, rewriting only "
        "those that changed (make report uses the project's figures/)",
    )
    p.add_argument("--k", help="number of clusters, or 'auto'")
    p.add_argument("--top-n", type=int, help="keywords per document or cluster")
    p.add_argument("--seed", type=int, help="random seed")
    p.add_argument("--no-places", action="store_true", help="keywords without place names")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # NumPy asks the kernel for 2 MB pages for its large arrays; this program's arrays live
    # briefly, and on the 2-core VM of the README's table zeroing fresh huge pages cost
    # 0.4 s of system time in a 20 MB `analysis cluster` (7 % of the run). Set before NumPy
    # is imported; NUMPY_MADVISE_HUGEPAGE=1 in the environment turns it back on.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    from .corpus import CorpusError
    from .report import ReportError

    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with _library_log("analysis.segcache"):
            return args.func(args)
    except (CliError, CorpusError, ReportError, ValueError, OSError) as exc:
        message = str(exc)
        source = getattr(args, "input", None) or getattr(args, "corpus", None)
        if source and str(source) not in message:
            message = f"{source}: {message}"
        print(f"analysis: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("analysis: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug or a failing notebook: one line, traceback on request
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        last = (str(exc).strip().splitlines() or [""])[-1]
        print(
            f"analysis: error: {type(exc).__name__}: {last} "
            "(set ANALYSIS_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 1
