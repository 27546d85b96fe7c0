"""Counts and TF-IDF over already-segmented token lists (a corpus is segmented once)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from numbers import Integral
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .tokens import TokenLists

__all__ = [
    "LONG_TEXT",
    "SHORT_TEXT",
    "LimitsRelaxedWarning",
    "Tfidf",
    "TokenAnalyzer",
    "check_doc_ids",
    "check_share",
    "count_matrix",
    "df_limits",
    "feature_ngrams",
    "median_chars",
    "term_counts",
    "tfidf",
]


class LimitsRelaxedWarning(UserWarning):
    """:func:`tfidf` kept every term: ``min_df`` and ``max_df`` left none in a corpus this
    small. Steps that expect tiny corpora (a sample, a test) filter this one warning."""


def check_share(max_df: float) -> float:
    """``max_df`` as a float, or a ``ValueError`` unless it is a share of the documents,
    0 < max_df ≤ 1 (NaN is not)."""
    if not 0 < max_df <= 1:
        raise ValueError(f"max_df must be a share of documents in (0, 1], got {max_df!r}")
    return float(max_df)


def check_doc_ids(doc_ids: Iterable | None, n: int) -> list:
    """``doc_ids`` as a list (``0 … n−1`` when ``None``), checked to match ``n`` documents."""
    ids = list(doc_ids) if doc_ids is not None else list(range(n))
    if len(ids) != n:
        raise ValueError(f"{n} documents but {len(ids)} doc_ids")
    return ids


def term_counts(
    tokens: Iterable[Sequence[str]], *, top_n: int | None = None, max_df: float = 1.0
) -> pd.DataFrame:
    """Term frequencies of a segmented corpus, without the terms found in more than
    ``max_df`` of the documents (the network's words of policy documents then are their
    subjects, not 支持·创新·发展, which every document has).

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
    >>> term_counts([["数字政府", "平台"], ["平台", "平台"]], max_df=0.5).values.tolist()
    [['数字政府', 1, 1]]
    """
    check_share(max_df)
    tokens = TokenLists.coerce(tokens)
    if not tokens.n_tokens:
        frame = pd.DataFrame({"term": [], "count": [], "n_docs": []})
        return frame.astype({"term": object, "count": "int64", "n_docs": "int64"})
    counts, terms = count_matrix(tokens)
    frame = pd.DataFrame(
        {
            "term": terms,
            "count": np.asarray(counts.sum(axis=0)).ravel().astype("int64"),
            "n_docs": np.bincount(counts.indices, minlength=len(terms)).astype("int64"),
        }
    )
    frame = frame.sort_values(
        ["count", "n_docs", "term"], ascending=[False, False, True], kind="stable"
    )
    if max_df < 1.0:
        frame = frame[frame["n_docs"] <= max_df * len(tokens)]
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
    """A fitted TF-IDF: the sparse document-term ``matrix``, the ``terms`` of its columns, the
    ``idf`` weight of each term and the settings that produced them.

    :attr:`vectorizer` is the equivalent fitted scikit-learn ``TfidfVectorizer`` (built on
    first use), to transform new token lists into the same columns.
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    idf: np.ndarray
    analyzer: TokenAnalyzer
    sublinear_tf: bool = True
    norm: str | None = "l2"

    def top_terms(self, row: int, top_n: int = 10) -> pd.DataFrame:
        """The ``top_n`` terms of one document: columns ``term``, ``score``."""
        vec = self.matrix.getrow(row)
        order = np.argsort(-vec.data, kind="stable")[:top_n]
        return pd.DataFrame({"term": self.terms[vec.indices[order]], "score": vec.data[order]})

    @cached_property
    def vectorizer(self):
        """A fitted ``sklearn.feature_extraction.text.TfidfVectorizer``."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            analyzer=self.analyzer,
            vocabulary={t: i for i, t in enumerate(self.terms)},
            sublinear_tf=self.sublinear_tf,
            norm=self.norm,
            dtype=np.float32,
        )
        vectorizer.idf_ = self.idf
        return vectorizer


def df_limits(n_docs: int, min_df: int | float, max_df: int | float) -> tuple[float, float]:
    """Document counts that ``min_df``/``max_df`` stand for (an int is a count, a float a
    share of ``n_docs``), as scikit-learn reads them."""
    low = min_df if isinstance(min_df, Integral) else min_df * n_docs
    high = max_df if isinstance(max_df, Integral) else max_df * n_docs
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    return low, high


def _windows(units: np.ndarray, remaining: np.ndarray, lo: int, hi: int, *, dense: bool = False):
    """Ids of the n-grams of a unit sequence (token codes or characters), for n in lo…hi.

    ``remaining[i]`` is the number of units from ``i`` to the end of its document, so a window
    never crosses documents. Yields ``(n, positions, ids, first)``: the start of each window,
    its n-gram id (dense, numbered in order of first appearance) and the first start of each id.
    ``dense=True`` says the units already are such ids (as Arrow's dictionary codes are).
    """
    import pandas as pd

    if dense:
        unit_ids = units.astype(np.int64)
        n_units = int(unit_ids.max()) + 1 if len(unit_ids) else 0
    else:
        unit_ids, uniques = pd.factorize(units)
        unit_ids = unit_ids.astype(np.int64)
        n_units = len(uniques)
    ids_at = unit_ids  # id of the (n-1)-gram starting at each position, -1 where none
    for n in range(1, hi + 1):
        if n == 1:
            positions, ids = np.arange(len(units)), unit_ids
        else:
            positions = np.flatnonzero(remaining >= n)
            ids = pd.factorize(ids_at[positions] * n_units + unit_ids[positions + n - 1])[0]
            ids = ids.astype(np.int64)
            ids_at = np.full(len(units), -1, dtype=np.int64)
            ids_at[positions] = ids
        if n >= lo:
            # ids are numbered by first appearance: an id is new where it exceeds all before it
            new = np.ones(len(ids), dtype=bool)
            if len(ids) > 1:
                new[1:] = ids[1:] > np.maximum.accumulate(ids)[:-1]
            yield n, positions, ids, positions[new]


def count_matrix(
    tokens: Sequence[Sequence[str]],
    *,
    ngram_range: tuple[int, int] = (1, 1),
    char_ngram_range: tuple[int, int] | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
    binary: bool = False,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Document-term counts of already-segmented documents, computed with NumPy on integer
    token codes: the same matrix as scikit-learn's ``CountVectorizer`` with a
    :class:`TokenAnalyzer`, without a Python string per n-gram.

    Returns the sparse counts (int64) and the terms of its columns, sorted as scikit-learn
    sorts them. ``min_df``, ``max_df`` and ``max_features`` prune columns as in scikit-learn,
    which also raises ``ValueError`` when nothing remains.

    Examples
    --------
    >>> m, terms = count_matrix([["数字", "政府"], ["数字", "数字"]], ngram_range=(1, 2))
    >>> terms.tolist()
    ['政府', '数字', '数字政府', '数字数字']
    >>> m.toarray().tolist()
    [[1, 1, 1, 0], [0, 2, 0, 1]]
    """
    tokens = TokenLists.coerce(tokens)
    unpruned = min_df == 1 and max_df == 1.0 and max_features is None and not binary
    key = ("counts", tuple(ngram_range), char_ngram_range and tuple(char_ngram_range))
    if unpruned and key in tokens.memo:  # the same corpus counted the same way before
        matrix, terms = tokens.memo[key]
        return matrix.copy(), terms
    result = _count_matrix(
        tokens, ngram_range, char_ngram_range, min_df, max_df, max_features, binary
    )
    if unpruned:
        tokens.memo[key] = result
        return result[0].copy(), result[1]
    return result


def _count_matrix(tokens, ngram_range, char_ngram_range, min_df, max_df, max_features, binary):
    import pyarrow as pa
    import pyarrow.compute as pc

    n_docs = len(tokens)
    enc = tokens.encoded
    # one block per kind of n-gram: the document of each occurrence, its n-gram id (numbered
    # within the block) and the term of each id
    blocks: list[tuple[np.ndarray, np.ndarray, pa.Array]] = []

    lo, hi = ngram_range
    if lo < 1 or hi < lo:
        raise ValueError(f"ngram_range must be (lo, hi) with 1 ≤ lo ≤ hi, got {ngram_range}")
    if len(enc.codes):
        doc = enc.doc_of_token
        remaining = enc.offsets[doc + 1] - np.arange(len(doc))
        codes = enc.codes
        vocab = pa.array(enc.vocab.tolist(), type=pa.string())
        # _join's rule, per vocabulary entry: a space where a Latin character meets the next
        ends_ascii = np.array([w[-1:].isascii() for w in enc.vocab.tolist()], dtype=bool)
        starts_ascii = np.array([w[:1].isascii() for w in enc.vocab.tolist()], dtype=bool)
        for n, positions, ids, first in _windows(codes, remaining, lo, hi, dense=True):
            grams = vocab.take(codes[first])
            for k in range(1, n):
                left, right = codes[first + k - 1], codes[first + k]
                sep = pa.array(np.where(ends_ascii[left] | starts_ascii[right], " ", ""))
                grams = pc.binary_join_element_wise(grams, vocab.take(right), sep)
            blocks.append((doc[positions], ids, grams))

    if char_ngram_range:
        clo, chi = char_ngram_range
        if clo < 1 or chi < clo:
            raise ValueError(
                f"char_ngram_range must be (lo, hi) with 1 ≤ lo ≤ hi, got {char_ngram_range}"
            )
        joined = pc.binary_join(tokens.arrow, "")
        lengths = pc.utf8_length(joined).to_numpy(zero_copy_only=False).astype(np.int64)
        text = "".join(s or "" for s in joined.to_pylist())
        if text:
            chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            doc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
            remaining = np.cumsum(lengths)[doc] - np.arange(len(chars))
            for n, positions, ids, first in _windows(chars, remaining, clo, chi):
                windows = chars[first[:, None] + np.arange(n)]  # code points of each n-gram
                grams = pa.array(np.ascontiguousarray(windows).view(f"<U{n}").ravel())
                grams = pc.binary_join_element_wise("#", grams, "")
                blocks.append((doc[positions], ids, grams))

    if not blocks:
        raise ValueError("empty vocabulary: every document is empty after segmentation")
    # one column per distinct term (数字+政府 and the word 数字政府 are one), numbered in
    # code-point order of the terms, as scikit-learn's vectorizers sort them
    terms = pa.concat_arrays([grams.cast(pa.string()) for _, _, grams in blocks])
    terms = terms.dictionary_encode()
    order = pc.sort_indices(terms.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    column = rank[terms.indices.to_numpy(zero_copy_only=False)]  # of each block's ids in turn
    starts = np.cumsum([0] + [len(grams) for _, _, grams in blocks])[:-1]
    rows = np.concatenate([rows for rows, _, _ in blocks])
    cols = np.concatenate(
        [column[start + ids] for start, (_, ids, _) in zip(starts, blocks, strict=True)]
    )
    ones, shape = np.ones(len(rows), dtype=np.int64), (n_docs, len(order))
    if len(blocks) == 1:  # rows already in order: the row pointers are found, not sorted
        indptr = np.searchsorted(rows, np.arange(n_docs + 1))
        matrix = sparse.csr_matrix((ones, cols, indptr), shape=shape)
    else:
        matrix = sparse.coo_matrix((ones, (rows, cols)), shape=shape).tocsr()
    matrix.sum_duplicates()
    if binary:
        matrix.data[:] = 1
    kept = _kept_columns(matrix, min_df=min_df, max_df=max_df, max_features=max_features)
    if len(kept) < matrix.shape[1]:
        matrix = matrix[:, kept].tocsr()
        matrix.sort_indices()
    return matrix, terms.dictionary.take(order[kept]).to_numpy(zero_copy_only=False)


#: Characters of tokens of the median document below which character 1–3-grams are added
#: (titles, snippets: few words, so segmentation differences matter).
SHORT_TEXT = 200
#: ... from which word bigrams are left out: in long documents they no longer change the
#: clusters (news titles pooled into pseudo-documents of one topic: NMI with/without bigrams
#: 0.82/0.80 at ~40 characters, 0.967/0.960 at ~70, 0.993/0.993 at ~140) but double the work.
LONG_TEXT = 1000


def median_chars(tokens: Sequence[Sequence[str]]) -> int:
    """Characters of tokens of the median document (the upper one of an even count)."""
    chars = np.sort(TokenLists.coerce(tokens).char_lengths())
    return int(chars[len(chars) // 2]) if len(chars) else 0


def feature_ngrams(
    tokens: Sequence[Sequence[str]],
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """``(ngram_range, char_ngram_range)`` suited to the documents' length: word uni+bigrams
    under :data:`LONG_TEXT` characters of tokens (median), unigrams from there on; character
    1–3-grams under :data:`SHORT_TEXT`.

    >>> feature_ngrams([["数字政府", "建设"]])
    ((1, 2), (1, 3))
    """
    median = median_chars(tokens)
    return ((1, 2) if median < LONG_TEXT else (1, 1)), ((1, 3) if median < SHORT_TEXT else None)


def _kept_columns(
    matrix: sparse.csr_matrix,
    *,
    min_df: int | float,
    max_df: int | float,
    max_features: int | None,
) -> np.ndarray:
    """Indices, in order, of the columns of a count matrix within ``min_df``…``max_df``
    documents, and of the ``max_features`` most frequent of them, as scikit-learn prunes."""
    min_count, max_count = df_limits(matrix.shape[0], min_df, max_df)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    kept = np.flatnonzero((df >= min_count) & (df <= max_count))
    if not len(kept):
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    if max_features is not None and len(kept) > max_features:
        totals = np.asarray(matrix.sum(axis=0)).ravel()[kept]
        kept = kept[np.sort(np.argsort(-totals, kind="stable")[:max_features])]
    return kept


def _prune(
    matrix: sparse.csr_matrix,
    terms: np.ndarray,
    *,
    min_df: int | float,
    max_df: int | float,
    max_features: int | None,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The columns of a count matrix (terms already sorted) that :func:`_kept_columns` keeps."""
    kept = _kept_columns(matrix, min_df=min_df, max_df=max_df, max_features=max_features)
    if len(kept) == matrix.shape[1]:
        return matrix, terms
    return matrix[:, kept], terms[kept]


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
    counts: tuple[sparse.csr_matrix, np.ndarray] | None = None,
) -> Tfidf:
    """TF-IDF over already-segmented documents (never re-segmented).

    Parameters are scikit-learn's ``TfidfVectorizer`` ones, and the result is the same
    matrix; counting runs on integer token codes (:func:`count_matrix`), several times faster
    than a Python analyzer. ``min_df``/``max_df`` are relaxed automatically when the corpus is
    too small for them to leave any term (e.g. ``min_df=2`` on one document), so tiny corpora
    give a result rather than an error. ``counts``: the unpruned ``count_matrix(tokens, …)``
    with the same n-gram settings, when the caller has it already (it is pruned here).

    Examples
    --------
    >>> result = tfidf([["数字政府", "数据共享"], ["数据共享", "一网通办"]])
    >>> result.terms.tolist()
    ['一网通办', '数字政府', '数据共享']
    >>> result.matrix.shape
    (2, 3)
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    tokens = TokenLists.coerce(tokens)
    if not tokens.n_tokens:
        raise ValueError("tfidf: every document is empty after segmentation; nothing to count")
    options = {"ngram_range": tuple(ngram_range), "max_features": max_features}
    options["char_ngram_range"] = char_ngram_range and tuple(char_ngram_range)

    def count(**limits):
        if counts is None:
            return count_matrix(tokens, **limits, **options)
        return _prune(*counts, **limits, max_features=max_features)

    try:
        matrix, terms = count(min_df=min_df, max_df=max_df)
    except ValueError:  # "After pruning, no terms remain" on a corpus too small for the limits
        warnings.warn(
            f"tfidf: min_df={min_df}, max_df={max_df} leave no term in {len(tokens)} documents; "
            "using min_df=1, max_df=1.0",
            LimitsRelaxedWarning,
            stacklevel=2,
        )
        matrix, terms = count(min_df=1, max_df=1.0)
    transformer = TfidfTransformer(norm=norm, sublinear_tf=sublinear_tf)
    matrix = transformer.fit_transform(matrix.astype(np.float32)).astype(np.float32)
    analyzer = TokenAnalyzer(options["ngram_range"], options["char_ngram_range"])
    return Tfidf(matrix.tocsr(), terms, transformer.idf_, analyzer, sublinear_tf, norm)
