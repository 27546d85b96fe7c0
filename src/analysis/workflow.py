"""Whole runs on a corpus path, as the command line makes them: which path a corpus takes (in
memory, streamed in batches, or on Dask) and which worker pools run it are decided here, so that
``analysis.cli`` only parses arguments and writes outputs.

Every function takes the path and ``load_options`` (the keyword arguments of
:func:`analysis.corpus.load_corpus`) and returns library results; ``notify`` receives the lines
a user should read (skipped files, the path chosen), one string each.
"""

from __future__ import annotations

import copy
import datetime
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import Literal

import pandas as pd

from . import config
from .clean import display_titles, make_pipeline, simplify_traditional
from .corpus import (
    CorpusError,
    check_strict,
    corpus_files,
    date_year,
    issue_lines,
    join_metadata,
    load_corpus,
    load_report,
    select_documents,
)
from .parallel import PARALLEL_FROM, idle_work, n_workers, worker_pool
from .segcache import clean_corpus_cached, segment_corpus
from .segment import Segmenter, make_segmenter

__all__ = [
    "Selection",
    "check_group",
    "cluster_path",
    "compare_path",
    "input_bytes",
    "keywords_path",
    "lexicon_diff_path",
    "load_clean",
    "report_path",
    "reports_only",
    "stream_decision",
    "terms_path",
    "trends_path",
]

Notify = Callable[[str], None]


@dataclass(frozen=True)
class Selection:
    """Which rows an analysis runs on.

    ``meta`` is a metadata table joined first on its ``meta_key`` column
    (:func:`~analysis.corpus.join_metadata`), so that ``where`` can select by its columns;
    ``where`` keeps the documents whose column holds one of the values
    (:func:`~analysis.corpus.select_documents`), ``{}`` keeps all, and ``None`` (the
    default) all but for the bundled national reports (:func:`reports_only`); with
    ``unit="section"`` the rows are the top-level sections (一、二、… or 第X章) of each document
    (:func:`~analysis.structure.section_units`), titled ``document title · heading``.
    ``drop_copies`` leaves out each document whose cleaned text is that of an earlier one
    (an article reposted by nine sites), keeping the first.
    """

    where: Mapping[str, Sequence[str]] | None = None
    unit: Literal["document", "section"] = "document"
    meta: str | Path | None = None
    meta_key: str | None = None
    drop_copies: bool = False

    def __post_init__(self) -> None:
        if self.unit not in ("document", "section"):
            raise ValueError(f"unit must be 'document' or 'section', got {self.unit!r}")

    @property
    def chooses_rows(self) -> bool:
        return bool(self.where or self.meta or self.drop_copies) or self.unit != "document"


def _quiet(_: str) -> None:
    return None


def input_bytes(path: str | Path) -> int:
    """Size on disk of a file, or of every file under a folder."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _pool_size(path: Path) -> int:
    """Worker processes worth starting before reading: all cores when the input holds about
    :data:`~analysis.parallel.PARALLEL_FROM` characters or more (3 bytes each in UTF-8
    Chinese), else none."""
    return n_workers() if input_bytes(path) >= 3 * PARALLEL_FROM else 0


def load_clean(
    path: str | Path,
    *,
    load_options: dict | None = None,
    select: Selection | None = None,
    notify: Notify = _quiet,
):
    """:func:`load_corpus` (``path`` may name a bundled corpus, see
    :func:`~analysis.config.corpus_path`), then :func:`~analysis.clean.clean_corpus` (read from
    the cache when these texts were cleaned before:
    :func:`~analysis.segcache.clean_corpus_cached`), on the rows ``select``
    chooses (:class:`Selection`; the bundled national reports without their NPC resolutions
    unless it says otherwise: :func:`reports_only`); skipped files go to ``notify``. An input
    with no usable document is a :class:`~analysis.corpus.CorpusError`.

    Examples
    --------
    >>> docs = load_clean("essay")
    >>> len(docs), bool(docs["clean_text"].str.len().gt(0).all())
    (12, True)
    """
    path = config.corpus_path(path)
    select = select or Selection()
    options = dict(load_options or {})
    # strict with a --meta table: checked after the join, once the table in the corpus's
    # folder reads as the metadata table, not as a skipped file
    strict_after_join = bool(options.get("strict")) and bool(select.meta)
    if strict_after_join:
        options["strict"] = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the skips go to notify instead
        docs = load_corpus(path, **options)
    asked = select.where is not None
    where = select.where if asked else reports_only(path, notify)
    try:
        if docs.empty:
            why = "see the skipped files above" if load_report(docs).issues else "it holds no text"
            raise CorpusError(f"{path}: no usable documents ({why})")
        if select.meta:  # joined before the issues are told: the table may be in the folder
            date_col = (load_options or {}).get("date_col")
            docs = join_metadata(docs, select.meta, key=select.meta_key, date_col=date_col)
    finally:  # told when loading fails too: what was skipped may be why
        issues = load_report(docs).issues
        for line in issue_lines(issues):
            notify(line)
    seen = len(issues)
    if strict_after_join:
        check_strict(load_report(docs))
    if select.meta:
        for line in unmatched_notes(docs, select.meta):
            notify(line)
    if where:
        chosen = select_documents(docs, where)
        conditions = ", ".join(f"{k}={'|'.join(map(str, v))}" for k, v in where.items())
        if chosen.empty:
            values = "; ".join(_held(docs[k], v, k, docs) for k, v in where.items())
            raise CorpusError(f"{path}: no document has {conditions} ({values})")
        told = " (--where)" if asked else ""
        notify(f"{len(chosen)} of {len(docs)} documents have {conditions}{told}")
        docs = chosen
    docs = clean_corpus_cached(docs)
    for line in issue_lines(load_report(docs).issues[seen:]):  # what cleaning noted
        notify(line)
    if select.drop_copies:
        docs = without_copies(docs, notify)
    return _sections(docs, notify) if select.unit == "section" else docs


def without_copies(docs: pd.DataFrame, notify: Notify = _quiet) -> pd.DataFrame:
    """The documents but those whose cleaned text is that of an earlier one (told, with
    the ids left out)."""
    copies = docs["clean_text"].duplicated(keep="first")
    if copies.any():
        left_out = docs.loc[copies, "doc_id"].astype(str).tolist()
        notify(
            f"{len(left_out)} {'copy' if len(left_out) == 1 else 'copies'} left out (--drop-copies): "
            f"{_some(left_out)}, each the same cleaned text as an earlier document, which is kept"
        )
    return docs[~copies].reset_index(drop=True)


def unmatched_notes(docs: pd.DataFrame, meta: str | Path) -> list[str]:
    """What a metadata join left unpaired, named: the documents without a row in ``meta``
    and the rows of ``meta`` that match no document (a misspelt or missing file).

    >>> docs = pd.DataFrame({"doc_id": ["三亚"]})
    >>> docs.attrs.update(unmatched=1, unmatched_docs=["三亚"], unused_rows=["苏洲.txt"])
    >>> unmatched_notes(docs, "meta.csv")  # doctest: +NORMALIZE_WHITESPACE
    ['1 of 1 documents have no row in meta.csv: 三亚',
     '1 row of meta.csv matches no document: 苏洲.txt (check its spelling, or that the file is in the corpus)']
    """
    notes = []
    if missing := docs.attrs.get("unmatched_docs", []):
        notes.append(
            f"{len(missing)} of {len(docs)} documents have no row in {meta}: {_some(missing)}"
        )
    if unused := docs.attrs.get("unused_rows", []):
        rows = config.counted(len(unused), "row")
        verb = "matches" if len(unused) == 1 else "match"
        notes.append(
            f"{rows} of {meta} {verb} no document: {_some(unused)} (check its spelling, or "
            "that the file is in the corpus)"
        )
    return notes


def _some(names: Sequence[str], n: int = 5) -> str:
    return "、".join(map(str, names[:n])) + (
        f" … ({len(names) - n} more)" if len(names) > n else ""
    )


def simplified_terms(terms: Sequence[str], notify: Notify = _quiet) -> list[str]:
    """The user's terms as the cleaned texts spell them: traditional characters in simplified
    form, as the default cleaning writes every traditional text (a term 數據 would match
    nothing); each one changed is told.

    >>> simplified_terms(["數據", "数字政府"], notify=print)
    數據 is searched as 数据: the texts are compared in simplified characters
    ['数据', '数字政府']
    """
    out = []
    for term in terms:
        simple = simplify_traditional(term)
        if simple != term:
            notify(
                f"{term} is searched as {simple}: the texts are compared in simplified characters"
            )
        out.append(simple)
    return out


def reports_only(path: str | Path, notify: Notify = _quiet) -> dict[str, list[str]]:
    """The rows read when none are asked for: for the bundled national reports, the work
    reports without the NPC resolutions on them (notified), as a ``where``; else all
    (``{}``). A resolution is a page of set phrases, and a year whose only document is one
    (2020) reads as a peak of every term it names. Every command and report reads them so;
    ``--where 'doc_type=report|resolution'`` reads all 72, and so does a comparison of
    ``doc_type`` (``--group doc_type``)."""
    if not config.is_bundled(path, "national-reports"):
        return {}
    notify(
        "national-reports: the government work reports, not the NPC resolutions on them "
        "(a year of one short resolution would read as a peak); all of them: "
        "--where 'doc_type=report|resolution'"
    )
    return {"doc_type": ["report"]}


def _sections(docs: pd.DataFrame, notify: Notify) -> pd.DataFrame:
    from .structure import outline_notes, section_units, sections_table

    sections = sections_table(docs)
    for note in outline_notes(sections, docs):
        notify(note)
    units = section_units(docs, sections)
    units = units[units["clean_text"].str.strip() != ""].reset_index(drop=True)
    heading = units["section_number"].fillna("") + units["section_heading"].fillna("")
    heading = heading.where(units["section_level"] > 0, "（前言）")
    parent = units["clean_title"].fillna(units["parent_id"].astype(str))
    units["clean_title"] = parent + " · " + heading
    units.attrs = copy.deepcopy(docs.attrs)
    preambles = int((units["section_level"] == 0).sum())
    notify(
        f"{len(units)} units of {len(docs)} documents: {len(units) - preambles} top-level "
        f"sections and {preambles} texts before the first heading (--unit section)"
    )
    return units


def keywords_path(
    path: str | Path,
    *,
    method: str = "phrase",
    top_n: int = config.DEFAULT_TOP_N,
    max_df: float | None = None,
    drop_places: bool = False,
    select: Selection | None = None,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus and the keywords of each document. The segmentation is the cached one
    :func:`cluster_path` uses too, so keywords after clustering do not segment again. The
    terms left out as found in too many documents (``max_df``) go to ``notify``."""
    from .keywords import ceiling_note, extract_keywords, place_note

    segmenter = segmenter or Segmenter()
    path = config.corpus_path(path)
    with worker_pool(make_pipeline(), segmenter, workers=_pool_size(path)):
        docs = load_clean(path, load_options=load_options, select=select, notify=notify)
        corpus = segment_corpus(docs, segmenter)
        keywords = extract_keywords(
            docs["clean_text"],
            doc_ids=docs["doc_id"],
            method=method,
            top_n=top_n,
            segmenter=segmenter,
            tokens=corpus,
            max_df=max_df,
            drop_places=drop_places,
        )
    for note in (ceiling_note(keywords, len(docs), max_df), place_note(keywords)):
        if note:
            notify(note)
    return docs, keywords


#: Columns of :func:`kwic_path`.
KWIC_COLUMNS = ["doc_id", "title", "date", "term", "left", "match", "right", "position"]


def kwic_path(
    path: str | Path,
    terms: list[str],
    *,
    width: int = 20,
    words: bool = False,
    select: Selection | None = None,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> pd.DataFrame:
    """Every occurrence of ``terms`` in the cleaned texts under ``path``, with ``width``
    characters either side and the document's title and date (:data:`KWIC_COLUMNS`, in
    document order): :func:`~analysis.context.kwic`. A term is found wherever the text holds
    it (数据 in 大数据 too), or with ``words`` only where the segmentation has it as a word
    (``terms`` are then kept whole)."""
    from .context import kwic

    if not terms:
        raise ValueError("name the terms to find, e.g. --terms 数据要素,公共数据")
    if width < 1:
        raise ValueError(f"width must be at least 1 character, got {width}")
    terms = simplified_terms(terms)
    corpus = None
    if words:
        segmenter = segmenter or make_segmenter(terms=terms)
        docs, corpus = _load_segment(path, select, segmenter, load_options, notify)
    else:
        docs = load_clean(path, load_options=load_options, select=select, notify=notify)
    lines = kwic(
        docs["clean_text"].tolist(), terms, doc_ids=docs["doc_id"].tolist(), width=width,
        corpus=corpus,
    )  # fmt: skip
    where = lines["doc_id"].map(dict(zip(docs["doc_id"], range(len(docs)), strict=True)))
    titles = pd.Series(display_titles(docs), dtype=object)
    lines = lines.assign(
        title=titles.iloc[where].to_numpy() if len(lines) else [],
        date=docs["date"].iloc[where].to_numpy() if len(lines) else [],
    )
    lines.attrs["n_docs"] = len(docs)
    return lines[KWIC_COLUMNS]


def terms_path(
    path: str | Path,
    *,
    discover: bool = False,
    top_n: int | None = None,
    min_count: int = 5,
    select: Selection | None = None,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> pd.DataFrame:
    """The vocabulary of a corpus (:func:`~analysis.vectorize.term_counts`) or, with
    ``discover``, the terms its dictionary lacks (:func:`~analysis.terms.discover_terms`,
    best ``top_n``, 200 by default)."""
    segmenter = segmenter or Segmenter()
    docs, corpus = _load_segment(path, select, segmenter, load_options, notify)
    if not discover:
        from .vectorize import term_counts

        return term_counts(corpus, top_n=top_n)
    from .terms import discover_terms

    return discover_terms(
        corpus,
        texts=docs["clean_text"].tolist(),
        known=segmenter.dictionary_words,
        stopwords=segmenter.stopwords,
        min_count=min_count,
        top_n=200 if top_n is None else top_n,
    )


def lexicon_diff_path(
    old: str | Path,
    new: str | Path,
    path: str | Path,
    *,
    top_n: int = config.DEFAULT_TOP_N,
    k: int | Literal["auto"] = "auto",
    random_state: int | None = config.DEFAULT_SEED,
    words: dict | None = None,
    select: Selection | None = None,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The entries that differ between lexicon files ``old`` and ``new`` (``"bundled"`` for
    the bundled policy lexicon) and, per document of the corpus at ``path``, the keywords and
    cluster assignments that moved (:func:`~analysis.lexicon.lexicon_diff`). ``words`` are
    the other options of :func:`~analysis.segment.make_segmenter`, applied to both."""
    from .lexicon import lexicon_changes, lexicon_diff
    from .segment import make_segmenter, read_user_dict

    files = [config.policy_lexicon_path() if str(f) == "bundled" else Path(f) for f in (old, new)]
    segmenters = [make_segmenter(lexicon=f, **(words or {})) for f in files]
    changes = lexicon_changes(*(read_user_dict(f)[0] for f in files))
    docs = load_clean(path, load_options=load_options, select=select, notify=notify)
    diff = lexicon_diff(docs, *segmenters, top_n=top_n, k=k, random_state=random_state)
    return changes, diff


def _load_segment(path, select, segmenter, load_options, notify, *, check=None):
    """:func:`load_clean` and :func:`segment_corpus` in one worker pool; ``check(docs)``
    runs between them, so that a wrong column or missing dates fail before segmenting."""
    path = config.corpus_path(path)
    with worker_pool(make_pipeline(), segmenter, workers=_pool_size(path)):
        docs = load_clean(path, load_options=load_options, select=select, notify=notify)
        if check is not None:
            check(docs)
        return docs, segment_corpus(docs, segmenter)


def _dated(path, select, segmenter, load_options, notify):
    """A dated corpus and its segmentation; the dates are checked before segmenting."""

    def check(docs):
        years = docs["date"].map(date_year)
        unread = docs.loc[years.isna() & docs["date"].notna(), "date"].astype(str)
        examples = list(dict.fromkeys(unread))
        if years.isna().all():
            holds = f" (its dates read {_some(examples)})" if len(unread) else ""
            raise CorpusError(
                f"{path}: no document has a date with a year{holds}; give the date column of "
                "a table with --date-col, or a --meta table with a date or year column for "
                "text files (--date-col names it when it has several; or name files with "
                "their year)"
            )
        if undated := int(years.isna().sum()):
            unreadable = f", {len(unread)} of them a date without a year: {_some(examples)}"
            notify(
                f"{undated} of {len(docs)} documents have no date and are left out of periods"
                + (unreadable if len(unread) else "")
            )
        this_year = datetime.date.today().year
        if len(later := docs.loc[years > this_year, "date"].astype(str)):
            notify(
                f"{config.counted(len(later), 'document')} dated after {this_year}: "
                f"{_some(list(dict.fromkeys(later)))} (check: the periods run up to it)"
            )

    return _load_segment(path, select, segmenter or Segmenter(), load_options, notify, check=check)


def _grouped(path, group: str, select, segmenter, load_options, notify):
    """A corpus with the column ``group`` and its segmentation; the column is checked before
    segmenting, and the documents without a value are told. Grouped by ``doc_type``, the
    bundled national reports keep their resolutions (:func:`reports_only`)."""
    if group == "doc_type" and (select is None or select.where is None):
        select = replace(select or Selection(), where={})
    docs, corpus = _load_segment(
        path,
        select,
        segmenter or Segmenter(),
        load_options,
        notify,
        check=lambda docs: check_group(docs, group),
    )
    if missing := int(docs[group].isna().sum()):
        notify(f"{missing} of {len(docs)} documents have no {group} and are left out")
    return docs, corpus


def trends_path(
    path: str | Path,
    terms: list[str],
    *,
    by: Literal["year", "decade"] = "year",
    group: str | None = None,
    norm: Literal["per10k", "docs", "raw"] = "per10k",
    count: Literal["text", "tokens"] = "text",
    level: float | None = 0.95,
    select: Selection | None = None,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """:func:`~analysis.trends.term_trends` of a dated corpus and its
    :func:`~analysis.trends.trend_summary` (first appearance and peak of each term); or, with
    ``group`` (a column; ``doc_id``: each document), :func:`~analysis.trends.term_groups` of
    its values, for corpora with or without dates, and no summary."""
    from .trends import dominant_documents, first_uses, term_groups, term_trends, trend_summary

    if not terms:
        raise ValueError("name the terms to follow, e.g. --terms 互联网,大数据,数字政府")
    terms = simplified_terms(terms)
    options = {"tokens": None, "norm": norm, "count": count, "level": level}
    if group is None:
        docs, options["tokens"] = _dated(path, select, segmenter, load_options, notify)
        trends = term_trends(
            docs["clean_text"].tolist(), docs["date"].tolist(), terms, by=by, **options
        )
        periods = trends.drop_duplicates("period").set_index("period")["n_docs"]
        held = periods[periods > 0]
        # a series of one report a year is thin throughout by design: said only where the
        # corpus is small or some periods hold many more documents than others
        if held.sum() < config.KEYWORD_MAX_DF_FROM or (held >= 3).any():
            says = "a first use or peak there is"
            named = held.rename(lambda p: f"{p}s") if by == "decade" else held  # 1960s
            _note_thin(named.to_dict(), notify, what=f"{by}s", says=says)
        if by == "year" and options["tokens"] is not None:
            sizes = options["tokens"].word_lengths
            heavy = dominant_documents(docs["date"], sizes, titles=display_titles(docs))
            if len(heavy):
                shown = "; ".join(
                    f"{r.period}: {r.title}, {r.share:.0%} of the words of its {r.n_docs} documents"
                    for r in heavy.head(5).itertuples()
                )
                notify(
                    f"one document makes most of a year ({shown}): that year's rates are "
                    "mostly its own (--where can leave it out)"
                )
        if count == "text":  # a search also finds a term inside longer words: 机制 in 机制纸
            titles = display_titles(docs)  # as charts name them: 1988年, not the full title
            lines = first_uses(docs["clean_text"], docs["date"], terms, titles=titles)
            for line in lines.itertuples():
                left, right = (" ".join(side.split()) for side in (line.left, line.right))
                named = "" if line.title.rstrip("年") == str(line.period) else f", {line.title}"
                notify(
                    f"first use of {line.term}: {line.period}{named}: "
                    f"…{left[-12:]}【{line.match}】{right[:12]}…"
                )
        return trends, trend_summary(trends)
    docs, options["tokens"] = _grouped(path, group, select, segmenter, load_options, notify)
    return term_groups(docs["clean_text"].tolist(), docs[group].tolist(), terms, **options), None


def compare_path(
    path: str | Path,
    periods: list[tuple[float, float]] | None = None,
    *,
    group: str | None = None,
    drop_places: bool = False,
    top_n: int = 30,
    min_count: int = 5,
    window: int | None = None,
    select: Selection | None = None,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """:func:`~analysis.trends.compare_periods` of two periods of a dated corpus and, with
    ``window``, :func:`~analysis.trends.emerging_terms` over windows of that many years; or,
    with ``group`` (a column), :func:`~analysis.trends.compare_groups` of its values.
    Words that hardly occur apart are counted as one (:func:`~analysis.keywords.
    join_bound_words`: 强富美高, not 强富 and 美高); ``drop_places`` leaves place names out
    (:func:`~analysis.keywords.without_places`): in city reports they would top every group."""
    from .keywords import named_words
    from .trends import compare_groups, compare_periods, emerging_terms

    if group is not None:
        docs, corpus = _grouped(path, group, select, segmenter, load_options, notify)
        sizes = corpus.word_lengths  # every word but punctuation, as trends count them
        corpus = named_words(corpus, drop_places=drop_places)
        table = compare_groups(
            corpus, docs[group].tolist(), top_n=top_n, min_count=min_count, sizes=sizes
        )
        _note_thin(table.attrs.get("n_docs", {}), notify)
        return table, None
    if not periods:
        raise ValueError("compare two periods (--periods 2013-2020,2021-2025) or groups (--group)")
    docs, corpus = _dated(path, select, segmenter, load_options, notify)
    sizes = corpus.word_lengths
    corpus = named_words(corpus, drop_places=drop_places)
    dates = docs["date"].tolist()
    options = {"top_n": top_n, "min_count": min_count, "sizes": sizes}
    table = compare_periods(corpus, dates, periods, **options)
    _note_thin(table.attrs.get("n_docs", {}), notify)
    emerging = None
    if window:
        emerging = emerging_terms(corpus, dates, window=window, **options)
        _note_thin(emerging.attrs.get("n_docs", {}), notify, what="windows")
    return table, emerging


def _held(column: pd.Series, asked, name: str, docs: pd.DataFrame | None = None) -> str:
    """What a ``--where`` column holds: the values close to those asked first (四川 for
    四川省), then the others, up to 8, and how many more there are; for an empty column, the
    columns of ``docs`` that hold a value asked (source is the loader's own, empty for a
    table whose sources are in 来源)."""
    from difflib import get_close_matches

    held = list(dict.fromkeys(column.dropna().astype(str)))
    if not held:
        wanted = {str(v) for v in asked}
        others = [
            str(c) for c in (docs.columns if docs is not None else [])
            if c != name and docs[c].astype(str).isin(wanted).any()
        ]  # fmt: skip
        there = (
            f"; {'|'.join(sorted(wanted))} is in the column {', '.join(others)}" if others else ""
        )
        return f"{name} is empty in every document{there}"
    close = [m for v in asked for m in get_close_matches(str(v), held, n=3, cutoff=0.5)]
    shown = list(dict.fromkeys([*close, *held]))[:8]
    more = f" and {len(held) - len(shown)} more" if len(held) > len(shown) else ""
    hint = f"; did you mean {'|'.join(dict.fromkeys(close))}?" if close else ""
    return f"{name} holds {', '.join(shown)}{more}{hint}"


def check_group(docs: pd.DataFrame, column: str) -> None:
    """A :class:`~analysis.corpus.CorpusError` naming the columns when ``docs`` has no
    ``column`` to group by (``--group``)."""
    if column not in docs.columns:
        raise CorpusError(
            f"--group {column}: the corpus has no such column; its columns are "
            f"{', '.join(map(str, docs.columns))} (add more with --meta)"
        )


def report_path(
    corpus: str | Path,
    out: str | Path | None = None,
    *,
    parameters: dict | None = None,
    group: str | None = None,
    progress: bool = False,
    notify: Notify = _quiet,
) -> Path:
    """:func:`~analysis.report.build_reports` of ``corpus`` after reading and cleaning it once
    here (the notebooks then read the cleaned texts from the cache): a corpus without a usable
    document, a selection (``parameters`` ``where``, ``meta_path``, ``unit``) that keeps
    none, or a ``group`` column it lacks is one error, not a failed notebook cell. ``group``
    is the column notebook 02 compares. The bundled national reports are read without their
    NPC resolutions unless ``where`` says otherwise (notified). Returns the path of
    ``index.html``."""
    from .report import build_reports

    parameters, corpus = dict(parameters or {}), config.corpus_path(corpus)
    given = parameters.get("where")  # None: the corpus's default rows, told by load_clean
    docs = load_clean(
        corpus,
        load_options=parameters.get("load_options"),
        select=Selection(
            where=given,
            unit=parameters.get("unit", "document"),
            meta=parameters.get("meta_path"),
            meta_key=parameters.get("meta_key"),
            drop_copies=parameters.get("drop_copies", False),
        ),
        notify=notify,
    )
    if given is None and (where := reports_only(corpus)):
        parameters["where"] = where  # the notebooks read the same rows
    if group:
        check_group(docs, group)
        parameters["group_column"] = group
    return build_reports(corpus, out, parameters=parameters, progress=progress, notify=notify)


def _note_thin(
    n_docs: Mapping, notify: Notify, what: str = "", says: str = "the terms are"
) -> None:
    """:func:`~analysis.trends.few_documents_note`, to ``notify``."""
    from .trends import few_documents_note

    if line := few_documents_note(n_docs, what=what, says=says):
        notify(line)


def stream_decision(
    path: str | Path, stream: Literal["auto", "on", "off"] = "auto"
) -> tuple[bool, str | None]:
    """Whether :func:`cluster_path` streams, and the note saying why when it chose to."""
    if stream == "on":
        return True, None
    if stream == "off":
        return False, None
    size = input_bytes(path)
    if size >= config.stream_threshold():
        return True, (
            f"{path} is {size / 1e6:.0f} MB: clustering in batches (--stream on); "
            "use --stream off to load it whole"
        )
    return False, None


def cluster_path(
    path: str | Path,
    *,
    k: int | Literal["auto"] = "auto",
    random_state: int | None = config.DEFAULT_SEED,
    stream: Literal["auto", "on", "off"] = "auto",
    batch_size: int = 20_000,
    dask: str | None = None,
    drop_places: bool = False,
    segmenter: Segmenter | None = None,
    select: Selection | None = None,
    load_options: dict | None = None,
    progress: bool = False,
    notify: Notify = _quiet,
):
    """Cluster the documents under ``path``: in memory, streamed in batches (``stream``; by
    itself when the input is large for the free memory), or on Dask (``dask``: a scheduler
    address or ``"local"``). ``drop_places`` clusters and names by the words that are no
    place names (:func:`~analysis.keywords.without_places`; in memory): reports of one
    province then group by what they say, not by the names they share. Returns a
    :class:`~analysis.cluster.ClusterResult`."""
    path = config.corpus_path(path)
    load_options = load_options or {}
    segmenter = segmenter or Segmenter()
    chosen = select is not None and select.chooses_rows
    asked = [
        f
        for f, on in (
            ("--where, --meta, --unit and --drop-copies", chosen),
            ("--no-places", drop_places),
        )
        if on
    ]
    if asked and (dask or stream == "on"):
        mode = "--dask" if dask else "--stream on"
        raise ValueError(f"{' and '.join(asked)} work in memory, not with {mode}; leave out {mode}")
    if dask:
        return _cluster_dask(
            path,
            dask,
            k=k,
            random_state=random_state,
            options=load_options,
            segmenter=segmenter,
            notify=notify,
        )
    streamed, note = stream_decision(path, "off" if chosen or drop_places else stream)
    if note:
        notify(note)
    if streamed:
        from .stream import cluster_corpus_stream

        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        result = cluster_corpus_stream(
            path,
            batch_size=batch_size,
            load_options=load_options,
            k=k,
            random_state=random_state,
            segmenter=segmenter,
            progress=progress,
        )
        report = result.assignments.attrs.get("load_report")
        for line in issue_lines(report.issues if report else ()):
            notify(line)
        return result
    # For a large corpus the worker processes start first and load the segmenter's dictionary
    # while this one reads the corpus; it then imports the clustering code (scikit-learn,
    # SciPy: over a second) while they segment.
    with worker_pool(make_pipeline(), segmenter, workers=_pool_size(path)):
        docs = load_clean(path, load_options=load_options, select=select, notify=notify)
        with idle_work(lambda: import_module("analysis.cluster")):
            tokens = segment_corpus(docs, segmenter)
    from .cluster import cluster_documents
    from .keywords import named_words, without_places

    words = named_words(tokens, drop_places=drop_places)  # names of 强富美高, not 强富 and 美高
    tokens = without_places(tokens) if drop_places else tokens
    return cluster_documents(
        tokens, doc_ids=docs["doc_id"], k=k, random_state=random_state, name_tokens=words
    )


def _cluster_dask(
    path: Path, address: str, *, k, random_state, options: dict, segmenter, notify: Notify
):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ValueError(
            "--dask needs the Dask extra: pip install -e '.[dask]' (or 'analysis[dask]')"
        ) from None
    from .distributed import cluster_dask

    paths, report = corpus_files(path)
    run = {"load_options": options, "k": k, "random_state": random_state, "segmenter": segmenter}
    if address == "local":
        with (
            LocalCluster(n_workers=n_workers(), threads_per_worker=1, dashboard_address=None) as lc,
            Client(lc) as client,
        ):
            result = cluster_dask(paths, client=client, **run)
    else:
        try:
            client = Client(address, timeout="10s")
        except OSError as exc:
            raise ValueError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        with client:
            result = cluster_dask(paths, client=client, **run)
    for issue in [str(i) for i in report.issues] + result.assignments.attrs.get("load_issues", []):
        notify(issue)
    return result
