"""analysis.explore: the logic behind each view returns DataFrames, tested without a browser."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.explore import Explorer, cluster_explorer, document_explorer, term_explorer

TEXTS = [
    "推进数据共享，建设数字政府。数据共享平台上线。",
    "数字政府建设要打通数据共享，实现一网通办。",
    "基层减负，整治形式主义。基层干部不再填表。",
    "形式主义加重基层负担，减负要落到实处。",
    "智慧城市建设离不开数据共享和城市大脑。",
    "基层治理要防止形式主义，给基层减负。",
]


@pytest.fixture(scope="module")
def explorer():
    from analysis import clean_corpus, segment_corpus
    from analysis.segment import Segmenter

    docs = clean_corpus(
        pd.DataFrame(
            {
                "doc_id": [f"d{i}" for i in range(len(TEXTS))],
                "title": [f"文{i}" for i in range(len(TEXTS))],
                "text": TEXTS,
                "date": ["2019", "2020", "2020", "2021", "2022", "2023"],
            }
        )
    )
    return Explorer(docs, segment_corpus(docs, Segmenter()), random_state=0).warm_up()


def test_term_lines_are_every_occurrence_with_titles(explorer):
    lines = explorer.term_lines("数据共享")
    assert list(lines.columns) == ["doc_id", "title", "left", "match", "right", "position"]
    assert len(lines) == sum(t.count("数据共享") for t in TEXTS)
    assert set(lines["title"]) == {"文0", "文1", "文4"}
    # spread (the explorer's default): each document's first line, then each one's second
    spread = explorer.term_lines("数据共享", sort_by="spread")["doc_id"].tolist()
    assert spread == ["d0", "d1", "d4", "d0"]
    assert explorer.term_lines("数据共享")["doc_id"].tolist() == ["d0", "d0", "d1", "d4"]
    by_right = explorer.term_lines("数据共享", sort_by="right")["right"].tolist()
    assert by_right == sorted(by_right)
    assert explorer.term_lines("区块链").empty
    with pytest.raises(ValueError, match="sort_by"):
        explorer.term_lines("数据共享", sort_by="middle")


def test_term_documents_neighbours_and_periods(explorer):
    docs = explorer.term_documents("形式主义")
    assert set(docs["doc_id"]) == {"d2", "d3", "d5"} and (docs["count"] > 0).all()
    assert docs["tfidf"].is_monotonic_decreasing
    # the rate per 10,000 words is the one notebooks 02 and 05 print (stopwords aside)
    from analysis.trends import term_groups

    groups = term_groups(explorer.texts, explorer.ids, ["形式主义"], tokens=explorer.tokens)
    groups = groups[groups["count"] > 0]
    assert dict(zip(docs["doc_id"], docs["per10k"], strict=True)) == pytest.approx(
        dict(zip(groups["group"], groups["rate"], strict=True))
    )
    neighbours = explorer.term_neighbours("形式主义", min_count=1)
    assert list(neighbours.columns) == ["term", "together", "sentences", "g2"]
    assert "数据共享" not in set(neighbours["term"]) and (neighbours["g2"] > 0).all()
    assert explorer.term_neighbours("没有这个词").empty
    periods = explorer.term_periods("数据共享").set_index("period")
    assert periods.loc[2019, "count"] == 2 and periods.loc[2021, "count"] == 0


def test_document_views(explorer):
    kw = explorer.document_keywords("d0")
    assert list(kw.columns) == ["rank", "term", "score", "evidence"]
    assert all(t in e for t, e in zip(kw["term"], kw["evidence"], strict=True) if e)
    near = explorer.document_neighbours("d2", top_n=2)
    assert "d2" not in set(near["doc_id"]) and set(near["doc_id"]) & {"d3", "d5"}
    with pytest.raises(ValueError, match="no document 'x'"):
        explorer.document_keywords("x")
    assert len(explorer.document_table()) == len(TEXTS)


def test_cluster_table_for_each_k_as_notebook_03_clusters(explorer):
    from analysis.cluster import cluster_documents

    two = explorer.cluster_table(2)
    assert list(two.columns) == ["cluster", "label", "size", "terms"]
    assert two["size"].sum() == len(TEXTS) and len(two) == 2
    assert len(explorer.cluster_table(3)) == 3
    assert explorer.clusters(2) is explorer.clusters(2)  # each k is kept
    # the clusters, k and names of notebook 03 and `analysis cluster`, not of other features
    for k in ("auto", 2, 3):
        expected = cluster_documents(explorer.tokens, doc_ids=explorer.ids, k=k, random_state=0)
        pd.testing.assert_frame_equal(explorer.clusters(k).assignments, expected.assignments)
        assert explorer.clusters(k).k == expected.k


def test_widgets_carry_a_static_snapshot(explorer):
    for widget, text in (
        (term_explorer(explorer, "数据共享"), "“数据共享”：共 4 处"),
        (document_explorer(explorer, "d0"), "关键词与原文"),
        (cluster_explorer(explorer, 2), "k = 2"),
    ):
        bundle = widget._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert text in bundle["text/html"]
    svg = cluster_explorer(explorer, 2)._repr_mimebundle_()["text/html"]
    assert svg.count("<title>") == len(TEXTS) and "<title>文0\n第" in svg and "区分词：" in svg
    # a legend: a dot and the name of each cluster, so a static page needs no hover
    assert svg.count("<circle") == len(TEXTS) + 2
    for c, label in explorer.clusters(2).assignments[["cluster", "label"]].drop_duplicates().values:
        assert f">{c}  {label[:15]}" in svg
    term = term_explorer(explorer, "数据共享")
    box, view = term.children[0].children[0], term.children[1]
    box.value = "形式主义"  # what typing into the box does
    assert "“形式主义”：共" in view.value
    cl = cluster_explorer(explorer, 2)
    slider, auto = cl.children[0].children
    slider.value = 3
    assert "k = 3" in cl.children[1].value and auto.value is False


def test_snapshot_escapes_corpus_text():
    from analysis.segcache import segment_corpus
    from analysis.segment import Segmenter

    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "clean_title": ["<script>x</script>", "b"],
         "clean_text": ["<b>数据共享</b>平台", "数据共享"]}
    )  # fmt: skip
    ex = Explorer(docs, segment_corpus(docs, Segmenter()))
    html = term_explorer(ex, "数据共享")._repr_mimebundle_()["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_without_places_the_explorer_agrees_with_notebooks_02_and_03():
    """drop_places (analysis report --no-places) reaches the explorer: its keywords, clusters
    and similar documents leave the cities out, as notebooks 02 and 03 do."""
    from analysis import clean_corpus, cluster_documents, segment_corpus
    from analysis.keywords import without_places
    from analysis.segment import Segmenter

    texts = [
        "三亚推进数据共享，三亚数据共享平台上线。",
        "北京推进数据共享，北京数据共享平台见效。",
        "三亚建设海洋牧场，三亚海洋牧场扩容。",
        "北京支持海洋牧场，北京海洋牧场升级。",
    ]
    frame = pd.DataFrame({"doc_id": list("abcd"), "title": list("甲乙丙丁"), "text": texts})
    docs = clean_corpus(frame)
    tokens = segment_corpus(docs, Segmenter())
    ex = Explorer(docs, tokens, drop_places=True)
    places = {"三亚", "北京"}

    def named(terms) -> set:
        return {t for t in terms if any(p in t for p in places)}

    assert not named(ex.keywords()["term"]), ex.keywords()
    assert not places & set(ex.clusters(2).label_terms["term"])
    expected = cluster_documents(without_places(tokens), doc_ids=list("abcd"), k=2, random_state=0)
    assert ex.clusters(2).assignments["cluster"].tolist() == (
        expected.assignments["cluster"].tolist()
    )
    assert ex.document_neighbours("a")["doc_id"].iloc[0] == "b"  # the same topic, not city
    assert named(Explorer(docs, tokens).keywords()["term"])  # kept by default


def test_the_map_tells_clusters_apart_beyond_ten_colours():
    """Cluster 10 has cluster 0's colour: its points and legend entry have another shape, as
    in the notebook's cluster map (plots.cluster_marker)."""
    from types import SimpleNamespace

    from analysis.explore import _map_svg
    from analysis.plots import cluster_colour

    n = 12
    result = SimpleNamespace(
        assignments=pd.DataFrame(
            {
                "x": range(n),
                "y": range(n),
                "cluster": range(n),
                "label": [f"名{c}" for c in range(n)],
            }
        ),
        label_terms=pd.DataFrame({"group": range(n), "rank": 1, "term": "数据"}),
    )
    svg = _map_svg(result, [f"文{c}" for c in range(n)])
    assert cluster_colour(0) == cluster_colour(10)
    assert svg.count("<circle") == 2 * 10 and svg.count("<rect") == 2 * 2  # points and legend
    assert svg.count('data-cluster="10"') == 1


def test_the_explorers_keywords_heed_the_users_stopwords(tmp_path):
    """Notebook 06 gives the explorer its segmenter: a word on the user's stopword list is no
    keyword there, as in notebook 02 and ``analysis keywords --stopwords``."""
    from analysis import clean_corpus, extract_keywords, segment_corpus
    from analysis.segment import make_segmenter

    docs = clean_corpus(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(6)], "title": "", "text": TEXTS})
    )
    stop = tmp_path / "stop.txt"
    stop.write_text("形式主义\n", encoding="utf-8")
    segmenter = make_segmenter(stopwords=[stop])
    tokens = segment_corpus(docs, segmenter, cache=False)
    heeded = Explorer(docs, tokens, segmenter=segmenter).keywords()
    direct = extract_keywords(
        docs["clean_text"], doc_ids=docs["doc_id"], tokens=tokens, segmenter=segmenter
    )
    assert "形式主义" not in set(heeded["term"])
    pd.testing.assert_frame_equal(heeded, direct)
    assert "形式主义" in set(Explorer(docs, tokens).keywords()["term"])  # the default's list
