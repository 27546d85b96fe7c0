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

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from . import config, phrases
from .chars import CJK
from .segment import Segmenter, english_stopwords, general_stopwords, read_wordlist
from .tokens import SegmentedCorpus, TokenLists
from .vectorize import check_doc_ids, check_share, count_matrix, tfidf

__all__ = [
    "KEYWORD_COLUMNS",
    "METHODS",
    "ceiling_note",
    "class_tfidf",
    "compare_methods",
    "document_ceiling",
    "documents_p_value",
    "dunning_g2",
    "extract_keywords",
    "group_keywords",
    "jieba_keywords",
    "join_bound_words",
    "keyness",
    "named_words",
    "not_places",
    "phrase_keywords",
    "place_names",
    "place_note",
    "places_named_in",
    "tfidf_keywords",
    "within_ceiling",
    "without_places",
]

KEYWORD_COLUMNS = ["doc_id", "rank", "term", "score", "method"]
GROUP_COLUMNS = ["group", "rank", "term", "score", "method"]
METHODS = config.KEYWORD_METHODS


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
    tokens = TokenLists.coerce(tokens)
    ids = check_doc_ids(doc_ids, len(tokens))
    rows: list[tuple] = []
    if not tokens.n_tokens:
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
    counts: tuple | None = None,
    max_df: int | float = 1.0,
    method: Literal["c-tfidf-docs", "c-tfidf"] = "c-tfidf-docs",
) -> pd.DataFrame:
    """Distinctive terms of each group (cluster, year, source …) by class-based TF-IDF.

    The documents of a group are pooled; a term scores high when it is frequent in the group
    and rare across groups: ``tf(t, g) · log(1 + A / f(t))`` with ``A`` the mean number of
    tokens per group and ``f(t)`` the term's count over all groups (``"c-tfidf"``, as in
    BERTopic). The default ``"c-tfidf-docs"`` multiplies that by two shares of documents: of
    those holding the term, the share in the group, and of the group's, the share holding
    the term. A name is then what most of a group's documents say and few others do: on the
    national work reports 第一个五年计划·手工业·苏联 and 十五届·国债·下岗职工, where plain
    c-TF-IDF gives 应该·应当·苏联 and 提升·优化·强化 (frequent in
    the group, and in many others), and a one-document term (a county's name) does not name
    a group of twenty. With a single group this is plain frequency.
    ``counts``: ``count_matrix(tokens)`` when the caller has it already. Terms in more than
    ``max_df`` of the documents (a share, or a count when an int) are left out, from
    :data:`MAX_DF_FROM` documents on.

    Examples
    --------
    >>> kw = group_keywords([["数据", "共享"], ["数据", "平台"], ["形式主义"]], ["a", "a", "b"])
    >>> kw.query("rank == 1")[["group", "term"]].values.tolist()
    [['a', '数据'], ['b', '形式主义']]
    """
    _check_top_n(top_n)
    if method not in ("c-tfidf-docs", "c-tfidf"):
        raise ValueError(f"method must be 'c-tfidf-docs' or 'c-tfidf', got {method!r}")
    tokens = TokenLists.coerce(tokens)
    if len(groups) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(groups)} group labels")
    if not tokens.n_tokens:
        return _frame([], GROUP_COLUMNS)
    # columns in term order: ties in class_tfidf break by term
    counts, terms = counts if counts is not None else count_matrix(tokens)
    present = (counts > 0).astype(np.int64)
    keep = np.flatnonzero(
        within_ceiling(np.asarray(present.sum(axis=0)).ravel(), len(tokens), max_df)
    )
    if len(keep) < len(terms):
        counts, present, terms = counts[:, keep], present[:, keep], [terms[j] for j in keep]
    index: dict = {}
    codes = np.array([index.setdefault(g, len(index)) for g in groups], dtype=np.int64)
    indicator = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(index), len(codes))
    )
    pooled, groups = indicator @ counts, list(index)
    if method == "c-tfidf":
        return class_tfidf(pooled, terms, groups, top_n=top_n)
    docs = indicator @ present
    sizes = np.bincount(codes, minlength=len(index))
    return class_tfidf(pooled, terms, groups, top_n=top_n, docs=(docs, sizes))


def within_ceiling(held: np.ndarray, n_docs: int, max_df: int | float) -> np.ndarray:
    """Which terms, held by ``held`` of ``n_docs`` documents each, are within ``max_df``: a
    share when a float (1.0 keeps all), a count of documents when an integer (NumPy's too),
    as scikit-learn reads it; all of them below :data:`MAX_DF_FROM` documents.

    >>> within_ceiling(np.array([12, 6, 1]), 12, 0.5).tolist(), within_ceiling(np.array([12, 6, 1]), 12, 1).tolist()
    ([False, True, True], [False, False, True])
    """
    if n_docs < MAX_DF_FROM:
        return np.ones(len(held), bool)
    if isinstance(max_df, (int, np.integer)) and not isinstance(max_df, bool):
        return np.asarray(held) <= max_df
    return np.asarray(held) <= max_df * n_docs


def class_tfidf(
    pooled, terms: Sequence[str], groups: Sequence, *, top_n: int = 10, docs=None
) -> pd.DataFrame:
    """c-TF-IDF (see :func:`group_keywords`) of term counts already pooled per group: row
    ``i`` of the sparse ``pooled`` matrix counts the terms (columns, sorted) of ``groups[i]``.
    With ``docs=(held, sizes)`` (``held`` shaped as ``pooled``: how many documents of each
    group hold each term; ``sizes``: documents per group) each score is multiplied by the
    group's share of the term's documents and the share of the group's documents holding it
    (``"c-tfidf-docs"``).
    Returns the columns of :func:`group_keywords`, groups in order (numbers by value)."""
    _check_top_n(top_n)
    pooled = sparse.csr_matrix(pooled)
    pooled.sum_duplicates()
    terms = np.asarray(terms, dtype=object)
    total = np.asarray(pooled.sum(axis=0)).ravel()
    avg = total.sum() / max(len(groups), 1)
    if docs is not None:
        held = sparse.csr_matrix(docs[0], dtype=np.float64)
        held.sum_duplicates()
        sizes = np.asarray(docs[1], dtype=np.float64)
        df = np.asarray(held.sum(axis=0)).ravel()  # documents holding each term
    method = "c-tfidf" if docs is None else "c-tfidf-docs"
    rows: list[tuple] = []

    def order(i: int) -> tuple:  # numbers in numeric order (cluster 2 before 10), then text
        g = groups[i]
        numeric = isinstance(g, (int, float, np.integer, np.floating)) and not isinstance(g, bool)
        return (0, float(g), "") if numeric else (1, 0.0, str(g))

    for i in sorted(range(len(groups)), key=order):
        row = pooled.getrow(i)
        if not row.nnz or row.data.sum() <= 0:
            continue
        scores = row.data / row.data.sum() * np.log1p(avg / total[row.indices])
        n_held = np.zeros(len(scores))
        if docs is not None:
            n_held = np.asarray(held[i, row.indices].todense()).ravel()
            scores = scores * (n_held / df[row.indices]) * (n_held / sizes[i])
        # ties go to the term more of the group's documents hold, then to the first in order
        order = np.lexsort((row.indices, -n_held, -scores))[:top_n]
        rows.extend(
            (groups[i], r + 1, terms[row.indices[j]], float(scores[j]), method)
            for r, j in enumerate(order)
        )
    return _frame(rows, GROUP_COLUMNS)


#: The level of keyness's test of documents: Fisher's exact p at most this.
SIGNIFICANT_P = 0.05
#: Documents each group needs before keyness asks how many of them use a term (in config,
#: so that the command line's help can say it without importing this module).
DISPERSION_FROM = config.DISPERSION_FROM


def _g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Dunning's G² of ``a`` of ``c`` tokens in the target against ``b`` of ``d`` in the
    reference, from the two cells of the term (Rayson & Garside 2000: the cells of all the
    other tokens are too large to matter)."""
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))


def dunning_g2(both: np.ndarray, na: np.ndarray, nb: np.ndarray, n: int) -> np.ndarray:
    """Dunning's G² of the 2×2 table of ``n`` units: ``both`` hold a and b, ``na`` hold a,
    ``nb`` hold b; negative where the pair meets less often than chance.

    >>> round(float(dunning_g2(np.array([2.0]), np.array([2.0]), np.array([2.0]), 4)[0]), 3)
    5.545
    """
    observed = np.stack([both, na - both, nb - both, n - na - nb + both])
    expected = np.stack([na * nb, na * (n - nb), (n - na) * nb, (n - na) * (n - nb)]) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return np.sign(both - na * nb / n) * 2 * terms.sum(axis=0)


def documents_p_value(held: np.ndarray, ref_held: np.ndarray, n: int, m: int) -> np.ndarray:
    """Fisher's exact one-sided p that ``held`` of ``n`` target documents or more hold a term
    that ``ref_held`` of ``m`` reference documents hold, were the holders spread at random.
    Exact at any size: with five reports a side, the χ² of G² is not yet true (4 of 5
    against 1 of 5 has G² 3.86 but p 0.10).

    >>> documents_p_value(np.array([4, 3, 5]), np.array([1, 0, 0]), 5, 5).round(3)
    array([0.103, 0.083, 0.004])
    """
    from scipy.stats import hypergeom

    held = np.asarray(held)
    return hypergeom.sf(held - 1, n + m, held + np.asarray(ref_held), n)


def keyness(
    tokens: Sequence[Sequence[str]],
    is_target: Sequence[bool],
    *,
    top_n: int = 20,
    min_count: int = 2,
    group: str = "target",
    method: Literal["log-likelihood", "log-ratio"] = "log-likelihood",
    by: Literal["documents", "tokens"] = "documents",
) -> pd.DataFrame:
    """Terms over-used in a target group of documents compared with the rest (the reference).

    ``log-likelihood`` is Dunning's G² of the token counts (how sure the difference is),
    ``log-ratio`` the binary log of the ratio of their relative frequencies (how big it is;
    0.5 added to zero counts). Only terms relatively more frequent in the target and seen
    ``min_count`` times there are listed.

    With ``by="documents"``, a term must also be used by significantly more of the target's
    documents than of the reference's (text dispersion, Egbert & Biber 2019): Fisher's exact
    test of the documents holding it, ``p_value`` ≤ :data:`SIGNIFICANT_P`
    (:func:`documents_p_value`). A word every report of both groups uses (支持, 强化) is then
    no key term however often one group says it, nor is one document's pet word. Each
    ``p_value`` is one term's: of some hundred terms tested, about five pass by chance alone,
    so read a key term in its documents before citing it. The ``log-likelihood`` score is
    then the geometric mean of the G² of the counts and of the documents: 五位一体, in 8 of 9
    reports of 2016–2020 and none after, ranks above 办事, said as often in 4 of them.
    Where the target or the reference has fewer than :data:`DISPERSION_FROM` documents no
    test is made (``p_value`` missing); a target of one or two documents against a
    reference of :data:`MAX_DF_FROM` or more then keeps only the terms that at most half of
    the reference's documents use, as keywords do (one city's report against 142 others: 达到
    and 力争, in nearly all of them, are no key terms), and a reference of one or two keeps
    every term the target over-uses. ``by="tokens"`` counts tokens only.

    Returns
    -------
    pandas.DataFrame
        ``group, rank, term, score, method`` and, to judge each score, ``count`` and
        ``ref_count`` (tokens in the target and in the reference), ``docs`` and ``ref_docs``
        (documents holding the term there), ``log_likelihood``, ``log_ratio`` and
        ``p_value`` (missing where no test of documents was made).

    Examples
    --------
    >>> toks = [["形式主义", "形式主义", "平台"], ["数据", "平台"], ["数据", "共享"]]
    >>> keyness(toks, [True, False, False], min_count=2)[["term", "count", "docs", "ref_docs"]]
           term  count  docs  ref_docs
    0  形式主义      2     1         0
    """
    if len(is_target) != len(tokens):
        raise ValueError(f"{len(tokens)} documents but {len(is_target)} target flags")
    if method not in ("log-likelihood", "log-ratio"):
        raise ValueError(f"method must be 'log-likelihood' or 'log-ratio', got {method!r}")
    if by not in ("documents", "tokens"):
        raise ValueError(f"by must be 'documents' or 'tokens', got {by!r}")
    _check_top_n(top_n)
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1 (a term the target uses), got {min_count}")
    tokens = TokenLists.coerce(tokens)
    mine = np.asarray(is_target, dtype=bool)
    c, d = int(tokens.lengths[mine].sum()), int(tokens.lengths[~mine].sum())
    if c == 0 or d == 0:
        raise ValueError(
            "keyness needs tokens in both the target and the reference documents "
            f"(target: {c} tokens, reference: {d})"
        )
    matrix, terms = count_matrix(tokens)
    a, b = (np.asarray(matrix[rows].sum(axis=0)).ravel() for rows in (mine, ~mine))
    held, ref_held = (np.asarray((matrix[rows] > 0).sum(axis=0)).ravel() for rows in (mine, ~mine))
    log_ratio = np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))
    keep = (log_ratio > 0) & (a >= min_count)
    n, m = int(mine.sum()), int((~mine).sum())
    g2 = _g2(a, b, c, d)
    score = g2 if method == "log-likelihood" else log_ratio
    p_value = np.full(len(terms), np.nan)
    if by == "documents" and min(n, m) >= DISPERSION_FROM:
        p_value = documents_p_value(held, ref_held, n, m)
        keep &= p_value <= SIGNIFICANT_P * (1 + 1e-9)  # 3 of 3 against 0 of 3: 0.05000000000000001
        if method == "log-likelihood":
            # the documents' 2×2 table: in the target or not × holding the term or not
            spread = dunning_g2(held, held + ref_held, np.full(len(held), n), n + m)
            score = np.sqrt(spread.clip(min=0) * g2)
    elif by == "documents" and n < DISPERSION_FROM:
        keep &= within_ceiling(ref_held, m, config.KEYWORD_MAX_DF)
    frame = pd.DataFrame(
        {
            "term": terms,
            "count": a,
            "ref_count": b,
            "docs": held,
            "ref_docs": ref_held,
            "log_likelihood": g2,
            "log_ratio": log_ratio,
            "p_value": p_value,
            "score": score,
        }
    )[keep]
    frame = frame.sort_values(["score", "term"], ascending=[False, True]).head(top_n)
    frame = frame.assign(group=group, rank=np.arange(1, len(frame) + 1), method=method)
    columns = [*GROUP_COLUMNS, "count", "ref_count", "docs", "ref_docs", "log_likelihood"]
    return frame[[*columns, "log_ratio", "p_value"]].reset_index(drop=True)


def compare_methods(keywords: pd.DataFrame, *, top_n: int = 10) -> pd.DataFrame:
    """How far keyword methods agree: mean share of shared terms in the top ``top_n``.

    Takes the concatenated output of several methods (same ``doc_id`` values) and returns a
    square table, methods × methods, of the mean overlap ``|A ∩ B| / min(|A|, |B|)`` per
    document (a short snippet may have fewer than ``top_n`` keywords: a method agrees fully
    with itself all the same; a document that one method gives none counts 0, and one that
    both give none is left out).

    >>> kw = pd.DataFrame({"doc_id": 0, "rank": [1, 2, 1], "term": ["数据", "共享", "数据"],
    ...                    "method": ["a", "a", "b"]})
    >>> compare_methods(kw, top_n=10).values.tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    if top_n < 1:
        raise ValueError(f"compare_methods: top_n must be at least 1, got {top_n}")
    key = "doc_id" if "doc_id" in keywords.columns else "group"
    top = keywords[keywords["rank"] <= top_n]
    sets = {(m, d): set(g["term"]) for (m, d), g in top.groupby(["method", key], sort=False)}
    methods = list(dict.fromkeys(top["method"]))
    docs = list(dict.fromkeys(top[key]))
    table = pd.DataFrame(index=pd.Index(methods, name="method"), columns=methods, dtype=float)
    for m1 in methods:
        for m2 in methods:
            pairs = [(sets.get((m1, d), set()), sets.get((m2, d), set())) for d in docs]
            overlaps = [
                len(a & b) / min(len(a), len(b)) if a and b else 0.0 for a, b in pairs if a or b
            ]
            table.loc[m1, m2] = float(np.mean(overlaps)) if overlaps else np.nan
    return table


# --------------------------------------------------------------------------- phrase keywords

MAX_DF_FROM = config.KEYWORD_MAX_DF_FROM
PHRASE_WEIGHTS = phrases.PHRASE_WEIGHTS


def document_ceiling(max_df: float | None, n_docs: int) -> float:
    """The share of documents above which a term is no keyword: ``max_df`` as given, or by
    default (``None``) :data:`~analysis.config.KEYWORD_MAX_DF` from :data:`MAX_DF_FROM`
    documents on and none (1.0) below, where sharing a term says little.

    >>> document_ceiling(None, 72), document_ceiling(None, 3), document_ceiling(0.3, 3)
    (0.5, 1.0, 0.3)
    """
    if max_df is None:
        return config.KEYWORD_MAX_DF if n_docs >= MAX_DF_FROM else 1.0
    return check_share(max_df)


def ceiling_note(
    keywords: pd.DataFrame,
    n_docs: int,
    max_df: float | None = None,
    *,
    language: Literal["en", "zh"] = "en",
) -> str:
    """One line on what the document-frequency ceiling left out of ``keywords`` (a
    :func:`phrase_keywords` result for ``n_docs`` documents): how many terms, and those that
    would have been keywords first; ``""`` when it left none out. ``language="zh"`` writes
    it in Chinese, for the reports (the CLI says it in English).

    >>> kw = pd.DataFrame(columns=KEYWORD_COLUMNS)
    >>> kw.attrs["left_out"] = ["建设", "发展"]
    >>> ceiling_note(kw, 12)
    '2 terms found in more than 50% of the 12 documents are no keywords, those that would have been first: 建设、发展 (--max-df 1 or max_df=1.0 keeps them)'
    >>> kw.attrs["left_out"] = ["数字"]
    >>> ceiling_note(kw, 12)
    '1 term found in more than 50% of the 12 documents is no keyword, though it would have been one: 数字 (--max-df 1 or max_df=1.0 keeps it)'
    >>> ceiling_note(kw, 12, language="zh")
    '1 个词出现在超过 50% 的文档中（共 12 篇），不作关键词；它本会入选：数字（max_df=1.0 可保留）'
    """
    left_out = keywords.attrs.get("left_out") or []
    if not left_out:
        return ""
    more = " …" if len(left_out) > 8 else ""
    ceiling = document_ceiling(max_df, n_docs)
    if language == "zh":
        lead = "它本会入选" if len(left_out) == 1 else "本来会最先入选的是"
        return (
            f"{len(left_out)} 个词出现在超过 {ceiling:.0%} 的文档中（共 {n_docs} 篇），不作关键词；"
            f"{lead}：{'、'.join(left_out[:8])}{more}（max_df=1.0 可保留）"
        )
    share = f"{ceiling:.0%} of the {n_docs} documents"
    if len(left_out) == 1:
        return (
            f"1 term found in more than {share} is no keyword, though it would have been one: "
            f"{left_out[0]} (--max-df 1 or max_df=1.0 keeps it)"
        )
    return (
        f"{len(left_out)} terms found in more than {share} are no keywords, those that would "
        f"have been first: {'、'.join(left_out[:8])}{more} (--max-df 1 or max_df=1.0 keeps them)"
    )


#: :func:`place_note` speaks when place names make this share of the keywords or more.
PLACE_NOTE_FROM = 0.2


def place_note(
    keywords: pd.DataFrame,
    *,
    of: Literal["keywords", "names", "words"] = "keywords",
    language: Literal["en", "zh"] = "en",
) -> str:
    """One line when place names make :data:`PLACE_NOTE_FROM` or more of ``keywords`` (a
    table with ``rank`` and ``term``): how many, the first-ranked ones, and how to leave them
    out; ``""`` otherwise. Reports of many cities name their own districts (淮北·濉溪县·杜集区):
    39 % of the city reports' keywords, against 0.3 % of the national reports'. ``of`` says
    what the terms are: keywords, the words of cluster names
    (:func:`analysis.cluster.names_place_note`) or the largest words of a chart (the 20 first
    of a word cloud or bar chart: those the eye reads).

    >>> kw = pd.DataFrame({"doc_id": [0, 0, 1, 1], "rank": [1, 2, 1, 2],
    ...                    "term": ["三亚", "自贸港", "淮北", "濉溪县"]})
    >>> place_note(kw)
    '3 of the 4 keywords (75%) are place names or hold one (三亚、淮北、濉溪县); --no-places or drop_places=True leaves them out'
    >>> place_note(kw, of="words", language="zh")
    '图中最大的 4 个词里 3 个（75%）是地名或含地名（三亚、淮北、濉溪县）：说的多是文档来自哪里，而不是谈什么；drop_places = True（命令行 --no-places）可不要地名'
    """
    terms = keywords["term"].tolist()
    held = phrases.holds_place(terms, place_names()) if terms else np.zeros(0, bool)
    if not len(held) or held.mean() < PLACE_NOTE_FROM:
        return ""
    ranked = keywords[held].sort_values("rank", kind="stable")["term"]
    named = list(dict.fromkeys(ranked))
    examples = "、".join(named[:3]) + (" …" if len(named) > 3 else "")
    n, share = int(held.sum()), f"{held.mean():.0%}"
    if language == "zh":
        head, how = {
            "keywords": (f"{n} 个关键词（共 {len(held)} 个，{share}）", "可不要地名"),
            "names": (
                f"{n} 个类名中的词（共 {len(held)} 个，{share}）",
                "按地名以外的词聚类和命名",
            ),
            "words": (f"图中最大的 {len(held)} 个词里 {n} 个（{share}）", "可不要地名"),
        }[of]
        why = "：说的多是文档来自哪里，而不是谈什么" if of == "words" else ""
        return f"{head}是地名或含地名（{examples}）{why}；drop_places = True（命令行 --no-places）{how}"
    what, how = {
        "keywords": ("keywords", "leaves them out"),
        "names": ("words of the cluster names", "clusters and names by the other words"),
        "words": ("largest words shown", "leaves them out"),
    }[of]
    return (
        f"{n} of the {len(held)} {what} ({share}) are place names or hold one ({examples}); "
        f"--no-places or drop_places=True {how}"
    )


def phrase_keywords(
    texts: Sequence[str],
    tagged: Sequence[Sequence[tuple[str, str]]],
    *,
    doc_ids: Sequence | None = None,
    top_n: int = 10,
    stopwords: Iterable[str] = (),
    exclude: Iterable[str] = (),
    max_tokens: int = 4,
    corpus_stats: bool = True,
    domain_terms: Iterable[str] = (),
    max_df: float | None = None,
    drop_places: bool = False,
) -> pd.DataFrame:
    """Keywords that may be phrases (活性染料, 无线传感器网络, 数字化平台).

    Candidates are runs of 1–``max_tokens`` adjacent content tokens that cross no punctuation,
    function word or stopword. Each is scored by how often it occurs (and occurs on its own,
    not only inside a longer candidate), how early it first appears (weighted less in texts
    longer than an abstract), the IDF of its tokens
    (jieba's table and, with ``corpus_stats``, the corpus's own), how common the whole phrase
    is across the corpus, and small penalties for two-character, four-token and Latin terms.
    A candidate contained in an already chosen keyword is skipped. ``domain_terms`` (the
    user dictionary's words, which the analyst declared as the terms of the field) get a bonus.

    A keyword should tell its document apart: with ``corpus_stats``, a term found in more than
    ``max_df`` of the documents (建设 and 发展 in nearly every work report) is not returned,
    as scikit-learn's ``max_df`` drops corpus-specific stopwords. By default (``None``) that
    is half of them, from :data:`MAX_DF_FROM` documents on (:func:`document_ceiling`);
    ``max_df=1.0`` keeps every term. The terms left out are in ``attrs["left_out"]`` of the
    result, those that would have been keywords of the most documents first, so a caller can
    say what the ceiling removed (:func:`ceiling_note`).

    Parameters
    ----------
    texts
        Cleaned texts.
    tagged
        The segmented corpus of ``texts`` (:class:`~analysis.tokens.SegmentedCorpus`), or the
        ``(word, pos)`` pairs of each text, unfiltered (``Segmenter.tag``).
    stopwords
        Function words that end a phrase (a general list such as ``stopwordsiso``'s).
    exclude
        Terms never returned (e.g. domain stopwords such as 加强, 推进); unlike ``stopwords``
        they do not split phrases.
    max_df
        Largest share of documents a returned term may occur in (0 < max_df ≤ 1), or
        ``None`` for the default.
    drop_places
        Leave place names out: a word listed in :func:`place_names`, a county's short form
        the corpus uses as a place (:func:`places_named_in`: 凯里) or a word tagged ``ns``
        (but for the ordinary words of :func:`not_places`: 城市, 宜居) ends a phrase like a
        stopword (三亚旅游 → 旅游). In a city's own report its name and districts
        are frequent and distinctive, but say nothing about what the report is about.

    Examples
    --------
    >>> from analysis.segment import Segmenter
    >>> seg = Segmenter()
    >>> texts = ["无线传感器网络的节点定位算法。无线传感器网络能耗低。", "数据共享平台建设。"]
    >>> kw = phrase_keywords(texts, [seg.tag(t) for t in texts], top_n=2)
    >>> kw.query("doc_id == 0")["term"].tolist()
    ['无线传感器网络', '节点定位算法']
    """
    _check_top_n(top_n)
    max_df = document_ceiling(max_df, len(texts))
    ids = check_doc_ids(doc_ids, len(texts))
    if len(tagged) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(tagged)} tagged documents")
    corpus = tagged
    if not isinstance(corpus, SegmentedCorpus):
        corpus = SegmentedCorpus.from_tagged(tagged, kept=[[True] * len(d) for d in tagged])
    texts = [t if isinstance(t, str) else "" for t in texts]
    chosen, left_out = phrases.best_phrases(
        texts,
        corpus,
        top_n=top_n,
        stopwords=frozenset(stopwords),
        exclude=frozenset(exclude),
        domain_terms=frozenset(domain_terms),
        max_tokens=max_tokens,
        corpus_stats=corpus_stats,
        max_df=max_df,
        places=place_names() if drop_places else None,
        not_places=not_places() if drop_places else frozenset(),
        place_words=places_named_in(corpus) if drop_places else frozenset(),
    )
    rows = [
        (ids[i], r + 1, t, sc, "phrase") for i, terms in chosen for r, (t, sc) in enumerate(terms)
    ]
    frame = _frame(rows, KEYWORD_COLUMNS)
    frame.attrs["left_out"] = left_out
    return frame


# --------------------------------------------------------------------------- jieba references


def jieba_keywords(
    corpus: SegmentedCorpus,
    *,
    doc_ids: Sequence | None = None,
    top_n: int = 10,
    method: Literal["jieba-tfidf", "jieba-textrank"] = "jieba-tfidf",
) -> pd.DataFrame:
    """jieba's own keyword algorithms, as references, on the words of the segmented corpus
    (so the text is not segmented again): ``jieba-tfidf`` is ``jieba.analyse.extract_tags``
    (term frequency × jieba's IDF table, its median for unknown words, jieba's stopwords);
    ``jieba-textrank`` is ``jieba.analyse.textrank`` (nouns and verbs, co-occurrence within 5
    words, jieba's own weighted PageRank, scores scaled as jieba scales them).

    >>> from analysis.segment import Segmenter
    >>> corpus = Segmenter().segmented(["数字枷锁困住基层治理，数字枷锁必须卸掉。"])
    >>> jieba_keywords(corpus, top_n=2)["term"].tolist()
    ['数字枷锁', '基层治理']
    """
    import jieba.analyse
    from jieba.analyse.textrank import UndirectWeightedGraph

    _check_top_n(top_n)
    ids = check_doc_ids(doc_ids, len(corpus))
    if method not in ("jieba-tfidf", "jieba-textrank"):
        raise ValueError(f"method must be 'jieba-tfidf' or 'jieba-textrank', got {method!r}")
    tfidf = jieba.analyse.default_tfidf
    idf, median = tfidf.idf_freq, tfidf.median_idf
    stop = jieba.analyse.default_textrank.stop_words
    allowed = frozenset(("ns", "n", "vn", "v"))
    rows: list[tuple] = []
    for doc_id, pairs in zip(ids, corpus.iter_pairs(), strict=True):
        if method == "jieba-tfidf":
            freq = Counter(w for w, _ in pairs if len(w.strip()) >= 2 and w.lower() not in stop)
            total = sum(freq.values())
            scores = {w: n * idf.get(w, median) / total for w, n in freq.items()}
        else:
            ok = [t in allowed and len(w.strip()) >= 2 and w.lower() not in stop for w, t in pairs]
            co: Counter[tuple[str, str]] = Counter()
            for i, (word, _) in enumerate(pairs):
                if ok[i]:
                    co.update(
                        (word, pairs[j][0]) for j in range(i + 1, min(i + 5, len(pairs))) if ok[j]
                    )
            graph = UndirectWeightedGraph()
            for (a, b), weight in co.items():
                graph.addEdge(a, b, weight)
            scores = graph.rank() if co else {}
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:top_n]
        rows.extend((doc_id, r + 1, t, float(sc), method) for r, (t, sc) in enumerate(best))
    return _frame(rows, KEYWORD_COLUMNS)


# --------------------------------------------------------------------------- one entry point


def extract_keywords(
    texts: Sequence[str],
    *,
    doc_ids: Sequence | None = None,
    method: str = "phrase",
    top_n: int = 10,
    segmenter: Segmenter | None = None,
    tokens: SegmentedCorpus | Sequence[Sequence[str]] | None = None,
    max_df: float | None = None,
    drop_places: bool = False,
) -> pd.DataFrame:
    """Keywords of each document by any method of :data:`METHODS`.

    ``tokens`` is the segmented corpus of ``texts`` (:func:`analysis.segcache.segment_corpus`,
    cached): every method reads it and none segments again. Without it the texts are segmented
    here, once. ``phrase`` (default, the best measured: see the README) builds candidates from
    its ``(word, tag)`` runs; ``tfidf`` uses its kept tokens (plain token lists are accepted
    too); ``jieba-tfidf`` and ``jieba-textrank`` are jieba's algorithms, as references.
    ``max_df``: for ``phrase`` and ``tfidf``, terms in more than this share of the documents
    are not keywords (``None``: :func:`document_ceiling`'s default; see
    :func:`phrase_keywords`); 1.0 keeps them. jieba's methods keep jieba's own IDF, so a
    ``max_df`` with them is an error. ``drop_places``: for
    ``phrase`` and ``tfidf``, no place names (in :func:`place_names`, or tagged ``ns``
    and not in :func:`not_places`).

    Returns
    -------
    pandas.DataFrame
        :data:`KEYWORD_COLUMNS`: ``doc_id`` (``doc_ids``, else 0, 1, …), ``rank`` (1 is the
        best), ``term``, ``score`` (the method's own: comparable within a document, not
        across methods) and ``method``; up to ``top_n`` rows a document, none for a document
        without usable words. ``attrs["left_out"]``: the terms ``max_df`` kept out, those
        that would have ranked first first (:func:`ceiling_note` words it).

    Examples
    --------
    >>> kw = extract_keywords(["卸掉基层治理的数字枷锁，数字枷锁本质是形式主义。"], top_n=2)
    >>> kw["term"].tolist()
    ['数字枷锁', '基层治理']
    """
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r}; choose one of {', '.join(METHODS)}")
    if max_df is not None and method not in ("phrase", "tfidf"):
        raise ValueError(f"max_df applies to the phrase and tfidf methods, not to {method}")
    if hasattr(texts, "columns") or isinstance(texts, str):  # a table, or one text
        raise TypeError(
            f"extract_keywords takes one text per document, not a {type(texts).__name__}: "
            "pass docs['clean_text']"
        )
    texts = ["" if not isinstance(t, str) else t for t in texts]
    segmenter = segmenter or Segmenter()
    ceiling = document_ceiling(max_df, len(texts))
    places = place_names() if drop_places else frozenset()
    if method == "tfidf" and tokens is not None and not isinstance(tokens, SegmentedCorpus):
        tokens = [[t for t in doc if t not in places] for doc in tokens] if places else tokens
        return tfidf_keywords(tokens, doc_ids=doc_ids, top_n=top_n, max_df=ceiling)
    corpus = tokens if isinstance(tokens, SegmentedCorpus) else segmenter.segmented(texts)
    if len(corpus) != len(texts):
        raise ValueError(
            f"extract_keywords: {len(texts)} texts but a segmented corpus of {len(corpus)} "
            "documents; pass the segment_corpus result of these very texts"
        )
    if method == "tfidf":
        kept = without_places(corpus, places) if drop_places else corpus
        return tfidf_keywords(kept, doc_ids=doc_ids, top_n=top_n, max_df=ceiling)
    if method != "phrase":
        return jieba_keywords(corpus, doc_ids=doc_ids, top_n=top_n, method=method)
    general = general_stopwords() | english_stopwords()  # function words end a phrase
    options = {
        "stopwords": segmenter.stopwords & general,
        "exclude": segmenter.stopwords - general,
        "domain_terms": segmenter.dictionary_words,
    }
    return phrase_keywords(
        texts,
        corpus,
        doc_ids=doc_ids,
        top_n=top_n,
        max_df=ceiling,
        drop_places=drop_places,
        **options,
    )


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The bundled gazetteer: 4,601 place names, the administrative units (广东省, 广东, 成都,
    凉山, 乐业县 …, from THUOCL and the cpca code table, both MIT) and the words that name a
    region (自治区, 全区, 齐鲁, 天府); see ``data/lexicon/README.md``.

    >>> {"三亚", "四川", "凉山"} <= place_names()
    True
    """
    return frozenset(read_wordlist(config.places_path()))


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """The 102 words that are no place names in policy text, though jieba tags them ``ns`` or
    they look like a county's short form: ordinary words (城市, 宜居, 满意度), fragments (三中),
    中国 and 自治 (of 自治区); see
    ``data/lexicon/not_places.txt``. Leaving places out keeps them (智慧城市 stays whole).

    >>> {"城市", "宜居"} <= not_places(), "三亚" in not_places()
    (True, False)
    """
    return frozenset(read_wordlist(config.not_places_path()))


#: A county-level name: its short form, then 市 县 区 旗, 新区 特区 林区, or an ethnic
#: autonomous county's suffix (巴马瑶族自治县 → 巴马).
_COUNTY = re.compile(rf"^(.{{2,}}?)(?:(?:[{CJK}]{{1,4}}?族)+自治[县旗]|[新特林]区|[市县区旗])$")


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, str]:
    """Each county-level name of :func:`place_names` → its short form (凯里市 → 凯里), where
    the short form is not listed itself: the gazetteer lists most counties in full only,
    since many short forms are words too (资源县, 合作市)."""
    listed, ordinary = place_names(), not_places()
    pairs = ((name, _COUNTY.match(name)) for name in listed)
    pairs = ((name, m.group(1)) for name, m in pairs if m)
    return {n: s for n, s in pairs if s not in listed and s not in ordinary}


def places_named_in(corpus: SegmentedCorpus) -> frozenset[str]:
    """The short forms of county-level names (:func:`_short_forms`) that ``corpus`` uses as
    places: those that at least half of the documents using them also name in full. 凯里 is
    a place in a report that names 凯里市; 资源 stays a word: 138 of the 143 city reports use
    it, and only one names 资源县.

    >>> from analysis import Segmenter
    >>> seg = Segmenter()
    >>> sorted(places_named_in(seg.segmented(["凯里市推进旅游，凯里旅游升温。", "资源共享。"])))
    ['凯里']
    """
    full = _short_forms()
    enc = corpus.word_codes
    if not len(enc.codes):
        return frozenset()
    shorts = sorted(set(full.values()))
    index = {s: i for i, s in enumerate(shorts)}
    vocab = enc.vocab.tolist()
    short_of = np.array([index.get(w, -1) for w in vocab])[enc.codes]
    full_of = np.array([index.get(full.get(w), -1) for w in vocab])[enc.codes]
    doc = np.repeat(np.arange(len(enc.offsets) - 1), np.diff(enc.offsets))
    suffix = np.isin(enc.vocab, ["市", "县", "区", "旗"])[enc.codes]
    split = (short_of >= 0) & np.append(suffix[1:] & (doc[1:] == doc[:-1]), False)  # 凯里 市
    n = len(shorts)
    named = np.union1d(
        doc[full_of >= 0] * n + full_of[full_of >= 0], doc[split] * n + short_of[split]
    )
    use = (short_of >= 0) & ~split
    used = np.unique(doc[use] * n + short_of[use])
    n_used = np.bincount(used % n, minlength=n)
    n_named = np.bincount(used[np.isin(used, named)] % n, minlength=n)
    return frozenset(shorts[i] for i in np.flatnonzero((n_used > 0) & (2 * n_named >= n_used)))


#: Words that hardly occur apart are joined when each is beside the other in at least this
#: share of its uses (:func:`join_bound_words`), and together at least :data:`BOUND_FROM` times.
BOUND_SHARE = 0.7
BOUND_FROM = 3
_HAN_WORD = re.compile(f"^[{CJK}]+$")


def join_bound_words(
    corpus: SegmentedCorpus, *, min_count: int = BOUND_FROM, share: float = BOUND_SHARE
) -> SegmentedCorpus:
    """The corpus with each run of Chinese words that hardly occur apart made one word: the
    parts of slogans and names jieba's dictionary lacks (强富|美高, 雁|阵形, 四融|一共, 长株|潭,
    个体|工商户 in the city reports), which alone make key terms and cluster names no reader
    can quote. Two neighbours are joined where they are together ``min_count`` times or more,
    in two different texts at least (copies of one text count once), and each stands beside
    the other in at least ``share`` of its uses (a one-character function word, 对 or 了,
    never); a word joined to both
    neighbours joins all three (林田湖草沙). A joined word is kept where any part was, with the
    tag of its last part (the head of a Chinese compound); offsets and sentences stay.

    >>> corpus = SegmentedCorpus.from_tagged(
    ...     [[("强富", "n"), ("美高", "n"), (w, "v")] for w in ("建设", "发展", "推进")]
    ...     + [[("建设", "v"), ("数据", "n")]] * 3, kept=[[True, True, True]] * 3 + [[True, True]] * 3)
    >>> join_bound_words(corpus)[0], join_bound_words(corpus)[3]
    (['强富美高', '建设'], ['建设', '数据'])
    """
    import pyarrow as pa

    enc = corpus.word_codes
    if len(enc.codes) < 2:
        return corpus
    link = _bound_links(corpus, min_count, share)  # its arrays freed before the new corpus
    if not link.any():
        return corpus
    codes, (tag_codes, tag_names) = enc.codes, corpus._tag_codes
    first = np.flatnonzero(np.concatenate([[True], ~link])).astype(np.int32)  # each new word
    del link
    last = np.append(first[1:], np.int32(len(codes))) - np.int32(1)
    strings = list(enc.vocab)
    index = {w: i for i, w in enumerate(strings)}
    new_codes = codes[first]
    for k in np.flatnonzero(last > first).tolist():
        word = "".join(strings[c] for c in codes[first[k] : last[k] + 1].tolist())
        if word not in index:
            index[word] = len(strings)
            strings.append(word)
        new_codes[k] = index[word]
    tags = pa.DictionaryArray.from_arrays(
        pa.array(tag_codes[last], pa.int32()), pa.array(tag_names, pa.string())
    )
    del last
    lengths = np.bincount(enc.doc_of_token[first], minlength=len(corpus))
    kept = np.logical_or.reduceat(corpus.kept, first)
    del first  # a 20 MB corpus has 3.6 M words: each array freed once used
    return SegmentedCorpus.from_codes(lengths, new_codes, strings, tags=tags, kept=kept)


def _bound_links(corpus: SegmentedCorpus, min_count: int, share: float) -> np.ndarray:
    """Per pair of neighbouring tokens (flat): whether :func:`join_bound_words` joins them."""
    enc = corpus.word_codes
    codes, vocab, doc, kept = enc.codes, enc.vocab, enc.doc_of_token, corpus.kept
    han = np.fromiter((bool(_HAN_WORD.match(w)) for w in vocab), bool, len(vocab))
    tag_codes, tag_names = corpus._tag_codes
    function = np.isin(tag_names, list(phrases._BREAK_POS))[tag_codes]  # 对, 了, 这 …
    short = (np.fromiter(map(len, vocab), np.int64, len(vocab)) == 1)[codes] & function
    a, b = codes[:-1], codes[1:]
    pair = (doc[1:] == doc[:-1]) & han[a] & han[b] & (kept[:-1] | kept[1:])
    pair &= ~short[:-1] & ~short[1:]
    link = np.zeros(len(codes) - 1, bool)
    key_of, keys = pd.factorize(a[pair].astype(np.int64) * len(vocab) + b[pair])
    together, uses = np.bincount(key_of), np.bincount(codes, minlength=len(vocab))
    left, right = keys // len(vocab), keys % len(vocab)
    bound = (
        (together >= min_count)
        & (together >= share * uses[left])
        & (together >= share * uses[right])
    )
    if not bound.any():
        return link
    # in two different texts at least: a text copied into three documents is one text
    bounds = enc.offsets.tolist()
    text = np.array([hash(codes[lo:hi].tobytes()) for lo, hi in pairwise(bounds)], np.int64)
    met = bound[key_of]  # the pairs of the words that could be one, and their texts
    seen = pd.DataFrame({"key": key_of[met], "text": text[doc[1:][pair][met]]})
    texts = seen.drop_duplicates().groupby("key").size()
    bound[texts.index[texts.to_numpy() < 2]] = False
    link[pair] = bound[key_of]
    return link


def named_words(corpus: SegmentedCorpus, *, drop_places: bool = False) -> TokenLists:
    """The words that name and compare groups: :func:`join_bound_words` (强富美高, not 强富 and
    美高), without place names when ``drop_places`` (:func:`without_places`)."""
    words = join_bound_words(corpus)
    return without_places(words) if drop_places else words


def without_places(corpus: SegmentedCorpus, places: frozenset[str] | None = None) -> TokenLists:
    """The kept tokens of each document, without place names (tagged ``ns`` but for the
    words of :func:`not_places`, listed in ``places`` (default :func:`place_names`, and then
    also the short forms :func:`places_named_in` finds), or holding a listed name: 三亚旅游).

    Examples
    --------
    >>> from analysis.segcache import segment_corpus
    >>> corpus = segment_corpus(["海南三亚推进数据共享", "安徽淮北建设智慧城市"], cache=False)
    >>> list(corpus)
    [['海南', '三亚', '数据共享'], ['安徽', '淮北', '建设', '智慧城市']]
    >>> list(without_places(corpus))
    [['数据共享'], ['建设', '智慧城市']]
    """
    named = places_named_in(corpus) if places is None else frozenset()
    places = place_names() if places is None else places
    enc = corpus.word_codes
    tags, names = corpus._tag_codes
    listed = np.fromiter(
        (w in places or w in named for w in enc.vocab.tolist()), bool, len(enc.vocab)
    )
    listed |= phrases.holds_place(enc.vocab.tolist(), places)
    ordinary = np.fromiter(map(not_places().__contains__, enc.vocab.tolist()), bool, len(enc.vocab))
    ns = np.array([t == "ns" for t in names], bool)[tags] & ~ordinary[enc.codes]
    return corpus.words_where(corpus.kept & ~listed[enc.codes] & ~ns)
