"""Clustering corpora larger than memory, in batches; and the partition-wise steps that the
Dask path (:mod:`analysis.distributed`) runs on workers.

Features are hashed (a term's column is a stable hash of its text, so batches and machines
agree on columns without a shared vocabulary), weighted by TF-IDF, reduced by LSA and
clustered with mini-batch k-means. Three passes over the batches:

1. document frequencies of every hashed column, and a seeded random sample of documents
   (the ``sample_size`` smallest random keys) → IDF, an LSA basis fitted on the sample, and
   k-means centres fitted on the sample's embedding (``k="auto"`` picks k there);
2. ``MiniBatchKMeans.partial_fit`` on the embedding of each batch, from those centres;
3. the final cluster of every document, and term counts per cluster for the labels
   (class-based TF-IDF, as in :func:`analysis.cluster.cluster_documents`).

Only one batch of texts is in memory at a time; what grows with the corpus is a few numbers
per document (id, cluster, 2-D position). Segmentation goes through the segmentation cache,
so passes 2 and 3 read tokens back instead of segmenting again.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.preprocessing import normalize

from .cluster import (
    EMPTY_CLUSTER,
    EMPTY_LABEL,
    ClusterResult,
    _label_names,
    _relabel_by_size,
    choose_k,
    lsa_embedding,
)
from .keywords import class_tfidf
from .tokens import TokenLists
from .vectorize import count_matrix, df_limits, feature_ngrams

__all__ = [
    "HashedFeatures",
    "StreamModel",
    "StreamStats",
    "cluster_corpus_stream",
    "cluster_stream",
]

#: A batch: document ids and their token lists.
Batch = tuple[Sequence, Sequence[Sequence[str]]]


@dataclass(frozen=True)
class HashedFeatures:
    """Hashed term counts: word n-grams (and optional character n-grams) of token lists,
    each counted in column ``hash(term) mod n_features`` (pandas' stable SipHash)."""

    n_features: int = 2**18
    ngram_range: tuple[int, int] = (1, 2)
    char_ngram_range: tuple[int, int] | None = None

    def counts(self, tokens: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Documents × ``n_features`` counts (int64)."""
        tokens = TokenLists.coerce(tokens)
        shape = (len(tokens), self.n_features)
        if not tokens.n_tokens:
            return sparse.csr_matrix(shape, dtype=np.int64)
        counts, terms = count_matrix(
            tokens, ngram_range=self.ngram_range, char_ngram_range=self.char_ngram_range
        )
        columns = pd.util.hash_array(terms.astype(object)) % np.uint64(self.n_features)
        project = sparse.csr_matrix(
            (
                np.ones(len(terms), dtype=np.int64),
                (np.arange(len(terms)), columns.astype(np.int64)),
            ),
            shape=(len(terms), self.n_features),
        )
        return (counts @ project).tocsr()


def choose_features(
    tokens: Sequence[Sequence[str]],
    n_features: int,
    ngram_range: tuple[int, int],
    char_ngram_range: tuple[int, int] | Literal["auto"] | None,
) -> HashedFeatures:
    """The feature settings, resolving ``char_ngram_range="auto"`` on a first batch: character
    1–3-grams when its median document has under 200 characters of tokens."""
    if char_ngram_range == "auto":
        tokens = TokenLists.coerce(tokens)
        char_ngram_range = feature_ngrams(tokens.take(np.flatnonzero(tokens.lengths > 0)))[1]
    return HashedFeatures(n_features, tuple(ngram_range), char_ngram_range)


@dataclass
class StreamStats:
    """What pass 1 learns: document frequencies and a random sample of hashed rows."""

    n_docs: int
    df: np.ndarray
    sample: sparse.csr_matrix
    sample_keys: np.ndarray

    @classmethod
    def empty(cls, n_features: int) -> StreamStats:
        return cls(
            0,
            np.zeros(n_features, dtype=np.int64),
            sparse.csr_matrix((0, n_features), dtype=np.int64),
            np.zeros(0),
        )

    def merge(self, other: StreamStats, sample_size: int) -> StreamStats:
        """Both together; the sample keeps the ``sample_size`` smallest keys."""
        keys = np.concatenate([self.sample_keys, other.sample_keys])
        rows = sparse.vstack([self.sample, other.sample], format="csr")
        keep = np.sort(np.argsort(keys, kind="stable")[:sample_size])
        return StreamStats(self.n_docs + other.n_docs, self.df + other.df, rows[keep], keys[keep])


def batch_stats(
    counts: sparse.csr_matrix, *, sample_size: int, rng: np.random.Generator
) -> StreamStats:
    """Pass-1 statistics of one batch of hashed counts."""
    binary = counts.copy()
    binary.data[:] = 1
    df = np.bincount(binary.indices, minlength=counts.shape[1]).astype(np.int64)
    keys = rng.random(counts.shape[0])
    keep = np.sort(np.argsort(keys, kind="stable")[:sample_size])
    return StreamStats(counts.shape[0], df, counts[keep], keys[keep])


def idf_weights(
    stats: StreamStats, *, min_df: int | float = 2, max_df: int | float = 0.5
) -> np.ndarray:
    """Smoothed IDF (as scikit-learn's) of each hashed column; 0 for columns outside
    ``min_df``…``max_df`` (which therefore drop out)."""
    n = stats.n_docs
    try:
        low, high = df_limits(n, min_df, max_df)
    except ValueError:  # a corpus too small for the limits: keep every seen column
        low, high = 1, n
    idf = np.log((1 + n) / (1 + stats.df)) + 1
    idf[(stats.df < low) | (stats.df > high)] = 0.0
    if not idf.any():  # a tiny corpus: keep every seen column rather than none
        idf = np.where(stats.df > 0, np.log((1 + n) / (1 + stats.df)) + 1, 0.0)
    return idf


def tfidf_rows(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF × IDF, rows scaled to unit length (as :func:`analysis.vectorize.tfidf`)."""
    out = sparse.csr_matrix(counts, dtype=np.float32, copy=True)
    out.data = (1 + np.log(out.data)) * idf[out.indices].astype(np.float32)
    out.eliminate_zeros()
    return normalize(out)


@dataclass
class StreamModel:
    """What passes 1 and 2 fit: IDF, LSA basis and k-means centres."""

    idf: np.ndarray
    svd: object
    kmeans: object

    def embed(self, counts: sparse.csr_matrix) -> np.ndarray:
        if counts.shape[0] == 0:  # an empty batch or partition
            width = self.svd.components_.shape[0] if self.svd is not None else len(self.idf)
            return np.zeros((0, width))
        weighted = tfidf_rows(counts, self.idf)
        if self.svd is None:
            return weighted.toarray()
        return normalize(self.svd.transform(weighted))

    def partial_fit(self, counts: sparse.csr_matrix) -> StreamModel:
        """Update the k-means centres with one batch (documents without words are left out)."""
        embedding = self.embed(counts)
        used = np.abs(embedding).sum(axis=1) > 0
        if used.any():
            self.kmeans.partial_fit(embedding[used])
        return self


def fit_model(
    stats: StreamStats,
    *,
    k: int | Literal["auto"],
    min_df: int | float,
    max_df: int | float,
    n_components: int,
    random_state: int | None,
) -> tuple[StreamModel, int, pd.DataFrame]:
    """IDF, LSA and k-means centres from pass-1 statistics; returns the model, k and the
    silhouette table when k was chosen."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    idf = idf_weights(stats, min_df=min_df, max_df=max_df)
    sample = tfidf_rows(stats.sample, idf)
    used = np.flatnonzero(np.diff(sample.indptr) > 0)
    if not len(used):
        raise ValueError("no document has usable words after segmentation; nothing to cluster")
    sample = sample[used]
    embedding, svd = lsa_embedding(sample, n_components=n_components, random_state=random_state)
    k_scores = pd.DataFrame(columns=["k", "silhouette", "inertia"])
    if k == "auto":
        k_scores = choose_k(embedding, random_state=random_state)
        k = int(k_scores.loc[k_scores["silhouette"].idxmax(), "k"]) if len(k_scores) else 1
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer or 'auto', got {k!r}")
    if k > len(used):
        raise ValueError(f"k={k} but the sample has only {len(used)} usable documents")
    start = KMeans(k, n_init=10, random_state=random_state).fit(embedding).cluster_centers_
    # no random reassignment of centres: they start from k-means on the sample already
    kmeans = MiniBatchKMeans(
        k, init=start, n_init=1, random_state=random_state, batch_size=4096, reassignment_ratio=0
    )
    return StreamModel(idf, svd, kmeans), int(k), k_scores


def pooled_term_counts(tokens: Sequence[Sequence[str]], labels: np.ndarray) -> pd.Series:
    """Unigram counts per cluster of one batch: a Series indexed by ``(cluster, term)``."""
    tokens = TokenLists.coerce(tokens)
    used = np.flatnonzero(labels != EMPTY_CLUSTER)
    if not tokens.n_tokens or not len(used):
        return pd.Series(dtype=np.int64)
    counts, terms = count_matrix(tokens.take(used))
    pooled = (
        sparse.csr_matrix(
            (np.ones(len(used)), (labels[used], np.arange(len(used)))),
            shape=(int(labels.max()) + 1, len(used)),
        )
        @ counts
    )
    pooled = pooled.tocoo()
    index = pd.MultiIndex.from_arrays([pooled.row, terms[pooled.col]], names=["cluster", "term"])
    return pd.Series(pooled.data.astype(np.int64), index=index)


def label_clusters(pooled: pd.Series, k: int, *, top_n: int) -> tuple[pd.DataFrame, dict[int, str]]:
    """Label terms (c-TF-IDF) and names of clusters from pooled ``(cluster, term)`` counts."""
    if pooled.empty:
        return class_tfidf(sparse.csr_matrix((k, 0)), [], list(range(k)), top_n=top_n), {}
    terms, columns = np.unique(pooled.index.get_level_values("term"), return_inverse=True)
    clusters = pooled.index.get_level_values("cluster").to_numpy()
    matrix = sparse.csr_matrix((pooled.to_numpy(), (clusters, columns)), shape=(k, len(terms)))
    label_terms = class_tfidf(matrix, terms, list(range(k)), top_n=top_n)
    return label_terms, _label_names(label_terms)


def cluster_stream(
    batches: Callable[[], Iterable[Batch]],
    *,
    k: int | Literal["auto"] = 10,
    ngram_range: tuple[int, int] = (1, 2),
    char_ngram_range: tuple[int, int] | Literal["auto"] | None = "auto",
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    n_features: int = 2**18,
    n_components: int = 50,
    sample_size: int = 4000,
    top_n: int = 10,
    random_state: int | None = 0,
    progress: bool = False,
) -> ClusterResult:
    """Cluster a corpus given as batches, with memory bounded by the batch size.

    Parameters
    ----------
    batches
        A function returning a fresh iterable of ``(doc_ids, token_lists)`` batches each time
        it is called (it is called three times, once per pass).
    char_ngram_range
        ``"auto"``: character 1–3-grams when the first batch's median document has under 200
        characters of tokens (as in :func:`~analysis.cluster.cluster_documents`).
    n_features
        Hashed columns; collisions merge rare terms, which LSA tolerates.
    sample_size
        Documents sampled (seeded) to fit the IDF-weighted LSA basis and the starting centres.

    Returns
    -------
    ClusterResult
        As :func:`~analysis.cluster.cluster_documents` (``method="streaming"``; ``x``/``y`` are
        the first two LSA dimensions; no ``embedding`` is kept).

    Examples
    --------
    >>> docs = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
    >>> res = cluster_stream(lambda: [([0, 1], docs[:2]), ([2, 3], docs[2:])], k=2, min_df=1)
    >>> res.assignments["cluster"].tolist()
    [0, 0, 1, 1]
    """
    rng = np.random.default_rng(random_state)
    features: HashedFeatures | None = None

    def feature_set(tokens: TokenLists) -> HashedFeatures:
        nonlocal features
        if features is None:
            features = choose_features(tokens, n_features, ngram_range, char_ngram_range)
        return features

    stats = StreamStats.empty(n_features)
    bar = _progress(progress)
    for _, tokens in bar(batches(), "pass 1/3: statistics"):
        tokens = TokenLists.coerce(tokens)
        counts = feature_set(tokens).counts(tokens)
        stats = stats.merge(batch_stats(counts, sample_size=sample_size, rng=rng), sample_size)
    if features is None or not stats.n_docs:
        raise ValueError("the corpus has no documents; nothing to cluster")
    model, k, k_scores = fit_model(
        stats,
        k=k,
        min_df=min_df,
        max_df=max_df,
        n_components=n_components,
        random_state=random_state,
    )

    for _, tokens in bar(batches(), "pass 2/3: k-means"):
        model.partial_fit(features.counts(tokens))

    ids, labels, coords = [], [], []
    pooled = pd.Series(dtype=np.int64)  # (cluster, term) counts: bounded by k × vocabulary
    for doc_ids, tokens in bar(batches(), "pass 3/3: assignments"):
        batch_labels, xy = assign(model, features.counts(tokens))
        ids.extend(doc_ids)
        labels.append(batch_labels)
        coords.append(xy)
        pooled = add_counts(pooled, pooled_term_counts(tokens, batch_labels))
    return finish(ids, labels, coords, [pooled], k=k, k_scores=k_scores, top_n=top_n)


def add_counts(a: pd.Series, b: pd.Series) -> pd.Series:
    """Sum of two ``(cluster, term)`` count Series."""
    if a.empty:
        return b
    if b.empty:
        return a
    return a.add(b, fill_value=0).astype(np.int64)


def assign(model: StreamModel, counts: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Cluster of each document (−1 without usable words) and its 2-D position (the first
    two LSA dimensions)."""
    embedding = model.embed(counts)
    used = np.abs(embedding).sum(axis=1) > 0
    labels = np.full(len(embedding), EMPTY_CLUSTER)
    if used.any():
        labels[used] = model.kmeans.predict(embedding[used])
    xy = np.zeros((len(embedding), 2))
    width = min(2, embedding.shape[1])
    xy[:, :width] = embedding[:, :width]
    return labels, xy


def finish(
    ids: list,
    labels: list[np.ndarray],
    coords: list[np.ndarray],
    pooled: list[pd.Series],
    *,
    k: int,
    k_scores: pd.DataFrame,
    top_n: int,
    method: str = "streaming",
) -> ClusterResult:
    """A :class:`~analysis.cluster.ClusterResult` from per-batch assignments and counts:
    clusters renumbered from the largest down, labelled by c-TF-IDF."""
    labels = np.concatenate(labels) if labels else np.zeros(0, dtype=int)
    used = labels != EMPTY_CLUSTER
    relabelled = labels.copy()
    mapping: dict = {}
    if used.any():
        mapping = dict(zip(labels[used], _relabel_by_size(labels[used]), strict=True))
        relabelled[used] = [mapping[c] for c in labels[used]]
    pooled = [p for p in pooled if len(p)]  # an empty batch has no (cluster, term) index
    totals = pd.concat(pooled) if pooled else pd.Series(dtype=np.int64)
    if len(totals):
        old = totals.index.get_level_values("cluster")
        totals.index = pd.MultiIndex.from_arrays(
            [[mapping[c] for c in old], totals.index.get_level_values("term")],
            names=["cluster", "term"],
        )
        totals = totals.groupby(level=[0, 1]).sum()
    label_terms, names = label_clusters(totals, k, top_n=top_n)
    coords = np.vstack(coords) if coords else np.zeros((0, 2))
    assignments = pd.DataFrame(
        {
            "doc_id": ids,
            "cluster": relabelled,
            "label": [names.get(int(c), EMPTY_LABEL) for c in relabelled],
            "x": coords[:, 0],
            "y": coords[:, 1],
        }
    )
    return ClusterResult(assignments, label_terms, k, method, k_scores)


def _progress(show: bool):
    def wrap(items, desc):
        if not show:
            return items
        from tqdm.auto import tqdm

        return tqdm(items, desc=desc, unit="batch")

    return wrap


def cluster_corpus_stream(
    path: str | Path | Iterable[str | Path],
    *,
    batch_size: int = 20_000,
    segmenter=None,
    cache_dir: str | Path | None = None,
    load_options: dict | None = None,
    **options,
) -> ClusterResult:
    """:func:`cluster_stream` over a corpus on disk: batches of
    :func:`~analysis.corpus.iter_corpus` (``load_options`` are its column and ``strict``
    options), cleaned, and segmented through the segmentation cache (so only pass 1
    segments). ``options`` are those of :func:`cluster_stream`. The load report (skipped
    files and rows) is in ``result.assignments.attrs["load_report"]``.
    """
    from .clean import clean_corpus
    from .corpus import iter_corpus
    from .segcache import segment_corpus
    from .segment import Segmenter

    segmenter = segmenter or Segmenter()
    reports = []

    def batches():
        frame = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # skips are in the load report
            for frame in iter_corpus(path, batch_size=batch_size, **(load_options or {})):
                if frame.empty:
                    continue
                frame = clean_corpus(frame, columns=("text",))
                tokens = segment_corpus(frame, segmenter, cache_dir=cache_dir)
                yield frame["doc_id"].tolist(), tokens
        if frame is not None and not reports:
            reports.append(frame.attrs.get("load_report"))

    result = cluster_stream(batches, **options)
    result.assignments.attrs["load_report"] = reports[0] if reports else None
    return result
