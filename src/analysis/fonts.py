"""Find a font with Chinese glyphs and hand it to matplotlib and wordcloud; make the web-font
subset that HTML reports embed.

Order for charts: a path the caller gives → ``$ANALYSIS_FONT`` → a Simplified-Chinese font
installed on the system → Noto Sans SC from the pinned ``pylopdf-fonts-zh-cn`` package (SIL OFL
1.1), so a fresh machine without root still renders Chinese. Reports always embed the packaged
Noto Sans SC (its licence allows it; a system font's may not). Nothing is changed at import time.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = [
    "CJK_FAMILIES",
    "WEB_FONT_FAMILY",
    "bundled_font_path",
    "find_cjk_font",
    "subset_font",
    "use_cjk_font",
]

#: The family name reports give the embedded font.
WEB_FONT_FAMILY = "Analysis Noto Sans SC"

#: Installed families tried in order. Collections (.ttc) are only used when their first face is
#: one of these, since matplotlib and PIL open face 0 (Noto Sans CJK's face 0 is Japanese).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
)

_PROBE = "数字政府基层治理"


@lru_cache(maxsize=32)
def _covers_chinese(path: Path) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError):
        return False
    charmap = font.get_charmap()
    return all(ord(ch) in charmap for ch in _PROBE)


def find_cjk_font(path: str | Path | None = None) -> Path:
    """Path of a font file that renders Simplified Chinese.

    Parameters
    ----------
    path
        A font file to use; it must exist and contain Chinese glyphs. Without one,
        ``$ANALYSIS_FONT`` as it is now (a notebook may set it between two charts), else an
        installed Chinese font, else the packaged Noto Sans SC.

    Examples
    --------
    >>> find_cjk_font().suffix in {".otf", ".ttf", ".ttc"}
    True
    """
    if path is None and os.environ.get("ANALYSIS_FONT"):
        path = os.environ["ANALYSIS_FONT"]
    if path is None:
        return _installed_or_bundled()
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(f"font file {p} does not exist")
    if not _covers_chinese(p):
        raise ValueError(f"font file {p} has no Chinese glyphs (its face 0 lacks {_PROBE})")
    return p


@lru_cache(maxsize=1)
def _installed_or_bundled() -> Path:
    """The first of :data:`CJK_FAMILIES` installed, else the packaged font (looked up once per
    process: matplotlib's font list does not change)."""
    from matplotlib import font_manager

    by_name: dict[str, Path] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, Path(entry.fname))
    for family in CJK_FAMILIES:
        candidate = by_name.get(family)
        if candidate is not None and _covers_chinese(candidate):
            return candidate
    return bundled_font_path()


def bundled_font_path() -> Path:
    """Noto Sans SC Regular (SIL OFL 1.1) from the pinned ``pylopdf-fonts-zh-cn`` package."""
    from importlib.resources import files

    packaged = Path(str(files("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf"))
    if packaged.is_file():
        return packaged
    raise RuntimeError(  # only if the pinned package was removed from the environment
        "no Chinese font found: install the project (make setup) or pass a font path"
    )


def subset_font(
    text: str, *, source: str | Path | bytes | None = None, woff2: bool = True
) -> bytes:
    """The font ``source`` (default: :func:`bundled_font_path`) cut down to the characters of
    ``text`` and printable ASCII, as WOFF2 (``woff2=False``: the font's own format, a fast
    input for further subsets). Layout features are kept; hinting is dropped.

    >>> data = subset_font("数字政府")
    >>> data[:4], len(data) < 50_000
    (b'wOF2', True)
    """
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    if source is None:
        source = bundled_font_path()
    font = TTFont(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text) | set(map(chr, range(0x20, 0x7F))))))
    subsetter.subset(font)
    font.flavor = "woff2" if woff2 else None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=8)
def _register(font_path: Path) -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path))
    return font_manager.FontProperties(fname=str(font_path)).get_name()


def use_cjk_font(path: str | Path | None = None) -> str:
    """Register the Chinese font with matplotlib and make it the first sans-serif family.

    Called by every plotting function, so notebooks need not call it. It sets matplotlib's
    ``rcParams`` ``font.family``, ``font.sans-serif``, ``axes.unicode_minus`` and
    ``text.parse_math``, and leaves the others alone. Math text is off: labels are corpus text, and
    a title such as ``营收从$5亿增至$10亿`` must show its dollar signs, not be drawn as math
    (``$$\\alert$$`` would even stop the drawing). Returns the family name.
    """
    import matplotlib as mpl

    family = _register(find_cjk_font(path))
    mpl.rcParams["font.family"] = "sans-serif"
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["text.parse_math"] = False
    return family
