"""Run a function over chunks of a corpus on a process pool (every core), in order.

Used by the cleaning, segmentation and keyword steps for large corpora; small ones run in the
calling process, where a pool would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = [
    "PARALLEL_FROM",
    "idle_work",
    "n_workers",
    "pool_workers",
    "process_map",
    "text_chunks",
]

#: Characters of text from which a process pool pays for its start-up (measured: a pool of two
#: starts in about 0.5 s with the segmenter's dictionary; segmentation runs at ~5 M chars/s).
PARALLEL_FROM = 2_000_000
CHUNK = 500_000  # characters per task: small enough to balance the cores, big enough to batch


_IDLE: ContextVar[list[Callable[[], object]] | None] = ContextVar("idle_work", default=None)


@contextmanager
def idle_work(*tasks: Callable[[], object]) -> Iterator[None]:
    """Run ``tasks`` in this process while the process pools inside the block work, rather
    than before or after them: e.g. importing what the next step needs while the workers
    segment. Each pool runs the next task while its workers run; tasks left when the block
    ends without an error run then."""
    pending = list(tasks)
    token = _IDLE.set(pending)
    try:
        yield
    finally:
        _IDLE.reset(token)
    while pending:
        pending.pop(0)()


def _run_idle_work() -> None:
    pending = _IDLE.get()
    if pending:
        pending.pop(0)()


def n_workers(n_jobs: int | None = None) -> int:
    """``n_jobs`` or, when ``None``, the number of cores this process may use."""
    if n_jobs is not None:
        return max(1, n_jobs)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pool_workers(texts: Sequence, n_jobs: int | None = None) -> int:
    """Worker processes worth starting for ``texts``: :func:`n_workers` when there are
    several texts of at least :data:`PARALLEL_FROM` characters in all, else 0 (work here)."""
    workers = n_workers(n_jobs)
    size = sum(len(t) for t in texts if isinstance(t, str))
    return workers if workers > 1 and len(texts) > 1 and size >= PARALLEL_FROM else 0


def text_chunks(texts: Sequence, size: int | None = None) -> list[list]:
    """Consecutive runs of texts of about ``size`` (default :data:`CHUNK`) characters each."""
    size = size or CHUNK
    chunks, current, total = [], [], 0
    for t in texts:
        current.append(t)
        total += len(t) if isinstance(t, str) else 0
        if total >= size:
            chunks.append(current)
            current, total = [], 0
    if current:
        chunks.append(current)
    return chunks


_SHARED: object = None  # in a worker process: what process_map sent it once


def _receive(shared: object) -> None:
    global _SHARED
    _SHARED = shared


def _call(task: tuple[Callable, object]):
    function, job = task
    return function(_SHARED, job)


def process_map(
    function: Callable,
    jobs: list,
    *,
    shared: object = None,
    workers: int,
    progress: str | None = None,
) -> list:
    """``function(shared, job)`` for each job on a pool of ``workers`` processes; results in
    job order. ``shared`` (a segmenter, a cleaning pipeline …) reaches each worker once, not
    with every job; forked workers inherit it as it is, dictionary loaded or not.
    ``progress`` names a bar shown while the jobs finish."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_receive, initargs=(shared,)) as pool:
        results = pool.map(_call, [(function, job) for job in jobs])  # the workers start here
        _run_idle_work()
        if progress:
            from tqdm.auto import tqdm

            results = tqdm(results, total=len(jobs), desc=progress, unit="chunk")
        return list(results)
