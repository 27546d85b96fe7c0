"""Document–document cosine similarity and near-duplicate detection.

Works on sparse matrices in row blocks, so 100,000 documents need no dense n×n matrix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .vectorize import check_doc_ids

__all__ = ["duplicate_groups", "near_duplicates", "similar_pairs", "similarity_matrix"]

_BLOCK = 2048
_MAX_SQUARE = 3000


def _ids(doc_ids: Sequence | None, n: int) -> np.ndarray:
    return np.asarray(check_doc_ids(doc_ids, n), dtype=object)


def similarity_matrix(matrix, doc_ids: Sequence | None = None) -> pd.DataFrame:
    """Square cosine-similarity table (``doc_ids`` as index and columns), for a heatmap.

    Limited to 3,000 documents; use :func:`similar_pairs` for larger corpora.

    >>> from analysis.vectorize import tfidf
    >>> similarity_matrix(tfidf([["数据", "共享"], ["数据", "共享"]]).matrix, ["a", "b"]).round(2).values.tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    n = matrix.shape[0]
    if n > _MAX_SQUARE:
        raise ValueError(
            f"similarity_matrix: {n} documents is too many for a square table "
            f"(limit {_MAX_SQUARE}); use similar_pairs(…, min_score=…) instead"
        )
    x = normalize(sparse.csr_matrix(matrix))
    ids = _ids(doc_ids, n)
    return pd.DataFrame((x @ x.T).toarray(), index=ids, columns=ids)


def similar_pairs(
    matrix, doc_ids: Sequence | None = None, *, min_score: float = 0.3, top_n: int | None = None
) -> pd.DataFrame:
    """Pairs of documents with cosine similarity ≥ ``min_score``.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``other``, ``score``; each pair once, most similar first.

    Examples
    --------
    >>> from analysis.vectorize import tfidf
    >>> m = tfidf([["数据", "共享"], ["数据", "共享", "平台"], ["基层", "减负"]], min_df=1, max_df=1.0)
    >>> similar_pairs(m.matrix, ["甲", "乙", "丙"]).round(2)
      doc_id other  score
    0      甲     乙   0.73
    """
    x = normalize(sparse.csr_matrix(matrix))
    ids = _ids(doc_ids, x.shape[0])
    rows, cols, vals = [], [], []
    for start in range(0, x.shape[0], _BLOCK):
        block = (x[start : start + _BLOCK] @ x.T).tocoo()
        keep = (block.data >= min_score) & (block.row + start < block.col)
        rows.append(block.row[keep] + start)
        cols.append(block.col[keep])
        vals.append(block.data[keep])
    r, c, v = (np.concatenate(a) if a else np.array([]) for a in (rows, cols, vals))
    order = np.lexsort((c, r, -v))
    frame = pd.DataFrame(
        {
            "doc_id": ids[r[order].astype(int)],
            "other": ids[c[order].astype(int)],
            "score": np.round(v[order].astype(float), 6),
        }
    )
    return frame.head(top_n) if top_n is not None else frame


def near_duplicates(
    texts: Sequence[str],
    doc_ids: Sequence | None = None,
    *,
    threshold: float = 0.8,
    shingle: int = 5,
) -> pd.DataFrame:
    """Documents that are (nearly) the same text, such as one article reposted several times.

    Compares character ``shingle``-grams of the texts (independent of segmentation) by
    cosine similarity.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``other``, ``similarity``, ``group`` (documents linked by
        near-duplicate pairs share a group number).

    Examples
    --------
    >>> near_duplicates(["数字政府建设的十个标准。", "数字政府建设的十个标准！", "智慧城市"],
    ...                 ["a", "b", "c"])[["doc_id", "other", "group"]].values.tolist()
    [['a', 'b', 0]]
    """
    ids = _ids(doc_ids, len(texts))
    columns = ["doc_id", "other", "similarity", "group"]
    texts = ["" if not isinstance(t, str) else t for t in texts]
    if sum(len(t) >= shingle for t in texts) < 2:
        return pd.DataFrame(columns=columns)
    x = TfidfVectorizer(
        analyzer="char",
        ngram_range=(shingle, shingle),
        use_idf=False,
        lowercase=False,
        dtype=np.float32,
    ).fit_transform(texts)
    pairs = similar_pairs(x, ids, min_score=threshold).rename(columns={"score": "similarity"})
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    pairs["similarity"] = pairs["similarity"].clip(upper=1.0)  # float32: 1.000002 for copies
    index = {d: i for i, d in enumerate(ids)}
    r = pairs["doc_id"].map(index).to_numpy()
    c = pairs["other"].map(index).to_numpy()
    graph = sparse.coo_matrix((np.ones(len(r)), (r, c)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    # number groups 0, 1, … in order of first appearance
    first = {}
    pairs["group"] = [first.setdefault(labels[i], len(first)) for i in r]
    return pairs[columns].reset_index(drop=True)


def duplicate_groups(copies: pd.DataFrame, titles: Mapping | None = None) -> pd.DataFrame:
    """One row per group of :func:`near_duplicates`: ``group``, ``n_docs``, ``documents``
    (their ids, or ``titles`` of them, in order, joined by 、) and ``min_similarity`` — a
    story reposted nine times is one row, not its 36 pairs.

    >>> pairs = near_duplicates(["数字政府建设的十个标准。", "数字政府建设的十个标准！", "智慧城市"],
    ...                         ["a", "b", "c"])
    >>> duplicate_groups(pairs, {"a": "新华网", "b": "人民网"}).values.tolist()
    [[0, 2, '新华网、人民网', 0.875]]
    """
    columns = ["group", "n_docs", "documents", "min_similarity"]
    if copies.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for group, pairs in copies.groupby("group", sort=True):
        ids = list(dict.fromkeys([*pairs["doc_id"], *pairs["other"]]))
        names = [str(titles.get(d, d)) if titles is not None else str(d) for d in ids]
        rows.append((group, len(ids), "、".join(names), float(pairs["similarity"].min())))
    return pd.DataFrame(rows, columns=columns)
