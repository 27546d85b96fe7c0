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
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import PurePath
from typing import TYPE_CHECKING

from . import parallel
from .chars import (
    CJK,
    CUT_MARK,
    TRADITIONAL_SHARE,
    simplified_with_share,
    to_simplified,
    traditional_share,
)

if TYPE_CHECKING:  # pandas is imported where a frame is built: worker processes clean
    import pandas as pd  # plain strings and start faster without it

__all__ = [
    "DEFAULT_CLEANERS",
    "Pipeline",
    "clean_corpus",
    "cleaning_changes",
    "cleaning_summary",
    "collapse_whitespace",
    "display_titles",
    "fix_cjk_punctuation",
    "join_spaced_words",
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
    "simplify_traditional",
    "strip_ends",
    "strip_html",
    "to_simplified",
]

Cleaner = Callable[[str], str]

_CJK = CJK
_CJK_CHAR = f"[{_CJK}]"

# --------------------------------------------------------------------------- markup and noise

_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
# what a browser never shows: a script's code, a style sheet (var _hmt=…, p{color:red})
_HIDDEN = re.compile(r"<(script|style|noscript|template)\b[^<>]*>.*?</\1\s*>", re.S | re.I)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\s*/?>", re.I)
# A URL is made of the characters RFC 3986 allows (ASCII only) and does not end in
# punctuation: it stops where Chinese text (or a closing bracket, comma, full stop) starts.
_URL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=%&+]", re.I
)
# An e-mail address: an ASCII local part, a dotted ASCII domain, a top-level domain of letters.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MARKERS = re.compile(r"[▲△◆◇■□●○★☆◎▶►▼•]\s*")
# ○ (a circle) typed for the numeral zero 〇 after a numeral (一九五○年, 二百○八所, 二○○○年), or
# several before one (○○七号)
_CIRCLE_ZERO = re.compile("(?<=[〇○零一二三四五六七八九十百千万亿两])○|○(?=○+[一二三四五六七八九])")


def strip_html(text: str) -> str:
    """Remove HTML tags, with what a browser does not show (scripts, style sheets), and decode
    entities (``&quot;`` → ``"``); ``<br>``/``</p>`` become breaks.

    >>> strip_html("<b>数字政府</b>&amp;智慧城市<script>var _hmt=[];</script>")
    '数字政府&智慧城市'
    """
    if "<" not in text and "&" not in text:
        return text
    text = _HIDDEN.sub("", text)
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
    """Remove web addresses: ``http(s)://`` or ``www.`` and the URL characters after it, so
    the address ends where the Chinese text resumes.

    >>> remove_urls("访问www.gov.cn了解更多，详见 https://www.gov.cn/zhengce 。")
    '访问了解更多，详见  。'
    """
    if "http" not in text.lower() and "www." not in text.lower():
        return text
    return _until_stable(_URL, text)


def remove_emails(text: str) -> str:
    """Remove e-mail addresses (ASCII local part and domain).

    >>> remove_emails("请发送至abc@163.com获取材料")
    '请发送至获取材料'
    """
    return _until_stable(_EMAIL, text) if "@" in text else text


def _until_stable(pattern: re.Pattern, text: str) -> str:
    """Remove the matches of ``pattern`` until none is left: removing one can join its
    neighbours into another (``ww`` + URL + ``w.gov.cn``), and a second pass must change
    nothing."""
    while True:
        shorter = pattern.sub("", text)
        if shorter == text:
            return text
        text = shorter


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
    """Remove bullet and caption markers such as ▲ ◆ ■ ●; a ○ after a numeral, or several
    before one, is the zero 〇 typed as a circle (一九五○年, 二百○八所, ○○七号), written as
    〇 and kept.

    >>> remove_markers("▲ 观众体验5G ◆ 几乎没有")
    '观众体验5G 几乎没有'
    >>> remove_markers("○ 一九五○年，二○○○年，○○七号")
    '一九五〇年，二〇〇〇年，〇〇七号'
    """
    if "○" in text:
        text = _CIRCLE_ZERO.sub("〇", text)
    return _MARKERS.sub("", text)


#: Agencies named after a photographer's credit (黄宗治摄/本刊).
_PHOTO_AGENCIES = "本刊|本报|新华社|中新社|人民图片|视觉中国|东方IC|IC|CFP|VCG"
#: The most common single-character surnames (about 85 % of the population), for finding
#: where a photographer's name starts when the credit is glued to the caption.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_PHOTO_CREDITS = re.compile(
    r"[(（]\d{4}年\d{1,2}月\d{1,2}日摄[)）]"  # (2020年9月11日摄): the date of a caption
    rf"|(?:新华社|中新社|本报|本刊|人民网)?记者\s*{_CJK_CHAR}{{2,4}}\s*摄(?!{_CJK_CHAR})"  # 新华社记者 李鑫 摄
    rf"|(?<!{_CJK_CHAR}){_CJK_CHAR}{{2,4}}[ \t]+摄(?!{_CJK_CHAR})"  # 李鑫 摄
)
_AGENCY_CREDIT = re.compile(rf"[ \t]*摄[ \t]*/[ \t]*(?:{_PHOTO_AGENCIES})(?![A-Za-z])")


def _name_start(text: str, end: int) -> int | None:
    """Where the photographer's name that ends at ``end`` starts: a name of three, else two
    characters led by a common surname; else the whole run of 2–4 Chinese characters before
    ``end`` when it stands apart (欧阳修文); ``None`` when no name is found."""
    start = end
    while start > 0 and end - start < 5 and re.match(_CJK_CHAR, text[start - 1]):
        start -= 1
    for n in (3, 2):
        if end - start >= n and text[end - n] in _SURNAMES:
            return end - n
    if (start == 0 or not re.match(_CJK_CHAR, text[start - 1])) and 2 <= end - start <= 4:
        return start
    return None


def remove_photo_credits(text: str) -> str:
    """Remove photo credits standing as captions: ``NAME摄/本刊`` (the agency one of a known
    list), ``记者 NAME 摄``, ``NAME 摄``, and the ``(2020年9月11日摄)`` of a caption. The
    caption itself stays. One credit removed can bring another next to a caption, so the
    rules run until the text stays as it is.

    >>> remove_photo_credits("体验虚拟现实游戏(2020年9月11日摄)黄宗治摄/本刊。")
    '体验虚拟现实游戏。'
    """
    while "摄" in text:
        fewer = _remove_credits_once(text)
        if fewer == text:
            break
        text = fewer
    return text


def _remove_credits_once(text: str) -> str:
    text = _PHOTO_CREDITS.sub("", text)
    pieces, last = [], 0
    for m in _AGENCY_CREDIT.finditer(text):
        start = _name_start(text, m.start())
        if start is not None and start >= last:
            pieces.append(text[last:start])
            last = m.end()
    return "".join(pieces) + text[last:] if pieces else text


_BOILERPLATE = re.compile(
    rf"^(?:文|作者|记者|来源)\s*[/|｜]\s*{_CJK_CHAR}{{2,4}}(?=[ \t])"  # byline: 文/陈根
    r"|(?:如需)?转载请注明(?:来源|出处)"
    # a line of such fields: 责任编辑：王某, 来源：国家数据局网站 责任编辑：王某
    r"|^(?:[ \t\u3000]*(?:责任编辑|编辑|(?:本文)?来源|稿源)[ \t]*[:：][ \t]*[^\s。，；！？]{1,20})+[ \t\u3000]*$"
    r"|[（(]责任编辑[:：][^\s（）()]{1,10}[）)]"  # (责任编辑：王某) after the last sentence
    r"|点击(?:阅读原文|查看原文)|原标题\s*[:：]",
    re.M,
)


# a literal every match of _BOILERPLATE contains
_BOILERPLATE_MARKERS = ("/", "|", "｜", "转载请注明", "编辑", "来源", "稿源", "点击", "原标题")


def remove_boilerplate(text: str) -> str:
    r"""Remove known web boilerplate phrases, never the sentence around them: bylines
    (``文/陈根``), ``转载请注明来源``, a line of ``责任编辑：…`` / ``来源：…`` fields, a
    ``（责任编辑：…）``, ``点击阅读原文``, ``原标题：``.

    >>> remove_boilerplate("转载请注明来源 本文数据来源：国家统计局2021年公报显示增长。")
    ' 本文数据来源：国家统计局2021年公报显示增长。'
    >>> remove_boilerplate("正文。\n来源：国家数据局网站 责任编辑：王某\n正文。（责任编辑：李四）")
    '正文。\n\n正文。'
    """
    if not any(marker in text for marker in _BOILERPLATE_MARKERS):
        return text  # none of the phrases it removes: skip the multi-line scan
    return _until_stable(_BOILERPLATE, text)  # one removed can bring a byline to a line start


_LICENCE_FOOTER = re.compile(r"(?:\A|\n)[ \t]*本作品[\s\S]{0,600}?公有领域[\s\S]{0,1500}\Z")


def remove_licence_footer(text: str) -> str:
    r"""Remove a licence notice that ends a text copied from Wikisource (维基文库): from a line
    starting 本作品 that names 公有领域 to the end, at most about 2,000 characters (the
    national work reports end with one, ``Public domain false false`` included).

    >>> remove_licence_footer("……建立的十周年！\n\n本作品是中华人民共和国的\n法律\n，属于\n公有领域\n。\nfalse")
    '……建立的十周年！\n\n'
    """
    if "公有领域" not in text:
        return text
    return _LICENCE_FOOTER.sub("\n", text)


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

    One fix can make another (``(试点),`` → ``（试点）,`` → ``（试点），``): the rules run until
    the text stays as it is.
    """
    while True:
        fixed = _fix_punctuation_once(text)
        if fixed == text:
            return text
        text = fixed


def _fix_punctuation_once(text: str) -> str:
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
    """Re-pair double quotes as “…”, and drop stray apostrophes next to Chinese.

    Scraped text mixes ``"``, ``“`` and ``”`` and often closes with the wrong one; quotes are
    re-assigned in order: open, close, open, close. A quote may span paragraphs: a line that
    starts with “ while a quote is open continues it (the Chinese convention), and a line
    whose first quote is ” closes it. A line whose first quote is neither leaves the unclosed
    quote before it as it is and pairs afresh. A quote typed twice (“两个维护””) is once; a lone
    ``'`` between a Latin letter/digit and a Chinese character is a typo and is removed.

    >>> normalize_quotes("“APP'热”“大数据热“过后, 本质是形式主义,”锁”住的是")
    '“APP热”“大数据热”过后, 本质是形式主义,“锁”住的是'
    >>> normalize_quotes("他说：“第一段\\n“第二段\\n第三段。”")
    '他说：“第一段\\n“第二段\\n第三段。”'
    >>> normalize_quotes("坚决做到“两个维护””，")
    '坚决做到“两个维护”，'
    """
    if "'" in text and text.count("'") % 2 == 1:
        text = _STRAY_APOSTROPHE.sub("", text)
    if not _DOUBLE_QUOTES.search(text):
        return text
    parts = _QUOTE_OR_NEWLINE.split(text)  # text, separator, text, separator, …, text
    is_open, placed = False, None  # placed: the last quote mark written
    new_line = False  # a line break since the last quote
    at_line_start = False  # ... and nothing but blanks between it and this quote
    for i in range(1, len(parts), 2):
        mark = parts[i]
        if mark == "\n":
            new_line, at_line_start, placed = True, not parts[i + 1].strip(), None
            continue
        if mark == placed and not parts[i - 1] and mark != '"':
            parts[i] = ""  # the same quote again, right after the one just placed
            continue
        if new_line and is_open:
            if at_line_start and mark != "”":
                parts[i] = placed = "“"  # a paragraph continuing the open quote
                new_line = False
                continue
            if mark != "”":
                is_open = False  # the quote before was never closed: pair afresh
        parts[i] = placed = "”" if is_open else "“"
        is_open = not is_open
        new_line = at_line_start = False
    return "".join(parts)


_TRAILING_CUT = re.compile(r"(?:&[A-Za-z#0-9]{0,7})?\s*" + CUT_MARK.pattern)


def remove_trailing_ellipsis(text: str) -> str:
    """Remove the mark that ends a cut-off snippet: ``...`` or one ``…`` at the very end
    (and a half entity before it). ``……``, the Chinese ellipsis, is text and stays.

    >>> remove_trailing_ellipsis("第十四个五年规划>提出:&q ...")
    '第十四个五年规划>提出:'
    >>> remove_trailing_ellipsis("未完待续……")
    '未完待续……'
    """
    while text.rstrip()[-1:] in (".", "…"):  # marks may stack (... …): each removed in turn
        cut = max(0, len(text.rstrip()) - 80)  # the marker is at the very end: search there
        shorter = text[:cut] + _TRAILING_CUT.sub("", text[cut:])
        if shorter == text:
            break
        text = shorter
    return text


_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def strip_ends(text: str) -> str:
    """Whitespace at the start and end removed (as from a text file's lines); the first of
    :data:`DEFAULT_CLEANERS`, so that the final blank of most texts is gone before the other
    rules run and checking that the cleaned text is stable takes no second pass.

    >>> strip_ends("\\n数字政府建设\\n")
    '数字政府建设'
    """
    return text.strip()


def collapse_whitespace(text: str) -> str:
    """One space for any run of spaces and tabs, no space at line ends, at most one blank line.

    >>> collapse_whitespace("上海讯    7月10日  数字 城市\\n\\n\\n研究院 ")
    '上海讯 7月10日 数字 城市\\n\\n研究院'
    """
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:  # `in` scans faster
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


#: A line that is one letter-spaced run of single characters (a title: 政 府 工 作 报 告).
_LETTER_SPACED = re.compile(f"^[ \t]*[{_CJK}](?: [{_CJK}]){{2,}}[ \t]*$", re.M)
_HAN_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
#: A line listing short items (names, places, verses), perhaps after a label: 出席：王伟 李小明 …
_LIST_LINE = re.compile(f"(?:[^：:]{{1,12}}[：:])? *[{_CJK}]{{1,7}}(?: +[{_CJK}]{{1,7}}){{2,}}")
#: A text with this many spaces between two Chinese characters (outside lists) was
#: letter-spaced by a PDF (获 批, 集 群, 营业 收入: 364 in one city report); a few are
#: separators after a heading.
SPACED_FROM = 50


def join_spaced_words(text: str) -> str:
    r"""Spaces that split Chinese words removed: in a line that is one letter-spaced run of
    single characters (政 府 工 作 报 告), and every one between two Chinese characters in a
    text holding :data:`SPACED_FROM` or more of them outside lists (a PDF's spacing). Lines
    listing short items stay (出席：王 伟 李小明 张 敏; 北京 天津 河北 山西; verses), and so do
    the few spaces of other texts (市长 马 军, 数字 城市).

    >>> join_spaced_words("政 府 工 作 报 告\n市长 马 军，数字 城市\n列席：赵 强 孙 丽 周 杰")
    '政府工作报告\n市长 马 军，数字 城市\n列席：赵 强 孙 丽 周 杰'
    """
    if " " not in text:
        return text
    text = _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text)
    if len(_HAN_SPACE.findall(text)) < SPACED_FROM:  # most texts: no line is looked at
        return text
    lines = text.split("\n")
    prose = [i for i, line in enumerate(lines) if not _LIST_LINE.fullmatch(line.strip())]
    if sum(len(_HAN_SPACE.findall(lines[i])) for i in prose) < SPACED_FROM:
        return text
    for i in prose:
        lines[i] = _HAN_SPACE.sub("", lines[i])
    return "\n".join(lines)


def simplify_traditional(text: str) -> str:
    """Traditional characters to simplified (OpenCC ``t2s``) when the text is traditional:
    when at least :data:`~analysis.chars.TRADITIONAL_SHARE` of its Chinese characters have
    another simplified form. Simplified texts, with the odd variant form, stay as they are.

    >>> simplify_traditional("國家發展與經濟建設"), simplify_traditional("国家发展")
    ('国家发展与经济建设', '国家发展')
    """
    converted, share = simplified_with_share(text)
    return converted if share >= TRADITIONAL_SHARE else text


# --------------------------------------------------------------------------- pipeline

#: The default order: markup and character forms first, then noise, then punctuation,
#: whitespace last.
DEFAULT_CLEANERS: tuple[Cleaner, ...] = (
    strip_ends,
    strip_html,
    remove_zero_width,
    normalize_width,  # before the patterns of ASCII text: ｗｗｗ．ｇｏｖ．ｃｎ is a URL too
    remove_urls,
    remove_emails,
    remove_markers,
    remove_photo_credits,
    remove_boilerplate,
    remove_licence_footer,
    remove_trailing_ellipsis,
    fix_cjk_punctuation,
    normalize_quotes,
    collapse_whitespace,
    join_spaced_words,  # after it: one space between the characters
    # last: the rules above see the characters as written (t2s can give characters outside
    # the ranges they match, 鵧 → 𫛨); after it 國家 and 国家 are one word for every step
    simplify_traditional,
)


#: The cleaners known to be idempotent (``f(f(x)) == f(x)``, a property test for each).
_IDEMPOTENT = frozenset(DEFAULT_CLEANERS)


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
    closure so a pipeline can be sent to worker processes.

    A text the pass changed gets another pass, up to :attr:`MAX_PASSES`: removing one span
    can join its neighbours into something another rule names (``数据  ,共享`` has its
    blanks collapsed only after the comma rule ran), and a cleaned text must come out of the
    pipeline unchanged. In a later pass a cleaner of :data:`DEFAULT_CLEANERS` runs only when
    the text changed since it last ran: each of them is idempotent (``tests/test_clean.py``
    checks every one), so on the text it returned it would change nothing. Most texts take
    one pass and a short second one. Other cleaners run in every pass.
    """

    MAX_PASSES = 3

    def __init__(self, steps: Iterable[Cleaner]) -> None:
        self.steps = tuple(steps)

    def __call__(self, text: str) -> str:
        return self.run(text)[0]

    def run(self, text: str) -> tuple[str, frozenset[str]]:
        """The cleaned text and the names of the cleaners that changed it."""
        returned: list[str | None] = [None] * len(self.steps)  # what each cleaner last gave
        changed: set[str] = set()
        for _ in range(self.MAX_PASSES):
            moved = False
            for k, step in enumerate(self.steps):
                if returned[k] is not None and returned[k] == text and step in _IDEMPOTENT:
                    continue  # unchanged since this cleaner ran: it would change nothing
                cleaned = step(text)
                if cleaned != text:
                    moved = True
                    changed.add(getattr(step, "__name__", repr(step)))
                text = returned[k] = cleaned
            if not moved:
                break
        return text, frozenset(changed)

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

    A text cleaned to simplified characters (:func:`simplify_traditional`) is noted in the
    frame's load report (:func:`~analysis.corpus.load_report`), when it has one.

    >>> import pandas as pd
    >>> text = "据报道,基层平台数量过多.形式主义..."
    >>> docs = pd.DataFrame({"title": ["数字政府"], "text": [text]})
    >>> clean_corpus(docs)["clean_text"].tolist()
    ['据报道，基层平台数量过多。形式主义']
    """
    cleaned, simplified = clean_columns(docs, pipeline=pipeline, columns=columns)
    return with_cleaned(docs, cleaned, simplified)


def clean_columns(
    docs: pd.DataFrame,
    *,
    pipeline: Cleaner | None = None,
    columns: Iterable[str] = ("title", "text"),
) -> tuple[dict[str, list], list[bool]]:
    """The cleaned values of each of ``columns`` (``clean_<column>`` → values) and, per
    document, whether its text was cleaned to simplified characters: what
    :func:`clean_corpus` adds, apart from the frame (so it can be cached)."""
    pipeline = pipeline or make_pipeline()
    check_columns(docs, columns)
    cleaned, simplified = {}, [False] * len(docs)
    for col in columns:
        cleaned[f"clean_{col}"], changed = _apply(pipeline, docs[col].tolist())
        if col == "text":
            converting = {simplify_traditional.__name__, to_simplified.__name__}
            simplified = [not converting.isdisjoint(c) for c in changed]
    return cleaned, simplified


#: A long official title, 发文机关关于……的意见: the issuing bodies, then the subject.
_ISSUED = re.compile(r"^(?:\S.*?)?关于(.{6,})$")
#: Characters of a document's name that charts show whole (the similarity heatmap and the
#: dendrogram; the cluster map shows 8).
SHOWN_TITLE = 16


def display_titles(docs: pd.DataFrame) -> list[str]:
    """Each document's name in charts and tables: its ``clean_title``, its subject alone
    where a title longer than :data:`SHOWN_TITLE` characters names its issuing bodies first
    (……关于X的通知 → X的通知: charts cut longer names, and 国家发展改革委 国家数据局 财政部… or
    国务院关于加强… says less than the subject), and without the ending a third of the titles
    share (1954年中华人民共和国国务院政府工作报告 → 1954年); its ``doc_id`` where the title is
    empty, or ``doc_id · title`` where several documents share the title (the first line of
    5 city reports is 政府工作报告), the year instead of the ``doc_id`` where those documents
    are of different years; a ``doc_id`` without its folders (txt/亳州 → 亳州) where no two
    documents then share it; and the name of a file named in Chinese where its title (a
    text file's first line) does not hold that name (蚌埠.txt begins 市长 马 军).

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["txt/亳州", "txt/蚌埠", "三亚", "r1", "r2", "p1"], "path": [
    ...     "r/txt/亳州.txt", "r/txt/蚌埠.txt", "r/三亚.txt", "t.csv", "t.csv", "p.csv"],
    ...     "clean_title": ["亳州市政府工作报告", "市长 马 军", None, "政府工作报告", "政府工作报告",
    ...     "国家发展改革委 国家数据局关于建立公共数据资源授权运营价格形成机制的通知"]})
    >>> display_titles(docs)
    ['亳州市政府工作报告', '蚌埠', '三亚', 'r1 · 政府工作报告', 'r2 · 政府工作报告', '建立公共数据资源授权运营价格形成机制的通知']
    """
    import pandas as pd

    ids = docs["doc_id"].astype(str)
    names = ids.str.replace(r"^.*/", "", regex=True)
    from_file = pd.Series(False, index=docs.index)
    if "path" in docs and names.is_unique:  # ids read from files in folders (txt/亳州)
        stems = docs["path"].map(lambda p: PurePath(p).stem if isinstance(p, str) else None)
        from_file = stems == names
        ids = names.where(from_file, ids)
    titles = docs.get("clean_title", pd.Series([None] * len(docs), index=docs.index))
    titles = titles.map(lambda t: (_subject(t.strip()) or None) if isinstance(t, str) else None)
    # a file named in Chinese names its document better than a first line without that name
    # (蚌埠.txt begins 市长 马 军, 阿坝.txt 2023年工作回顾)
    holds = pd.Series([i in str(t) for i, t in zip(ids, titles, strict=True)], index=ids.index)
    named_file = from_file & ids.str.contains(_CJK_CHAR) & titles.notna()
    titles = titles.where(~named_file | holds, None)
    shared = titles.notna() & titles.duplicated(keep=False)
    if ending := _common_ending(titles[~shared].dropna(), len(docs)):
        # the ending, perhaps with a short note after it: 1964年…政府工作报告（摘要） → 1964（摘要）
        cut = titles.str.replace(
            rf"{re.escape(ending)}(?=(?:[（(][^（）()]{{1,8}}[）)])?$)", "", regex=True
        )
        titles = titles.where(shared | (cut == "") | cut.isna(), cut)
    years = docs.get("date", pd.Series([None] * len(docs), index=docs.index)).astype(str)
    years = years.str.extract(r"^((?:1[89]|20)\d\d)", expand=False)
    for _, group in titles[shared].groupby(titles[shared]):
        of = years[group.index]
        if of.notna().all() and of.is_unique:  # 决议 of 2024, 决议 of 2025: by year
            ids = ids.where(~ids.index.isin(group.index), of)
    named = titles.where(~shared, ids + " · " + titles.fillna(""))
    return named.fillna(ids).tolist()


def _common_ending(titles: pd.Series, n_docs: int, *, shortest: int = 6) -> str:
    """The longest ending of at least ``shortest`` characters that at least a third of
    ``n_docs`` documents' ``titles`` share, with something before it; ``""`` if none."""
    if len(titles) < max(3, n_docs / 3):
        return ""
    for length in range(max(map(len, titles)) - 1, shortest - 1, -1):
        endings = titles[titles.str.len() > length].str[-length:]
        if len(endings) and endings.value_counts().iloc[0] >= max(3, n_docs / 3):
            return endings.value_counts().index[0]
    return ""


def _subject(title: str) -> str:
    match = _ISSUED.match(title) if len(title) > SHOWN_TITLE else None
    return match.group(1) if match else title


def check_columns(docs: pd.DataFrame, columns: Iterable[str]) -> None:
    """A ``ValueError`` naming the first of ``columns`` that ``docs`` lacks, and those it has."""
    for col in columns:
        if col not in docs.columns:
            raise ValueError(f"clean_corpus: no column {col!r}; columns are {list(docs.columns)}")


def with_cleaned(docs: pd.DataFrame, cleaned: dict[str, list], simplified: list[bool]):
    """A copy of ``docs`` with the cleaned columns (:func:`clean_columns`), and a note in its
    load report (:func:`~analysis.corpus.load_report`), when it has one, for each text that
    was cleaned to simplified characters."""
    out = docs.copy()
    for name, values in cleaned.items():
        out[name] = values
    if out.attrs.get("load_report") is not None:
        _note_simplified(out, simplified)
    return out


def _note_simplified(docs: pd.DataFrame, simplified: list[bool]) -> None:
    """A note in the load report for each text that was cleaned to simplified characters."""
    from .corpus import LoadIssue

    report = docs.attrs["load_report"]
    for i in [i for i, done in enumerate(simplified) if done]:
        row = docs.iloc[i]
        share = traditional_share(row["text"])
        report.issues.append(
            LoadIssue(
                str(row.get("path", "")),
                f"{row.get('doc_id', i)}: traditional characters ({share:.0%} of the Chinese "
                "characters have a simplified form): clean_text has them in simplified form; "
                "text keeps them",
                action="note",
            )
        )


def _apply(pipeline: Cleaner, values: list) -> tuple[list, list[frozenset[str]]]:
    """``pipeline`` on every string of ``values`` (others pass through), on every core when
    the texts are large and the pipeline can be sent to worker processes; with the names of
    the cleaners that changed each value (none known for a plain function)."""
    workers = parallel.pool_workers(values)
    if workers:
        try:
            pickle.dumps(pipeline)
        except Exception:  # a lambda or closure: clean in this process
            pass
        else:
            chunks = parallel.text_chunks(values)
            parts = parallel.process_map(_clean_chunk, chunks, shared=pipeline, workers=workers)
            pairs = [pair for part in parts for pair in part]
            return [v for v, _ in pairs], [c for _, c in pairs]
    pairs = _clean_chunk(pipeline, values)
    return [v for v, _ in pairs], [c for _, c in pairs]


def _clean_chunk(pipeline: Cleaner, values: list) -> list[tuple[object, frozenset[str]]]:
    run = pipeline.run if isinstance(pipeline, Pipeline) else lambda v: (pipeline(v), frozenset())
    return [run(v) if isinstance(v, str) else (v, frozenset()) for v in values]


_UNIT_ENDS = re.compile(r"(?<=[\n。！？；])")  # a line or a sentence, with its end mark


def _units(text: str, by_sentence: bool) -> list[str]:
    return [u for u in (_UNIT_ENDS.split(text) if by_sentence else text.splitlines(True)) if u]


def _changed_spans(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` of each changed span: ``before[i1:i2]`` became ``after[j1:j2]``.

    A character diff of two long texts costs O(n²) (84 s on the national work reports), so
    the texts are compared line by line, the changed lines sentence by sentence, and only the
    changed sentences character by character: the same spans in a few milliseconds.
    """
    from difflib import SequenceMatcher
    from itertools import accumulate

    spans: list[tuple[int, int, int, int]] = []

    def compare(a: str, b: str, a0: int, b0: int, level: int) -> None:
        if level == 2 or len(a) + len(b) < 400:
            ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            spans.extend(
                (a0 + i1, a0 + i2, b0 + j1, b0 + j2) for t, i1, i2, j1, j2 in ops if t != "equal"
            )
            return
        ua, ub = _units(a, level == 1), _units(b, level == 1)
        pa = list(accumulate(map(len, ua), initial=0))
        pb = list(accumulate(map(len, ub), initial=0))
        for t, i1, i2, j1, j2 in SequenceMatcher(None, ua, ub, autojunk=False).get_opcodes():
            if t != "equal":
                chunk_a, chunk_b = a[pa[i1] : pa[i2]], b[pb[j1] : pb[j2]]
                compare(chunk_a, chunk_b, a0 + pa[i1], b0 + pb[j1], level + 1)

    compare(before, after, 0, 0, 0)
    return spans


def _passages(before: str, after: str, context: int) -> Iterator[tuple[str, str]]:
    """The changed passages of ``before`` → ``after`` with ``context`` characters either
    side; changes less than ``2 × context`` apart share one (up to ``6 × context`` long)."""
    merged: list[list[int]] = []
    for i1, i2, j1, j2 in _changed_spans(before, after):
        if merged and i1 - merged[-1][1] <= 2 * context and i2 - merged[-1][0] <= 6 * context:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in merged:
        yield (
            before[max(0, i1 - context) : i2 + context],
            after[max(0, j1 - context) : j2 + context],
        )


def _step_changes(text: str, steps: tuple, context: int) -> Iterator[tuple[str, str, str]]:
    """``(rule, before, after)`` of each passage each step of a pipeline changes, pass after
    pass as :class:`Pipeline` runs them."""
    for _ in range(Pipeline.MAX_PASSES):
        start = text
        for step in steps:
            cleaned = step(text)
            if cleaned != text:
                name = getattr(step, "__name__", repr(step))
                for before, after in _passages(text, cleaned, context):
                    yield name, before, after
            text = cleaned
        if text == start:
            return


def cleaning_changes(
    docs: pd.DataFrame,
    *,
    column: str = "text",
    pipeline: Pipeline | None = None,
    context: int = 10,
    max_per_doc: int | None = None,
) -> pd.DataFrame:
    """What cleaning changed, rule by rule: one row per changed passage, for checking the
    cleaners by eye.

    The cleaners of ``pipeline`` (default :func:`make_pipeline`) are run on ``column`` one at
    a time, and what each changed is listed under its name, so every removed span can be seen
    and traced to the rule that removed it. On 1.1 M characters of work reports this takes
    about as long as cleaning itself (see :func:`_changed_spans`).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``rule`` (the cleaner), ``before`` and ``after``: the changed
        passage with ``context`` characters either side; at most ``max_per_doc`` rows per
        document (all when ``None``). Changes less than ``2 × context`` apart share a row.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"doc_id": ["a"], "text": ["访问www.gov.cn了解,数据共享"]})
    >>> cleaning_changes(raw, context=4)[["rule", "before", "after"]].values.tolist()
    [['remove_urls', '访问www.gov.cn了解,数', '访问了解,数'], ['fix_cjk_punctuation', '访问了解,数据共享', '访问了解，数据共享']]
    """
    import pandas as pd

    if column not in docs.columns:
        raise ValueError(
            f"cleaning_changes: no column {column!r}; columns are {list(docs.columns)}"
        )
    steps = (pipeline or make_pipeline()).steps
    rows = []
    ids = docs["doc_id"] if "doc_id" in docs.columns else docs.index.to_series()
    for doc_id, text in zip(ids, docs[column], strict=True):
        if not isinstance(text, str):
            continue
        changes = _step_changes(text, steps, context)
        rows.extend(
            (doc_id, rule, _shown(before), _shown(after))
            for rule, before, after in islice(changes, max_per_doc)
        )
    return pd.DataFrame(rows, columns=["doc_id", "rule", "before", "after"])


def cleaning_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """What each cleaning rule did over the corpus: one row per rule of
    :func:`cleaning_changes`, the most changes first.

    Returns
    -------
    pandas.DataFrame
        Columns ``rule``, ``changes`` (passages changed), ``docs`` (documents changed) and
        ``before``, ``after``: the first passage the rule changed, as an example.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"doc_id": ["a", "b"], "text": ["数据,共享", "见www.gov.cn,了解"]})
    >>> cleaning_summary(cleaning_changes(raw, context=2))[["rule", "changes", "docs"]].values.tolist()
    [['fix_cjk_punctuation', 2, 2], ['remove_urls', 1, 1]]
    """
    columns = ["rule", "changes", "docs", "before", "after"]
    if changes.empty:
        return changes.reindex(columns=columns).astype({"changes": int, "docs": int})
    by_rule = changes.groupby("rule", sort=False)
    summary = by_rule.first()[["before", "after"]]
    summary.insert(0, "docs", by_rule["doc_id"].nunique())
    summary.insert(0, "changes", by_rule.size())
    return summary.sort_values("changes", ascending=False, kind="stable").reset_index()


def _shown(text: str) -> str:
    """``text`` with the characters a reader cannot see or tell from a space named, as
    ``⟨U+2002⟩``: zero-width and format characters, and blanks other than the space, the
    ideographic space among them (cleaning changes them, and the change must be visible:
    ``normalize_width`` makes the ideographic space a space).

    >>> _shown("数据\u2002共享\u200b\u3000")
    '数据⟨U+2002⟩共享⟨U+200B⟩⟨U+3000⟩'
    """
    return "".join(
        f"⟨U+{ord(ch):04X}⟩"
        if ch not in " \n" and unicodedata.category(ch) in ("Zs", "Cf", "Zl", "Zp")
        else ch
        for ch in text
    )
