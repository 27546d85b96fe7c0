"""Clustering corpora larger than memory, in batches, at the quality of the in-memory model; and
the partition-wise steps that the Dask path (:mod:`analysis.distributed`) schedules on workers.

Two passes over the batches, with the same functions whoever schedules them:

1. :func:`batch_sample` keeps, of each batch, the documents with the smallest seeded keys
   (:func:`sample_keys`, a hash of the doc id and the seed, so a sample does not depend on the
   order or the split of the batches); :func:`merge_samples` keeps the ``sample_size`` smallest
   overall. :func:`fit_sample` fits the full in-memory model on that sample
   (:func:`~analysis.cluster.cluster_documents`, unigram-mixture refinement included, k chosen
   there when ``"auto"``) and a ComplementNB classifier on its TF-IDF features and labels: the
   model's own last step, so it reproduces the sample's clusters.
2. :meth:`SampleModel.assign` gives every document its cluster by that classifier, and
   :func:`pooled_term_counts` the term counts per cluster for the labels (as in memory).

Why a sample of 10,000 documents by default: the in-memory default's quality comes from seeing
many documents at once (the mixture needs 2,000 short ones to pay off); on the 9,991 THUCNews
titles, assigning the other half by a model fitted on 5,000 loses under 5 % of the NMI (see the
README). More than 10,000 costs time but no quality there, and the sample's tokens are held in
memory (Arrow buffers, about 10 bytes a token). Only one batch of texts is in memory at a time
besides; what grows with the corpus is a few numbers per document (id, cluster, 2-D position).
Segmentation goes through the segmentation cache, so pass 2 reads tokens back.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from . import config
from .cluster import (
    EMPTY_CLUSTER,
    EMPTY_LABEL,
    ClusterResult,
    _label_names,
    _relabel_by_size,
    cluster_documents,
)
from .keywords import class_tfidf, within_ceiling
from .tokens import TokenLists
from .vectorize import LimitsRelaxedWarning, Tfidf, count_matrix, feature_ngrams, tfidf

__all__ = [
    "DEFAULT_SAMPLE",
    "Sample",
    "SampleModel",
    "batch_sample",
    "cluster_corpus_stream",
    "cluster_stream",
    "fit_sample",
    "merge_samples",
    "sample_keys",
]

#: Documents the model is fitted on (see the module's note on why).
DEFAULT_SAMPLE = config.STREAM_SAMPLE

#: A batch: document ids and their token lists.
Batch = tuple[Sequence, Sequence[Sequence[str]]]


def sample_keys(doc_ids: Sequence, seed: int | None) -> np.ndarray:
    """A stable random key per document: BLAKE2b of the seed and the doc id (uint64)."""
    salt = f"{0 if seed is None else seed}\x1f".encode()
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(salt + str(d).encode(), digest_size=8).digest(), "big")
            for d in doc_ids
        ),
        dtype=np.uint64,
        count=len(doc_ids),
    )


@dataclass(frozen=True)
class Sample:
    """Sampled documents: their keys, ids and tokens (smallest keys first)."""

    keys: np.ndarray
    ids: list
    tokens: TokenLists

    @classmethod
    def empty(cls) -> Sample:
        return cls(np.zeros(0, np.uint64), [], TokenLists.from_lists([]))

    def smallest(self, n: int) -> Sample:
        order = np.argsort(self.keys, kind="stable")[:n]
        return Sample(self.keys[order], [self.ids[i] for i in order], self.tokens.take(order))


def batch_sample(doc_ids: Sequence, tokens, *, sample_size: int, seed: int | None) -> Sample:
    """The documents of one batch that can be in the sample (its ``sample_size`` smallest keys)."""
    tokens = TokenLists.coerce(tokens)
    ids = list(doc_ids)
    return Sample(sample_keys(ids, seed), ids, tokens).smallest(sample_size)


def merge_samples(a: Sample, b: Sample, *, sample_size: int) -> Sample:
    """The ``sample_size`` smallest keys of two samples."""
    merged = Sample(
        np.concatenate([a.keys, b.keys]), a.ids + b.ids, TokenLists.concat([a.tokens, b.tokens])
    )
    return merged.smallest(sample_size)


@dataclass(frozen=True)
class SampleModel:
    """The in-memory model fitted on a sample, able to assign any document.

    ``features`` is the sample's TF-IDF (its vectorizer transforms new token lists into the same
    columns), ``classifier`` a ComplementNB fitted on the sample's clusters, ``axes`` a 2-D
    projection for the map, ``k`` and ``k_scores`` as in the in-memory result."""

    features: Tfidf
    classifier: object
    axes: object
    k: int
    k_scores: pd.DataFrame

    def assign(self, tokens) -> tuple[np.ndarray, np.ndarray]:
        """Cluster of each document (−1 without usable words) and its 2-D position."""
        tokens = TokenLists.coerce(tokens)
        labels = np.full(len(tokens), EMPTY_CLUSTER)
        xy = np.zeros((len(tokens), 2))
        if not len(tokens):
            return labels, xy
        matrix = self.features.vectorizer.transform(list(tokens))
        used = np.diff(matrix.indptr) > 0
        if used.any():
            labels[used] = self.classifier.predict(matrix[used])
            xy[used] = self.axes.transform(matrix[used])[:, :2]
        return labels, xy


def fit_sample(
    sample: Sample,
    *,
    k: int | Literal["auto"] = 10,
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    random_state: int | None = 0,
) -> SampleModel:
    """Fit the in-memory model (:func:`~analysis.cluster.cluster_documents`, defaults
    included) on the sample, then a ComplementNB on its features and clusters."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.naive_bayes import ComplementNB

    tokens = sample.tokens
    if not len(tokens):
        raise ValueError("the corpus has no documents; nothing to cluster")
    usable = np.flatnonzero(tokens.lengths > 0)
    if not len(usable):
        raise ValueError("no document has usable words after segmentation; nothing to cluster")
    tokens = tokens.take(usable)
    words, chars = feature_ngrams(tokens)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitsRelaxedWarning)  # expected on a tiny sample
        features = tfidf(
            tokens, ngram_range=words, char_ngram_range=chars, min_df=min_df, max_df=max_df
        )
    result = cluster_documents(tokens, k=k, random_state=random_state, features=features)
    labels = result.labels
    used = labels != EMPTY_CLUSTER
    classifier = ComplementNB(alpha=0.3).fit(features.matrix[used], labels[used])
    n_axes = max(1, min(2, features.matrix.shape[1] - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # one usable document: no variance
        axes = TruncatedSVD(n_axes, random_state=random_state).fit(features.matrix)
    if n_axes < 2:  # a vocabulary of two terms: pad the map's second axis
        axes = _Padded(axes)
    return SampleModel(features, classifier, axes, result.k, result.k_scores)


@dataclass(frozen=True)
class _Padded:
    svd: object

    def transform(self, matrix) -> np.ndarray:
        one = self.svd.transform(matrix)
        return np.hstack([one, np.zeros((len(one), 1))])


def pooled_term_counts(tokens: Sequence[Sequence[str]], labels: np.ndarray) -> pd.DataFrame:
    """Unigrams per cluster of one batch, indexed by ``(cluster, term)``: ``count`` (uses) and
    ``docs`` (documents holding the term)."""
    tokens = TokenLists.coerce(tokens)
    used = np.flatnonzero(labels != EMPTY_CLUSTER)
    if not tokens.n_tokens or not len(used):
        return _no_counts()
    counts, terms = count_matrix(tokens.take(used))
    indicator = sparse.csr_matrix(
        (np.ones(len(used)), (labels[used], np.arange(len(used)))),
        shape=(int(labels.max()) + 1, len(used)),
    )
    pooled = (indicator @ counts).tocoo()
    docs = (indicator @ (counts > 0).astype(np.int64)).tocsr()
    index = pd.MultiIndex.from_arrays([pooled.row, terms[pooled.col]], names=["cluster", "term"])
    return pd.DataFrame(
        {
            "count": pooled.data.astype(np.int64),
            "docs": np.asarray(docs[pooled.row, pooled.col]).ravel().astype(np.int64),
        },
        index=index,
    )


def _no_counts() -> pd.DataFrame:
    """An empty :func:`pooled_term_counts` table."""
    return pd.DataFrame(
        {"count": pd.Series(dtype=np.int64), "docs": pd.Series(dtype=np.int64)},
        index=pd.MultiIndex.from_arrays([[], []], names=["cluster", "term"]),
    )


def label_clusters(
    pooled: pd.DataFrame, sizes: np.ndarray, *, top_n: int, max_df: int | float = 0.5
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Label terms (c-TF-IDF weighted by documents, as in memory) and names of clusters from
    :func:`pooled_term_counts` summed over the batches; ``sizes``: documents per cluster.
    Terms in more than ``max_df`` of the documents name no cluster, as in memory."""
    k = len(sizes)
    held = pooled["docs"].groupby(level="term").sum()
    common = held.index[~within_ceiling(held.to_numpy(), int(np.sum(sizes)), max_df)]
    pooled = pooled[~pooled.index.get_level_values("term").isin(common)]
    terms, columns = np.unique(pooled.index.get_level_values("term"), return_inverse=True)
    clusters = pooled.index.get_level_values("cluster").to_numpy(dtype=np.int64)

    def matrix(column: str) -> sparse.csr_matrix:
        values = pooled[column].to_numpy()
        return sparse.csr_matrix((values, (clusters, columns)), shape=(k, len(terms)))

    label_terms = class_tfidf(
        matrix("count"), terms, list(range(k)), top_n=top_n, docs=(matrix("docs"), sizes)
    )
    return label_terms, _label_names(label_terms)


def cluster_stream(
    batches: Callable[[], Iterable[Batch]],
    *,
    k: int | Literal["auto"] = 10,
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    sample_size: int = DEFAULT_SAMPLE,
    top_n: int = 10,
    random_state: int | None = 0,
    progress: bool = False,
) -> ClusterResult:
    """Cluster a corpus given as batches, with memory bounded by the batch and the sample.

    Parameters
    ----------
    batches
        A function returning a fresh iterable of ``(doc_ids, token_lists)`` batches each time
        it is called (it is called twice, once per pass).
    sample_size
        Documents (chosen by seeded keys) the in-memory model is fitted on.

    Returns
    -------
    ClusterResult
        As :func:`~analysis.cluster.cluster_documents` (``method="streaming"``; ``x``/``y`` are
        a 2-D projection of the TF-IDF; no ``embedding`` is kept). A corpus no larger than the
        sample gets the in-memory clusters.

    Examples
    --------
    >>> docs = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
    >>> res = cluster_stream(lambda: [([0, 1], docs[:2]), ([2, 3], docs[2:])], k=2, min_df=1)
    >>> res.assignments["cluster"].tolist()
    [0, 0, 1, 1]
    """
    bar = _progress(progress)
    sample = Sample.empty()
    for doc_ids, tokens in bar(batches(), "pass 1/2: sample"):
        part = batch_sample(doc_ids, tokens, sample_size=sample_size, seed=random_state)
        sample = merge_samples(sample, part, sample_size=sample_size)
    model = fit_sample(sample, k=k, min_df=min_df, max_df=max_df, random_state=random_state)
    ids, labels, coords = [], [], []
    pooled = _no_counts()  # (cluster, term) counts: bounded by k × vocabulary
    for doc_ids, tokens in bar(batches(), "pass 2/2: assignments"):
        batch_labels, xy = model.assign(tokens)
        ids.extend(doc_ids)
        labels.append(batch_labels)
        coords.append(xy)
        pooled = add_counts(pooled, pooled_term_counts(tokens, batch_labels))
    return finish(
        ids,
        labels,
        coords,
        [pooled],
        k=model.k,
        k_scores=model.k_scores,
        top_n=top_n,
        max_df=max_df,
    )


def add_counts(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Sum of two :func:`pooled_term_counts` tables."""
    if a.empty:
        return b
    if b.empty:
        return a
    return a.add(b, fill_value=0).astype(np.int64)


def finish(
    ids: list,
    labels: list[np.ndarray],
    coords: list[np.ndarray],
    pooled: list[pd.DataFrame],
    *,
    k: int,
    k_scores: pd.DataFrame,
    top_n: int,
    max_df: int | float = 0.5,
    method: str = "streaming",
) -> ClusterResult:
    """A :class:`~analysis.cluster.ClusterResult` from per-batch assignments and counts:
    clusters renumbered from the largest down, labelled as in memory (without the terms in
    more than ``max_df`` of the documents)."""
    labels = np.concatenate(labels) if labels else np.zeros(0, dtype=int)
    used = labels != EMPTY_CLUSTER
    relabelled = labels.copy()
    mapping: dict = {}
    if used.any():
        mapping = dict(zip(labels[used], _relabel_by_size(labels[used]), strict=True))
        relabelled[used] = [mapping[c] for c in labels[used]]
    pooled = [p for p in pooled if len(p)]  # an empty batch has no (cluster, term) index
    totals = pd.concat(pooled) if pooled else _no_counts()
    if len(totals):
        old = totals.index.get_level_values("cluster")
        totals.index = pd.MultiIndex.from_arrays(
            [[mapping[c] for c in old], totals.index.get_level_values("term")],
            names=["cluster", "term"],
        )
        totals = totals.groupby(level=[0, 1]).sum()
    sizes = np.bincount(relabelled[used], minlength=k)
    label_terms, names = label_clusters(totals, sizes, top_n=top_n, max_df=max_df)
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
