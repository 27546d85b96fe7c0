"""Run a function over chunks of a corpus on a process pool (every core), in order.

Used by the cleaning, segmentation and keyword steps for large corpora; small ones run in the
calling process, where a pool would cost more than it saves. Each call starts its own pool,
unless :func:`worker_pool` started workers earlier for what it shares (as ``analysis
cluster`` does, so they load the dictionary while the corpus is read).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = [
    "PARALLEL_FROM",
    "idle_work",
    "n_workers",
    "pool_workers",
    "process_map",
    "text_chunks",
    "worker_pool",
]

#: Characters of text from which a process pool pays for its start-up (measured: a pool of two
#: starts in about 0.5 s with the segmenter's dictionary; segmentation runs at ~5 M chars/s).
PARALLEL_FROM = 2_000_000
CHUNK = 500_000  # characters per task: small enough to balance the cores, big enough to batch


_IDLE: ContextVar[list[Callable[[], object]] | None] = ContextVar("idle_work", default=None)


def show_progress(n_items: int, requested: bool | None = None, *, at_least: int = 2000) -> bool:
    """Whether to draw a progress bar: as ``requested``, else for ``at_least`` items or more
    when someone can watch it (stderr is a terminal, or this is an interactive notebook with
    ipywidgets). Never in logs, pipes or report runs (``ANALYSIS_PROGRESS=0``), where a text bar
    would leave carriage-return noise."""
    if requested is not None:
        return requested
    if n_items < at_least or os.environ.get("ANALYSIS_PROGRESS") == "0":
        return False
    if sys.stderr is not None and sys.stderr.isatty():
        return True
    shell = sys.modules.get("IPython")
    ip = shell.get_ipython() if shell is not None else None
    if ip is None or type(ip).__name__ != "ZMQInteractiveShell":
        return False
    try:
        import ipywidgets  # noqa: F401  (tqdm.auto draws a widget only with it)
    except ImportError:
        return False
    return True


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
    if not pending:
        return
    # The pool's own threads in this process feed the workers and read their results, a few
    # kB per wake-up: with the default 5 ms switch interval a long task holding the GIL would
    # keep the workers waiting (measured: 0.3 s of a 2.9 s segmentation of 20 MB).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    try:
        pending.pop(0)()
    finally:
        sys.setswitchinterval(interval)


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


@dataclass(frozen=True)
class _Pool:
    executor: ProcessPoolExecutor
    held: tuple


_POOL: ContextVar[_Pool | None] = ContextVar("worker_pool", default=None)


@contextmanager
def worker_pool(*held: object, workers: int) -> Iterator[None]:
    """Start ``workers`` processes now (none when ``workers`` < 2), each holding ``held``
    (e.g. a cleaning pipeline and a segmenter) and calling ``warm_up()`` on those that have
    one, so they get ready while this process goes on importing and reading the corpus.
    The :func:`process_map` calls inside the block whose ``shared`` equals one of ``held``
    run on these workers instead of starting processes of their own."""
    if workers < 2:
        yield
        return
    executor = ProcessPoolExecutor(workers, initializer=_hold, initargs=(held, True))
    with _frozen():
        executor.submit(_ready)  # the workers start (fork) on the first task
        token = _POOL.set(_Pool(executor, held))
        try:
            yield
        finally:
            _POOL.reset(token)
            executor.shutdown(cancel_futures=True)


@contextmanager
def _frozen() -> Iterator[None]:
    """The objects that exist now left out of garbage collection while the block runs, as
    Python's documentation advises before forking: the collector then neither walks them
    (the imported libraries, the corpus) again and again in this process nor writes to their
    memory in the workers, which would make each worker copy the pages it shares with this
    process. On a 20 MB corpus this saved about 5 % of the CPU time of ``analysis keywords``.
    Objects the block makes are collected as usual. Inside a frozen block (or after the
    caller's own ``gc.freeze()``) it does nothing."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _ready() -> None:
    return None


_HELD: tuple = ()  # in a worker process: what its pool sent it once


def _hold(held: tuple, warm: bool) -> None:
    global _HELD
    _HELD = held
    for obj in held if warm else ():
        if callable(getattr(obj, "warm_up", None)):
            obj.warm_up()


def _call(task: tuple[Callable, int, object]):
    function, index, job = task
    return function(_HELD[index], job)


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
    with every job; forked workers inherit it as it is, dictionary loaded or not. Inside
    :func:`worker_pool` holding ``shared``, that pool's workers run the jobs.
    ``progress`` names a bar shown while the jobs finish."""
    pool = _POOL.get()
    index = next((i for i, obj in enumerate(pool.held) if obj == shared), None) if pool else None
    with ExitStack() as stack:
        if index is None:
            executor = ProcessPoolExecutor(workers, initializer=_hold, initargs=((shared,), False))
            stack.enter_context(_frozen())
            stack.enter_context(executor)
            index = 0
        else:
            executor = pool.executor
        results = executor.map(_call, [(function, index, job) for job in jobs])
        _run_idle_work()  # the workers have started
        if progress:
            from tqdm.auto import tqdm

            results = tqdm(results, total=len(jobs), desc=progress, unit="chunk")
        return list(results)
