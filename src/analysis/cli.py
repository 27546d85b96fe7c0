"""Command-line interface: ``analysis corpus|keywords|terms|lexicon diff|sections|cluster|
trends|compare|report`` (also ``python -m analysis``).

Errors exit with status 2 and one line on stderr naming the input and the problem; skipped
files and rows are listed on stderr. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import config

__all__ = ["main"]

EXIT_USAGE = 2


class CliError(Exception):
    """An error to print as one line and exit with status 2."""


def _add_input(parser: argparse.ArgumentParser, *, units: bool = True) -> None:
    parser.add_argument(
        "input",
        help="file or folder: .txt/.md, .docx/.pdf, .csv/.tsv/.jsonl/.json/.xlsx; or a bundled corpus: "
        "essay, national-reports (1954-2025), policy-docs",
    )
    _add_table_options(parser)
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COL=VALUE",
        help="only documents whose column holds this value (doc_type=report; "
        "several values: doc_type=report|resolution; repeat for more columns)",
    )
    parser.add_argument(
        "--meta",
        metavar="FILE",
        help="a table of document attributes (.csv/.tsv/.xlsx: city, province, doc_type …) "
        "joined on doc_id; --where and --group can then use its columns",
    )
    parser.add_argument(
        "--meta-key", metavar="COL", help="the column of --meta holding doc_id (default: first)"
    )
    _add_drop_copies(parser)
    if units:
        parser.add_argument(
            "--unit",
            choices=("document", "section"),
            default="document",
            help="analyse whole documents (default) or each document's top-level sections "
            "(一、二、… or 第X章; see 'analysis sections')",
        )


def _add_terms_asked(parser: argparse.ArgumentParser, help: str) -> None:
    """The ``--terms`` a command is about (trends follows them, kwic finds them): required."""
    parser.add_argument("--terms", action="append", required=True, metavar="TERMS", help=help)


def _add_drop_copies(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--drop-copies",
        action="store_true",
        help="leave out each document whose cleaned text is that of an earlier one (an "
        "article reposted by several sites; the first is kept, the others are named)",
    )


def _add_table_options(parser: argparse.ArgumentParser) -> None:
    """How tables and files are read: the options of ``load_corpus`` (:func:`_load_options`)."""
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


def _add_words(parser: argparse.ArgumentParser, *, terms: bool = True) -> None:
    group = parser.add_argument_group("your own words (each may be given more than once)")
    group.add_argument(
        "--user-dict",
        action="append",
        default=[],
        metavar="FILE",
        help="more words for the segmenter: jieba lines 'word [freq] [pos]', or a .csv/.tsv "
        "with a 'term' column (such as the reviewed output of 'analysis terms --discover')",
    )
    group.add_argument(
        "--stopwords",
        action="append",
        default=[],
        metavar="FILE",
        help="more words to drop from counts, features and keywords, one per line",
    )
    if terms:  # (trends has its own --terms: the terms it follows, kept whole too)
        group.add_argument(
            "--terms",
            action="append",
            default=[],
            metavar="TERMS",
            help="terms to keep whole: comma-separated (数字政府,接诉即办) or a file, one per line; "
            "analysis report also follows them year by year (notebooks 02 and 05)",
        )


def _words(args: argparse.Namespace) -> dict:
    """``--user-dict``, ``--stopwords`` and ``--terms`` as options of ``make_segmenter``."""
    for path in [*args.user_dict, *args.stopwords]:
        if not Path(path).is_file():
            raise CliError(f"{path}: no such file (given to --user-dict or --stopwords)")
    terms = _split_terms(args.terms, _note)  # told once, here: every command builds a segmenter
    return {"user_dicts": args.user_dict, "stopwords": args.stopwords, "terms": terms}


def _common(args: argparse.Namespace) -> dict:
    """The options every workflow function takes from the shared flags."""
    return {
        "select": _select(args),
        "segmenter": _segmenter(args),
        "load_options": _load_options(args),
        "notify": _note,
    }


def _segmenter(args: argparse.Namespace):
    from .segment import make_segmenter

    return make_segmenter(**_words(args))


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


def _where(args: argparse.Namespace) -> dict[str, list[str]]:
    where: dict[str, list[str]] = {}
    for spec in args.where:
        column, sep, values = spec.partition("=")
        if not sep or not column.strip() or not values:
            raise CliError(f"--where {spec!r}: write COLUMN=VALUE, e.g. --where doc_type=report")
        where.setdefault(column.strip(), []).extend(v.strip() for v in values.split("|"))
    return where


def _select(args: argparse.Namespace):
    from .workflow import Selection

    return Selection(
        where=_where(args) if args.where else None,  # None: the corpus's default rows
        unit=getattr(args, "unit", "document"),
        meta=args.meta,
        meta_key=args.meta_key,
        drop_copies=args.drop_copies,
    )


def _load(args: argparse.Namespace):
    from .workflow import load_clean

    return load_clean(
        args.input, load_options=_load_options(args), select=_select(args), notify=_note
    )


def _add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--out", required=True, help=f"{what}: .csv, .tsv, .jsonl or .xlsx")
    parser.add_argument(
        "--raw",
        action="store_true",
        help="write text cells that start with = + - @ as they are (by default they get a "
        "leading ' so that a spreadsheet shows them as text instead of running them)",
    )


def _write(frame, out: Path, args: argparse.Namespace) -> None:
    """Every CSV/TSV starts with a UTF-8 BOM, so that Excel reads its Chinese as UTF-8."""
    from .report import write_table

    for note in write_table(frame, out, raw=args.raw, bom=True):
        print(f"analysis: {out}: {note}", file=sys.stderr)


def _units(args: argparse.Namespace, n: int) -> str:
    """``n`` rows, as what they are: documents, or with ``--unit section`` units (sections,
    and texts before the first heading), as the load note calls them."""
    return config.counted(n, "unit" if getattr(args, "unit", None) == "section" else "document")


def _cmd_corpus(args: argparse.Namespace) -> int:
    out = _check_out(Path(args.out), args)
    docs = _load(args)
    _write(docs, out, args)
    print(f"{_units(args, len(docs))} → {out}", file=sys.stderr)
    return 0


def _inputs(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The files and folders this command reads, by the option that names them."""
    named = [("the corpus", getattr(args, "input", None)), ("--meta", getattr(args, "meta", None))]
    named += [("the old lexicon", getattr(args, "old", None))]
    named += [("the new lexicon", getattr(args, "new", None))]
    named += [("--user-dict", p) for p in getattr(args, "user_dict", None) or []]
    named += [("--stopwords", p) for p in getattr(args, "stopwords", None) or []]
    return [(flag, Path(p).resolve()) for flag, p in named if p and Path(p).exists()]


def _check_out(out: Path, args: argparse.Namespace) -> Path:
    """``out``, or a :class:`CliError` before any work when it cannot be written, or would
    overwrite an input or land inside the corpus folder (the next run would read it as a
    document)."""
    from .report import TABLE_SUFFIXES

    target = out.resolve()
    for flag, path in _inputs(args):
        if target == path:
            raise CliError(f"cannot write {out}: it is {flag} this command reads; write elsewhere")
        if flag == "the corpus" and path.is_dir() and path in target.parents:
            raise CliError(
                f"cannot write {out}: it is inside the corpus folder {path}, and the next run "
                "would read it as a document; write it outside that folder"
            )
    if out.is_dir():
        raise CliError(
            f"cannot write {out}: it is a folder; give a file name such as {out / 'out.csv'}"
        )
    if out.suffix.lower() not in TABLE_SUFFIXES:
        raise CliError(
            f"cannot write {out}: unsupported output type {out.suffix or '(none)'}; "
            f"use {', '.join(TABLE_SUFFIXES)}"
        )
    folder = out.absolute().parent  # checked now, not after the corpus is segmented
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise CliError(f"cannot write {out}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CliError(f"cannot write {out}: no permission to write in {folder}")
    return out


def _cmd_keywords(args: argparse.Namespace) -> int:
    from .workflow import keywords_path

    out = _check_out(Path(args.out), args)
    if args.top < 1:
        raise CliError(f"--top must be at least 1, got {args.top}")
    docs, keywords = keywords_path(
        args.input,
        method=args.method,
        top_n=args.top,
        max_df=args.max_df,
        drop_places=args.no_places,
        **_common(args),
    )
    columns = ["doc_id", "rank", "term", "score"]
    if args.unit == "section":  # which part of the document: its heading (§0: before 一、)
        headings = docs.set_index("doc_id")["section_heading"].replace("", "（正文之前）")
        keywords = keywords.assign(heading=keywords["doc_id"].map(headings))
        columns.insert(1, "heading")
    _write(keywords[columns], out, args)
    print(
        f"{config.counted(len(keywords), 'keyword')} of {_units(args, len(docs))} "
        f"({args.method}) → {out}",
        file=sys.stderr,
    )
    return 0


def _cmd_sections(args: argparse.Namespace) -> int:
    from .structure import outline_notes, sections_table

    out = _check_out(Path(args.out), args)
    docs = _load(args)
    sections = sections_table(docs)
    _write(sections, out, args)
    for note in outline_notes(sections, docs):
        _note(note)
    print(
        f"{len(sections)} sections of {len(docs)} documents "
        f"({int((sections['level'] == 1).sum())} at level 1) → {out}",
        file=sys.stderr,
    )
    return 0


def _cmd_cluster(args: argparse.Namespace) -> int:
    from .cluster import EMPTY_CLUSTER, cluster_summary, k_note, names_place_note
    from .workflow import cluster_path

    out = _check_out(Path(args.out), args)
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
        drop_places=args.no_places,
        progress=sys.stderr.isatty(),
        **_common(args),
    )
    _write(result.assignments[["doc_id", "cluster", "label"]], out, args)
    how = result.method
    if (separation := result.silhouette()) is not None:  # of the clusters written
        how += f", silhouette {separation:.2f}"
    unusable = int((result.assignments["cluster"] == EMPTY_CLUSTER).sum())
    without = f"; {unusable} without usable words, cluster {EMPTY_CLUSTER}" if unusable else ""
    print(
        f"{_units(args, len(result.assignments))} in {config.counted(result.k, 'cluster')} "
        f"({how}){without} → {out}",
        file=sys.stderr,
    )
    for row in cluster_summary(result).itertuples():  # name, size, most typical documents
        print(f"  {row.cluster} {row.label} ({row.size}): {row.typical}", file=sys.stderr)
    for note in (k_note(result.k_scores), names_place_note(result)):
        if note:
            _note(note)
    return 0


def _cmd_terms(args: argparse.Namespace) -> int:
    from .workflow import terms_path

    out = _check_out(Path(args.out), args)
    for flag, value in (("--top", args.top), ("--min-count", args.min_count)):
        if value is not None and value < 1:
            raise CliError(f"{flag} must be at least 1, got {value}")
    table = terms_path(
        args.input,
        discover=args.discover,
        top_n=args.top,
        min_count=args.min_count,
        **_common(args),
    )
    _write(table, out, args)
    what = (
        "proposed terms (review them, then pass the file to --user-dict)"
        if args.discover
        else "terms"
    )
    print(f"{len(table)} {what} → {out}", file=sys.stderr)
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    from .workflow import kwic_path

    out = _check_out(Path(args.out), args)
    terms = _split_terms(args.terms)
    lines = kwic_path(args.input, terms, width=args.width, words=args.words, **_common(args))
    _write(lines, out, args)
    n_docs = lines.attrs.get("n_docs", 0)
    print(
        f"{config.counted(len(lines), 'line')} in {lines['doc_id'].nunique()} of "
        f"{_units(args, n_docs)} → {out}",
        file=sys.stderr,
    )
    for term in terms:
        found = lines[lines["term"] == term]
        if found.empty:
            print(f"  {term}: not found", file=sys.stderr)
            continue
        first = found.iloc[0]
        left, right = (" ".join(str(side).split()) for side in (first.left, first.right))
        print(
            f"  {term}: {config.counted(len(found), 'use')} in "
            f"{config.counted(found['doc_id'].nunique(), 'document')}; first: {first.title}: "
            f"…{left[-12:]}【{first.match}】{right[:12]}…",
            file=sys.stderr,
        )
    return 0


def _cmd_lexicon_diff(args: argparse.Namespace) -> int:
    from .workflow import lexicon_diff_path

    out = _check_out(Path(args.out), args)
    k = args.k if args.k == "auto" else _positive_int(args.k, "--k")
    for path in (args.old, args.new):
        if path != "bundled" and not Path(path).is_file():
            raise CliError(f"{path}: no such lexicon file (or say 'bundled')")
    changes, diff = lexicon_diff_path(
        args.old,
        args.new,
        args.input,
        top_n=args.top,
        k=k,
        random_state=args.seed,
        words=_words(args),
        select=_select(args),
        load_options=_load_options(args),
        notify=_note,
    )
    _write(diff, out, args)
    counts = changes["change"].value_counts()
    changed = int(((diff["added"] != "") | (diff["removed"] != "")).sum())
    print(
        f"lexicon: {counts.get('added', 0)} added, {counts.get('removed', 0)} removed, "
        f"{counts.get('changed', 0)} changed; keywords moved in {changed} of {len(diff)} "
        f"documents, {int(diff['moved'].sum())} changed cluster → {out}",
        file=sys.stderr,
    )
    if args.changes:
        _write(changes, _check_out(Path(args.changes), args), args)
    return 0


def _split_terms(values: list[str], notify=lambda line: None) -> list[str]:
    import re

    from .segment import read_wordlist
    from .workflow import simplified_terms

    terms = []
    for value in values:
        if Path(value).is_file():
            terms += read_wordlist(value)
        elif value.lower().endswith((".txt", ".csv", ".tsv")) or "/" in value:
            raise CliError(f"--terms {value}: no such file (or give the terms themselves: a,b,c)")
        else:
            terms += [t for t in re.split(r"[,，、\s]+", value) if t]
    return simplified_terms(terms, notify)


def _cmd_trends(args: argparse.Namespace) -> int:
    import pandas as pd

    from .workflow import trends_path

    out = _check_out(Path(args.out), args)
    if not 0 < args.level < 1 and args.level != 0:
        raise CliError(f"--level must be between 0 and 1 (0 for no interval), got {args.level}")
    if args.group and (args.summary or args.by != "year"):
        flag = "--summary gives first and peak" if args.summary else "--by sets the"
        raise CliError(f"{flag} periods: leave it out with --group")
    trends, summary = trends_path(
        args.input,
        _split_terms(args.terms),
        by=args.by,
        group=args.group,
        norm=args.norm,
        count=args.count,
        level=args.level or None,
        **_common(args),
    )
    _write(trends, out, args)
    if args.group:
        _tell_groups(trends, args)
        return 0
    periods = trends.drop_duplicates("period")
    gaps, dated = int((periods["n_docs"] == 0).sum()), int(periods["n_docs"].sum())
    print(
        f"{trends['term'].nunique()} term(s) over {len(periods)} period(s) "
        f"({gaps} without documents, left as gaps) in the {dated} dated document(s) → {out}",
        file=sys.stderr,
    )
    s = "s" if args.by == "decade" else ""  # first 1980s, not 1980 (read as a year)
    for row in summary.itertuples():
        first = "not used in them" if pd.isna(row.first_period) else f"first {row.first_period}{s}"
        peak = "" if pd.isna(row.peak_period) else f", peak {row.peak_period}{s}"
        print(f"  {row.term}: {row.total} uses, {first}{peak}", file=sys.stderr)
    if args.summary:
        _write(summary, _check_out(Path(args.summary), args), args)
    return 0


def _tell_groups(table, args: argparse.Namespace) -> None:
    """Per term, how many groups use it and the five that surely use it most, each with its
    uses or its documents (a group of one report tops a rate easily)."""
    noun = "documents" if args.group == "doc_id" else "groups"
    n_groups = table["group"].nunique()
    print(
        f"{table['term'].nunique()} term(s) in {n_groups} {noun} ({args.group}) → {args.out}",
        file=sys.stderr,
    )
    unit = {"per10k": " (per 10,000 words)", "docs": " (share of documents)", "raw": ""}
    shown = {"per10k": "{:.3g}", "docs": "{:.0%}", "raw": "{:.0f}"}[args.norm]

    def told(r) -> str:
        size = (
            config.counted(r.count, "use")
            if noun == "documents"
            else f"{r.docs_with} of {config.counted(r.n_docs, 'document')}"
        )
        return f"{r.group} {shown.format(r.rate)} ({size})"

    # ranked by the lower end of each rate's interval: one short document tops a rate easily
    surest = ", surest first (by the lower end of the interval)"
    surest = surest if args.level and args.norm != "raw" else ""  # raw: the counts' order
    for term, rows in table.groupby("term", sort=False):
        used = rows[rows["count"] > 0]
        top = "、".join(told(r) for r in used.head(5).itertuples())
        most = f"; most{unit[args.norm]}{surest}: {top}" if top else ""
        print(f"  {term}: used in {len(used)} of {n_groups} {noun}{most}", file=sys.stderr)


def _cmd_compare(args: argparse.Namespace) -> int:
    import pandas as pd

    from .trends import comparison_summary, parse_periods
    from .workflow import compare_path

    out = _check_out(Path(args.out), args)
    if (args.periods is None) == (args.group is None):
        raise CliError("give --periods 2013-2020,2021-2025 or --group COLUMN (one of them)")
    periods = parse_periods(args.periods) if args.periods else None
    if periods is not None and len(periods) != 2:
        raise CliError(f"--periods needs two periods, e.g. 2013-2020,2021-2025; got {args.periods}")
    table, emerging = compare_path(
        args.input,
        periods,
        group=args.group,
        drop_places=args.no_places,
        top_n=args.top,
        min_count=args.min_count,
        window=args.window if args.emerging else None,
        **_common(args),
    )
    _write(table, out, args)
    by = "period" if periods else "group"
    for label, n, terms in comparison_summary(table).itertuples(index=False):
        docs = f" ({config.counted(n, 'document')})" if pd.notna(n) else ""
        print(f"  {label}{docs}: {terms or '(no key terms)'}", file=sys.stderr)
    against = "the other" if periods else "the rest"
    print(f"{len(table)} terms over-used in one {by} against {against} → {out}", file=sys.stderr)
    if args.emerging and emerging is not None:
        _write(emerging, _check_out(Path(args.emerging), args), args)
        print(f"{len(emerging)} rising and fading terms → {args.emerging}", file=sys.stderr)
    return 0


def _share(value: str) -> float:
    """argparse type of a share of documents: a number in (0, 1]."""
    from .vectorize import check_share

    try:
        return check_share(float(value))
    except ValueError:  # not a number, or not a share
        raise argparse.ArgumentTypeError(
            f"a share of documents in (0, 1] such as 0.5, not {value!r}"
        ) from None


def _positive_int(value: str, flag: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CliError(f"{flag} must be a positive integer or 'auto', got {value!r}") from None
    if number < 1:
        raise CliError(f"{flag} must be a positive integer or 'auto', got {value!r}")
    return number


def _cmd_report(args: argparse.Namespace) -> int:
    from .corpus import missing_path
    from .report import copy_figures
    from .workflow import report_path

    corpus = config.corpus_path(args.corpus) if args.corpus else config.seed_corpus_path()
    if not corpus.exists():
        raise missing_path(corpus)
    out = Path(args.out) if args.out else config.reports_dir()
    params = {}
    if args.k is not None:
        params["k"] = args.k if args.k == "auto" else _positive_int(args.k, "--k")
    for key in ("top_n", "seed"):
        if getattr(args, key) is not None:
            params[key] = getattr(args, key)
    if args.no_places:
        params["drop_places"] = True
    words = _words(args)
    if words["user_dicts"]:
        params["user_dicts"] = [str(Path(p).resolve()) for p in words["user_dicts"]]
    if words["stopwords"]:
        params["stopword_files"] = [str(Path(p).resolve()) for p in words["stopwords"]]
    if words["terms"]:
        params["terms"] = words["terms"]
    if args.where:
        params["where"] = _where(args)
    if args.meta:
        if not Path(args.meta).is_file():
            raise CliError(f"{args.meta}: no such file (--meta)")
        params["meta_path"] = str(Path(args.meta).resolve())
    if args.meta_key:
        params["meta_key"] = args.meta_key
    if args.unit != "document":
        params["unit"] = args.unit
    if args.drop_copies:
        params["drop_copies"] = True
    if options := {k: v for k, v in _load_options(args).items() if v}:
        params["load_options"] = options
    index = report_path(
        corpus,
        out,
        parameters=params,
        group=args.group,
        progress=sys.stderr.isatty(),
        notify=_note,
    )
    print(f"reports: {out}/  (open {index})")
    if args.figures:
        written = copy_figures(out / "figures", args.figures)
        print(f"figures: {args.figures}/ ({len(written)} changed)")
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    from .report import run_lab

    root = Path(args.notebook_dir) if args.notebook_dir else config.notebooks_dir()
    if not root.is_dir():
        raise CliError(f"{root}: no such folder (--notebook-dir)")
    return run_lab(root, ip=args.ip, port=args.port, lab_args=args.lab_args)


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


def _warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    """A library warning (a stale cache entry, an empty vocabulary …) as one line."""
    print(f"analysis: warning: {message}", file=sys.stderr)


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
    p.add_argument(
        "--top",
        type=int,
        default=config.DEFAULT_TOP_N,
        help=f"keywords per document (default: {config.DEFAULT_TOP_N})",
    )
    p.add_argument(
        "--method",
        choices=methods,
        default=methods[0],
        help="keyword method (default: %(default)s, the best measured)",
    )
    p.add_argument(
        "--max-df",
        type=_share,
        metavar="SHARE",
        help="no keyword found in more than this share of the documents (default: "
        f"{config.KEYWORD_MAX_DF} from {config.KEYWORD_MAX_DF_FROM} documents on; 1 keeps every "
        "term; phrase and tfidf methods)",
    )
    p.add_argument(
        "--no-places",
        action="store_true",
        help="leave place names out (tagged ns or in the bundled gazetteer: 三亚, 乐业县 …)",
    )
    _add_words(p)
    p.set_defaults(func=_cmd_keywords)

    p = sub.add_parser(
        "terms",
        help="the vocabulary → term,count,n_docs; with --discover, terms the dictionary lacks, "
        "ranked by cohesion (PMI) and boundary freedom (left/right entropy)",
    )
    _add_input(p)
    _add_output(p, "output table")
    p.add_argument(
        "--discover", action="store_true", help="propose new terms instead of counting words"
    )
    p.add_argument("--top", type=int, help="rows to write (default: all; 200 with --discover)")
    p.add_argument(
        "--min-count", type=int, default=5, help="fewest uses of a proposed term (default: 5)"
    )
    _add_words(p)
    p.set_defaults(func=_cmd_terms)

    p = sub.add_parser("lexicon", help="compare two versions of the domain lexicon")
    lexicon = p.add_subparsers(dest="lexicon_command", required=True)
    p = lexicon.add_parser(
        "diff",
        help="which keywords and cluster assignments move from lexicon OLD to NEW on a corpus "
        "→ doc_id,title,removed,added,old_cluster,new_cluster,moved,old_label,new_label",
    )
    p.add_argument("old", help="the old lexicon file (jieba lines or a table), or 'bundled'")
    p.add_argument("new", help="the new lexicon file, or 'bundled'")
    _add_input(p)
    _add_output(p, "output table, one row per document")
    p.add_argument("--changes", help="also write the entries added, removed or changed here")
    p.add_argument(
        "--top",
        type=int,
        default=config.DEFAULT_TOP_N,
        help=f"keywords per document (default: {config.DEFAULT_TOP_N})",
    )
    p.add_argument("--k", default="auto", help="number of clusters, or 'auto' (default)")
    p.add_argument(
        "--seed",
        type=int,
        default=config.DEFAULT_SEED,
        help=f"random seed (default: {config.DEFAULT_SEED})",
    )
    _add_words(p)
    p.set_defaults(func=_cmd_lexicon_diff)

    p = sub.add_parser(
        "kwic",
        help="every use of terms in its context, a concordance → "
        "doc_id,title,date,term,left,match,right,position",
        epilog="A term is found wherever the text holds it (数据 in 大数据 too); --words finds "
        "it only where the segmenter cuts it as a word. position: the character offset in "
        "the cleaned text (analysis corpus writes it, column clean_text).",
    )
    _add_input(p)
    _add_output(p, "output table, one row per use")
    _add_terms_asked(
        p, "terms to find: comma-separated (数据要素,公共数据) or a file, one per line"
    )
    p.add_argument(
        "--width", type=int, default=20, help="characters shown either side (default: 20)"
    )
    p.add_argument(
        "--words", action="store_true", help="only where the segmentation has the term as a word"
    )
    _add_words(p, terms=False)
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser(
        "sections",
        help="cut policy documents into numbered sections (一、（一）1.（1）第X章 附件) → "
        "doc_id,section_id,level,number,heading,text,start,end",
        epilog="section_id is the section's path in the outline (2.10: the tenth section under "
        "section 2; 0: the text before the first heading). Read it as text, or 2.10 becomes "
        "2.1: in pandas read_csv(..., dtype={'section_id': str}); in a spreadsheet, import "
        "the column as text (or write --out sections.xlsx, whose cells are text).",
    )
    _add_input(p, units=False)
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
        help="cluster in batches with bounded memory (the in-memory model fitted on a seeded "
        f"sample of {config.STREAM_SAMPLE:,} documents, every document then assigned by it); "
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
    p.add_argument(
        "--no-places",
        action="store_true",
        help="cluster and name the clusters by the words that are no place names (tagged ns "
        "or in the bundled gazetteer), not by the names reports of one province share (in memory)",
    )
    _add_words(p)
    p.set_defaults(func=_cmd_cluster)

    p = sub.add_parser(
        "trends",
        help="how often chosen terms occur per year → "
        "period,term,count,docs_with,n_docs,n_tokens,rate,ci_low,ci_high",
    )
    _add_input(p)
    _add_output(p, "output table, one row per period and term")
    _add_terms_asked(
        p,
        "terms to follow: comma-separated (互联网,大数据,数字政府) or a file, one per line; "
        "they are also kept whole by the segmenter",
    )
    p.add_argument("--by", choices=("year", "decade"), default="year", help="period length")
    p.add_argument(
        "--norm",
        choices=("per10k", "docs", "raw"),
        default="per10k",
        help="rate: uses per 10,000 words (default; punctuation aside, whatever the stopwords), "
        "share of documents holding the term, "
        "or the count",
    )
    p.add_argument(
        "--count",
        choices=("text", "tokens"),
        default="text",
        help="count a term wherever the cleaned text holds it, as a search does (default), "
        "or only where the segmenter made it one token",
    )
    p.add_argument(
        "--level",
        type=float,
        default=0.95,
        help="confidence level of ci_low/ci_high (exact Poisson or binomial; 0 for none)",
    )
    p.add_argument("--summary", help="also write each term's first and peak period here")
    p.add_argument(
        "--group",
        metavar="COL",
        help="instead of periods: count the terms in each value of this column (province from "
        "--meta …; doc_id: each document), the groups using a term most first → "
        "group,term,count,… (no dates needed)",
    )
    _add_words(p, terms=False)
    p.set_defaults(func=_cmd_trends)

    p = sub.add_parser(
        "compare",
        help="terms over-used in one period against another, or in each group against the rest "
        "(used by significantly more of its documents; G², log-ratio) → period,reference,rank,"
        "term,score,count,ref_count,docs,ref_docs,rate,ref_rate,log_likelihood,log_ratio,"
        "p_value (group,rank,… with --group)",
        epilog="columns: count, docs (documents using the term) and rate (per 10,000 words, "
        "every word but punctuation, as analysis trends counts them) in "
        "the period or group, ref_count, ref_docs and ref_rate in the reference it is compared "
        "with; log_likelihood: Dunning's G² of the counts; score: the geometric mean of that "
        "and the G² of the documents using the term (the G² of the counts alone where either "
        f"side has fewer than {config.DISPERSION_FROM} documents); log_ratio: log2 of the "
        "ratio of the relative frequencies, a zero count taken as 0.5 (1: used twice as "
        "much); p_value: Fisher's exact test that more of the side's documents use the term "
        "(listed at p ≤ 0.05; each term's own p: of a few hundred terms tested, some pass "
        "by chance, so read the top ones in their documents; empty where a side has fewer "
        f"than {config.DISPERSION_FROM} documents and no test is made). --emerging adds "
        "direction: rising or fading.",
    )
    _add_input(p)
    _add_output(p, "output table")
    p.add_argument("--periods", help="two periods of years, e.g. 2013-2020,2021-2025")
    p.add_argument(
        "--group",
        metavar="COL",
        help="instead of periods: each value of this column (doc_type, province from --meta …) "
        "against the rest",
    )
    p.add_argument("--top", type=int, default=30, help="terms per period (default: 30)")
    p.add_argument(
        "--min-count", type=int, default=5, help="fewest uses in its period (default: 5)"
    )
    p.add_argument(
        "--emerging",
        metavar="FILE",
        help="also write rising and fading terms, each --window years against the ones before",
    )
    p.add_argument("--window", type=int, default=5, help="years per window (default: 5)")
    p.add_argument(
        "--no-places",
        action="store_true",
        help="leave place names out (tagged ns or in the bundled gazetteer), which would top "
        "every group of city reports",
    )
    _add_words(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser(
        "lab",
        help="JupyterLab on the notebooks, with the bundled Chinese font for its UI, markdown "
        "and outputs (your own Jupyter settings are read, never written)",
    )
    p.add_argument("--port", type=int, default=8888, help="port (default: 8888)")
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--notebook-dir", help="folder to open (default: the project's notebooks)")
    p.add_argument(
        "lab_args",
        nargs=argparse.REMAINDER,
        help="more options for jupyter lab, as it takes them (--IdentityProvider.token=…)",
    )
    p.set_defaults(func=_cmd_lab)

    p = sub.add_parser("report", help="run the notebooks on a corpus and write HTML reports")
    p.add_argument("--corpus", help="corpus path (default: the bundled essay and snippets)")
    p.add_argument("--out", help="output folder (default: reports/)")
    p.add_argument(
        "--figures",
        help="also copy the figures (OUT/figures/*.png) to this folder, rewriting only "
        "those that changed (make report uses the project's figures/)",
    )
    p.add_argument("--k", help="number of clusters, or 'auto' (default: each notebook's, auto)")
    p.add_argument(
        "--top",
        "--top-n",
        dest="top_n",
        type=int,
        help="keywords per document or cluster (default: each notebook's)",
    )
    p.add_argument("--seed", type=int, help=f"random seed (default: {config.DEFAULT_SEED})")

    p.add_argument(
        "--no-places", action="store_true", help="keywords, clusters and clouds without place names"
    )
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COL=VALUE",
        help="only documents whose column holds this value, e.g. doc_type=report",
    )
    p.add_argument(
        "--meta", metavar="FILE", help="a table of document attributes (first column: doc_id)"
    )
    p.add_argument(
        "--meta-key", metavar="COL", help="the column of --meta holding doc_id (default: first)"
    )
    p.add_argument(
        "--group",
        metavar="COL",
        help="compare each group of this column with the other documents in notebook 02 "
        "(default: doc_type, or the essay against its web snippets)",
    )
    _add_drop_copies(p)
    _add_table_options(p)
    p.add_argument(
        "--unit",
        choices=("document", "section"),
        default="document",
        help="analyse documents (default) or their top-level sections",
    )
    _add_words(p)
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
    args, unknown = parser.parse_known_args(argv)
    if unknown and getattr(args, "func", None) is not _cmd_lab:
        parser.parse_args(argv)  # the usual error, naming the command
    if getattr(args, "func", None) is _cmd_lab:  # JupyterLab's own options, as they are
        args.lab_args = [a for a in [*args.lab_args, *unknown] if a != "--"]
    try:
        with _library_log("analysis.segcache"), warnings.catch_warnings():
            warnings.showwarning = _warning_line
            return args.func(args)
    except (CliError, CorpusError, ReportError, ValueError, OSError) as exc:
        message = str(exc)
        source = getattr(args, "input", None) or getattr(args, "corpus", None)
        if isinstance(exc, OSError) and exc.filename and exc.strerror:  # the file it names
            message, source = f"{exc.filename}: {exc.strerror}", None
        if source and str(source) not in message and not message.startswith("cannot write"):
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
