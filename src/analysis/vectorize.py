"""Counts and TF-IDF over already-segmented token lists (a corpus is segmented once)."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["Tfidf", "TokenAnalyzer", "check_doc_ids", "term_counts", "term_trend", "tfidf"]


def check_doc_ids(doc_ids: Iterable | None, n: int) -> list:
    """``doc_ids`` as a list (``0 … n−1`` when ``None``), checked to match ``n`` documents."""
    ids = list(doc_ids) if doc_ids is not None else list(range(n))
    if len(ids) != n:
        raise ValueError(f"{n} documents but {len(ids)} doc_ids")
    return ids


def term_counts(tokens: Iterable[Sequence[str]], *, top_n: int | None = None) -> pd.DataFrame:
    """Term frequencies of a segmented corpus.

    Returns
    -------
    pandas.DataFrame
        Columns ``term`` (str), ``count`` (occurrences), ``n_docs`` (documents containing the
        term), sorted by ``count`` then ``n_docs`` descending, then ``term``; at most ``top_n``
        rows.

    Examples
    --------
    >>> term_counts([["数字政府", "平台"], ["平台", "平台"]]).values.tolist()
    [['平台', 3, 2], ['数字政府', 1, 1]]
    """
    count: Counter[str] = Counter()
    n_docs: Counter[str] = Counter()
    for doc in tokens:
        count.update(doc)
        n_docs.update(set(doc))
    frame = pd.DataFrame(
        {"term": list(count), "count": list(count.values()), "n_docs": [n_docs[t] for t in count]},
        columns=["term", "count", "n_docs"],
    ).astype({"term": object, "count": "int64", "n_docs": "int64"})
    frame = frame.sort_values(["count", "n_docs", "term"], ascending=[False, False, True])
    if top_n is not None:
        frame = frame.head(top_n)
    return frame.reset_index(drop=True)


def _join(a: str, b: str) -> str:
    """Join two tokens into an n-gram: no space between Chinese, a space next to Latin."""
    return a + b if not (a[-1:].isascii() or b[:1].isascii()) else f"{a} {b}"


@dataclass(frozen=True)
class TokenAnalyzer:
    """Callable analyzer for scikit-learn vectorizers: token list → word and character n-grams.

    Word n-grams join Chinese tokens without a space (数字 + 政府 → 数字政府). Character n-grams
    (``char_ngram_range``) are taken over the joined tokens (stopwords already removed) and
    marked with a leading ``#`` so they never collide with words; they make short texts such
    as news titles comparable even where segmentation differs. A picklable class, not a lambda, so vectorizers can be saved.
    """

    ngram_range: tuple[int, int] = (1, 1)
    char_ngram_range: tuple[int, int] | None = None

    def __call__(self, tokens: Sequence[str]) -> list[str]:
        lo, hi = self.ngram_range
        features = list(tokens) if lo <= 1 else []
        for n in range(max(lo, 2), hi + 1):
            for i in range(len(tokens) - n + 1):
                gram = tokens[i]
                for t in tokens[i + 1 : i + n]:
                    gram = _join(gram, t)
                features.append(gram)
        if self.char_ngram_range:
            clo, chi = self.char_ngram_range
            joined = "".join(tokens)
            for n in range(clo, chi + 1):
                features.extend(f"#{joined[i : i + n]}" for i in range(len(joined) - n + 1))
        return features


@dataclass(frozen=True)
class Tfidf:
    """A fitted TF-IDF: the sparse document-term ``matrix``, the ``terms`` of its columns and
    the fitted scikit-learn ``vectorizer`` (to transform new token lists)."""

    matrix: sparse.csr_matrix
    terms: np.ndarray
    vectorizer: TfidfVectorizer

    def top_terms(self, row: int, top_n: int = 10) -> pd.DataFrame:
        """The ``top_n`` terms of one document: columns ``term``, ``score``."""
        vec = self.matrix.getrow(row)
        order = np.argsort(-vec.data, kind="stable")[:top_n]
        return pd.DataFrame({"term": self.terms[vec.indices[order]], "score": vec.data[order]})


def tfidf(
    tokens: Sequence[Sequence[str]],
    *,
    ngram_range: tuple[int, int] = (1, 1),
    char_ngram_range: tuple[int, int] | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
    sublinear_tf: bool = True,
    norm: Literal["l1", "l2"] | None = "l2",
) -> Tfidf:
    """TF-IDF over already-segmented documents (never re-segmented).

    Parameters are scikit-learn's ``TfidfVectorizer`` ones. ``min_df``/``max_df`` are relaxed
    automatically when the corpus is too small for them to leave any term (e.g. ``min_df=2`` on
    one document), so tiny corpora give a result rather than an error.

    Examples
    --------
    >>> result = tfidf([["数字政府", "数据共享"], ["数据共享", "一网通办"]])
    >>> result.terms.tolist()
    ['一网通办', '数字政府', '数据共享']
    >>> result.matrix.shape
    (2, 3)
    """
    tokens = [list(t) for t in tokens]
    if not any(tokens):
        raise ValueError("tfidf: every document is empty after segmentation; nothing to count")

    def make(min_df, max_df):
        return TfidfVectorizer(
            analyzer=TokenAnalyzer(
                tuple(ngram_range), char_ngram_range and tuple(char_ngram_range)
            ),
            min_df=min_df,
            max_df=max_df,
            max_features=max_features,
            sublinear_tf=sublinear_tf,
            norm=norm,
            dtype=np.float32,
        )

    vectorizer = make(min_df, max_df)
    try:
        matrix = vectorizer.fit_transform(tokens)
    except ValueError:  # "After pruning, no terms remain" on a corpus too small for the limits
        warnings.warn(
            f"tfidf: min_df={min_df}, max_df={max_df} leave no term in {len(tokens)} documents; "
            "using min_df=1, max_df=1.0",
            stacklevel=2,
        )
        vectorizer = make(1, 1.0)
        matrix = vectorizer.fit_transform(tokens)
    return Tfidf(matrix.tocsr(), vectorizer.get_feature_names_out(), vectorizer)


def term_trend(
    tokens: Sequence[Sequence[str]],
    periods: Sequence,
    terms: Iterable[str],
    *,
    per: int = 10_000,
) -> pd.DataFrame:
    """How often ``terms`` occur per ``per`` tokens in each period (year, month …).

    Returns a frame with one row per period (sorted, index named ``period``) and one column per
    term. Documents whose period is missing are left out.

    >>> term_trend([["数据", "共享"], ["数据"]], [2020, 2021], ["数据"], per=1).values.tolist()
    [[0.5], [1.0]]
    """
    terms = list(terms)
    counts: dict = {}
    sizes: Counter = Counter()
    for toks, period in zip(tokens, periods, strict=True):
        if period is None or (isinstance(period, float) and np.isnan(period)):
            continue
        sizes[period] += len(toks)
        row = counts.setdefault(period, Counter())
        row.update(t for t in toks if t in set(terms))
    index = sorted(sizes)
    frame = pd.DataFrame(
        [[counts[p][t] * per / max(sizes[p], 1) for t in terms] for p in index],
        index=pd.Index(index, name="period"),
        columns=terms,
    )
    return frame
