"""Read Chinese texts from files, folders and tables into one DataFrame with a fixed schema.

This module, the segmentation cache and the report writer are the only ones that touch files.
Nothing is dropped or changed without a word: every file, row, sheet or symlink that is not
used is listed in a :class:`LoadReport` (``docs.attrs["load_report"]``) with its reason, and
``strict=True`` turns any skip into an error.

Schema of the returned frame, in this order, followed by any extra columns of a table input:

==========  ==============================================================================
doc_id      unique string id: ``<name>`` for a one-document file, ``<name>#<n>`` for the n-th
            document of a web-article file (0 = the article) or for row n of a table (see
            below), ``<name>#<sheet>#<n>`` in a workbook of several sheets; or the table's
            id column
title       title (first line of a text file when it looks like one, else the file name)
text        the text as read (line breaks normalised to ``\\n``), never modified further
kind        ``article`` / ``snippet`` (web-article format), ``document`` (a text file),
            ``record`` (a table row)
source      publication (e.g. 组织人事报) or ``None``
date        date as written, ISO ``YYYY-MM-DD`` where the input gives one, or ``None``
author      author or ``None``
path        file the document came from
truncated   ``True`` when the text visibly stops early (a snippet ending in `` ...``)
==========  ==============================================================================

Rows are numbered by the file itself, so a skipped row shifts no other row's number or id:
row ``n`` of a CSV/TSV file or a sheet is the n-th row under the header, of a JSON-lines file
its line ``n``, of a JSON list its n-th object (all from 1).

Encodings: UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; anything else
is detected with ``charset-normalizer``, checked against a Chinese reading (GB18030, Big5):
for a short file the reading that yields common Chinese characters wins over one that yields
Hangul or rare characters, and an uncertain guess is noted. ``encoding=`` overrides it.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import csv
import datetime as _dt
import difflib
import io
import itertools
import json
import os
import re
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from .chars import CJK, CUT_MARK, DOC_NUMBER, ORG_ENDS, SENTENCE_MARKS, ZERO_WIDTH, has_cjk
from .config import BUNDLED_CORPORA, corpus_path

__all__ = [
    "DOCUMENT_SUFFIXES",
    "SCHEMA",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "CorpusError",
    "LoadIssue",
    "LoadReport",
    "check_strict",
    "corpus_files",
    "date_year",
    "decode_bytes",
    "group_columns",
    "grouping_column",
    "issue_lines",
    "iter_corpus",
    "join_metadata",
    "load_corpus",
    "load_report",
    "missing_path",
    "parse_web_article",
    "read_document_file",
    "read_text_file",
    "select_documents",
]

SCHEMA = ["doc_id", "title", "text", "kind", "source", "date", "author", "path", "truncated"]
TEXT_SUFFIXES = (".txt", ".md")
#: Word documents and PDFs: their text, read with python-docx and pypdf, is one document.
DOCUMENT_SUFFIXES = (".docx", ".pdf")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json", ".xlsx")
READABLE = TEXT_SUFFIXES + DOCUMENT_SUFFIXES + TABLE_SUFFIXES
#: Formats a reader can save as one that is read.
_CONVERT = {
    ".doc": "save it as .docx (Word: 另存为 → .docx; or libreoffice --headless --convert-to docx)",
    ".wps": "save it as .docx (WPS: 另存为 → .docx)",
    ".rtf": "save it as .docx or .txt",
    ".xls": "save it as .xlsx",
    ".ofd": "export it as PDF or text",
}

#: Column names tried, in order, when a table's column is not given explicitly.
COLUMN_CANDIDATES = {
    "text": ("text", "content", "body", "abstract", "正文", "内容", "文本", "摘要"),
    "title": ("title", "headline", "标题", "题目", "文件名称", "文件标题", "名称", "题名"),
    "id": ("doc_id", "id", "编号", "序号"),
    "date": ("date", "published", "time", "year", "日期", "时间", "年份"),
}

#: Files a folder read passes over (with a note): they describe a corpus, they are not in it.
NOT_DOCUMENTS = re.compile(r"^(?:README|LICEN[CS]E|COPYING|NOTICE|CHANGELOG)(?:\.|$)", re.I)

_MAX_REPAIRED_SHARE = 0.01  # at most 1 % replacement characters before a file counts as undecodable
_BINARY_SHARE = 0.05  # control characters in more of a file than this: not text
_SOURCE_LINE = re.compile(  # 《组织人事报》2021-10-21 07版: a publication and the date it appeared
    r"^《(?P<source>[^》]+)》\s*(?P<date>\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)\s*(?P<page>\S*版)?\s*$"
)
_BULLET = re.compile(r"^\s*[•·●▪◦]\s*(?P<title>\S.*)$")
_COUNTER = re.compile(r"^[(（]\d+[)）]$")  # "(0)": a like/comment counter of the web page
#: A lone UTF-16 surrogate (a JSON escape such as "\ud800" cut from its pair): no character,
#: and no UTF-8 file, OpenCC or segmenter can take it
_SURROGATE = re.compile("[\ud800-\udfff]")
_AUTHOR_UNIT = re.compile(r"^[(（]作者单位[:：](?P<unit>[^)）]+)[)）]\W*$")
_SENTENCE_END = tuple("。！？；：，,.!?;:")
#: A first line that opens so is the occasion under a title, not a title (——2024年1月16日在
#: 亳州市第五届人民代表大会第三次会议上; （2024年1月29日在杭州市…）)
_NOT_TITLE_START = ("——", "—", "（", "(")
#: Nor is a first line that is a piece of that occasion or the speaker's name and office, where
#: a scraped text lost its title (人民代表大会第二次会议上; 市长  马  军; 池州市人民政府市长  朱浩东).
_NOT_TITLE = re.compile(r"(?:会议|会)上$|^\S*(?:市长|州长|省长|县长|主席|主任)\s+\S")


class CorpusError(ValueError):
    """A corpus input that cannot be read; the message names the input and what to do."""


class _NoTextColumn(CorpusError):
    """A table none of whose columns holds the text (and no ``text_col`` was given)."""

    def __init__(self, message: str, columns: Sequence[str]) -> None:
        super().__init__(message)
        self.columns = list(columns)


@dataclass(frozen=True)
class LoadIssue:
    """One file, sheet or row that was skipped, repaired or is worth a note."""

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
        frame = pd.DataFrame(rows, columns=["path", "row", "action", "reason"])
        return frame.astype({"row": "Int64"})  # row 2, not 2.0; none for a whole file

    def __str__(self) -> str:
        head = f"{self.source}: {self.n_docs} documents from {self.n_files} file(s)"
        if not self.issues:
            return head
        return "\n".join([head, *(f"  {line}" for line in issue_lines(self.issues))])


#: Issues of one file for one reason told one by one; the rest in one line (a table of 300
#: rows of numbers gives 5 lines and "… 295 more rows", not 300 lines).
SHOWN_PER_REASON = 5


def issue_lines(issues: Sequence[LoadIssue], *, per_reason: int = SHOWN_PER_REASON) -> list[str]:
    """The issues as lines, in order: the first ``per_reason`` of each file and reason, then
    one line for the rest of each (all of them stay in :meth:`LoadReport.to_frame`).

    >>> rows = [LoadIssue("a.csv", "no text", row=n) for n in range(1, 9)]
    >>> issue_lines(rows, per_reason=2)
    ['skipped: a.csv (row 1): no text', 'skipped: a.csv (row 2): no text', 'skipped: a.csv: 6 more rows: no text']
    """
    seen: dict[tuple, int] = {}
    lines = []
    for issue in issues:
        key = (issue.path, issue.action, issue.reason)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per_reason:
            lines.append(str(issue))
    for (path, action, reason), n in seen.items():
        if n > per_reason:
            lines.append(f"{action}: {path}: {n - per_reason} more rows: {reason}")
    return lines


class _Skip(Exception):
    """Internal: this file or row cannot be used, for the reason given."""


@dataclass(frozen=True)
class _Options:
    """How to read the inputs (the keyword options of :func:`load_corpus`)."""

    text_col: str | None = None
    title_col: str | None = None
    id_col: str | None = None
    date_col: str | None = None
    sheet: str | None = None
    encoding: str | None = None


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe\x00\x00", "utf_32"),  # these codecs read the BOM and drop it
    (b"\x00\x00\xfe\xff", "utf_32"),
    (b"\xff\xfe", "utf_16"),
    (b"\xfe\xff", "utf_16"),
)
#: Readings tried beside charset-normalizer's guess for bytes that are not UTF-8.
_CHINESE_READINGS = ("gb18030", "big5")
_SHORT = 200  # non-ASCII bytes: below this, charset-normalizer's guess is often wrong for GBK
_CJK_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》【】—…·「」『』〔〕")


def _common_hanzi(ch: str) -> bool:
    """One of the ~3,700 most used simplified (GB2312 level 1) or ~5,400 traditional (Big5
    常用字) characters: what a Chinese text is mostly made of, and mojibake is not."""
    for codec, low, high in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            code = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(code) == 2 and low <= code[0] <= high:
            return True
    return False


def _chinese_score(text: str) -> float:
    """Share of the non-ASCII characters (first 4,000) that are common Chinese characters or
    Chinese punctuation: near 1 for a Chinese text, low for Hangul or mojibake."""
    chars = [ch for ch in text[:20000] if ord(ch) > 127 and not ch.isspace()][:4000]
    if not chars:
        return 0.0
    good = sum(ch in _CJK_PUNCTUATION or _common_hanzi(ch) for ch in chars)
    return good / len(chars)


#: Encodings that GB18030 contains: read as GB18030.
_GB18030_SUBSETS = frozenset({"gbk", "gb2312", "cp936"})


def decode_bytes(raw: bytes, *, encoding: str | None = None) -> tuple[str, str, str | None]:
    """Decode the bytes of a text file: ``(text, encoding, note)``.

    ``note`` says why the encoding is uncertain, else it is ``None``. Invalid bytes in an
    otherwise UTF-8 file are replaced by U+FFFD (the caller reports it). Raises ``_Skip``
    when no reading works and ``encoding`` was not given; with ``encoding``, a
    :class:`CorpusError` when the bytes are not in that encoding.

    GBK and GB2312 are read as GB18030, which holds them both (as browsers read them): a
    file saved as GB18030 is read when ``encoding="gbk"`` is given.

    >>> decode_bytes("一网通办".encode("gbk"))[:2]
    ('一网通办', 'gb18030')
    >>> decode_bytes("䶮".encode("gb18030"), encoding="gbk")[:2]
    ('䶮', 'gb18030')
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
            codec = "gb18030" if codec in _GB18030_SUBSETS else encoding
            return raw.decode(codec), codec, None
        except (UnicodeDecodeError, LookupError) as exc:
            raise CorpusError(
                f"cannot decode as {encoding}: {exc}; check the file's encoding, or leave "
                "--encoding out to detect each file's own"
            ) from None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace"), codec, None
    try:
        return raw.decode("utf-8"), "utf_8", None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    readings: dict[str, str] = {}
    if best is not None:
        readings[best.encoding] = str(best)
    for codec in _CHINESE_READINGS:
        if codec not in readings:
            with contextlib.suppress(UnicodeDecodeError):
                readings[codec] = raw.decode(codec)
    if not readings:
        text = raw.decode("utf-8", errors="replace")
        if text.count("\ufffd") > _MAX_REPAIRED_SHARE * len(text):
            raise _Skip("cannot decode: not UTF-8, GB18030, Big5 or UTF-16; re-save as UTF-8")
        return text, "utf_8", None  # a few invalid bytes in a UTF-8 file: repaired
    scores = {codec: _chinese_score(text) for codec, text in readings.items()}
    guess = best.encoding if best is not None else "gb18030"
    n_wide = sum(b > 127 for b in raw[:4096])
    # charset-normalizer is reliable on longer texts; on short ones it often reads GBK as
    # Korean (一网通办 → 寧貢繫곗), so there the reading into the most common Chinese
    # characters wins (ties: its guess, then GB18030)
    preference = [guess, *(c for c in _CHINESE_READINGS if c != guess)]
    ranked = sorted(
        scores, key=lambda c: (-scores[c], preference.index(c) if c in preference else 9)
    )
    chosen = guess
    if n_wide < _SHORT or (scores[guess] < 0.5 and scores[ranked[0]] >= 0.9):
        chosen = ranked[0]
    note = None
    others = [c for c in scores if c != chosen and scores[c] >= scores[chosen] - 0.1]
    if chosen != guess or (n_wide < _SHORT and others):
        alternatives = ", ".join(sorted({guess, *others} - {chosen})) or "none"
        note = (
            f"encoding uncertain: read as {chosen} "
            f"(other readings: {alternatives}); pass --encoding to choose"
        )
    return readings[chosen], chosen, note


def read_text_file(
    path: str | Path, *, encoding: str | None = None
) -> tuple[str, str, list[LoadIssue]]:
    """Read a text file: ``(text, encoding, issues)``; see :func:`decode_bytes`.

    ``issues`` notes an uncertain encoding or a repair (invalid UTF-8 bytes replaced by
    U+FFFD). Raises ``_Skip`` for empty, binary or undecodable files.
    """
    path = Path(path)
    raw = path.read_bytes()
    if not raw or raw.isspace():  # (no copy of a large file, unlike strip())
        raise _Skip("empty file")
    try:
        text, codec, note = decode_bytes(raw, encoding=encoding)
    except _Skip:
        if b"\x00" in raw[:8192]:
            raise _Skip("binary file, not text (it contains NUL bytes)") from None
        raise
    if "\x00" in text:
        raise _Skip("binary file, not text (it contains NUL bytes)")
    issues = []
    if note:
        issues.append(LoadIssue(str(path), note, action="note"))
    n_bad = text.count("\ufffd") if codec.startswith("utf_8") else 0
    if n_bad:
        issues.append(
            LoadIssue(
                str(path),
                f"{n_bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD; the rest was kept",
                action="repaired",
            )
        )
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > _BINARY_SHARE * min(len(text), 65536):
        raise _Skip("binary file, not text (control characters)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, codec, issues


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the start of .doc, .xls, .wps files
#: Between the cells of a table row: a mark that cleaning keeps (a tab becomes a space, and
#: spaces between Chinese characters may be joined: 市大数据局市住房城乡建设局).
_CELLS = " | "


def read_document_file(path: str | Path) -> str:
    """The text of a Word document (``.docx``: paragraphs and table rows in order, cells
    joined by `` | ``) or a PDF (``.pdf``: the text layer of every page), one paragraph or
    line per line. Raises ``_Skip`` for a damaged, encrypted or scanned file, saying what to
    do."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return _docx_text(path)
    return _pdf_text(path)


def _docx_text(path: Path) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with path.open("rb") as f:
        if f.read(8) == _OLE_MAGIC:  # an old Word file named .docx
            raise _Skip(f"an old Word (.doc) file named .docx; {_CONVERT['.doc']}")
    try:
        document = Document(str(path))
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError) as exc:
        raise _Skip(f"cannot read as a Word document ({exc}); open and re-save it") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells))  # merged: once
                lines.append(_CELLS.join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise _Skip("no text in the Word document")
    return text


def _pdf_text(path: Path) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd fonts are noise
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Skip("an encrypted PDF: save an unprotected copy, or export its text")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DependencyError:  # AES needs the cryptography package
        raise _Skip("an encrypted PDF: save an unprotected copy, or export its text") from None
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise _Skip(f"cannot read as a PDF ({exc}); re-save or export its text") from None
    text = "\n".join(map(_unwrapped, pages))
    if not _has_content(text):
        raise _Skip(
            f"no text layer in {len(pages)} page(s): a scanned PDF; run OCR on it first "
            "(e.g. ocrmypdf -l chi_sim) and load the result"
        )
    return text


_WRAPS = re.compile(f"(?<=[{CJK}，、“‘（《])\n(?=[{CJK}，、。；：！？”’）》])")


def _unwrapped(page: str) -> str:
    r"""A PDF page's text with the line breaks its layout made inside sentences removed
    (培育数|据交易市场: a term cut in two is a term lost): a break between Chinese characters
    after a line at least 80 % as long as the page's long lines (the 90th percentile). Shorter
    lines (a heading, a paragraph's last line) keep their break.

    >>> _unwrapped("一、总体要求\n各地要加快推进公共数据授权运\n营，培育数据交易市场。\n二、任务")
    '一、总体要求\n各地要加快推进公共数据授权运营，培育数据交易市场。\n二、任务'
    """
    lines = page.split("\n")
    if len(lines) < 2:
        return page
    lengths = sorted(len(line.strip()) for line in lines)
    full = lengths[int(0.9 * (len(lengths) - 1))]
    out = [lines[0]]
    for line in lines[1:]:
        last = out[-1]
        if len(last.strip()) >= 0.8 * full and _WRAPS.search(last[-1:] + "\n" + line[:1]):
            out[-1] = last + line
        else:
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------- text formats


def _doc(**kw) -> dict:
    row = dict.fromkeys(SCHEMA)
    row["truncated"] = False
    row.update(kw)
    return row


#: A year in a date, as periods read it (1800–2099; 2023 of 2023年5月1日, 05/06/2023, 20230501).
_DATE_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")
_YMD = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})")


def date_year(value) -> int | None:
    """The year of a date as written, or ``None`` where it holds none (昨天, 3小时前, 21/3/5).

    >>> [date_year(d) for d in ["2023年5月1日", "05/06/2022", "昨天", None]]
    [2023, 2022, None, None]
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    m = _DATE_YEAR.search(str(value))
    return int(m[1]) if m else None


def _normalise_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from the year, month and day a date starts with (2023年5月1日,
    2023/5/1 08:00); a date with none, or no calendar date (2023年13月45日), as written.

    >>> [_normalise_date(d) for d in ["2023年5月1日", "2023/5/1 08:00", "2021-02-30", "昨天"]]
    ['2023-05-01', '2023-05-01', '2021-02-30', '昨天']
    """
    if not value:
        return None
    day = _calendar_day(value)
    return day.isoformat() if day else value


def _calendar_day(value: str) -> _dt.date | None:
    """The day a date starts with, if it names one (not month 13, nor 30 February)."""
    if not (m := _YMD.match(value)):
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _date_issue(value: str, column: str) -> str | None:
    """Why a table's date is worth a note, if it is: it holds no year, or is no calendar
    date."""
    if date_year(value) is None:
        return f"its {column!r} holds no year: undated, left out of periods"
    if _YMD.match(value) and _calendar_day(value) is None:
        return f"its {column!r} is no calendar date ({value[:20]!r}): kept as written"
    return None


def _is_truncated(text: str) -> bool:
    # the mark sits at the very end: search only there (a full scan is O(length))
    return bool(CUT_MARK.search(text[-80:]))


def parse_web_article(text: str) -> tuple[list[dict], list[str]] | None:
    """Split a scraped web article into its documents, by its real markers only: a source
    line with a date (``《报名》YYYY-MM-DD NN版``) among the first lines, or a line
    ``相关推荐`` followed by bulleted (``•``) snippets.

    The layout is: title, an optional author line, the source line, body paragraphs, an
    optional ``(作者单位:…)`` line, a counter such as ``(0)``, ``相关推荐`` and the snippets,
    each a bullet line (its title) and its body. Returns ``(documents, unread)`` — ``unread``
    are the lines that belong to no document (page furniture between ``相关推荐`` and the first
    snippet), for the load report — or ``None`` when the text does not have this layout.

    Examples
    --------
    >>> page = "标题\\n作者\\n《报》2021-10-21 07版\\n正文。\\n相关推荐\\n• 题\\n文 ..."
    >>> docs, unread = parse_web_article(page)
    >>> [(d["kind"], d["title"], d["truncated"]) for d in docs]
    [('article', '标题', False), ('snippet', '题', True)]
    >>> parse_web_article("读书笔记\\n第一段。\\n《论语》\\n第二段。") is None
    True
    """
    lines = [ln.strip() for ln in text.split("\n")]
    nonempty = [ln for ln in lines if ln]
    if not nonempty:
        return None
    split = nonempty.index("相关推荐") if "相关推荐" in nonempty else len(nonempty)
    has_related = split < len(nonempty) and any(_BULLET.match(ln) for ln in nonempty[split:])
    source_at = next((i for i, ln in enumerate(nonempty[:4]) if _SOURCE_LINE.match(ln)), None)
    if source_at == 0 or (source_at is not None and source_at >= split):
        source_at = None  # a source line is never the title, and never among the snippets
    if not has_related and source_at is None:
        return None
    head, tail = nonempty[:split], nonempty[split + 1 :]

    article = _doc(kind="article", title=head[0] if head else None)
    body_start = 1
    if source_at is not None:
        m = _SOURCE_LINE.match(nonempty[source_at])
        article.update(source=m["source"], date=_normalise_date(m["date"]))
        if m["page"]:
            article["page"] = m["page"]
        if source_at == 2:  # title, author, source
            article["author"] = head[1]
        body = head[2:source_at] if source_at == 3 else []  # never drop a line
        body_start = source_at + 1
    else:
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

    current, unread = None, []
    for ln in tail:
        m = _BULLET.match(ln)
        if m:
            current = _doc(kind="snippet", title=m["title"].strip(), text="")
            docs.append(current)
        elif current is not None:
            current["text"] = f"{current['text']}\n{ln}" if current["text"] else ln
        else:
            unread.append(ln)
    for d in docs:
        if d["kind"] == "snippet":
            d["truncated"] = _is_truncated(d["text"])
    return docs, unread


#: A first line that only labels an attachment (附件1, 附件二：) or gives a document number
#: (发改数据〔2024〕1836号): the title is the next one.
_ATTACHMENT = re.compile(rf"附件\s*[0-9一二三四五六七八九十]*\s*[:：]?|{DOC_NUMBER.pattern}")
#: What a policy document's title ends in: a title that does not, on its first line, and
#: goes on to a line that does, runs over two lines.
_DOCUMENT_KIND = re.compile(
    r"(?:通知|意见|办法|方案|规定|决定|规划|纲要|报告|条例|细则|公告|通告|批复|决议|指引|措施|计划|要点|指南)"
    r"(?:[（(][^（）()]{1,8}[）)])?$"
)


#: A line of issuing bodies ends so (国务院, 国家发展改革委等部门, 中共中央办公厅 国务院办公厅),
#: without a colon: not 目录, 新华社北京3月5日电, 标题：…
_ISSUERS = re.compile(rf"^[^:：]*(?:[{ORG_ENDS}]|部门|中心)$")


def _title_lines(lines: list[str]) -> int:
    """How many of the first non-empty ``lines`` the title takes: two where the first names
    the issuers and the second begins 关于 (国家发展改革委等部门 / 关于促进数据产业高质量发展的
    指导意见), or the first holds 关于 and the second ends the title (关于促进数据产业高质量 /
    发展的指导意见); else one.

    >>> _title_lines(["国家发展改革委等部门", "关于促进数据产业高质量发展的指导意见", "各省……"])
    2
    >>> _title_lines(["关于加强数字政府建设的", "指导意见", "各省……"]), _title_lines(["目录", "关于……的通知", "一、"])
    (2, 1)
    """
    if len(lines) < 3 or len(lines[0]) + len(lines[1]) > 80 or _DOCUMENT_KIND.search(lines[0]):
        return 1
    second = lines[1]
    if second.endswith(_SENTENCE_END) or not _DOCUMENT_KIND.search(second):
        return 1
    if second.startswith("关于"):
        return 2 if _ISSUERS.search(lines[0]) else 1
    return 2 if "关于" in lines[0] else 1


def _plain_document(text: str, fallback_title: str, suffix: str) -> dict:
    # a line of zero-width characters is as empty as a blank one: no title of U+200B
    lines = [ln.strip().strip(ZERO_WIDTH).strip() for ln in text.split("\n")]
    nonempty = [ln for ln in lines if ln]
    label = ""
    if len(nonempty) > 2 and _ATTACHMENT.fullmatch(nonempty[0]):
        label, nonempty = nonempty[0], nonempty[1:]  # kept at the head of the text
    first = nonempty[0].lstrip("#").strip() if nonempty else ""
    looks_like_title = (
        len(nonempty) > 1
        and 0 < len(first) <= 40
        and not first.endswith(_SENTENCE_END)
        and not first.startswith(_NOT_TITLE_START)
        and not _NOT_TITLE.search(first)
        and (suffix == ".md" or not nonempty[0].startswith(" "))
    )
    if looks_like_title:
        taken = _title_lines(nonempty)
        title = first + "".join(nonempty[1:taken])
        i = lines.index(nonempty[taken - 1], lines.index(nonempty[0]))
        body = "\n".join([label, *lines[i + 1 :]] if label else lines[i + 1 :]).strip("\n")
        return _doc(kind="document", title=title, text=body)
    return _doc(kind="document", title=fallback_title, text=text.strip("\n"))


def _has_content(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --------------------------------------------------------------------------- tables

#: A table as read: ``(sheet or None, [(row number, record), …])`` per sheet.
Records = Iterator[tuple[int, dict]]


def _pick_column(
    columns: Sequence[str], wanted: str | None, role: str, where: str, *, required: bool
) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise CorpusError(
                f"{where}: no column {wanted!r} (the {role} column); the columns are: "
                f"{', '.join(map(str, columns))}. Pass --{role}-col with one of them."
            )
        return wanted
    lower = {str(c).lower(): c for c in columns}
    for cand in COLUMN_CANDIDATES[role]:
        if cand in lower:
            return lower[cand]
    if role == "date":  # date_in_source, pub_date, 发布日期: the one column named so, if one
        dated = _named_as_dates(columns)
        if len(dated) == 1:
            return dated[0]
    if required:
        message = (
            f"{where}: no {role} column found (looked for {', '.join(COLUMN_CANDIDATES[role])}); "
            f"the columns are: {', '.join(map(str, columns))}. Pass --{role}-col NAME."
        )
        raise _NoTextColumn(message, columns) if role == "text" else CorpusError(message)
    return None


#: The largest CSV cell read: 2 GiB less one (on every platform), in place of the csv
#: module's 128 KiB, which a long report in one cell passes.
_CSV_FIELD_LIMIT = 2**31 - 1


def _csv_records(lines: Iterable[str], path: Path, report: LoadReport, sep: str) -> Records:
    """Records of a CSV/TSV text (the first row is the header), numbered from 1 under it. A
    row with the wrong number of fields or with NUL bytes is listed and passed over; the
    others are read. A cell may hold a whole book (the csv module's own limit is 128 KiB)."""
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    lines = iter(lines)
    reader = csv.reader(lines, delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        raise _Skip("empty file") from None
    except csv.Error as exc:
        raise _Skip(f"cannot parse as {'CSV' if sep == ',' else 'TSV'}: {exc}") from None
    header = [h.lstrip("\ufeff").strip() for h in header]
    n = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a quote left open: the rest cannot be split
            rest = sum(1 for _ in lines)
            report.issues.append(
                LoadIssue(
                    str(path),
                    f"cannot parse from here on ({exc}): this row and the {rest:,} lines after "
                    "it are not read; check the quotes of this row",
                    row=n + 1,
                )
            )
            return
        n += 1
        if not fields:  # a blank line
            continue
        if any("\x00" in f for f in fields):
            report.issues.append(LoadIssue(str(path), "contains NUL bytes (binary data)", row=n))
        elif len(fields) != len(header):
            report.issues.append(
                LoadIssue(
                    str(path),
                    f"has {len(fields)} fields, the header has {len(header)}; "
                    "check its quotes and separators",
                    row=n,
                )
            )
        else:
            yield n, dict(zip(header, fields, strict=True))


def _json_records(lines: Iterable[str], path: Path, report: LoadReport) -> Records:
    """The objects of JSON lines, numbered by their line; blank lines are passed over, bad
    ones listed."""
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
        yield n, rec


def _cell(value) -> str | None:
    """A spreadsheet cell as text: numbers as written (2024, not 2024.0), dates as ISO."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _workbook_sheets(
    path: Path, report: LoadReport, sheet: str | None
) -> list[tuple[str, Records]]:
    """Every sheet of a workbook (or the one named), as records numbered from 1 under the
    header row: the first non-empty row, unless it holds only its first cell, which names no
    column (text, 正文 …), and the next holds more (a title above the header, as
    政策文件汇编（2024）across merged cells: noted)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise _Skip(f"cannot read as an Excel workbook ({exc})") from exc
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise CorpusError(
            f"{path}: no sheet {sheet!r}; the sheets are: {', '.join(names)}. "
            "Pass --sheet with one of them."
        )

    def filled(values) -> int:
        return sum(v not in (None, "") for v in values)

    def records(ws, name: str) -> Records:
        rows = ws.iter_rows(values_only=True)
        header = next((values for values in rows if filled(values)), None)
        if header is None:
            return
        ahead = []  # the rows up to the next non-empty one, which may be the real header
        for values in rows:
            ahead.append(values)
            if filled(values):
                break
        title = _cell(header[0]) if header and header[0] not in (None, "") else ""
        named = any(title.strip().lower() in names for names in COLUMN_CANDIDATES.values())
        if filled(header) == 1 and title and not named and ahead and filled(ahead[-1]) > 1:
            where = f"{path} [{name}]" if len(names) > 1 else str(path)
            note = f"first row {title!r} is a title: the header is the row under it"
            report.issues.append(LoadIssue(where, note, action="note"))
            header, ahead = ahead[-1], []
        header = [_cell(v) or f"column{i + 1}" for i, v in enumerate(header)]
        for n, values in enumerate(itertools.chain(ahead, rows), start=1):
            if filled(values):
                yield n, {h: _cell(v) for h, v in zip(header, values, strict=False)}

    return [(name, records(book[name], name)) for name in ([sheet] if sheet else names)]


def _table_sheets(
    path: Path, report: LoadReport, options: _Options
) -> list[tuple[str | None, Records]]:
    """The records of a table file, by sheet (one unnamed sheet for non-workbooks)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _workbook_sheets(path, report, options.sheet)
    text, encoding, issues = read_table_text(path, options.encoding)
    report.encodings[str(path)] = encoding
    report.issues.extend(issues)
    if suffix in (".csv", ".tsv"):
        sep = "\t" if suffix == ".tsv" else ","
        return [(None, _csv_records(io.StringIO(text, newline=""), path, report, sep))]
    if suffix == ".jsonl":
        return [(None, _json_records(text.split("\n"), path, report))]
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
    if not isinstance(data, list):
        raise _Skip("JSON must be a list of objects")

    def records() -> Records:
        for n, rec in enumerate(data, start=1):
            if isinstance(rec, dict):
                yield n, rec
            else:
                report.issues.append(LoadIssue(str(path), "item is not a JSON object", row=n))

    return [(None, records())]


def read_table_text(path: Path, encoding: str | None = None) -> tuple[str, str, list[LoadIssue]]:
    """The text of a CSV/TSV/JSON file. Unlike :func:`read_text_file`, a NUL byte or two do
    not make it binary: they cost the row that holds them."""
    raw = path.read_bytes()
    if not raw.strip():
        raise _Skip("empty file")
    controls = sum(1 for b in raw[:65536] if b < 32 and b not in b"\n\r\t\f")
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and controls > _BINARY_SHARE * min(len(raw), 65536):
        raise _Skip("binary file, not text (control characters)")
    text, codec, note = decode_bytes(raw, encoding=encoding)
    issues = [LoadIssue(str(path), note, action="note")] if note else []
    return text, codec, issues


def _document_rows(
    sheet: str | None,
    records: Records,
    path: Path,
    base: str,
    report: LoadReport,
    options: _Options,
    *,
    multi_sheet: bool,
) -> Iterator[tuple[int, dict]]:
    """``(row, document)`` of each usable record of one sheet; the others are listed. The
    columns are chosen from the first record's keys."""
    where = f"{path} (sheet {sheet!r})" if sheet else str(path)
    first = next(records, None)
    if first is None:
        if sheet:
            report.issues.append(LoadIssue(where, "sheet has no rows", action="note"))
        return
    cols = [str(c) for c in first[1]]
    try:
        text_col = _pick_column(cols, options.text_col, "text", where, required=True)
    except CorpusError:
        if multi_sheet:  # a sheet of notes or codes beside the data: listed, not read
            report.issues.append(
                LoadIssue(where, f"sheet has no text column (columns: {', '.join(cols)})")
            )
            return
        raise
    title_col = _pick_column(cols, options.title_col, "title", where, required=False)
    id_col = _pick_column(cols, options.id_col, "id", where, required=options.id_col is not None)
    date_col = _pick_column(cols, options.date_col, "date", where, required=False)
    used = {text_col, title_col, id_col, date_col}
    named = {c: c for c in ("author", "source") if c in cols and c not in used}
    used |= set(named)
    prefix = f"{base}#{sheet}#" if multi_sheet else f"{base}#"
    if id_col is None:
        report.issues.append(
            LoadIssue(
                where,
                f"no id column ({', '.join(COLUMN_CANDIDATES['id'])}): rows are named "
                f"{prefix}1, {prefix}2 …; --id-col COLUMN (id_col=) names them by a column",
                action="note",
            )
        )

    def missing(value) -> bool:
        return value is None or (isinstance(value, float) and pd.isna(value)) or value == ""

    for n, rec in _chain([first], records):
        rec = {str(k): v for k, v in rec.items()}
        text = rec.get(text_col)
        text = "" if missing(text) else str(text)
        if not text.strip():
            report.issues.append(LoadIssue(where, f"empty {text_col!r}", row=n))
            continue
        title = rec.get(title_col) if title_col else None
        date = rec.get(date_col) if date_col else None
        date = None if missing(date) else _normalise_date(str(date))
        if date is not None and (why := _date_issue(date, date_col)):
            report.issues.append(LoadIssue(where, why, action="note", row=n))
        doc = _doc(
            doc_id=str(rec.get(id_col)) if id_col else f"{prefix}{n}",
            title=None if missing(title) else str(title),
            text=text.replace("\r\n", "\n").replace("\r", "\n"),
            kind="record",
            date=date,
            path=str(path),
            truncated=_is_truncated(text),
            **{k: (None if missing(rec.get(c)) else rec.get(c)) for k, c in named.items()},
        )
        if multi_sheet:
            doc["sheet"] = sheet
        for c, v in rec.items():
            if c not in used:
                doc[c if c not in SCHEMA and c != "sheet" else f"input_{c}"] = v
        yield n, doc


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _table_documents(path: Path, base: str, report: LoadReport, options: _Options) -> list[dict]:
    sheets = _table_sheets(path, report, options)
    docs = []
    multi = path.suffix.lower() == ".xlsx" and len(sheets) > 1
    for sheet, records in sheets:
        rows = _document_rows(sheet, records, path, base, report, options, multi_sheet=multi)
        docs.extend(_with_content(rows, path, report))
    if multi and not docs and options.text_col:
        raise CorpusError(f"{path}: no sheet has the column {options.text_col!r}")
    return docs


# --------------------------------------------------------------------------- entry point


def _files_in(root: Path, report: LoadReport) -> list[Path]:
    """Readable files under ``root`` in name order. Hidden files, README/LICENSE files, other
    kinds of file and symlinks that lead out of ``root`` are listed and passed over."""
    files = []
    real_root = root.resolve()
    for folder, dirs, names in os.walk(root):  # never follows a symlinked folder
        dirs.sort()
        for d in list(dirs):
            if (Path(folder) / d).is_symlink():
                dirs.remove(d)
                report.issues.append(
                    LoadIssue(str(Path(folder) / d), "symlinked folder, not followed")
                )
        files.extend(Path(folder) / name for name in names)
    kept = []
    for p in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            report.issues.append(LoadIssue(str(p), "hidden file, not read"))
            continue
        if p.is_symlink():
            target = p.resolve()
            if not target.is_relative_to(real_root):
                report.issues.append(
                    LoadIssue(str(p), f"symlink to {target}, outside the folder: not followed")
                )
                continue
        if not p.is_file():
            report.issues.append(LoadIssue(str(p), "not a regular file (broken symlink?)"))
        elif NOT_DOCUMENTS.match(p.name):
            report.issues.append(
                LoadIssue(
                    str(p),
                    "a README/LICENSE file describes the corpus: not read as a document",
                    action="note",  # by design, so --strict does not fail on it
                )
            )
        elif p.suffix.lower() not in READABLE:
            todo = _CONVERT.get(p.suffix.lower(), f"readable: {', '.join(READABLE)}")
            report.issues.append(
                LoadIssue(str(p), f"unsupported file type {p.suffix or '(none)'}; {todo}")
            )
        else:
            kept.append(p)
    return kept


def corpus_files(root: str | Path) -> tuple[list[Path], LoadReport]:
    """The files :func:`load_corpus` reads under ``root`` (a file: itself), and what it passes
    over and why; for schedulers that read each file on its own (one Dask partition each)."""
    root = Path(root)
    report = LoadReport(str(root))
    if not root.exists():
        raise CorpusError(f"{root}: no such file or folder")
    return (_files_in(root, report) if root.is_dir() else [root]), report


def _load_file(path: Path, base: str, report: LoadReport, options: _Options) -> list[dict]:
    if path.suffix.lower() in TABLE_SUFFIXES:
        return _table_documents(path, base, report, options)
    if path.suffix.lower() in _CONVERT:  # named on the command line, not found in a folder
        raise _Skip(f"unsupported file type {path.suffix}; {_CONVERT[path.suffix.lower()]}")
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        text = read_document_file(path)
    else:
        text, encoding, issues = read_text_file(path, encoding=options.encoding)
        report.encodings[str(path)] = encoding
        report.issues.extend(issues)
    parsed = parse_web_article(text)
    if parsed is not None:
        docs, unread = parsed
        for n, d in enumerate(docs):
            d["doc_id"] = f"{base}#{n}"
        if unread:
            report.issues.append(
                LoadIssue(
                    str(path),
                    f"{len(unread)} line(s) between 相关推荐 and the first item belong to no "
                    f"document, not read: {' / '.join(unread)[:80]}",
                    action="note",
                )
            )
    else:
        docs = [_plain_document(text, Path(base).name, path.suffix.lower())]
        docs[0]["doc_id"] = base
    for d in docs:
        d["path"] = str(path)
    numbered = [(n if len(docs) > 1 else None, d) for n, d in enumerate(docs)]
    return list(_with_content(numbered, path, report))


def _with_content(
    rows: Iterable[tuple[int | None, dict]], path: Path, report: LoadReport
) -> Iterator[dict]:
    """Documents that have text; the others are listed in the report."""
    for n, d in rows:
        where = f"{path} (sheet {d['sheet']!r})" if d.get("sheet") else str(path)
        for column, value in d.items():
            if isinstance(value, str) and _SURROGATE.search(value):
                d[column], count = _SURROGATE.subn("\ufffd", value)
                reason = (
                    f"{column}: {count} lone surrogate(s) (a broken \\u escape, no character) "
                    "replaced with U+FFFD (�); fix the source to keep what was meant"
                )
                report.issues.append(LoadIssue(where, reason, action="repaired", row=n))
        if not _has_content(d["text"]):
            what = "no text" if not d["text"].strip() else "no text, only punctuation/symbols/emoji"
            report.issues.append(LoadIssue(where, what, row=n))
            continue
        if not has_cjk(d["text"]):
            report.issues.append(
                LoadIssue(where, "no Chinese characters (kept)", action="note", row=n)
            )
        yield d


def load_corpus(
    path: str | Path | Iterable[str | Path],
    *,
    text_col: str | None = None,
    title_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
) -> pd.DataFrame:
    """Load a corpus into a DataFrame with the fixed schema described in this module.

    Parameters
    ----------
    path
        A ``.txt``/``.md`` file (one document, or the web-article format with a "相关推荐"
        list), a ``.csv``/``.tsv``/``.jsonl``/``.json``/``.xlsx`` table (one row per document;
        every sheet of a workbook, told apart by a ``sheet`` column), a folder of such files
        (read recursively, in name order), or a list of these; or the name of a bundled
        corpus (``essay``, ``national-reports``, ``policy-docs``) where no such file exists.
    text_col, title_col, id_col, date_col
        Table columns to use. By default the first present of common names is taken
        (``text``/``content``/``正文`` …); a name given here must exist.
    sheet
        Read only this sheet of a workbook.
    encoding
        The encoding of text and CSV files (e.g. ``"gbk"``), instead of detecting it.
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
        Missing path, a named column or sheet that does not exist, duplicate ids, or (with
        ``strict=True``) any skip.

    Examples
    --------
    >>> docs = load_corpus("data/raw/digital-shackles-essay-2021-10-21.txt")  # doctest: +SKIP
    >>> docs[["title", "kind"]].head(2)  # doctest: +SKIP
                     title     kind
    0  卸掉基层治理的“数字枷锁”  article
    1  陈根:从管理到服务,数字政府加速度  snippet
    """
    paths = [corpus_path(p) for p in ([path] if isinstance(path, (str, Path)) else path)]
    report = LoadReport(source=", ".join(map(str, paths)))
    options = _Options(text_col, title_col, id_col, date_col, sheet, encoding)
    docs: list[dict] = []
    for file, base, in_folder in _input_files(paths, report):
        report.n_files += 1
        try:
            docs.extend(_load_file(file, base, report, options))
        except _Skip as skip:
            report.issues.append(LoadIssue(str(file), str(skip)))
        except _NoTextColumn as exc:
            _skip_table(file, exc, report, in_folder)
        except CorpusError as exc:
            if str(file) in str(exc):
                raise
            raise CorpusError(f"{file}: {exc}") from None
    check_strict(report, strict)
    frame = _frame(docs, report, set())
    _date_from_file_names(frame, report)
    report.n_docs = len(frame)
    _warn_skips(report)
    return frame


#: A year in a file name (2024年政府工作报告.docx, 北京_2023.pdf): not within a longer number.
_FILE_YEAR = re.compile(r"(?<![\d〔［\[(（第])((?:19|20)\d\d)(?![\d〕］\])）号])")


def _file_year(path: str) -> str | None:
    """The one year a text, Word or PDF file's name holds (2024年北京市政府工作报告.docx), or
    ``None``: no year, two (2021-2025规划.pdf), one of a document number (国发〔2023〕5号), or
    one to come (2035年远景目标).

    >>> [_file_year(n) for n in ("2024年北京.txt", "2021-2025规划.pdf", "国发〔2023〕5号.docx", "2035年远景目标.txt")]
    ['2024', None, None, None]
    """
    name = Path(path)
    if name.suffix.lower() not in (*TEXT_SUFFIXES, *DOCUMENT_SUFFIXES):
        return None
    years = set(_FILE_YEAR.findall(name.stem))
    # one year, not to come (2035年远景目标 is a plan's horizon, not its date)
    return years.pop() if len(years) == 1 and min(years) <= str(_dt.date.today().year) else None


def _date_from_file_names(frame: pd.DataFrame, report: LoadReport) -> None:
    """Years for the undated documents of files named with one year (:func:`_file_year`),
    each file one document, in place; noted, and listed in ``attrs["dated_by_name"]`` so
    that a ``--meta`` table's dates come first."""
    paths = frame["path"].where(frame["date"].isna()).dropna()
    paths = paths[~frame["path"].duplicated(keep=False)[paths.index]]  # one document a file
    years = paths.map(_file_year).dropna()
    if years.empty:
        return
    frame.loc[years.index, "date"] = years
    frame.attrs["dated_by_name"] = frame.loc[years.index, "doc_id"].tolist()
    example = f"{Path(paths[years.index[0]]).name} → {years.iloc[0]}"
    report.issues.append(
        LoadIssue(
            report.source,
            f"dates of {len(years)} documents from the year in their file names ({example}); "
            "a --meta table's date column replaces them",
            action="note",
        )
    )


def _warn_skips(report: LoadReport) -> None:
    if report.skipped:
        warnings.warn(
            f"{len(report.skipped)} file(s)/row(s) skipped while loading {report.source}: "
            + "; ".join(map(str, report.skipped[:5]))
            + (" …" if len(report.skipped) > 5 else "")
            + " (all in docs.attrs['load_report'])",
            stacklevel=3,
        )


def _skip_table(file: Path, exc: _NoTextColumn, report: LoadReport, in_folder: bool) -> None:
    """A table without a text column in a folder (a sheet of document attributes beside the
    texts, as ``metadata.csv``) is listed and passed over; named on its own, it is an error."""
    if not in_folder:
        raise exc
    report.issues.append(
        LoadIssue(
            str(file),
            f"no text column (columns: {', '.join(map(str, exc.columns))}); if it describes "
            "the documents, join it with --meta FILE (meta_path= in the notebooks)",
        )
    )


def missing_path(root: Path) -> CorpusError:
    """The error for a corpus path that does not exist, with the close names: of the folder
    where the path first goes astray (hidden ones never), and of the bundled corpora for a
    bare name (national-report → national-reports).

    >>> print(missing_path(Path("/nowhere/polcy-docs")))
    /nowhere/polcy-docs: no such file or folder; / has no nowhere
    >>> "did you mean national-reports (a bundled corpus)?" in str(missing_path(Path("national-report")))
    True
    """

    message = f"{root}: no such file or folder"
    first = root  # the first part of the path that does not exist
    while first.parent != first.parent.parent and not first.parent.exists():
        first = first.parent
    folder = first.parent
    if not folder.is_dir():
        return CorpusError(message)
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    close = difflib.get_close_matches(first.name, names, n=3, cutoff=0.5)
    near = close + [n for n in names if n not in close][: 8 - len(close)]
    more = f" … ({len(names)} in all)" if len(names) > len(near) else ""
    where = "this folder" if str(folder) == "." else str(folder)
    lead = "" if first == root else f"{where} has no {first.name}; "
    holds = f"{where} holds: {', '.join(near) or 'nothing'}{more}"
    bundled = difflib.get_close_matches(root.name.lower(), BUNDLED_CORPORA, n=1, cutoff=0.6)
    if str(root.parent) == "." and bundled:  # this folder's names only when one is close
        held = f" ({holds})" if close else ""
        return CorpusError(f"{message}; did you mean {bundled[0]} (a bundled corpus)?{held}")
    if close:
        return CorpusError(f"{message}; {lead}did you mean {close[0]}? ({holds})")
    if first != root:  # astray higher up, and no name there like it: where, not a listing
        return CorpusError(f"{message}; {lead[:-2]}")
    return CorpusError(f"{message}; {holds}")


def _input_files(paths: list[Path], report: LoadReport) -> Iterator[tuple[Path, str, bool]]:
    """``(file, base id, found in a folder)`` of every readable file under ``paths``, in
    order."""
    for root in paths:
        if not root.exists():
            raise missing_path(root)
        if root.is_dir():
            files = _files_in(root, report)
            if not files:
                report.issues.append(
                    LoadIssue(
                        str(root),
                        f"folder holds no readable files ({', '.join(READABLE)})",
                    )
                )
            yield from ((f, f.relative_to(root).with_suffix("").as_posix(), True) for f in files)
        else:
            yield root, root.stem, False


def check_strict(report: LoadReport, strict: bool = True) -> None:
    """A :class:`CorpusError` listing the skipped files and rows, when ``strict`` and any were
    (``load_corpus(strict=True)``; :func:`analysis.workflow.load_clean` checks after joining
    a ``--meta`` table, which its folder holds and the loader listed as skipped)."""
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
        files = sorted({Path(p).name for p in frame.loc[ids.isin(dup), "path"].dropna()})
        held = f" (in {', '.join(files[:3])}{' …' if len(files) > 3 else ''})" if files else ""
        raise CorpusError(
            f"{report.source}: duplicate doc_id values {sorted(set(dup))[:5]}{held}; ids must "
            "be unique across the corpus: name a column of unique values with --id-col, or "
            "rename the id column (doc_id, id, 编号, 序号) so that the rows are numbered by file"
        )
    seen_ids.update(ids)
    frame = frame.reset_index(drop=True)
    _note_copies(frame, report)
    _note_compilations(frame, report)
    frame.attrs["load_report"] = report
    return frame


def _note_copies(frame: pd.DataFrame, report: LoadReport) -> None:
    """A note for each set of documents with the same text (a report filed under three
    cities): kept, since they may be meant, but each copy counts in every analysis."""
    copies = frame[frame["text"].duplicated(keep=False)]
    for _, group in copies.groupby("text", sort=False):
        ids = group["doc_id"].astype(str).tolist()
        shown = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
        report.issues.append(
            LoadIssue(
                str(group["path"].iloc[0]),
                f"{len(ids)} documents have the same text: {shown} (each counts in every "
                "analysis; if the copies are not meant, --drop-copies or drop_copies=True "
                "keeps the first)",
                action="note",
            )
        )


def _ranks(sizes):
    """0, 1, …, size − 1 for each of ``sizes``, one after the other."""
    import numpy as np

    return np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)


_SENTENCE_BREAK = rf"[{SENTENCE_MARKS}\n]"
_TELLING_CHARS = 12  # a sentence this long is one document's own, not a stock phrase


def _note_compilations(frame: pd.DataFrame, report: LoadReport, share: float = 0.8) -> None:
    """A note for each document that holds at least ``share`` of the sentences of another,
    shorter one (a compilation of the other files, 汇编): kept, but their text then counts
    twice. Sentences found in more than 20 documents are boilerplate, not evidence. Only
    where the corpus holds a text file (a compilation is one): a table alone of 2,000 news
    items would pay 0.1 s for nothing."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(frame) < 2 or not (frame["kind"] == "document").any():
        return
    texts = pa.array([t if isinstance(t, str) else "" for t in frame["text"]], pa.string())
    pieces = pc.split_pattern_regex(texts, _SENTENCE_BREAK)
    sentences = pieces.flatten()
    doc = np.repeat(np.arange(len(frame)), np.diff(pieces.offsets.to_numpy()))
    telling = pc.greater_equal(pc.utf8_length(sentences), _TELLING_CHARS).to_numpy(False)
    if not telling.any():
        return
    key = pc.dictionary_encode(sentences.filter(pa.array(telling))).indices.to_numpy()
    pairs = np.unique(key.astype(np.int64) * len(frame) + doc[telling])  # each once per doc
    key, doc = pairs // len(frame), pairs % len(frame)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    shared = (sizes > 1) & (sizes <= 20)
    lo, n = starts[shared], sizes[shared]
    member = np.repeat(lo, n) + _ranks(n)  # every member of every shared sentence's group
    width = np.repeat(n, n)
    holder = doc[np.repeat(member, width)]  # each member paired with each of its group
    other = doc[np.repeat(np.repeat(lo, n), width) + _ranks(width)]
    pair = holder[holder != other] * len(frame) + other[holder != other]
    pair, count = np.unique(pair, return_counts=True)  # sentences of other found in holder
    holder, other = pair // len(frame), pair % len(frame)
    own = np.bincount(doc, minlength=len(frame))
    lengths = frame["text"].map(lambda t: len(t) if isinstance(t, str) else 0).to_numpy()
    found = (count >= share * own[other]) & (lengths[holder] > lengths[other])
    inside: dict[int, list[int]] = {}
    for a, b in zip(holder[found].tolist(), other[found].tolist(), strict=True):
        inside.setdefault(a, []).append(b)
    ids = frame["doc_id"].astype(str).tolist()
    for a, held_docs in inside.items():
        shown = ", ".join(ids[b] for b in sorted(held_docs)[:5]) + (
            " …" if len(held_docs) > 5 else ""
        )
        report.issues.append(
            LoadIssue(
                str(frame["path"].iloc[a]),
                f"{ids[a]} holds most sentences of {len(held_docs)} other document(s): {shown} "
                "(a compilation? their text counts twice in every analysis; remove it if it is "
                "not meant)",
                action="note",
            )
        )


def iter_corpus(
    path: str | Path | Iterable[str | Path],
    *,
    batch_size: int = 10_000,
    text_col: str | None = None,
    title_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
) -> Iterator[pd.DataFrame]:
    """Load a corpus in batches of about ``batch_size`` documents, for corpora larger than
    memory.

    Same inputs, schema, checks, row numbers and report as :func:`load_corpus` (whose
    concatenated result equals the batches'). ``.jsonl``, ``.csv`` and ``.tsv`` files are
    read row by row, and folders file by file, so only one batch is in memory; a ``.txt``,
    ``.json`` or ``.xlsx`` file is read whole. Each batch's ``attrs["load_report"]`` is the
    report so far.

    Examples
    --------
    >>> for batch in iter_corpus("corpus.jsonl", batch_size=5000):  # doctest: +SKIP
    ...     print(len(batch))
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    paths = [corpus_path(p) for p in ([path] if isinstance(path, (str, Path)) else path)]
    report = LoadReport(source=", ".join(map(str, paths)))
    options = _Options(text_col, title_col, id_col, date_col, sheet, encoding)
    seen: set = set()
    docs: list[dict] = []
    for file, base, in_folder in _input_files(paths, report):
        report.n_files += 1
        try:
            if file.suffix.lower() in (".jsonl", ".csv", ".tsv"):
                parts = _stream_table(file, base, report, options)
            else:
                parts = iter(_load_file(file, base, report, options))
            for doc in parts:
                docs.append(doc)
                if len(docs) >= batch_size:
                    check_strict(report, strict)
                    report.n_docs += len(docs)
                    yield _frame(docs, report, seen)
                    docs = []
        except _Skip as skip:
            report.issues.append(LoadIssue(str(file), str(skip)))
        except _NoTextColumn as exc:
            _skip_table(file, exc, report, in_folder)
    check_strict(report, strict)
    if docs or not report.n_docs:
        report.n_docs += len(docs)
        yield _frame(docs, report, seen)


def _stream_table(path: Path, base: str, report: LoadReport, options: _Options) -> Iterator[dict]:
    """Documents of a JSONL/CSV/TSV file, read row by row, with the rules of the whole-file
    reader: the encoding is decided on the first MB, and a bad row costs that row only."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip():
        raise _Skip("empty file")
    if len(head) == 1 << 20:  # do not decide on a multi-byte character cut in two
        head = head[: max(head.rfind(b"\n"), 1)]
    _, encoding, note = decode_bytes(head, encoding=options.encoding)
    report.encodings[str(path)] = encoding
    if note:
        report.issues.append(LoadIssue(str(path), note, action="note"))
    suffix = path.suffix.lower()
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        if suffix in (".csv", ".tsv"):
            records = _csv_records(fh, path, report, "\t" if suffix == ".tsv" else ",")
        else:
            records = _json_records(fh, path, report)
        rows = _document_rows(None, records, path, base, report, options, multi_sheet=False)
        yield from _with_content(rows, path, report)


def grouping_column(docs: pd.DataFrame, *, most: int = 20) -> str | None:
    """A column that sorts the documents into groups worth comparing: ``doc_type`` (报告,
    决议 …) when it holds 2 to ``most`` values, else ``kind`` where it tells an article from
    the web snippets around it; ``None`` when neither does (``kind`` of text files against
    table rows says how they were stored, not what they are).

    >>> import pandas as pd
    >>> grouping_column(pd.DataFrame({"kind": ["article", "snippet"], "doc_type": [None, None]}))
    'kind'
    >>> grouping_column(pd.DataFrame({"kind": ["document", "record"]})) is None
    True
    """
    if "doc_type" in docs and 2 <= docs["doc_type"].nunique() <= most:
        return "doc_type"
    kinds = set(docs["kind"].dropna()) if "kind" in docs else set()
    return "kind" if kinds == {"article", "snippet"} else None


def group_columns(docs: pd.DataFrame, *, most: int = 20) -> dict[str, int]:
    """The columns a user could compare groups by, with how many groups each makes: those
    (but the loader's own text, id, date, path and title columns) holding 2 to ``most``
    values, each value in two documents or more on average (来源 of scraped news, a
    province of ``--meta``).

    >>> import pandas as pd
    >>> group_columns(pd.DataFrame({"doc_id": [1, 2, 3, 4], "来源": ["新华网", "财新", "财新", "新华网"]}))
    {'来源': 2}
    """
    own = {
        "doc_id",
        "title",
        "text",
        "path",
        "date",
        "truncated",
        "page",
        "clean_title",
        "clean_text",
    }
    found = {}
    for column in docs.columns:
        if column in own:
            continue
        values = docs[column].dropna()
        if values.map(lambda v: isinstance(v, (list, dict))).any():
            continue
        n = values.astype(str).nunique()
        if 2 <= n <= most and len(values) >= 2 * n:
            found[str(column)] = n
    return found


def select_documents(docs: pd.DataFrame, where: Mapping[str, Collection[str]]) -> pd.DataFrame:
    """The documents whose column holds one of the given values, for every column of
    ``where`` (the CLI's ``--where doc_type=report``). Values are compared as text.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "doc_type": ["report", "resolution", "report"]})
    >>> select_documents(docs, {"doc_type": ["report"]})["doc_id"].tolist()
    ['a', 'c']
    """
    keep = pd.Series(True, index=docs.index)
    for column, values in where.items():
        if column not in docs.columns:
            raise CorpusError(
                f"--where {column}=…: the corpus has no column {column!r}; "
                f"its columns are {', '.join(map(str, docs.columns))} (a column of a table "
                "of document attributes comes with --meta TABLE)"
            )
        text = docs[column].astype("string")  # missing stays missing, never "None"
        keep &= text.isin({str(v) for v in values}).fillna(False).astype(bool)
    selected = docs[keep].reset_index(drop=True)
    selected.attrs = copy.deepcopy(docs.attrs)  # the notes added later stay off the input
    return selected


def join_metadata(
    docs: pd.DataFrame, path: str | Path, *, key: str | None = None, date_col: str | None = None
) -> pd.DataFrame:
    """The corpus with the columns of a metadata table (``.csv``, ``.tsv`` or ``.xlsx``: city,
    province, doc_type, author unit …) joined on ``doc_id`` = the table's ``key`` column
    (default: its first column). Keys are compared as text and must be unique. A column the
    corpus has already is filled where the corpus has no value; where both hold different
    values it is an error, never a silent overwrite. Documents without a row keep missing
    values; ``attrs["unmatched"]`` counts them and ``attrs["unmatched_docs"]`` names them, and
    ``attrs["unused_rows"]`` holds the keys of the rows that match no document (a misspelt
    file name).

    Documents without a date take it from the table's ``date_col``, else from its ``date``
    column, else from the one column named as a date (:func:`_named_as_dates`:
    ``report_year``, ``pub_date``, 发布日期, 年份); the load report notes which.
    """
    path = Path(path)
    if not path.is_file():
        near = sorted({str(Path(p).parent / path.name) for p in docs["path"].dropna()})
        near = [n for n in near if Path(n).is_file()][:1]  # beside the documents (metadata.xlsx)
        hint = f"; did you mean {near[0]}?" if near else ""
        raise CorpusError(f"metadata table {path} does not exist{hint}")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        meta = pd.read_excel(path, dtype=str)
    elif suffix in (".csv", ".tsv"):
        try:
            text, _, _ = read_table_text(path)
        except _Skip as exc:
            raise CorpusError(f"{path}: {exc}") from None
        meta = pd.read_csv(io.StringIO(text), sep="\t" if suffix == ".tsv" else ",", dtype=str)
    else:
        raise CorpusError(f"{path}: metadata must be .csv, .tsv or .xlsx")
    key = key or meta.columns[0]
    if key not in meta.columns:
        raise CorpusError(f"{path}: no column {key!r}; its columns are {', '.join(meta.columns)}")
    meta = meta.assign(**{key: meta[key].str.strip()}).dropna(subset=[key])
    dup = meta[key][meta[key].duplicated()]
    if len(dup):
        unique = [c for c in meta.columns if c != key and meta[c].dropna().is_unique]
        hint = f" (here: {', '.join(map(str, unique[:4]))})" if unique else ""
        raise CorpusError(
            f"{path}: the key column {key!r} repeats {sorted(set(dup))[:5]}; --meta-key must "
            f"name a column with one value per document{hint}"
        )
    ids = docs["doc_id"].astype(str)
    keys = meta[key]
    # file names (txt/三亚.txt, 南京.docx) name the documents of those files: txt/三亚 when the corpus is
    # the folder above txt/, 三亚 when it is txt/ itself; and 三亚.txt names txt/三亚 when no
    # other document is named 三亚. The key stays a column too (--group city with --meta-key
    # city), unless the corpus has one of that name
    suffixes = "|".join(re.escape(x) for x in (*TEXT_SUFFIXES, ".text", *DOCUMENT_SUFFIXES))
    bare = keys.str.replace(rf"(?:{suffixes})$", "", regex=True, case=False)  # .docx, .pdf too
    name = bare.str.replace(r"^.*[/\\]", "", regex=True)
    own = ids.str.replace(r"^.*/", "", regex=True)
    by_own = name.map(dict(zip(own, ids, strict=True))) if own.is_unique else name.map({})
    forms = [keys, bare, name, by_own.fillna(keys)]
    matched = [int(ids.isin(f).sum()) if f.is_unique else -1 for f in forms]
    best = max(range(len(forms)), key=lambda i: (matched[i], -i))
    by_name = best > 0 and matched[best] > matched[0]
    meta = meta.set_axis(pd.Index(forms[best] if by_name else keys, name=key))
    if key in docs.columns or key == "doc_id":
        meta = meta.drop(columns=key)
    rows = meta.reindex(ids).set_axis(docs.index)
    out = docs.copy()
    # a year from a file name yields to the table's dates: set aside, put back where none came
    year_named = out["doc_id"].isin(docs.attrs.get("dated_by_name", ())) if "date" in out else None
    named_dates = out["date"].where(year_named) if year_named is not None else None
    if year_named is not None:
        out["date"] = out["date"].where(~year_named)
    for column in meta.columns:
        if column == "doc_id":
            continue
        if column not in out.columns:
            out[column] = rows[column]
            continue
        mine, theirs = out[column], rows[column]
        clash = mine.notna() & theirs.notna() & (mine.astype(str) != theirs)
        if clash.any():
            first = out.loc[clash.idxmax(), "doc_id"]
            raise CorpusError(
                f"{path}: column {column!r} disagrees with the corpus for {first!r} "
                f"({mine[clash].iloc[0]!r} vs {theirs[clash].iloc[0]!r}); rename the column"
            )
        out[column] = mine.where(mine.notna(), theirs)
    out.attrs = copy.deepcopy(docs.attrs)  # its notes are added to this copy, not the input
    without = ~ids.isin(meta.index)
    out.attrs["unmatched"] = int(without.sum())
    out.attrs["unmatched_docs"] = ids[without].tolist()
    out.attrs["unused_rows"] = [k for k in meta.index[~meta.index.isin(ids)] if isinstance(k, str)]
    if len(docs) and out.attrs["unmatched"] == len(docs):
        raise CorpusError(
            f"{path}: no row of column {key!r} matches a doc_id (the table has "
            f"{', '.join(map(repr, meta.index[:3]))} …, the corpus {', '.join(map(repr, docs['doc_id'][:3]))} …); "
            "choose the key column with --meta-key, or make its values the doc_ids"
        )
    _date_from(out, rows, list(meta.columns), path, date_col)
    if year_named is not None:
        out["date"] = out["date"].where(out["date"].notna(), named_dates)
    _read_as_metadata(out, path)
    if by_name:
        how = "without extension" if best == 1 else "by file name, without folder and extension"
        _note(out, path, f"its column {key!r} names files: matched {how}")
    return out


def _read_as_metadata(docs: pd.DataFrame, path: Path) -> None:
    """The table joined as metadata was in the corpus's folder, where it was listed as a
    table without text (:func:`_skip_table`): say what it is now."""
    report = load_report(docs)
    if report is None:
        return
    for k, issue in enumerate(report.issues):
        if issue.action == "skipped" and Path(issue.path).resolve() == path.resolve():
            report.issues[k] = LoadIssue(issue.path, "read as the metadata table", action="note")


def _note(docs: pd.DataFrame, path: Path, note: str) -> None:
    report = load_report(docs)
    if report is not None:
        report.issues.append(LoadIssue(str(path), note, action="note"))


def _date_from(
    out: pd.DataFrame, rows: pd.DataFrame, columns: list, path: Path, date_col: str | None
) -> None:
    """Dates for the undated documents of ``out`` from the metadata ``rows`` (in place)."""
    if "date" not in out.columns or not out["date"].isna().any():
        return
    if date_col and date_col not in columns and out["date"].isna().all():
        raise CorpusError(
            f"--date-col {date_col}: no such column in {path} nor in the corpus; the table's "
            f"columns are {', '.join(map(str, columns))}"
        )
    dated, candidates = _meta_date_column(columns, date_col)
    if dated is None and len(candidates) > 1:
        _note(
            out,
            path,
            f"several columns could date the documents ({', '.join(candidates)}): "
            "choose one with --date-col",
        )
    if dated not in (None, "date"):
        missing = out["date"].isna() & rows[dated].notna()
        out["date"] = out["date"].where(~missing, rows[dated])
        if missing.any():
            _note(out, path, f"dates of {int(missing.sum())} documents from its column {dated!r}")


def _meta_date_column(columns: Sequence[str], wanted: str | None) -> tuple[str | None, list]:
    """The column of a metadata table that dates the documents (see :func:`join_metadata`),
    and the columns named as dates when none is chosen."""
    if wanted in columns:
        return wanted, [wanted]
    if "date" in columns:
        return "date", ["date"]
    named = _named_as_dates(columns)
    return (named[0] if len(named) == 1 else None), named


def _named_as_dates(columns: Sequence) -> list[str]:
    """The columns whose name says they date the documents: holding date or 日期 (pub_date,
    date_in_source, 发布日期), or ending in year, 年份, 年度 or 时间 (report_year, 发布时间;
    not report_year_source).

    >>> _named_as_dates(["标题", "发布时间", "report_year_source"])
    ['发布时间']
    """
    ends = ("year", "年份", "年度", "时间")
    return [
        str(c)
        for c in columns
        if "date" in str(c).lower() or "日期" in str(c) or str(c).lower().endswith(ends)
    ]


def load_report(docs: pd.DataFrame) -> LoadReport | None:
    """The :class:`LoadReport` attached to a frame by :func:`load_corpus`, if any.

    Examples
    --------
    >>> report = load_report(load_corpus("essay"))
    >>> report.n_docs, report.skipped
    (12, [])
    """
    return docs.attrs.get("load_report")
