from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from analysis.cluster import (
    EMPTY_LABEL,
    UnigramMixture,
    choose_k,
    cluster_documents,
    cluster_stability,
    cluster_summary,
    lsa_embedding,
    nmf_topics,
    typicality,
)
from analysis.vectorize import tfidf
from conftest import TWO_TOPICS


@pytest.mark.parametrize("method", ["kmeans", "mixture", "agglomerative"])
def test_methods_separate_two_topics(method):
    result = cluster_documents(TWO_TOPICS, k=2, method=method, min_df=1, max_df=1.0)
    labels = result.labels
    assert len(set(labels[:3])) == 1 and len(set(labels[3:])) == 1 and labels[0] != labels[3]
    a = result.assignments
    assert list(a.columns) == ["doc_id", "cluster", "label", "x", "y"]
    assert a["label"].str.contains("·").all()
    assert list(result.label_terms.columns) == ["group", "rank", "term", "score", "method"]
    if method == "agglomerative":
        assert result.linkage.shape == (len(TWO_TOPICS) - 1, 4)


def test_deterministic_given_random_state():
    a = cluster_documents(TWO_TOPICS * 5, k=3, min_df=1, random_state=7).assignments
    b = cluster_documents(TWO_TOPICS * 5, k=3, min_df=1, random_state=7).assignments
    assert a[["doc_id", "cluster", "label"]].equals(b[["doc_id", "cluster", "label"]])
    np.testing.assert_allclose(a[["x", "y"]], b[["x", "y"]], atol=1e-5)  # BLAS rounding


def test_auto_k_reports_silhouettes():
    result = cluster_documents(TWO_TOPICS, k="auto", min_df=1, max_df=1.0)
    assert list(result.k_scores.columns) == ["k", "silhouette", "inertia"]
    assert result.k == result.k_scores.loc[result.k_scores["silhouette"].idxmax(), "k"]


def test_edge_cases():
    with pytest.raises(ValueError, match="choose k ≤ 6"):
        cluster_documents(TWO_TOPICS, k=7, min_df=1)
    with pytest.raises(ValueError, match="distinct documents"):
        cluster_documents([["数据", "共享"]] * 4, k=2, min_df=1)
    with pytest.raises(ValueError, match="no document has usable words"):
        cluster_documents([[], []], k=1)
    with pytest.raises(ValueError, match="positive integer"):
        cluster_documents(TWO_TOPICS, k=0)
    # an all-stopword document stays in the output, in its own "cluster" −1
    result = cluster_documents([*TWO_TOPICS, []], doc_ids=list("abcdefg"), k=2, min_df=1)
    row = result.assignments.set_index("doc_id").loc["g"]
    assert row["cluster"] == -1 and row["label"] == EMPTY_LABEL
    assert len(result.assignments) == 7


def test_one_document_is_one_cluster_at_the_origin_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 0/0 from a map of one point
        result = cluster_documents([["数字政府", "数据", "共享", "一网通办"]], k="auto")
    a = result.assignments
    assert result.k == 1 and a["cluster"].tolist() == [0]
    assert a[["x", "y"]].to_numpy().tolist() == [[0.0, 0.0]]


def test_unigram_mixture_recovers_topics_from_a_bad_start():
    from sklearn.feature_extraction.text import CountVectorizer

    counts = CountVectorizer(analyzer=list, binary=True).fit_transform(TWO_TOPICS * 10)
    start = np.array([0, 0, 1, 1, 1, 0] * 10)  # two documents on the wrong side
    model = UnigramMixture(2, init=start, beta_scale=0.1).fit(counts)
    assert len(set(model.labels_[0::6]) | set(model.labels_[1::6]) | set(model.labels_[2::6])) == 1
    assert model.labels_[0] != model.labels_[3]
    # a scikit-learn estimator: fit_predict, clone with its parameters, a seeded random start
    assert UnigramMixture(2, init=start, beta_scale=0.1).fit_predict(counts).tolist() == (
        model.labels_.tolist()
    )
    assert (clone(model).get_params()["init"] == start).all()
    seeded = [UnigramMixture(2, random_state=3).fit_predict(counts).tolist() for _ in range(2)]
    assert seeded[0] == seeded[1]


def test_unigram_mixture_says_what_is_wrong_with_init():
    counts = np.ones((4, 3))
    with pytest.raises(ValueError, match="3 labels for 4 documents"):
        UnigramMixture(2, init=[0, 1, 1]).fit(counts)
    with pytest.raises(ValueError, match="from 0 to n_clusters - 1 = 1"):
        UnigramMixture(2, init=[0, 1, 2, -1]).fit(counts)
    with pytest.raises(ValueError, match="'random' or one label per document"):
        UnigramMixture(2, init="kmeans").fit(counts)


def test_choose_k_and_stability():
    # six distinct documents: with exact duplicates the SVD's repeated singular values make
    # the embedding (and so the silhouette) depend on floating-point summation order
    embedding, _ = lsa_embedding(tfidf(TWO_TOPICS).matrix, n_components=5)
    scores = choose_k(embedding, k_range=range(2, 5))
    assert scores["k"].tolist() == [2, 3, 4]
    assert scores.loc[scores["silhouette"].idxmax(), "k"] == 2
    stability = cluster_stability(
        lambda s: cluster_documents(TWO_TOPICS, k=2, min_df=1, random_state=s).labels
    )
    assert list(stability.columns) == ["seed", "ari"] and (stability["ari"] == 1).all()


def test_nmf_topics():
    result = nmf_topics(TWO_TOPICS, doc_ids=list("abcdef"), n_topics=2)
    assert list(result.topic_terms.columns) == ["topic", "rank", "term", "weight"]
    assert result.doc_topics.shape == (6, 2)
    np.testing.assert_allclose(result.doc_topics.sum(axis=1), 1)
    dominant = result.doc_topics.idxmax(axis=1)
    assert dominant["a"] == dominant["b"] != dominant["d"]
    with pytest.raises(ValueError, match="n_topics"):
        nmf_topics(TWO_TOPICS, n_topics=50)
    # from 10 documents on, a word in more than half of them (提升 in 8 of 12) names no topic
    many = [[*d, "提升"] for d in TWO_TOPICS] + [[*d, "提升"] for d in TWO_TOPICS[:2]]
    many += [list(d) for d in TWO_TOPICS[2:]]
    terms = set(nmf_topics(many, n_topics=2).topic_terms["term"])
    assert "提升" not in terms and "提升" in set(
        nmf_topics(many, n_topics=2, max_df=1.0).topic_terms["term"]
    )


def test_seed_corpus_chooses_k_and_names_each_cluster(seed_path, segmenter):
    from analysis import clean_corpus, load_corpus

    docs = clean_corpus(load_corpus(seed_path))
    result = cluster_documents(segmenter.segment(docs["clean_text"]), doc_ids=docs["doc_id"])
    rows = result.assignments
    assert rows["doc_id"].tolist() == docs["doc_id"].tolist()
    assert 2 <= result.k < len(docs) and rows["cluster"].nunique() == result.k
    names = rows.groupby("cluster")["label"].first()
    assert names.str.len().gt(0).all() and names.is_unique  # a distinct name per cluster


def test_rows_line_up_with_the_documents_when_some_are_empty():
    tokens = [*TWO_TOPICS[:3], [], *TWO_TOPICS[3:], []]
    result = cluster_documents(tokens, k=2, min_df=1, max_df=1.0, random_state=0)
    assert len(result.assignments) == len(result.embedding) == len(tokens)
    empty = [3, len(tokens) - 1]
    assert result.assignments["cluster"].iloc[empty].tolist() == [-1, -1]
    assert not result.embedding[empty].any()
    assert result.embedding[[0, 1, 2]].any(axis=1).all()


def test_gram_svd_matches_arpack():
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    matrix = tfidf(TWO_TOPICS * 2 + [["数据", "形式主义"], ["平台", "干部", "基层"]]).matrix
    fast, svd = lsa_embedding(matrix, n_components=4)
    reference = TruncatedSVD(4, algorithm="arpack", random_state=0).fit(matrix)
    np.testing.assert_allclose(svd.singular_values_, reference.singular_values_, rtol=1e-4)
    expected = normalize(reference.transform(matrix))
    np.testing.assert_allclose(np.abs(fast), np.abs(expected), atol=1e-4)  # signs: convention
    new_rows = np.abs(svd.transform(matrix[:3]))
    np.testing.assert_allclose(new_rows, np.abs(reference.transform(matrix[:3])), atol=1e-4)


def test_large_corpora_fit_the_basis_on_a_sample(monkeypatch):
    from analysis import cluster

    monkeypatch.setattr(cluster, "_GRAM_MAX", 8)  # 30 documents: the basis from 8 of them
    corpus = TWO_TOPICS * 5
    a, svd = lsa_embedding(tfidf(corpus).matrix, n_components=4, random_state=1)
    b, _ = lsa_embedding(tfidf(corpus).matrix, n_components=4, random_state=1)
    assert a.shape[0] == 30 and svd is not None and np.array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1, atol=1e-5)
    labels = cluster_documents(corpus, k=2, min_df=1).labels
    assert len(set(labels[:3])) == 1 and labels[0] != labels[3]


def test_gram_matrix_equals_the_plain_product():
    from scipy import sparse

    from analysis.cluster import _gram

    rng = np.random.default_rng(0)
    dense = rng.random((60, 400)) * (rng.random((60, 400)) < 0.05)
    dense[:, :5] = rng.random((60, 5))  # terms in every document: the dense block
    matrix = sparse.csr_matrix(dense.astype(np.float32))
    np.testing.assert_allclose(_gram(matrix), dense @ dense.T, rtol=1e-5, atol=1e-5)


def test_cluster_names_are_unique_and_leave_out_terms_of_every_document():
    from analysis.cluster import _label_names

    terms = pd.DataFrame(
        {
            "group": [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2],
            "rank": [1, 2, 3, 4] * 2 + [1, 2, 3],
            "term": [
                "数据",
                "共享",
                "平台",
                "政务",
                "数据",
                "共享",
                "平台",
                "城市",
                "数据",
                "共享",
                "平台",
            ],
        }
    )
    names = _label_names(terms)
    assert names == {0: "数据·共享·平台", 1: "数据·共享·城市", 2: "数据·共享·平台（2）"}
    # 建设 is in every document: it names no cluster
    docs = [["建设", "数据", "共享", "平台"]] * 6 + [["建设", "乡村", "振兴", "农业"]] * 6
    result = cluster_documents(docs, k=2, min_df=1, random_state=0)
    labels = set(result.assignments["label"])
    assert len(labels) == 2 and not any("建设" in name for name in labels), labels


def test_clusters_are_named_by_name_tokens():
    """The features stay jieba's words; the names can come from joined ones (强富美高)."""
    toks = [["强富", "美高", "江苏"], ["强富", "美高", "南京"], ["湘商", "湖南"], ["湘商", "长沙"]]
    named = [["强富美高", "江苏"], ["强富美高", "南京"], ["湘商", "湖南"], ["湘商", "长沙"]]
    plain = cluster_documents(toks, k=2, min_df=1, max_df=1.0)
    res = cluster_documents(toks, k=2, min_df=1, max_df=1.0, name_tokens=named)
    assert res.labels.tolist() == plain.labels.tolist()
    assert "强富美高" in set(res.label_terms["term"]) and "强富" not in set(res.label_terms["term"])
    with pytest.raises(ValueError, match="4 documents but 3 in name_tokens"):
        cluster_documents(toks, k=2, min_df=1, max_df=1.0, name_tokens=named[:3])


def test_typicality_puts_the_documents_nearest_their_cluster_first():
    from analysis.cluster import typicality

    toks = [["数据", "共享", "平台"]] * 3 + [["数据", "共享", "形式主义"]]
    toks += [["形式主义", "基层", "减负"]] * 3 + [["形式主义", "基层", "数据"]]
    res = cluster_documents(toks, k=2, min_df=1, max_df=1.0)
    t = typicality(res)
    labels = res.labels
    assert labels[0] == labels[3] and labels[4] == labels[7] != labels[0]
    assert t[0] > t[3] and t[4] > t[7]  # the mixed documents are the least typical
    assert np.all((t > -1.0001) & (t < 1.0001))


def test_k_note_says_when_the_best_k_is_the_largest_tried():
    import pandas as pd

    from analysis.cluster import MAX_AUTO_K, k_note

    rising = pd.DataFrame({"k": range(2, MAX_AUTO_K + 1)})
    rising["silhouette"] = 0.06 + 0.012 * (rising["k"] - 2)  # the city reports: 0.06 to 0.22
    assert k_note(rising).startswith(f"the silhouette still rises at k = {MAX_AUTO_K}")
    assert "更大的 k" in k_note(rising, language="zh")
    # a small corpus tries k up to n - 1 only: a larger k is no advice there
    assert k_note(rising[rising["k"] <= 9]) == ""


def test_names_place_note_speaks_when_places_name_the_clusters():
    """Reports of many cities cluster by province when their place names count (济南·青岛·山东);
    the note says how to cluster by the other words, and keeps quiet for topical names."""
    from types import SimpleNamespace

    from analysis.cluster import names_place_note

    def result(labels):
        return SimpleNamespace(assignments=pd.DataFrame({"label": labels}))

    by_place = result(["济南·青岛·山东", "济南·青岛·山东", "广西·自治区·全区", "亚运·千项·共富"])
    note = names_place_note(by_place)
    # 自治区 and 全区 name the region a report speaks for: places too (the gazetteer's region words)
    assert note.startswith("6 of the 9 words of the cluster names (67%)"), note
    assert "drop_places = True" in names_place_note(by_place, language="zh")
    assert names_place_note(result(["数据要素·公共数据·算力", "数字政府·政务服务·一网通办"])) == ""


def test_cluster_summary_names_the_most_typical_documents_first():
    tokens = [*TWO_TOPICS, ["数据", "共享", "平台", "开放", "数据"]]
    result = cluster_documents(tokens, k=2, min_df=1, max_df=1.0, random_state=0)
    summary = cluster_summary(result, top_n=2)
    assert summary.columns.tolist() == ["cluster", "label", "size", "typical"]
    assert summary["size"].sum() == len(tokens)
    typical = typicality(result)
    for row in summary.itertuples():
        rows = np.flatnonzero(result.labels == row.cluster)
        best = rows[np.argsort(-typical[rows], kind="stable")][:2]
        ids = result.assignments["doc_id"].iloc[best].astype(str).tolist()
        assert row.typical == "、".join(ids) + (" …" if len(rows) > 2 else "")
    titles = [f"文{i}" for i in range(len(tokens))]
    assert cluster_summary(result, titles=titles)["typical"].str.startswith("文").all()
    with pytest.raises(ValueError, match="2 titles for 7 documents"):
        cluster_summary(result, titles=titles[:2])
    with pytest.raises(ValueError, match="positive integer"):
        cluster_summary(result, top_n=0)


def test_silhouette_is_of_the_clusters_returned():
    """The silhouette told is that of the partition returned (a mixture refines k-means'
    clusters, so k_scores' value for the same k may differ), on its coordinates; none for
    one cluster."""
    from sklearn.metrics import silhouette_score

    tokens = TWO_TOPICS * 3
    result = cluster_documents(tokens, k="auto", min_df=1, max_df=1.0)
    expected = silhouette_score(result.embedding, result.labels, metric="cosine")
    assert result.silhouette() == pytest.approx(expected)
    single = cluster_documents(tokens[:3], k=1, min_df=1, max_df=1.0)
    assert single.silhouette() is None
