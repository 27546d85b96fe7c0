from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import Segmenter, clean_corpus, load_corpus
from analysis.keywords import (
    KEYWORD_COLUMNS,
    compare_methods,
    dunning_g2,
    extract_keywords,
    group_keywords,
    keyness,
    phrase_keywords,
    tfidf_keywords,
)


@pytest.fixture(scope="module")
def seed_docs(request):
    from conftest import SEED

    return clean_corpus(load_corpus(SEED))


@pytest.mark.parametrize("method", ["phrase", "tfidf", "jieba-tfidf", "jieba-textrank"])
def test_every_method_has_the_same_shape(method, tiny_texts, segmenter):
    kw = extract_keywords(
        tiny_texts, doc_ids=["a", "b", "c"], method=method, top_n=3, segmenter=segmenter
    )
    assert list(kw.columns) == KEYWORD_COLUMNS
    assert set(kw["method"]) == {method}
    assert set(kw["doc_id"]) <= {"a", "b", "c"}
    for _, group in kw.groupby("doc_id"):
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert len(group) <= 3
        assert group["score"].is_monotonic_decreasing


def test_default_method_on_the_essay(seed_docs, segmenter):
    kw = extract_keywords(
        seed_docs["clean_text"], doc_ids=seed_docs["doc_id"], top_n=10, segmenter=segmenter
    )
    essay = kw[kw["doc_id"] == seed_docs["doc_id"][0]]["term"].tolist()
    assert {"基层治理", "数字枷锁", "形式主义"} <= set(essay), essay


def test_phrase_method_returns_multiword_terms(segmenter):
    texts = [
        "活性染料的染色性能研究。活性染料在棉织物上的固色率提高。",
        "无线传感器网络的节点定位。无线传感器网络能耗低。",
    ]
    kw = phrase_keywords(texts, [segmenter.tag(t) for t in texts], top_n=3)
    assert "活性染料" in kw[kw["doc_id"] == 0]["term"].tolist()
    assert "无线传感器网络" in kw[kw["doc_id"] == 1]["term"].tolist()
    # a chosen phrase's parts are not listed again
    assert "传感器" not in kw["term"].tolist()


def test_phrases_do_not_cross_punctuation_or_function_words(segmenter):
    text = "数据共享，平台建设的问题"
    kw = phrase_keywords([text], [segmenter.tag(text)], top_n=10)
    assert not any("，" in t or "的" in t for t in kw["term"])


def test_empty_input_and_bad_arguments(segmenter):
    assert extract_keywords([], segmenter=segmenter).empty
    assert extract_keywords(["", "。。"], segmenter=segmenter).empty
    with pytest.raises(ValueError, match="unknown keyword method"):
        extract_keywords(["数据"], method="magic", segmenter=segmenter)
    with pytest.raises(ValueError, match="top_n"):
        extract_keywords(["数据"], top_n=0, segmenter=segmenter)
    with pytest.raises(ValueError, match="doc_ids"):
        tfidf_keywords([["数据"]], doc_ids=["a", "b"])


def test_group_keywords_label_groups():
    tokens = [["数据", "共享"], ["数据", "平台"], ["形式主义", "减负"], ["形式主义", "基层"]]
    kw = group_keywords(tokens, ["x", "x", "y", "y"], top_n=2)
    assert list(kw.columns) == ["group", "rank", "term", "score", "method"]
    assert kw[kw["group"] == "x"]["term"].iloc[0] == "数据"
    assert kw[kw["group"] == "y"]["term"].iloc[0] == "形式主义"


def test_group_keywords_name_what_the_group_has_to_itself():
    # 提升 is the group's most frequent word, but half of the documents holding it are in
    # the other group; 五年计划 is in both of the group's documents and in no other.
    tokens = [["提升"] * 3 + ["五年计划"], ["提升"] * 2 + ["五年计划"]]
    tokens += [["提升", "合作社"], ["提升", "合作社"]]
    groups = ["a", "a", "b", "b"]
    plain = group_keywords(tokens, groups, method="c-tfidf")
    assert plain.query("group == 'a'")["term"].iloc[0] == "提升"
    kw = group_keywords(tokens, groups)
    assert kw.query("group == 'a'")["term"].tolist()[:2] == ["五年计划", "提升"]
    assert set(kw["method"]) == {"c-tfidf-docs"}
    # a word of one document (a county's name, used often there) does not name a group whose
    # documents all share another word
    tokens = [["农业"] + ["稻城"] * 4, ["农业", "牧区"], ["农业", "草原"], ["工业"]]
    kw = group_keywords(tokens, [0, 0, 0, 1])
    assert kw.query("group == 0")["term"].iloc[0] == "农业"
    assert group_keywords(tokens, [0, 0, 0, 1], method="c-tfidf")["term"].iloc[0] == "稻城"
    with pytest.raises(ValueError, match="c-tfidf-docs"):
        group_keywords(tokens, [0, 0, 0, 1], method="mi")


def test_keyness_essay_against_snippets(seed_docs, segmenter):
    tokens = segmenter.segment(seed_docs["clean_text"])
    is_essay = (seed_docs["kind"] == "article").tolist()
    kw = keyness(tokens, is_essay, group="essay", top_n=10)
    assert {"group", "rank", "term", "score", "method", "log_ratio"} <= set(kw.columns)
    assert "基层治理" in kw["term"].tolist() or "数字枷锁" in kw["term"].tolist()
    assert (kw["log_ratio"] > 0).all() and kw["score"].is_monotonic_decreasing
    ratio = keyness(tokens, is_essay, method="log-ratio")
    assert ratio["score"].equals(ratio["log_ratio"])
    with pytest.raises(ValueError, match="both the target and the reference"):
        keyness(tokens, [True] * len(tokens))


def test_keyness_log_likelihood_value():
    # 10 of 100 target tokens vs 10 of 1000 reference tokens: G2 by hand
    import math

    target = [["词"] * 10 + ["其他"] * 90]
    reference = [["词"] * 10 + ["别的"] * 990]
    kw = keyness(target + reference, [True, False], min_count=1, by="tokens")
    row = kw[kw["term"] == "词"].iloc[0]
    e1, e2 = 100 * 20 / 1100, 1000 * 20 / 1100
    expected = 2 * (10 * math.log(10 / e1) + 10 * math.log(10 / e2))
    assert row["score"] == pytest.approx(expected)
    assert row["log_ratio"] == pytest.approx(math.log2((10 / 100) / (10 / 1000)))


def test_keyness_of_one_document_leaves_out_what_most_others_say():
    """One city's report against twelve others: 力争, said most often by the target but also
    in every other report, is no key term by documents; 冰雪, its own, is."""
    target = [["力争"] * 8 + ["冰雪"] * 3 + ["项目"]]
    reference = [["力争", "项目", "园区"]] * 6 + [["力争", "港口", "项目"]] * 6
    flags = [True] + [False] * 12
    assert {"力争", "冰雪"} <= set(keyness(target + reference, flags, by="tokens")["term"])
    assert keyness(target + reference, flags)["term"].tolist() == ["冰雪"]
    # with fewer than ten others the test is left out: no share of them says much
    few = keyness(target + reference[:5], [True] + [False] * 5)
    assert {"力争", "冰雪"} <= set(few["term"])


def test_keyness_by_documents_asks_how_many_documents_say_it():
    """支持, in every document of both groups but said more often by the target, is key by
    tokens and not by documents; nor is 专项债, said three times in one target document;
    新发展格局, in every target document and no other, is key either way."""
    import math

    target = [["支持"] * 6 + ["新发展格局", "专项债", "专项债", "专项债"]] + [
        ["支持"] * 6 + ["新发展格局"]
    ] * 3
    reference = [["支持", "简政放权", "行政审批"]] * 4
    flags = [True] * 4 + [False] * 4
    by_tokens = keyness(target + reference, flags, min_count=1, by="tokens")
    assert {"支持", "专项债", "新发展格局"} <= set(by_tokens["term"])
    by_docs = keyness(target + reference, flags, min_count=1)
    assert by_docs["term"].tolist() == ["新发展格局"]
    first = by_docs.iloc[0]
    assert (first["count"], first["docs"], first["ref_docs"]) == (4, 4, 0)
    c, d = 31, 12  # tokens: the tokens' G², as by="tokens" gives it
    tokens_g2 = 2 * 4 * math.log(4 / (c * 4 / (c + d)))
    assert first["log_likelihood"] == pytest.approx(tokens_g2)
    assert first["log_likelihood"] == by_tokens.set_index("term").loc["新发展格局", "score"]
    # the documents' 2×2 table: 4 of 4 target documents hold it, 0 of 4 others; 2 expected
    documents_g2 = 2 * (4 * math.log(4 / 2) + 4 * math.log(4 / 2))
    assert first["score"] == pytest.approx(math.sqrt(tokens_g2 * documents_g2))
    # 7 of 7 documents against 1 of 5 (Fisher's p = 0.01) is key; the test is the same for
    # both sides of 9 documents against 3: 改革, in all 12, is key to neither
    seven = [["数据要素"] * 2 + ["改革"]] * 7 + [["数据要素", "改革"]] + [["改革", "政务"]] * 4
    assert "数据要素" in set(keyness(seven, [True] * 7 + [False] * 5, min_count=1)["term"])
    nine = [["改革"] * 3 + ["简政放权"]] * 9 + [["改革", "新发展格局"]] * 3
    for side in ([True] * 9 + [False] * 3, [False] * 9 + [True] * 3):
        assert "改革" not in set(keyness(nine, side, min_count=1)["term"])
    # one document against two: a side too thin to ask how many of its documents use a term
    assert "专项债" in set(keyness(target[:1] + reference[:2], [True, False, False])["term"])
    with pytest.raises(ValueError, match="by must be"):
        keyness(target + reference, flags, by="words")


def test_keyness_tests_documents_exactly():
    """Five reports a side: a term in 4 of 5 against 1 of 5 has a documents' G² of 3.86
    (above χ²'s 3.84) but Fisher's exact p of 0.10, and is no key term; 5 of 5 against 0 of 5
    (p = 1/252) is. The p of each is in the table; none where no test is made."""
    from scipy.stats import fisher_exact

    target = [["数字政府", "新质生产力"]] * 4 + [["新质生产力", "改革"]]
    reference = [["数字政府", "改革"]] + [["改革", "审批"]] * 4
    flags = [True] * 5 + [False] * 5
    table = keyness(target + reference, flags, min_count=1)
    assert table["term"].tolist() == ["新质生产力"]
    assert table["p_value"].iloc[0] == pytest.approx(
        fisher_exact([[5, 0], [0, 5]], alternative="greater").pvalue
    )
    assert float(dunning_g2(np.array([4.0]), np.array([5.0]), np.array([5.0]), 10)[0]) > 3.84
    assert "数字政府" in set(keyness(target + reference, flags, min_count=1, by="tokens")["term"])
    assert keyness(target + reference, flags, by="tokens")["p_value"].isna().all()
    # three against three: 3 of 3 and 0 of 3 is p = 0.05 exactly, the least it can be
    three = keyness(target[:3] + reference[1:4], [True] * 3 + [False] * 3, min_count=1)
    assert set(three["term"]) == {"数字政府", "新质生产力"}
    with pytest.raises(ValueError, match="min_count must be at least 1"):
        keyness(target + reference, flags, min_count=0)


def test_compare_methods():
    a = pd.DataFrame(
        {
            "doc_id": [0, 0],
            "rank": [1, 2],
            "term": ["数据", "共享"],
            "score": [2, 1],
            "method": "m1",
        }
    )
    b = a.assign(method="m2", term=["数据", "平台"])
    table = compare_methods(pd.concat([a, b]), top_n=2)
    assert table.loc["m1", "m1"] == 1.0 and table.loc["m1", "m2"] == 0.5
    # a snippet with fewer keywords than top_n: a method still agrees fully with itself
    assert compare_methods(pd.concat([a, b]), top_n=10).loc["m1", "m1"] == 1.0
    # a document only one method gives keywords counts 0
    c = a.assign(doc_id=1, method="m2")
    assert compare_methods(pd.concat([a, b, c]), top_n=2).loc["m1", "m2"] == 0.25
    with pytest.raises(ValueError, match="top_n must be at least 1"):
        compare_methods(a, top_n=0)


def test_parallel_phrase_keywords_match_serial(monkeypatch, seed_docs, segmenter):
    from conftest import on_two_workers

    texts, ids = seed_docs["clean_text"].tolist(), seed_docs["doc_id"].tolist()
    serial = extract_keywords(texts, doc_ids=ids, top_n=5, segmenter=segmenter)
    calls = on_two_workers(monkeypatch, 300)  # several blocks: frequencies summed over them
    in_pool = extract_keywords(texts, doc_ids=ids, top_n=5, segmenter=segmenter)
    assert "_read_block" in calls  # statistics and candidates in one pass, per block
    pd.testing.assert_frame_equal(serial, in_pool)


def test_statistics_from_a_sample_on_large_corpora(monkeypatch, segmenter):
    from analysis import phrases

    texts = ["数据共享平台建设", "基层治理与形式主义", "数字政府与一网通办"] * 4
    full = extract_keywords(texts, top_n=2, segmenter=segmenter)
    monkeypatch.setattr(phrases, "_STATS_SAMPLE", 6)
    sampled = extract_keywords(texts, top_n=2, segmenter=segmenter)
    assert list(sampled.columns) == KEYWORD_COLUMNS and len(sampled) == len(full)


_REPORTS = [
    f"{topic}。今年要加快建设，建设{topic}是发展的关键，{topic}还要建设。"
    for topic in (
        "数字政府",
        "一网通办",
        "城市大脑",
        "数据要素",
        "智慧城市",
        "乡村振兴",
        "营商环境",
        "算力网络",
        "低空经济",
        "海洋牧场",
        "冰雪旅游",
        "新能源汽车",
    )
]


def test_terms_in_nearly_every_document_are_no_keywords_by_default(segmenter):
    kw = extract_keywords(_REPORTS, top_n=3, segmenter=segmenter)
    assert "建设" not in set(kw["term"])  # in all 12 documents
    assert kw.query("rank == 1")["term"].tolist()[:3] == ["数字政府", "一网通办", "城市大脑"]
    assert not any("加快" in t for t in kw["term"])  # 要加快建设 is in every document too
    kept = extract_keywords(_REPORTS, top_n=3, segmenter=segmenter, max_df=1.0)
    assert "关键" in set(kept["term"])  # on request, they come back (关键 is in every one)
    assert not any(t.startswith("要") for t in kept["term"])  # 要 starts no phrase
    tfidf = extract_keywords(_REPORTS, method="tfidf", top_n=3, segmenter=segmenter)
    assert not {"建设", "今年"} & set(tfidf["term"])
    every = extract_keywords(_REPORTS, method="tfidf", top_n=3, segmenter=segmenter, max_df=1.0)
    assert "建设" in set(every["term"])
    with pytest.raises(ValueError, match="max_df"):
        extract_keywords(_REPORTS, segmenter=segmenter, max_df=0)


def test_small_corpora_keep_shared_terms(segmenter):
    # under MAX_DF_FROM documents the ceiling does not apply: two texts share most words
    kw = extract_keywords(_REPORTS[:2], top_n=5, segmenter=segmenter)
    assert "关键" in set(kw["term"])
    assert kw.attrs["left_out"] == []
    # … unless asked for: a given max_df applies at any size
    kw = extract_keywords(_REPORTS[:2], top_n=5, segmenter=segmenter, max_df=0.5)
    assert "关键" not in set(kw["term"]) and "关键" in kw.attrs["left_out"]
    with pytest.raises(ValueError, match="max_df applies to the phrase and tfidf methods"):
        extract_keywords(_REPORTS[:2], method="jieba-tfidf", segmenter=segmenter, max_df=0.5)


_SEGMENTER = Segmenter()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(range(12)), min_size=10, max_size=14))
def test_no_keyword_is_found_in_more_than_max_df_of_the_documents(picks):
    texts = [_REPORTS[i] for i in picks]
    kw = extract_keywords(texts, top_n=5, segmenter=_SEGMENTER, max_df=0.5)
    for term in set(kw["term"]):
        assert sum(term in t for t in texts) <= 0.5 * len(texts), term


def test_years_in_chinese_numerals_are_no_keywords(segmenter):
    text = "一九五八年，二〇二四年三月，十四五规划纲要发布。十四五规划纲要提出数字中国。"
    kw = phrase_keywords([text], [segmenter.tag(text)], top_n=10)
    terms = set(kw["term"])
    assert not terms & {"一九五八年", "一九五八", "二〇二四", "二〇二四年", "三月"}, terms
    assert any("十四五" in t for t in terms), terms


def test_city_reports_keywords_tell_reports_apart(shared_data, segmenter):
    """Issue 13: on the 143 city work reports, at most 5 % of all top-10 keywords are found
    in 80 % of the reports or more (建设 and 发展 were in nearly every list before)."""
    from analysis.segcache import segment_corpus

    docs = clean_corpus(load_corpus(shared_data / "city_gov_work_reports_2024" / "txt"))
    corpus = segment_corpus(docs, segmenter)
    texts = docs["clean_text"].tolist()
    kw = extract_keywords(
        texts, doc_ids=docs["doc_id"], top_n=10, segmenter=segmenter, tokens=corpus
    )
    assert kw["doc_id"].nunique() == len(docs)
    share = {t: sum(t in x for x in texts) / len(texts) for t in set(kw["term"])}
    assert (kw["term"].map(share) >= 0.8).mean() <= 0.05


def test_national_reports_keywords_tell_the_years_apart(segmenter):
    """On the 72 national work reports of 1954–2025, few keywords recur across many lists:
    at most 15 % of all top-10 keywords are in the lists of 10 % of the documents or more
    (with ``max_df=0.8`` it was 30 %: 企业 in 30 lists, 提高 in 19, 支持, 服务, 完善)."""
    from analysis.config import corpus_path
    from analysis.segcache import segment_corpus

    docs = clean_corpus(load_corpus(corpus_path("national-reports")))
    corpus = segment_corpus(docs, segmenter)
    kw = extract_keywords(
        docs["clean_text"], doc_ids=docs["doc_id"], segmenter=segmenter, tokens=corpus
    )
    lists = kw.groupby("term")["doc_id"].nunique()
    recurring = kw["term"].map(lists) >= 0.1 * len(docs)
    assert recurring.mean() <= 0.15, lists.sort_values().tail(10)
    latest = set(kw.query("doc_id == 'gwr-report-2025'")["term"])
    assert not latest & {"支持", "服务", "完善", "机制", "创新", "企业"}, latest
    # fragments found mostly inside longer words are searched too: 一步 (进一步, in 75 % of the
    # reports) and 人民代表 (人民代表大会, 85 %) were keywords
    texts = docs["clean_text"].tolist()
    found = {t: sum(t in x for x in texts) / len(texts) for t in set(kw["term"])}
    assert max(found.values()) <= 0.6, sorted(found.items(), key=lambda kv: -kv[1])[:5]


_CITY = [
    "三亚加快自贸港建设，三亚旅游持续升温，崖州区推进零关税政策。三亚自贸港建设提速。",
    "乐业县发展天坑旅游，乐业县推动数字乡村，中共乐业县委部署乡村振兴。数字乡村建设加快。",
]


def test_places_can_be_left_out(segmenter):
    from analysis.keywords import place_names

    assert {"三亚", "乐业县"} <= place_names()
    assert {"盘州市", "横州市", "湾沚区", "会理市"} <= place_names()  # renamed since 2017
    kept = extract_keywords(_CITY, top_n=10, segmenter=segmenter)
    assert any("三亚" in t or "乐业县" in t for t in kept["term"])
    for method in ("phrase", "tfidf"):
        kw = extract_keywords(_CITY, method=method, top_n=10, segmenter=segmenter, drop_places=True)
        terms = set(kw["term"])
        assert not [t for t in terms if "三亚" in t or "乐业县" in t or "崖州区" in t], terms
        assert terms & {"自贸港建设", "自贸港", "数字乡村", "零关税"}, terms


def test_ordinary_words_jieba_tags_ns_are_no_places(segmenter):
    from analysis.keywords import not_places, without_places

    # jieba tags 城市 and 宜居 ns, like 西昌 (a city the gazetteer lists only as 西昌市)
    texts = [
        "桂林打造世界级旅游城市，世界级旅游城市建设提速，西昌发展航天旅游。",
        "三亚建设智慧城市，智慧城市平台上线，城市宜居水平提升。",
    ]
    assert {"城市", "宜居"} <= not_places() and "西昌" not in not_places()
    kw = extract_keywords(texts, top_n=10, segmenter=segmenter, drop_places=True)
    terms = set(kw["term"])
    assert {"世界级旅游城市", "智慧城市"} <= terms, terms  # not cut at 城市
    assert not [t for t in terms if "西昌" in t or "桂林" in t or "三亚" in t], terms
    words = {w for doc in without_places(segmenter.segmented(texts)) for w in doc}
    assert {"城市", "宜居", "智慧城市"} <= words and "西昌" not in words, words


def test_rankings_are_no_keywords(segmenter):
    # 排全省第3 and 居全区第一 say where a city ranks, not what its report is about
    texts = [
        "地区生产总值排全省第3，粮食产量居全区第一，获评全省文明城市，糖料蔗产业壮大。",
        "规上工业增加值排全省第5，居全区第二，入选全国示范，锂电新能源产业壮大。",
    ]
    terms = set(extract_keywords(texts, top_n=10, segmenter=segmenter)["term"])
    ranks = [t for t in terms if t.endswith("第") or t.startswith(("排", "居", "全省", "全区"))]
    assert not ranks, terms
    assert {"糖料蔗", "文明城市"} <= terms, terms


def test_numbers_keep_their_units_and_make_no_keywords(segmenter):
    # 年 in 1980年计划 and 万亿元 in 1.2万亿元 belong to the number; 百分之 and 二十 are numbers
    texts = [
        "1980年计划安排基本建设投资。1980年计划增长百分之十五，达到二十万吨。"
        "地区生产总值1.2万亿元，十四五规划实施，十八大精神落实。",
        "1981年计划压缩基本建设。2023年内净增经营主体，增长百分之十，总量1.5万亿元，"
        "十四五规划纲要，十八大精神。新落地过50亿项目8个，过10亿项目2个，实施30余个项目。",
    ]
    terms = set(extract_keywords(texts, top_n=20, segmenter=segmenter, max_df=1.0)["term"])
    numbers = [
        t
        for t in terms
        if t.startswith(("年", "百分之", "万亿", "二十", "亿", "余")) or "百分之" in t
    ]
    assert not numbers, terms
    # years named from the report's own say when, not what
    years = ["本年收入增长，去年同期增长，上年增长较快，本年收入完成。本年国家预算执行良好。"] * 2
    said = set(extract_keywords(years, top_n=10, segmenter=segmenter)["term"])
    assert not [t for t in said if t.startswith(("本年", "去年", "上年", "同期"))], said
    assert {"十八大", "十八大精神", "经营主体"} <= terms, terms


def test_the_verbs_of_actions_start_no_keyword(segmenter):
    """支持|亳州, 推进|城市, 完善|数据流通安全 were keywords of policy documents; the topic is
    what follows the verb (坚持|四项基本原则 gives 四项基本原则)."""
    texts = [
        "支持亳州建设中医药产业基地。推进城市更新，完善数据流通安全体系，坚持四项基本原则。",
        "支持亳州发展现代中药。推进城市更新行动，完善数据流通安全，坚持四项基本原则不动摇。",
        "文旅融合发展，游客增长。",
    ]
    terms = extract_keywords(texts, top_n=10, segmenter=segmenter, max_df=1.0)["term"]
    verbs = [t for t in terms if t.startswith(("支持", "推进", "完善", "坚持"))]
    assert not verbs, list(terms)
    assert {"城市更新", "数据流通安全", "四项基本原则"} <= set(terms), list(terms)


def test_short_forms_of_counties_named_in_full_are_places(segmenter):
    from analysis.keywords import places_named_in, without_places

    texts = [
        "凯里市推进民族文化旅游。凯里旅游升温，凯里苗绣走俏，资源共享。",
        "资源县发展漓江源旅游。",
        "推进数据资源共享，盘活资源。",
        "资源整合提速，苗绣走俏。",
    ]
    corpus = segmenter.segmented(texts)
    # 凯里 is used where 凯里市 is named; 资源 is used in 4 texts, only one names 资源县
    assert places_named_in(corpus) == {"凯里"}
    terms = set(extract_keywords(texts, top_n=10, segmenter=segmenter, drop_places=True)["term"])
    assert terms and not [t for t in terms if "凯里" in t], terms
    words = {w for doc in without_places(corpus) for w in doc}
    assert "凯里" not in words and "资源" in words, words


def test_a_keyword_list_holds_at_most_two_longer_forms_of_one_keyword(segmenter):
    """数据标注 and two of its longer forms, then other topics: not six variants of one
    term (the review found 数据标注, 数据标注产业, 数据标注需求, 数据标注企业 … in one list)."""
    text = (
        "发展数据标注产业。数据标注产业集聚，数据标注需求旺盛。培育数据标注企业，拓展数据标注领域，"
        "建设数据标注基地。数据标注产业发展，数据标注需求释放，数据标注企业壮大，数据标注领域扩展，"
        "数据标注基地运营。支持大模型训练，完善人力资源服务，建设算力网络，发展大模型应用。"
    )
    other = "推进城市更新，完善公共服务。城市更新项目建设。"
    terms = extract_keywords([text, other], top_n=8, segmenter=segmenter, max_df=1.0)
    terms = terms[terms["doc_id"] == 0]["term"].tolist()
    assert "数据标注" in terms, terms
    assert sum("数据标注" in t and t != "数据标注" for t in terms) == 2, terms
    assert "大模型" in terms, terms


def test_a_place_and_its_name_with_shi_or_zhou_are_one_keyword(segmenter):
    """三亚 and 三亚市 name one city: the list gives it once, then another topic (the city
    reports gave both in 41 of 143 lists). 长沙县 is a county of its own, so it stays."""
    text = (
        "三亚是自贸港的窗口。三亚的游客回升，三亚的南繁育种领先，三亚的低空经济起步。"
        "三亚市旅游消费回升，三亚市加快低空经济。长沙县承接产业转移，长沙县工程机械集聚。"
    )
    other = "推进城市更新，完善公共服务。城市更新项目建设。"
    terms = extract_keywords([text, other], top_n=10, segmenter=segmenter, max_df=1.0)
    terms = terms[terms["doc_id"] == 0]["term"].tolist()
    assert "三亚" in terms and "三亚市" not in terms, terms
    assert any(t.startswith("长沙") for t in terms), terms


def test_words_that_hardly_occur_apart_are_counted_as_one():
    """强富|美高 always together: one word; 共同|缔造 not (共同 is said everywhere); a run
    joined at both ends joins whole (林田|湖草|沙); the text, offsets and sentences stay."""
    from analysis.keywords import join_bound_words
    from analysis.tokens import SegmentedCorpus

    doc = [("强富", "n"), ("美高", "n"), ("。", "x"), ("共同", "d"), ("缔造", "v"), ("，", "x")]
    doc += [("林田", "n"), ("湖草", "n"), ("沙", "n"), ("治理", "vn")]
    other = [("共同", "d"), ("富裕", "a"), ("。", "x"), ("共同", "d"), ("治理", "vn")]
    tagged = [[*doc, ("。", "x"), (w, "n")] for w in ("一", "二", "三")] + [other] * 3
    tagged[2] = tagged[2][:-2]
    kept = [[w not in "。，" and len(w) > 1 for w, _ in d] for d in tagged]
    corpus = SegmentedCorpus.from_tagged(tagged, kept=kept)
    joined = join_bound_words(corpus)
    assert joined[0] == ["强富美高", "共同", "缔造", "林田湖草沙", "治理"]
    assert joined[3] == corpus[3] == ["共同", "富裕", "共同", "治理"]
    assert joined.pairs(0)[0] == ("强富美高", "n") and joined.pairs(0)[5] == ("林田湖草沙", "n")
    assert joined.sents.tolist()[:6] == [0, 0, 1, 1, 1, 1]
    assert join_bound_words(corpus, min_count=4)[0] == corpus[0]  # together only 3 times
    copies = SegmentedCorpus.from_tagged([doc] * 3, kept=[kept[0][: len(doc)]] * 3)
    assert join_bound_words(copies)[0] == copies[0]  # one text copied three times: one text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["数据", "共享", "强富", "美高", "。", "平台"]), max_size=12),
        min_size=1,
        max_size=6,
    )
)
def test_joining_words_keeps_every_character_in_place(docs):
    from analysis.keywords import join_bound_words
    from analysis.tokens import SegmentedCorpus

    corpus = SegmentedCorpus.from_tagged(
        [[(w, "n") for w in d] for d in docs], kept=[[w != "。" for w in d] for d in docs]
    )
    joined = join_bound_words(corpus, min_count=1)
    assert len(joined) == len(corpus)
    for i in range(len(corpus)):
        before, after = corpus.pairs(i), joined.pairs(i)
        assert "".join(w for w, _ in after) == "".join(w for w, _ in before)
        assert len(after) <= len(before)
    assert joined.n_tokens <= corpus.n_tokens


def test_place_note_speaks_only_when_place_names_fill_the_keywords():
    """Reports of many cities name their own districts; the note says how to leave them out.
    Topical keywords, or a few places among them, get no note."""
    from analysis.keywords import PLACE_NOTE_FROM, place_note

    def table(terms):
        return pd.DataFrame({"doc_id": 0, "rank": range(1, len(terms) + 1), "term": terms})

    places = table(["淮北", "濉溪县", "杜集区", "医共体", "政务服务中心"])
    assert "3 of the 5 keywords (60%)" in place_note(places)
    assert "淮北、濉溪县、杜集区" in place_note(places), place_note(places)
    assert "drop_places = True" in place_note(places, language="zh")
    topical = table(["数据要素", "公共数据", "三亚", "数据产权", "算力", "数字政府"])
    assert PLACE_NOTE_FROM > 1 / 6 and place_note(topical) == ""
    assert place_note(table([])) == ""


def test_a_year_jieba_splits_gives_no_keyword(segmenter):
    """jieba cuts 一九八〇年 into 一九八|〇|年: 〇 starts no phrase (〇年增长 was a keyword)."""
    text = "钢产量比一九八〇年增长百分之十。煤产量比一九八〇年增长百分之五。工农业总产值比一九八〇年增长。"
    terms = extract_keywords([text], top_n=10, segmenter=segmenter)["term"].tolist()
    assert terms and not [t for t in terms if t.startswith("〇")], terms


def test_a_causative_starts_no_keyword(segmenter):
    """让 and 使 say what a plan should bring about, not its topic: 让益阳 was a keyword."""
    text = (
        "让益阳更美丽。让益阳人民更幸福。使益阳产业更强。益阳推进洞庭湖生态保护，洞庭湖治理见效。"
    )
    terms = extract_keywords([text], top_n=10, segmenter=segmenter)["term"].tolist()
    assert terms and not [t for t in terms if t[0] in "让使"], terms


def test_a_modal_or_resultative_verb_neither_starts_nor_ends_a_keyword(segmenter):
    """宏观政策|要 gave 政策要 and 增加|到 gave 增加到 (keywords of national reports)."""
    text = (
        "宏观政策要稳健有效。宏观政策要精准发力。财政支出增加到三万亿元，财政支出增加到新高。"
        "要宏观政策协调。将财政支出用好。"
    )
    terms = extract_keywords([text], top_n=10, segmenter=segmenter)["term"].tolist()
    aux = "要到将会能应可需须得"
    assert "宏观政策" in terms and not [t for t in terms if t[0] in aux or t[-1] in aux], terms


def test_english_function_words_are_no_keywords():
    """A passage in English (a bilingual notice, a scraped page) gives its content words,
    not The, of and and; system, a noun of scikit-learn's stop list, stays a word."""
    texts = [
        "The State Council issued the new guideline on the data market and the digital economy.",
        "数字政府建设推进数据共享，The data of the platform and the system of records.",
    ]
    terms = {t.lower() for t in extract_keywords(texts, top_n=10)["term"]}
    assert not terms & {"the", "of", "and", "on"}
    assert {"data", "platform", "system"} <= terms
    # in capitals a word is an acronym: IT of IT行业 is no "it" (news titles' NMI moved 0.026)
    keep = Segmenter().filter.keep
    assert keep("IT", "eng") and keep("ONE", "eng") and not keep("The", "eng")
