"""Charts of a corpus and its analyses. Every function draws on ``ax`` (a new figure when it is
``None``) and returns the ``Axes``; nothing here saves or shows a figure.

Chinese labels render with the font found by :mod:`analysis.fonts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .fonts import use_cjk_font

__all__ = ["plot_doc_lengths", "plot_top_terms"]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    use_cjk_font()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_top_terms(
    terms: pd.DataFrame,
    *,
    value: str = "count",
    top_n: int = 20,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the ``top_n`` terms, largest on top.

    Parameters
    ----------
    terms
        A frame with a ``term`` column and the ``value`` column (e.g. from ``term_counts``).

    Examples
    --------
    >>> from analysis.vectorize import term_counts
    >>> ax = plot_top_terms(term_counts([["数字政府", "平台", "平台"]]))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['数字政府', '平台']
    """
    for col in ("term", value):
        if col not in terms.columns:
            raise ValueError(
                f"plot_top_terms: no column {col!r}; columns are {list(terms.columns)}"
            )
    data = terms.nlargest(top_n, value, keep="first").iloc[::-1]
    ax = _axes(ax, (6, max(2.0, 0.28 * len(data) + 1)))
    ax.barh(data["term"].astype(str), data[value], color="#3b6ea8")
    ax.set_xlabel({"count": "出现次数", "score": "得分"}.get(value, value))
    ax.set_title(title or f"高频词 Top {len(data)}")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(y=0.01)
    return ax


def plot_doc_lengths(
    docs: pd.DataFrame,
    *,
    column: str = "clean_text",
    by: str | None = "kind",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Histogram of document lengths in characters, one colour per ``by`` group."""
    if column not in docs.columns:
        raise ValueError(
            f"plot_doc_lengths: no column {column!r}; columns are {list(docs.columns)}"
        )
    ax = _axes(ax, (6, 3.5))
    lengths = docs[column].fillna("").str.len()
    groups = docs[by].fillna("(无)") if by and by in docs.columns else pd.Series("全部", docs.index)
    bins = np.histogram_bin_edges(lengths, bins=min(30, max(5, len(docs) // 2)))
    for name, values in lengths.groupby(groups):
        ax.hist(values, bins=bins, alpha=0.7, label=f"{name} (n={len(values)})")
    ax.set_xlabel("字数")
    ax.set_ylabel("文档数")
    ax.set_title(title or "文档长度分布")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
