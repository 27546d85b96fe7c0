from __future__ import annotations

import warnings

import pandas as pd
import pytest
from matplotlib.axes import Axes

from analysis import fonts, plots
from analysis.vectorize import term_counts


def test_font_is_found_and_covers_chinese():
    path = fonts.find_cjk_font()
    assert path.is_file()
    assert fonts._covers_chinese(path)


def test_bad_font_path():
    with pytest.raises(ValueError, match="does not exist"):
        fonts.find_cjk_font("/no/such/font.ttf")


def _render(ax: Axes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise here
        ax.figure.canvas.draw()


def test_top_terms_draws_chinese_labels_without_missing_glyphs():
    freq = term_counts([["基层治理", "数字枷锁", "基层治理", "数字枷锁", "形式主义", "基层治理"]])
    ax = plots.plot_top_terms(freq, top_n=2)
    _render(ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["数字枷锁", "基层治理"]  # largest on top
    assert [p.get_width() for p in ax.patches] == [2, 3]
    assert ax.get_title() and ax.get_xlabel() == "出现次数"


def test_plots_draw_on_a_given_axes():
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    docs = pd.DataFrame({"clean_text": ["数据" * 10, "共享" * 50], "kind": ["snippet", "article"]})
    assert plots.plot_doc_lengths(docs, ax=ax) is ax
    _render(ax)
    assert ax.get_xlabel() == "字数" and len(ax.get_legend().get_texts()) == 2


def test_plot_arguments_are_checked():
    with pytest.raises(ValueError, match="no column 'term'"):
        plots.plot_top_terms(pd.DataFrame({"word": ["数据"], "count": [1]}))
