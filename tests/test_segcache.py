from __future__ import annotations

import pytest

from analysis import segment
from analysis.segcache import cache_key, clear_cache, segment_corpus
from analysis.segment import Segmenter

TEXTS = ["卸掉基层治理的数字枷锁", "数字政府推动数据共享", "一网通办和放管服"]


class CountingSegmenter(Segmenter):
    calls = 0

    def segment(self, texts, **kwargs):
        type(self).calls += 1
        return super().segment(texts, **kwargs)


@pytest.fixture
def seg():
    CountingSegmenter.calls = 0
    return CountingSegmenter()


def test_second_run_reads_the_cache(tmp_path, seg):
    first = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    second = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    assert first == second == seg.segment(TEXTS)
    assert seg.calls == 2  # the cold run and the direct call above, not the warm run
    (entry,) = tmp_path.glob("tokens-*.parquet")
    assert entry.read_bytes()[:4] == b"PAR1"  # Parquet, not pickle
    assert not list(tmp_path.glob(".tmp-*"))  # written atomically, nothing left behind


def test_one_changed_character_misses_the_cache(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    changed = [TEXTS[0], TEXTS[1].replace("共享", "开放"), TEXTS[2]]
    assert cache_key(changed, seg) != cache_key(TEXTS, seg)
    tokens = segment_corpus(changed, seg, cache_dir=tmp_path)
    assert "数据开放" in tokens[1] or "开放" in tokens[1]
    assert seg.calls == 2 and len(list(tmp_path.glob("tokens-*.parquet"))) == 2


def test_configuration_is_part_of_the_key(tmp_path):
    a = Segmenter()
    b = Segmenter(stopwords=())
    c = Segmenter(engine="jieba")
    keys = {cache_key(TEXTS, s) for s in (a, b, c)}
    assert len(keys) == 3
    assert segment_corpus(TEXTS, b, cache_dir=tmp_path) != segment_corpus(
        ["的了", *TEXTS[1:]], a, cache_dir=tmp_path
    )


def test_corrupted_entry_is_recomputed_with_a_warning(tmp_path, seg):
    expected = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    (entry,) = tmp_path.glob("tokens-*.parquet")
    entry.write_bytes(b"PAR1 this is not parquet")
    with pytest.warns(UserWarning, match="unreadable or stale"):
        assert segment_corpus(TEXTS, seg, cache_dir=tmp_path) == expected
    assert seg.calls == 2
    assert segment_corpus(TEXTS, seg, cache_dir=tmp_path) == expected  # repaired entry
    assert seg.calls == 2


def test_entry_of_another_corpus_is_stale(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    (entry,) = tmp_path.glob("tokens-*.parquet")
    other = tmp_path / "other"
    segment_corpus(TEXTS[:2], seg, cache_dir=other)
    (other_entry,) = other.glob("tokens-*.parquet")
    entry.write_bytes(other_entry.read_bytes())  # a file under the wrong name
    with pytest.warns(UserWarning, match="another corpus"):
        assert len(segment_corpus(TEXTS, seg, cache_dir=tmp_path)) == 3


def test_clear_cache_and_no_cache(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    assert clear_cache(tmp_path) == 1 and not list(tmp_path.glob("*.parquet"))
    segment_corpus(TEXTS, seg, cache=False, cache_dir=tmp_path)
    assert not list(tmp_path.glob("*.parquet"))


def test_frames_need_the_column(tmp_path):
    import pandas as pd

    with pytest.raises(ValueError, match="no column 'clean_text'"):
        segment_corpus(pd.DataFrame({"text": TEXTS}), cache_dir=tmp_path)


def test_parallel_segmentation_matches_serial(monkeypatch):
    texts = TEXTS * 40
    serial = Segmenter().segment(texts, n_jobs=1)
    monkeypatch.setattr(segment, "_PARALLEL_FROM", 100)
    monkeypatch.setattr(segment, "_CHUNK", 200)
    assert Segmenter().segment(texts, n_jobs=2) == serial
    assert Segmenter().tag_all(texts[:6], n_jobs=2) == [Segmenter().tag(t) for t in texts[:6]]
