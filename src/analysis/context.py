"""Keywords in context: KWIC concordance lines and term co-occurrence (edge table and graph).

Every keyword can be checked against the sentences it came from with :func:`kwic`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from .tokens import SegmentedCorpus

__all__ = ["cooccurrence", "cooccurrence_graph", "kwic", "split_sentences"]

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n+")


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


def cooccurrence(
    units: Iterable[Sequence[str]],
    *,
    window: int | None = None,
    min_count: int = 2,
    top_n: int | None = None,
    vocabulary: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Count how often two terms appear together.

    Parameters
    ----------
    units
        Token lists: one per sentence for sentence co-occurrence, one per document otherwise.
    window
        Count pairs at most ``window`` tokens apart; ``None`` counts every pair in a unit
        (each pair once per unit).
    min_count
        Drop pairs seen fewer times.
    vocabulary
        Only count these terms (e.g. the top keywords), which keeps the table small.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (``source < target``), ``weight`` (count) and ``pmi``
        (pointwise mutual information over units), heaviest first.

    Examples
    --------
    >>> cooccurrence([["数据", "共享"], ["数据", "共享", "平台"]], min_count=2).values.tolist()
    [['共享', '数据', 2, 0.0]]
    """
    keep = set(vocabulary) if vocabulary is not None else None
    pairs: Counter[tuple[str, str]] = Counter()
    term_units: Counter[str] = Counter()
    n_units = 0
    for unit in units:
        n_units += 1
        tokens = [t for t in unit if keep is None or t in keep]
        term_units.update(set(tokens))
        if window is None:
            found = {tuple(sorted(p)) for p in combinations(set(tokens), 2)}
        else:
            found = set()
            for i, a in enumerate(tokens):
                for b in tokens[i + 1 : i + 1 + window]:
                    if a != b:
                        found.add((a, b) if a < b else (b, a))
        pairs.update(found)
    rows = [(a, b, w) for (a, b), w in pairs.items() if w >= min_count]
    frame = pd.DataFrame(rows, columns=["source", "target", "weight"])
    if frame.empty:
        frame["pmi"] = pd.Series(dtype=float)
        return frame
    pa = frame["source"].map(term_units).to_numpy(float) / n_units
    pb = frame["target"].map(term_units).to_numpy(float) / n_units
    frame["pmi"] = np.round(np.log(frame["weight"].to_numpy(float) / n_units / (pa * pb)), 4)
    frame = frame.sort_values(
        ["weight", "pmi", "source", "target"], ascending=[False, False, True, True]
    )
    if top_n is not None:
        frame = frame.head(top_n)
    return frame.reset_index(drop=True)


def cooccurrence_graph(edges: pd.DataFrame):
    """A ``networkx.Graph`` from :func:`cooccurrence` edges (attributes ``weight``, ``pmi``);
    each node has ``count``, its total edge weight."""
    import networkx as nx

    graph = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=["weight", "pmi"])
    for node in graph.nodes:
        graph.nodes[node]["count"] = sum(d["weight"] for *_, d in graph.edges(node, data=True))
    return graph
