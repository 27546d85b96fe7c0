"""Read Chinese texts from files, folders and tables into one DataFrame with a fixed schema.

This module and the report writer are the only ones that read files. Encodings are detected with
``charset-normalizer``; nothing is dropped without a word: every file or row that cannot be used is
listed in a :class:`LoadReport` (``docs.attrs["load_report"]``), and ``strict=True`` turns any skip
into an error.

Schema of the returned frame, in this order, followed by any extra columns of a table input:

==========  ==============================================================================
doc_id      unique string id: ``<name>`` for a one-document file, ``<name>#<n>`` for the n-th
            document of a multi-document file or table row n, or the table's id column
title       title (first line of a text file when it looks like one, else the file name)
text        the text as read (line breaks normalised to ``\\n``), never modified further
kind        ``article`` / ``snippet`` (web-article format), ``document`` (a text file),
            ``record`` (a table row)
source      publication (e.g. 组织人事报) or ``None``
date        date as written, ISO ``YYYY-MM-DD`` where the input gives one, or ``None``
author      author or ``None``
path        file the document came from
truncated   ``True`` when the text visibly stops early (a snippet ending in ``...``/``…``)
==========  ==============================================================================
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

__all__ = [
    "SCHEMA",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "CorpusError",
    "LoadIssue",
    "LoadReport",
    "iter_corpus",
    "load_corpus",
    "load_report",
    "parse_web_article",
    "read_text_file",
]

SCHEMA = ["doc_id", "title", "text", "kind", "source", "date", "author", "path", "truncated"]
TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json", ".xlsx")

#: Column names tried, in order, when a table's column is not given explicitly.
COLUMN_CANDIDATES = {
    "text": ("text", "content", "body", "abstract", "正文", "内容", "文本", "摘要"),
    "title": ("title", "headline", "标题", "题目"),
    "id": ("doc_id", "id", "编号"),
    "date": ("date", "published", "time", "year", "日期", "时间", "年份"),
}

_MAX_REPAIRED_SHARE = 0.01  # at most 1 % replacement characters before a file counts as undecodable
_TRUNCATION = re.compile(r"(?:\.{3,}|…+|\.\s\.\s\.)\s*$")
_SOURCE_LINE = re.compile(
    r"^《(?P<source>[^》]+)》\s*(?P<date>\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)?\s*(?P<page>\S*版)?\s*$"
)
_BULLET = re.compile(r"^\s*[•·●▪◦]\s*(?P<title>\S.*)$")
_COUNTER = re.compile(r"^[(（]\d+[)）]$")  # "(0)": a like/comment counter of the web page
_AUTHOR_UNIT = re.compile(r"^[(（]作者单位[:：](?P<unit>[^)）]+)[)）]\W*$")
_SENTENCE_END = tuple("。！？；：，,.!?;:")


class CorpusError(ValueError):
    """A corpus input that cannot be read; the message names the input and what to do."""


@dataclass(frozen=True)
class LoadIssue:
    """One file or row that was skipped, repaired or is worth a note."""

    path: str
    reason: str
    action: Literal["skipped", "repaired", "note"] = "skipped"
    row: int | None = None

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path} (row {self.row})"
        return f"{self.action}: {where}: {self.reason}"


@dataclass
class LoadReport:
    """What :func:`load_corpus` read and what it could not use."""

    source: str
    n_files: int = 0
    n_docs: int = 0
    encodings: dict[str, str] = field(default_factory=dict)
    issues: list[LoadIssue] = field(default_factory=list)

    @property
    def skipped(self) -> list[LoadIssue]:
        return [i for i in self.issues if i.action == "skipped"]

    def to_frame(self) -> pd.DataFrame:
        """Issues as a DataFrame with columns ``path, row, action, reason``."""
        rows = [(i.path, i.row, i.action, i.reason) for i in self.issues]
        return pd.DataFrame(rows, columns=["path", "row", "action", "reason"])

    def __str__(self) -> str:
        head = f"{self.source}: {self.n_docs} documents from {self.n_files} file(s)"
        if not self.issues:
            return head
        return "\n".join([head, *(f"  {i}" for i in self.issues)])


class _Skip(Exception):
    """Internal: this file or row cannot be used, for the reason given."""


# --------------------------------------------------------------------------- decoding


def read_text_file(path: str | Path) -> tuple[str, str, LoadIssue | None]:
    """Read a text file in any of UTF-8 (with or without BOM), GB18030/GBK or UTF-16.

    Returns ``(text, encoding, issue)``; ``issue`` notes a repair (invalid bytes replaced by
    U+FFFD) and is ``None`` otherwise. Raises ``_Skip`` for empty, binary or undecodable files.
    """
    from charset_normalizer import from_bytes

    path = Path(path)
    raw = path.read_bytes()
    if not raw or raw.isspace():  # (no copy of a large file, unlike strip())
        raise _Skip("empty file")
    best = from_bytes(raw).best()
    issue = None
    if best is not None:
        text, encoding = str(best), best.encoding
    elif b"\x00" in raw[:8192]:
        raise _Skip("binary file, not text (it contains NUL bytes)")
    else:
        text, encoding = raw.decode("utf-8", errors="replace"), "utf_8"
        n_bad = text.count("\ufffd")
        if n_bad > _MAX_REPAIRED_SHARE * len(text):
            raise _Skip("cannot decode: not UTF-8, GB18030 or UTF-16; re-save the file as UTF-8")
        issue = LoadIssue(
            str(path),
            f"{n_bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD; the rest was kept",
            action="repaired",
        )
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if "\x00" in text or controls > 0.05 * min(len(text), 65536):
        raise _Skip("binary file, not text (control characters)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, issue


# --------------------------------------------------------------------------- text formats


def _doc(**kw) -> dict:
    row = dict.fromkeys(SCHEMA)
    row["truncated"] = False
    row.update(kw)
    return row


def _normalise_date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})", value)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else value


def _is_truncated(text: str) -> bool:
    # the marker sits at the very end: search only there (a full scan is O(length))
    return bool(_TRUNCATION.search(text[-80:]))


def parse_web_article(text: str) -> list[dict] | None:
    """Split a scraped web article with a "相关推荐" list into its documents.

    The layout is: title, author line, ``《报名》YYYY-MM-DD NN版`` source line, body paragraphs, an
    optional ``(作者单位:…)`` line, a counter such as ``(0)``, the line ``相关推荐`` and then
    bulleted snippet titles (``•``), each followed by its body. Returns ``None`` when the text
    does not have this layout.

    Examples
    --------
    >>> page = "标题\\n作者\\n《报》2021-10-21 07版\\n正文。\\n相关推荐\\n• 题\\n文 ..."
    >>> docs = parse_web_article(page)
    >>> [(d["kind"], d["title"], d["truncated"]) for d in docs]
    [('article', '标题', False), ('snippet', '题', True)]
    """
    lines = [ln.strip() for ln in text.split("\n")]
    nonempty = [ln for ln in lines if ln]
    if not nonempty:
        return None
    has_related = "相关推荐" in nonempty
    source_at = next((i for i, ln in enumerate(nonempty[:6]) if _SOURCE_LINE.match(ln)), None)
    if not has_related and source_at is None:
        return None

    split = nonempty.index("相关推荐") if has_related else len(nonempty)
    head, tail = nonempty[:split], nonempty[split + 1 :]

    article = _doc(kind="article", title=head[0] if head else None)
    body_start = 1
    if source_at is not None and source_at < split:
        m = _SOURCE_LINE.match(nonempty[source_at])
        article.update(source=m["source"], date=_normalise_date(m["date"]))
        if m["page"]:
            article["page"] = m["page"]
        if source_at == 2:  # title, author, source
            article["author"] = head[1]
        body_start = source_at + 1
    body = []
    for ln in head[body_start:]:
        if _COUNTER.match(ln):
            continue
        unit = _AUTHOR_UNIT.match(ln)
        if unit:
            article["author_unit"] = unit["unit"].strip()
            continue
        body.append(ln)
    article["text"] = "\n".join(body)
    article["truncated"] = _is_truncated(article["text"])
    docs = [article] if body else []

    current = None
    for ln in tail:
        m = _BULLET.match(ln)
        if m:
            current = _doc(kind="snippet", title=m["title"].strip(), text="")
            docs.append(current)
        elif current is not None:
            current["text"] = f"{current['text']}\n{ln}" if current["text"] else ln
        # lines before the first bullet (page furniture) belong to no document
    for d in docs:
        if d["kind"] == "snippet":
            d["truncated"] = _is_truncated(d["text"])
    return docs


def _plain_document(text: str, fallback_title: str, suffix: str) -> dict:
    lines = [ln.strip() for ln in text.split("\n")]
    nonempty = [ln for ln in lines if ln]
    first = nonempty[0].lstrip("#").strip() if nonempty else ""
    looks_like_title = (
        len(nonempty) > 1
        and 0 < len(first) <= 40
        and not first.endswith(_SENTENCE_END)
        and (suffix == ".md" or not nonempty[0].startswith(" "))
    )
    if looks_like_title:
        i = lines.index(nonempty[0])
        body = "\n".join(lines[i + 1 :]).strip("\n")
        return _doc(kind="document", title=first, text=body)
    return _doc(kind="document", title=fallback_title, text=text.strip("\n"))


def _has_content(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _has_cjk(text: str) -> bool:
    return re.search(r"[\u3400-\u9fff\uf900-\ufaff]", text) is not None


# --------------------------------------------------------------------------- tables


def _pick_column(
    columns: Sequence[str], wanted: str | None, role: str, path: Path, *, required: bool
) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise CorpusError(
                f"{path}: no column {wanted!r} (the {role} column); the columns are: "
                f"{', '.join(map(str, columns))}. Pass --{role}-col with one of them."
            )
        return wanted
    lower = {str(c).lower(): c for c in columns}
    for cand in COLUMN_CANDIDATES[role]:
        if cand in lower:
            return lower[cand]
    if required:
        raise CorpusError(
            f"{path}: no {role} column found (looked for {', '.join(COLUMN_CANDIDATES[role])}); "
            f"the columns are: {', '.join(map(str, columns))}. Pass --{role}-col NAME."
        )
    return None


def _read_table(path: Path, report: LoadReport) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise _Skip(f"cannot read as an Excel workbook ({exc})") from exc
    text, encoding, issue = read_text_file(path)
    report.encodings[str(path)] = encoding
    if issue:
        report.issues.append(issue)
    if suffix in (".csv", ".tsv"):
        try:
            return pd.read_csv(
                io.StringIO(text),
                sep="\t" if suffix == ".tsv" else ",",
                dtype=str,
                keep_default_na=False,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise _Skip(f"cannot parse as {suffix[1:].upper()}: {exc}") from exc
    if suffix == ".jsonl":
        return pd.DataFrame.from_records(list(_json_records(text.split("\n"), path, report)))
    # .json: a list of objects, or an object holding one such list
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Skip(f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise _Skip("JSON must be a list of objects, or an object holding one such list")
        data = lists[0]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise _Skip("JSON must be a list of objects")
    return pd.DataFrame.from_records(data)


def _json_records(lines: Iterable[str], path: Path, report: LoadReport) -> Iterator[dict]:
    """The objects of JSON lines; blank lines are passed over, bad ones listed."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            report.issues.append(LoadIssue(str(path), f"invalid JSON: {exc.msg}", row=n))
            continue
        if not isinstance(rec, dict):
            report.issues.append(LoadIssue(str(path), "line is not a JSON object", row=n))
            continue
        yield rec


def _table_documents(
    table: pd.DataFrame,
    path: Path,
    base: str,
    report: LoadReport,
    columns: dict[str, str | None],
    start: int = 0,
) -> list[dict]:
    cols = [str(c) for c in table.columns]
    table.columns = cols
    text_col = _pick_column(cols, columns["text"], "text", path, required=True)
    title_col = _pick_column(cols, columns["title"], "title", path, required=False)
    id_col = _pick_column(cols, columns["id"], "id", path, required=columns["id"] is not None)
    date_col = _pick_column(cols, columns["date"], "date", path, required=False)
    used = {text_col, title_col, id_col, date_col}
    named = {c: c for c in ("author", "source") if c in cols and c not in used}
    used |= set(named)
    extras = [c for c in cols if c not in used]

    docs = []
    for n, rec in enumerate(table.to_dict("records"), start=start):
        text = rec.get(text_col)
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
        if not text.strip():
            report.issues.append(LoadIssue(str(path), f"empty {text_col!r}", row=n))
            continue
        doc_id = str(rec[id_col]) if id_col else f"{base}#{n}"
        title = rec.get(title_col) if title_col else None
        date = rec.get(date_col) if date_col else None
        doc = _doc(
            doc_id=doc_id,
            title=None if title in (None, "") else str(title),
            text=text.replace("\r\n", "\n"),
            kind="record",
            date=None if date in (None, "") else _normalise_date(str(date)),
            path=str(path),
            truncated=_is_truncated(text),
            **{k: (rec[c] or None) for k, c in named.items()},
        )
        for c in extras:
            doc[c if c not in SCHEMA else f"input_{c}"] = rec[c]
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------- entry point


def _files_in(root: Path, report: LoadReport) -> list[Path]:
    files = []
    for p in sorted(root.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            report.issues.append(LoadIssue(str(p), "hidden file, not read"))
        elif p.suffix.lower() not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            report.issues.append(
                LoadIssue(
                    str(p),
                    f"unsupported file type {p.suffix or '(none)'}; "
                    f"readable: {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)}",
                )
            )
        else:
            files.append(p)
    return files


def _load_file(
    path: Path, base: str, report: LoadReport, columns: dict[str, str | None]
) -> list[dict]:
    if path.suffix.lower() in TABLE_SUFFIXES:
        docs = _table_documents(_read_table(path, report), path, base, report, columns)
    else:
        text, encoding, issue = read_text_file(path)
        report.encodings[str(path)] = encoding
        if issue:
            report.issues.append(issue)
        parsed = parse_web_article(text)
        if parsed is not None:
            docs = parsed
            for n, d in enumerate(docs):
                d["doc_id"] = f"{base}#{n}"
        else:
            docs = [_plain_document(text, Path(base).name, path.suffix.lower())]
            docs[0]["doc_id"] = base
        for d in docs:
            d["path"] = str(path)
    return _with_content(docs, path, report)


def _with_content(docs: list[dict], path: Path, report: LoadReport, start: int = 0) -> list[dict]:
    """Documents that have text; the others are listed in the report."""
    kept = []
    for n, d in enumerate(docs, start=start):
        row = n if len(docs) > 1 or d["kind"] == "record" or start else None
        if not _has_content(d["text"]):
            what = "no text" if not d["text"].strip() else "no text, only punctuation/symbols/emoji"
            report.issues.append(LoadIssue(str(path), what, row=row))
            continue
        if not _has_cjk(d["text"]):
            report.issues.append(
                LoadIssue(str(path), "no Chinese characters (kept)", action="note", row=row)
            )
        kept.append(d)
    return kept


def load_corpus(
    path: str | Path | Iterable[str | Path],
    *,
    text_col: str | None = None,
    title_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
    strict: bool = False,
) -> pd.DataFrame:
    """Load a corpus into a DataFrame with the fixed schema described in this module.

    Parameters
    ----------
    path
        A ``.txt``/``.md`` file (one document, or the web-article format with a "相关推荐"
        list), a ``.csv``/``.tsv``/``.jsonl``/``.json``/``.xlsx`` table (one row per document),
        a folder of such files (read recursively, in name order), or a list of these.
    text_col, title_col, id_col, date_col
        Table columns to use. By default the first present of common names is taken
        (``text``/``content``/``正文`` …); a name given here must exist.
    strict
        Raise :class:`CorpusError` instead of skipping an unusable file or row.

    Returns
    -------
    pandas.DataFrame
        One row per document. ``docs.attrs["load_report"]`` holds the :class:`LoadReport`:
        every skipped or repaired file/row with its reason. A warning summarises skips.

    Raises
    ------
    CorpusError
        Missing path, a named column that does not exist, duplicate ids, or (with
        ``strict=True``) any skip.

    Examples
    --------
    >>> docs = load_corpus("data/raw/digital-shackles-essay-2021-10-21.txt")  # doctest: +SKIP
    >>> docs[["title", "kind"]].head(2)  # doctest: +SKIP
                     title     kind
    0  卸掉基层治理的“数字枷锁”  article
    1  陈根:从管理到服务,数字政府加速度  snippet
    """
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    report = LoadReport(source=", ".join(map(str, paths)))
    columns = {"text": text_col, "title": title_col, "id": id_col, "date": date_col}
    docs: list[dict] = []
    for file, base in _input_files(paths, report):
        report.n_files += 1
        try:
            docs.extend(_load_file(file, base, report, columns))
        except _Skip as skip:
            report.issues.append(LoadIssue(str(file), str(skip)))
    _check_strict(report, strict)
    frame = _frame(docs, report, set())
    report.n_docs = len(frame)
    if report.skipped:
        warnings.warn(
            f"{len(report.skipped)} file(s)/row(s) skipped while loading {report.source}: "
            + "; ".join(map(str, report.skipped[:5]))
            + (" …" if len(report.skipped) > 5 else "")
            + " (all in docs.attrs['load_report'])",
            stacklevel=2,
        )
    return frame


def _input_files(paths: list[Path], report: LoadReport) -> Iterator[tuple[Path, str]]:
    """``(file, base id)`` of every readable file under ``paths``, in order."""
    for root in paths:
        if not root.exists():
            hint = ""
            if root.parent.is_dir():
                near = sorted(p.name for p in root.parent.iterdir())[:8]
                hint = f"; {root.parent} holds: {', '.join(near) or 'nothing'}"
            raise CorpusError(f"{root}: no such file or folder{hint}")
        if root.is_dir():
            files = _files_in(root, report)
            if not files:
                report.issues.append(
                    LoadIssue(
                        str(root),
                        "folder holds no readable files "
                        f"({', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)})",
                    )
                )
            yield from ((f, f.relative_to(root).with_suffix("").as_posix()) for f in files)
        else:
            yield root, root.stem


def _check_strict(report: LoadReport, strict: bool) -> None:
    if strict and report.skipped:
        raise CorpusError(
            f"{report.source}: {len(report.skipped)} file(s)/row(s) could not be used "
            f"(strict mode): " + "; ".join(map(str, report.skipped))
        )


def _frame(docs: list[dict], report: LoadReport, seen_ids: set) -> pd.DataFrame:
    """Documents as a frame with the fixed schema; ids must be unique (also against
    ``seen_ids``, the ids of earlier batches, which is updated)."""
    frame = pd.DataFrame(docs)
    for col in SCHEMA:
        if col not in frame.columns:
            frame[col] = pd.Series(dtype=bool if col == "truncated" else object)
    frame = frame[SCHEMA + [c for c in frame.columns if c not in SCHEMA]]
    frame["truncated"] = frame["truncated"].astype(bool)
    ids = frame["doc_id"]
    dup = ids[ids.duplicated() | ids.isin(seen_ids)]
    if len(dup):
        raise CorpusError(
            f"{report.source}: duplicate doc_id values {sorted(set(dup))[:5]}; "
            "ids must be unique: pick another --id-col or leave it out to number the rows"
        )
    seen_ids.update(ids)
    frame = frame.reset_index(drop=True)
    frame.attrs["load_report"] = report
    return frame


def iter_corpus(
    path: str | Path | Iterable[str | Path],
    *,
    batch_size: int = 10_000,
    text_col: str | None = None,
    title_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
    strict: bool = False,
) -> Iterator[pd.DataFrame]:
    """Load a corpus in batches of about ``batch_size`` documents, for corpora larger than
    memory.

    Same inputs, schema, checks and report as :func:`load_corpus` (whose concatenated result
    equals the batches'). ``.jsonl``, ``.csv`` and ``.tsv`` files are read row by row, and
    folders file by file, so only one batch is in memory; a ``.txt``, ``.json`` or ``.xlsx``
    file is read whole. Each batch's ``attrs["load_report"]`` is the report so far.

    Examples
    --------
    >>> for batch in iter_corpus("corpus.jsonl", batch_size=5000):  # doctest: +SKIP
    ...     print(len(batch))
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    report = LoadReport(source=", ".join(map(str, paths)))
    columns = {"text": text_col, "title": title_col, "id": id_col, "date": date_col}
    seen: set = set()
    docs: list[dict] = []
    for file, base in _input_files(paths, report):
        report.n_files += 1
        try:
            if file.suffix.lower() in (".jsonl", ".csv", ".tsv"):
                parts = _stream_table(file, base, report, columns, batch_size)
            else:
                parts = iter([_load_file(file, base, report, columns)])
            for part in parts:
                docs.extend(part)
                if len(docs) >= batch_size:
                    _check_strict(report, strict)
                    report.n_docs += len(docs)
                    yield _frame(docs, report, seen)
                    docs = []
        except _Skip as skip:
            report.issues.append(LoadIssue(str(file), str(skip)))
    _check_strict(report, strict)
    if docs or not report.n_docs:
        report.n_docs += len(docs)
        yield _frame(docs, report, seen)


def _stream_table(
    path: Path, base: str, report: LoadReport, columns: dict, batch_size: int
) -> Iterator[list[dict]]:
    """Documents of a JSONL/CSV/TSV file, ``batch_size`` rows at a time."""
    from charset_normalizer import from_bytes

    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip():
        raise _Skip("empty file")
    best = from_bytes(head).best()
    encoding = best.encoding if best is not None else "utf_8"
    report.encodings[str(path)] = encoding
    suffix = path.suffix.lower()
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        if suffix in (".csv", ".tsv"):
            try:
                reader = pd.read_csv(
                    fh,
                    sep="\t" if suffix == ".tsv" else ",",
                    dtype=str,
                    keep_default_na=False,
                    chunksize=batch_size,
                )
                start = 0
                for table in reader:
                    docs = _table_documents(table, path, base, report, columns, start)
                    yield _with_content(docs, path, report, start)
                    start += len(table)
            except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
                raise _Skip(f"cannot parse as {suffix[1:].upper()}: {exc}") from exc
            return
        records, start = [], 0
        for rec in _json_records(fh, path, report):
            records.append(rec)
            if len(records) >= batch_size:
                table = pd.DataFrame.from_records(records)
                yield _with_content(
                    _table_documents(table, path, base, report, columns, start),
                    path,
                    report,
                    start,
                )
                start += len(records)
                records = []
        if records or not start:
            table = pd.DataFrame.from_records(records)
            if len(table.columns):
                docs = _table_documents(table, path, base, report, columns, start)
                yield _with_content(docs, path, report, start)


def load_report(docs: pd.DataFrame) -> LoadReport | None:
    """The :class:`LoadReport` attached to a frame by :func:`load_corpus`, if any."""
    return docs.attrs.get("load_report")
