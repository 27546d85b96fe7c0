from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.context import body_first, cooccurrence, cooccurrence_graph, kwic, split_sentences


def test_kwic_lines_point_back_to_the_text():
    texts = ["平台沦为基层治理的数字枷锁。数字枷锁本质是形式主义。", "没有这个词"]
    lines = kwic(texts, ["数字枷锁", "形式主义"], doc_ids=["a", "b"], width=5)
    assert list(lines.columns) == ["doc_id", "term", "left", "match", "right", "position"]
    assert lines["term"].tolist() == ["数字枷锁", "数字枷锁", "形式主义"]
    for _, row in lines.iterrows():
        text = texts[0]
        assert text[row.position : row.position + len(row.match)] == row.match
        assert text[: row.position].endswith(row.left)
    assert kwic(texts, []).empty
    assert len(kwic(texts, "数字枷锁", max_per_term=1)) == 1


def test_kwic_finds_a_term_inside_another():
    lines = kwic(["数字政府建设"], ["数字", "数字政府"])
    assert lines["match"].tolist() == ["数字", "数字政府"]


def test_kwic_per_document_finds_every_keyword_in_its_own_document():
    # one pattern of all documents' keywords, longest first, missed 基层治理 inside
    # 基层治理能力现代化 when another document had that longer keyword (issue 10)
    texts = ["推进基层治理能力现代化，基层治理要减负。", "基层治理能力现代化是目标。"]
    keywords = {"a": ["基层治理", "减负"], "b": ["基层治理能力现代化"]}
    lines = kwic(texts, keywords, doc_ids=["a", "b"])
    found = set(zip(lines["doc_id"], lines["term"], strict=True))
    assert found == {("a", "基层治理"), ("a", "减负"), ("b", "基层治理能力现代化")}
    assert len(lines[(lines["doc_id"] == "a") & (lines["term"] == "基层治理")]) == 2


def test_split_sentences():
    assert split_sentences("一。二！三？\n四；") == ["一。", "二！", "三？", "四；"]


def test_cooccurrence_by_unit_and_window():
    units = [["数据", "共享", "平台"], ["数据", "共享"], ["平台", "形式主义"]]
    edges = cooccurrence(units, min_count=1)
    pairs = {(r.source, r.target): r.weight for r in edges.itertuples()}
    assert pairs[("共享", "数据")] == 2 and pairs[("共享", "平台")] == 1
    assert ("平台", "数据") in pairs
    windowed = cooccurrence(units, window=1, min_count=1)
    assert ("平台", "数据") not in {(r.source, r.target) for r in windowed.itertuples()}
    assert cooccurrence(units, min_count=5).empty
    limited = cooccurrence(units, min_count=1, vocabulary={"数据", "共享"})
    assert set(limited["source"]) | set(limited["target"]) == {"数据", "共享"}


def test_a_window_counts_spans_on_both_sides_of_the_table():
    """甲 and 乙 share 50 of 100 sentences and stand side by side in 25: within a window
    they go together far more than chance (the terms' own counts are of the same spans as
    the pair's; counted by sentence they were 0 and 0). Words a vocabulary leaves out still
    stand between: 数据 and 共享, two apart, are no pair at window 1."""
    units = [["甲", "乙", *["丙"] * 8]] * 25 + [["甲", *["丙"] * 8, "乙"]] * 25 + [["丁"] * 10] * 50
    edges = cooccurrence(units, window=2, min_count=1)
    (row,) = edges.query("source == '乙' and target == '甲'").itertuples()
    assert row.weight == 25 and row.pmi > 1 and row.g2 > 10.83
    spaced = [["数据", "的", "共享"]] * 3
    assert cooccurrence(spaced, window=1, min_count=1, vocabulary={"数据", "共享"}).empty
    assert len(cooccurrence(spaced, window=2, min_count=1, vocabulary={"数据", "共享"})) == 1
    with pytest.raises(ValueError, match="window must be at least 1"):
        cooccurrence(spaced, window=0)


def test_graph():
    graph = cooccurrence_graph(cooccurrence([["数据", "共享"], ["数据", "共享"]], min_count=1))
    assert isinstance(graph, nx.Graph)
    assert graph["共享"]["数据"]["weight"] == 2 and graph.nodes["数据"]["count"] == 2


def test_every_phrase_keyword_of_the_seed_is_found_in_its_own_document(seed_path):
    from analysis import clean_corpus, extract_keywords, load_corpus

    docs = clean_corpus(load_corpus(seed_path))
    kw = extract_keywords(docs["clean_text"], doc_ids=docs["doc_id"], top_n=10)
    lines = kwic(docs["clean_text"], kw, doc_ids=docs["doc_id"])
    found = set(zip(lines["doc_id"], lines["term"], strict=True))
    assert set(zip(kw["doc_id"], kw["term"], strict=True)) == found


def test_g2_ranks_a_pair_found_everywhere_last():
    """Issue 13: in 143 work reports the top pairs shared every document (a hairball)."""
    units = [["建设", "发展", "数据", "共享"]] * 5 + [["建设", "发展", "基层"]] * 5
    edges = cooccurrence(units, min_count=1, rank_by="g2")
    assert edges.iloc[0][["source", "target"]].tolist() == ["共享", "数据"]
    everywhere = edges.set_index(["source", "target"]).loc[("发展", "建设")]
    assert everywhere["weight"] == 10 and everywhere["g2"] == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("甲乙丙丁"), max_size=4), min_size=1, max_size=12))
def test_g2_sign_follows_observed_against_expected(units):
    edges = cooccurrence(units, min_count=1)
    n = len(units)
    holding = {t: sum(t in u for u in units) for t in "甲乙丙丁"}
    for row in edges.itertuples():
        expected = holding[row.source] * holding[row.target] / n
        if row.weight > expected + 1e-9:
            assert row.g2 > 0
        elif row.weight < expected - 1e-9:
            assert row.g2 < 0
        else:
            assert abs(row.g2) < 1e-3


def test_sentences_are_the_units_of_sentence_cooccurrence():
    from analysis.tokens import SegmentedCorpus

    corpus = SegmentedCorpus.from_tagged(
        [
            [("数据", "n"), ("共享", "v"), ("。", "x"), ("的", "u"), ("。", "x"), ("平台", "n")],
            [],
            [("基层", "n"), ("减负", "v")],
        ],
        kept=[[True, True, False, False, False, True], [], [True, True]],
    )
    assert corpus.sentences().to_lists() == [["数据", "共享"], ["平台"], ["基层", "减负"]]
    edges = cooccurrence(corpus.sentences(), min_count=1)
    assert {tuple(p) for p in edges[["source", "target"]].values} == {
        ("共享", "数据"),
        ("减负", "基层"),
    }


def test_the_network_draws_what_the_reports_talk_about():
    """On the bundled national work reports the 40 most frequent words under the ceiling
    hold 加大, 应该 and 这种; the network's words are nouns and the like instead."""
    from analysis import segment_corpus
    from analysis.context import topic_terms
    from analysis.keywords import document_ceiling
    from analysis.segment import make_segmenter
    from analysis.vectorize import term_counts
    from analysis.workflow import load_clean

    docs = load_clean("national-reports")
    tokens = segment_corpus(docs, make_segmenter())
    ceiling = document_ceiling(None, len(docs))
    plain = set(term_counts(tokens, top_n=40, max_df=ceiling)["term"])
    drawn = set(topic_terms(tokens, top_n=40, max_df=ceiling)["term"])
    assert {"提升", "每年", "期间"} <= plain and not {"提升", "每年", "期间"} & drawn
    assert {"资本主义", "重工业", "第一个五年计划"} <= drawn


def test_evidence_from_a_title_line_comes_after_the_body():
    docs = pd.DataFrame(
        {
            "doc_id": ["意见", "报告"],
            "clean_title": ["关于加快公共数据资源开发利用的意见", "政府工作报告"],
            "clean_text": [
                "关于加快公共数据资源开发利用的意见\n推进公共数据资源开发。公共数据要安全。",
                "各位代表：\n公共数据开放。政府工作报告说公共数据。",  # its title is no line
            ],
        }
    )
    kw = pd.DataFrame({"doc_id": ["意见", "报告"], "term": ["公共数据", "公共数据"]})
    lines = kwic(docs["clean_text"], kw, doc_ids=docs["doc_id"], width=4)
    ordered = body_first(lines, docs)
    assert ordered["doc_id"].tolist() == ["意见"] * 3 + ["报告"] * 2
    assert ordered["position"].tolist() == [20, 29, 4, 6, 20]  # the title's 4 last
    assert body_first(lines.iloc[:0], docs).empty
