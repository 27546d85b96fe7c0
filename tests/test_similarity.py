from __future__ import annotations

import pytest

from analysis.similarity import near_duplicates, similar_pairs, similarity_matrix
from analysis.vectorize import tfidf


def test_similarity_matrix_and_pairs():
    result = tfidf([["数据", "共享"], ["数据", "共享"], ["形式主义"]])
    square = similarity_matrix(result.matrix, ["a", "b", "c"])
    assert square.loc["a", "b"] == pytest.approx(1.0) and square.loc["a", "c"] == 0
    pairs = similar_pairs(result.matrix, ["a", "b", "c"], min_score=0.5)
    assert pairs[["doc_id", "other"]].values.tolist() == [["a", "b"]]


def test_near_duplicates_find_reposts(seed_path):
    from analysis import clean_corpus, load_corpus

    docs = clean_corpus(load_corpus(seed_path))
    texts = docs["clean_text"].tolist()
    reposted = [*texts, texts[3] + "（转自某网站）", texts[3]]
    ids = [*docs["doc_id"].tolist(), "copy1", "copy2"]
    dups = near_duplicates(reposted, ids, threshold=0.8)
    assert set(dups["group"]) == {0}
    assert set(dups["doc_id"]) | set(dups["other"]) == {ids[3], "copy1", "copy2"}
    assert near_duplicates(texts, docs["doc_id"], threshold=0.8).empty
    assert near_duplicates([], []).empty
