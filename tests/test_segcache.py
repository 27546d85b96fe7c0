from __future__ import annotations

import pytest

from analysis import parallel
from analysis.segcache import cache_key, clear_cache, segment_corpus
from analysis.segment import Segmenter

TEXTS = ["卸掉基层治理的数字枷锁", "数字政府推动数据共享", "一网通办和放管服"]


class CountingSegmenter(Segmenter):
    calls = 0

    def segmented(self, texts, **kwargs):
        type(self).calls += 1
        return super().segmented(texts, **kwargs)


@pytest.fixture
def seg():
    CountingSegmenter.calls = 0
    return CountingSegmenter()


def test_second_run_reads_the_cache(tmp_path, seg):
    first = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    second = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    assert first == second == seg.segment(TEXTS)
    assert seg.calls == 1  # the cold run, not the warm run
    (entry,) = tmp_path.glob("segmented-*.arrow")
    assert entry.read_bytes()[:6] == b"ARROW1"  # Arrow IPC, not pickle
    assert not list(tmp_path.glob(".tmp-*"))  # written atomically, nothing left behind


def test_one_changed_character_misses_the_cache(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    changed = [TEXTS[0], TEXTS[1].replace("共享", "开放"), TEXTS[2]]
    assert cache_key(changed, seg) != cache_key(TEXTS, seg)
    tokens = segment_corpus(changed, seg, cache_dir=tmp_path)
    assert "数据开放" in tokens[1] or "开放" in tokens[1]
    assert seg.calls == 2 and len(list(tmp_path.glob("segmented-*.arrow"))) == 2


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
    (entry,) = tmp_path.glob("segmented-*.arrow")
    entry.write_bytes(b"ARROW1 this is not an Arrow file")
    with pytest.warns(UserWarning, match="unreadable or stale"):
        assert segment_corpus(TEXTS, seg, cache_dir=tmp_path) == expected
    assert seg.calls == 2
    assert segment_corpus(TEXTS, seg, cache_dir=tmp_path) == expected  # repaired entry
    assert seg.calls == 2


def test_flipped_bytes_are_detected(tmp_path, seg):
    expected = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    (entry,) = tmp_path.glob("segmented-*.arrow")
    data = bytearray(entry.read_bytes())
    at = data.index("数据".encode())  # a token's bytes: still valid UTF-8 after the change
    data[at : at + 6] = "政府".encode()
    entry.write_bytes(bytes(data))
    with pytest.warns(UserWarning, match="checksum"):
        assert segment_corpus(TEXTS, seg, cache_dir=tmp_path) == expected
    assert seg.calls == 2


def test_warm_result_behaves_like_lists(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    warm = segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    assert warm[0] == seg.tokenize(TEXTS[0]) and warm[-1] == seg.tokenize(TEXTS[-1])
    assert warm[1:].to_lists() == [seg.tokenize(t) for t in TEXTS[1:]]
    assert [len(t) for t in warm] == warm.lengths.tolist()


def test_entry_of_another_corpus_is_stale(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    (entry,) = tmp_path.glob("segmented-*.arrow")
    other = tmp_path / "other"
    segment_corpus(TEXTS[:2], seg, cache_dir=other)
    (other_entry,) = other.glob("segmented-*.arrow")
    entry.write_bytes(other_entry.read_bytes())  # a file under the wrong name
    with pytest.warns(UserWarning, match="another corpus"):
        assert len(segment_corpus(TEXTS, seg, cache_dir=tmp_path)) == 3


def test_clear_cache_and_no_cache(tmp_path, seg):
    segment_corpus(TEXTS, seg, cache_dir=tmp_path)
    assert clear_cache(tmp_path) == 1 and not list(tmp_path.glob("*.arrow"))
    segment_corpus(TEXTS, seg, cache=False, cache_dir=tmp_path)
    assert not list(tmp_path.glob("*.arrow"))


def test_frames_need_the_column(tmp_path):
    import pandas as pd

    with pytest.raises(ValueError, match="no column 'clean_text'"):
        segment_corpus(pd.DataFrame({"text": TEXTS}), cache_dir=tmp_path)


def test_parallel_segmentation_matches_serial(monkeypatch):
    texts = TEXTS * 40
    serial = Segmenter().segment(texts, n_jobs=1)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel, "CHUNK", 200)
    assert Segmenter().segment(texts, n_jobs=2) == serial
    assert Segmenter().tag_all(texts[:6], n_jobs=2) == [Segmenter().tag(t) for t in texts[:6]]


def test_key_is_the_same_for_lists_and_frames():
    import pandas as pd

    seg = Segmenter()
    frame = pd.DataFrame({"clean_text": [*TEXTS, None]})
    assert cache_key([*TEXTS, None], seg) == cache_key(frame["clean_text"], seg)
    assert cache_key(frame["clean_text"].iloc[1:], seg) == cache_key([*TEXTS[1:], None], seg)
    # boundaries count: the same characters split differently are another corpus
    assert cache_key(["数据共享", "平台"], seg) != cache_key(["数据", "共享平台"], seg)
    assert cache_key(["数据", None], seg) != cache_key(["数据", ""], seg)


def test_an_edited_dictionary_with_the_same_name_never_serves_stale_tokens(tmp_path):
    # the key once named a dictionary by a hash read at key time, while the engine had loaded
    # it earlier: an edit in between stored old tokens under the new content's key (issue 10)
    user_dict = tmp_path / "terms.txt"
    user_dict.write_text("甲乙丙 100 n\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = Segmenter(user_dicts=[user_dict])
    segment_corpus(["甲乙丙的试点"], first, cache_dir=cache)  # the engine is loaded now
    user_dict.write_text("丁戊己 100 n\n", encoding="utf-8")  # edited, same name
    text = ["丁戊己的试点"]
    segment_corpus(text, first, cache_dir=cache)  # the old segmenter: the old dictionary
    fresh = Segmenter(user_dicts=[user_dict])
    assert "丁戊己" in segment_corpus(text, fresh, cache_dir=cache)[0]
    assert first.config()["user_dicts"] != fresh.config()["user_dicts"]


def test_no_step_segments_or_tags_again(monkeypatch, tmp_path):
    """After segment_corpus, keywords of every method, KWIC, co-occurrence, TF-IDF, keyness and
    clustering read the segmented corpus: no engine is called again (issue 12)."""
    from collections import Counter

    import jieba
    import jieba.posseg

    from analysis import clean_corpus, cluster_documents, load_corpus
    from analysis.context import cooccurrence, kwic
    from analysis.keywords import METHODS, extract_keywords, keyness
    from analysis.segment import JiebaEngine, RjiebaEngine
    from analysis.vectorize import term_counts, tfidf
    from conftest import SEED

    calls: Counter[str] = Counter()

    def counting(owner, name):
        original = getattr(owner, name)

        def wrapper(self, *args, **kwargs):
            calls[f"{owner.__name__}.{name}"] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    for owner in (RjiebaEngine, JiebaEngine):
        counting(owner, "cut")
        counting(owner, "tag")
    counting(jieba.Tokenizer, "cut")
    counting(jieba.posseg.POSTokenizer, "cut")

    docs = clean_corpus(load_corpus(SEED))
    texts, ids = docs["clean_text"], docs["doc_id"]
    seg = Segmenter()
    corpus = segment_corpus(docs, seg, cache_dir=tmp_path)
    # each text cut once; tags are looked up per distinct word (a few words that the engine
    # cuts otherwise when alone are tagged in a window of text around them)
    n_texts = int((texts.str.len() > 0).sum())
    assert calls["RjiebaEngine.cut"] == n_texts and calls["RjiebaEngine.tag"] < n_texts, calls
    assert set(calls) <= {"RjiebaEngine.cut", "RjiebaEngine.tag"}, calls
    calls.clear()

    keywords = [
        extract_keywords(texts, doc_ids=ids, method=m, segmenter=seg, tokens=corpus)
        for m in METHODS
    ]
    assert all(len(k) for k in keywords)
    assert len(kwic(texts, keywords[0], doc_ids=ids, corpus=corpus))
    assert len(cooccurrence(corpus, min_count=1, top_n=10))
    assert len(term_counts(corpus, top_n=10))
    tfidf(corpus)
    keyness(corpus, [i == 0 for i in range(len(corpus))], top_n=5)
    cluster_documents(corpus, doc_ids=ids, k=3, random_state=0)
    assert segment_corpus(docs, seg, cache_dir=tmp_path) == corpus  # the cache, not the engine
    assert calls == Counter(), f"segmented again: {dict(calls)}"


def test_cleaned_texts_from_the_cache_are_those_of_clean_corpus(tmp_path):
    """clean_corpus_cached gives what clean_corpus gives, the second time from the cache:
    cells that are no text stay as they are; a missing column is a clear error."""
    import numpy as np
    import pandas as pd

    from analysis import clean_corpus
    from analysis.segcache import clean_corpus_cached

    docs = pd.DataFrame(
        {"title": ["数字政府", np.nan], "text": ["据报道,基层平台数量过多.", "國家發展與經濟建設"]}
    )
    expected = clean_corpus(docs)
    for _ in range(2):  # written, then read
        cached = clean_corpus_cached(docs, cache_dir=tmp_path)
        pd.testing.assert_frame_equal(cached, expected)
    assert len(list(tmp_path.glob("cleaned-*.arrow"))) == 1
    with pytest.raises(ValueError, match="no column 'title'"):
        clean_corpus_cached(docs[["text"]], cache_dir=tmp_path)
