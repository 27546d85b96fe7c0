from __future__ import annotations

import pickle
from itertools import pairwise

import numpy as np
import pytest

from analysis.tokens import SegmentedCorpus, TokenLists

LISTS = [["数字政府", "数据共享"], [], ["一网通办", "APP", "数据共享"]]


def test_behaves_like_a_list_of_lists():
    tokens = TokenLists.from_lists(LISTS)
    assert len(tokens) == 3 and tokens == LISTS and list(tokens) == LISTS
    assert tokens[0] == LISTS[0] and tokens[1] == [] and tokens[-1] == LISTS[-1]
    assert tokens[1:] == LISTS[1:] and tokens[::2] == LISTS[::2]
    assert tokens.lengths.tolist() == [2, 0, 3] and tokens.n_tokens == 5
    assert tokens.take([2, 0]) == [LISTS[2], LISTS[0]]
    assert tokens.to_lists() == LISTS and tokens != LISTS[:2]
    with pytest.raises(IndexError, match="out of range for 3"):
        tokens[3]
    assert pickle.loads(pickle.dumps(tokens)) == tokens


def test_encoded_codes_rebuild_the_tokens():
    tokens = TokenLists.from_lists(LISTS)[1:]  # a slice: offsets start at 0 again
    enc = tokens.encoded
    rebuilt = [enc.vocab[enc.codes[a:b]].tolist() for a, b in pairwise(enc.offsets)]
    assert rebuilt == LISTS[1:]
    assert enc.doc_of_token.tolist() == [1, 1, 1]
    assert tokens.char_lengths().tolist() == [0, 4 + 3 + 4]


def test_concat_and_empty():
    a, b = TokenLists.from_lists(LISTS[:1]), TokenLists.from_lists(LISTS[1:])
    assert TokenLists.concat([a, b]) == LISTS
    empty = TokenLists.from_lists([])
    assert len(empty) == 0 and empty.n_tokens == 0 and empty.encoded.codes.size == 0
    assert TokenLists.concat([]) == []
    assert np.array_equal(empty.lengths, [])


def test_segmented_parts_concatenate_whatever_their_tags():
    from analysis.tokens import SegmentedCorpus

    a = SegmentedCorpus.from_tagged([[("数据", "n"), ("。", "x")]], kept=[[True, False]])
    b = SegmentedCorpus.from_tagged([[("一网通办", "gov")]], kept=[[True]])  # a user-dict tag
    c = SegmentedCorpus.from_tagged([[("共享", "v")]], kept=[[True]])
    for parts in ([a, c], [a, b, c]):
        whole = SegmentedCorpus.concat(parts)
        assert [whole.pairs(i) for i in range(len(whole))] == [p.pairs(0) for p in parts]
        assert whole.to_lists() == [p.to_lists()[0] for p in parts]
    assert whole.starts.tolist() == [0, 2, 0, 0] and whole.sents.tolist() == [0, 0, 0, 0]


def test_a_pickled_block_of_documents_carries_only_its_rows():
    corpus = SegmentedCorpus.from_tagged(
        [[("数据", "n"), ("共享", "v")]] * 5000, kept=[[True, False]] * 5000
    )
    block = corpus.rows(10, 12)
    copied = pickle.loads(pickle.dumps(block))
    assert copied.table.equals(block.table) and copied.pairs(1) == [("数据", "n"), ("共享", "v")]
    assert len(pickle.dumps(block)) < len(pickle.dumps(corpus)) / 50
    tokens = TokenLists.from_lists([["数据", "共享"]] * 5000)
    assert len(pickle.dumps(tokens[10:12])) < len(pickle.dumps(tokens)) / 50


def test_a_table_or_texts_in_place_of_tokens_say_what_to_pass():
    """A student's first try: the loaded table, or its texts, where tokens are asked for.
    Iterated, they would give column names or characters as words (labels d·m·_)."""
    import pandas as pd

    from analysis.cluster import cluster_documents
    from analysis.keywords import extract_keywords

    docs = pd.DataFrame({"doc_id": [1, 2], "clean_text": ["数字政府建设", "基层减负"]})
    with pytest.raises(TypeError, match=r"not a DataFrame: pass segment_corpus\(docs\)"):
        cluster_documents(docs, k=2)
    with pytest.raises(TypeError, match=r"not a text .*segment the texts first"):
        cluster_documents(docs["clean_text"].tolist(), k=2)
    with pytest.raises(TypeError, match=r"pass docs\['clean_text'\]"):
        extract_keywords(docs)
