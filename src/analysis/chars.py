"""Character classes shared by the loader, the cleaners and the segmenter (OpenCC, loaded on
first use, only for :func:`traditional_share`).

>>> has_cjk("APP热"), has_cjk("APP")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "CJK",
    "CUT_MARK",
    "DOC_NUMBER",
    "ORG_ENDS",
    "PERCENT",
    "SENTENCE_MARKS",
    "TRADITIONAL_SHARE",
    "ZERO_WIDTH",
    "has_cjk",
    "simplified_with_share",
    "to_simplified",
    "traditional_share",
]

#: CJK ideographs: Extension A, the basic block and the compatibility block.
CJK = "\u3400-\u9fff\uf900-\ufaff"

_CJK_RE = re.compile(f"[{CJK}]")

#: Characters that take no room: zero-width space, non-joiner and joiner, word joiner, BOM.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: The mark a scraper leaves where it cut a text short, at the very end: ASCII dots
#: (``...``, ``. . .``) or one ``…`` (U+2026). ``……`` (two) is the Chinese ellipsis, part of
#: the text, and no cut mark.
CUT_MARK = re.compile(r"(?:\.{3,}|(?:\.\s){2}\.|(?<!…)…)\s*$")


#: The marks that end a sentence, Chinese and ASCII (a regular expression's character class
#: body): the one definition that splitting, the sentence index and headings share.
SENTENCE_MARKS = "。！？；!?;"

#: A document number (发文字号): its issuer's abbreviation, the year in brackets and the
#: number, 发改数据〔2024〕1836号, 国发[2023]5号; groups: abbreviation, year, number.
DOC_NUMBER = re.compile(
    rf"([{CJK}]{{1,12}})[^\S\r\n]*[〔［\[【(（][^\S\r\n]*((?:19|20)[0-9０-９]{{2}}|[0-9０-９]{{4}})"
    r"[^\S\r\n]*[〕］\]】)）][^\S\r\n]*(?:第[^\S\r\n]*)?([0-9０-９]{1,4})[^\S\r\n]*号"
)

#: The last characters of an issuing body's name (国务院, 财政部, 国家发展改革委, 办公厅,
#: 中共中央, 中国人民银行 …).
ORG_ENDS = "院部委厅局办室府央署会行组团社"

#: A percentage in Chinese numerals (百分之三十, 百分之5.5, 百分之 before its number): a
#: number to the token filter and to the phrase rules, a regular expression to embed.
PERCENT = r"百分之[\d零〇一二三四五六七八九十百千万点.]*"


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds at least one CJK ideograph."""
    return _CJK_RE.search(text) is not None


#: A text counts as traditional, and is cleaned to simplified characters, when at least this
#: share of its Chinese characters has another simplified form. Measured: the 143 simplified
#: city work reports of 2024 reach 0.03 % (a few variant forms), the national work report of
#: 1954 31 % and that of 1957 0.7 %.
TRADITIONAL_SHARE = 0.005


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to Simplified Chinese with OpenCC (``t2s``).

    >>> to_simplified("數字政府與基層治理")
    '数字政府与基层治理'
    """
    return _t2s().convert(text)


def traditional_share(text: str) -> float:
    """Share of the Chinese characters of ``text`` that :func:`to_simplified` changes.

    >>> traditional_share("數字政府與基層治理"), traditional_share("数字政府与基层治理")  # 數 與 層
    (0.3333333333333333, 0.0)
    """
    return simplified_with_share(text)[1]


def _is_cjk(codepoints):
    """Per code point (a NumPy array): whether it is in :data:`CJK` (counted this way rather
    than with ``re.findall``, which builds a string per character: 0.4 s of loading 20 MB)."""
    return ((codepoints >= 0x3400) & (codepoints <= 0x9FFF)) | (
        (codepoints >= 0xF900) & (codepoints <= 0xFAFF)
    )


def simplified_with_share(text: str) -> tuple[str, float]:
    """:func:`to_simplified` of ``text`` and :func:`traditional_share`, converted once."""
    import numpy as np

    a = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    n = int(np.count_nonzero(_is_cjk(a)))
    if not n:
        return text, 0.0
    converted = to_simplified(text)
    b = np.frombuffer(converted.encode("utf-32-le", "surrogatepass"), np.uint32)
    m = min(len(a), len(b))
    return converted, float(np.count_nonzero(a[:m] != b[:m]) + abs(len(a) - len(b))) / n
