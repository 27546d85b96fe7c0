"""Whole runs on a corpus path, as the command line makes them: which path a corpus takes (in
memory, streamed in batches, or on Dask) and which worker pools run it are decided here, so that
``analysis.cli`` only parses arguments and writes outputs.

Every function takes the path and ``load_options`` (the keyword arguments of
:func:`analysis.corpus.load_corpus`) and returns library results; ``notify`` receives the lines
a user should read (skipped files, the path chosen), one string each.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Literal

import pandas as pd

from . import config
from .clean import clean_corpus, make_pipeline
from .corpus import CorpusError, corpus_files, load_corpus, load_report
from .parallel import PARALLEL_FROM, idle_work, n_workers, worker_pool
from .segcache import segment_corpus
from .segment import Segmenter

__all__ = ["cluster_path", "input_bytes", "keywords_path", "load_clean", "stream_decision"]

Notify = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def input_bytes(path: str | Path) -> int:
    """Size on disk of a file, or of every file under a folder."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _pool_size(path: Path) -> int:
    """Worker processes worth starting before reading: all cores when the input holds about
    :data:`~analysis.parallel.PARALLEL_FROM` characters or more (3 bytes each in UTF-8
    Chinese), else none."""
    return n_workers() if input_bytes(path) >= 3 * PARALLEL_FROM else 0


def load_clean(path: str | Path, *, load_options: dict | None = None, notify: Notify = _quiet):
    """:func:`load_corpus` then :func:`clean_corpus`; skipped files go to ``notify``. An input
    with no usable document is a :class:`~analysis.corpus.CorpusError`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the skips go to notify instead
        docs = load_corpus(path, **(load_options or {}))
    for issue in load_report(docs).issues:
        notify(str(issue))
    if docs.empty:
        raise CorpusError(f"{path}: no usable documents (see the skipped files above)")
    return clean_corpus(docs)


def keywords_path(
    path: str | Path,
    *,
    method: str = "phrase",
    top_n: int = config.DEFAULT_TOP_N,
    drop_places: bool = False,
    load_options: dict | None = None,
    notify: Notify = _quiet,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus and the keywords of each document. The segmentation is the cached one
    :func:`cluster_path` uses too, so keywords after clustering do not segment again."""
    from .keywords import extract_keywords

    segmenter = Segmenter()
    with worker_pool(make_pipeline(), segmenter, workers=_pool_size(Path(path))):
        docs = load_clean(path, load_options=load_options, notify=notify)
        corpus = segment_corpus(docs, segmenter)
        keywords = extract_keywords(
            docs["clean_text"],
            doc_ids=docs["doc_id"],
            method=method,
            top_n=top_n,
            segmenter=segmenter,
            tokens=corpus,
            drop_places=drop_places,
        )
    return docs, keywords


def stream_decision(
    path: str | Path, stream: Literal["auto", "on", "off"] = "auto"
) -> tuple[bool, str | None]:
    """Whether :func:`cluster_path` streams, and the note saying why when it chose to."""
    if stream == "on":
        return True, None
    if stream == "off":
        return False, None
    size = input_bytes(path)
    if size >= config.stream_threshold():
        return True, (
            f"{path} is {size / 1e6:.0f} MB: clustering in batches (--stream on); "
            "use --stream off to load it whole"
        )
    return False, None


def cluster_path(
    path: str | Path,
    *,
    k: int | Literal["auto"] = "auto",
    random_state: int | None = config.DEFAULT_SEED,
    stream: Literal["auto", "on", "off"] = "auto",
    batch_size: int = 20_000,
    dask: str | None = None,
    load_options: dict | None = None,
    progress: bool = False,
    notify: Notify = _quiet,
):
    """Cluster the documents under ``path``: in memory, streamed in batches (``stream``; by
    itself when the input is large for the free memory), or on Dask (``dask``: a scheduler
    address or ``"local"``). Returns a :class:`~analysis.cluster.ClusterResult`."""
    path = Path(path)
    load_options = load_options or {}
    if dask:
        return _cluster_dask(
            path, dask, k=k, random_state=random_state, options=load_options, notify=notify
        )
    streamed, note = stream_decision(path, stream)
    if note:
        notify(note)
    if streamed:
        from .stream import cluster_corpus_stream

        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        result = cluster_corpus_stream(
            path,
            batch_size=batch_size,
            load_options=load_options,
            k=k,
            random_state=random_state,
            progress=progress,
        )
        report = result.assignments.attrs.get("load_report")
        for issue in report.issues if report else ():
            notify(str(issue))
        return result
    # For a large corpus the worker processes start first and load the segmenter's dictionary
    # while this one reads the corpus; it then imports the clustering code (scikit-learn,
    # SciPy: over a second) while they segment.
    segmenter = Segmenter()
    with worker_pool(make_pipeline(), segmenter, workers=_pool_size(path)):
        docs = load_clean(path, load_options=load_options, notify=notify)
        with idle_work(lambda: import_module("analysis.cluster")):
            tokens = segment_corpus(docs, segmenter)
    from .cluster import cluster_documents

    return cluster_documents(tokens, doc_ids=docs["doc_id"], k=k, random_state=random_state)


def _cluster_dask(path: Path, address: str, *, k, random_state, options: dict, notify: Notify):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ValueError(
            "--dask needs the Dask extra: pip install -e '.[dask]' (or 'analysis[dask]')"
        ) from None
    from .distributed import cluster_dask

    paths, report = corpus_files(path)
    run = {"load_options": options, "k": k, "random_state": random_state}
    if address == "local":
        with (
            LocalCluster(n_workers=n_workers(), threads_per_worker=1, dashboard_address=None) as lc,
            Client(lc) as client,
        ):
            result = cluster_dask(paths, client=client, **run)
    else:
        try:
            client = Client(address, timeout="10s")
        except OSError as exc:
            raise ValueError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        with client:
            result = cluster_dask(paths, client=client, **run)
    for issue in [str(i) for i in report.issues] + result.assignments.attrs.get("load_issues", []):
        notify(issue)
    return result
