"""Process pools: one per call, or started early and held (worker_pool); idle work."""

from __future__ import annotations

import os

import pytest

from analysis import parallel
from analysis.clean import make_pipeline
from analysis.segment import Segmenter

TEXTS = [
    "数字政府建设要让基层减负。",
    "数据共享平台不能变成数字枷锁。",
    "一网通办提升政务服务效率。",
]


class Held:
    """A shared object that records, in the worker, that it was warmed up."""

    def __init__(self) -> None:
        self.warm = False

    def warm_up(self) -> None:
        self.warm = True


def _where(held: Held, job: int) -> tuple[int, int, bool]:
    return job, os.getpid(), held.warm


def test_process_map_keeps_job_order():
    out = parallel.process_map(_where, list(range(8)), shared=Held(), workers=2)
    assert [job for job, _, _ in out] == list(range(8))
    assert all(pid != os.getpid() for _, pid, _ in out)
    assert not any(warm for _, _, warm in out)  # a pool of its own does not warm up


def test_worker_pool_runs_the_calls_for_what_it_holds():
    held, other = Held(), Held()
    with parallel.worker_pool(make_pipeline(), held, workers=2):
        first = parallel.process_map(_where, list(range(6)), shared=held, workers=2)
        second = parallel.process_map(_where, list(range(6)), shared=held, workers=2)
        elsewhere = parallel.process_map(_where, list(range(6)), shared=other, workers=2)
    # the same processes, started once: both calls together ran in at most the 2 workers
    # (one worker may take every job of a call when the machine is busy)
    pool_pids = {pid for _, pid, _ in first + second}
    assert len(pool_pids) <= 2
    assert all(warm for _, _, warm in first)  # warm_up ran in each worker
    assert not {pid for _, pid, _ in elsewhere} & pool_pids  # not held: its own pool
    assert [job for job, _, _ in elsewhere] == list(range(6))


def test_held_objects_are_matched_by_equality():
    # clean_corpus builds its own default pipeline: equal to the held one, so it is served
    with parallel.worker_pool(make_pipeline(), workers=2):
        pool = parallel._POOL.get()
        assert pool is not None and make_pipeline() in pool.held


def _freeze_count(held: Held, job: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_pools_fork_with_the_objects_of_this_process_frozen():
    import gc

    assert gc.get_freeze_count() == 0
    with parallel.worker_pool(Held(), workers=2):
        assert gc.get_freeze_count() > 0  # left out of collection here and in the workers
        inner = parallel.process_map(_freeze_count, [0, 1], shared=Held(), workers=2)
        assert gc.get_freeze_count() > 0  # the inner pool did not unfreeze the outer one
    assert all(count > 0 for count in inner)
    assert gc.get_freeze_count() == 0  # collected as usual again
    parallel.process_map(_freeze_count, [0, 1], shared=Held(), workers=2)
    assert gc.get_freeze_count() == 0


def test_worker_pool_with_one_worker_starts_nothing():
    with parallel.worker_pool(Held(), workers=1):
        assert parallel._POOL.get() is None


def test_cleaning_and_segmentation_on_a_held_pool_equal_serial(monkeypatch):
    import pandas as pd

    from analysis.clean import clean_corpus

    docs = pd.DataFrame({"title": [""] * 60, "text": ["  " + t + "..." for t in TEXTS * 20]})
    serial = clean_corpus(docs)
    seg = Segmenter()
    expected = seg.segment(serial["clean_text"], n_jobs=1)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel, "CHUNK", 200)
    with parallel.worker_pool(make_pipeline(), seg, workers=2):
        cleaned = clean_corpus(docs)
        tokens = seg.segment(cleaned["clean_text"], n_jobs=2)
    pd.testing.assert_frame_equal(cleaned, serial)
    assert tokens == expected


def test_idle_work_runs_while_the_pool_works(monkeypatch):
    ran = []
    texts = TEXTS * 40
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel, "CHUNK", 200)
    with parallel.idle_work(lambda: ran.append("first"), lambda: ran.append("second")):
        Segmenter().segment(texts, n_jobs=2)
        assert ran == ["first"]  # one task per pool
        Segmenter().segment(TEXTS, n_jobs=1)  # no pool: the task waits for the end
        assert ran == ["first"]
    assert ran == ["first", "second"]


def test_pool_workers_leaves_small_inputs_here():
    assert parallel.pool_workers(TEXTS, n_jobs=2) == 0
    assert parallel.pool_workers(["数" * parallel.PARALLEL_FROM, "据"], n_jobs=2) == 2
    assert parallel.pool_workers(["数" * parallel.PARALLEL_FROM, "据"], n_jobs=1) == 0


@pytest.mark.parametrize("size", [1, 5, 50])
def test_text_chunks_keep_every_text_in_order(size):
    texts = [t * (i % 4) for i, t in enumerate(TEXTS * 5)]
    chunks = parallel.text_chunks(texts, size)
    assert [t for chunk in chunks for t in chunk] == texts
