"""The clustering pipeline on a Dask cluster (optional: ``pip install 'analysis[dask]'``).

Each input file is a partition. On the workers, partition by partition: load, clean,
segment, hashed term counts (the columns are hashes of the terms, so partitions agree without
a shared vocabulary), pass-1 statistics; later the embedding, the final assignments and the
per-cluster term counts. On the client, only small things: merging the statistics, fitting
IDF, the LSA basis and the k-means centres on the sample, and updating the mini-batch k-means
one partition's embedding at a time. The steps are those of :mod:`analysis.stream`, so
results are of the same kind as ``analysis cluster --stream on``. Scheduling is Dask's own
(``dask.distributed``).

Example::

    from dask.distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2))  # or Client("tcp://host:8786")
    result = cluster_dask(sorted(Path("shards").glob("*.jsonl")), client=client, k=10)
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from .cluster import ClusterResult
from .segment import Segmenter
from .stream import (
    HashedFeatures,
    StreamModel,
    StreamStats,
    add_counts,
    assign,
    batch_stats,
    choose_features,
    finish,
    fit_model,
    pooled_term_counts,
)
from .tokens import TokenLists

__all__ = ["cluster_dask"]

_SEGMENTERS: dict[str, Segmenter] = {}  # per worker process: one segmenter per configuration


def _worker_segmenter(segmenter: Segmenter) -> Segmenter:
    key = json.dumps(segmenter.config(), sort_keys=True, default=str)
    return _SEGMENTERS.setdefault(key, segmenter)


def _load_partition(
    path: str, segmenter: Segmenter, load_options: dict
) -> tuple[list, TokenLists, list[str]]:
    """Doc ids, tokens and load-report lines of one input file (runs on a worker)."""
    from .clean import clean_corpus
    from .corpus import load_corpus, load_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skips are returned in the report lines
        docs = load_corpus(path, **load_options)
    issues = [str(i) for i in load_report(docs).issues]
    if docs.empty:
        return [], TokenLists.from_lists([]), issues
    docs = clean_corpus(docs, columns=("text",))
    tokens = _worker_segmenter(segmenter).token_lists(docs["clean_text"].tolist(), n_jobs=1)
    return docs["doc_id"].tolist(), tokens, issues


def _features(partition, n_features, ngram_range, char_ngram_range) -> HashedFeatures:
    return choose_features(partition[1], n_features, ngram_range, char_ngram_range)


def _ids_and_issues(partition) -> tuple[list, list[str]]:
    return partition[0], partition[2]


def _counts(partition, features: HashedFeatures):
    return features.counts(partition[1])


def _stats(counts, sample_size: int, seed: Sequence[int]) -> StreamStats:
    return batch_stats(counts, sample_size=sample_size, rng=np.random.default_rng(seed))


def _embed_for_fit(counts, model: StreamModel) -> np.ndarray:
    embedding = model.embed(counts)
    return embedding[np.abs(embedding).sum(axis=1) > 0]


def _assign(counts, model: StreamModel):
    return assign(model, counts)


def _pooled(partition, assigned):
    return pooled_term_counts(partition[1], assigned[0])


def cluster_dask(
    paths: Sequence[str | Path],
    *,
    client,
    k: int | Literal["auto"] = 10,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    char_ngram_range: tuple[int, int] | Literal["auto"] | None = "auto",
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    n_features: int = 2**18,
    n_components: int = 50,
    sample_size: int = 4000,
    top_n: int = 10,
    random_state: int | None = 0,
) -> ClusterResult:
    """Cluster the documents of ``paths`` (one partition per file) on a Dask cluster.

    Parameters
    ----------
    paths
        Input files readable by every worker (a shared or network file system, or object
        storage mounted on each machine), in the order of the result's rows.
    client
        A ``dask.distributed.Client``.
    load_options
        Options of :func:`~analysis.corpus.load_corpus` (``text_col``, ``id_col`` …).

    The remaining parameters are those of :func:`analysis.stream.cluster_stream`; the result
    has ``method="dask"`` and the load report's lines in
    ``result.assignments.attrs["load_issues"]``.
    """
    paths = [str(p) for p in paths]
    if not paths:
        raise ValueError("cluster_dask: no input files")
    segmenter = segmenter or Segmenter()
    load_options = load_options or {}
    base = 0 if random_state is None else random_state

    partitions = client.map(
        _load_partition, paths, segmenter=segmenter, load_options=load_options, pure=False
    )
    features = client.submit(
        _features, partitions[0], n_features, ngram_range, char_ngram_range
    ).result()
    counts = client.map(_counts, partitions, features=features)
    seeds = [[base, i] for i in range(len(paths))]
    stats = client.gather(client.map(_stats, counts, [sample_size] * len(paths), seeds))
    merged = StreamStats.empty(n_features)
    for part in stats:
        merged = merged.merge(part, sample_size)
    if not merged.n_docs:
        raise ValueError("the corpus has no documents; nothing to cluster")
    model, k, k_scores = fit_model(
        merged,
        k=k,
        min_df=min_df,
        max_df=max_df,
        n_components=n_components,
        random_state=random_state,
    )
    shared = client.scatter(model, broadcast=True)
    for future in client.map(_embed_for_fit, counts, model=shared):  # one partition at a time
        embedding = future.result()
        if len(embedding):
            model.kmeans.partial_fit(embedding)
    shared = client.scatter(model, broadcast=True)
    assigned = client.map(_assign, counts, model=shared)
    pooled = client.map(_pooled, partitions, assigned)
    ids, labels, coords, issues = [], [], [], []
    described = client.map(_ids_and_issues, partitions)  # not the tokens: they stay on workers
    for (part_ids, part_issues), (part_labels, xy) in zip(
        client.gather(described), client.gather(assigned), strict=True
    ):
        ids.extend(part_ids)
        labels.append(part_labels)
        coords.append(xy)
        issues.extend(part_issues)
    while len(pooled) > 1:  # summed pairwise on the workers, not all at once on the client
        pairs = [
            client.submit(add_counts, a, b) for a, b in zip(pooled[::2], pooled[1::2], strict=False)
        ]
        pooled = pairs + pooled[len(pairs) * 2 :]
    result = finish(
        ids,
        labels,
        coords,
        [pooled[0].result()],
        k=k,
        k_scores=k_scores,
        top_n=top_n,
        method="dask",
    )
    result.assignments.attrs["load_issues"] = issues
    return result
