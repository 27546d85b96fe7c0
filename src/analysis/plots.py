"""Charts of a corpus and its analyses. Every function draws on ``ax`` (a new figure when it is
``None``) and returns the ``Axes``; nothing here saves or shows a figure.

Chinese labels render with the font found by :mod:`analysis.fonts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes

from .clean import SHOWN_TITLE
from .fonts import find_cjk_font, use_cjk_font

_PALETTE = "tab10"

__all__ = [
    "cluster_colour",
    "cluster_marker",
    "plot_cluster_map",
    "plot_cooccurrence",
    "plot_dendrogram",
    "plot_doc_lengths",
    "plot_k_selection",
    "plot_method_agreement",
    "plot_similarity",
    "plot_term_grid",
    "plot_term_trend",
    "plot_term_trend_grid",
    "plot_top_terms",
    "plot_topic_shares",
    "plot_wordcloud",
    "plot_wordcloud_grid",
]


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
            hint = (
                "; keywords have a score: value='score', of one document's rows (or "
                "plot_term_grid for each document)"
                if "score" in terms.columns and value != "score"
                else ""
            )
            raise ValueError(
                f"plot_top_terms: no column {col!r}; columns are {list(terms.columns)}{hint}"
            )
    if (
        "doc_id" in terms.columns
        and terms["doc_id"].nunique() > 1
        and terms["term"].duplicated().any()
    ):
        raise ValueError(
            "plot_top_terms: the terms of several documents, some twice; plot one document's "
            "rows (terms[terms['doc_id'] == …]), or plot_term_grid(terms, by='doc_id')"
        )
    data = terms.nlargest(top_n, value, keep="first").iloc[::-1]
    ax = _axes(ax, (6, max(2.0, 0.28 * len(data) + 1)))
    ax.barh(data["term"].astype(str), data[value], color="#3b6ea8")
    ax.set_xlabel({"count": "出现次数", "score": "得分"}.get(value, value))
    ax.set_title(title or f"高频词 Top {len(data)}")
    ax.margins(y=0.01)
    return _finish(ax)


#: The loader's ``kind`` values as a legend names them.
_KIND_NAMES = {"article": "正文", "snippet": "网页摘录", "document": "文档", "record": "表格行"}


def plot_doc_lengths(
    docs: pd.DataFrame,
    *,
    column: str = "clean_text",
    by: str | None = "kind",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Histogram of document lengths in characters, one colour per ``by`` group.

    >>> docs = pd.DataFrame({"clean_text": ["数字政府" * 50, "基层减负", "数据共享平台"],
    ...                      "kind": ["article", "snippet", "snippet"]})
    >>> ax = plot_doc_lengths(docs)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('字数', ['正文 (n=1)', '网页摘录 (n=2)'])
    """
    if column not in docs.columns:
        raise ValueError(
            f"plot_doc_lengths: no column {column!r}; columns are {list(docs.columns)}"
        )
    ax = _axes(ax, (6, 3.5))
    lengths = docs[column].fillna("").str.len()
    groups = docs[by].fillna("(无)") if by and by in docs.columns else pd.Series("全部", docs.index)
    if groups.nunique() <= 1:  # one kind says nothing
        groups = pd.Series("全部", docs.index)
    bins = np.histogram_bin_edges(lengths, bins=min(30, max(5, len(docs) // 2)))
    for name, values in lengths.groupby(groups):
        name = _KIND_NAMES.get(name, name) if by == "kind" else name
        ax.hist(values, bins=bins, alpha=0.7, label=f"{name} (n={len(values)})")
    ax.set_xlabel("字数")
    ax.set_ylabel("文档数")
    ax.set_title(title or "文档长度分布")
    ax.legend(frameon=False)
    return _finish(ax)


def _short(text: str, width: int = 14) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _finish(ax: Axes) -> Axes:
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_term_grid(
    keywords: pd.DataFrame,
    *,
    by: str = "group",
    value: str = "score",
    top_n: int = 8,
    ncols: int = 3,
    titles: Mapping | None = None,
    max_panels: int | None = 12,
    fig=None,
):
    """Small multiples: the top terms of each document / cluster / topic as horizontal bars.

    ``keywords`` is any keyword table (``doc_id`` or ``group`` or ``topic``, ``rank``,
    ``term`` and ``value``). ``titles`` maps a key to a panel title. Returns the array of Axes
    (``fig`` is created when not given); at most ``max_panels`` panels are drawn (``None``:
    one for each key).

    >>> kw = pd.DataFrame({"group": [0, 0, 1, 1], "rank": [1, 2, 1, 2],
    ...                    "term": ["数据共享", "平台", "基层减负", "形式主义"],
    ...                    "score": [2.0, 1.0, 2.0, 1.5]})
    >>> axes = plot_term_grid(kw, titles={0: "数据", 1: "减负"})
    >>> [ax.get_title() for ax in axes if ax.get_visible()]
    ['数据', '减负']
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    for col in (by, "term", value):
        if col not in keywords.columns:
            raise ValueError(
                f"plot_term_grid: no column {col!r}; columns are {list(keywords.columns)}"
            )
    keys = list(dict.fromkeys(keywords[by]))[slice(max_panels)]
    if not keys:
        raise ValueError("plot_term_grid: the keyword table is empty")
    ncols = min(ncols, len(keys))
    nrows = -(-len(keys) // ncols)
    if fig is None:
        fig = plt.figure(
            figsize=(4.2 * ncols, 0.32 * top_n * nrows + 1.2 * nrows), layout="constrained"
        )
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    colors = plt.get_cmap(_PALETTE)
    for i, (ax, key) in enumerate(zip(axes, keys, strict=False)):
        data = keywords[keywords[by] == key].nlargest(top_n, value).iloc[::-1]
        ax.barh(data["term"].map(_short), data[value], color=colors(i % 10))
        title = titles.get(key, key) if titles else key
        ax.set_title(_short(f"{title}", 22), fontsize=10)
        ax.tick_params(axis="y", labelsize=9)
        ax.tick_params(axis="x", labelsize=8)
        _finish(ax)
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    return axes


def plot_method_agreement(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of :func:`~analysis.keywords.compare_methods` (share of shared top terms).

    >>> from analysis.keywords import compare_methods
    >>> kw = pd.DataFrame({"doc_id": [0] * 4, "rank": [1, 2, 1, 2], "score": [1.0] * 4,
    ...                    "term": ["数据", "平台", "数据", "共享"],
    ...                    "method": ["phrase", "phrase", "tfidf", "tfidf"]})
    >>> ax = plot_method_agreement(compare_methods(kw, top_n=2))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['phrase', 'tfidf']
    """
    ax = _axes(ax, (1.3 * len(table) + 2, 1.1 * len(table) + 1))
    image = ax.imshow(table.to_numpy(dtype=float), vmin=0, vmax=1, cmap="Blues")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), table.index)
    for (i, j), v in np.ndenumerate(table.to_numpy(dtype=float)):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", color="white" if v > 0.6 else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="前 k 个关键词的重合比例")
    ax.set_title("关键词方法之间的一致程度")
    return ax


def plot_similarity(
    similarity: pd.DataFrame,
    *,
    labels: Sequence[str] | None = None,
    groups: Sequence | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of a square document similarity table (``similarity_matrix``). ``groups`` (a
    cluster per document) orders the documents by group and marks where each begins; with
    more than 40 documents the axes then name the groups instead of the documents. The
    colour scale ends at the 99th percentile of the pairs (darker beyond), so that a few
    copies of one text do not wash out the rest; the diagonal (a document with itself) is
    grey.

    >>> from analysis.similarity import similarity_matrix
    >>> from analysis.vectorize import tfidf
    >>> matrix = tfidf([["数据", "共享"], ["数据", "平台"], ["基层", "减负"]], min_df=1, max_df=1.0).matrix
    >>> ax = plot_similarity(similarity_matrix(matrix, ["甲", "乙", "丙"]))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['甲', '乙', '丙']
    """
    n = len(similarity)
    ax = _axes(ax, (min(12, 0.45 * n + 3), min(11, 0.4 * n + 2.5)))
    names = [_short(x, SHOWN_TITLE) for x in (labels if labels is not None else similarity.index)]
    values = similarity.to_numpy(dtype=float).copy()
    order = np.arange(n)
    if groups is not None:
        groups = list(groups)
        if len(groups) != n:
            raise ValueError(f"plot_similarity: {n} documents but {len(groups)} groups")
        keys = pd.Series(groups if _numeric(groups) else [str(g) for g in groups])
        order = np.argsort(keys.to_numpy(), kind="stable")
        values = values[np.ix_(order, order)]
        names = [names[i] for i in order]
    np.fill_diagonal(values, np.nan)  # self-similarity (1.0) would wash out the scale
    pairs = values[np.isfinite(values)]
    top = float(np.percentile(pairs, 99)) if len(pairs) else 1.0
    cmap = colormaps["magma_r"].with_extremes(bad="#9e9e9e")  # the diagonal: grey,
    # not the near-white of a similarity of 0
    image = ax.imshow(values, vmin=0, vmax=max(top, 1e-9), cmap=cmap)
    ax.set_xticks([])
    ax.set_yticks([])
    if n <= 40:
        ax.set_xticks(range(n), names, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(n), names, fontsize=8)
    if groups is not None:
        ordered = [groups[i] for i in order]
        starts = [i for i in range(n) if i == 0 or ordered[i] != ordered[i - 1]]
        for start in starts[1:]:
            ax.axhline(start - 0.5, color="#3b6ea8", linewidth=0.8)
            ax.axvline(start - 0.5, color="#3b6ea8", linewidth=0.8)
        if n > 40:
            middles = [(a + b - 1) / 2 for a, b in zip(starts, [*starts[1:], n], strict=True)]
            ticks = [f"类 {ordered[a]}" for a in starts]
            ax.set_yticks(middles, ticks, fontsize=8)
            ax.set_xticks(middles, ticks, rotation=60, ha="right", fontsize=8)
    extend = "max" if len(pairs) and pairs.max() > top else "neither"
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="余弦相似度", extend=extend)
    ax.set_title("文档相似度（灰色的对角线是文档自身）")
    return ax


def _numeric(values: Sequence) -> bool:
    return all(isinstance(v, (int, float, np.integer, np.floating)) for v in values)


#: Marker of clusters 0–9, 10–19 …: with tab10's colours, 60 clusters look distinct.
_MARKERS = ("o", "s", "^", "D", "v", "P")


def cluster_colour(cluster: int) -> str:
    """A cluster's colour in every chart and map (``#rrggbb``; grey for documents without
    usable words): tab10's, repeating every 10 clusters (the marker then tells them apart)."""
    import matplotlib as mpl

    return mpl.colors.to_hex(mpl.colormaps[_PALETTE](cluster % 10)) if cluster >= 0 else "#bbbbbb"


def cluster_marker(cluster: int) -> str:
    """A cluster's matplotlib marker in every chart and map: ``o`` for the first 10 clusters
    (and for documents without usable words), then ``s``, ``^``, ``D``, ``v``, ``P``."""
    return _MARKERS[(cluster // 10) % len(_MARKERS)] if cluster >= 0 else "o"


def _cluster_style(cluster: int) -> tuple:
    """Colour and marker of a cluster (grey dots for documents without usable words)."""
    return cluster_colour(cluster), cluster_marker(cluster)


def plot_cluster_map(
    assignments: pd.DataFrame,
    *,
    titles: Sequence[str] | None = None,
    max_annotations: int = 150,
    random_state: int = 0,
    ax: Axes | None = None,
) -> Axes:
    """2-D map of documents coloured by cluster (``ClusterResult.assignments``); past ten
    clusters the marker changes too, so no two clusters look alike.

    With ``titles``, documents are named by their (shortened) titles. Up to 40 documents all
    are named; in a larger map a name is shown where it covers no other, up to
    ``max_annotations`` documents are tried (a seeded sample of them in a larger corpus), and
    each cluster's number marks its centre.

    >>> a = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0], "cluster": [0, 1],
    ...                   "label": ["数据·共享", "基层·减负"]})
    >>> ax = plot_cluster_map(a, titles=["数字政府建设", "为基层减负"])
    >>> sorted(t.get_text() for t in ax.texts)
    ['为基层减负', '数字政府建设']
    """
    for col in ("x", "y", "cluster", "label"):
        if col not in assignments.columns:
            raise ValueError(f"plot_cluster_map: no column {col!r}")
    if titles is not None and len(titles) != len(assignments):
        raise ValueError(f"plot_cluster_map: {len(titles)} titles for {len(assignments)} rows")
    ax = _axes(ax, (9, 7) if titles is not None and len(assignments) > 40 else (8, 6))
    for cluster, group in assignments.groupby("cluster"):
        color, marker = _cluster_style(int(cluster))
        ax.scatter(
            group["x"],
            group["y"],
            s=28 if len(assignments) < 500 else 6,
            color=color,
            marker=marker,
            alpha=0.85,
            label=f"{cluster}: {_short(group['label'].iloc[0], 18)}",
        )
    centres = assignments[assignments["cluster"] >= 0].groupby("cluster")[["x", "y"]].median()
    placed = []
    if len(assignments) > _NAME_ALL:  # a small map names every document instead
        for cluster, (x, y) in centres.iterrows():  # no bold: one face ships
            placed.append(ax.annotate(str(cluster), (x, y), fontsize=13, ha="center", va="center"))
    if titles is not None and len(assignments):
        rows = np.arange(len(assignments))
        if len(rows) > max_annotations:
            rng = np.random.default_rng(random_state)
            rows = np.sort(rng.choice(rows, max_annotations, replace=False))
        xy = assignments[["x", "y"]].to_numpy()
        # a few documents: room to tell 建立公共数据资源… from 加快公共数据资源…
        width = SHOWN_TITLE if len(rows) <= _NAME_LONG else 8
        names = [_short(str(titles[i]), width) for i in rows]
        _place_labels(ax, xy[rows], names, placed, force=len(assignments) <= _NAME_ALL)
    ax.legend(
        frameon=False,
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncols=2 if len(centres) <= 20 else 3,
        title="聚类",
    )
    ax.set_xlabel("维度 1")
    ax.set_ylabel("维度 2")
    ax.set_title("文档聚类图")
    return _finish(ax)


#: A dendrogram draws a leaf per document up to this many, and the last merges beyond.
DENDROGRAM_LEAVES = 60
#: Up to this many documents, a map names them all (and numbers no cluster centres).
_NAME_ALL = 40
#: Up to this many named documents, names keep :data:`SHOWN_TITLE` characters, else 8.
_NAME_LONG = 15
#: Where a point's name may go, in points from the point: right, left, above, below, corners.
_LABEL_OFFSETS = ((4, 2), (-4, 2), (0, 6), (0, -8), (4, 6), (-4, 6), (4, -8), (-4, -8))


def _place_labels(
    ax: Axes, xy: np.ndarray, names: list[str], placed: list, *, force: bool = False
) -> int:
    """Names beside points where they cover no name already placed (first fit of
    :data:`_LABEL_OFFSETS`); a name that fits nowhere is left out, or with ``force`` put at
    the first offset all the same. Returns how many fit."""
    renderer = ax.figure.canvas.get_renderer()
    ax.figure.canvas.draw()  # the final axes limits and layout, before measuring
    frame = ax.get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer).expanded(1.05, 1.1) for t in placed]

    def label(x, y, name, dx, dy):
        return ax.annotate(
            name,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=7,
            alpha=0.85,
            ha="left" if dx >= 0 else "right",
            va="bottom" if dy >= 0 else "top",
            annotation_clip=True,
        )

    shown = 0
    for (x, y), name in zip(xy, names, strict=True):
        for dx, dy in _LABEL_OFFSETS:
            box = (text := label(x, y, name, dx, dy)).get_window_extent(renderer)
            fits = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if fits and not any(box.overlaps(b) for b in boxes):
                boxes.append(box)
                shown += 1
                break
            text.remove()
        else:
            if force:
                label(x, y, name, *_LABEL_OFFSETS[0])
    return shown


def plot_dendrogram(
    linkage: np.ndarray, *, labels: Sequence[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Dendrogram of an agglomerative clustering (``ClusterResult.linkage``). Beyond
    :data:`DENDROGRAM_LEAVES` documents only the last merges are drawn: a leaf that holds
    several documents is named by its first one and their number, ``2004 等 3 篇`` (``(3)``
    without labels); a leaf per document of 143 would be too small to read.

    >>> from scipy.cluster.hierarchy import linkage
    >>> ax = plot_dendrogram(linkage([[0.0], [0.1], [1.0]], "ward"), labels=["甲", "乙", "丙"])
    >>> [t.get_text() for t in ax.get_yticklabels()]  # 甲 and 乙 merge first
    ['丙', '甲', '乙']
    """
    from scipy.cluster.hierarchy import dendrogram

    n = len(linkage) + 1
    leaves = min(n, DENDROGRAM_LEAVES)
    ax = _axes(ax, (8, max(3.0, 0.3 * leaves + 1)))
    names = [_short(x, SHOWN_TITLE) for x in labels] if labels is not None else None
    first, size = list(range(n)), [1] * n  # of each node: its first document, its documents
    for a, b, *_ in linkage.astype(int):
        first.append(min(first[a], first[b]))
        size.append(size[a] + size[b])

    def name(node: int) -> str:
        if names is None:
            return str(node) if size[node] == 1 else f"({size[node]})"
        return names[node] if size[node] == 1 else f"{names[first[node]]} 等 {size[node]} 篇"

    dendrogram(
        linkage,
        leaf_label_func=name,
        orientation="right",
        ax=ax,
        no_labels=names is None and n <= leaves,
        truncate_mode="lastp" if n > leaves else None,
        p=leaves,
        color_threshold=None,
    )
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel("合并距离（Ward）")
    title = "层次聚类树"
    if n > leaves:
        title += f"（{n} 篇文档，只画最后 {leaves} 组）"
    ax.set_title(title)
    return _finish(ax)


def plot_k_selection(
    k_scores: pd.DataFrame, *, chosen: int | None = None, ax: Axes | None = None
) -> Axes:
    """Silhouette by number of clusters (``ClusterResult.k_scores``), the chosen k marked. The
    axis starts at 0: silhouettes of 0.11–0.15, drawn from 0.11, would make the best k look
    far better than the rest.

    >>> ks = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.12, 0.15, 0.11]})
    >>> float(plot_k_selection(ks, chosen=3).get_ylim()[0])  # from 0, not from 0.11
    0.0
    """
    if k_scores.empty:
        raise ValueError("plot_k_selection: no k scores (k was fixed, not chosen)")
    ax = _axes(ax, (6, 3.5))
    ax.plot(k_scores["k"], k_scores["silhouette"], marker="o", color="#3b6ea8")
    low, high = min(0.0, k_scores["silhouette"].min()), max(0.0, k_scores["silhouette"].max())
    ax.set_ylim(low, high + 0.1 * ((high - low) or 1))
    if chosen is not None:
        ax.axvline(chosen, color="#d9534f", linestyle="--", label=f"选定 k = {chosen}")
        ax.legend(frameon=False)
    ax.set_xticks(k_scores["k"])
    ax.set_xlabel("聚类数 k")
    ax.set_ylabel("轮廓系数")
    ax.set_title("选择聚类数：轮廓系数越高越好")
    return _finish(ax)


def plot_cooccurrence(
    graph, *, top_n: int = 40, random_state: int = 0, ax: Axes | None = None
) -> Axes:
    """Co-occurrence network (``cooccurrence_graph``): node size by count, edge width by weight.

    Only the ``top_n`` nodes with the largest ``count`` are drawn.

    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_node("数据", count=5); graph.add_node("共享", count=3)
    >>> graph.add_edge("数据", "共享", weight=2.0)
    >>> sorted(t.get_text() for t in plot_cooccurrence(graph).texts)
    ['共享', '数据']
    """
    import networkx as nx

    ax = _axes(ax, (8, 7))
    if graph.number_of_nodes() == 0:
        raise ValueError("plot_cooccurrence: the graph has no nodes (lower min_count)")
    nodes = sorted(graph.nodes, key=lambda n: -graph.nodes[n].get("count", 1))[:top_n]
    sub = graph.subgraph(nodes).copy()  # its own edge attributes: the caller's graph is not written
    # Kamada–Kawai spreads a small graph evenly (deterministic); spring layout for larger ones.
    # Kamada–Kawai reads an edge attribute as a length, spring layout as a pull: the pairs
    # found together most often are drawn closest in both.
    strongest = max((d["weight"] for *_, d in sub.edges(data=True)), default=1)
    for *_, d in sub.edges(data=True):
        d["length"] = 1 + np.log(strongest / d["weight"])
    pos = (
        nx.kamada_kawai_layout(sub, weight="length")
        if len(sub) <= 80
        else nx.spring_layout(sub, seed=random_state, k=2 / np.sqrt(len(sub)))
    )
    pos = _apart(pos, ax)
    counts = np.array([sub.nodes[n].get("count", 1) for n in sub.nodes], dtype=float)
    weights = np.array([d["weight"] for *_, d in sub.edges(data=True)], dtype=float)
    nx.draw_networkx_edges(
        sub,
        pos,
        ax=ax,
        width=0.5 + 3 * weights / max(weights.max(), 1),
        alpha=0.35,
        edge_color="#7a8ca3",
    )
    nx.draw_networkx_nodes(
        sub,
        pos,
        ax=ax,
        node_size=60 + 600 * counts / counts.max(),
        node_color="#f0ad4e",
        alpha=0.85,
    )
    family = use_cjk_font()
    nx.draw_networkx_labels(sub, pos, ax=ax, font_size=9, font_family=family)
    ax.set_title("词语共现网络")
    ax.set_axis_off()
    return ax


def _apart(pos: dict, ax: Axes, *, steps: int = 200) -> dict:
    """Node positions moved apart until no two labels overlap (or ``steps`` have passed):
    each overlapping pair is pushed apart along the axis where they overlap least. A label is
    a box as wide as its characters at 9 pt, in the units of the layout scaled to ``ax``."""
    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    span = np.ptp(xy, axis=0).clip(min=1e-9)
    width, height = ax.figure.get_size_inches() * ax.get_position().size  # inches of the axes
    char = 9 / 72 * 1.05  # a CJK character at 9 pt, with a little air, in inches
    half = (
        np.column_stack(
            [
                np.array([len(str(n)) for n in names]) * char / 2 / (width * 0.8),
                np.full(len(names), char / 2 / (height * 0.8)),
            ]
        )
        * span
    )  # half of each label's box, in layout units (the layout fills ~80 % of the axes)
    for _ in range(steps):
        gap = np.abs(xy[:, None] - xy[None]) - (half[:, None] + half[None])  # < 0: overlap
        overlap = (gap < 0).all(axis=2)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        i, j = np.nonzero(np.triu(overlap))
        axis = np.argmax(gap[i, j], axis=1)  # the axis that needs the shorter push
        push = -gap[i, j, axis] / 2 + 1e-6
        sign = np.sign(xy[i, axis] - xy[j, axis] + 1e-12)
        np.add.at(xy[:, 0], i, np.where(axis == 0, sign * push, 0))
        np.add.at(xy[:, 1], i, np.where(axis == 1, sign * push, 0))
        np.add.at(xy[:, 0], j, np.where(axis == 0, -sign * push, 0))
        np.add.at(xy[:, 1], j, np.where(axis == 1, -sign * push, 0))
    return dict(zip(names, xy, strict=True))


_RATE_LABELS = {"per10k": "每万词出现次数", "docs": "含该词的报告比例", "raw": "出现次数"}


def _gap_spans(ax: Axes, periods: np.ndarray, empty: np.ndarray) -> None:
    """Shade each run of periods without documents, so a break in a line reads as 无文档."""
    step = np.min(np.diff(periods)) if len(periods) > 1 else 1
    start = None
    for period, gap in zip([*periods, None], [*empty, False], strict=True):
        if gap and start is None:
            start = period
        elif not gap and start is not None:
            end = period if period is not None else periods[-1] + step
            ax.axvspan(start - step / 2, end - step / 2, color="#eeeeee", lw=0, zorder=0)
            start = None


def _whole_years(ax: Axes) -> None:
    """Ticks on whole years: three years of data are not read as 2022.0, 2022.5, 2023.0."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # 1960, 1980


def _trend_frame(trends: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    for col in ("period", "term", "rate", "n_docs"):
        if col not in trends.columns:
            raise ValueError(f"plot_term_trend: no column {col!r}; pass a term_trends() table")
    periods = np.sort(trends["period"].unique())
    empty = trends.drop_duplicates("period").set_index("period")["n_docs"].reindex(periods) == 0
    return periods, empty.to_numpy()


def _draw_trend(ax: Axes, group: pd.DataFrame, periods: np.ndarray, band: bool, **line) -> None:
    group = group.set_index("period").reindex(periods)
    (drawn,) = ax.plot(periods, group["rate"].to_numpy(float), marker="o", markersize=2.5, **line)
    if band and "ci_low" in group and group["ci_low"].notna().any():
        used = (group["count"].fillna(0) > 0).to_numpy()  # a band where the term is used
        ax.fill_between(
            periods,
            group["ci_low"].to_numpy(float),
            group["ci_high"].to_numpy(float),
            where=used,
            color=drawn.get_color(),
            alpha=0.15,
            lw=0,
        )


def plot_term_trend(
    trends: pd.DataFrame,
    *,
    norm: str = "per10k",
    band: bool | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The rates of :func:`~analysis.trends.term_trends` over time, one line per term, on one
    Axes. A period without documents breaks the lines and is shaded grey: no data, not zero.
    ``band`` draws the confidence interval where a term is used (default: for up to 3 terms;
    :func:`plot_term_trend_grid` gives each term its own panel).

    Examples
    --------
    >>> from analysis.trends import term_trends
    >>> t = term_trends(["大数据", "数据", "大数据"], ["2019", "2021", "2023"], ["大数据"],
    ...                 norm="raw")
    >>> ax = plot_term_trend(t, norm="raw")
    >>> ax.lines[0].get_ydata().tolist()
    [1.0, nan, 0.0, nan, 1.0]
    """
    periods, empty = _trend_frame(trends)
    ax = _axes(ax, (9, 4))
    _gap_spans(ax, periods, empty)
    n_terms = trends["term"].nunique()
    for term, group in trends.groupby("term", sort=False):
        _draw_trend(ax, group, periods, n_terms <= 3 if band is None else band, label=str(term))
    ax.set_xlabel("年份")
    _whole_years(ax)
    ax.set_ylabel(_RATE_LABELS.get(norm, norm))
    if n_terms:
        # above the plot, under the title: the lines are never hidden behind it
        ax.legend(
            frameon=False,
            fontsize=9,
            ncols=min(6, n_terms),
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
        )
    ax.set_title(title or "词语随时间的变化（灰色：无文档）", pad=8 + 16 * -(-n_terms // 6))
    return _finish(ax)


def plot_term_trend_grid(
    trends: pd.DataFrame, *, norm: str = "per10k", ncols: int = 2, fig=None
) -> np.ndarray:
    """Small multiples of :func:`~analysis.trends.term_trends`: one panel per term with its
    own scale and confidence band, the years without documents shaded, and the first year
    of use marked. Returns the array of Axes.

    Examples
    --------
    >>> from analysis.trends import term_trends
    >>> t = term_trends(["大数据", "信息化"], ["2014", "2001"], ["大数据", "信息化"], norm="raw")
    >>> [ax.get_title() for ax in plot_term_trend_grid(t, norm="raw")]
    ['大数据（首次 2014）', '信息化（首次 2001）']
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    periods, empty = _trend_frame(trends)
    terms = list(dict.fromkeys(trends["term"]))
    if not terms:
        raise ValueError("plot_term_trend_grid: the trend table is empty")
    ncols = min(ncols, len(terms))
    nrows = -(-len(terms) // ncols)
    if fig is None:
        fig = plt.figure(figsize=(5.2 * ncols, 1.9 * nrows + 0.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False, sharex=True)).ravel()
    colours = plt.get_cmap(_PALETTE)
    for i, (ax, term) in enumerate(zip(axes, terms, strict=False)):
        group = trends[trends["term"] == term]
        _gap_spans(ax, periods, empty)
        _draw_trend(ax, group, periods, True, color=colours(i % 10))
        used = group.loc[group["count"].fillna(0) > 0, "period"]
        first = f"（首次 {int(used.min())}）" if len(used) else "（未出现）"
        if len(used):
            ax.axvline(used.min(), color="#888888", lw=0.8, ls=":")
        ax.set_title(f"{term}{first}", fontsize=10)
        ax.tick_params(labelsize=8)
        ax.set_ylim(bottom=0)
        _whole_years(ax)
        _finish(ax)
    for ax in axes[len(terms) :]:
        ax.set_visible(False)
    for ax in axes[max(len(terms) - ncols, 0) : len(terms)]:  # the lowest panel of each column
        ax.tick_params(labelbottom=True)
    fig.supylabel(_RATE_LABELS.get(norm, norm), fontsize=9)
    fig.suptitle("逐年使用率（灰色：无文档；虚线：首次出现）", fontsize=11)
    return axes


def plot_topic_shares(
    shares: pd.DataFrame,
    *,
    labels: Mapping | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Topic shares per period (:func:`~analysis.trends.topic_shares`) as stacked areas; a
    run of periods without documents is a gap (shaded), not a fall to zero.

    Examples
    --------
    >>> shares = pd.DataFrame({0: [1.0, np.nan, 0.25], 1: [0.0, np.nan, 0.75]},
    ...                       index=pd.Index([2019, 2020, 2021], name="period"))
    >>> len(plot_topic_shares(shares, labels={0: "数据", 1: "基层"}).collections) > 0
    True
    """
    import matplotlib as mpl

    ax = _axes(ax, (9, 4.5))
    periods = shares.index.to_numpy(float)
    present = shares.notna().all(axis=1).to_numpy()
    _gap_spans(ax, periods, ~present)
    colours = [mpl.colormaps["tab20"](i % 20) for i in range(shares.shape[1])]
    names = [str((labels or {}).get(c, c)) for c in shares.columns]
    # one stack per run of periods with documents; a lone period gets a narrow block
    runs = np.split(np.arange(len(periods)), np.flatnonzero(np.diff(present.astype(int))) + 1)
    labelled = False
    for run in runs:
        if not len(run) or not present[run[0]]:
            continue
        x, y = periods[run], shares.iloc[run].to_numpy(float).T
        if len(x) == 1:
            x, y = np.array([x[0] - 0.4, x[0] + 0.4]), np.repeat(y, 2, axis=1)
        ax.stackplot(x, y, colors=colours, labels=() if labelled else names, alpha=0.85)
        labelled = True
    ax.set_xlabel("年份")
    _whole_years(ax)
    ax.set_ylabel("主题占比（文档平均）")
    ax.set_ylim(0, 1)
    if labelled:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title or "主题占比随时间的变化（灰色：无文档）")
    return _finish(ax)


def plot_wordcloud(
    weights: pd.DataFrame | Mapping[str, float],
    *,
    term: str = "term",
    value: str = "score",
    max_words: int = 100,
    mask: np.ndarray | None = None,
    random_state: int = 0,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Word cloud from your own scores (never wordcloud's English tokenizer).

    ``weights``: a mapping term → weight, or a table with ``term`` and ``value`` columns
    (keyword scores, counts); duplicate terms are summed. ``mask``: an image array whose
    white (255) area stays empty.

    >>> ax = plot_wordcloud({"数据共享": 3, "基层减负": 2, "平台": 1}, title="词云")
    >>> ax.get_title(), ax.images[0].get_array().shape[2]
    ('词云', 3)
    """
    from wordcloud import WordCloud

    if isinstance(weights, pd.DataFrame):
        for col in (term, value):
            if col not in weights.columns:
                raise ValueError(
                    f"plot_wordcloud: no column {col!r}; columns are {list(weights.columns)}"
                )
        weights = weights.groupby(term)[value].sum().to_dict()
    weights = {str(k): float(v) for k, v in weights.items() if v > 0}
    if not weights:
        raise ValueError("plot_wordcloud: no terms with a positive weight")
    ax = _axes(ax, (8, 4.5))
    cloud = WordCloud(
        font_path=str(find_cjk_font()),
        width=1200,
        height=650,
        background_color="white",
        max_words=max_words,
        collocations=False,
        random_state=random_state,
        mask=mask,
        colormap="viridis",
        prefer_horizontal=0.95,
    ).generate_from_frequencies(weights)
    ax.imshow(cloud, interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def plot_wordcloud_grid(
    keywords: pd.DataFrame,
    *,
    by: str = "group",
    value: str = "score",
    titles: Mapping | None = None,
    ncols: int = 3,
    max_words: int = 40,
    random_state: int = 0,
    fig=None,
):
    """One word cloud per group (every cluster, year, document …) of a keyword table such as
    ``ClusterResult.label_terms``. ``titles`` maps a group to its panel title. Returns the
    array of Axes (``fig`` is created when not given).

    >>> kw = pd.DataFrame({"group": [0, 0, 1, 1], "term": ["数据共享", "平台", "基层减负", "减负"],
    ...                    "score": [2.0, 1.0, 2.0, 1.5]})
    >>> axes = plot_wordcloud_grid(kw, titles={0: "数据", 1: "减负"})
    >>> [ax.get_title() for ax in axes if ax.get_visible()]
    ['数据', '减负']
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    for col in (by, "term", value):
        if col not in keywords.columns:
            raise ValueError(
                f"plot_wordcloud_grid: no column {col!r}; columns are {list(keywords.columns)}"
            )
    keys = list(dict.fromkeys(keywords[by]))
    if not keys:
        raise ValueError("plot_wordcloud_grid: the keyword table is empty")
    ncols = min(ncols, len(keys))
    nrows = -(-len(keys) // ncols)
    if fig is None:
        fig = plt.figure(figsize=(5 * ncols, 2.9 * nrows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for ax, key in zip(axes, keys, strict=False):
        title = titles.get(key, key) if titles else key
        plot_wordcloud(
            keywords[keywords[by] == key],
            value=value,
            max_words=max_words,
            random_state=random_state,
            title=_short(str(title), 24),
            ax=ax,
        )
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    return axes
