from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.terms import DISCOVER_COLUMNS, discover_terms
from analysis.tokens import SegmentedCorpus

# 接诉即办 is cut apart (接诉/即/办) by a segmenter without the lexicon; it appears in many
# contexts. 数字 + 乡村 always follows 建设, so its left side is not free.
TEXTS = [
    "推行接诉即办改革。建设数字乡村。",
    "深化接诉即办。建设数字乡村，推进治理。",
    "接诉即办提升效能。建设数字乡村。",
    "完善接诉即办机制，建设数字乡村。",
    "群众点赞接诉即办。",
]


@pytest.fixture(scope="module")
def corpus():
    from analysis.segment import Segmenter

    segmenter = Segmenter(user_dicts=())
    tagged = [segmenter._engine.tag(t) for t in TEXTS]
    return SegmentedCorpus.from_tagged(tagged, kept=[[True] * len(d) for d in tagged])


def test_a_cut_apart_term_used_in_many_contexts_comes_first(corpus):
    found = discover_terms(corpus, texts=TEXTS, min_count=3)
    assert list(found.columns) == DISCOVER_COLUMNS
    top = found.iloc[0]
    assert (top["term"], top["count"], top["n_docs"]) == ("接诉即办", 5, 5)
    assert top["parts"].count("/") >= 1 and top["parts"].replace("/", "") == "接诉即办"
    assert "接诉即办" in top["example"]
    # five different left neighbours (推行, 深化, a boundary, 完善, 点赞): entropy log 5
    assert top["left_entropy"] == pytest.approx(math.log(5), abs=1e-3)
    # 数字乡村 always comes after 建设: no left freedom, so it ranks below
    row = found.set_index("term").loc["数字乡村"]
    assert row["left_entropy"] == 0 and row["score"] == 0


def test_known_terms_and_thresholds(corpus):
    assert "接诉即办" not in set(discover_terms(corpus, known={"接诉即办"}, min_count=3)["term"])
    assert (discover_terms(corpus, min_count=5)["count"] >= 5).all()
    assert (discover_terms(corpus, min_count=1, min_df=5)["n_docs"] >= 5).all()
    assert len(discover_terms(corpus, min_count=1, top_n=2)) == 2
    assert discover_terms(corpus, min_count=1, max_len=3).empty is False
    assert (discover_terms(corpus, min_count=1, max_len=3)["term"].str.len() <= 3).all()
    with pytest.raises(ValueError, match="max_tokens must be 2 to 4"):
        discover_terms(corpus, max_tokens=5)


def test_stopwords_and_punctuation_are_never_parts(corpus):
    found = discover_terms(corpus, min_count=1, stopwords={"接诉"})
    assert not found["parts"].str.split("/").apply(lambda p: "接诉" in p).any()
    assert not found["term"].str.contains("[。，]").any()


def test_empty_corpus_gives_an_empty_table():
    empty = SegmentedCorpus.from_tagged([], kept=[])
    found = discover_terms(empty)
    assert found.empty and list(found.columns) == DISCOVER_COLUMNS
    with pytest.raises(TypeError, match="needs the segmented corpus of segment_corpus"):
        discover_terms([["接诉", "即办"]])  # token lists: no tags, no text


WORDS = st.sampled_from(["数据", "共享", "平台", "治理", "基层", "，"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=0, max_size=12), min_size=1, max_size=6))
def test_counts_and_entropies_match_a_brute_force_count(docs):
    tagged = [[(w, "x" if w == "，" else "n") for w in d] for d in docs]
    corpus = SegmentedCorpus.from_tagged(tagged, kept=[[True] * len(d) for d in docs])
    found = discover_terms(corpus, min_count=1, min_df=1, max_tokens=3, top_n=None)
    for row in found.itertuples():
        parts = row.parts.split("/")
        m = len(parts)
        uses = [
            (d, i)
            for d, doc in enumerate(docs)
            for i in range(len(doc) - m + 1)
            if doc[i : i + m] == parts
        ]
        assert row.count == len(uses)
        assert row.n_docs == len({d for d, _ in uses})
        assert 0 <= row.left_entropy <= math.log(row.count) + 1e-3
        assert 0 <= row.right_entropy <= math.log(row.count) + 1e-3
        assert "，" not in parts and row.term == "".join(parts)
