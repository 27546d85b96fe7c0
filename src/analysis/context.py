"""Keywords in context: KWIC concordance lines and term co-occurrence (edge table and graph).

Every keyword can be checked against the sentences it came from with :func:`kwic`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

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
    terms: str | Iterable[str],
    *,
    doc_ids: Sequence[str] | None = None,
    width: int = 20,
    max_per_doc: int | None = None,
) -> pd.DataFrame:
    """Concordance: every occurrence of ``terms`` with ``width`` characters either side.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``term``, ``left``, ``match``, ``right``, ``position`` (character
        offset in the text), in document order.

    Examples
    --------
    >>> kwic(["平台沦为基层治理的数字枷锁。"], "数字枷锁", width=4)[["left", "match", "right"]].values.tolist()
    [['层治理的', '数字枷锁', '。']]
    """
    if isinstance(terms, str):
        terms = [terms]
    terms = sorted({t for t in terms if t}, key=len, reverse=True)  # longest match first
    ids = list(doc_ids) if doc_ids is not None else list(range(len(texts)))
    if len(ids) != len(texts):
        raise ValueError(f"kwic: {len(texts)} texts but {len(ids)} doc_ids")
    columns = ["doc_id", "term", "left", "match", "right", "position"]
    if not terms:
        return pd.DataFrame(columns=columns)
    pattern = re.compile("|".join(map(re.escape, terms)))
    rows = []
    for doc_id, text in zip(ids, texts, strict=True):
        if not isinstance(text, str):
            continue
        for n, m in enumerate(pattern.finditer(text)):
            if max_per_doc is not None and n >= max_per_doc:
                break
            left = text[max(0, m.start() - width) : m.start()].replace("\n", " ")
            right = text[m.end() : m.end() + width].replace("\n", " ")
            rows.append((doc_id, m.group(), left, m.group(), right, m.start()))
    return pd.DataFrame(rows, columns=columns)


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
