from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from analysis import fonts, plots
from analysis.vectorize import term_counts
from conftest import TWO_TOPICS


def test_font_is_found_and_covers_chinese():
    path = fonts.find_cjk_font()
    assert path.is_file()
    assert fonts._covers_chinese(path)


def test_bad_font_path():
    with pytest.raises(ValueError, match="does not exist"):
        fonts.find_cjk_font("/no/such/font.ttf")


def test_font_follows_analysis_font_as_it_is_now(monkeypatch, tmp_path):
    monkeypatch.delenv("ANALYSIS_FONT", raising=False)
    default = fonts.find_cjk_font()
    monkeypatch.setenv("ANALYSIS_FONT", str(tmp_path / "gone.otf"))  # set after a first chart
    with pytest.raises(ValueError, match=r"gone\.otf does not exist"):
        fonts.find_cjk_font()
    monkeypatch.setenv("ANALYSIS_FONT", str(default))
    assert fonts.find_cjk_font() == default


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
    assert ax.get_xlabel() == "字数"
    legend = sorted(t.get_text() for t in ax.get_legend().get_texts())
    assert legend == ["正文 (n=1)", "网页摘录 (n=1)"], legend  # the loader's kinds, in Chinese
    ax = plots.plot_doc_lengths(docs.assign(kind="record"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["全部 (n=2)"]


def test_plot_arguments_are_checked():
    with pytest.raises(ValueError, match="no column 'term'"):
        plots.plot_top_terms(pd.DataFrame({"word": ["数据"], "count": [1]}))


# --------------------------------------------------------------------------- every chart


@pytest.fixture(scope="module")
def analysed():
    from analysis.cluster import cluster_documents, nmf_topics

    tokens = TWO_TOPICS
    return {
        "tokens": tokens,
        "kmeans": cluster_documents(tokens, k="auto", min_df=1, max_df=1.0),
        "tree": cluster_documents(tokens, k=2, method="agglomerative", min_df=1, max_df=1.0),
        "topics": nmf_topics(tokens, n_topics=2),
        "titles": ["数据共享平台", "数据开放", "开放平台", "形式主义", "为基层减负", "基层干部"],
    }


def test_term_grid(analysed):
    axes = plots.plot_term_grid(analysed["kmeans"].label_terms, by="group", top_n=3)
    assert sum(ax.get_visible() for ax in axes) == analysed["kmeans"].k
    _render(axes[0])
    topics = analysed["topics"].topic_terms
    topic_axes = plots.plot_term_grid(topics, by="topic", value="weight")
    topic_axes[0].figure.canvas.draw()
    shown = [t.get_text() for t in topic_axes[0].get_yticklabels()]
    assert shown[::-1] == topics.loc[topics["topic"] == 0, "term"].tolist()  # first on top
    with pytest.raises(ValueError, match="empty"):
        plots.plot_term_grid(analysed["kmeans"].label_terms.iloc[:0])


def test_cluster_map_dendrogram_and_k(analysed):
    ax = plots.plot_cluster_map(analysed["kmeans"].assignments, titles=analysed["titles"])
    _render(ax)
    names = {t.get_text() for t in ax.texts} - {str(c) for c in range(20)}  # not the numbers
    assert names == {plots._short(t, 8) for t in analysed["titles"]}
    ax = plots.plot_dendrogram(analysed["tree"].linkage, labels=analysed["titles"])
    _render(ax)
    assert {t.get_text() for t in ax.get_yticklabels()} == set(analysed["titles"])
    ax = plots.plot_k_selection(analysed["kmeans"].k_scores, chosen=analysed["kmeans"].k)
    _render(ax)
    assert ax.lines[0].get_xdata().tolist() == analysed["kmeans"].k_scores["k"].tolist()
    scores = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.15, 0.12, 0.11]})
    low, high = plots.plot_k_selection(scores).get_ylim()
    assert low == 0 and 0.15 < high < 0.2  # from 0: 0.11–0.15 is no steep fall


def test_a_dendrogram_of_many_documents_draws_the_last_merges():
    from scipy.cluster.hierarchy import linkage

    points = np.random.default_rng(0).normal(size=(143, 5))
    names = [f"城市{i}" for i in range(143)]
    ax = plots.plot_dendrogram(linkage(points, "ward"), labels=names)
    _render(ax)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == plots.DENDROGRAM_LEAVES  # a readable leaf each, not 143 blank ones
    # a leaf of several documents is named by its first one and their number: 城市7 等 3 篇
    groups = [re.fullmatch(r"(城市\d+) 等 (\d+) 篇", t) for t in ticks]
    singles = [t for t, g in zip(ticks, groups, strict=True) if g is None]
    groups = [g for g in groups if g]
    assert groups and set(singles) <= set(names)
    assert sum(int(g[2]) for g in groups) + len(singles) == 143
    named = [g[1] for g in groups] + singles
    assert len(set(named)) == len(named)  # every document named at most once
    assert ax.figure.get_size_inches()[1] <= 0.3 * plots.DENDROGRAM_LEAVES + 1
    assert "143 篇文档" in ax.get_title()


def test_similarity_and_agreement_heatmaps(analysed):
    from analysis.keywords import compare_methods, tfidf_keywords
    from analysis.similarity import similarity_matrix
    from analysis.vectorize import tfidf

    sim = similarity_matrix(tfidf(analysed["tokens"]).matrix)
    ax = plots.plot_similarity(sim, labels=analysed["titles"])
    _render(ax)
    assert len(ax.get_xticklabels()) == 6
    from matplotlib.colors import to_rgba

    image = ax.get_images()[0]  # the diagonal is grey, not the colour of a similarity of 0
    assert tuple(image.cmap.get_bad()) == to_rgba("#9e9e9e")  # opaque (the default: clear)
    kw = pd.concat([tfidf_keywords(analysed["tokens"]).assign(method=m) for m in ("a", "b")])
    ax = plots.plot_method_agreement(compare_methods(kw, top_n=3))
    _render(ax)
    assert len(ax.texts) == 4


def test_similarity_ordered_by_cluster_with_a_scale_copies_do_not_set():
    # 50 documents of two groups, interleaved; two of them copies of each other
    rng = np.random.default_rng(0)
    groups = [i % 2 for i in range(50)]
    sim = np.full((50, 50), 0.1) + 0.01 * rng.random((50, 50))
    same = np.equal.outer(groups, groups)
    sim[same] += 0.3
    sim[0, 2] = sim[2, 0] = 1.0
    np.fill_diagonal(sim, 1.0)
    frame = pd.DataFrame(sim, index=[f"d{i}" for i in range(50)])
    ax = plots.plot_similarity(frame, groups=groups)
    _render(ax)
    shown = ax.images[0].get_array()
    assert np.nanmean(shown[:25, :25]) > 0.35 and np.nanmean(shown[:25, 25:]) < 0.15  # blocks
    assert ax.images[0].norm.vmax < 0.5  # the copies are darker than the scale, not its end
    assert [t.get_text() for t in ax.get_yticklabels()] == ["类 0", "类 1"]
    with pytest.raises(ValueError, match="50 documents but 3 groups"):
        plots.plot_similarity(frame, groups=[0, 1, 0])


def test_cooccurrence_trend_and_wordcloud(analysed):
    from analysis.context import cooccurrence, cooccurrence_graph
    from analysis.trends import term_trends

    graph = cooccurrence_graph(cooccurrence(analysed["tokens"], min_count=1))
    ax = plots.plot_cooccurrence(graph)
    _render(ax)
    assert "数据" in {t.get_text() for t in ax.texts}
    texts = ["".join(t) for t in analysed["tokens"]]
    years = [2020, 2020, 2021, 2021, 2024, 2024]
    trend = term_trends(texts, years, ["数据", "减负"], tokens=analysed["tokens"])
    ax = plots.plot_term_trend(trend)
    _render(ax)
    assert len(ax.lines) == 2
    assert np.isnan(ax.lines[0].get_ydata()[2])  # 2022: no documents, a break in the line
    assert len(ax.patches) == 1  # and one grey span for 2022-2023
    ax = plots.plot_wordcloud(term_counts(analysed["tokens"]), value="count", title="词云")
    _render(ax)
    image = ax.images[0].get_array()
    assert image.shape[2] == 3 and (image < 250).any()  # something was drawn
    with pytest.raises(ValueError, match="positive weight"):
        plots.plot_wordcloud({"数据": 0})


def test_wordcloud_is_reproducible():
    a = (
        plots.plot_wordcloud({"数据": 3, "共享": 2, "平台": 1}, random_state=1)
        .images[0]
        .get_array()
    )
    b = (
        plots.plot_wordcloud({"数据": 3, "共享": 2, "平台": 1}, random_state=1)
        .images[0]
        .get_array()
    )
    assert (a == b).all()


def _map_frame(n_clusters: int, per_cluster: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for c in range(n_clusters):
        centre = rng.normal(size=2) * 3
        for i in range(per_cluster):
            x, y = centre + rng.normal(size=2) * 0.3
            rows.append({"doc_id": f"d{c}-{i}", "cluster": c, "label": f"类{c}", "x": x, "y": y})
    return pd.DataFrame(rows)


def test_cluster_map_names_documents_without_overlap_and_tells_clusters_apart():
    frame = _map_frame(12, 12)  # 144 documents, 12 clusters
    titles = [f"{d}市政府工作报告" for d in frame["doc_id"]]
    ax = plots.plot_cluster_map(frame, titles=titles)
    renderer = ax.figure.canvas.get_renderer()
    names = [t for t in ax.texts if t.get_text().startswith("d")]
    assert len(names) >= 20  # many documents are named …
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(  # … and no name covers another, nor a cluster number
        a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )
    styles = {
        (tuple(c.get_facecolor()[0]), c.get_paths()[0].vertices.shape) for c in ax.collections
    }
    assert len(styles) == 12  # cluster 0 and cluster 10 share a colour, not a marker
    plt.close(ax.figure)


def test_term_grid_draws_every_cluster_when_asked():
    table = pd.DataFrame(
        {
            "group": np.repeat(range(13), 2),
            "term": ["数据", "共享"] * 13,
            "score": np.tile([2.0, 1.0], 13),
        }
    )
    for panels, drawn in ((12, 12), (None, 13)):
        axes = plots.plot_term_grid(table, max_panels=panels)
        assert sum(ax.get_visible() for ax in axes) == drawn
        plt.close(axes[0].figure)


def test_wordcloud_grid_draws_every_group():
    table = pd.DataFrame(
        {
            "group": np.repeat(range(8), 3),
            "term": ["数据", "共享", "平台"] * 8,
            "score": np.tile([3.0, 2.0, 1.0], 8),
        }
    )
    axes = plots.plot_wordcloud_grid(table, titles={0: "类 0：数据"})
    visible = [ax for ax in axes if ax.get_visible()]
    assert len(visible) == 8 and visible[0].get_title() == "类 0：数据"
    plt.close(axes[0].figure)


def test_trend_grid_marks_first_use_and_gaps():
    from analysis.trends import term_trends

    texts = ["推进信息化", "信息化和大数据", "大数据", "大数据"]
    trend = term_trends(texts, ["2001", "2003", "2014", "2015"], ["信息化", "大数据", "区块链"],
                        norm="raw")  # fmt: skip
    axes = plots.plot_term_trend_grid(trend, norm="raw", ncols=2)
    _render(axes[0])
    titles = [ax.get_title() for ax in axes if ax.get_visible()]
    assert titles == ["信息化（首次 2001）", "大数据（首次 2003）", "区块链（未出现）"]
    gaps = [p for p in axes[0].patches]  # 2002 and 2004–2013 have no documents
    assert len(gaps) == 2
    assert np.isnan(axes[1].lines[0].get_ydata()[1])  # 2002: a break, not a zero
    # 大数据 is the lowest panel of the right column (the one below it is empty): it has years
    assert any(t.get_text() for t in axes[1].get_xticklabels())
    assert not any(t.get_text() for t in axes[0].get_xticklabels())  # 区块链 below has them


def test_topic_shares_leave_gaps():
    shares = pd.DataFrame(
        {0: [0.7, np.nan, np.nan, 0.2, 0.1], 1: [0.3, np.nan, np.nan, 0.8, 0.9]},
        index=pd.Index([2001, 2002, 2003, 2004, 2005], name="period"),
    )
    ax = plots.plot_topic_shares(shares, labels={0: "信息化·电子政务", 1: "数字政府·数据要素"})
    _render(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "信息化·电子政务",
        "数字政府·数据要素",
    ]
    stacks = [c for c in ax.collections]
    assert len(stacks) == 4  # two topics × two runs of years with documents
    assert len(ax.patches) == 1  # the grey span of 2002–2003


def test_cooccurrence_labels_do_not_overlap():
    """The network of notebook 02 on the bundled policy documents: without moving labels
    apart, two of them overlap; no two boxes may."""
    import itertools

    from analysis import cooccurrence, segment_corpus
    from analysis.context import cooccurrence_graph, topic_terms
    from analysis.keywords import document_ceiling
    from analysis.segment import make_segmenter
    from analysis.workflow import load_clean

    docs = load_clean("policy-docs")
    tokens = segment_corpus(docs, make_segmenter())
    ceiling = document_ceiling(None, len(docs))
    vocabulary = topic_terms(tokens, top_n=40, max_df=ceiling)["term"]
    edges = cooccurrence(
        tokens.sentences(), min_count=2, vocabulary=vocabulary, rank_by="g2", top_n=60
    )
    ax = plots.plot_cooccurrence(cooccurrence_graph(edges), top_n=35)
    _render(ax)
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) >= 20
    overlaps = [
        (ax.texts[i].get_text(), ax.texts[j].get_text())
        for i, j in itertools.combinations(range(len(boxes)), 2)
        if boxes[i].overlaps(boxes[j])
    ]
    assert not overlaps, overlaps


def test_cooccurrence_draws_the_strongest_pairs_closest():
    """Kamada–Kawai reads an edge attribute as a length: given the counts, the pair found
    together most often was drawn across the figure. The strongest pair is now the closest,
    and the caller's graph gains no attribute."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_edge("数据", "共享", weight=12)
    for a, b in [("数据", "平台"), ("平台", "基层"), ("基层", "减负"), ("减负", "共享")]:
        graph.add_edge(a, b, weight=1)
    for node in graph.nodes:
        graph.nodes[node]["count"] = graph.degree(node, weight="weight")
    ax = plots.plot_cooccurrence(graph)
    at = {t.get_text(): np.array(t.get_position()) for t in ax.texts}
    length = {frozenset(e): np.linalg.norm(at[e[0]] - at[e[1]]) for e in graph.edges}
    assert length[frozenset(("数据", "共享"))] < min(
        v for k, v in length.items() if k != frozenset(("数据", "共享"))
    )
    assert all(set(d) == {"weight"} for *_, d in graph.edges(data=True))


def test_a_short_span_of_years_has_whole_year_ticks():
    """Three years of data: ticks 2022, 2023, 2024, never 2022.5 (a year has no halves)."""
    from analysis.trends import term_trends

    trend = term_trends(
        ["数据", "数据要素", "数据"], ["2022", "2023", "2024"], ["数据"], norm="raw"
    )
    axes = [
        plots.plot_term_trend(trend, norm="raw"),
        plots.plot_term_trend_grid(trend, norm="raw")[0],
    ]
    shares = pd.DataFrame(
        {0: [0.5, 0.4, 0.3], 1: [0.5, 0.6, 0.7]}, index=pd.Index([2022, 2023, 2024])
    )
    axes.append(plots.plot_topic_shares(shares))
    for ax in axes:
        _render(ax)
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_a_small_cluster_map_names_documents_long_enough_to_tell_apart():
    import pandas as pd

    titles = ["建立公共数据资源登记制度的意见", "加快公共数据资源开发利用的意见"]
    titles = [*titles, "数字政府建设指导意见"]
    a = pd.DataFrame(
        {
            "x": [0.0, 1.0, 0.5],
            "y": [0.0, 1.0, 0.2],
            "cluster": [0, 0, 1],
            "label": ["甲", "甲", "乙"],
        }
    )
    ax = plots.plot_cluster_map(a, titles=titles)
    names = {t.get_text() for t in ax.texts}
    assert {plots._short(t, 16) for t in titles} <= names  # not both 建立公共数据资… / 加快…


def test_top_terms_of_keywords_say_how_to_plot_them():
    """Keywords (doc_id, rank, term, score) have no count, and several documents' terms
    repeat: each is an error that says what to plot instead, not a wrong chart."""
    kw = pd.DataFrame(
        {"doc_id": [0, 0, 1, 1], "rank": [1, 2, 1, 2], "term": ["数据", "平台", "数据", "共享"],
         "score": [1.0, 0.5, 1.0, 0.4], "method": "phrase"}
    )  # fmt: skip
    with pytest.raises(ValueError, match="keywords have a score: value='score'"):
        plots.plot_top_terms(kw)
    with pytest.raises(ValueError, match="plot_term_grid"):
        plots.plot_top_terms(kw, value="score")
    ax = plots.plot_top_terms(kw[kw["doc_id"] == 0], value="score")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["平台", "数据"]
