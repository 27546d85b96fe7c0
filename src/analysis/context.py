"""Keywords in context: KWIC concordance lines and term co-occurrence (edge table and graph).

Every keyword can be checked against the sentences it came from with :func:`kwic`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Literal

import numpy as np
import pandas as pd

from .chars import SENTENCE_MARKS
from .keywords import dunning_g2
from .tokens import SegmentedCorpus

__all__ = [
    "TOPIC_TAGS",
    "body_first",
    "cooccurrence",
    "cooccurrence_graph",
    "dunning_g2",
    "kwic",
    "split_sentences",
    "topic_terms",
]

_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_MARKS}])|\n+")


def split_sentences(text: str) -> list[str]:
    """Split Chinese text after 。！？； and at line breaks; empty pieces are dropped.

    >>> split_sentences("数据共享。一网通办！\\n放管服")
    ['数据共享。', '一网通办！', '放管服']
    """
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def kwic(
    texts: Sequence[str],
    terms: str | Iterable[str] | Mapping[object, Iterable[str]] | pd.DataFrame,
    *,
    doc_ids: Sequence | None = None,
    width: int = 20,
    max_per_term: int | None = None,
    corpus: SegmentedCorpus | None = None,
) -> pd.DataFrame:
    """Concordance: every occurrence of ``terms`` with ``width`` characters either side.

    With ``corpus``, the segmented corpus of ``texts``, an occurrence must start and end at
    word boundaries of the segmentation (its character offsets): 数据 is then not found inside
    大数据, and a keyword's evidence is exactly where the keyword method saw it.

    Each term is found on its own, so a term inside another (基层治理 in 基层治理能力现代化)
    is found too. ``terms`` may map each doc id to that document's own terms, or be a keyword
    table (``doc_id``, ``term`` columns): each document is then searched for its own terms
    only — the evidence of its keywords.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``term``, ``left``, ``match``, ``right``, ``position`` (character
        offset in the text), in document order, then by position; at most ``max_per_term``
        lines per term and document.

    Examples
    --------
    >>> kwic(["平台沦为基层治理的数字枷锁。"], "数字枷锁", width=4)[["left", "match", "right"]].values.tolist()
    [['层治理的', '数字枷锁', '。']]
    >>> kwic(["基层治理能力现代化", "基层治理"], {0: ["基层治理", "治理能力现代化"], 1: []})["term"].tolist()
    ['基层治理', '治理能力现代化']
    """
    ids = list(doc_ids) if doc_ids is not None else list(range(len(texts)))
    if len(ids) != len(texts):
        raise ValueError(f"kwic: {len(texts)} texts but {len(ids)} doc_ids")
    if isinstance(terms, pd.DataFrame):
        terms = terms.groupby("doc_id", sort=False)["term"].agg(list).to_dict()
    if isinstance(terms, Mapping):
        per_doc = {d: sorted({t for t in ts if t}) for d, ts in terms.items()}
    else:
        shared = sorted({terms} if isinstance(terms, str) else {t for t in terms if t})
        per_doc = None
    columns = ["doc_id", "term", "left", "match", "right", "position"]
    if corpus is not None and len(corpus) != len(texts):
        raise ValueError(f"kwic: {len(texts)} texts but a segmented corpus of {len(corpus)}")
    rows = []
    for i, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        if not isinstance(text, str):
            continue
        bounds = None
        if corpus is not None:
            lo, hi = corpus.word_offsets[i], corpus.word_offsets[i + 1]
            bounds = {*corpus.starts[lo:hi].tolist(), len(text)}
        found = []
        for term in per_doc.get(doc_id, ()) if per_doc is not None else shared:
            start, n = text.find(term), 0
            while start >= 0 and (max_per_term is None or n < max_per_term):
                end = start + len(term)
                if bounds is not None and (start not in bounds or end not in bounds):
                    start = text.find(term, start + 1)
                    continue
                left = text[max(0, start - width) : start].replace("\n", " ")
                right = text[end : end + width].replace("\n", " ")
                found.append((doc_id, term, left, term, right, start))
                start, n = text.find(term, start + 1), n + 1
        rows.extend(sorted(found, key=lambda r: (r[5], r[1])))
    return pd.DataFrame(rows, columns=columns).astype({"position": "int64"})


#: The words that say what documents talk about, which the co-occurrence network, the word
#: cloud of a corpus and its chart of distinctive words draw: nouns and names (n, nr, ns, nt,
#: nz, nl, ng), verbal and adjectival nouns (vn, an), idioms (i, l), abbreviations (j), Latin
#: words (eng) and a user's own terms (no tag); not the verbs, adverbs and pronouns every
#: report uses (加大, 应该, 这种). On the national work reports they give way to 资本主义,
#: 宏观调控, 经济效益, 精神文明, 国有企业.
TOPIC_TAGS = frozenset(
    {"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "i", "l", "j", "eng", ""}
)


def body_first(lines: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    r"""Concordance lines (:func:`kwic`) with those in a document's title
    line after the others of the same document: a policy document's text starts with its
    title, which names its keywords (公共数据 in 关于加快公共数据资源开发利用的意见) and so
    proves none of them. The title line is the first line of ``clean_text`` when it is the
    document's ``clean_title`` (or ``title``); documents stay in order, each by position.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["公共数据的意见"],
    ...                      "clean_text": ["公共数据的意见\n推进公共数据开发。"]})
    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "term": "公共数据", "position": [0, 10]})
    >>> body_first(lines, docs)["position"].tolist()
    [10, 0]
    """
    titles = docs["clean_title"] if "clean_title" in docs else docs.get("title")
    heads = {}
    if titles is not None:
        for doc_id, title, text in zip(docs["doc_id"], titles, docs["clean_text"], strict=True):
            if isinstance(title, str) and title.strip() and isinstance(text, str):
                first = text.split("\n", 1)[0]
                if first.strip() == title.strip():
                    heads[doc_id] = len(first)
    if lines.empty or not heads:
        return lines
    in_title = (lines["position"] < lines["doc_id"].map(heads).fillna(-1)).to_numpy()
    rank = pd.factorize(lines["doc_id"])[0]
    order = np.lexsort((lines["position"].to_numpy(), in_title, rank))
    return lines.iloc[order].reset_index(drop=True)


def topic_terms(
    corpus: SegmentedCorpus,
    counted: Sequence[Sequence[str]] | None = None,
    *,
    top_n: int = 40,
    max_df: int | float = 1.0,
) -> pd.DataFrame:
    """The words a co-occurrence network or a word cloud may draw: the ``top_n`` most
    frequent words of ``counted`` (default: the kept tokens of ``corpus``;
    :func:`~analysis.keywords.without_places` of it to leave places out) tagged
    :data:`TOPIC_TAGS` in ``corpus`` and found in at most ``max_df`` of the documents.
    Columns of :func:`~analysis.vectorize.term_counts`.

    >>> corpus = SegmentedCorpus.from_tagged(
    ...     [[("加大", "v"), ("监管", "vn"), ("力度", "n")], [("加大", "v"), ("监管", "vn")]],
    ...     kept=[[True, True, True], [True, True]],
    ... )
    >>> topic_terms(corpus)["term"].tolist()
    ['监管', '力度']
    """
    from .vectorize import term_counts

    nouns = set(term_counts(corpus.tagged(TOPIC_TAGS))["term"])
    counts = term_counts(corpus if counted is None else counted, max_df=max_df)
    return counts[counts["term"].isin(nouns)].head(top_n).reset_index(drop=True)


def cooccurrence(
    units: Iterable[Sequence[str]],
    *,
    window: int | None = None,
    min_count: int = 2,
    top_n: int | None = None,
    vocabulary: Iterable[str] | None = None,
    rank_by: Literal["weight", "g2"] = "g2",
) -> pd.DataFrame:
    """Count how often two terms appear together, and how significantly.

    Parameters
    ----------
    units
        Token lists: one per sentence for sentence co-occurrence, one per document otherwise.
    window
        Count pairs at most ``window`` tokens apart, in the text as segmented (before
        ``vocabulary`` leaves words out): each span of ``window + 1`` tokens is then a unit,
        so that ``weight``, the terms' own counts and ``pmi``/``g2`` all count spans; ``None``
        counts every pair in a unit (each pair once per unit).
    min_count
        Drop pairs seen fewer times.
    vocabulary
        Only count these terms (e.g. the top keywords), which keeps the table small.
    rank_by
        ``"g2"`` (default): most significant first, by
        Dunning's log-likelihood ratio over units (the statistic KH Coder and AntConc offer).
        A pair found in nearly every unit is frequent but says nothing (in 143 work reports,
        建设 and 发展 share every document): its G² is near 0, so ranking by G² prunes the
        saturated edges that make a network a hairball. ``"weight"``: most frequent first.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (``source < target``), ``weight`` (units holding
        both), ``pmi`` (pointwise mutual information over units) and ``g2`` (signed
        log-likelihood ratio: negative where the pair meets less often than chance).

    Examples
    --------
    >>> units = [["数据", "共享"], ["数据", "共享", "平台"], ["平台", "基层"], ["基层"]]
    >>> cooccurrence(units, min_count=1).values.tolist()[:2]
    [['共享', '数据', 2, 0.6931, 5.5452], ['共享', '平台', 1, 0.0, 0.0]]
    """
    keep = set(vocabulary) if vocabulary is not None else None
    pairs: Counter[tuple[str, str]] = Counter()
    term_units: Counter[str] = Counter()
    n_units = 0
    if rank_by not in ("weight", "g2"):
        raise ValueError(f"rank_by must be 'g2' or 'weight', got {rank_by!r}")
    if window is not None and window < 1:
        raise ValueError(f"window must be at least 1 (tokens apart), got {window}")
    for unit in units:
        unit = list(unit)
        spans = [unit] if window is None else _spans(unit, window + 1)
        for span in spans:
            n_units += 1
            held = {t for t in span if keep is None or t in keep}
            term_units.update(held)
            pairs.update(tuple(sorted(p)) for p in combinations(held, 2))
    rows = [(a, b, w) for (a, b), w in pairs.items() if w >= min_count]
    frame = pd.DataFrame(rows, columns=["source", "target", "weight"])
    if frame.empty:
        return frame.assign(pmi=pd.Series(dtype=float), g2=pd.Series(dtype=float))
    na = frame["source"].map(term_units).to_numpy(float)
    nb = frame["target"].map(term_units).to_numpy(float)
    both = frame["weight"].to_numpy(float)
    frame["pmi"] = np.round(np.log(both * n_units / (na * nb)), 4)
    frame["g2"] = np.round(dunning_g2(both, na, nb, n_units), 4)
    first = ["g2", "weight"] if rank_by == "g2" else ["weight", "pmi"]
    frame = frame.sort_values([*first, "source", "target"], ascending=[False, False, True, True])
    if top_n is not None:
        frame = frame.head(top_n)
    return frame.reset_index(drop=True)


def _spans(tokens: list, width: int) -> list[list]:
    """Every run of ``width`` consecutive tokens (the whole list when it is shorter)."""
    return [tokens[i : i + width] for i in range(max(len(tokens) - width, 0) + 1)]


def cooccurrence_graph(edges: pd.DataFrame):
    """A ``networkx.Graph`` from :func:`cooccurrence` edges (attributes ``weight``, ``pmi``
    and ``g2`` where the edges have them); each node has ``count``, its total edge weight.

    Examples
    --------
    >>> edges = cooccurrence([["数据", "共享", "平台"], ["数据", "共享"]], min_count=1)
    >>> graph = cooccurrence_graph(edges)
    >>> graph.nodes["数据"]["count"], graph.edges["数据", "共享"]["weight"]
    (3, 2)
    """
    import networkx as nx

    attrs = [c for c in ("weight", "pmi", "g2") if c in edges.columns]
    graph = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=attrs)
    for node in graph.nodes:
        graph.nodes[node]["count"] = sum(d["weight"] for *_, d in graph.edges(node, data=True))
    return graph
