"""Structure of Chinese policy documents: sections (一、 （一） 1. …) and front matter.

:func:`parse_sections` cuts a document into its numbered sections, with character offsets into
the text as given; :func:`parse_front_matter` reads the 公文 header fields (title, 发文字号,
发文机关, 成文日期, 主题词, 抄送). :func:`sections_table` and :func:`section_units` run the
parser over a corpus and re-cut the documents into sections, so that any analysis can run on
sections instead of whole documents.

A heading is a numbered line (or paragraph) start; its scheme is one of 第X编/章/节/条/部分,
``一、``, ``（一）``, ``1.``/``1．``/``1、``, ``（1）``, ``①``, a bare ``一`` on its own line,
and ``附件``/``附件1``/``附件：``. Schemes nest in the order in which they first appear, and
numbers must run on consecutively under the same parent, which rejects most false headings.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .chars import DOC_NUMBER, ORG_ENDS, SENTENCE_MARKS, ZERO_WIDTH

__all__ = [
    "SECTION_COLUMNS",
    "chinese_numeral_to_int",
    "outline_notes",
    "parse_front_matter",
    "parse_sections",
    "section_units",
    "sections_table",
]

#: The columns of :func:`parse_sections` and :func:`sections_table`, in order.
SECTION_COLUMNS = ("doc_id", "section_id", "level", "number", "heading", "text", "start", "end")

Paragraphs = Literal["auto", "lines", "sentences"]

# ----------------------------------------------------------------------------- numerals

_DROP_ZW = str.maketrans("", "", ZERO_WIDTH)
_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "Ｏ": 0, "0": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_NUM = "〇○零一二两三四五六七八九十百千"


def chinese_numeral_to_int(numeral: str) -> int:
    """The value of a Chinese numeral: 十一, 二十三, 一百零五, 两千, or digit by digit (二〇二二).

    Arabic and full-width digits (``１９９５``) are read too; zero-width characters and spaces
    are ignored.

    Parameters
    ----------
    numeral : str
        The numeral, e.g. ``"二十一"``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``numeral`` is not a numeral.

    Examples
    --------
    >>> chinese_numeral_to_int("二十一"), chinese_numeral_to_int("一百零五")
    (21, 105)
    >>> chinese_numeral_to_int("二〇二二"), chinese_numeral_to_int("两千"), chinese_numeral_to_int("１９９５")
    (2022, 2000, 1995)
    """
    s = "".join(str(numeral).translate(_DROP_ZW).split())
    if not s:
        raise ValueError(f"not a numeral: {numeral!r}")
    if s.isdecimal():
        return int(s)
    if any(c not in _CN_DIGITS and c not in _CN_UNITS and c != "万" for c in s):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if not any(c in _CN_UNITS or c == "万" for c in s):
        # digit by digit: 二〇二二 -> 2022 (a single 两 is 2 as well)
        value = 0
        for c in s:
            value = value * 10 + _CN_DIGITS[c]
        return value
    total, section, digit = 0, 0, None
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c == "万":
            section += digit or 0
            total += (section or 1) * 10_000
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
    return total + section + (digit or 0)


def _to_int(token: str) -> int | None:
    try:
        return chinese_numeral_to_int(token)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- headings

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
_INDENT = rf"(?:[^\S\r\n]|[{ZERO_WIDTH}])*"
_DIG = "0-9０-９"
_HEADING = re.compile(
    rf"""
    (?P<indent>{_INDENT})
    (?:
        (?P<di>第[^\S\r\n]*(?P<di_n>[{_CN_NUM}{_DIG}]{{1,6}})[^\S\r\n]*(?P<di_u>编|章|节|条|部分))
      | (?P<cnp>[（(][^\S\r\n]*(?P<cnp_n>[{_CN_NUM}]{{1,4}})[^\S\r\n]*[）)])
      | (?P<arp>[（(][^\S\r\n]*(?P<arp_n>[{_DIG}]{{1,3}})[^\S\r\n]*[）)])
      | (?P<cn>(?P<cn_n>[{_CN_NUM}]{{1,4}})[^\S\r\n]*[、．])
      | (?P<ar>(?P<ar_n>[{_DIG}]{{1,3}})[^\S\r\n]*(?:[、．]|\.(?![{_DIG}])))
      | (?P<ci>[{_CIRCLED}])
      | (?P<att>附[^\S\r\n]*件[^\S\r\n]*(?P<att_n>[{_DIG}]{{1,2}}|[一二三四五六七八九十]{{1,3}})?)
          (?=[^\S\r\n]*(?:[：:、]|$|[^\S\r\n]))
      | (?P<bare>(?P<bare_n>[一二三四五六七八九十]{{1,3}}))(?=[^\S\r\n{ZERO_WIDTH}]*$)
    )
    """,
    re.VERBOSE | re.MULTILINE,
)
_LINE_START = r"(?:^|(?<=\r))"
_SENTENCE_START = r"(?:^|(?<=\r)|(?<=[。！？!?]))"
_HEADING_LINES = re.compile(_LINE_START + _HEADING.pattern, re.VERBOSE | re.MULTILINE)
_HEADING_SENTENCES = re.compile(_SENTENCE_START + _HEADING.pattern, re.VERBOSE | re.MULTILINE)
_HEADING_END = re.compile(r"[。！？；：:!?;]")
_HEADING_END_SENTENCE = re.compile(r"[。！？；：:!?;]|\s")
_SENTENCE_END = re.compile(f"[{SENTENCE_MARKS}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: Schemes whose first heading may carry any number (law and plan excerpts).
_FREE_START = {"第编", "第章", "第节", "第条", "第部分"}


@dataclass
class _Candidate:
    start: int  # where the section starts (the line start, incl. indentation)
    scheme: str
    number: str  # as written, zero-width characters removed
    value: int | None
    heading: str
    title_like: bool
    #: the line ends with ；: an item of a list (措施：一、…；二、…；), which starts no scheme of
    #: headings and reads like no title, but, like any number, can continue a run of an inner
    #: list, or the headings it runs on
    item: bool = False
    #: the line ends with 。: after items, the last of them (…；四、…；五、…。)
    period: bool = False


@dataclass
class _Node:
    rank: int
    section_id: str
    children: int = 0
    last_child: dict[int, int] = field(default_factory=dict)


def _clean(s: str) -> str:
    return " ".join(s.translate(_DROP_ZW).split())


def _line_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end (without the line break) of every line."""
    starts, ends = [0], []
    for m in _LINE_BREAK.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def _blank_layout(starts: list[int], ends: list[int], text: str) -> bool:
    """Whether paragraphs are separated by blank lines (then a single line break is layout).

    True when more consecutive non-blank lines are separated by a blank line than not.
    """
    separated = adjacent = 0
    previous = None  # index of the previous non-blank line
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        if text[a:b].translate(_DROP_ZW).strip():
            if previous is not None:
                if previous == i - 1:
                    adjacent += 1
                else:
                    separated += 1
            previous = i
    return separated > adjacent


def _candidates(text: str, sentences: bool) -> Iterator[_Candidate]:
    starts, ends = _line_bounds(text)
    pattern = _HEADING_SENTENCES if sentences else _HEADING_LINES
    matches = list(pattern.finditer(text))
    candidate_lines = {bisect.bisect_right(starts, m.start()) - 1 for m in matches}
    layout = _Layout(
        text, starts, ends, candidate_lines, sentences, _blank_layout(starts, ends, text)
    )
    for m in matches:
        group = next(g for g in _GROUPS if m[g])
        token = m[group]
        if group == "di":
            scheme, number, value = "第" + m["di_u"], token, _to_int(m["di_n"])
        elif group == "att":
            scheme, number = "附件", token
            value = _to_int(m["att_n"]) if m["att_n"] else None
        elif group == "ci":
            scheme, number, value = "①", token, _CIRCLED.index(token) + 1
        else:
            scheme = {"cnp": "（一）", "arp": "（1）", "cn": "一、", "ar": "1.", "bare": "一"}[
                group
            ]
            value = _to_int(m[group + "_n"])
            number = token if group in ("cnp", "arp") else m[group + "_n"]
        if value is None and scheme != "附件":
            continue
        number = "".join(number.translate(_DROP_ZW).split())
        line = bisect.bisect_right(starts, m.start()) - 1
        heading, title_like = layout.heading(m.end(), line)
        if group == "di" and not _DI_FOLLOW.match(text, m.end()):
            # 第一条经验是…, 第三部分内容…: running text; 第一章总则 is a heading
            after = text[m.end() : ends[line]]
            if scheme == "第条" or not title_like or _SENTENCE_END.search(after):
                continue
        last = "" if sentences else text[m.end() : ends[line]].rstrip()[-1:]
        item = last in ("；", ";")
        yield _Candidate(
            m.start(), scheme, number, value, heading, title_like and not item, item, last == "。"
        )


_DI_FOLLOW = re.compile(r"[^\S\r\n]|[：:、]|\r|\n|$")
_GROUPS = ("di", "cnp", "arp", "cn", "ar", "ci", "att", "bare")
_OPENING = tuple("《“（(【「‘〔")
_CLOSING = tuple("》”）)】」’〕、，")


@dataclass
class _Layout:
    text: str
    starts: list[int]
    ends: list[int]
    candidate_lines: set[int]
    sentences: bool
    blank_layout: bool

    def heading(self, pos: int, line: int) -> tuple[str, bool]:
        """The heading after the number, and whether the whole line reads like a title.

        Lines broken by the layout are joined (政府工作报\\n告, 关于《\\n…\\n》的说明): short
        adjacent lines when paragraphs are separated by blank lines, else only at a bracket.
        """
        text, starts, ends = self.text, self.starts, self.ends
        if self.sentences:
            raw = _clean(text[pos : min(ends[line], pos + 200)]).lstrip("：:、.． ")
            cut = _HEADING_END_SENTENCE.search(raw)
            head = raw[: cut.start()] if cut else raw
            return head[:60], bool(head)
        rest = _clean(text[pos : ends[line]]).lstrip("：:、.． ")
        j = line
        while (
            len(rest) <= 40
            and not _SENTENCE_END.search(rest[-1:])
            and j + 1 < len(starts)
            and j + 1 not in self.candidate_lines
            and j - line < 3
        ):
            raw_next = text[starts[j + 1] : ends[j + 1]]
            nxt = _clean(raw_next)
            if not nxt or len(nxt) > 40 or len(rest) + len(nxt) > 60:
                break
            # a bare number, a bracket left open or closed on the next line, a lone character
            broken = (
                not rest or len(nxt) == 1 or rest.endswith(_OPENING) or nxt.startswith(_CLOSING)
            )
            if not broken and (not self.blank_layout or raw_next[:1].isspace()):
                break
            rest += nxt
            j += 1
        inner = rest[:-1] if rest[-1:] and _SENTENCE_END.match(rest[-1]) else rest
        title_like = 0 < len(rest) <= 50 and not _SENTENCE_END.search(inner)
        cut = _HEADING_END.search(rest)
        return (rest[: cut.start()] if cut else rest).strip(), title_like


def _choose_sentences(text: str, paragraphs: Paragraphs) -> bool:
    if paragraphs not in ("auto", "lines", "sentences"):
        raise ValueError(f"paragraphs must be 'auto', 'lines' or 'sentences', not {paragraphs!r}")
    if paragraphs == "auto":
        return len(text) > 200 and _LINE_BREAK.search(text) is None
    return paragraphs == "sentences"


def _accepted(text: str, sentences: bool) -> list[tuple[_Candidate, int, str]]:
    """The candidates that are headings, each with its level and section id."""
    out: list[tuple[_Candidate, int, str]] = []
    root = _Node(0, "")
    stack = [root]
    ranks: dict[str, int] = {}
    base = 0  # levels inside an attachment start below the 附件 heading
    last_value: dict[str, int] = {}
    # runs of rejected numbers per scheme (an inner list 一、二、三 inside a section): a number
    # that continues such a run is taken as part of it, not as the next heading; per run: its
    # last number, whether any of it reads like a title, whether it is items (…；)
    shadow: dict[str, list[list]] = {}

    def open_section(cand: _Candidate, rank: int) -> None:
        while stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        parent.children += 1
        if cand.value is not None:
            parent.last_child[rank] = cand.value
            last_value[cand.scheme] = cand.value
        sid = (
            f"{parent.section_id}.{parent.children}" if parent.section_id else str(parent.children)
        )
        stack.append(_Node(rank, sid))
        out.append((cand, rank, sid))

    for cand in _candidates(text, sentences):
        s, k = cand.scheme, cand.value
        if s == "附件":
            ranks, base, last_value, shadow = {}, 1, {}, {}
            open_section(cand, 1)
            continue
        assert k is not None
        rank = ranks.get(s)
        if rank is None:
            if (k == 1 or s in _FREE_START) and not cand.item:
                ranks[s] = base + len(ranks) + 1
                open_section(cand, ranks[s])
            continue
        parent = next(node for node in reversed(stack) if node.rank < rank)
        if rank in parent.last_child:
            expected = {parent.last_child[rank] + 1}
        else:
            expected = {1, last_value.get(s, 0) + 1}
        runs = shadow.setdefault(s, [])
        match = next((i for i in range(len(runs) - 1, -1, -1) if runs[i][0] + 1 == k), None)
        last_item = match is not None and runs[match][2] and (cand.item or cand.period)
        heads = match is None or (cand.title_like and not runs[match][1] and not last_item)
        if k in expected and heads:  # (an item that runs on the headings is one: 二、…；)
            open_section(cand, rank)
            for other, r in ranks.items():
                if r >= rank:
                    shadow.pop(other, None)
        elif match is not None:
            del runs[match + 1 :]
            runs[match][0] = k
            runs[match][1] = runs[match][1] or (cand.title_like and not last_item)
            runs[match][2] = last_item
        elif k == 1:
            runs.append([1, cand.title_like, cand.item])
    return out


def parse_sections(
    text: str, *, doc_id: str | int = 0, paragraphs: Paragraphs = "auto"
) -> pd.DataFrame:
    """Cut a Chinese policy document into its numbered sections.

    Parameters
    ----------
    text : str
        The document, as it is: offsets refer to this string (zero-width characters,
        full-width spaces and digits, CRLF are read but not changed).
    doc_id : str or int, optional
        Copied into the ``doc_id`` column.
    paragraphs : {"auto", "lines", "sentences"}, optional
        Where a heading may start. ``"lines"``: at the start of a line, after optional
        indentation. ``"sentences"``: also right after 。！？ (for texts whose line breaks were
        lost; the heading then ends at the first space too). ``"auto"`` (default) uses
        ``"sentences"`` for a text of more than 200 characters without any line break, else
        ``"lines"``.

    Returns
    -------
    pandas.DataFrame
        One row per section, in document order, with columns ``doc_id, section_id, level,
        number, heading, text, start, end``. ``text[start:end]`` is the section, its heading
        line included, without its subsections; the sections tile the text without gap or
        overlap. Text before the first heading is a preamble row (``level`` 0, ``section_id``
        ``"0"``, empty ``number`` and ``heading``), unless it is only white space, which then
        belongs to the first section. ``level`` 1 is the top heading level used in the text;
        ``section_id`` is the path in the section tree (``"2.3"``: third child of the second
        top section). An empty text gives no rows.

    Notes
    -----
    Schemes nest in the order in which they first appear; after a ``附件`` heading (always level
    1) nesting starts afresh below it. A heading's number must continue its level under the same
    parent (or continue the numbering of the previous parent: （四） may follow （三） of the
    previous 一、), and a new scheme must start at 1 (第X章/条… may start anywhere). Numbers that
    fail this are body text: a 3. not after 2., a list 一、二、三 restarted inside a section
    (numbers continuing such an inner list are taken as part of it). ``heading`` is the text
    after the number up to the first 。！？；： or the end of the line; short lines broken by the
    layout are joined (``一、2023年工作回\\n顾``). Unnumbered headings are not recognised.

    Examples
    --------
    >>> doc = "关于推进数字政府建设的意见\\n一、总体要求\\n（一）指导思想。坚持系统观念。\\n二、保障措施\\n"
    >>> parse_sections(doc)[["section_id", "level", "number", "heading"]].values.tolist()
    [['0', 0, '', ''], ['1', 1, '一', '总体要求'], ['1.1', 2, '（一）', '指导思想'], ['2', 1, '二', '保障措施']]
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_sections: text must be a str, not {type(text).__name__}")
    sentences = _choose_sentences(text, paragraphs)
    rows = []
    heads = _accepted(text, sentences) if text else []
    first = heads[0][0].start if heads else len(text)
    if heads and first > 0 and not text[:first].translate(_DROP_ZW).strip():
        heads[0][0].start = 0
        first = 0
    if first > 0:
        rows.append((doc_id, "0", 0, "", "", 0))
    for cand, level, sid in heads:
        rows.append((doc_id, sid, level, cand.number, cand.heading, cand.start))
    bounds = [r[-1] for r in rows] + [len(text)]
    data = [
        (*r[:5], text[bounds[i] : bounds[i + 1]], bounds[i], bounds[i + 1])
        for i, r in enumerate(rows)
    ]
    frame = pd.DataFrame(data, columns=list(SECTION_COLUMNS))
    return frame.astype({"level": "int64", "start": "int64", "end": "int64"})


# ----------------------------------------------------------------------------- corpora


def _empty_sections() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in SECTION_COLUMNS})
    return frame.astype({"level": "int64", "start": "int64", "end": "int64"})


def sections_table(
    docs: pd.DataFrame, *, column: str = "clean_text", paragraphs: Paragraphs = "auto"
) -> pd.DataFrame:
    """:func:`parse_sections` over every document of a corpus, concatenated.

    Parameters
    ----------
    docs : pandas.DataFrame
        Has a ``doc_id`` column and the text column ``column``; a missing text (NaN) counts as
        empty.
    column : str, optional
        The text column (default ``"clean_text"``).
    paragraphs : {"auto", "lines", "sentences"}, optional
        Passed on to :func:`parse_sections`.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, section_id, level, number, heading, text, start, end``; empty (with
        these columns) for an empty corpus.

    Raises
    ------
    ValueError
        If ``column`` or ``doc_id`` is not a column of ``docs``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "clean_text": ["一、总体要求\\n二、主要任务"]})
    >>> sections_table(docs)[["doc_id", "section_id", "heading"]].values.tolist()
    [['a', '1', '总体要求'], ['a', '2', '主要任务']]
    """
    for needed in ("doc_id", column):
        if needed not in docs.columns:
            raise ValueError(
                f"sections_table: no column {needed!r}; the columns are {list(docs.columns)}"
            )
    frames = [
        parse_sections(t if isinstance(t, str) else "", doc_id=d, paragraphs=paragraphs)
        for d, t in zip(docs["doc_id"], docs[column], strict=True)
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return _empty_sections()
    return pd.concat(frames, ignore_index=True)


#: :func:`outline_notes` names a document one of whose top-level sections holds this share of
#: its text or more.
MOST_OF_TEXT = 0.75


def outline_notes(
    sections: pd.DataFrame, docs: pd.DataFrame, *, column: str = "clean_text"
) -> list[str]:
    """What to check in ``sections`` (the :func:`sections_table` of ``docs``): documents
    without a numbered heading, and documents one of whose top-level sections holds
    :data:`MOST_OF_TEXT` or more of the text, whose headings may not run on (two lists
    一、… one after the other, each under an unnumbered part, as in the 1988 work report).

    >>> docs = pd.DataFrame({"doc_id": ["甲"], "clean_text": ["没有编号的标题。"]})
    >>> outline_notes(sections_table(docs), docs)
    ['1 of 1 documents have no numbered heading (甲)']
    """
    counted = [len(t) if isinstance(t, str) else 0 for t in docs[column]]
    lengths = pd.Series(counted, index=docs["doc_id"], dtype="int64")
    top = sections[sections["level"] == 1]
    headed = set(top["doc_id"])
    notes = []
    if without := [d for d in docs["doc_id"] if d not in headed]:
        more = " …" if len(without) > 5 else ""
        notes.append(
            f"{len(without)} of {len(docs)} documents have no numbered heading "
            f"({', '.join(map(str, without[:5]))}{more})"
        )
    # a top-level section runs to the next one, or to the end: its subsections included
    ends = top.groupby("doc_id", sort=False)["start"].shift(-1)
    ends = ends.fillna(top["doc_id"].map(lengths)).astype("int64")
    span = (ends - top["start"]).groupby(top["doc_id"]).max()
    share = (span / lengths.reindex(span.index).clip(lower=1)).sort_values(ascending=False)
    if len(big := share[share >= MOST_OF_TEXT]):
        shown = ", ".join(f"{d} {s:.0%}" for d, s in big.head(5).items())
        whose = "1 document has" if len(big) == 1 else f"{len(big)} documents have"
        notes.append(
            f"{whose} a top-level section holding most of the text ({shown}"
            f"{' …' if len(big) > 5 else ''}): check that the headings were found"
        )
    return notes


def section_units(
    docs: pd.DataFrame,
    sections: pd.DataFrame,
    *,
    level: int = 1,
    column: str = "clean_text",
) -> pd.DataFrame:
    """The documents re-cut into sections of one level, so any analysis can run on sections.

    Parameters
    ----------
    docs : pandas.DataFrame
        The corpus, with a ``doc_id`` column; its other columns are carried over to every unit.
    sections : pandas.DataFrame
        :func:`sections_table` of ``docs``.
    level : int, optional
        The section level to cut at (default 1: the top sections).
    column : str, optional
        The column that receives each unit's text (default ``"clean_text"``).

    Returns
    -------
    pandas.DataFrame
        One row per section of level ``level`` or above (level 0 is the preamble), in document
        order. A unit is the section together with its subsections: it runs up to the next
        section of level ``level`` or above, so the units of a document tile it. Columns: the
        columns of ``docs``, with ``doc_id`` set to ``f"{doc_id}§{section_id}"`` and ``column``
        to the unit's text, then ``parent_id`` (the document's ``doc_id``), ``section_id``,
        ``section_level``, ``section_number``, ``section_heading``, ``start`` and ``end``
        (offsets in the document's text). A document without sections (an empty text) has no
        units.

    Raises
    ------
    ValueError
        If ``level`` is below 1 or a needed column is missing.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": [7], "clean_text": ["前言\\n一、甲\\n（一）乙\\n二、丙"]})
    >>> units = section_units(docs, sections_table(docs))
    >>> units[["doc_id", "parent_id", "section_heading", "clean_text"]].values.tolist()
    [['7§0', 7, '', '前言\\n'], ['7§1', 7, '甲', '一、甲\\n（一）乙\\n'], ['7§2', 7, '丙', '二、丙']]
    """
    if level < 1:
        raise ValueError(f"section_units: level must be 1 or more, not {level}")
    if "doc_id" not in docs.columns:
        raise ValueError(
            f"section_units: docs has no 'doc_id'; the columns are {list(docs.columns)}"
        )
    missing = [c for c in SECTION_COLUMNS if c not in sections.columns]
    if missing:
        raise ValueError(
            f"section_units: sections lacks {missing}; the columns are {list(sections.columns)}"
        )
    extra = ["parent_id", "section_id", "section_level", "section_number", "section_heading"]
    columns = [*docs.columns, *(c for c in [column] if c not in docs.columns)]
    columns += [c for c in [*extra, "start", "end"] if c not in columns]
    by_doc = {d: g for d, g in sections.groupby("doc_id", sort=False)}
    rows = []
    for record in docs.to_dict("records"):
        group = by_doc.get(record["doc_id"])
        if group is None:
            continue
        group = group.sort_values("start")
        unit: dict | None = None
        for sec in group.itertuples(index=False):
            if unit is None or sec.level <= level:
                if unit is not None:
                    rows.append(unit)
                unit = {
                    **record,
                    "doc_id": f"{record['doc_id']}§{sec.section_id}",
                    column: sec.text,
                    "parent_id": record["doc_id"],
                    "section_id": sec.section_id,
                    "section_level": int(sec.level),
                    "section_number": sec.number,
                    "section_heading": sec.heading,
                    "start": int(sec.start),
                    "end": int(sec.end),
                }
            else:
                unit[column] += sec.text
                unit["end"] = int(sec.end)
        if unit is not None:
            rows.append(unit)
    return pd.DataFrame(rows, columns=columns).reset_index(drop=True)


# ----------------------------------------------------------------------------- front matter

_CN_DATE_DIGITS = "〇○零Ｏ一二三四五六七八九十"
_DATE = re.compile(
    rf"(?P<y>[{_DIG}]{{4}}|[{_CN_DATE_DIGITS}]{{4}})[^\S\r\n]*年[^\S\r\n]*"
    rf"(?P<m>[{_DIG}]{{1,2}}|[{_CN_DATE_DIGITS}]{{1,3}})[^\S\r\n]*月[^\S\r\n]*"
    rf"(?P<d>[{_DIG}]{{1,2}}|[{_CN_DATE_DIGITS}]{{1,3}})[^\S\r\n]*日"
    rf"|(?P<iy>[{_DIG}]{{4}})[-/.．](?P<im>[{_DIG}]{{1,2}})[-/.．](?P<id>[{_DIG}]{{1,2}})(?![{_DIG}])"
)
_ORG_END = tuple(ORG_ENDS)
_HEADER_NOISE = re.compile(rf"^(?:[{_DIG}]{{6}}|特急|加急|平急|特提|秘密|机密|绝密|签发人|份号)")
_SUBJECT = re.compile(r"^主[^\S\r\n]*题[^\S\r\n]*词[^\S\r\n]*[：:](.*)$")
_CC = re.compile(r"^抄[^\S\r\n]*送[^\S\r\n]*[：:](.*)$")


def _date_iso(m: re.Match) -> str | None:
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["iy"], m["im"], m["id"])
    values = [_to_int(y), _to_int(mo), _to_int(d)]
    if None in values:
        return None
    try:
        return _dt.date(*values).isoformat()  # type: ignore[arg-type]
    except ValueError:
        return None


def _logical_lines(text: str) -> list[tuple[str, bool]]:
    """The cleaned non-empty lines, each with whether a blank line (or the start) precedes it."""
    out, blank = [], True
    for raw in _LINE_BREAK.split(text):
        line = _clean(raw)
        if line:
            out.append((line, blank))
            blank = False
        else:
            blank = True
    return out


def _doc_number(line: str) -> str | None:
    m = DOC_NUMBER.search(line)
    if m is None:
        return None
    return f"{m[1]}〔{int(m[2])}〕{int(m[3])}号"


def parse_front_matter(text: str) -> dict:
    """The 公文 fields of a Chinese official document.

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    dict
        ``title`` (the title at the top, lines broken by the layout joined), ``doc_number``
        (发文字号 on a line of its own, written with 〔〕: ``国发〔2022〕14号`` also from
        ``[2022]``, ``(2022)`` …), ``issuer`` (发文机关: from a ``XX文件`` header, else the
        signature above the date, else the title's part before 关于), ``date`` (成文日期 as ISO
        ``YYYY-MM-DD``: the date line of the signature, else a date at the top such as
        ``——2024年3月5日在…``), ``subject_words`` (主题词, a list) and ``cc`` (抄送). A field
        that is absent is ``None``.

    Examples
    --------
    >>> doc = "国务院关于加强数字政府建设的指导意见\\n国发〔2022〕14号\\n各省：\\n正文。\\n国务院\\n2022年6月6日\\n抄送：各部委。"
    >>> fm = parse_front_matter(doc)
    >>> fm["title"], fm["doc_number"], fm["issuer"], fm["date"], fm["cc"]
    ('国务院关于加强数字政府建设的指导意见', '国发〔2022〕14号', '国务院', '2022-06-06', '各部委。')
    """
    lines = _logical_lines(text)
    result: dict = dict.fromkeys(("title", "doc_number", "issuer", "date", "subject_words", "cc"))
    header_issuer = None
    head_end = 0  # index of the first line after the front matter at the top
    i = -1
    while i + 1 < min(len(lines), 12):
        i += 1
        line = lines[i][0]
        number = _doc_number(line)
        if number and len(line) <= len(number) + 12:
            result["doc_number"] = result["doc_number"] or number
            head_end = i + 1
            continue
        if line.endswith("文件") and len(line) <= 30 and result["title"] is None:
            header_issuer = line[:-2].strip()
            head_end = i + 1
            continue
        if _HEADER_NOISE.match(line):
            head_end = i + 1
            continue
        if result["title"] is None and _is_title(line):
            title, j = line, i
            while j + 1 < len(lines) and not lines[j + 1][1] and len(title) <= 40:
                nxt = lines[j + 1][0]
                if not _is_title(nxt) or len(nxt) > 40 or _doc_number(nxt) or _DATE.match(nxt):
                    break
                title += nxt
                j += 1
            result["title"] = title
            head_end = i = j
            head_end += 1
            continue
        break
    # the 成文日期: the last date line near the end (the signature), else a date at the top
    date_line = None
    for i in range(len(lines) - 1, max(-1, len(lines) - 15), -1):
        line = lines[i][0]
        m = _DATE.search(line)
        if m and len(line) <= m.end() - m.start() + 4 and "印发" not in line:
            date_line = i
            result["date"] = _date_iso(m)
            break
    if result["date"] is None:
        for line, _ in lines[: max(head_end, 0) + 4]:
            m = _DATE.search(line)
            if m and len(line) <= 60 and (line.startswith(("—", "（", "(")) or m.start() == 0):
                result["date"] = _date_iso(m)
                break
    signature = []
    if date_line is not None:
        for j in range(date_line - 1, max(-1, date_line - 4), -1):
            line = lines[j][0]
            if len(line) <= 30 and line.endswith(_ORG_END) and not _SENTENCE_END.search(line):
                signature.insert(0, line)
            else:
                break
    if header_issuer:
        result["issuer"] = header_issuer
    elif signature:
        result["issuer"] = " ".join(signature)
    elif result["title"] and "关于" in result["title"][1:]:
        result["issuer"] = result["title"][: result["title"].index("关于", 1)].strip() or None
    for i, (line, _) in enumerate(lines):
        m = _SUBJECT.match(line)
        if m and result["subject_words"] is None:
            words = [w for w in re.split(r"[\s、，,；;]+", m[1]) if w]
            result["subject_words"] = words or None
        m = _CC.match(line)
        if m and result["cc"] is None:
            cc = m[1].strip()
            for nxt, blank in lines[i + 1 : i + 4]:
                if blank or "印发" in nxt or _SUBJECT.match(nxt) or _DATE.search(nxt):
                    break
                cc += nxt
            result["cc"] = cc or None
    return result


def _is_title(line: str) -> bool:
    return (
        len(line) <= 80
        and not line.endswith(("：", ":", "。", "；", "！", "!"))
        and "。" not in line
        and _HEADING_LINES.match(line) is None
    )
