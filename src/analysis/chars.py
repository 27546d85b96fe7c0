"""Character classes shared by the loader, the cleaners and the segmenter (no dependencies).

>>> has_cjk("APP热"), has_cjk("APP")
(True, False)
"""

from __future__ import annotations

import re

__all__ = ["CJK", "CUT_MARK", "has_cjk"]

#: CJK ideographs: Extension A, the basic block and the compatibility block.
CJK = "\u3400-\u9fff\uf900-\ufaff"

_CJK_RE = re.compile(f"[{CJK}]")

#: The mark a scraper leaves where it cut a text short, at the very end: ASCII dots
#: (``...``, ``. . .``) or one ``…`` (U+2026). ``……`` (two) is the Chinese ellipsis, part of
#: the text, and no cut mark.
CUT_MARK = re.compile(r"(?:\.{3,}|(?:\.\s){2}\.|(?<!…)…)\s*$")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds at least one CJK ideograph."""
    return _CJK_RE.search(text) is not None
