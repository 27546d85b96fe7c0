"""Keyword extraction, keyness and method comparison. Every method returns the same shape:

==========  ===========================================================================
doc_id      the document (``group`` instead for per-group / per-cluster / corpus keywords)
rank        1 = best
term        the keyword (may be a phrase such as 无线传感器网络)
score       the method's score, larger is better
method      the method's name
==========  ===========================================================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .vectorize import tfidf

__all__ = [
    "KEYWORD_COLUMNS",
    "METHODS",
    "compare_methods",
    "group_keywords",
    "keyness",
    "tfidf_keywords",
]

KEYWORD_COLUMNS = ["doc_id", "rank", "term", "score", "method"]
GROUP_COLUMNS = ["group", "rank", "term", "score", "method"]
METHODS = ("phrase", "tfidf", "jieba-tfidf", "jieba-textrank")


def _ids(doc_ids: Sequence | None, n: int) -> list:
    ids = list(doc_ids) if doc_ids is not None else list(range(n))
    if len(ids) != n:
        raise ValueError(f"{n} documents but {len(ids)} doc_ids")
    return ids


def _check_top_n(top_n: int) -> None:
    if not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, got {top_n!r}")


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"rank": "int64", "score": "float64"})


def tfidf_keywords(
    tokens: Sequence[Sequence[str]],
    *,
    doc_ids: Sequence | None = None,
    top_n: int = 10,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
) -> pd.DataFrame:
    """Top TF-IDF terms of each document, with IDF learnt from the corpus itself.

    Examples
    --------
    >>> kw = tfidf_keywords([["数字枷锁", "基层", "基层"], ["基层", "数据"]], top_n=2)
    >>> kw.query("doc_id == 0")[["rank", "term", "method"]].values.tolist()
    [[1, '基层', 'tfidf'], [2, '数字枷锁', 'tfidf']]
    """
    _check_top_n(top_n)
    ids = _ids(doc_ids, len(tokens))
    rows: list[tuple] = []
    if not any(len(t) for t in tokens):
        return _frame(rows, KEYWORD_COLUMNS)
    result = tfidf(tokens, ngram_range=ngram_range, min_df=min_df, max_df=max_df)
    for i, doc_id in enumerate(ids):
        top = result.top_terms(i, top_n)
        rows.extend(
            (doc_id, r + 1, t, float(s), "tfidf")
            for r, (t, s) in enumerate(zip(top["term"], top["score"], strict=True))
        )
    return _frame(rows, KEYWORD_COLUMNS)


def group_keywords(
    tokens: Sequence[Sequence[str]],
    groups: Sequence,
    *,
    top_n: int = 10,
) -> pd.DataFrame:
    """Distinctive terms of each group (cluster, year, source …) by class-based TF-IDF.

    The documents of a group are pooled; a term scores high when it is frequent in the group
    and rare across groups: ``tf(t, g) · log(1 + A / f(t))`` with ``A`` the mean number of
    tokens per group and ``f(t)`` the term's count over all groups (as in BERTopic's c-TF-IDF).
    With a single group this is plain frequency.

    Examples
    --------
    >>> kw = group_keywords([["数据", "共享"], ["数据", "平台"], ["形式主义"]], ["a", "a", "b"])
    >>> kw.query("rank == 1")[["group", "term"]].values.tolist()
    [['a', '数据'], ['b', '形式主义']]
    """
    _check_top_n(top_n)
    if len(groups) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(groups)} group labels")
    pooled: dict = {}
    for g, toks in zip(groups, tokens, strict=True):
        pooled.setdefault(g, Counter()).update(toks)
    total: Counter[str] = Counter()
    for counts in pooled.values():
        total.update(counts)
    avg = sum(total.values()) / max(len(pooled), 1)
    rows: list[tuple] = []
    for g in sorted(pooled, key=str):
        counts = pooled[g]
        size = sum(counts.values()) or 1
        scored = sorted(
            ((c / size * np.log1p(avg / total[t]), t) for t, c in counts.items()),
            key=lambda x: (-x[0], x[1]),
        )[:top_n]
        rows.extend((g, r + 1, t, float(s), "c-tfidf") for r, (s, t) in enumerate(scored))
    return _frame(rows, GROUP_COLUMNS)


def keyness(
    tokens: Sequence[Sequence[str]],
    is_target: Sequence[bool],
    *,
    top_n: int = 20,
    min_count: int = 2,
    group: str = "target",
    method: Literal["log-likelihood", "log-ratio"] = "log-likelihood",
) -> pd.DataFrame:
    """Terms over-used in a target group of documents compared with the rest (the reference).

    ``log-likelihood`` is Dunning's G² (how sure the difference is), ``log-ratio`` is the
    binary log of the ratio of relative frequencies (how big it is; 0.5 added to zero
    counts). Only terms relatively more frequent in the target and seen ``min_count`` times
    there are listed.

    Returns
    -------
    pandas.DataFrame
        ``group, rank, term, score, method`` and, to judge each score, ``count`` (in the
        target), ``ref_count`` (in the reference), ``log_likelihood``, ``log_ratio``.

    Examples
    --------
    >>> toks = [["形式主义", "形式主义", "平台"], ["数据", "平台"], ["数据", "共享"]]
    >>> keyness(toks, [True, False, False], min_count=2)[["term", "count", "ref_count"]]
           term  count  ref_count
    0  形式主义      2          0
    """
    if len(is_target) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(is_target)} target flags")
    if method not in ("log-likelihood", "log-ratio"):
        raise ValueError(f"method must be 'log-likelihood' or 'log-ratio', got {method!r}")
    _check_top_n(top_n)
    target, reference = Counter(), Counter()
    for flag, toks in zip(is_target, tokens, strict=True):
        (target if flag else reference).update(toks)
    c, d = sum(target.values()), sum(reference.values())
    columns = [*GROUP_COLUMNS, "count", "ref_count", "log_likelihood", "log_ratio"]
    if c == 0 or d == 0:
        raise ValueError(
            "keyness needs tokens in both the target and the reference documents "
            f"(target: {c} tokens, reference: {d})"
        )
    terms = [t for t, a in target.items() if a >= min_count]
    a = np.array([target[t] for t in terms], dtype=float)
    b = np.array([reference[t] for t in terms], dtype=float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
    log_ratio = np.log2(((np.where(a == 0, 0.5, a)) / c) / ((np.where(b == 0, 0.5, b)) / d))
    frame = pd.DataFrame(
        {
            "term": terms,
            "count": a.astype(int),
            "ref_count": b.astype(int),
            "log_likelihood": g2,
            "log_ratio": log_ratio,
        }
    )
    frame = frame[frame["log_ratio"] > 0]
    frame["score"] = frame["log_likelihood" if method == "log-likelihood" else "log_ratio"]
    frame = frame.sort_values(["score", "term"], ascending=[False, True]).head(top_n)
    frame = frame.assign(group=group, rank=np.arange(1, len(frame) + 1), method=method)
    return frame[columns].reset_index(drop=True).astype({"rank": "int64"})


def compare_methods(keywords: pd.DataFrame, *, top_k: int = 10) -> pd.DataFrame:
    """How far keyword methods agree: mean share of shared terms in the top ``top_k``.

    Takes the concatenated output of several methods (same ``doc_id`` values) and returns a
    square table, methods × methods, of the mean overlap ``|A ∩ B| / top_k`` per document.
    """
    key = "doc_id" if "doc_id" in keywords.columns else "group"
    top = keywords[keywords["rank"] <= top_k]
    sets = {(m, d): set(g["term"]) for (m, d), g in top.groupby(["method", key], sort=False)}
    methods = list(dict.fromkeys(top["method"]))
    docs = list(dict.fromkeys(top[key]))
    table = pd.DataFrame(index=pd.Index(methods, name="method"), columns=methods, dtype=float)
    for m1 in methods:
        for m2 in methods:
            overlaps = [
                len(sets.get((m1, d), set()) & sets.get((m2, d), set())) / top_k for d in docs
            ]
            table.loc[m1, m2] = float(np.mean(overlaps)) if overlaps else np.nan
    return table
