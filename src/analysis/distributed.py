"""The clustering pipeline on a Dask cluster (optional: ``pip install 'analysis[dask]'``).

Each input file is a partition. On the workers, partition by partition: load, clean, segment,
and the partition's candidates for the sample (:func:`analysis.stream.batch_sample`); later
the assignments by the fitted model and the per-cluster term counts. On the client: merging
the samples and fitting the in-memory model on the sample (:func:`analysis.stream.fit_sample`).
These are the functions of ``analysis cluster --stream on``, scheduled by Dask instead of a
loop, so both give the same clusters (the sample's keys hash the doc ids, not the order).

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

from .cluster import ClusterResult
from .segment import Segmenter
from .stream import (
    DEFAULT_SAMPLE,
    Sample,
    SampleModel,
    add_counts,
    batch_sample,
    finish,
    fit_sample,
    merge_samples,
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


def _ids_and_issues(partition) -> tuple[list, list[str]]:
    return partition[0], partition[2]


def _sample(partition, sample_size: int, seed: int | None) -> Sample:
    return batch_sample(partition[0], partition[1], sample_size=sample_size, seed=seed)


def _assign(partition, model: SampleModel):
    return model.assign(partition[1])


def _pooled(partition, assigned):
    return pooled_term_counts(partition[1], assigned[0])


def cluster_dask(
    paths: Sequence[str | Path],
    *,
    client,
    k: int | Literal["auto"] = 10,
    segmenter: Segmenter | None = None,
    load_options: dict | None = None,
    min_df: int | float = 2,
    max_df: int | float = 0.5,
    sample_size: int = DEFAULT_SAMPLE,
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

    partitions = client.map(
        _load_partition, paths, segmenter=segmenter, load_options=load_options, pure=False
    )
    candidates = client.map(_sample, partitions, sample_size=sample_size, seed=random_state)
    while len(candidates) > 1:  # merged pairwise on the workers
        pairs = [
            client.submit(merge_samples, a, b, sample_size=sample_size)
            for a, b in zip(candidates[::2], candidates[1::2], strict=False)
        ]
        candidates = pairs + candidates[len(pairs) * 2 :]
    model = fit_sample(
        candidates[0].result(), k=k, min_df=min_df, max_df=max_df, random_state=random_state
    )
    shared = client.scatter(model, broadcast=True)
    assigned = client.map(_assign, partitions, model=shared)
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
        k=model.k,
        k_scores=model.k_scores,
        top_n=top_n,
        max_df=max_df,
        method="dask",
    )
    result.assignments.attrs["load_issues"] = issues
    return result
