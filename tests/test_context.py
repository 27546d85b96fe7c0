from __future__ import annotations

import networkx as nx

from analysis.context import cooccurrence, cooccurrence_graph, kwic, split_sentences


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
    assert len(kwic(texts, "数字枷锁", max_per_doc=1)) == 1


def test_kwic_prefers_the_longest_term():
    lines = kwic(["数字政府建设"], ["数字", "数字政府"])
    assert lines["match"].tolist() == ["数字政府"]


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


def test_graph():
    graph = cooccurrence_graph(cooccurrence([["数据", "共享"], ["数据", "共享"]], min_count=1))
    assert isinstance(graph, nx.Graph)
    assert graph["共享"]["数据"]["weight"] == 2 and graph.nodes["数据"]["count"] == 2
