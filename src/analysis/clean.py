"""Small ``str -> str`` cleaners for scraped Chinese text, composed into a pipeline.

Each cleaner does one thing and is idempotent; :func:`make_pipeline` composes them, and
:func:`clean_corpus` adds cleaned columns to a corpus frame while keeping the original text.

>>> clean = make_pipeline()
>>> clean("据相关媒体报道,数字化正成为关键词.在“APP'热”“大数据热“过后...")
'据相关媒体报道，数字化正成为关键词。在“APP热”“大数据热”过后'
"""

from __future__ import annotations

import html
import pickle
import re
from collections.abc import Callable, Iterable
from functools import lru_cache, reduce
from typing import TYPE_CHECKING

from . import parallel

if TYPE_CHECKING:  # pandas is imported where a frame is built: worker processes clean
    import pandas as pd  # plain strings and start faster without it

__all__ = [
    "DEFAULT_CLEANERS",
    "Pipeline",
    "clean_corpus",
    "cleaning_changes",
    "collapse_whitespace",
    "fix_cjk_punctuation",
    "make_pipeline",
    "normalize_quotes",
    "normalize_width",
    "remove_boilerplate",
    "remove_emails",
    "remove_markers",
    "remove_photo_credits",
    "remove_trailing_ellipsis",
    "remove_urls",
    "remove_zero_width",
    "strip_html",
    "to_simplified",
]

Cleaner = Callable[[str], str]

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_CHAR = f"[{_CJK}]"

# --------------------------------------------------------------------------- markup and noise

_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\s*/?>", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。、；：！？（）“”]+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MARKERS = re.compile(r"[▲△◆◇■□●○★☆◎▶►▼•]\s*")


def strip_html(text: str) -> str:
    """Remove HTML tags and decode entities (``&quot;`` → ``"``); ``<br>``/``</p>`` become breaks.

    >>> strip_html("<b>数字政府</b>&amp;智慧城市")
    '数字政府&智慧城市'
    """
    if "<" not in text and "&" not in text:
        return text
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    # decode until stable so that a second pass changes nothing (&amp;quot; → &quot; → ")
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _TAG.sub("", text)


def remove_urls(text: str) -> str:
    """Remove web addresses.

    >>> remove_urls("详见 https://www.gov.cn/zhengce 。")
    '详见  。'
    """
    if "http" not in text and "www." not in text and "WWW." not in text:
        return text
    return _URL.sub("", text)


def remove_emails(text: str) -> str:
    """Remove e-mail addresses.

    >>> remove_emails("投稿：zzrsb@163.com")
    '投稿：'
    """
    return _EMAIL.sub("", text) if "@" in text else text


def remove_zero_width(text: str) -> str:
    """Remove zero-width spaces/joiners, BOMs and soft hyphens."""
    return _ZERO_WIDTH.sub("", text)


_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,
    0x2002: 0x20,
    0x2003: 0x20,
}


_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0\u2002\u2003]+")


def normalize_width(text: str) -> str:
    """Full-width Latin letters, digits and spaces to half-width; Chinese punctuation is kept.

    (Unicode NFKC would also turn ``，`` into ``,``, which is why it is not used here.)

    >>> normalize_width("２０２１年５Ｇ，ＡＰＰ")
    '2021年5G，APP'
    """
    # translate only the runs found: str.translate looks every character up in a dict
    return _WIDE.sub(lambda m: m.group().translate(_FULLWIDTH_ALNUM), text)


def remove_markers(text: str) -> str:
    """Remove bullet and caption markers such as ▲ ◆ ■ ●.

    >>> remove_markers("▲ 观众体验5G ◆ 几乎没有")
    '观众体验5G 几乎没有'
    """
    return _MARKERS.sub("", text)


_PHOTO_CREDITS = re.compile(
    r"[(（]\d{4}年\d{1,2}月\d{1,2}日摄[)）]"  # (2020年9月11日摄)
    rf"|{_CJK_CHAR}{{2,5}}\s*摄\s*/\s*[{_CJK}A-Za-z]{{1,12}}"  # 黄宗治摄/本刊
    rf"|(?:新华社|本报|本刊)?记者\s*{_CJK_CHAR}{{2,4}}\s*摄(?!{_CJK_CHAR})"  # 新华社记者 李鑫 摄
)


def remove_photo_credits(text: str) -> str:
    """Remove photo credits and dates of photo captions.

    >>> remove_photo_credits("虚拟现实游戏(2020年9月11日摄)黄宗治摄/本刊 ◆")
    '虚拟现实游戏 ◆'
    """
    return _PHOTO_CREDITS.sub("", text) if "摄" in text else text


_BOILERPLATE = re.compile(
    rf"^(?:文|作者|记者|来源)\s*[/|｜]\s*{_CJK_CHAR}{{2,4}}\s+"  # byline: 文/陈根
    r"|转载请注明(?:来源|出处)[^\n。]*?(?=\s|。|$)"
    r"|(?:责任编辑|编辑|来源)\s*[:：]\s*\S{1,20}\s*$"
    r"|点击(?:阅读原文|查看原文)|原标题\s*[:：]",
    re.M,
)


# a literal every match of _BOILERPLATE contains
_BOILERPLATE_MARKERS = ("/", "|", "｜", "转载请注明", "编辑", "来源", "点击", "原标题")


def remove_boilerplate(text: str) -> str:
    """Remove web boilerplate: bylines (文/陈根), 转载请注明来源, 责任编辑：…, 点击阅读原文, 原标题：.

    >>> remove_boilerplate("转载请注明来源 近些年，数字经济持续增长。")
    ' 近些年，数字经济持续增长。'
    """
    if not any(marker in text for marker in _BOILERPLATE_MARKERS):
        return text  # none of the phrases it removes: skip the multi-line scan
    return _BOILERPLATE.sub("", text)


# --------------------------------------------------------------------------- punctuation

_HALF_PUNCT = re.compile(r"[,;:?!]")
_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_HALF_BETWEEN = re.compile(rf"(?<=[{_CJK}“”‘’》）])[ \t]?([,;:?!])[ \t]?(?=[{_CJK}“”‘’《（\d])")
_HALF_AFTER = re.compile(rf"(?<=[{_CJK}“”‘’》）])([,;?!]+)(?=\s|$)", re.M)
_DOT_BETWEEN = re.compile(rf"(?<={_CJK_CHAR})\.(?={_CJK_CHAR}|[“‘《])")
_DOT_AT_END = re.compile(rf"(?<={_CJK_CHAR})\.(?=[ \t]|$)", re.M)
_PARENS = re.compile(rf"\(([^()\n]*{_CJK_CHAR}[^()\n]*)\)")
_DOUBLE_DASH = re.compile(rf"(?<={_CJK_CHAR})-{{2,}}(?={_CJK_CHAR})")
_ANGLE_TITLE = re.compile(rf"<([{_CJK}\d“][^<>\n]{{0,60}})>")
_SEGMENT_STOP = re.compile(r"[，。、；：！？,.;:!?\n]")
_DOT = re.compile(r"\.")
_MAX_ENUM_ITEM = 6


def _dot_replacement(text: str, i: int) -> str:
    """``、`` after a short phrase (an enumeration item), ``。`` after a long one."""
    left, j = 0, i - 1
    while j >= 0 and not _SEGMENT_STOP.match(text[j]):
        left, j = left + 1, j - 1
    return "、" if left <= _MAX_ENUM_ITEM else "。"


def _sub_at(pattern: re.Pattern, repl: Callable[[re.Match], str], text: str, starts) -> str:
    """``pattern.sub(repl, text)`` where a match can only start at ``starts`` (ascending):
    the same result, without running the pattern at every position of a long text."""
    pieces, last = [], 0
    for start in starts:
        if start < last:
            continue
        m = pattern.match(text, start)
        if m:
            pieces += [text[last : m.start()], repl(m)]
            last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _half_starts(text: str) -> list[int]:
    """Where a match of _HALF_BETWEEN/_HALF_AFTER can start: at ``,;:?!`` or a blank before."""
    starts = []
    for m in _HALF_PUNCT.finditer(text):
        p = m.start()
        if p and text[p - 1] in " \t":
            starts.append(p - 1)
        starts.append(p)
    return starts


def fix_cjk_punctuation(text: str) -> str:
    """Half-width punctuation used between Chinese characters becomes full-width.

    ``,`` ``;`` ``:`` ``?`` ``!`` map to ``，；：？！``; ``(…)`` around Chinese to ``（…）``;
    ``--`` to ``——``; ``<书名>`` to ``《书名》``. A ``.`` between Chinese characters (a scraper's
    replacement for both ``、`` and ``。``) becomes ``、`` when the phrase before it is at most
    six characters long (an enumeration such as 江苏.浙江.广东) and ``。`` otherwise; a ``.``
    after a Chinese character at the end of a line becomes ``。``.

    >>> fix_cjk_punctuation("在江苏.浙江.广东等地采访发现,部分地方(试点)存在问题.数字政府建设")
    '在江苏、浙江、广东等地采访发现，部分地方（试点）存在问题。数字政府建设'
    """
    # the patterns are tried only where their punctuation is: scanning every character of a
    # long text with a look-behind costs more than all the other cleaners together
    if _HALF_PUNCT.search(text):
        full = lambda m: m[1].translate(_HALF_TO_FULL)  # noqa: E731
        text = _sub_at(_HALF_BETWEEN, full, text, _half_starts(text))
        text = _sub_at(_HALF_AFTER, full, text, _half_starts(text))
    if "(" in text:
        text = _PARENS.sub(r"（\1）", text)
    if "--" in text:
        text = _DOUBLE_DASH.sub("——", text)
    if "<" in text:
        text = _ANGLE_TITLE.sub(r"《\1》", text)
    if "." in text:
        dots = [m.start() for m in _DOT.finditer(text)]
        text = _sub_at(_DOT_BETWEEN, lambda m: _dot_replacement(m.string, m.start()), text, dots)
        text = _sub_at(_DOT_AT_END, lambda m: "。", text, [m.start() for m in _DOT.finditer(text)])
    return text


_DOUBLE_QUOTES = re.compile(r"[“”]|\"")
_QUOTE_OR_NEWLINE = re.compile(r'([“”"\n])')
_STRAY_APOSTROPHE = re.compile(
    rf"(?<=[A-Za-z0-9])'(?={_CJK_CHAR})|(?<={_CJK_CHAR})'(?=[A-Za-z0-9])"
)


def normalize_quotes(text: str) -> str:
    """Pair double quotes line by line as “…”, and drop stray apostrophes next to Chinese.

    Scraped text mixes ``"``, ``“`` and ``”`` and often closes with the wrong one; within each
    line the quotes are re-assigned in order: open, close, open, close. A lone ``'`` between a
    Latin letter/digit and a Chinese character is a typo and is removed.

    >>> normalize_quotes("“APP'热”“大数据热“过后, 本质是形式主义,”锁”住的是")
    '“APP热”“大数据热”过后, 本质是形式主义,“锁”住的是'
    """
    if "'" in text and text.count("'") % 2 == 1:
        text = _STRAY_APOSTROPHE.sub("", text)
    if not _DOUBLE_QUOTES.search(text):
        return text
    parts = _QUOTE_OR_NEWLINE.split(text)  # text, separator, text, separator, …, text
    n = 0
    for i in range(1, len(parts), 2):
        if parts[i] == "\n":
            n = 0  # quotes pair within a line
        else:
            parts[i] = "”" if n % 2 else "“"
            n += 1
    return "".join(parts)


_TRAILING_ELLIPSIS = re.compile(r"(?:&[A-Za-z#0-9]{0,7})?\s*(?:\.{3,}|…+|(?:\.\s){2}\.)\s*$")


def remove_trailing_ellipsis(text: str) -> str:
    """Remove the ``...``/``…`` that marks a cut-off snippet (and a half entity before it).

    >>> remove_trailing_ellipsis("第十四个五年规划>提出:&q ...")
    '第十四个五年规划>提出:'
    """
    tail = text.rstrip()[-1:]
    if tail not in (".", "…"):
        return text
    cut = max(0, len(text.rstrip()) - 80)  # the marker is at the very end: search only there
    return text[:cut] + _TRAILING_ELLIPSIS.sub("", text[cut:])


_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def collapse_whitespace(text: str) -> str:
    """One space for any run of spaces and tabs, no space at line ends, at most one blank line.

    >>> collapse_whitespace("上海讯    7月10日  数字 城市\\n\\n\\n研究院 ")
    '上海讯 7月10日 数字 城市\\n\\n研究院'
    """
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:  # `in` scans faster
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


@lru_cache(maxsize=4)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional to Simplified Chinese with OpenCC (``t2s``).

    >>> to_simplified("數字政府與基層治理")
    '数字政府与基层治理'
    """
    return _opencc("t2s").convert(text)


# --------------------------------------------------------------------------- pipeline

#: The default order: markup first, then noise, then punctuation, whitespace last.
DEFAULT_CLEANERS: tuple[Cleaner, ...] = (
    strip_html,
    remove_urls,
    remove_emails,
    remove_zero_width,
    normalize_width,
    remove_markers,
    remove_photo_credits,
    remove_boilerplate,
    remove_trailing_ellipsis,
    fix_cjk_punctuation,
    normalize_quotes,
    collapse_whitespace,
)


def make_pipeline(*cleaners: Cleaner, simplify: bool = False) -> Pipeline:
    """Compose cleaners left to right; with no arguments, :data:`DEFAULT_CLEANERS`.

    Parameters
    ----------
    *cleaners
        ``str -> str`` functions, applied in the order given.
    simplify
        Also convert traditional characters to simplified (OpenCC ``t2s``) first.

    Examples
    --------
    >>> make_pipeline(remove_markers, collapse_whitespace)("▲ 数字政府  建设 ")
    '数字政府 建设'
    """
    steps = tuple(cleaners) or DEFAULT_CLEANERS
    if simplify:
        steps = (to_simplified, *steps)
    return Pipeline(steps)


class Pipeline:
    """Cleaners applied left to right (see :func:`make_pipeline`); a class rather than a
    closure so a pipeline can be sent to worker processes."""

    def __init__(self, steps: Iterable[Cleaner]) -> None:
        self.steps = tuple(steps)

    def __call__(self, text: str) -> str:
        return reduce(lambda acc, step: step(acc), self.steps, text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.steps == other.steps

    def __hash__(self) -> int:
        return hash(self.steps)

    def __repr__(self) -> str:
        return f"Pipeline({', '.join(getattr(s, '__name__', repr(s)) for s in self.steps)})"


def clean_corpus(
    docs: pd.DataFrame,
    *,
    pipeline: Cleaner | None = None,
    columns: Iterable[str] = ("title", "text"),
) -> pd.DataFrame:
    """Return a copy of ``docs`` with ``clean_<column>`` added for each column; originals stay.

    >>> import pandas as pd
    >>> text = "据报道,基层平台数量过多.形式主义..."
    >>> docs = pd.DataFrame({"title": ["数字政府"], "text": [text]})
    >>> clean_corpus(docs)["clean_text"].tolist()
    ['据报道，基层平台数量过多。形式主义']
    """
    pipeline = pipeline or make_pipeline()
    out = docs.copy()
    for col in columns:
        if col not in out.columns:
            raise ValueError(f"clean_corpus: no column {col!r}; columns are {list(out.columns)}")
        out[f"clean_{col}"] = _apply(pipeline, out[col].tolist())
    return out


def _apply(pipeline: Cleaner, values: list) -> list:
    """``pipeline`` on every string of ``values`` (others pass through), on every core when
    the texts are large and the pipeline can be sent to worker processes."""
    workers = parallel.pool_workers(values)
    if workers:
        try:
            pickle.dumps(pipeline)
        except Exception:  # a lambda or closure: clean in this process
            pass
        else:
            chunks = parallel.text_chunks(values)
            parts = parallel.process_map(_clean_chunk, chunks, shared=pipeline, workers=workers)
            return [v for part in parts for v in part]
    return [pipeline(v) if isinstance(v, str) else v for v in values]


def _clean_chunk(pipeline: Cleaner, values: list) -> list:
    return [pipeline(v) if isinstance(v, str) else v for v in values]


def cleaning_changes(
    docs: pd.DataFrame,
    *,
    column: str = "text",
    context: int = 10,
    max_per_doc: int = 3,
) -> pd.DataFrame:
    """What cleaning changed: one row per changed passage, for checking the cleaners by eye.

    Compares ``column`` with ``clean_<column>`` (from :func:`clean_corpus`).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``before`` and ``after``: the changed passage with ``context``
        characters either side; at most ``max_per_doc`` rows per document.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"doc_id": ["a"], "title": [""], "text": ["数据共享,基层减负"]})
    >>> docs = clean_corpus(raw)
    >>> cleaning_changes(docs).loc[0, ["before", "after"]].tolist()
    ['数据共享,基层减负', '数据共享，基层减负']
    """
    from difflib import SequenceMatcher

    import pandas as pd

    cleaned = f"clean_{column}"
    if cleaned not in docs.columns:
        raise ValueError(f"cleaning_changes: no column {cleaned!r}; run clean_corpus first")
    rows = []
    ids = docs["doc_id"] if "doc_id" in docs.columns else docs.index.to_series()
    for doc_id, before, after in zip(ids, docs[column], docs[cleaned], strict=True):
        if not isinstance(before, str) or before == after:
            continue
        matcher = SequenceMatcher(None, before, after, autojunk=False)
        shown = 0
        last_end = -1
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or i1 < last_end:
                continue
            lo, hi = max(0, i1 - context), min(len(before), i2 + context)
            # the same window in the cleaned text, through the matcher's alignment
            lo_after = j1 - (i1 - lo)
            hi_after = j2 + (hi - i2)
            rows.append((doc_id, before[lo:hi], after[max(0, lo_after) : max(0, hi_after)]))
            last_end = hi
            shown += 1
            if shown == max_per_doc:
                break
    return pd.DataFrame(rows, columns=["doc_id", "before", "after"])
