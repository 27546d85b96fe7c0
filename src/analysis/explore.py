"""Explore a corpus in JupyterLab: pick a term, a document or a k and see the answer at once.

:class:`Explorer` holds what every view needs, computed from the loaded, cleaned and segmented
corpus once (features, vocabulary, a sentence index; keywords and clusterings on first use, then
kept), so an interaction costs milliseconds, never a re-segmentation. Its methods are the views'
logic and return DataFrames. :func:`term_explorer`, :func:`document_explorer` and
:func:`cluster_explorer` put them in ``ipywidgets``; each widget also carries a static HTML
snapshot of its first view, which an exported report shows instead of an empty widget box.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .clean import display_titles
from .context import body_first, dunning_g2, kwic
from .keywords import METHODS, extract_keywords, named_words, place_names, without_places
from .segment import Segmenter
from .tokens import SegmentedCorpus
from .vectorize import term_counts, tfidf

__all__ = ["Explorer", "cluster_explorer", "document_explorer", "term_explorer"]

SortBy = Literal["spread", "document", "left", "right"]


class Explorer:
    """The state behind the explorers, for one corpus.

    Parameters
    ----------
    docs
        The cleaned corpus (``doc_id``, ``clean_text``; ``clean_title`` and ``date`` used
        where present).
    tokens
        Its segmented corpus (:func:`~analysis.segcache.segment_corpus`).
    random_state
        Seed of every clustering.
    drop_places
        Keywords, clusters and similar documents without place names
        (:func:`~analysis.keywords.without_places`), as notebooks 02 and 03 with
        ``drop_places=True``; concordances and neighbours still find every word.
    segmenter
        The :class:`~analysis.segment.Segmenter` that made ``tokens``: its stopwords and
        dictionary shape the keywords, as in notebook 02 (default: ``Segmenter()``).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.tokens import SegmentedCorpus
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "clean_text": ["推进数据共享。", "数据共享平台。"]})
    >>> tokens = SegmentedCorpus.from_tagged(
    ...     [[("推进", "v"), ("数据共享", "n"), ("。", "x")], [("数据共享", "n"), ("平台", "n"), ("。", "x")]],
    ...     kept=[[True, True, False], [True, True, False]])
    >>> Explorer(docs, tokens).term_lines("数据共享")[["title", "match"]].values.tolist()
    [['a', '数据共享'], ['b', '数据共享']]
    """

    def __init__(
        self,
        docs: pd.DataFrame,
        tokens: SegmentedCorpus,
        *,
        random_state: int | None = 0,
        drop_places: bool = False,
        segmenter: Segmenter | None = None,
    ) -> None:
        if len(docs) != len(tokens):
            raise ValueError(f"{len(docs)} documents but {len(tokens)} segmented documents")
        self.docs = docs.reset_index(drop=True)
        self.tokens = tokens
        self.random_state = random_state
        self.drop_places = drop_places
        self.segmenter = segmenter
        self.ids = self.docs["doc_id"].tolist()
        self.texts = [t if isinstance(t, str) else "" for t in self.docs["clean_text"]]
        self.titles = display_titles(self.docs)
        self._clusterings: dict = {}
        self._keywords: dict = {}

    def warm_up(self) -> Explorer:
        """Compute now what the first views need (features, the sentence index, the phrase
        keywords and the automatic clustering), so that no interaction waits for them."""
        self._sentences  # noqa: B018
        self.keywords("phrase")
        self.clusters("auto")
        return self

    # ------------------------------------------------------------------ state, on first use
    @cached_property
    def vocabulary(self) -> pd.DataFrame:
        """:func:`~analysis.vectorize.term_counts` of the corpus: the completion list."""
        return term_counts(self.tokens)

    @cached_property
    def counted(self):
        """The tokens that features and clusters count: the kept ones, without place names
        when ``drop_places``."""
        return without_places(self.tokens) if self.drop_places else self.tokens

    @cached_property
    def named(self):
        """The tokens that name clusters: :attr:`counted` with the words that hardly occur
        apart joined (:func:`~analysis.keywords.named_words`), as in notebook 03."""
        return named_words(self.tokens, drop_places=self.drop_places)

    @cached_property
    def features(self):
        """TF-IDF of the counted tokens (unigrams): which documents use a term most, and
        neighbours."""
        return tfidf(self.counted, min_df=1, max_df=1.0)  # no limits: none to relax

    @cached_property
    def _feature_column(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.features.terms.tolist())}

    @cached_property
    def _sentences(self) -> tuple[sparse.csc_matrix, np.ndarray, dict[str, int]]:
        """Sentence × word presence (CSC, a column per word), each word's sentence count and
        the column of each word."""
        units = self.tokens.sentences()
        enc = units.encoded
        rows = enc.doc_of_token
        matrix = sparse.csr_matrix(
            (np.ones(len(enc.codes), np.float32), (rows, enc.codes)),
            shape=(len(units), len(enc.vocab)),
        )
        matrix.data[:] = 1.0  # presence (the repeats of a word in a sentence are summed above)
        matrix = matrix.tocsc()
        index = {w: i for i, w in enumerate(enc.vocab.tolist())}
        return matrix, np.diff(matrix.indptr), index

    # ------------------------------------------------------------------ a term
    def term_lines(
        self, term: str, *, width: int = 20, sort_by: SortBy = "document"
    ) -> pd.DataFrame:
        """Concordance of ``term`` in the cleaned texts (every occurrence, as a search finds
        it): ``doc_id, title, left, match, right, position``; sorted by document, or spread
        over the documents (each one's first line, then each one's second …: the first 30
        lines of a common term come from 30 documents, not all from the first), or by the
        words just left or right of the term (as a KWIC window sorts)."""
        lines = kwic(self.texts, term, doc_ids=self.ids, width=width)
        titles = dict(zip(self.ids, self.titles, strict=True))
        lines.insert(1, "title", lines["doc_id"].map(titles))
        if sort_by == "spread":
            nth = lines.groupby("doc_id", sort=False).cumcount().to_numpy()
            lines = lines.iloc[np.argsort(nth, kind="stable")]
        elif sort_by == "left":
            lines = lines.iloc[np.argsort([s[::-1] for s in lines["left"]], kind="stable")]
        elif sort_by == "right":
            lines = lines.sort_values("right", kind="stable")
        elif sort_by != "document":
            raise ValueError(
                f"sort_by must be 'spread', 'document', 'left' or 'right', got {sort_by!r}"
            )
        return lines.drop(columns="term").reset_index(drop=True)

    def term_documents(self, term: str, *, top_n: int = 20) -> pd.DataFrame:
        """The documents where ``term`` is most distinctive: ``doc_id, title, count, per10k``
        (uses per 10,000 words, as :func:`~analysis.trends.term_groups` gives them) and
        ``tfidf`` (its TF-IDF weight where it is a word of the segmentation, else 0), by TF-IDF
        then rate."""
        counts = np.array([t.count(term) for t in self.texts]) if term else np.zeros(len(self.ids))
        sizes = np.maximum(self.tokens.word_lengths, 1)
        column = self._feature_column.get(term)
        weight = np.zeros(len(self.ids))
        if column is not None:
            weight = np.asarray(self.features.matrix[:, column].todense()).ravel()
        frame = pd.DataFrame(
            {
                "doc_id": self.ids,
                "title": self.titles,
                "count": counts,
                "per10k": counts * 10_000 / sizes,
                "tfidf": weight,
            }
        )
        frame = frame[frame["count"] > 0]
        return (
            frame.sort_values(["tfidf", "per10k"], ascending=False)
            .head(top_n)
            .reset_index(drop=True)
        )

    def term_periods(self, term: str):
        """:func:`~analysis.trends.term_trends` of ``term`` by year; empty without dates."""
        from .trends import term_trends

        dates = self.docs["date"].tolist() if "date" in self.docs else [None] * len(self.ids)
        return term_trends(self.texts, dates, [term], tokens=self.tokens, level=None)

    def term_neighbours(self, term: str, *, top_n: int = 15, min_count: int = 2) -> pd.DataFrame:
        """Words that share sentences with ``term`` more than chance: ``term, together,
        sentences, g2`` (Dunning's G² over sentences), most significant first. ``term`` must
        be a word of the segmentation (see :attr:`vocabulary`)."""

        matrix, holding, index = self._sentences
        if term not in index:
            return pd.DataFrame(columns=["term", "together", "sentences", "g2"])
        column = matrix[:, index[term]]
        together = np.asarray((matrix.T @ column).todense()).ravel()  # sentences with both
        g2 = dunning_g2(together, float(column.nnz), holding.astype(float), matrix.shape[0])
        words = np.array(list(index))
        keep = (together >= min_count) & (words != term) & (g2 > 0)
        frame = pd.DataFrame(
            {
                "term": words[keep],
                "together": together[keep].astype(int),
                "sentences": holding[keep],
                "g2": g2[keep],
            }
        )
        return frame.sort_values("g2", ascending=False).head(top_n).reset_index(drop=True)

    # ------------------------------------------------------------------ a document
    def document_table(self) -> pd.DataFrame:
        """``doc_id, title, date, n_tokens``: the documents to choose from."""
        dates = self.docs.get("date")
        return pd.DataFrame(
            {
                "doc_id": self.ids,
                "title": self.titles,
                "date": dates,
                "n_tokens": self.tokens.lengths,
            }
        )

    def keywords(self, method: str = "phrase", *, top_n: int = 10) -> pd.DataFrame:
        """Keywords of every document by ``method`` (computed once per method)."""
        if (method, top_n) not in self._keywords:
            self._keywords[(method, top_n)] = extract_keywords(
                self.texts,
                doc_ids=self.ids,
                method=method,
                top_n=top_n,
                tokens=self.tokens,
                segmenter=self.segmenter,
                drop_places=self.drop_places,
            )
        return self._keywords[(method, top_n)]

    def document_keywords(self, doc_id, *, method: str = "phrase", top_n: int = 10) -> pd.DataFrame:
        """``rank, term, score, evidence``: a document's keywords with the first line where
        each occurs in it, outside its title line (:func:`~analysis.context.body_first`)."""
        i = self._position(doc_id)
        kw = self.keywords(method, top_n=top_n)
        kw = kw[kw["doc_id"] == doc_id][["rank", "term", "score"]].reset_index(drop=True)
        lines = kwic([self.texts[i]], kw["term"].tolist(), doc_ids=[doc_id], width=18)
        lines = body_first(lines, self.docs.iloc[[i]]).drop_duplicates("term")
        first = {r.term: f"{r.left}【{r.match}】{r.right}" for r in lines.itertuples()}
        return kw.assign(evidence=kw["term"].map(first).fillna(""))

    def document_neighbours(self, doc_id, *, top_n: int = 5) -> pd.DataFrame:
        """The most similar documents (cosine of TF-IDF): ``doc_id, title, similarity``."""
        i = self._position(doc_id)
        matrix = self.features.matrix
        sims = np.asarray((matrix @ matrix[i].T).todense()).ravel()
        sims[i] = -np.inf
        order = np.argsort(-sims, kind="stable")[: min(top_n, len(self.ids) - 1)]
        return pd.DataFrame(
            {
                "doc_id": [self.ids[j] for j in order],
                "title": [self.titles[j] for j in order],
                "similarity": sims[order].round(3),
            }
        )

    def _position(self, doc_id) -> int:
        try:
            return self.ids.index(doc_id)
        except ValueError:
            raise ValueError(f"no document {doc_id!r} in this corpus") from None

    # ------------------------------------------------------------------ clusters
    def clusters(self, k: int | Literal["auto"] = "auto"):
        """:func:`~analysis.cluster.cluster_documents` with its defaults (kept per k): the
        clusters of notebook 03 and ``analysis cluster``, names and k included."""
        from .cluster import cluster_documents

        if k not in self._clusterings:
            result = cluster_documents(
                self.counted,
                doc_ids=self.ids,
                k=k,
                random_state=self.random_state,
                name_tokens=self.named,
            )
            self._clusterings[k] = result
            self._clusterings[result.k] = result
        return self._clusterings[k]

    def cluster_table(self, k: int | Literal["auto"] = "auto") -> pd.DataFrame:
        """``cluster, label, size, terms``: each cluster's name, size and distinctive terms."""
        from .cluster import cluster_summary

        result = self.clusters(k)
        terms = (
            result.label_terms.sort_values("rank")
            .groupby("group")["term"]
            .apply(lambda t: "、".join(t.head(8)))
        )
        frame = cluster_summary(result)[["cluster", "label", "size"]]
        return frame.assign(terms=frame["cluster"].map(terms).fillna(""))


# ---------------------------------------------------------------------- rendering


def _table_html(frame: pd.DataFrame, *, max_rows: int = 50, right: Sequence[str] = ()) -> str:
    """A frame as an escaped HTML table (corpus text is data, never markup): text left,
    the ``right`` columns (a concordance's left context) right-aligned."""
    styler = frame.head(max_rows).style.hide(axis="index").format(escape="html", precision=3)
    styler = styler.set_table_attributes('class="analysis-explore"').set_properties(
        **{"text-align": "left", "padding": "1px 8px"}
    )
    if right:
        styler = styler.set_properties(subset=list(right), **{"text-align": "right"})
    return styler.to_html()


def _svg_mark(marker: str, x: float, y: float, r: float, attrs: str, inner: str = "") -> str:
    """One point of the map in the shape of its cluster's matplotlib ``marker``
    (:func:`~analysis.plots.cluster_marker`): beyond 10 clusters the colours repeat, the
    shapes tell them apart."""
    if marker == "o":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {attrs}>{inner}</circle>'
    if marker == "s":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {attrs}>'
            f"{inner}</rect>"
        )
    shapes = {  # points on a circle of radius 1: triangles, a diamond and a plus
        "^": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "v": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
        "D": [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
        "P": [(-0.4, -1), (0.4, -1), (0.4, -0.4), (1, -0.4), (1, 0.4), (0.4, 0.4), (0.4, 1),
              (-0.4, 1), (-0.4, 0.4), (-1, 0.4), (-1, -0.4), (-0.4, -0.4)],
    }  # fmt: skip
    points = " ".join(f"{x + r * a:.1f},{y + r * b:.1f}" for a, b in shapes[marker])
    return f'<polygon points="{points}" {attrs}>{inner}</polygon>'


def _map_svg(
    result, titles: Sequence[str], *, width: int = 640, height: int = 420, legend: int = 260
) -> str:
    """The cluster map as SVG: one circle per document, colour per cluster, and in a tooltip
    on hover (SVG ``<title>``) the document's name, its cluster's name and the cluster's
    distinctive terms; on the right, a legend of the clusters' colours and names."""
    from .plots import cluster_colour, cluster_marker

    a = result.assignments
    x, y = a["x"].to_numpy(float), a["y"].to_numpy(float)
    (x0, dx), (y0, dy) = ((v.min(), max(v.max() - v.min(), 1e-9)) for v in (x, y))
    terms = result.label_terms.sort_values("rank").groupby("group")["term"]
    terms = terms.apply(lambda t: "、".join(t.head(8))).to_dict()
    dots = []
    for xi, yi, c, label, title in zip(x, y, a["cluster"], a["label"], titles, strict=True):
        colour = cluster_colour(int(c))
        cx, cy = 20 + (xi - x0) / dx * (width - 40), 20 + (1 - (yi - y0) / dy) * (height - 40)
        tip = html.escape(f"{title}\n第 {c} 类：{label}\n区分词：{terms.get(c, '')}")
        attrs = f'fill="{colour}" fill-opacity="0.8" stroke="white" data-cluster="{int(c)}"'
        dots.append(_svg_mark(cluster_marker(int(c)), cx, cy, 6, attrs, f"<title>{tip}</title>"))
    names = a.drop_duplicates("cluster").sort_values("cluster")[["cluster", "label"]]
    rows = min(len(names), (height - 20) // 18)
    for i, (c, label) in enumerate(names.head(rows).itertuples(index=False)):
        colour = cluster_colour(int(c))
        ly = 24 + 18 * i
        text = html.escape(f"{c}  {label}" if len(label) <= 16 else f"{c}  {label[:15]}…")
        dots.append(
            _svg_mark(cluster_marker(int(c)), width + 10, ly - 4, 5, f'fill="{colour}"')
            + f'<text x="{width + 22}" y="{ly}" font-size="12">{text}</text>'
        )
    if len(names) > rows:
        dots.append(f'<text x="{width + 22}" y="{24 + 18 * rows}" font-size="12">…</text>')
    return (
        f'<svg class="analysis-map" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width + legend}" height="{height}" role="img" aria-label="文档聚类图">'
        f"{''.join(dots)}</svg>"
    )


def _trend_png(trends: pd.DataFrame) -> bytes | None:
    """The term's trend as a PNG, or ``None`` when the corpus has fewer than 3 years."""
    import io

    import matplotlib.pyplot as plt

    from .plots import plot_term_trend

    if trends["n_docs"].gt(0).sum() < 3:
        return None
    ax = plot_term_trend(trends, band=False)
    ax.figure.set_size_inches(7, 2.6)
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=100)
    plt.close(ax.figure)
    return buffer.getvalue()


def _term_html(ex: Explorer, term: str, sort_by: SortBy) -> str:
    lines = ex.term_lines(term, sort_by=sort_by)
    shown = "" if len(lines) <= 30 else "，下表是前 30 处"
    parts = [f"<h4>“{html.escape(term)}”：共 {len(lines)} 处{shown}</h4>"]
    if lines.empty:
        parts.append("<p>语料中没有这个词。</p>")
        return "".join(parts)
    parts.append(
        _table_html(lines[["title", "left", "match", "right"]], max_rows=30, right=["left"])
    )
    parts.append(
        "<h4>出现最多、最有区分度的文档</h4>" + _table_html(ex.term_documents(term, top_n=10))
    )
    neighbours = ex.term_neighbours(term)
    if len(neighbours):
        parts.append("<h4>常同句出现的词（G²）</h4>" + _table_html(neighbours.round(1)))
    png = _trend_png(ex.term_periods(term))
    if png is not None:
        import base64

        data = base64.b64encode(png).decode("ascii")
        parts.append(f'<h4>逐年变化</h4><img alt="逐年变化" src="data:image/png;base64,{data}">')
    return "".join(parts)


def _document_html(ex: Explorer, doc_id, method: str) -> str:
    i = ex._position(doc_id)
    parts = [f"<h4>{html.escape(ex.titles[i])}</h4>"]
    parts.append("<h5>关键词与原文</h5>" + _table_html(ex.document_keywords(doc_id, method=method)))
    clusters = ex.clusters("auto").assignments
    label = clusters.loc[clusters["doc_id"] == doc_id, "label"].iloc[0]
    parts.append(f"<p>所属类：{html.escape(str(label))}</p>")
    parts.append("<h5>最相似的文档</h5>" + _table_html(ex.document_neighbours(doc_id)))
    return "".join(parts)


def _cluster_html(ex: Explorer, k) -> str:
    result = ex.clusters(k)
    return (
        f"<h4>k = {result.k}（右边是各类的颜色与名称；鼠标移到点上看文档名）</h4>"
        + _map_svg(result, ex.titles)
        + _table_html(ex.cluster_table(k))
    )


class _Snapshot:
    """A widget whose display also carries its current view as static HTML: JupyterLab shows
    the live widget, an exported report (which has no widget state) the snapshot."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = f'<div class="analysis-snapshot">{self._snapshot}</div>'
        return bundle


@lru_cache(maxsize=1)
def _panel_class():
    import ipywidgets as w

    class Panel(_Snapshot, w.VBox):
        """Controls above an HTML view."""

    return Panel


def _panel(controls, view, name: str):
    """The controls above an HTML view; CSS classes ``analysis-{name}`` (the panel) and
    ``analysis-{name}-view`` (the view) let a page or a test find them."""
    import ipywidgets as w

    out = w.HTML(value=view).add_class(f"analysis-{name}-view")
    panel = _panel_class()([w.HBox(controls), out]).add_class(f"analysis-{name}")
    panel._snapshot = view
    return panel, out


def term_explorer(ex: Explorer, term: str | None = None):
    """A term box with completion from the corpus's keywords and vocabulary (default term:
    the keyword of most documents that is not a place name); for the term:
    its KWIC lines with document titles (each document's first line in turn, or by document,
    left or right context), the
    documents where it is most distinctive, the words it shares sentences with, and its trend
    by year where the corpus has dates.

    Returns an ``ipywidgets.VBox``; its ``children[1]`` is the HTML view.
    """
    import ipywidgets as w

    common = ex.keywords("phrase")["term"].value_counts()  # terms many documents are about
    options = list(dict.fromkeys([*common.index[:500], *ex.vocabulary["term"].head(3000)]))
    places = place_names()
    default = next((t for t in common.index if t not in places), options[0] if options else "")
    term = term or default
    box = w.Combobox(
        value=term,
        options=options,
        placeholder="输入一个词",
        description="词：",
        ensure_option=False,
    )
    sort = w.Dropdown(
        options=[
            ("各篇轮流", "spread"),
            ("按文档", "document"),
            ("按左侧", "left"),
            ("按右侧", "right"),
        ],
        value="spread",
        description="排序：",
    )
    box.add_class("analysis-term-box")
    panel, out = _panel([box, sort], _term_html(ex, term, "spread"), "term")

    def update(_=None):
        if box.value.strip():
            out.value = _term_html(ex, box.value.strip(), sort.value)

    box.observe(update, names="value")
    sort.observe(update, names="value")
    return panel


def document_explorer(ex: Explorer, doc_id=None):
    """A searchable list of documents; for the one selected: its keywords (method selectable)
    with their evidence lines, its cluster, and its nearest documents."""
    import ipywidgets as w

    table = ex.document_table()
    choices = list(zip(table["title"], table["doc_id"], strict=True))
    doc_id = doc_id if doc_id is not None else choices[0][1]
    search = w.Text(placeholder="搜索标题", description="搜索：")
    pick = w.Select(options=choices, value=doc_id, rows=8, description="文档：")
    method = w.Dropdown(options=list(METHODS), value="phrase", description="方法：")
    search.add_class("analysis-doc-search")
    pick.add_class("analysis-doc-select")
    view = _document_html(ex, doc_id, "phrase")
    panel, out = _panel([w.VBox([search, pick]), method], view, "document")

    def narrow(_=None):
        wanted = search.value.strip()
        shown = [c for c in choices if wanted in c[0] or wanted in str(c[1])] or choices
        pick.options = shown

    def update(_=None):
        if pick.value is not None:
            out.value = _document_html(ex, pick.value, method.value)

    search.observe(narrow, names="value")
    pick.observe(update, names="value")
    method.observe(update, names="value")
    return panel


def cluster_explorer(ex: Explorer, k: int | Literal["auto"] = "auto"):
    """A k slider (and an 'auto' switch) that re-clusters (each k once), with the
    map (on hover: the document, its cluster's name and distinctive terms), the cluster names,
    sizes and distinctive terms."""
    import ipywidgets as w

    first = ex.clusters(k)
    top = max(2, min(20, len(ex.ids) - 1))
    slider = w.IntSlider(
        value=min(first.k, top), min=2, max=top, description="k：", continuous_update=False
    )
    auto = w.Checkbox(value=k == "auto", description="自动选 k")
    slider.add_class("analysis-k-slider")
    panel, out = _panel([slider, auto], _cluster_html(ex, k), "cluster")

    def update(_=None):
        out.value = _cluster_html(ex, "auto" if auto.value else slider.value)

    def moved(_):
        auto.value = False  # moving the slider means choosing k
        update()

    slider.observe(moved, names="value")
    auto.observe(update, names="value")
    return panel
